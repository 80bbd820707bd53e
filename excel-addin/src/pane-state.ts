/**
 * What the task pane shows of the workbook (its stages, deals and problems) and the
 * one read every pane action starts with: loadBook reads the workbook and hands the
 * Stages table to the custom functions.
 */
import { DEALS_SHEET, type PipelineConfig, type Problem } from '../../src/core/index';
import type { DealChoice } from '../../src/workflows/move-deal';
import { shareStagesWithCustomFunctions } from './functions';

import { readPipeline, STAGES_MISSING, type PipelineBook } from './workbook';

/** Reads the workbook and keeps the Stages table for the custom functions. */
export async function loadBook(context: Excel.RequestContext): Promise<PipelineBook> {
  const book = await readPipeline(context);
  shareStagesWithCustomFunctions(book.stagesValues);
  return book;
}

/** A deal as the move form lists it (the move workflow's DealChoice). */
export type { DealChoice } from '../../src/workflows/move-deal';

/** What the task pane shows: the configuration, the deals, and findings. */
export interface PaneState {
  readonly config: PipelineConfig;
  readonly deals: readonly DealChoice[];
  readonly hasDeals: boolean;
  /** STAGES_MISSING when the workbook has no Stages sheet (nothing can be moved), else ''. */
  readonly stagesMissing: string;
  readonly problems: readonly Problem[];
}

/** The pane's picture of the workbook: its stages, its deals and their problems, read in one Excel.run. */
export async function readPaneState(): Promise<PaneState> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    return {
      config: book.config,
      deals: book.dealsRead.deals.map((d) => ({ row: d.row, id: d.id, name: d.name, stage: d.stage })),
      hasDeals: book.hasDeals,
      stagesMissing: book.stagesMissing ? STAGES_MISSING : '',
      problems: book.problems,
    };
  });
}

/** The 1-based sheet row of the active cell when it is on Deals, else null. */
export async function selectedDealRow(): Promise<number | null> {
  return Excel.run(async (context) => {
    const range = context.workbook.getActiveCell();
    range.load('rowIndex');
    range.worksheet.load('name');
    await context.sync();
    return range.worksheet.name === DEALS_SHEET ? range.rowIndex + 1 : null;
  });
}
