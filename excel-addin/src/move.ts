/**
 * Moving a deal from the task pane: the form (the stages a deal may go to, the fields
 * each still needs), finding the picked deal again by its Deal ID, and the move
 * itself, checked by the core and written in one batch.
 */
import {
  DEAL_HEADERS,
  checkMove,
  missingFields,
  moveEntry,
  nextStageOptions,
  parseDate,
  parseNumber,
  type Deal,
  type DealField,
  type PipelineConfig,
} from '../../src/core/index';

import { tellPane } from './pane-messages';

import {
  dealColumn,
  dealColumnLabel,
  dealsValueAt,
  STAGES_MISSING,
  toExcelValue,
  wallClockInstant,
  wallClockSerial,
  writeMoves,
  type CellWrite,
  type PipelineBook,
} from './workbook';
import { loadBook } from './pane-state';
import type { DealChoice } from './pane-state';

/** The form for moving one deal: the stages it may go to and, per stage, the fields still missing. */
export interface MoveForm {
  readonly deal: DealChoice;
  readonly options: readonly { readonly stage: string; readonly missing: readonly { readonly field: DealField; readonly label: string }[]; readonly needsReason: boolean }[];
}

export function moveForm(config: PipelineConfig, deal: Deal, now: Date): MoveForm {
  const at = wallClockInstant(now);
  return {
    deal: { row: deal.row, id: deal.id, name: deal.name, stage: deal.stage },
    options: nextStageOptions(config, deal, at).map((stage) => {
      const probe = checkMove(config, deal, stage.name, at, { reason: '' });
      return {
        stage: stage.name,
        missing: missingFields(deal, stage).map((field) => ({ field, label: DEAL_HEADERS.en[field] })),
        needsReason: probe.reasons.some((r) => r.code === 'backward-needs-reason'),
      };
    }),
  };
}

/** The deal the pane picked: its Deal ID, and the 1-based Deals row it was listed on. */
export interface DealPick {
  readonly dealId: string;
  readonly row: number;
}

/**
 * Finds the picked deal in a fresh read of Deals, by its Deal ID: the user may have
 * sorted, inserted or deleted rows since the pane listed it, so the row is only where
 * to look first. A deal whose ID is gone, is on more than one row, or is blank (its
 * row is all that names it, and a sort changes that) is refused, and so is every move
 * while the Stages sheet is missing.
 */
export function findPickedDeal(book: PipelineBook, pick: DealPick): { readonly deal: Deal } | { readonly refused: string } {
  if (book.stagesMissing) return { refused: `${STAGES_MISSING} Nothing was moved.` };
  const idColumn = dealColumn(book, 'id');
  const onRow = book.dealsRead.deals.find((d) => d.row === pick.row);
  const typedId = (deal: Deal) => (idColumn === undefined ? '' : String(dealsValueAt(book, deal.row - 1, idColumn)).trim());
  if (onRow && onRow.id === pick.dealId && typedId(onRow) === '') {
    return { refused: `The deal on row ${pick.row} of Deals has no Deal ID, so the add-in cannot be sure it is still the deal you picked. Type a unique ID in its Deal ID column, then move it.` };
  }
  const matches = book.dealsRead.deals.filter((d) => d.id === pick.dealId && typedId(d) !== '');
  if (matches.length === 0) {
    return { refused: `Deal ${pick.dealId} is no longer on the Deals sheet (deleted, or its Deal ID changed); nothing was moved. Pick the deal again from the list.` };
  }
  if (matches.length > 1) {
    return { refused: `Deal ID ${pick.dealId} is on rows ${matches.map((d) => d.row).join(', ')} of Deals, so the add-in cannot tell which deal to move; give each deal its own ID, then move it. Nothing was moved.` };
  }
  return { deal: matches[0] };
}

/** Builds the move form for the picked deal, found by its Deal ID (see findPickedDeal); null when it cannot be found. */
export async function moveFormFor(pick: DealPick, now = new Date()): Promise<MoveForm | null> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const found = findPickedDeal(book, pick);
    return 'deal' in found ? moveForm(book.config, found.deal, now) : null;
  });
}

