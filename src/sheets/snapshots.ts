/**
 * Weekly snapshots of the open pipeline, with no server: an installable time-driven
 * trigger (installed from the Stale alerts menu; installing again replaces it, so
 * there is only ever one) runs takeWeeklySnapshot every Monday at the Digest hour
 * set in Stages, in the spreadsheet's timezone. Each run appends the core's
 * takeSnapshot rows (one per open deal) to the Snapshots sheet, creating the sheet
 * with its header when it is missing, in blocks of SNAPSHOT_BATCH rows (one
 * setValues each, so up to that many deals it is one write). The rows already there
 * for today are the checkpoint: a run appends only the deals today does not have
 * yet, so a second run the same day (the trigger and the menu, a retried trigger)
 * appends nothing, and a run that Apps Script stopped at its 6-minute limit between
 * two blocks is finished by the next with no deal twice and none missing. The run
 * also watches its own time and stops at RUN_BUDGET_MS, leaving the rest to a one-off
 * trigger a minute later. Without a Stages or Deals sheet, or with the Snapshots
 * sheet protected, it writes nothing and says why. A run makes the same number of
 * service calls for 5 deals as for 1,000. The backtest in the command line's report
 * reads this sheet later.
 *
 * Dates: "today" is the spreadsheet's local day; the snapshot and expected close
 * dates are written as local midnights, as Sheets shows date cells.
 */
import { SNAPSHOTS_HEADERS, SNAPSHOTS_SHEET } from '../core/index';
import { labelsFor, languageOfLocale, snapshotRunWords } from '../workflows/catalogue/index';
import { planSnapshot, SNAPSHOT_BATCH, snapshotColumns, type SnapshotPlan } from '../workflows/snapshot';
import { elapsedSince, removeTriggers, RUN_BUDGET_MS, scheduleContinuation } from './continuation';
import {
  DEALS_SHEET,
  isProtectedError,
  loadConfig,
  loadDeals,
  rangeName,
  rangeToWrite,
  readSheetByName,
  spreadsheetZone,
  STAGES_SHEET,
  type Sheet,
  type Spreadsheet,
} from './workbook';
import { cellsToCore, type SheetZone } from './zone';

export { SNAPSHOT_BATCH };

/** The top-level function the weekly trigger calls (exported from main.ts). */
export const SNAPSHOT_HANDLER = 'takeWeeklySnapshot';
/** The top-level function a one-off trigger calls to finish a snapshot that stopped at its time budget. */
export const SNAPSHOT_CONTINUE_HANDLER = 'continueWeeklySnapshot';
/** How long a snapshot waits for an edit or a digest to finish with the document. */
const LOCK_WAIT_MS = 30_000;

/** Replaces any snapshot trigger with one that runs every Monday at the Digest hour. */
export function installSnapshotTrigger(ss: Spreadsheet): { hour: number; timeZone: string } {
  const { config } = loadConfig(ss);
  removeSnapshotTrigger();
  const timeZone = ss.getSpreadsheetTimeZone();
  ScriptApp.newTrigger(SNAPSHOT_HANDLER)
    .timeBased()
    .onWeekDay(ScriptApp.WeekDay.MONDAY)
    .atHour(config.rules.digestHour)
    .inTimezone(timeZone)
    .create();
  return { hour: config.rules.digestHour, timeZone };
}

/** Deletes every snapshot trigger, and a pending continuation with it; returns how many weekly triggers there were. */
export function removeSnapshotTrigger(): number {
  let removed = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    const handler = trigger.getHandlerFunction();
    if (handler === SNAPSHOT_HANDLER || handler === SNAPSHOT_CONTINUE_HANDLER) {
      ScriptApp.deleteTrigger(trigger);
      if (handler === SNAPSHOT_HANDLER) removed++;
    }
  }
  return removed;
}

export interface SnapshotResult {
  /** Rows appended by this run. */
  readonly appended: number;
  /** True when today already had every open deal, so nothing was appended. */
  readonly alreadyToday: boolean;
  /** True when another execution held the lock and nothing was done. */
  readonly busy: boolean;
  /** True when the run stopped at its time budget; a one-off trigger appends the rest. */
  readonly continues: boolean;
  /** Why nothing (more) could be appended: a missing sheet, a Snapshots header the tool cannot write under, protection; or ''. */
  readonly problem: string;
}

/**
 * Appends today's snapshot rows that the sheet does not have yet (the plan of
 * src/workflows/snapshot.ts). The existing sheet is read once; the rows go in blocks,
 * each flushed, so that a run stopped later keeps them and the next run counts them.
 */
