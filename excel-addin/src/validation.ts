/**
 * The Deals sheet's `onChanged` handler: the Excel side of the "check a Stage edit or
 * a paste" workflow (src/workflows/check-edits.ts), which decides. This file reads the
 * three tables in one batch, asks the workflow, writes its plan in one batch with
 * events off (see workbook.ts) and tells the task pane: a refused edit is put back
 * and the pane says why; a valid one gets "Stage changed" stamped and a row in the
 * stage log (the "Stage history" sheet, or "History" in a workbook that has one).
 *
 * Excel's event details (valueBefore/valueAfter) describe one cell only, so for a
 * paste over many rows the new stages are read back from the sheet and each row's
 * old stage is taken from the stage log (its latest move). An event for the add-in's
 * own write is ignored: Excel marks it `triggerSource: 'ThisLocalAddin'` (ExcelApi
 * 1.14), and `ownWrites` catches it on a build without that property. A change a
 * co-author made (`source: 'Remote'`) is ignored too: their own copy of the add-in
 * checks it. The words follow Office's display language, as the Sheets add-on's
 * follow the spreadsheet's locale.
 */
import { latestStages, DEALS_SHEET } from '../../src/core/index';
import { checkStageEdits } from '../../src/workflows/check-edits';
import { tellPane, type PaneFinding } from './pane-messages';
import {
  cellAddress,
  dealColumn,
  dealColumnLabel,
  dealsValueAt,
  excelProfile,
  ownWrites,
  parseAddress,
  readPipeline,
  wallClockInstant,
  wallClockSerial,
  writeMoves,
  type CellWrite,
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
 * Whether the Deals handler is registered in this runtime. This state stays in the
 * module, on purpose: the shared runtime (the manifest's SharedRuntime) is one
 * JavaScript context for one workbook, in which the start-up and "Set up workbook"
 * both ask to watch Deals, from call stacks that share nothing else, and Office.js gives no
 * list of the handlers a sheet already has. A second handler would check every
 * edit twice and log each valid move twice. forgetDealsWatch resets it for tests.
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
    const single = block.rowCount === 1 && event.details !== undefined;
    // 1-based sheet rows of the edit, as the core numbers a deal's row.
    const first = block.row + 1;
    const last = block.row + block.rowCount;
    const plan = checkStageEdits(
      {
        config: book.config,
        stagesMissing: book.stagesMissing,
        deals: book.dealsRead.deals.filter((deal) => deal.row >= first && deal.row <= last),
        valueBefore: single ? String(event.details?.valueBefore ?? '') : undefined,
        latestStages: single ? undefined : latestStages(book.history),
        now: wallClockInstant(now),
        source: single ? 'edit' : 'paste',
      },
      excelProfile(book),
    );
    const cells: CellWrite[] = plan.rows.filter((o) => o.rewrite).map((o) => ({ row: o.row - 1, column: stageColumn, value: o.stage }));
    const changedColumn = dealColumn(book, 'stageChanged');
    if (changedColumn !== undefined) {
      for (const o of plan.rows) {
        if (o.move) cells.push({ row: o.row - 1, column: changedColumn, value: wallClockSerial(now), numberFormat: 'yyyy-mm-dd hh:mm' });
      }
    }
    await writeMoves(context, book, cells, plan.history);
    const label = dealColumnLabel(book, 'stage');
    const reverted = plan.refused.map(
      (o): PaneFinding => ({
        sheet: DEALS_SHEET,
        address: cellAddress(o.row - 1, stageColumn),
        row: o.row,
        column: label,
        message: o.rejectionReason,
        severity: 'error',
      }),
    );
    const accepted = plan.rows.flatMap((o) => (o.move ? [{ row: o.row, dealId: o.dealId, from: o.move.from, to: o.move.to }] : []));
    if (reverted.length > 0) {
      tellPane({ kind: 'findings', title: plan.words.undoneTitle, findings: reverted });
      tellPane({ kind: 'show', section: 'findings' });
    } else if (plan.recorded) {
      tellPane({ kind: 'status', text: plan.recorded });
    }
    return { accepted, reverted, skipped: '' };
  });
}
