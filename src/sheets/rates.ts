/**
 * The Rates sheet for the digest: when the manager summary would add up stale amounts
 * in more than one currency, the spreadsheet's Rates sheet (any name the core's
 * isRatesSheet accepts: Rates, Tỷ giá, Курсы, …) is read once and handed to the
 * renderer as the core's baseTotal, so each owner's line also gives the sum in the
 * base currency. The sheet is looked for only then: a workbook in one currency, or a
 * run without a manager summary, makes no call for it. A Rates sheet with any problem
 * is not used at all (a left-out row could shift a dated rate and give a wrong sum):
 * the totals stay per currency and the problems are returned for the run to report.
 */
import { baseTotal, convertDeals, isRatesSheet, readRates } from '../core/currency';
import type { DateOrder } from '../core/dates';
import type { Digest, RenderOptions } from '../core/digest';
import type { Problem } from '../core/types';
import { readUsedBlock, type Sheet, type Spreadsheet } from './workbook';
import { cellsToCore, type SheetZone } from './zone';

export interface DigestRates {
  /** The renderer's base-currency total; absent when the totals stay per currency. */
  readonly baseTotal?: RenderOptions['baseTotal'];
  /** What kept the totals per currency, in plain words; '' when nothing did. */
  readonly warning: string;
}

/** Whether some owner's stale amounts are in more than one currency (the renderer's condition for a base total). */
export function needsRates(all: readonly Digest[]): boolean {
  return all.some((digest) => new Set(digest.deals.filter((s) => s.deal.amount !== null).map((s) => s.deal.currency)).size > 1);
}

/** "row 3, "Rate to USD": …" for the first three problems, then how many more. */
function describe(sheet: string, problems: readonly Problem[]): string {
  const shown = problems.slice(0, 3).map((p) => `row ${p.row}${p.column ? `, "${p.column}"` : ''}: ${p.message}`);
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return `The ${sheet} sheet has problems, so the manager summary gives totals per currency only: ${shown.join(' ')}${more}`;
}

/**
 * The Rates sheet read for the manager summary of `all`: one getSheets, a getName per
 * sheet up to the Rates sheet, and one read of its used block. Nothing is read when no
 * owner has stale amounts in two currencies. `dateOrder` is the Stages sheet's Date order.
 */
export function digestRates(ss: Spreadsheet, zone: SheetZone, all: readonly Digest[], dateOrder?: DateOrder): DigestRates {
  if (!needsRates(all)) return { warning: '' };
  // No call lists the sheet names at once; getSheetByName would take one call per name the rule accepts.
  let found: { sheet: Sheet; name: string } | undefined;
  for (const sheet of ss.getSheets()) {
    const name = sheet.getName();
    if (isRatesSheet(name)) {
      found = { sheet, name };
      break;
    }
  }
  if (!found) return { warning: '' };
  const { sheet, name } = found;
  // From dates typed as text are read in the Stages sheet's Date order, as Deals' are (09/01/2026 is 1 September under mdy).
  const read = readRates(cellsToCore(readUsedBlock(sheet).values, zone), { sheet: name, dateOrder });
  if (!read.rates || read.problems.length > 0) return { warning: describe(name, read.problems) };
  const rates = read.rates;
  // A currency with no rate keeps the totals of the owners who have it per currency (baseTotal gives null); say which.
  const { conversion } = convertDeals(
    all.flatMap((d) => d.deals.map((s) => s.deal)),
    rates,
  );
  const missing = conversion.noRate.map((n) => n.currency);
  const warning = missing.length
    ? `The ${name} sheet has no rate for ${missing.join(', ')}, so totals that include ${missing.length > 1 ? 'them' : 'it'} stay per currency in the manager summary.`
    : '';
  return { baseTotal: baseTotal(rates), warning };
}
