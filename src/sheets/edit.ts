/**
 * onEdit: the Sheets side of the "check a Stage edit or a paste" workflow
 * (src/workflows/check-edits.ts), which decides; this file reads the edited rows,
 * Stages and History, and writes the plan. A refused edit is put back with a cell note
 * and a toast that say why; a valid one stamps "Stage changed" and appends History
 * rows, under the document lock. A single-cell edit brings its previous stage in
 * e.oldValue; a paste over many rows does not, so the previous stage of each row comes
 * from History.
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
 * toast. Without a Stages sheet a Stage edit is put back unjudged (the workflow says
 * so), and a paste that finds the lock held is put back to the stages in History.
 * History is written first, under the lock: when History is protected against the
 * editor, the edit is put back with a note naming History and who can
 * fix it, so Deals and History never disagree. When only the Stage changed column is
 * protected, the move stands (its History row is written) and a toast says the date
 * was not stamped.
 */
import {
  cellText,
  columnLetter,
  escapeCellText,
  findDealColumns,
  HISTORY_HEADERS,
  historyRow,
  isBlank,
  latestStages,
  readDeals,
  readHistory,
  stageKey,
  type Language,
} from '../core/index';
import { editCheckWords, languageOfLocale, SHEETS_LABELS, type SheetsLabels } from '../workflows/catalogue/index';
import {
  checkStageEdits,
  putBackEdits,
  withdrawMoves,
  type StageEditPlan,
  type StageEditRequest,
  type StageRowOutcome,
} from '../workflows/check-edits';
import type { PlatformProfile } from '../workflows/platform';
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
  readonly range: Range & {
    readonly rowStart?: number;
    readonly rowEnd?: number;
    readonly columnStart?: number;
    readonly columnEnd?: number;
  };
  readonly source: Spreadsheet;
  readonly value?: unknown;
  readonly oldValue?: unknown;
  readonly user?: { getEmail(): string };
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
    e.source.toast(
      `The stage change could not be checked: ${message}`,
      editCheckWords(languageOfLocale(e.source.getSpreadsheetLocale())).undoneTitle,
      15,
    );
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
  const readRows = () =>
    (top ? top.slice(firstRow - 1) : sheet.getSheetValues(firstRow, 1, rowEnd - firstRow + 1, width)).map((cells) => cells.slice(0, width));
  if (single) editOne(e, sheet, header, columns, rowStart, readRows);
  else pasteMany(e, sheet, header, columns, firstRow, stageIndex, readRows);
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
 * The workflow's plan in the spreadsheet's language. The locale costs a call, so the
 * plan is first made in English and made again (it is pure) only when it has words to
 * show and the spreadsheet is in another language.
 */
function planInLocale(e: EditEvent, make: (profile: PlatformProfile) => StageEditPlan): LocalPlan {
  let locale: string | undefined;
  const language = () => {
    if (locale === undefined) locale = e.source.getSpreadsheetLocale();
    return languageOfLocale(locale);
  };
  let plan = make(sheetsProfile('en'));
  if (plan.refused.length > 0 && language() !== 'en') plan = make(sheetsProfile(language()));
  return { plan, language, labels: () => SHEETS_LABELS[language()] };
}

interface LocalPlan {
  readonly plan: StageEditPlan;
  /** The spreadsheet's language, asked once. */
  readonly language: () => Language;
  readonly labels: () => SheetsLabels;
}

/**
 * Sheets' side of the workflow: History is "History"; the editor's address is filled in later, only for an accepted move (it costs a
 * call).
 */
function sheetsProfile(language: Language): PlatformProfile {
  return { historySheet: HISTORY_SHEET, changedBy: '', language };
}

/**
 * One Stage cell typed: the previous stage is e.oldValue, so History is not read and
 * the move is judged before the lock is taken; only an accepted move locks, to
 * append its History row. A refused move writes the cell back with a note.
 */
