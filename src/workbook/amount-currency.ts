/**
 * A currency read from the amounts themselves, for a Deals sheet with no Currency
 * column whose Amount cells carry one ("USD 12,000.00", "EUR 7,000.00", "€ 5 000"), as
 * a Salesforce report of a multi-currency org exports them. The core's number reader
 * drops the code, so without this those amounts would be added across currencies.
 * Only when the amounts show two currencies or more does a deal take its amount's
 * currency (one currency throughout changes no figure), and one warning says so.
 */
import { cellText, type Deal, type Problem } from '../core/index';

const CODE = /^([A-Z]{3})\s*[-+(\d.,]|[\d.,)]\s*([A-Z]{3})$/;
/** Symbols that name one currency only; "$" and "¥" name several, so they stay as typed. */
const SYMBOLS: Readonly<Record<string, string>> = { '€': 'EUR', '£': 'GBP', '₫': 'VND', '₽': 'RUB', '₹': 'INR', '$': '$', '¥': '¥' };

/** The currency an amount cell names ("USD 12,000.00" → USD, "€5" → EUR), or '' for none. */
export function currencyOfAmountText(value: unknown): string {
  if (typeof value !== 'string') return '';
  const text = cellText(value).trim();
  const code = CODE.exec(text.toUpperCase());
  if (code) return code[1] ?? code[2] ?? '';
  for (const [symbol, currency] of Object.entries(SYMBOLS)) if (text.includes(symbol)) return currency;
  return '';
}

/** Deals with a currency taken from their amount text, and the one warning; null when the amounts name fewer than two currencies. */
export function currenciesFromAmounts(
  deals: readonly Deal[],
  rows: readonly (readonly unknown[])[],
  amountColumn: number | undefined,
  sheet: string,
  amountHeader: string,
): { deals: Deal[]; problem: Problem } | null {
  if (amountColumn === undefined) return null;
  const counts = new Map<string, number>();
  const named = deals.map((deal) => {
    const currency = currencyOfAmountText(rows[deal.row - 1]?.[amountColumn]);
    if (currency && deal.amount !== null) counts.set(currency, (counts.get(currency) ?? 0) + 1);
    return currency;
  });
  if (counts.size < 2) return null;
  const list = [...counts].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n} deal${n === 1 ? '' : 's'}`).join(', ');
  return {
    deals: deals.map((deal, i) => (named[i] && !deal.currency ? { ...deal, currency: named[i] } : deal)),
    problem: {
      sheet,
      row: 1,
      column: amountHeader,
      code: 'currency-from-amount',
      message: `There is no Currency column, but the amounts name ${counts.size} currencies (${list}), so each deal takes the currency typed in its amount and amounts are never added across them. Add a Currency column to say it outright.`,
      severity: 'warning',
    },
  };
}
