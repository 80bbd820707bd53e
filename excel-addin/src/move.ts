/**
 * Moving a deal from the task pane: the Excel side of the "move a deal" workflow
 * (src/workflows/move-deal.ts). It reads the workbook in one Excel.run, asks the
 * workflow for the form, for the picked deal (found again by its Deal ID) and for the
 * plan of the move, and writes the plan in one batch with events off. The messages
 * follow the document's language, as the Sheets dialog follows the spreadsheet's locale.
 */
import type { Deal, DealField, Language } from '../../src/core/index';
import { MOVE_DEAL_WORDS } from '../../src/workflows/catalogue/index';
import {
  findPickedDeal as findPickedRow,
  moveForm,
  planMove,
  type DealIdColumn,
  type DealPick,
  type MoveForm,
  type PlannedCell,
} from '../../src/workflows/move-deal';
import { tellPane } from './pane-messages';
import { loadBook } from './pane-state';
import { officeLanguage, toExcelValue, wallClockInstant, writeMoves, type CellWrite, type PipelineBook } from './workbook';

export type { DealPick, MoveForm };

/** The Deal ID column of the Deals block as read, or null when the sheet has none. */
function dealIdColumn(book: PipelineBook): DealIdColumn | null {
  const index = book.dealsRead.columns.fields.get('id');
  const block = book.deals;
  if (index === undefined || !block) return null;
  const below = book.dealsRead.columns.headerIndex + 1;
  return { cells: block.values.slice(below).map((row) => row[index]), firstRow: block.rowIndex + below + 1 };
}

/**
 * Finds the picked deal in a fresh read of Deals by its Deal ID (the workflow's
 * findPickedDeal): the row is only where it was listed. Refused while Stages is
 * missing, and for a blank, duplicate or vanished ID.
 */
export function findPickedDeal(
  book: PipelineBook,
  pick: DealPick,
  language: Language = officeLanguage(),
): { readonly deal: Deal } | { readonly refused: string } {
  // Set-up is the workflow's default "Pipeline → Set up workbook": the ribbon's words, English only (manifest.xml).
  const found = findPickedRow(dealIdColumn(book), pick, book.stagesMissing, { language });
  if ('refused' in found) return found;
  const deal = book.dealsRead.deals.find((d) => d.row === found.row);
  return deal ? { deal } : { refused: MOVE_DEAL_WORDS[language].dealGone(pick.dealId) };
}

/** Builds the move form for the picked deal, found by its Deal ID (see findPickedDeal); null when it cannot be found. */
export async function moveFormFor(pick: DealPick, now = new Date()): Promise<MoveForm | null> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const language = officeLanguage();
    const found = findPickedDeal(book, pick, language);
    return 'deal' in found ? moveForm(book.config, found.deal, book.dealsRead.columns, wallClockInstant(now)) : null;
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

/** Number formats for what a plan writes: a date as a date, the stamp with its time, a probability as a percentage. */
const FORMATS: Readonly<Partial<Record<PlannedCell['kind'], string>>> = { date: 'yyyy-mm-dd', moment: 'yyyy-mm-dd hh:mm', percent: '0%' };

/**
 * Moves a deal from the task pane: the deal is found by its Deal ID in a read made in
 * the same Excel.run as the write, the workflow plans the move, and only a valid plan
 * is written (fields, reason, stage, "Stage changed", the stage log row) in one batch
 * with events off, on the row the deal is on now.
 */
export async function moveDeal(request: MoveRequest, now = new Date()): Promise<MoveResult> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const language = officeLanguage();
    const found = findPickedDeal(book, request, language);
    if ('refused' in found) return { ok: false, reasons: [found.refused] };
    const plan = planMove({
      config: book.config,
      deal: found.deal,
      columns: book.dealsRead.columns,
      pickedRow: request.row,
      choice: { toStage: request.to, fields: request.fields, reason: request.reason },
      // The stamp is the local wall-clock time, as Excel shows it (see workbook.ts).
      at: wallClockInstant(now),
      profile: { historySheet: book.historySheet, changedBy: '', language },
    });
    if (!plan.ok || !plan.history) return { ok: false, reasons: plan.messages };
    const firstColumn = book.deals?.columnIndex ?? 0;
    const cells = plan.cells.map((cell): CellWrite => {
      const format = FORMATS[cell.kind];
      return {
        row: found.deal.row - 1,
        column: firstColumn + cell.column,
        value: toExcelValue(cell.value),
        ...(format ? { numberFormat: format } : {}),
      };
    });
    await writeMoves(context, book, cells, [plan.history]);
    tellPane({ kind: 'status', text: plan.messages[0] });
    return { ok: true, reasons: [] };
  });
}