export function appendSnapshot(ss: Spreadsheet, now = new Date(), budgetMs = RUN_BUDGET_MS, continuing = false): SnapshotResult {
  const startedAt = Date.now();
  const result = { appended: 0, alreadyToday: false, busy: false, continues: false, problem: '' };
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { ...result, busy: true };
  try {
    const zone = spreadsheetZone(ss);
    const stages = loadConfig(ss);
    const { config } = stages;
    const table = readSheetByName(ss, SNAPSHOTS_SHEET);
    const existing = table ? cellsToCore(table.values, zone) : null;
    const columns = snapshotColumns(existing);
    if (columns.problem) return { ...result, problem: columns.problem };
    const deals = loadDeals(ss, config, zone);
    const absent = [stages.missing ? STAGES_SHEET : '', deals.sheet ? '' : DEALS_SHEET].filter(Boolean);
    if (absent.length) {
      const labels = labelsFor(ss.getSpreadsheetLocale());
      return {
        ...result,
        problem: `${labels.sheetsMissing(absent)} ${snapshotRunWords(languageOfLocale(ss.getSpreadsheetLocale())).snapshotNotTaken}`,
      };
    }
    const plan = planSnapshot({ deals: deals.deals, config, today: zone.toCore(now), existing, continuing });
    if (plan.rows.length === 0) return { ...result, alreadyToday: plan.alreadyToday };
    if (plan.armContinuation) scheduleContinuation(SNAPSHOT_CONTINUE_HANDLER);
    try {
      const written = writeSnapshotBlocks(
        ss,
        table?.sheet ?? null,
        plan.header ? 0 : (table?.lastRow ?? 0) + 1,
        plan,
        zone,
        startedAt,
        budgetMs,
      );
      result.appended = written.appended;
      if (written.stopped) {
        scheduleContinuation(SNAPSHOT_CONTINUE_HANDLER);
        return { ...result, continues: true };
      }
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      const labels = labelsFor(ss.getSpreadsheetLocale());
      if (plan.armContinuation) removeTriggers(SNAPSHOT_CONTINUE_HANDLER);
      return { ...result, problem: `${labels.protectedRange(rangeName(SNAPSHOTS_SHEET))} ${labels.snapshotStoppedProtected}` };
    }
    if (plan.armContinuation) removeTriggers(SNAPSHOT_CONTINUE_HANDLER);
    return { ...result };
  } finally {
    lock.releaseLock();
  }
}

/**
 * Writes the plan's rows block by block from `nextRow` (0: the sheet has no header
 * yet, and the header goes in with the first block, so no run ever leaves a sheet
 * with a header and no rows). Each block is flushed: a run stopped later keeps it.
 * Stops between blocks once the run has used its time budget.
 */
function writeSnapshotBlocks(
  ss: Spreadsheet,
  existing: Sheet | null,
  nextRow: number,
  plan: SnapshotPlan,
  zone: SheetZone,
  startedAt: number,
  budgetMs: number,
): { appended: number; stopped: boolean } {
  const cells = (row: readonly (string | number | Date)[]) => row.map((cell) => (cell instanceof Date ? zone.toSheet(cell) : cell));
  let appended = 0;
  let sheet = existing;
  let row = nextRow;
  for (let at = 0; at < plan.rows.length; at += plan.batch) {
    if (at > 0 && elapsedSince(startedAt) > budgetMs) return { appended, stopped: true };
    const block = plan.rows.slice(at, at + plan.batch).map(cells);
    if (row === 0) {
      const target = sheet ?? ss.insertSheet(SNAPSHOTS_SHEET);
      rangeToWrite(target, 1, 1, block.length + 1, plan.width).setValues([[...SNAPSHOTS_HEADERS], ...block]);
      target.setFrozenRows(1);
      sheet = target;
      row = block.length + 2;
    } else {
      rangeToWrite(sheet!, row, 1, block.length, plan.width).setValues(block);
      row += block.length;
    }
    // Committed block by block: a run stopped later keeps these rows, and the next run counts them.
    SpreadsheetApp.flush();
    appended += block.length;
  }
  return { appended, stopped: false };
}

/** The weekly trigger's run: a fault it can name goes to the execution log, and the run ends normally (no failure email loop). */
export function runWeeklySnapshot(ss: Spreadsheet, continuing = false): SnapshotResult {
  const result = appendSnapshot(ss, new Date(), RUN_BUDGET_MS, continuing);
  if (result.problem) console.warn(`Pipeline weekly snapshot: ${result.problem}`);
  if (result.continues)
    console.info(`Pipeline weekly snapshot: ${result.appended} rows appended; the rest follows from a one-off trigger.`);
  return result;
}

/** The one-off trigger's run: it removes itself and carries on. */
export function continueWeeklySnapshot(ss: Spreadsheet): SnapshotResult {
  removeTriggers(SNAPSHOT_CONTINUE_HANDLER);
  return runWeeklySnapshot(ss, true);
}
