/**
 * "Move deal to stage…": the Sheets side of the "move a deal" workflow
 * (src/workflows/move-deal.ts). The dialog for the selected Deals row shows the
 * workflow's form; the dialog calls the server through one typed helper (callServer,
 * typed by MoveDialogServer on both sides); the server finds the deal again by its
 * Deal ID, asks the workflow for the plan (checked again, because the sheet may have
 * changed while the dialog was open), and writes it. Reads are the header, the Deal
 * ID column and the deal's row, never the whole sheet.
 */
import {
  cellText,
  escapeCellText,
  findDealColumns,
  isBlank,
  historyRow,
  readDeals,
  type Deal,
  type DealsRead,
  type Language,
  type PipelineConfig,
} from '../core/index';
import { languageOfLocale, MOVE_DEAL_WORDS, SHEETS_LABELS, type SheetsLabels } from '../workflows/catalogue/index';
import {
  findPickedDeal,
  moveForm,
  planMove,
  type DealPick,
  type MoveChoice,
  type MoveOption,
  type PlannedCell,
} from '../workflows/move-deal';
import { historySheet, LOCK_WAIT_MS, NOTE_MARK, userNote } from './edit';
import { moveDialogHtml } from './move-dialog-page';
import {
  DEALS_SHEET,
  escapeCellTexts,
  HISTORY_SHEET,
  isProtectedError,
  loadConfig,
  rangeName,
  spreadsheetZone,
  type Sheet,
  type Spreadsheet,
} from './workbook';
import { entryForSheet, type SheetZone } from './zone';

export type { MoveOption };

export interface MoveDialogData {
  readonly row: number;
  readonly dealId: string;
  readonly dealName: string;
  readonly current: string;
  readonly options: readonly MoveOption[];
  readonly labels: Pick<SheetsLabels, 'moveTo' | 'reason' | 'save' | 'cancel' | 'noNextStage'>;
}

export interface MoveRequest extends Omit<MoveChoice, 'toStage'> {
  readonly row: number;
  readonly dealId: string;
  readonly toStage: string;
}

export interface MoveReply {
  readonly ok: boolean;
  readonly messages: readonly string[];
}

/** The server functions the dialog may call; each is a top-level export of main.ts. */
export interface MoveDialogServer {
  applyDealMove(request: MoveRequest): MoveReply;
}

interface PickedRow {
  readonly sheet: Sheet;
  /** The deal's row as read (Date cells as Sheets hands them over). */
  readonly values: readonly unknown[];
  readonly read: DealsRead;
  readonly deal: Deal;
  readonly config: PipelineConfig;
}

/**
 * Reads what a move needs: the header row, the Deal ID column (to find the deal by
 * its ID, the row being only a hint) and then the deal's own row, each in one call.
 * `pick.dealId` undefined means "the deal on pick.row", as the dialog opens on a row.
 */
function readPicked(
  ss: Spreadsheet,
  pick: { readonly row: number; readonly dealId?: string },
  language: Language,
): PickedRow | { readonly refused: string } | null {
  const labels = SHEETS_LABELS[language];
  const sheet = ss.getSheetByName(DEALS_SHEET);
  if (!sheet) return null;
  const width = sheet.getLastColumn();
  const last = sheet.getLastRow();
  if (width < 1 || last < 2) return null;
  const header = sheet.getSheetValues(1, 1, 1, width)[0];
  const { config, missing } = loadConfig(ss);
  const idIndex = findDealColumns(header).fields.get('id');
  const ids =
    missing || idIndex === undefined
      ? null
      : { cells: sheet.getSheetValues(2, idIndex + 1, last - 1, 1).map((row) => row[0]), firstRow: 2 };
  const onRow = ids?.cells[pick.row - 2];
  // The dialog opens on a row: below the deals, or on an empty row, there is no deal to pick.
  if (pick.dealId === undefined && (pick.row > last || (isBlank(onRow) && sheet.getSheetValues(pick.row, 1, 1, width)[0].every(isBlank))))
    return null;
  const wanted: DealPick = { row: pick.row, dealId: pick.dealId ?? (typeof onRow === 'number' ? String(onRow) : cellText(onRow)) };
  // The menu is in the spreadsheet's language, so the way to Set up workbook is too.
  const found = findPickedDeal(ids, wanted, missing, { language, setUpCommand: `${labels.menu} → ${labels.setUp}` });
  if ('refused' in found) return found;
  const values = sheet.getSheetValues(found.row, 1, 1, width)[0];
  const read = readDeals([header, values], config, { firstRow: found.row - 1 });
  const deal = read.deals[0];
  return deal ? { sheet, values, read, deal, config } : null;
}

