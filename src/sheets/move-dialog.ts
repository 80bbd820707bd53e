/**
 * "Move deal to stage…": a dialog for the selected Deals row that offers only the
 * stages the rules allow next (core nextStageOptions), asks for the fields the
 * chosen stage still needs, and asks for a reason on a backward move. The dialog
 * calls the server through one typed helper (callServer, typed by MoveDialogServer
 * on both sides); the server checks the move again with checkMove before writing,
 * because the sheet may have changed while the dialog was open.
 */
import { cellText, isBlank, escapeCellText, parseNumber } from '../core/cells';
import { parseDate, type DateOrder } from '../core/dates';
import { findDealColumns, readDeals } from '../core/deals';
import { DEAL_HEADERS } from '../core/headers';
import { historyRow, moveEntry } from '../core/history';
import { checkMove, nextStageOptions } from '../core/moves';
import { findStage } from '../core/stages';
import type { Deal, DealField, PipelineConfig } from '../core/types';
import { historySheet, LOCK_WAIT_MS, NOTE_MARK, userNote } from './edit';
import { labelsFor, type SheetsLabels } from '../workflows/catalogue/index';
import { escapeCellTexts, DEALS_SHEET, HISTORY_SHEET, isProtectedError, loadConfig, rangeName, spreadsheetZone, STAGES_SHEET, type Sheet, type Spreadsheet } from './workbook';
import { moveDialogHtml } from './move-dialog-page';
import { entryForSheet } from './zone';

/** A stage the dialog offers, with what it will ask for. */
export interface MoveOption {
  readonly stage: string;
  readonly missing: readonly { readonly field: DealField; readonly label: string }[];
  readonly needsReason: boolean;
}

export interface MoveDialogData {
  readonly row: number;
  readonly dealId: string;
  readonly dealName: string;
  readonly current: string;
  readonly options: readonly MoveOption[];
  readonly labels: Pick<SheetsLabels, 'moveTo' | 'reason' | 'save' | 'cancel' | 'noNextStage'>;
}

export interface MoveRequest {
  readonly row: number;
  readonly dealId: string;
  readonly toStage: string;
  /** Values typed for missing fields, by field name. */
  readonly fields: Readonly<Partial<Record<DealField, string>>>;
  readonly reason: string;
}

export interface MoveReply {
  readonly ok: boolean;
  readonly messages: readonly string[];
}

/** The server functions the dialog may call; each is a top-level export of main.ts. */
export interface MoveDialogServer {
  applyDealMove(request: MoveRequest): MoveReply;
}

interface DealRow {
  readonly sheet: Sheet;
  readonly header: unknown[];
  readonly values: unknown[];
  readonly fields: ReadonlyMap<DealField, number>;
  readonly deal: Deal;
  readonly config: PipelineConfig;
}

function readRow(ss: Spreadsheet, row: number): DealRow | string {
  const sheet = ss.getSheetByName(DEALS_SHEET);
  if (!sheet || row < 2) return 'no-row';
  const width = sheet.getLastColumn();
  if (width < 1 || row > sheet.getLastRow()) return 'no-row';
  const block = sheet.getRange(1, 1, 1, width).getValues();
  const values = sheet.getRange(row, 1, 1, width).getValues()[0];
  const { config, missing } = loadConfig(ss);
  // Without Stages no move can be judged: the default stages would wrongly refuse a team's own.
  if (missing) return 'stages-missing';
  const deal = readDeals([block[0], values], config, { firstRow: row - 1 }).deals[0];
  if (!deal) return 'no-row';
  return { sheet, header: block[0], values, fields: findDealColumns(block[0]).fields, deal, config };
}

/** What the dialog shows for a row; a string is a message to show instead. */
export function moveDialogData(ss: Spreadsheet, row: number, labels: SheetsLabels, now = new Date()): MoveDialogData | string {
  const found = readRow(ss, row);
  if (found === 'stages-missing') return labels.sheetsMissing([STAGES_SHEET]);
  if (typeof found === 'string') return labels.pickDealRow;
  const { deal, config } = found;
  const options = nextStageOptions(config, deal, now).map((stage): MoveOption => {
    const check = checkMove(config, deal, stage.name, now, { reason: '' });
    return {
      stage: stage.name,
      missing: check.reasons.filter((r) => r.code === 'required-field' && r.field).map((r) => ({ field: r.field!, label: DEAL_HEADERS.en[r.field!] })),
      needsReason: check.reasons.some((r) => r.code === 'backward-needs-reason'),
    };
  });
  const { moveTo, reason, save, cancel, noNextStage } = labels;
  return { row, dealId: deal.id, dealName: deal.name, current: deal.stage, options, labels: { moveTo, reason, save, cancel, noNextStage } };
}