function editOne(
  e: EditEvent,
  sheet: Sheet,
  header: unknown[],
  columns: ReadonlyMap<string, number>,
  row: number,
  readRows: () => unknown[][],
): void {
  const before = cellText(e.oldValue);
  // The same stage typed again (in any case or spacing): nothing to check or write.
  if (before && stageKey(cellText(e.value)) === stageKey(before)) return;
  const [cells] = readRows();
  const { config, missing } = loadConfig(e.source);
  const deals = readDeals([header, cells], config, { firstRow: row - 1 }).deals;
  if (deals.length === 0) return; // A blank row: nothing to judge.
  const now = new Date();
  const request: StageEditRequest = { config, stagesMissing: missing, deals, valueBefore: before, now, source: 'edit' };
  const { plan, labels, language } = planInLocale(e, (profile) => checkStageEdits(request, profile));
  const outcome = plan.rows[0];
  if (!outcome) return;
  const range = e.range;
  if (!outcome.move) {
    writeOneRefused(e, range, outcome, plan.summary, plan.words.undoneTitle);
    return;
  }

  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) {
    const busy = planInLocale(e, (profile) => putBackEdits(request, SHEETS_LABELS[profile.language].lockBusy, profile)).plan;
    writeOneRefused(e, range, busy.rows[0], busy.summary, busy.words.undoneTitle);
    return;
  }
  try {
    // History first: if it cannot be written, the edit is put back and nothing else changes.
    try {
      const entry = entryForSheet({ ...outcome.move, by: editorEmail(e) }, cells[columns.get('expectedClose') ?? -1], () =>
        spreadsheetZone(e.source),
      );
      historySheet(e.source).appendRow(escapeCellTexts([historyRow(entry)])[0]);
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      const message = `${labels().protectedRange(rangeName(HISTORY_SHEET))} ${labels().editPutBackProtected}`;
      const withdrawn = withdrawMoves(plan, message, sheetsProfile(language()));
      writeOneRefused(e, range, withdrawn.rows[0], withdrawn.summary, withdrawn.words.undoneTitle);
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
        e.source.toast(
          `${labels().protectedRange(rangeName(DEALS_SHEET, `${columnLetter(stampIndex + 1)}${row}`))} ${labels().stampNotWritten}`,
          labels().menu,
          15,
        );
      }
    }
    // Committed while the lock is held, so that the next holder reads this History row.
    SpreadsheetApp.flush();
  } finally {
    lock.releaseLock();
  }
}

/** One Stage cell the plan refused: written back when there is a stage to put back, with the reason in its note and a toast. */
function writeOneRefused(e: EditEvent, range: Range, outcome: StageRowOutcome, summary: string, title: string): void {
  if (outcome.rewrite) range.setValue(escapeCellText(outcome.stage));
  range.setNote(withToolNote(range.getNote(), outcome.rejectionReason));
  e.source.toast(summary, title, 15);
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
  stageIndex: number,
  readRows: () => unknown[][],
): void {
  const lock = LockService.getDocumentLock();
  const locked = lock.tryLock(LOCK_WAIT_MS);
  try {
    const rows = readRows();
    const { config, missing } = loadConfig(e.source);
    const deals = readDeals([header, ...rows], config, { firstRow: firstRow - 1 }).deals;
    const history = readSheetByName(e.source, HISTORY_SHEET);
    const latest = history ? latestStages(readHistory(history.values, config).entries) : new Map<string, string>();
    const request: StageEditRequest = { config, stagesMissing: missing, deals, latestStages: latest, now: new Date(), source: 'paste' };
    if (!locked) {
      // Another execution is writing History: nothing is judged, and each row goes back to its stage in History.
      const busy = planInLocale(e, (profile) => putBackEdits(request, SHEETS_LABELS[profile.language].lockBusy, profile)).plan;
      writeStageBlock(e, sheet, firstRow, rows, stageIndex, busy);
      return;
    }
    const { plan, labels, language } = planInLocale(e, (profile) => checkStageEdits(request, profile));
    // The editor's address and the zone are asked for once, and only when a move needs them.
    let by: string | undefined;
    let zone: SheetZone | undefined;
    const editor = () => {
      if (by === undefined) by = editorEmail(e);
      return by;
    };
    const sheetZone = () => {
      if (zone === undefined) zone = spreadsheetZone(e.source);
      return zone;
    };
    const closeIndex = columns.get('expectedClose') ?? -1;
    const entries = plan.rows.flatMap((o) =>
      o.move ? [entryForSheet({ ...o.move, by: editor() }, rows[o.row - firstRow][closeIndex], sheetZone)] : [],
    );
    let written = plan;
    if (entries.length) {
      // History first: when it is protected every accepted row is put back instead, so Deals and History never disagree.
      try {
        appendHistory(e.source, history, entries.map(historyRow));
      } catch (error) {
        if (!isProtectedError(error)) throw error;
        const message = `${labels().protectedRange(rangeName(HISTORY_SHEET))} ${labels().editPutBackProtected}`;
        written = withdrawMoves(plan, message, sheetsProfile(language()));
      }
    }
    writeStageBlock(e, sheet, firstRow, rows, stageIndex, written);
    writeStamps(e, sheet, firstRow, rows, written, columns.get('stageChanged'), request.now, labels);
    SpreadsheetApp.flush();
  } finally {
    if (locked) lock.releaseLock();
  }
}

