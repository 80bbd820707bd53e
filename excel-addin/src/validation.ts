/**
 * The Deals sheet's `onChanged` handler: every Stage edit is checked with the core's
 * `checkMove`. An invalid edit is put back to the old stage and the task pane says
 * why; a valid one gets "Stage changed" stamped and a row in the stage log (the
 * "Stage history" sheet, or "History" in a workbook that has one; see workbook.ts).
 *
 * Excel's event details (valueBefore/valueAfter) describe one cell only, so for a
 * paste over many rows the new stages are read back from the sheet and each row's
 * old stage is taken from the stage log (its latest move). The handler reads the three
 * tables in one batch and writes in one batch, with events off (see workbook.ts).
 * An event for the add-in's own write is ignored: Excel marks it `triggerSource:
 * 'ThisLocalAddin'` (ExcelApi 1.14), and `ownWrites` catches it on a build without
 * that property. A change a co-author made (`source: 'Remote'`) is ignored too: their
 * own copy of the add-in checks it.
 *
 * Without a Stages sheet nothing is judged: the default stages are not the team's,
 * and a move they refuse may be one the team allows. As in the Google Sheets add-on,
 * each edited Stage cell is put back to its previous stage (the event's valueBefore,
 * or for a paste the stage log's latest move) and the pane says how to bring Stages
 * back; a cell whose previous stage is unknown is left as typed, and the pane says so.
 */
import {
  checkMove,
  latestStages,
  moveEntry,
  stageKey,
  DEALS_SHEET,
  type HistoryEntry,
} from '../../src/core/index';
import { tellPane, type PaneFinding } from './pane-messages';
import {
  cellAddress,
  dealColumn,
  dealColumnLabel,
  dealsValueAt,
  ownWrites,
  parseAddress,
  readPipeline,
  STAGES_MISSING,
  wallClockInstant,
  wallClockSerial,
  writeMoves,
  type CellWrite,
  type PipelineBook,
} from './workbook';

/** What one run of the handler did, for the pane and for tests. */
export interface StageEditOutcome {
  readonly accepted: readonly { readonly row: number; readonly dealId: string; readonly from: string; readonly to: string }[];
  readonly reverted: readonly PaneFinding[];
  /** Why nothing was checked ('' when something was). */
  readonly skipped: string;
}

const NOTHING = (skipped: string): StageEditOutcome => ({ accepted: [], reverted: [], skipped });

/** The part of Excel's WorksheetChangedEventArgs the handler uses. */
export type StageEditEvent = Pick<Excel.WorksheetChangedEventArgs, 'address' | 'source' | 'changeType'> & {
  readonly details?: Pick<Excel.ChangedEventDetail, 'valueBefore' | 'valueAfter'>;
  /** Absent before ExcelApi 1.14. */
  readonly triggerSource?: Excel.WorksheetChangedEventArgs['triggerSource'];
};

/**
 * Whether the Deals handler is registered in this runtime. The shared runtime serves
 * one workbook, and both the start-up and "Set up workbook" ask to watch Deals: a
 * second handler would check every edit twice and log each valid move twice.
 */
let watching = false;

/** Registers the handler on the Deals sheet once; false when the workbook has no Deals sheet yet. */
export async function watchDeals(context: Excel.RequestContext): Promise<boolean> {
  const deals = context.workbook.worksheets.getItemOrNullObject(DEALS_SHEET);
  deals.load('isNullObject');
  await context.sync();
  if (deals.isNullObject) return false;
  if (watching) return true;
  // Set before the sync, so a second call that starts meanwhile does not add another handler.
  watching = true;
  deals.onChanged.add(async (event) => {
    await validateStageEdit(event);
  });
  try {
    await context.sync();
  } catch (error) {
    watching = false;
    throw error;
  }
  return true;
}

/** Forgets the registration; for tests, which give each case a new workbook. */
export function forgetDealsWatch(): void {
  watching = false;
}

/**
 * Checks the Stage cells an edit touched. `now` is the moment of the edit (the
 * stamp written to "Stage changed" and the stage log).
 */
export async function validateStageEdit(event: StageEditEvent, now: Date = new Date()): Promise<StageEditOutcome> {
  if (event.triggerSource === 'ThisLocalAddin') return NOTHING("the add-in's own write");
  if (event.source === 'Remote') return NOTHING('a co-author made this change; their add-in checks it');
  if (event.changeType !== 'RangeEdited') return NOTHING(`a ${event.changeType} change moves cells, it does not edit a stage`);
  const block = parseAddress(event.address);
  if (!block) return NOTHING('whole rows or columns changed');
  const valueAfter = event.details?.valueAfter;
  if (block.rowCount === 1 && block.columnCount === 1 && valueAfter !== undefined && ownWrites.isEcho(event.address, () => valueAfter)) {
    return NOTHING("the add-in's own write");
  }

  return Excel.run(async (context) => {
    const book = await readPipeline(context);
    if (ownWrites.isEcho(event.address, (row, column) => dealsValueAt(book, row, column))) return NOTHING("the add-in's own write");
    const stageColumn = dealColumn(book, 'stage');
    if (stageColumn === undefined || stageColumn < block.column || stageColumn >= block.column + block.columnCount) {
      return NOTHING('no Stage cell changed');
    }
    const outcome = book.stagesMissing ? putBackRows(book, event, block.row, block.rowCount, stageColumn) : checkRows(book, event, block.row, block.rowCount, stageColumn, now);
    const cells: CellWrite[] = [...outcome.reverts];
    const changedColumn = dealColumn(book, 'stageChanged');
    if (changedColumn !== undefined) {
      for (const move of outcome.accepted) {
        cells.push({ row: move.row - 1, column: changedColumn, value: wallClockSerial(now), numberFormat: 'yyyy-mm-dd hh:mm' });
      }
    }
    await writeMoves(context, book, cells, outcome.history);
    const result: StageEditOutcome = { accepted: outcome.accepted, reverted: outcome.findings, skipped: '' };
    if (outcome.findings.length > 0) {
      tellPane({ kind: 'findings', title: 'Stage edits that were undone', findings: outcome.findings });
      tellPane({ kind: 'show', section: 'findings' });
    } else if (outcome.accepted.length > 0) {
      const moves = outcome.accepted.map((m) => `${m.dealId}: ${m.from || '(new)'} → ${m.to}`).join('; ');
      tellPane({ kind: 'status', text: `Recorded in ${book.historySheet}: ${moves}` });
    }
    return result;
  });
}