export function showMoveDialog(ss: Spreadsheet): void {
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  const active = ss.getActiveRange();
  const onDeals = active && active.getSheet().getName() === DEALS_SHEET;
  const data = onDeals ? moveDialogData(ss, active.getRow(), labels) : labels.pickDealRow;
  if (typeof data === 'string') {
    ui.alert(data);
    return;
  }
  const html = HtmlService.createHtmlOutput(moveDialogHtml(data)).setWidth(420).setHeight(380);
  ui.showModalDialog(html, labels.moveTitle);
}

/**
 * A typed cell value: numbers for Amount and Probability, sheet Dates for date fields
 * (read in the Stages sheet's Date order, so 03/04/2026 is 4 March under mdy), else text.
 */
function typedValue(field: DealField, text: string, toSheet: (d: Date) => Date, order: DateOrder | undefined): unknown | { error: string } {
  if (field === 'amount' || field === 'probability') {
    const parsed = parseNumber(text);
    return parsed.ok ? parsed.value ?? '' : { error: `${DEAL_HEADERS.en[field]}: ${parsed.reason}` };
  }
  if (['created', 'expectedClose', 'closedOn', 'nextStepDate', 'snoozeUntil', 'stageChanged'].includes(field)) {
    const parsed = parseDate(text, order);
    return parsed.ok ? (parsed.date ? toSheet(parsed.date) : '') : { error: `${DEAL_HEADERS.en[field]}: ${parsed.reason}` };
  }
  return text;
}

/** The dialog's server call: checks the move again, then writes the fields, the stage, the stamp and History. */
export function applyDealMove(ss: Spreadsheet, request: MoveRequest, by: string, now = new Date()): MoveReply {
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { ok: false, messages: [labels.lockBusy] };
  try {
    const found = readRow(ss, Number(request.row));
    if (found === 'stages-missing') return { ok: false, messages: [labels.sheetsMissing([STAGES_SHEET])] };
    if (typeof found === 'string' || found.deal.id !== request.dealId) {
      return { ok: false, messages: ['The deal is no longer on that row (rows were sorted or deleted); select it again.'] };
    }
    const { sheet, header, fields, config, deal } = found;
    const values = [...found.values];
    const zone = spreadsheetZone(ss);
    const writes: [number, unknown][] = [];
    const messages: string[] = [];
    for (const [field, text] of Object.entries(request.fields ?? {}) as [DealField, string][]) {
      if (isBlank(text)) continue;
      const index = fields.get(field);
      if (index === undefined) {
        messages.push(`The Deals sheet has no "${DEAL_HEADERS.en[field]}" column; add it, then try again.`);
        continue;
      }
      const value = typedValue(field, cellText(text), zone.toSheet, config.rules.dateOrder);
      if (value && typeof value === 'object' && 'error' in value) messages.push(String(value.error));
      else {
        values[index] = value;
        writes.push([index, value]);
      }
    }
    if (messages.length) return { ok: false, messages };
    const reason = cellText(request.reason);
    const reasonIndex = fields.get('moveReason');
    if (reason && reasonIndex !== undefined) {
      values[reasonIndex] = reason;
      writes.push([reasonIndex, reason]);
    }
    const updated = readDeals([header, values], config, { firstRow: request.row - 1 }).deals[0];
    const check = checkMove(config, updated, request.toStage, now, { from: deal.stage, reason });
    if (!check.ok || !check.to) return { ok: false, messages: check.reasons.map((r) => r.message) };

    const stageIndex = fields.get('stage')!;
    writes.push([stageIndex, check.to.name]);
    const stampIndex = fields.get('stageChanged');
    if (stampIndex !== undefined) writes.push([stampIndex, now]);
    const from = findStage(config, deal.stage)?.name ?? deal.stage;
    // History first: when it is protected, nothing on Deals changes and the dialog says why.
    try {
      const entry = moveEntry({ ...updated, stage: check.to.name }, from, check.to.name, now, by, 'menu', config);
      historySheet(ss).appendRow(escapeCellTexts([historyRow(entryForSheet(entry, values[fields.get('expectedClose') ?? -1], () => zone))])[0]);
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      return { ok: false, messages: [`${labels.protectedRange(rangeName(HISTORY_SHEET))} ${labels.editPutBackProtected}`] };
    }
    // Typed text (a next step "- call back", a reason "=…") goes in as text; numbers and dates as they are.
    for (const [index, value] of writes) sheet.getRange(request.row, index + 1).setValue(escapeCellText(value));
    const stageCell = sheet.getRange(request.row, stageIndex + 1);
    const note = stageCell.getNote();
    if (note.startsWith(NOTE_MARK)) stageCell.setNote(userNote(note));
    SpreadsheetApp.flush();
    return { ok: true, messages: [`${deal.name || deal.id}: ${from} → ${check.to.name}`] };
  } finally {
    lock.releaseLock();
  }
}
