/**
 * The Excel side of the workbook: reads the Stages, Deals and stage log sheets in one
 * batch, and writes stage moves back (the Stage cell, the fields a dialog filled,
 * "Stage changed" and the log rows) in as few syncs as Office.js allows. Every
 * write here happens with events off, so the add-in's own edits never reach the
 * onChanged validation, and each written Deals block is remembered in `ownWrites`
 * in case an event slips through anyway (another instance of the add-in, an older
 * Excel that ignores enableEvents).
 *
 * The log of stage moves is the "Stage history" sheet here (EXCEL_HISTORY_SHEET): Excel
 * reserves the name "History" and refuses to create a sheet with it. A workbook that
 * already carries a "History" sheet (made in Google Sheets or LibreOffice, which allow
 * the name) is read and appended to as it is; "Stage history" wins when both exist.
 *
 * Dates: Excel keeps dates as serial numbers with no timezone. A date-only cell is
 * read as UTC midnight of that day (the core's convention); a timestamp the add-in
 * writes is the local wall-clock time of the computer that made the edit, stored as
 * the same serial the user would type, so the sheet shows the time the user saw.
 */
import {
  columnLetter,
  DEAL_HEADERS,
  DEFAULT_CONFIG,
  EXCEL_HISTORY_SHEET,
  HISTORY_HEADERS,
  HISTORY_SHEET,
  DEALS_SHEET,
  STAGES_SHEET,
  historyRow,
  escapeCellText,
  readDeals,
  readHistory,
  readStages,
  toSerial,
  type Deal,
  type DealField,
  type Language,
  type DealsRead,
  type HistoryEntry,
  type PipelineConfig,
  type Problem,
} from '../../src/core/index';
import { languageOfLocale } from '../../src/workflows/catalogue/index';
import type { PlatformProfile } from '../../src/workflows/platform';

/** A sheet's used range: its values and where they start (0-based, as Office.js counts). */
export interface SheetBlock {
  readonly values: unknown[][];
  readonly rowIndex: number;
  readonly columnIndex: number;
}

/** The three tables, read in one go, and what the core made of them. */
export interface PipelineBook {
  readonly config: PipelineConfig;
  readonly dealsRead: DealsRead;
  readonly history: HistoryEntry[];
  readonly problems: Problem[];
  readonly deals: SheetBlock | null;
  readonly historyBlock: SheetBlock | null;
  /** The sheet that holds the log (see HISTORY_SHEET_NAMES), or the one to create when there is none. */
  readonly historySheet: string;
  /** The Stages sheet's values, or null when there is none. */
  readonly stagesValues: unknown[][] | null;
  /** False when the workbook has no Deals sheet yet ("Set up workbook" makes one). */
  readonly hasDeals: boolean;
  /**
   * True when the workbook has no Stages sheet. `config` then holds the default stages,
   * which are not the team's: nothing may be judged or written with them (see
   * STAGES_MISSING).
   */
  readonly stagesMissing: boolean;
}

const STAGES_MISSING_REMEDY = 'Rename it back, or press Pipeline → Set up workbook to create it.';

/**
 * Why the add-in judges nothing without a Stages sheet, in the Google Sheets add-on's
 * words (src/sheets/labels.ts, sheetsMissing): the default stages would revert moves
 * made by the team's own rules.
 */
export const STAGES_MISSING = `The "${STAGES_SHEET}" sheet is missing (deleted or renamed). ${STAGES_MISSING_REMEDY}`;

const EMPTY: SheetBlock = { values: [], rowIndex: 0, columnIndex: 0 };

/**
 * The names the log of stage moves is looked for under, in order of preference. The
 * add-in creates only the first: Excel refuses a sheet named "History".
 */
export const HISTORY_SHEET_NAMES: readonly string[] = [EXCEL_HISTORY_SHEET, HISTORY_SHEET];

/**
 * Reads Stages, Deals and the stage log: one sync to learn which sheets exist, one
 * sync for the used ranges of those that do. A missing Stages sheet gives the
 * default stages and `stagesMissing`, which every caller that judges or writes a
 * move must refuse on.
 *
 * Excel on the web refuses a response over 5 MB (ResponsePayloadSizeLimitExceeded;
 * https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins),
 * which a workbook of some 8,000 deals with their log reaches. Then the tables are
 * read again in blocks of rows (readInBlocks), so a large workbook costs more syncs
 * and an ordinary one costs none more.
 */