/**
 * The pasted Stage cells in one write, each as the plan leaves it (as it holds, put
 * back, or respelled), with the tool's note on each refused row and the tool's old
 * notes cleared elsewhere; then one toast for the refused rows.
 */
function writeStageBlock(
  e: EditEvent,
  sheet: Sheet,
  firstRow: number,
  rows: readonly unknown[][],
  stageIndex: number,
  plan: StageEditPlan,
): void {
  const byRow = new Map(plan.rows.map((o) => [o.row, o]));
  const stageRange = sheet.getRange(firstRow, stageIndex + 1, rows.length, 1);
  const notes = stageRange.getNotes();
  // Every Stage cell goes back as the text (or number) it holds: a stage named "=x" stays text, not a formula.
  const stages = rows.map((cells, i) => {
    const outcome = byRow.get(firstRow + i);
    return [escapeCellText(outcome?.rewrite ? outcome.stage : cells[stageIndex])];
  });
  const newNotes = notes.map(([note], i) => {
    const reason = byRow.get(firstRow + i)?.rejectionReason;
    return [reason ? withToolNote(note, reason) : userNote(note)];
  });
  stageRange.setValues(stages);
  stageRange.setNotes(newNotes);
  if (plan.summary) e.source.toast(plan.summary, plan.words.undoneTitle, 15);
}

/** "Stage changed" for the accepted rows, in one write; a protected column leaves the moves standing, with a toast. */
function writeStamps(
  e: EditEvent,
  sheet: Sheet,
  firstRow: number,
  rows: readonly unknown[][],
  plan: StageEditPlan,
  stampIndex: number | undefined,
  now: Date,
  labels: () => SheetsLabels,
): void {
  if (plan.history.length === 0 || stampIndex === undefined) return;
  const moved = new Set(plan.rows.filter((o) => o.move).map((o) => o.row));
  const stamps = rows.map((cells, i) => [moved.has(firstRow + i) ? now : escapeCellText(cells[stampIndex])]);
  const stampRange = sheet.getRange(firstRow, stampIndex + 1, rows.length, 1);
  try {
    stampRange.setValues(stamps);
  } catch (error) {
    if (!isProtectedError(error)) throw error;
    const a1 = `${columnLetter(stampIndex + 1)}${firstRow}:${columnLetter(stampIndex + 1)}${firstRow + rows.length - 1}`;
    e.source.toast(`${labels().protectedRange(rangeName(DEALS_SHEET, a1))} ${labels().stampNotWritten}`, labels().menu, 15);
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
