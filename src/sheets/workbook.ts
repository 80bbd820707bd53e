/**
 * Reading the pipeline tables out of the open spreadsheet: one getValues per table,
 * dates converted to core time once, then the core readers. Sheet names and the
 * small A1 helpers the rest of the adapter shares live here too.
 */
import {
  DEALS_SHEET,
  DEFAULT_CONFIG,
  type DealsRead,
  escapeCellText,
  HISTORY_SHEET,
  type HistoryEntry,
  type PipelineConfig,
  type Problem,
  readDeals,
  readHistory,
  readStages,
  STAGES_SHEET,
  sheetReference,
} from '../core/index';
import { cellsToCore, sheetZone, type SheetZone } from './zone';

export type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
export type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export { DEALS_SHEET, HISTORY_SHEET, STAGES_SHEET };
export const DASHBOARD_SHEET = 'Dashboard';
export const ALERTS_SHEET = 'Alerts log';
export const ALERTS_HEADERS = ['Date', 'Owner', 'Deals', 'Status'] as const;

/** A sheet's used block and its last row with content (0 for an empty sheet). */
export interface UsedBlock {
  readonly values: unknown[][];
  /** The row an append goes after, known from the read so that no getLastRow is needed. */
  readonly lastRow: number;
}

/**
 * Reads the used block of a sheet in one call: getSheetValues with -1 reaches the last
 * row and column with content (as the reference documents), which saves the
 * getDataRange handle call. Where that throws (an empty sheet has no such block) the
 * two-call getDataRange().getValues() answers instead: one blank cell for an empty sheet.
 */
export function readUsedBlock(sheet: Sheet): UsedBlock {
  try {
    const values = sheet.getSheetValues(1, 1, -1, -1);
    return { values, lastRow: values.length };
  } catch {
    const values = sheet.getDataRange().getValues();
    return { values, lastRow: values.some((row) => row.some((cell) => cell !== '')) ? values.length : 0 };
  }
}

/** Row 1 of a sheet up to its last used column, in one call where it can (see readUsedBlock); [] for an empty sheet. */
export function headerValues(sheet: Sheet): unknown[] {
  try {
    return sheet.getSheetValues(1, 1, 1, -1)[0];
  } catch {
    const width = sheet.getLastColumn();
    return width > 0 ? sheet.getRange(1, 1, 1, width).getValues()[0] : [];
  }
}

/** A sheet with its used block, read once, so that later writes need not ask for the sheet or its last row. */
export interface SheetTable extends UsedBlock {
  readonly sheet: Sheet;
}

/** A sheet found by name, with its used block; null when the sheet does not exist. */
export function readSheetByName(ss: Spreadsheet, name: string): SheetTable | null {
  const sheet = ss.getSheetByName(name);
  return sheet ? { sheet, ...readUsedBlock(sheet) } : null;
}

/** All values of a sheet found by name, in one read; null when the sheet does not exist. */
export function readSheetValuesByName(ss: Spreadsheet, name: string): unknown[][] | null {
  return readSheetByName(ss, name)?.values ?? null;
}

/** The spreadsheet's timezone as a converter (Utilities.formatDate does the lookups). */
export function spreadsheetZone(ss: Spreadsheet): SheetZone {
  return sheetZone(ss.getSpreadsheetTimeZone(), (d, tz, p) => Utilities.formatDate(d, tz, p));
}

/**
 * The Stages sheet read into a configuration; the defaults when the sheet is missing,
 * with `missing` set, so that a caller that must not guess (a digest, a snapshot, an
 * edit check) can stop and say so.
 */
export function loadConfig(ss: Spreadsheet): { config: PipelineConfig; problems: Problem[]; missing: boolean } {
  const values = readSheetValuesByName(ss, STAGES_SHEET);
  return values ? { ...readStages(values), missing: false } : { config: DEFAULT_CONFIG, problems: [], missing: true };
}

/**
 * Rows as setValues must be handed them to store what they hold: Sheets reads a
 * written string as a typed entry, so a deal ID "000417" would become the number 417
 * and an owner "=HYPERLINK(…)" a live formula. Each string that would be read as
 * something else goes in behind core escapeCellText's apostrophe (which Sheets keeps
 * out of the value read back); numbers, Dates and booleans pass unchanged. The tool
 * sets no plain-text ("@") format on the columns it writes: in such a cell the
 * apostrophe would stay (docs/SHEETS.md, "Text stays as typed").
 */
export function escapeCellTexts(rows: readonly (readonly unknown[])[]): unknown[][] {
  return rows.map((row) => row.map(escapeCellText));
}

/**
 * True when Sheets refused a write because the range or sheet is protected against
 * the account the script runs as. Sheets says so only in the message.
 */
export function isProtectedError(error: unknown): boolean {
  return /protected cell or object/i.test(error instanceof Error ? error.message : String(error));
}

/**
 * The block to write at (row, column), growing the sheet first when it is too short:
 * getRange refuses rows past the sheet's last one (a new sheet has 1,000), so a big
 * append would throw. Asking getMaxRows before every append would cost a call each
 * time; the refusal is caught instead, which costs nothing until the sheet is full.
 */
export function rangeToWrite(
  sheet: Sheet,
  row: number,
  column: number,
  numRows: number,
  numColumns: number,
): GoogleAppsScript.Spreadsheet.Range {
  try {
    return sheet.getRange(row, column, numRows, numColumns);
  } catch (error) {
    if (!/outside the dimensions/i.test(error instanceof Error ? error.message : String(error))) throw error;
    const max = sheet.getMaxRows();
    const last = row + numRows - 1;
    if (last <= max) throw error;
    sheet.insertRowsAfter(max, last - max);
    return sheet.getRange(row, column, numRows, numColumns);
  }
}

/** "History" or "'Deals'!O2": where a refused write was aimed, for a message. */
export function rangeName(sheetName: string, a1?: string): string {
  return a1 ? `${sheetReference(sheetName)}!${a1}` : `The ${sheetName} sheet`;
}

export interface LoadedDeals extends DealsRead {
  readonly sheet: Sheet | null;
}

export function loadDeals(ss: Spreadsheet, config: PipelineConfig, zone: SheetZone): LoadedDeals {
  const sheet = ss.getSheetByName(DEALS_SHEET);
  const values = sheet ? cellsToCore(readUsedBlock(sheet).values, zone) : [];
  return { ...readDeals(values, config), sheet };
}

export function loadHistory(
  ss: Spreadsheet,
  config: PipelineConfig,
  zone: SheetZone,
): { entries: HistoryEntry[]; problems: Problem[]; missing: boolean } {
  const values = readSheetValuesByName(ss, HISTORY_SHEET);
  return values ? { ...readHistory(cellsToCore(values, zone), config), missing: false } : { entries: [], problems: [], missing: true };
}