export async function readPipeline(context: Excel.RequestContext): Promise<PipelineBook> {
  const [stagesSheet, dealsSheet, ...historySheets] = [STAGES_SHEET, DEALS_SHEET, ...HISTORY_SHEET_NAMES].map((name) =>
    context.workbook.worksheets.getItemOrNullObject(name),
  );
  for (const sheet of [stagesSheet, dealsSheet, ...historySheets]) sheet.load('isNullObject');
  await context.sync();
  const historyIndex = historySheets.findIndex((sheet) => !sheet.isNullObject);
  const historySheet = HISTORY_SHEET_NAMES[Math.max(historyIndex, 0)];
  const sheets = [stagesSheet, dealsSheet, historyIndex < 0 ? null : historySheets[historyIndex]];
  const present = sheets.map((sheet) => (!sheet || sheet.isNullObject ? null : sheet));
  const ranges = present.map((sheet) => {
    if (!sheet) return null;
    const range = sheet.getUsedRange(true);
    range.load('values, rowIndex, columnIndex');
    return range;
  });
  let blocks: (SheetBlock | null)[];
  try {
    if (ranges.some((range) => range !== null)) await context.sync();
    blocks = ranges.map((range): SheetBlock | null =>
      range ? { values: range.values as unknown[][], rowIndex: range.rowIndex, columnIndex: range.columnIndex } : null,
    );
  } catch (error) {
    if (!isResponseTooLarge(error)) throw error;
    blocks = await readInBlocks(context, present);
  }
  const [stagesBlock, dealsBlock, historyBlock] = blocks;
  const stagesRead = stagesBlock
    ? readStages(stagesBlock.values, STAGES_SHEET, { firstRow: stagesBlock.rowIndex + 1 })
    : { config: DEFAULT_CONFIG, problems: [] };
  const config = stagesRead.config;
  const dealsRead = readDeals((dealsBlock ?? EMPTY).values, config, { firstRow: (dealsBlock?.rowIndex ?? 0) + 1 });
  const historyRead = readHistory((historyBlock ?? EMPTY).values, config, {
    sheet: historySheet,
    firstRow: (historyBlock?.rowIndex ?? 0) + 1,
  });
  return {
    config,
    dealsRead,
    history: historyRead.entries,
    problems: [...stagesRead.problems, ...dealsRead.problems, ...historyRead.problems],
    deals: dealsBlock,
    historyBlock,
    historySheet,
    stagesValues: stagesBlock ? stagesBlock.values : null,
    hasDeals: dealsBlock !== null,
    stagesMissing: stagesBlock === null,
  };
}

function isResponseTooLarge(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ResponsePayloadSizeLimitExceeded';
}

/**
 * The used ranges of `sheets` read piece by piece: one sync for their size, then each
 * sheet's rows, halved until a piece comes back under Excel on the web's limit.
 */
async function readInBlocks(context: Excel.RequestContext, sheets: readonly (Excel.Worksheet | null)[]): Promise<(SheetBlock | null)[]> {
  const used = sheets.map((sheet) => {
    if (!sheet) return null;
    const range = sheet.getUsedRange(true);
    range.load('rowIndex, columnIndex, rowCount, columnCount');
    return range;
  });
  await context.sync();
  const blocks: (SheetBlock | null)[] = [];
  for (const [i, range] of used.entries()) {
    const sheet = sheets[i];
    if (!range || !sheet) {
      blocks.push(null);
      continue;
    }
    const rows = async (first: number, count: number): Promise<unknown[][]> => {
      const piece = sheet.getRangeByIndexes(first, range.columnIndex, count, range.columnCount);
      piece.load('values');
      try {
        await context.sync();
        return piece.values as unknown[][];
      } catch (error) {
        if (!isResponseTooLarge(error) || count === 1) throw error;
        const half = Math.ceil(count / 2);
        return [...(await rows(first, half)), ...(await rows(first + half, count - half))];
      }
    };
    blocks.push({ values: await rows(range.rowIndex, range.rowCount), rowIndex: range.rowIndex, columnIndex: range.columnIndex });
  }
  return blocks;
}

