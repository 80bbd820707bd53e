/**
 * The Sheets test workbook (test/sheets/world.ts) with its Deals replaced by the
 * hostile corpus. A formula-like cell is stored as text, as a cell typed with a
 * leading apostrophe or imported as text is: the Apps Script fake would otherwise
 * take "=ID0" for a formula.
 */
import { sheetDate, type FakeSheet } from '../fakes/gas';
import { pipelineWorld, TZ } from '../sheets/world';
import { HOSTILE_DEAL_HEADERS, hostileDealRows } from './hostile';

/** Loads rows into a fake sheet, every string kept as stored text. */
export function loadAsText(sheet: FakeSheet, rows: readonly (readonly unknown[])[]): void {
  sheet.load(rows as never);
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      const key = `${r + 1},${c + 1}`;
      if (typeof value === 'string' && sheet.formulas.delete(key)) sheet.cells.set(key, value);
    });
  });
}

/** The hostile workbook (deals stale since 2025-01-01) plus any extra Deals rows; returns the rows loaded. */
export function hostileSheetsWorld(extra: readonly (readonly unknown[])[] = []) {
  const loaded = pipelineWorld();
  const rows: unknown[][] = [[...HOSTILE_DEAL_HEADERS], ...hostileDealRows(sheetDate(2025, 1, 1, TZ)), ...extra.map((row) => [...row])];
  loadAsText(loaded.world.spreadsheet.sheet('Deals'), rows);
  return { ...loaded, rows };
}
