/**
 * The Rates sheet for the digest: when the manager summary would add up stale amounts
 * in more than one currency, the spreadsheet's Rates sheet (any name the core's
 * isRatesSheet accepts: Rates, Tỷ giá, Курсы, …) is read once and handed to the
 * workflow (ratesForSummary), which gives the renderer a base-currency total or says
 * why the totals stay per currency. The sheet is looked for only then: a workbook in
 * one currency, or a run without a manager summary, makes no call for it.
 */
import { isRatesSheet, type DateOrder, type Digest } from '../core/index';
import { needsRates, ratesForSummary, type DigestRates } from '../workflows/digests';
import { readUsedBlock, type Sheet, type Spreadsheet } from './workbook';
import { cellsToCore, type SheetZone } from './zone';

export { needsRates, type DigestRates };

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
  // From dates typed as text are read in the Stages sheet's Date order, as Deals' are (09/01/2026 is 1 September under mdy).
  return ratesForSummary(all, found.name, cellsToCore(readUsedBlock(found.sheet).values, zone), dateOrder);
}
