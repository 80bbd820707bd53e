/**
 * onEdit: a Stage edit on Deals is checked with the core's checkMove. An invalid one
 * is put back to the previous stage, with a cell note and a toast that say why; a
 * valid one stamps "Stage changed" and appends History rows, under the document
 * lock. A single-cell edit brings its previous stage in e.oldValue; a paste over
 * many rows does not, so the previous stage of each row comes from History.
 *
 * Cost matters, since each service call is a round trip. The first two calls take
 * the edited sheet from e.range and read its header row (with the edited rows too,
 * near the top), and an edit outside a Stage column stops there; only then is the
 * sheet's name asked. Tables are read with getSheetValues (one call, no Range
 * handle) and every write of a block is one setValues. An accepted single edit
 * makes 15 calls (16 below row 50): the editor's address, the note check, the
 * stamp, the History append, and the lock with the flush that commits History
 * before another execution may read it. A paste reads History once, under the lock,
 * and appends its rows after the last row that read saw, so History is neither
 * looked up nor measured again. Dates are not converted here: the only dates
 * written back (Expected close into History) are the same cell values read, except
 * a date typed as text, which entryForSheet turns into the sheet's midnight.
 *
 * Faults. onEdit never throws: an error it cannot name is logged and shown in a
 * toast. Without a Stages sheet a Stage edit is put back (it cannot be judged, and a
 * move History does not hold would be lost), with a note that says how to bring the
 * sheet back. History is written first, under the lock: when History is protected
 * against the editor, the edit is put back with a note naming History and who can
 * fix it, so Deals and History never disagree. When only the Stage changed column is
 * protected, the move stands (its History row is written) and a toast says the date
 * was not stamped.
 */
import { columnLetter } from '../core/a1';
import { cellText, isBlank, escapeCellText } from '../core/cells';
import { findDealColumns, readDeals } from '../core/deals';
import { HISTORY_HEADERS, historyRow, latestStages, moveEntry, readHistory } from '../core/history';
import { checkMove } from '../core/moves';
import { findStage, stageKey } from '../core/stages';
import type { Deal, HistoryEntry, PipelineConfig } from '../core/types';
import { labelsFor } from '../workflows/catalogue/index';
import { entryForSheet, type SheetZone } from './zone';
import {
  escapeCellTexts,
  DEALS_SHEET,
  headerValues,
  HISTORY_SHEET,
  isProtectedError,
  loadConfig,
  rangeName,
  rangeToWrite,
  readSheetByName,
  spreadsheetZone,
  STAGES_SHEET,
  type Sheet,
  type SheetTable,
  type Spreadsheet,
} from './workbook';

/** How long an edit waits for another execution to finish writing History. */
export const LOCK_WAIT_MS = 10_000;
/** Notes the tool writes start with this, so a user's own notes are never cleared. */
export const NOTE_MARK = 'Pipeline: ';
/** Between the tool's message and a note the user had written on the same cell. */
export const NOTE_SEPARATOR = '\n――――\n';

/** A cell note without the tool's message: the user's own note, or ''. */
export function userNote(note: string): string {
  if (!note.startsWith(NOTE_MARK)) return note;
  const at = note.indexOf(NOTE_SEPARATOR);
  return at < 0 ? '' : note.slice(at + NOTE_SEPARATOR.length);
}

/** The tool's message on top of whatever the user had noted. */
export function withToolNote(note: string, message: string): string {
  const own = userNote(note);
  return own ? `${NOTE_MARK}${message}${NOTE_SEPARATOR}${own}` : `${NOTE_MARK}${message}`;
}

type Range = GoogleAppsScript.Spreadsheet.Range;

/** The onEdit event as Sheets sends it; e.range also carries its bounds as plain numbers. */
export interface EditEvent {
  readonly range: Range & { readonly rowStart?: number; readonly rowEnd?: number; readonly columnStart?: number; readonly columnEnd?: number };
  readonly source: Spreadsheet;
  readonly value?: unknown;
  readonly oldValue?: unknown;
  readonly user?: { getEmail(): string };
}

