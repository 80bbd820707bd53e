/**
 * Amounts in more than one currency. Deals carry a Currency; adding 100 EUR to
 * 100,000 VND gives a number that means nothing, so amounts are either kept apart by
 * currency (splitByCurrency) or converted into one base currency with a table of
 * rates (readRates, convertDeals), never summed as they are.
 *
 * A Rates table has a Currency column and a rate column: how many units of the base
 * currency one unit of that currency is worth ("Rate to USD": EUR 1.08, VND 0.00004).
 * The base currency is named in the rate header ("Rate to USD", "Курс к USD", "Tỷ giá
 * sang USD") or is the one currency whose rate is 1. An optional date column (From,
 * Date, Ngày, Дата) gives the day each rate takes effect: a deal is converted at the
 * rate in force on its close date (Closed on for a won or lost deal, else Expected
 * close), that is the latest rate dated on or before it; an undated rate holds on every
 * day no dated rate covers.
 */
import { cellText, isBlank, parseNumber, shorten } from './cells';
import { parseDate, type DateOrder } from './dates';
import { headerKey } from './headers';
import type { Deal, Problem } from './types';

export const RATES_SHEET = 'Rates';
/** Sheet names a Rates table goes by, folded by headerKey. */
const RATES_SHEET_NAMES = ['Rates', 'Exchange rates', 'Currency rates', 'FX rates', 'Tỷ giá', 'Tỷ giá hối đoái', 'Курсы', 'Курсы валют'];
/** The group of deals with a blank Currency when the file has other currencies. */
export const NO_CURRENCY = '(no currency)';

/** One rate: 1 `currency` = `rate` units of the base currency, from `from` on (null when undated: every day). */
export interface CurrencyRate {
  readonly currency: string;
  readonly rate: number;
  readonly from: Date | null;
  readonly row: number;
}

export interface Rates {
  /** The base currency, upper-cased (USD). */
  readonly base: string;
  readonly rates: readonly CurrencyRate[];
}

/** Whether a sheet name is a Rates table's. */
export function isRatesSheet(name: string): boolean {
  const key = headerKey(name);
  return RATES_SHEET_NAMES.some((n) => headerKey(n) === key);
}

const CURRENCY_HEADERS = ['Currency', 'Currency code', 'Code', 'Tiền tệ', 'Mã tiền tệ', 'Валюта', 'Код валюты'];
const RATE_HEADERS = ['Rate to base', 'Rate', 'Exchange rate', 'Tỷ giá', 'Курс'];
const DATE_HEADERS = ['From', 'Date', 'Valid from', 'Effective', 'Effective from', 'Ngày', 'Từ ngày', 'Дата', 'С даты'];
/** "Rate to USD", "Курс к USD", "Tỷ giá sang USD": the header names the base currency. */
const RATE_TO = /^(?:rate to|exchange rate to|курс к|курс в|tỷ giá sang|tỷ giá quy ra)\s+([a-z]{3})$/;