interface RowChecks {
  readonly accepted: { row: number; dealId: string; from: string; to: string }[];
  readonly findings: PaneFinding[];
  readonly reverts: CellWrite[];
  readonly history: HistoryEntry[];
}

function checkRows(book: PipelineBook, event: StageEditEvent, firstRow: number, rowCount: number, stageColumn: number, now: Date): RowChecks {
  const result: RowChecks = { accepted: [], findings: [], reverts: [], history: [] };
  const label = dealColumnLabel(book, 'stage');
  const single = rowCount === 1 && event.details !== undefined;
  const at = wallClockInstant(now);
  const previous = single ? undefined : latestStages(book.history);
  const dealsByRow = new Map(book.dealsRead.deals.map((d) => [d.row, d]));
  for (let row = firstRow; row < firstRow + rowCount; row++) {
    const deal = dealsByRow.get(row + 1);
    if (!deal) continue;
    const typed = deal.stage;
    const before = single ? String(event.details?.valueBefore ?? '') : previous?.get(deal.id) ?? '';
    const address = cellAddress(row, stageColumn);
    const finding = (message: string): PaneFinding => ({ sheet: 'Deals', address, row: row + 1, column: label, message, severity: 'error' });
    if (before !== '' && stageKeyEqual(before, typed)) continue;
    if (typed === '') {
      if (before) {
        result.findings.push(finding(`The stage of ${deal.id} cannot be blank; it is back to "${before}". To close the deal, pick a won or lost stage.`));
        result.reverts.push({ row, column: stageColumn, value: before });
      }
      continue;
    }
    const check = checkMove(book.config, deal, typed, at, { from: before });
    if (check.ok) {
      result.accepted.push({ row: row + 1, dealId: deal.id, from: before, to: check.to?.name ?? typed });
      result.history.push(moveEntry(deal, before, check.to?.name ?? typed, at, '', 'edit', book.config));
      continue;
    }
    const why = check.reasons.map((r) => r.message).join(' ');
    if (before) {
      result.findings.push(finding(`${deal.id} cannot move from "${before}" to "${typed}": ${why} The stage is back to "${before}".`));
      result.reverts.push({ row, column: stageColumn, value: before });
    } else {
      result.findings.push(finding(`${deal.id} cannot be in "${typed}": ${why} The old stage is not known (no row in ${book.historySheet}), so the cell was left as typed; fix it by hand.`));
    }
  }
  return result;
}

/** Without a Stages sheet: every changed Stage cell goes back to its previous stage, unjudged (see the file comment). */
function putBackRows(book: PipelineBook, event: StageEditEvent, firstRow: number, rowCount: number, stageColumn: number): RowChecks {
  const result: RowChecks = { accepted: [], findings: [], reverts: [], history: [] };
  const label = dealColumnLabel(book, 'stage');
  const single = rowCount === 1 && event.details !== undefined;
  const previous = single ? undefined : latestStages(book.history);
  const dealsByRow = new Map(book.dealsRead.deals.map((d) => [d.row, d]));
  for (let row = firstRow; row < firstRow + rowCount; row++) {
    const deal = dealsByRow.get(row + 1);
    if (!deal) continue;
    const before = single ? String(event.details?.valueBefore ?? '') : previous?.get(deal.id) ?? '';
    if (before !== '' && stageKeyEqual(before, deal.stage)) continue;
    const finding = (message: string): PaneFinding => ({ sheet: 'Deals', address: cellAddress(row, stageColumn), row: row + 1, column: label, message, severity: 'error' });
    if (before === '') {
      result.findings.push(finding(`${STAGES_MISSING} The stage of ${deal.id} was left as typed, since its previous stage is not known (no row in ${book.historySheet}); it is not checked.`));
      continue;
    }
    result.findings.push(finding(`${STAGES_MISSING} The stage of ${deal.id} was put back to "${before}", since the change cannot be checked or written to ${book.historySheet} without it.`));
    result.reverts.push({ row, column: stageColumn, value: before });
  }
  return result;
}

function stageKeyEqual(a: string, b: string): boolean {
  return stageKey(a) === stageKey(b);
}
