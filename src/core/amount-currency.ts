/**
 * A currency read from the amounts themselves ("USD 12,000.00", "EUR 7,000.00",
 * "€ 5 000"), as a Salesforce report of a multi-currency org exports them with no
 * Currency column. parseNumber reads the number and drops the code, so without this
 * those amounts would be added across currencies. readDeals applies the rule, so the
 * command line, Sheets and Excel read the same deals:
 * - no Currency column: only when the amounts name two currencies or more does a deal
 *   take its amount's currency (one currency throughout changes no figure), and one
 *   warning says so;
 * - a Currency column: a filled cell wins; when the amount names another currency, a
 *   warning by row and column says which one counted. A blank cell stays blank (the
 *   report's rule for deals with no currency applies), as before.
 */
import { cellText } from './cells';
import type { Deal, Problem } from './types';

const CODE = /^([A-Z]{3})\s*[-+(\d.,]|[\d.,)]\s*([A-Z]{3})$/;
/** Symbols that name one currency only; "$" and "¥" name several, so they stay as typed. */
const SYMBOLS: readonly (readonly [string, string])[] = Object.entries({
  '€': 'EUR',
  '£': 'GBP',
  '₫': 'VND',
  '₽': 'RUB',
  '₹': 'INR',
  $: '$',
  '¥': '¥',
});

/** The currency an amount cell names ("USD 12,000.00" → USD, "€5" → EUR), or '' for none. */
export function currencyOfAmountText(value: unknown): string {
  if (typeof value !== 'string') return '';
  const text = cellText(value).trim();
  const code = CODE.exec(text.toUpperCase());
  if (code) return code[1] ?? code[2] ?? '';
  for (const [symbol, currency] of SYMBOLS) if (text.includes(symbol)) return currency;
  return '';
}

/** Where readDeals found the amount and the currency, for currenciesFromAmounts. */
export interface AmountCurrencyColumns {
  readonly sheet: string;
  /** The sheet row of values[0], and of the header. */
  readonly firstRow: number;
  readonly headerRow: number;
  readonly amountColumn: number | undefined;
  readonly amountHeader: string;
  readonly currencyColumn: number | undefined;
  readonly currencyHeader: string;
}

/** The deals with the rule in the file comment applied, and what it says. */
export function currenciesFromAmounts(
  deals: Deal[],
  rows: readonly (readonly unknown[])[],
  at: AmountCurrencyColumns,
): { deals: Deal[]; problems: Problem[] } {
  if (at.amountColumn === undefined) return { deals, problems: [] };
  const amountCell = (deal: Deal) => rows[deal.row - at.firstRow]?.[at.amountColumn!];
  if (at.currencyColumn !== undefined) return currencyColumnWins(deals, amountCell, at);
  const counts = new Map<string, number>();
  const named = deals.map((deal) => {
    const currency = currencyOfAmountText(amountCell(deal));
    if (currency && deal.amount !== null) counts.set(currency, (counts.get(currency) ?? 0) + 1);
    return currency;
  });
  if (counts.size < 2) return { deals, problems: [] };
  const list = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n} deal${n === 1 ? '' : 's'}`)
    .join(', ');
  const howCounted =
    'so each deal takes the currency typed in its amount and amounts are never added across them. ' +
    'Add a Currency column to say it outright.';
  return {
    deals: deals.map((deal, i) => (named[i] && !deal.currency ? { ...deal, currency: named[i] } : deal)),
    problems: [
      {
        sheet: at.sheet,
        row: at.headerRow,
        column: at.amountHeader,
        code: 'currency-from-amount',
        message: `There is no Currency column, but the amounts name ${counts.size} currencies (${list}), ${howCounted}`,
        severity: 'warning',
      },
    ],
  };
}

/** A filled Currency cell wins; an amount naming another currency (by code or a one-currency symbol) is flagged on its row. */
function currencyColumnWins(
  deals: Deal[],
  amountCell: (deal: Deal) => unknown,
  at: AmountCurrencyColumns,
): { deals: Deal[]; problems: Problem[] } {
  const problems: Problem[] = [];
  for (const deal of deals) {
    const named = currencyOfAmountText(amountCell(deal));
    // "$" and "¥" name several currencies, so they cannot contradict a Currency cell.
    if (!deal.currency || named.length !== 3 || named === deal.currency) continue;
    problems.push({
      sheet: at.sheet,
      row: deal.row,
      column: at.amountHeader,
      code: 'currency-amount-mismatch',
      message:
        `The amount "${cellText(amountCell(deal)).trim()}" names ${named}, but the ${at.currencyHeader} cell says ${deal.currency}; ` +
        `the ${at.currencyHeader} cell wins, so this deal counts in ${deal.currency}. Correct whichever is wrong.`,
      severity: 'warning',
    });
  }
  return { deals, problems };
}