/** Reads a Rates table. Problems name the row and column; a bad row is left out, never guessed. */
export function readRates(
  values: readonly (readonly unknown[])[],
  options: { sheet?: string; dateOrder?: DateOrder; firstRow?: number } = {},
): { rates: Rates | null; problems: Problem[] } {
  const sheet = options.sheet ?? RATES_SHEET;
  const firstRow = options.firstRow ?? 1;
  const problems: Problem[] = [];
  const add = (row: number, column: string, code: string, message: string) =>
    problems.push({ sheet, row, column, code, message, severity: 'error' });
  const headerIndex = values.findIndex((row) => row?.some((cell) => !isBlank(cell)));
  if (headerIndex < 0) {
    add(
      firstRow,
      '',
      'rates-empty',
      `The ${sheet} table is empty; give it a header row (Currency, Rate to USD, and optionally From) and one row per currency.`,
    );
    return { rates: null, problems };
  }
  const header = values[headerIndex].map((cell) => cellText(cell));
  const keys = header.map(headerKey);
  const currencyKeys = CURRENCY_HEADERS.map(headerKey);
  const dateKeys = DATE_HEADERS.map(headerKey);
  const currencyAt = keys.findIndex((k) => currencyKeys.includes(k));
  const rateAt = keys.findIndex((k) => RATE_TO.test(k) || RATE_HEADERS.some((h) => headerKey(h) === k));
  const dateAt = keys.findIndex((k) => dateKeys.includes(k));
  const headerRow = headerIndex + firstRow;
  if (currencyAt < 0 || rateAt < 0) {
    add(
      headerRow,
      currencyAt < 0 ? 'Currency' : 'Rate to base',
      'rates-column-missing',
      `The ${sheet} table needs a "Currency" and a "Rate to USD" (your base currency) column in its header row; found: ${
        header
          .filter(Boolean)
          .map((h) => `"${shorten(h)}"`)
          .join(', ') || 'nothing'
      }.`,
    );
    return { rates: null, problems };
  }
  const named = RATE_TO.exec(keys[rateAt])?.[1]?.toUpperCase() ?? '';
  const rates: CurrencyRate[] = [];
  for (let r = headerIndex + 1; r < values.length; r++) {
    const row = values[r] ?? [];
    if (row.every(isBlank)) continue;
    const sheetRow = r + firstRow;
    const currency = cellText(row[currencyAt]).trim().toUpperCase();
    const rate = parseNumber(row[rateAt]);
    if (!currency) {
      add(
        sheetRow,
        header[currencyAt],
        'rate-currency-missing',
        'This rate names no currency; type a code such as EUR. The row is left out.',
      );
      continue;
    }
    if (!rate.ok || rate.value === null || !(rate.value > 0)) {
      add(
        sheetRow,
        header[rateAt],
        'rate-invalid',
        `The rate for ${shorten(currency)} must be a number above 0 ` +
          `(how many ${named || 'base-currency'} units one ${shorten(currency)} is worth); the row is left out.`,
      );
      continue;
    }
    let from: Date | null = null;
    if (dateAt >= 0 && !isBlank(row[dateAt])) {
      const parsed = parseDate(row[dateAt], options.dateOrder);
      if (!parsed.ok || !parsed.date) {
        add(
          sheetRow,
          header[dateAt],
          'rate-date',
          `${parsed.ok ? 'No date' : parsed.reason}; type the day the rate takes effect as 2026-11-23. The row is left out.`,
        );
        continue;
      }
      from = parsed.date;
    }
    rates.push({ currency, rate: rate.value, from, row: sheetRow });
  }
  let base = named;
  if (!base) {
    const ones = [...new Set(rates.map((r) => r.currency))].filter((c) => rates.filter((r) => r.currency === c).every((r) => r.rate === 1));
    if (ones.length === 1) base = ones[0];
    else {
      const several = ones.length > 1 ? ` Several have rate 1: ${ones.join(', ')}.` : '';
      add(
        headerRow,
        header[rateAt],
        'rates-base-unknown',
        `Which currency are the rates into? Name it in the header, such as "Rate to USD", or add a row for it with rate 1.${several}`,
      );
      return { rates: null, problems };
    }
  }
  rates.sort((a, b) =>
    a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : (a.from?.getTime() ?? -Infinity) - (b.from?.getTime() ?? -Infinity),
  );
  return { rates: { base, rates }, problems };
}

/** The rate of `currency` in force on `on` (null: the latest); 1 for the base; null when the table has none. */
export function rateOn(rates: Rates, currency: string, on: Date | null): { rate: number; beforeFirst: boolean } | null {
  if (currency === rates.base) return { rate: 1, beforeFirst: false };
  const rows = rates.rates.filter((r) => r.currency === currency);
  if (rows.length === 0) return null;
  const undated = rows.filter((r) => r.from === null);
  const dated = rows.filter((r) => r.from !== null);
  if (dated.length === 0) return { rate: undated[undated.length - 1].rate, beforeFirst: false };
  if (on === null) return { rate: dated[dated.length - 1].rate, beforeFirst: false };
  let found: CurrencyRate | undefined;
  for (const r of dated) if (r.from!.getTime() <= on.getTime()) found = r;
  if (found) return { rate: found.rate, beforeFirst: false };
  // Before the first dated rate: an undated one holds, else the earliest known, said so.
  if (undated.length > 0) return { rate: undated[undated.length - 1].rate, beforeFirst: false };
  return { rate: dated[0].rate, beforeFirst: true };
}