/** A 0-based rectangle of cells. */
export interface CellBlock {
  readonly row: number;
  readonly column: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

/** Parses "E5", "E5:G9" or "Deals!E5:E9" into a 0-based block; null for whole rows or columns. */
export function parseAddress(address: string): CellBlock | null {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const match = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(local.trim());
  if (!match) return null;
  const column = (letters: string) => [...letters.toUpperCase()].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  const c1 = column(match[1]);
  const r1 = Number(match[2]) - 1;
  const c2 = match[3] ? column(match[3]) : c1;
  const r2 = match[4] ? Number(match[4]) - 1 : r1;
  return { row: Math.min(r1, r2), column: Math.min(c1, c2), rowCount: Math.abs(r2 - r1) + 1, columnCount: Math.abs(c2 - c1) + 1 };
}

/** A1 address of a 0-based cell. */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column + 1)}${row + 1}`;
}

/** A1 address of a 0-based block. */
export function blockAddress(block: CellBlock): string {
  const first = cellAddress(block.row, block.column);
  if (block.rowCount === 1 && block.columnCount === 1) return first;
  return `${first}:${cellAddress(block.row + block.rowCount - 1, block.column + block.columnCount - 1)}`;
}

/** A timestamp as Excel shows it: the local wall-clock time as a serial number. */
export function wallClockSerial(now: Date): number {
  return toSerial(new Date(now.getTime() - now.getTimezoneOffset() * 60_000));
}

/** The instant the core stores for a wall-clock serial (see the file comment). */
export function wallClockInstant(now: Date): Date {
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
}

/** A core value as Excel takes it: Dates become serial numbers, null becomes ''. */
export function toExcelValue(value: unknown): string | number | boolean {
  // An Invalid Date or a non-finite number would reach Excel as NaN, which Office.js refuses: write a blank.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : toSerial(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Deals blocks the add-in wrote itself, by address, with the values written, for a
 * few seconds. An onChanged event for such a block whose cells still hold exactly
 * those values is the echo of our own write and is not validated again; a user who
 * types into the same cell right after gets a different value there and is checked.
 *
 * This memory stays in the module, on purpose: the write (writeMoves, inside some
 * Excel.run) and its echo (an onChanged event Excel delivers later, with only the
 * event's arguments) share nothing but the shared runtime, which is one JavaScript
 * context for one workbook. Tests clear `recent` between cases.
 */
export const ownWrites = {
  recent: new Map<string, { at: number; values: readonly (readonly unknown[])[] }>(),
  remember(address: string, values: readonly (readonly unknown[])[], now = Date.now()): void {
    this.recent.set(address.toUpperCase(), { at: now, values });
  },
  /** True when `address` is one of our writes from the last 5 seconds and `valueAt` still shows what we wrote. */
  isEcho(address: string, valueAt: (row: number, column: number) => unknown, now = Date.now()): boolean {
    const key = address.replace(/^.*!/, '').toUpperCase();
    const entry = this.recent.get(key);
    const block = parseAddress(key);
    if (!entry || !block || now - entry.at >= 5_000) return false;
    const same = entry.values.every((line, r) =>
      line.every((value, c) => value === null || valueAt(block.row + r, block.column + c) === value),
    );
    if (same) this.recent.delete(key);
    return same;
  },
};

/**
 * What differs in Excel for the workflows: the stage log read (see HISTORY_SHEET_NAMES),
 * no identity (Office.js gives none), and the words in Office's display language, the
 * documented way to follow the Office application's locale
 * (https://learn.microsoft.com/office/dev/add-ins/develop/localization), as the
 * Sheets add-on follows the spreadsheet's locale. English where Office is not loaded.
 */
export function excelProfile(book: PipelineBook): PlatformProfile {
  return { historySheet: book.historySheet, changedBy: '', language: officeLanguage() };
}

/**
 * The language of every word the add-in shows (pane, moves, edits, findings): Office's
 * display language ("vi-VN" → vi, "ru-RU" → ru, else en), as the Sheets add-on follows
 * the spreadsheet's locale. Digest text follows the Stages sheet's Language on both.
 */
export function officeLanguage(): Language {
  const office = (globalThis as { Office?: { context?: { displayLanguage?: string } } }).Office;
  return languageOfLocale(office?.context?.displayLanguage ?? 'en');
}

/** The 0-based sheet column of a Deals field, or undefined when the sheet lacks it. */
export function dealColumn(book: PipelineBook, field: DealField): number | undefined {
  const index = book.dealsRead.columns.fields.get(field);
  return index === undefined || !book.deals ? undefined : book.deals.columnIndex + index;
}

/** Header text of a Deals field as the sheet has it. */
export function dealColumnLabel(book: PipelineBook, field: DealField): string {
  const index = book.dealsRead.columns.fields.get(field);
  // A column the sheet lacks is named as Set up workbook names it, in the Stages sheet's Language (as in Sheets).
  return (index !== undefined ? book.dealsRead.columns.headers[index] : '') || DEAL_HEADERS[book.config.rules.language][field];
}

/** One cell to write on the Deals sheet (0-based sheet row and column). */
export interface CellWrite {
  readonly row: number;
  readonly column: number;
  readonly value: string | number | boolean;
  readonly numberFormat?: string;
}

/**
 * Writes cells to Deals and appends rows to the stage log with events off, text as
 * text (escapeCellText: Office.js would run "=…" as a formula). Cells in one
 * column over consecutive rows go out as one block, with null in the gaps: Office.js
 * leaves a cell whose entry is null unchanged, so a block never touches a cell it was
 * not asked to change. Events are turned back on in `finally`, even when a write fails.
 */
export async function writeMoves(
  context: Excel.RequestContext,
  book: PipelineBook,
  cells: readonly CellWrite[],
  historyEntries: readonly HistoryEntry[],
): Promise<void> {
  if (cells.length === 0 && historyEntries.length === 0) return;
  context.runtime.enableEvents = false;
  try {
    const deals = context.workbook.worksheets.getItem(DEALS_SHEET);
    for (const block of columnBlocks(cells)) {
      const range = deals.getRangeByIndexes(block.row, block.column, block.values.length, 1);
      // User text ("=HYPERLINK(…)" as a lost reason or a stage read from History) goes in as text, never as a formula.
      range.values = block.values.map((value) => [escapeCellText(value)]) as unknown as (string | number | boolean)[][];
      if (block.formats.some((f) => f !== null)) range.numberFormat = block.formats.map((f) => [f]) as unknown as string[][];
      ownWrites.remember(
        blockAddress({ row: block.row, column: block.column, rowCount: block.values.length, columnCount: 1 }),
        block.values.map((value) => [value]),
      );
    }
    if (historyEntries.length > 0) appendHistory(context, book, historyEntries);
    await context.sync();
  } finally {
    context.runtime.enableEvents = true;
    await context.sync();
  }
}

interface ColumnBlock {
  readonly row: number;
  readonly column: number;
  readonly values: (string | number | boolean | null)[];
  readonly formats: (string | null)[];
}

function columnBlocks(cells: readonly CellWrite[]): ColumnBlock[] {
  const byColumn = new Map<number, CellWrite[]>();
  for (const cell of cells) {
    const list = byColumn.get(cell.column) ?? [];
    list.push(cell);
    byColumn.set(cell.column, list);
  }
  const blocks: ColumnBlock[] = [];
  for (const [column, list] of byColumn) {
    list.sort((a, b) => a.row - b.row);
    const first = list[0].row;
    const last = list[list.length - 1].row;
    const values: (string | number | boolean | null)[] = new Array(last - first + 1).fill(null);
    const formats: (string | null)[] = new Array(last - first + 1).fill(null);
    for (const cell of list) {
      values[cell.row - first] = cell.value;
      formats[cell.row - first] = cell.numberFormat ?? null;
    }
    blocks.push({ row: first, column, values, formats });
  }
  return blocks;
}

/**
 * Appends log rows below the last used row of the sheet that was read, writing the
 * header first on an empty sheet; creates "Stage history" when there is no log yet.
 */
function appendHistory(context: Excel.RequestContext, book: PipelineBook, entries: readonly HistoryEntry[]): void {
  const rows = entries.map((entry) => historyRow(entry).map((value) => escapeCellText(toExcelValue(value))));
  const hasRows = book.historyBlock?.values.some((row) => row.some((cell) => cell !== '' && cell !== null)) ?? false;
  const sheet = book.historyBlock
    ? context.workbook.worksheets.getItem(book.historySheet)
    : context.workbook.worksheets.add(EXCEL_HISTORY_SHEET);
  const start = hasRows ? book.historyBlock!.rowIndex + book.historyBlock!.values.length : 0;
  const column = hasRows ? book.historyBlock!.columnIndex : 0;
  const header = hasRows ? 0 : 1;
  if (!hasRows) rows.unshift([...HISTORY_HEADERS]);
  const range = sheet.getRangeByIndexes(start, column, rows.length, HISTORY_HEADERS.length);
  range.values = rows;
  range.numberFormat = rows.map((row, i) => row.map((_, c) => (i < header ? 'General' : HISTORY_FORMATS[c])));
}

/** Number formats of the log columns, in HISTORY_HEADERS order. */
const HISTORY_FORMATS = ['yyyy-mm-dd hh:mm', 'General', 'General', 'General', '#,##0.00', 'yyyy-mm-dd', '0%', 'General', 'General'];

/** A Deals cell (0-based sheet row and column) as read, '' outside the used range. */
export function dealsValueAt(book: PipelineBook, row: number, column: number): unknown {
  const block = book.deals;
  return block ? (block.values[row - block.rowIndex]?.[column - block.columnIndex] ?? '') : '';
}

/** The deal on a 0-based sheet row, if that row holds one. */
export function dealOnRow(book: PipelineBook, row: number): Deal | undefined {
  return book.dealsRead.deals.find((deal) => deal.row === row + 1);
}

/** Selects a cell such as "Deals!E7" (or "E7" on Deals) so the user sees it. */
export async function selectCell(context: Excel.RequestContext, sheetName: string, address: string): Promise<void> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  sheet.activate();
  sheet.getRange(address).select();
  await context.sync();
}