/** What one row of the edit came to: accepted, put back, or left alone. */
interface RowOutcome {
  readonly row: number;
  readonly stage: string;
  readonly note: string;
  readonly accepted?: HistoryEntry;
}

/**
 * onEdit's body, which never throws: a simple trigger that throws shows the user
 * nothing useful, and Apps Script stops it anyway. What it cannot handle goes to the
 * execution log and a toast.
 */
export function handleEdit(e: EditEvent): void {
  try {
    checkEdit(e);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Pipeline onEdit: ${message}`);
    e.source.toast(`The stage change could not be checked: ${message}`, labelsFor(e.source.getSpreadsheetLocale()).revertedTitle, 15);
  }
}

function checkEdit(e: EditEvent): void {
  const range = e.range;
  const rowStart = range.rowStart ?? range.getRow();
  const rowEnd = range.rowEnd ?? rowStart + range.getNumRows() - 1;
  const columnStart = range.columnStart ?? range.getColumn();
  const columnEnd = range.columnEnd ?? columnStart + range.getNumColumns() - 1;

  // The edited sheet's own header: two calls, after which an edit outside a Stage column
  // leaves. Near the top of the sheet the same call brings the edited rows too.
  const sheet = range.getSheet();
  const top = rowEnd <= HEADER_WITH_ROWS_MAX ? topRows(sheet, rowEnd) : null;
  let header = top ? top[0] : headerValues(sheet);
  let width = header.length;
  while (width > 0 && isBlank(header[width - 1])) width--;
  header = header.slice(0, width);
  const columns = findDealColumns(header).fields;
  const stageIndex = columns.get('stage');
  if (stageIndex === undefined || stageIndex + 1 < columnStart || stageIndex + 1 > columnEnd || rowEnd < 2) return;
  if (sheet.getName() !== DEALS_SHEET) return;

  const firstRow = Math.max(2, rowStart);
  const single = rowStart === rowEnd && columnStart === columnEnd && (e.value !== undefined || e.oldValue !== undefined);
  // The edited rows, cut to the header's width: from the block already read, or in one more call.
  const readRows = () => (top ? top.slice(firstRow - 1) : sheet.getSheetValues(firstRow, 1, rowEnd - firstRow + 1, width)).map((cells) => cells.slice(0, width));
  if (single) editOne(e, sheet, header, columns, rowStart, stageIndex, readRows);
  else pasteMany(e, sheet, header, columns, firstRow, rowEnd, stageIndex, readRows);
}

/**
 * Up to this row, the header and the edited rows come in one read of rows 1..rowEnd:
 * one call fewer, for at most this many rows of data, which costs about the same.
 */
export const HEADER_WITH_ROWS_MAX = 50;

/** Rows 1..rowEnd up to the last used column, or null where getSheetValues cannot (an empty sheet). */
function topRows(sheet: Sheet, rowEnd: number): unknown[][] | null {
  try {
    return sheet.getSheetValues(1, 1, rowEnd, -1);
  } catch {
    return null;
  }
}

/** The editor's address for History, asked only when a move is accepted; '' where Apps Script will not say. */
function editorEmail(e: EditEvent): string {
  try {
    return (e.user ? e.user.getEmail() : Session.getActiveUser().getEmail()) ?? '';
  } catch {
    return '';
  }
}

/**
 * One Stage cell typed: the previous stage is e.oldValue, so History is not read and
 * the move is judged before the lock is taken; only an accepted move locks, to
 * append its History row. A rejected move writes the cell back with a note.
 */
function editOne(
  e: EditEvent,
  sheet: Sheet,
  header: unknown[],
  columns: ReadonlyMap<string, number>,
  row: number,
  stageIndex: number,
  readRows: () => unknown[][],
): void {
  const before = cellText(e.oldValue);
  // The same stage typed again (in any case or spacing): nothing to check or write.
  if (before && stageKey(cellText(e.value)) === stageKey(before)) return;
  const [cells] = readRows();
  const { config, missing } = loadConfig(e.source);
  const range = e.range;
  if (missing) {
    const labels = labelsFor(e.source.getSpreadsheetLocale());
    putBack(e, range, before, `${labels.sheetsMissing([STAGES_SHEET])} ${labels.editNotChecked}`);
    return;
  }
  const deal = readDeals([header, cells], config, { firstRow: row - 1 }).deals[0];
  if (!deal) return; // A blank row: nothing to judge.
  const now = new Date();
  const outcome = judge(config, deal, cellText(cells[stageIndex]), before, now, () => editorEmail(e), 'edit', row);
  if (outcome.note) {
    range.setValue(escapeCellText(outcome.stage));
    range.setNote(withToolNote(range.getNote(), outcome.note));
    toastReverted(e.source, [outcome]);
    return;
  }
  if (!outcome.accepted) return;

  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    const labels = labelsFor(e.source.getSpreadsheetLocale());
    range.setValue(escapeCellText(before));
    range.setNote(withToolNote(range.getNote(), labels.lockBusy));
    e.source.toast(labels.lockBusy, labels.revertedTitle, 15);
    return;
  }
  try {
    // History first: if it cannot be written, the edit is put back and nothing else changes.
    try {
      const entry = entryForSheet(outcome.accepted, cells[columns.get('expectedClose') ?? -1], () => spreadsheetZone(e.source));
      historySheet(e.source).appendRow(escapeCellTexts([historyRow(entry)])[0]);
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      const labels = labelsFor(e.source.getSpreadsheetLocale());
      putBack(e, range, before, `${labels.protectedRange(rangeName(HISTORY_SHEET))} ${labels.editPutBackProtected}`);
      return;
    }
    if (cellText(e.value) !== outcome.stage) range.setValue(escapeCellText(outcome.stage));
    const note = range.getNote();
    if (note.startsWith(NOTE_MARK)) range.setNote(userNote(note));
    const stampIndex = columns.get('stageChanged');
    if (stampIndex !== undefined) {
      try {
        sheet.getRange(row, stampIndex + 1).setValue(now);
      } catch (error) {
        if (!isProtectedError(error)) throw error;
        const labels = labelsFor(e.source.getSpreadsheetLocale());
        e.source.toast(`${labels.protectedRange(rangeName(DEALS_SHEET, `${columnLetter(stampIndex + 1)}${row}`))} ${labels.stampNotWritten}`, labels.menu, 15);
      }
    }
    // Committed while the lock is held, so that the next holder reads this History row.
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
}

/** One Stage cell written back to what it was, with the reason in its note and a toast. */
function putBack(e: EditEvent, range: Range, before: string, message: string): void {
  const labels = labelsFor(e.source.getSpreadsheetLocale());
  range.setValue(escapeCellText(before));
  range.setNote(withToolNote(range.getNote(), message));
  e.source.toast(message, labels.revertedTitle, 15);
}

/**
 * A paste over many rows: e.oldValue is missing, so each row's previous stage comes
 * from History, which is read and appended under the lock.
 */
function pasteMany(
  e: EditEvent,
  sheet: Sheet,
  header: unknown[],
  columns: ReadonlyMap<string, number>,
  firstRow: number,
  rowEnd: number,
  stageIndex: number,
  readRows: () => unknown[][],
): void {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    revertPaste(e, sheet, firstRow, rowEnd, stageIndex + 1, columns.get('id'), labelsFor(e.source.getSpreadsheetLocale()).lockBusy);
    return;
  }
  try {
    const rows = readRows();
    const { config, missing } = loadConfig(e.source);
    if (missing) {
      const labels = labelsFor(e.source.getSpreadsheetLocale());
      revertPaste(e, sheet, firstRow, rowEnd, stageIndex + 1, columns.get('id'), `${labels.sheetsMissing([STAGES_SHEET])} ${labels.editNotChecked}`);
      return;
    }
    const deals = new Map<number, Deal>();
    for (const deal of readDeals([header, ...rows], config, { firstRow: firstRow - 1 }).deals) deals.set(deal.row, deal);
    const history = readSheetByName(e.source, HISTORY_SHEET);
    const previous = previousStages(history, config);
    const now = new Date();
    let by: string | undefined;
    const editor = () => (by ??= editorEmail(e));

    const outcomes: RowOutcome[] = [];
    let zone: SheetZone | undefined;
    const closeIndex = columns.get('expectedClose') ?? -1;
    rows.forEach((cells, i) => {
      const row = firstRow + i;
      const deal = deals.get(row);
      if (!deal) return; // A blank row: a deal was deleted, not moved.
      const outcome = judge(config, deal, cellText(cells[stageIndex]), previous.get(deal.id) ?? '', now, editor, 'paste', row);
      outcomes.push(outcome.accepted ? { ...outcome, accepted: entryForSheet(outcome.accepted, cells[closeIndex], () => (zone ??= spreadsheetZone(e.source))) } : outcome);
    });
    writeMany(e, sheet, firstRow, rows, stageIndex, outcomes, columns.get('stageChanged'), now, history);
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
}

/** Each deal's stage after its latest History move, from History read in one go (null: no History sheet). */
function previousStages(history: SheetTable | null, config: PipelineConfig): Map<string, string> {
  return history ? latestStages(readHistory(history.values, config).entries) : new Map();
}

function judge(config: PipelineConfig, deal: Deal, typed: string, before: string, now: Date, by: () => string, source: string, row: number): RowOutcome {
  const beforeName = findStage(config, before)?.name ?? before;
  if (!typed) {
    if (!before) return { row, stage: '', note: '' };
    return { row, stage: beforeName, note: 'A deal needs a stage; to drop it, move it to a lost stage or delete the row.' };
  }
  if (before && stageKey(typed) === stageKey(before)) return { row, stage: findStage(config, typed)?.name ?? typed, note: '' };
  const check = checkMove(config, deal, typed, now, { from: before });
  if (!check.ok || !check.to) {
    return { row, stage: beforeName, note: check.reasons.map((r) => r.message).join(' ') };
  }
  return { row, stage: check.to.name, note: '', accepted: moveEntry(deal, beforeName, check.to.name, now, by(), source, config) };
}

function toastReverted(ss: Spreadsheet, outcomes: readonly RowOutcome[]): void {
  const reverted = outcomes.filter((o) => o.note);
  if (reverted.length === 0) return;
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const first = reverted[0];
  const more = reverted.length > 1 ? ` (+${reverted.length - 1} more rows; see the notes on the Stage cells)` : '';
  ss.toast(`Row ${first.row}: ${first.note}${more}`, labels.revertedTitle, 15);
}

/**
 * Writes a paste's outcome: History first, so that when it is protected every
 * accepted row is put back instead (Deals and History never disagree); then the
 * Stage cells and their notes; then the stamps, whose refusal leaves the moves
 * standing with a toast.
 */
function writeMany(
  e: EditEvent,
  sheet: Sheet,
  firstRow: number,
  rows: readonly unknown[][],
  stageIndex: number,
  judged: readonly RowOutcome[],
  stampIndex: number | undefined,
  now: Date,
  history: SheetTable | null,
): void {
  let outcomes = judged;
  const moves = judged.filter((o) => o.accepted);
  if (moves.length) {
    try {
      appendHistory(e.source, history, moves.map((o) => historyRow(o.accepted!)));
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      const labels = labelsFor(e.source.getSpreadsheetLocale());
      const message = `${labels.protectedRange(rangeName(HISTORY_SHEET))} ${labels.editPutBackProtected}`;
      outcomes = judged.map((o) => (o.accepted ? { row: o.row, stage: o.accepted.from, note: message } : o));
    }
  }
  const byRow = new Map(outcomes.map((o) => [o.row, o]));
  const stageRange = sheet.getRange(firstRow, stageIndex + 1, rows.length, 1);
  const notes = stageRange.getNotes();
  // Every Stage cell goes back as the text (or number) it holds: a stage named "=x" stays text, not a formula.
  const stages = rows.map((cells, i) => [escapeCellText(byRow.get(firstRow + i)?.stage ?? cells[stageIndex])]);
  const newNotes = notes.map(([note], i) => {
    const outcome = byRow.get(firstRow + i);
    return [outcome?.note ? withToolNote(note, outcome.note) : userNote(note)];
  });
  stageRange.setValues(stages);
  stageRange.setNotes(newNotes);
  toastReverted(e.source, outcomes);
  const accepted = outcomes.filter((o) => o.accepted);
  if (accepted.length && stampIndex !== undefined) {
    const stamps = rows.map((cells, i) => [byRow.get(firstRow + i)?.accepted ? now : escapeCellText(cells[stampIndex])]);
    const stampRange = sheet.getRange(firstRow, stampIndex + 1, rows.length, 1);
    try {
      stampRange.setValues(stamps);
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      const labels = labelsFor(e.source.getSpreadsheetLocale());
      const a1 = `${columnLetter(stampIndex + 1)}${firstRow}:${columnLetter(stampIndex + 1)}${firstRow + rows.length - 1}`;
      e.source.toast(`${labels.protectedRange(rangeName(DEALS_SHEET, a1))} ${labels.stampNotWritten}`, labels.menu, 15);
    }
  }
}

/** The History sheet, created with its header when a team deleted it. */
export function historySheet(ss: Spreadsheet): Sheet {
  const existing = ss.getSheetByName(HISTORY_SHEET);
  if (existing) return existing;
  const sheet = ss.insertSheet(HISTORY_SHEET);
  sheet.appendRow([...HISTORY_HEADERS]);
  sheet.setFrozenRows(1);
  return sheet;
}

/**
 * History rows written after History's last row, which the read under the same lock
 * told, so neither the sheet nor its last row is asked again. A missing History sheet
 * is created with its header, in the same write.
 */
function appendHistory(ss: Spreadsheet, history: SheetTable | null, rows: unknown[][]): void {
  const table = escapeCellTexts(rows);
  if (history) {
    rangeToWrite(history.sheet, history.lastRow + 1, 1, table.length, table[0].length).setValues(table);
    return;
  }
  const sheet = ss.insertSheet(HISTORY_SHEET);
  sheet.getRange(1, 1, table.length + 1, HISTORY_HEADERS.length).setValues([[...HISTORY_HEADERS], ...table]);
  sheet.setFrozenRows(1);
}

/**
 * A paste that cannot be checked (another execution holds the lock, or Stages is
 * missing): nothing is written to History, so each row is put back to its deal's
 * stage in History, with `message` in a note and a toast.
 */
function revertPaste(e: EditEvent, sheet: Sheet, firstRow: number, rowEnd: number, stageColumn: number, idIndex: number | undefined, message: string): void {
  const labels = labelsFor(e.source.getSpreadsheetLocale());
  const { config } = loadConfig(e.source);
  const previous = previousStages(readSheetByName(e.source, HISTORY_SHEET), config);
  const count = rowEnd - firstRow + 1;
  const ids = idIndex === undefined ? [] : sheet.getSheetValues(firstRow, idIndex + 1, count, 1);
  const stageRange = sheet.getRange(firstRow, stageColumn, count, 1);
  const current = stageRange.getValues();
  const restored = current.map(([stage], i) => {
    const id = cellText(ids[i]?.[0]);
    // What the user had: text (even "=x") as text, a number or date as it was.
    return [escapeCellText(previous.get(id) ?? stage)];
  });
  const notes = stageRange.getNotes();
  stageRange.setValues(restored);
  stageRange.setNotes(notes.map(([note]) => [withToolNote(note, message)]));
  e.source.toast(message, labels.revertedTitle, 15);
}