/** What converting did, for the report's first lines. */
export interface Conversion {
  readonly base: string;
  /** Deals whose amount was converted from another currency. */
  readonly converted: number;
  /** Deals with an amount whose currency has no rate: their amount is left out (null). */
  readonly noRate: readonly { readonly currency: string; readonly deals: number }[];
  /** Deals with a blank Currency, taken to be in the base currency. */
  readonly blankTakenAsBase: number;
  /** Deals closing before their currency's first dated rate, converted at that first rate. */
  readonly beforeFirstRate: number;
}

/** The day whose rate converts a deal: Closed on, else Expected close, else null (the latest rate). */
function rateDay(deal: Deal): Date | null {
  return deal.closedOn ?? deal.expectedClose ?? null;
}

/** Deals with every amount in the base currency (Currency set to it), and what was done. */
export function convertDeals(deals: readonly Deal[], rates: Rates): { deals: Deal[]; conversion: Conversion } {
  const noRate = new Map<string, number>();
  let converted = 0;
  let blank = 0;
  let beforeFirst = 0;
  const out = deals.map((deal) => {
    const currency = deal.currency.trim().toUpperCase();
    if (!currency) {
      if (deal.amount !== null) blank++;
      return { ...deal, currency: rates.base };
    }
    if (currency === rates.base || deal.amount === null) return currency === rates.base ? deal : { ...deal, currency: rates.base };
    const found = rateOn(rates, currency, rateDay(deal));
    if (!found) {
      noRate.set(currency, (noRate.get(currency) ?? 0) + 1);
      return { ...deal, amount: null, currency: rates.base };
    }
    converted++;
    if (found.beforeFirst) beforeFirst++;
    return { ...deal, amount: deal.amount * found.rate, currency: rates.base };
  });
  return {
    deals: out,
    conversion: {
      base: rates.base,
      converted,
      noRate: [...noRate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, count]) => ({ currency, deals: count })),
      blankTakenAsBase: blank,
      beforeFirstRate: beforeFirst,
    },
  };
}

/** The currencies the deals use, upper-cased, in code order; NO_CURRENCY last for blanks (only when others exist). */
export function dealCurrencies(deals: readonly Deal[]): string[] {
  const seen = new Set<string>();
  let blank = false;
  for (const deal of deals) {
    const currency = deal.currency.trim().toUpperCase();
    if (currency) seen.add(currency);
    else blank = true;
  }
  const list = [...seen].sort();
  if (blank && list.length > 0) list.push(NO_CURRENCY);
  return list;
}

/** The deals in each currency (NO_CURRENCY for blanks), in dealCurrencies' order. */
export function splitByCurrency(deals: readonly Deal[]): { currency: string; deals: Deal[] }[] {
  const groups = new Map<string, Deal[]>(dealCurrencies(deals).map((c) => [c, []]));
  for (const deal of deals) {
    const key = deal.currency.trim().toUpperCase() || NO_CURRENCY;
    groups.get(key)?.push(deal);
  }
  return [...groups].map(([currency, list]) => ({ currency, deals: list }));
}

/** "in USD" for a heading; '' when the currency is unknown (a file without a Currency column). */
export function inCurrency(currency: string): string {
  return currency ? `in ${currency}` : '';
}

/** The deals' amounts added in the base currency; null when a currency among them has no rate (for digest totals). */
export function baseTotal(rates: Rates): (deals: readonly Deal[]) => { amount: number; currency: string } | null {
  return (deals) => {
    const { deals: converted, conversion } = convertDeals(deals, rates);
    if (conversion.noRate.length > 0) return null;
    return { amount: converted.reduce((sum, d) => sum + (d.amount ?? 0), 0), currency: rates.base };
  };
}
