/**
 * Take a snapshot from Excel: the snapshot workflow's rows for today (one per open
 * deal, src/workflows/snapshot.ts) appended to the Snapshots sheet, which is created
 * with its header when missing. A second press the same day adds nothing. One
 * Excel.run: the pipeline read (two syncs, which also learn whether Snapshots exists),
 * one read of the Snapshots sheet, and one write; a write over Excel on the web's
 * 5 MB request limit goes in several syncs, and a Snapshots sheet too large to read
 * at once is read as its header and its last rows (today's rows are always last).
 *
 * Dates: "today" is the computer's wall-clock day, as the add-in stamps moves; the
 * snapshot and expected close dates are written as serial days, formatted as dates.
 */
import { SNAPSHOTS_SHEET, utf8Length } from '../../src/core/index';
import { snapshotRunWords } from '../../src/workflows/catalogue/index';
import { planSnapshot, snapshotMessage, type SnapshotPlan } from '../../src/workflows/snapshot';
import { loadBook } from './pane-state';
import { STAGES_MISSING, toExcelValue, wallClockInstant } from './workbook';

/** What a press of "Take snapshot" did, with the words to show in the workbook's language. */
export interface ExcelSnapshotResult {
  readonly appended: number;
  /** True when today already had every open deal, so nothing was appended. */
  readonly alreadyToday: boolean;
  /** Why nothing was appended (no Stages or Deals sheet, a header the tool cannot write under); '' otherwise. */
  readonly problem: string;
  /** The line to show: the problem, or what was added. */
  readonly message: string;
}

/** The most a write may carry in one sync: under Excel on the web's 5 MB request limit, with room for the envelope. */
const REQUEST_BUDGET_BYTES = 4_000_000;
/** How serial dates are shown. */
const DATE_FORMAT = 'yyyy-mm-dd';

/** The Snapshots sheet's cells as read: from `rowIndex` (0-based), or null when the sheet is missing. */
interface SnapshotsBlock {
  readonly sheet: Excel.Worksheet | null;
  readonly values: unknown[][] | null;
  readonly rowIndex: number;
  readonly columnIndex: number;
}

/** Appends today's snapshot of the open pipeline to the Snapshots sheet. */
export async function takeSnapshot(now = new Date()): Promise<ExcelSnapshotResult> {
  return Excel.run(async (context) => {
    // Queued before the pipeline read, so that its first sync also says whether Snapshots exists.
    const existing = context.workbook.worksheets.getItemOrNullObject(SNAPSHOTS_SHEET);
    existing.load('isNullObject');
    const book = await loadBook(context);
    const language = book.config.rules.language;
    if (book.stagesMissing || !book.hasDeals) {
      // Without Stages the open stages and probabilities would be the defaults, not the team's.
      const t = snapshotRunWords(language);
      const problem = `${book.stagesMissing ? STAGES_MISSING : t.snapshotNoDeals} ${t.snapshotNotTaken}`;
      return { appended: 0, alreadyToday: false, problem, message: problem };
    }
    const block = await readSnapshots(context, existing.isNullObject ? null : existing, book.dealsRead.deals.length);
    const plan = planSnapshot({ deals: book.dealsRead.deals, config: book.config, today: wallClockInstant(now), existing: block.values });
    if (plan.problem) return { appended: 0, alreadyToday: false, problem: plan.problem, message: plan.problem };
    if (plan.rows.length) await writeSnapshot(context, block, plan);
    const done = { appended: plan.rows.length, alreadyToday: plan.alreadyToday, problem: '' };
    return { ...done, message: snapshotMessage(done, language) };
  });
}

/**
 * The Snapshots sheet's used range in one sync. When Excel on the web refuses a
 * response that large, the header row and the last `tail` rows are read instead
 * (one sync for the size, one for the rows): a run appends at most one row per deal,
 * so today's rows are all among them.
 */
async function readSnapshots(context: Excel.RequestContext, sheet: Excel.Worksheet | null, tail: number): Promise<SnapshotsBlock> {
  if (!sheet) return { sheet, values: null, rowIndex: 0, columnIndex: 0 };
  const used = sheet.getUsedRange(true);
  used.load('values, rowIndex, columnIndex');
  try {
    await context.sync();
    return { sheet, values: used.values as unknown[][], rowIndex: used.rowIndex, columnIndex: used.columnIndex };
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ResponsePayloadSizeLimitExceeded') throw error;
  }
  const size = sheet.getUsedRange(true);
  size.load('rowIndex, columnIndex, rowCount, columnCount');
  await context.sync();
  const last = Math.min(tail, size.rowCount - 1);
  const header = sheet.getRangeByIndexes(size.rowIndex, size.columnIndex, 1, size.columnCount);
  const rows = sheet.getRangeByIndexes(size.rowIndex + size.rowCount - last, size.columnIndex, Math.max(last, 1), size.columnCount);
  header.load('values');
  rows.load('values');
  await context.sync();
  // The rows in between are left out: the header stays first and the rows keep their place below it.
  return {
    sheet,
    values: [...(header.values as unknown[][]), ...(last > 0 ? (rows.values as unknown[][]) : [])],
    rowIndex: size.rowIndex + size.rowCount - 1 - last,
    columnIndex: size.columnIndex,
  };
}

/**
 * Writes the header (for a new or empty sheet) and the rows under the last filled
 * row, with date cells formatted as dates, in as few syncs as the request limit allows.
 * null in the numberFormat array leaves a cell's format as the user set it
 * (https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values).
 */
async function writeSnapshot(context: Excel.RequestContext, block: SnapshotsBlock, plan: SnapshotPlan): Promise<void> {
  const sheet = block.sheet ?? context.workbook.worksheets.add(SNAPSHOTS_SHEET);
  const rows: (string | number | boolean)[][] = [];
  const formats: (string | null)[][] = [];
  if (plan.header) {
    rows.push(plan.header.map((cell) => cell));
    formats.push(plan.header.map(() => null));
    sheet.freezePanes.freezeRows(1);
  }
  for (const row of plan.rows) {
    rows.push(row.map((cell) => toExcelValue(cell)));
    formats.push(row.map((cell) => (cell instanceof Date ? DATE_FORMAT : null)));
  }
  const top = plan.header ? (block.values ? block.rowIndex : 0) : block.rowIndex + plan.lastFilledRow + 1;
  const left = plan.header && !block.values ? 0 : block.columnIndex;
  let start = 0;
  let bytes = 0;
  const flush = async (end: number) => {
    const range = sheet.getRangeByIndexes(top + start, left, end - start, plan.width);
    range.values = rows.slice(start, end);
    range.numberFormat = formats.slice(start, end) as string[][];
    await context.sync();
    start = end;
    bytes = 0;
  };
  for (let i = 0; i < rows.length; i++) {
    const weight = utf8Length(JSON.stringify(rows[i])) + utf8Length(JSON.stringify(formats[i]));
    if (bytes + weight > REQUEST_BUDGET_BYTES && i > start) await flush(i);
    bytes += weight;
  }
  await flush(rows.length);
}