export interface MoveRequest extends DealPick {
  readonly to: string;
  /** Values typed for missing fields, by field. */
  readonly fields: Readonly<Partial<Record<DealField, string>>>;
  readonly reason: string;
}

export interface MoveResult {
  readonly ok: boolean;
  readonly reasons: readonly string[];
}

const DATE_FIELDS: readonly DealField[] = ['created', 'expectedClose', 'closedOn', 'nextStepDate', 'stageChanged', 'snoozeUntil'];

/**
 * Moves a deal from the task pane: the deal is found by its Deal ID in a read made
 * in the same Excel.run as the write (findPickedDeal), the typed fields are read as
 * the core reads cells, the move is checked, and only a valid move is written (stage,
 * fields, reason, "Stage changed", the stage log) in one batch with events off, on the
 * row the deal is on now.
 */
export async function moveDeal(request: MoveRequest, now = new Date()): Promise<MoveResult> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const found = findPickedDeal(book, request);
    if ('refused' in found) return { ok: false, reasons: [found.refused] };
    const deal = found.deal;
    const reasons: string[] = [];
    const updates: Record<string, unknown> = {};
    const cells: CellWrite[] = [];
    for (const [field, typed] of Object.entries(request.fields) as [DealField, string][]) {
      if (typed.trim() === '') continue;
      const column = dealColumn(book, field);
      const label = dealColumnLabel(book, field);
      if (column === undefined) {
        reasons.push(`The Deals sheet has no "${label}" column; add it, then move the deal again.`);
        continue;
      }
      if (field === 'amount') {
        const parsed = parseNumber(typed);
        if (!parsed.ok || parsed.value === null || parsed.value < 0) reasons.push(`${label}: "${typed}" is not an amount; type a number such as 12500.`);
        else {
          updates.amount = parsed.value;
          cells.push({ row: deal.row - 1, column, value: parsed.value });
        }
      } else if (DATE_FIELDS.includes(field)) {
        // In the Stages sheet's Date order, as the Deals sheet's own text dates are read: 03/04/2026 is 4 March under mdy.
        const parsed = parseDate(typed, book.config.rules.dateOrder);
        if (!parsed.ok || !parsed.date) reasons.push(`${label}: "${typed}" is not a date; type it as 2026-11-23.`);
        else {
          updates[field] = parsed.date;
          cells.push({ row: deal.row - 1, column, value: toExcelValue(parsed.date), numberFormat: 'yyyy-mm-dd' });
        }
      } else {
        // Owners are kept as typed, as readDeals keeps them (ownerKey compares addresses whatever their case).
        updates[field] = typed.trim();
        cells.push({ row: deal.row - 1, column, value: typed.trim() });
      }
    }
    const updated: Deal = { ...deal, ...updates };
    const at = wallClockInstant(now);
    const check = checkMove(book.config, updated, request.to, at, { reason: request.reason });
    if (!check.ok || reasons.length > 0) return { ok: false, reasons: [...reasons, ...check.reasons.map((r) => r.message)] };
    const to = check.to?.name ?? request.to;
    cells.push({ row: deal.row - 1, column: dealColumn(book, 'stage')!, value: to });
    const changed = dealColumn(book, 'stageChanged');
    if (changed !== undefined) cells.push({ row: deal.row - 1, column: changed, value: wallClockSerial(now), numberFormat: 'yyyy-mm-dd hh:mm' });
    const reasonColumn = dealColumn(book, 'moveReason');
    if (reasonColumn !== undefined && request.reason.trim()) cells.push({ row: deal.row - 1, column: reasonColumn, value: request.reason.trim() });
    await writeMoves(context, book, cells, [moveEntry(updated, deal.stage, to, at, '', 'menu', book.config)]);
    const moved = deal.row === request.row ? '' : ` (it is on row ${deal.row} now, not row ${request.row})`;
    tellPane({ kind: 'status', text: `${deal.id} moved from "${deal.stage}" to "${to}" and recorded in ${book.historySheet}${moved}.` });
    return { ok: true, reasons: [] };
  });
}