/** What the dialog shows for a row; a string is a message to show instead. */
export function moveDialogData(ss: Spreadsheet, row: number, language: Language, now = new Date()): MoveDialogData | string {
  const labels = SHEETS_LABELS[language];
  const picked = row >= 2 ? readPicked(ss, { row }, language) : null;
  if (!picked) return labels.pickDealRow;
  if ('refused' in picked) return picked.refused;
  const form = moveForm(picked.config, picked.deal, picked.read.columns, now);
  const { moveTo, reason, save, cancel, noNextStage } = labels;
  return {
    row,
    dealId: form.deal.id,
    dealName: form.deal.name,
    current: form.deal.stage,
    options: form.options,
    labels: { moveTo, reason, save, cancel, noNextStage },
  };
}

export function showMoveDialog(ss: Spreadsheet): void {
  const language = languageOfLocale(ss.getSpreadsheetLocale());
  const labels = SHEETS_LABELS[language];
  const ui = SpreadsheetApp.getUi();
  const active = ss.getActiveRange();
  const onDeals = active && active.getSheet().getName() === DEALS_SHEET;
  const data = onDeals ? moveDialogData(ss, active.getRow(), language) : labels.pickDealRow;
  if (typeof data === 'string') {
    ui.alert(data);
    return;
  }
  const html = HtmlService.createHtmlOutput(moveDialogHtml(data)).setWidth(420).setHeight(380);
  ui.showModalDialog(html, labels.moveTitle);
}

/**
 * A planned cell as Sheets stores it: a core date becomes the sheet's midnight of that
 * day (asking the zone only then); the stamp is the instant itself, which Sheets shows
 * in the spreadsheet's zone; typed text goes in as text ("- call back", "=…").
 */
function sheetValue(cell: PlannedCell, zone: () => SheetZone): unknown {
  return cell.kind === 'date' && cell.value instanceof Date ? zone().toSheet(cell.value) : escapeCellText(cell.value);
}

/** The dialog's server call: finds the deal by its Deal ID, plans the move, then writes History, the cells and the stamp. */
export function applyDealMove(ss: Spreadsheet, request: MoveRequest, by: string, now = new Date()): MoveReply {
  const language = languageOfLocale(ss.getSpreadsheetLocale());
  const labels = SHEETS_LABELS[language];
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { ok: false, messages: [labels.lockBusy] };
  try {
    const pickedRow = Number(request.row);
    const dealId = String(request.dealId ?? '');
    const picked = readPicked(ss, { row: pickedRow, dealId }, language);
    if (!picked) return { ok: false, messages: [MOVE_DEAL_WORDS[language].dealGone(dealId)] };
    if ('refused' in picked) return { ok: false, messages: [picked.refused] };
    const { sheet, values, read, deal, config } = picked;
    const plan = planMove({
      config,
      deal,
      columns: read.columns,
      pickedRow,
      choice: { toStage: request.toStage, fields: request.fields ?? {}, reason: request.reason ?? '' },
      at: now,
      profile: { historySheet: HISTORY_SHEET, changedBy: by, language },
    });
    if (!plan.ok || !plan.history) return { ok: false, messages: plan.messages };
    let zone: SheetZone | undefined;
    const sheetZone = () => (zone ??= spreadsheetZone(ss));
    const typedClose = plan.cells.find((cell) => cell.field === 'expectedClose');
    const entry = typedClose
      ? { ...plan.history, expectedClose: sheetValue(typedClose, sheetZone) as Date }
      : entryForSheet(plan.history, values[read.columns.fields.get('expectedClose') ?? -1], sheetZone);
    // History first: when it is protected, nothing on Deals changes and the dialog says why.
    try {
      historySheet(ss).appendRow(escapeCellTexts([historyRow(entry)])[0]);
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      return { ok: false, messages: [`${labels.protectedRange(rangeName(HISTORY_SHEET))} ${labels.editPutBackProtected}`] };
    }
    // One cell per setValue: the cells a move writes are apart, and a block would overwrite the columns between them.
    for (const cell of plan.cells) sheet.getRange(deal.row, cell.column + 1).setValue(sheetValue(cell, sheetZone));
    const stageCell = sheet.getRange(deal.row, (read.columns.fields.get('stage') ?? 0) + 1);
    const note = stageCell.getNote();
    if (note.startsWith(NOTE_MARK)) stageCell.setNote(userNote(note));
    SpreadsheetApp.flush();
    return { ok: true, messages: plan.messages };
  } finally {
    lock.releaseLock();
  }
}
