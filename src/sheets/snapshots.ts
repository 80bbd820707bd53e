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
import { escapeCellText } from '../core/cells';
import { headerKey } from '../core/headers';
import { isoDay } from '../core/dates';
import { readSnapshots, snapshotRow, SNAPSHOTS_HEADERS, SNAPSHOTS_SHEET, takeSnapshot } from '../core/snapshots';
import { elapsedSince, removeTriggers, RUN_BUDGET_MS, scheduleContinuation } from './continuation';
import { labelsFor } from '../workflows/catalogue/index';
import { DEALS_SHEET, isProtectedError, loadConfig, loadDeals, rangeName, rangeToWrite, readSheetByName, spreadsheetZone, STAGES_SHEET, type Spreadsheet } from './workbook';
import { cellsToCore } from './zone';

/** The top-level function the weekly trigger calls (exported from main.ts). */
export const SNAPSHOT_HANDLER = 'takeWeeklySnapshot';
/** The top-level function a one-off trigger calls to finish a snapshot that stopped at its time budget. */
export const SNAPSHOT_CONTINUE_HANDLER = 'continueWeeklySnapshot';
/** Rows per setValues: one block for a usual pipeline, and a checkpoint every block for a big one. */
export const SNAPSHOT_BATCH = 1000;
/** How long a snapshot waits for an edit or a digest to finish with the document. */
const LOCK_WAIT_MS = 30_000;

/** Replaces any snapshot trigger with one that runs every Monday at the Digest hour. */
export function installSnapshotTrigger(ss: Spreadsheet): { hour: number; timeZone: string } {
  const { config } = loadConfig(ss);
  removeSnapshotTrigger();
  const timeZone = ss.getSpreadsheetTimeZone();
  ScriptApp.newTrigger(SNAPSHOT_HANDLER).timeBased().onWeekDay(ScriptApp.WeekDay.MONDAY).atHour(config.rules.digestHour).inTimezone(timeZone).create();
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
 * Appends today's snapshot rows that the sheet does not have yet. The existing sheet
 * is read once (to find today's deals and its columns by header name); the new rows
 * are written under that header, whatever its column order.
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
    const today = zone.toCore(now);
    const table = readSheetByName(ss, SNAPSHOTS_SHEET);
    const existing = table ? table.values : [];
    const headerIndex = existing.findIndex((row) => row.some((cell) => cell !== ''));
    let positions: number[] = SNAPSHOTS_HEADERS.map((_, i) => i);
    let width: number = SNAPSHOTS_HEADERS.length;
    // Today's rows already written, per deal: the checkpoint of a run that stopped part-way.
    const done = new Map<string, number>();
    if (headerIndex >= 0) {
      const day = isoDay(today);
      for (const row of readSnapshots(cellsToCore(existing, zone), config).snapshots) {
        if (isoDay(row.at) === day) done.set(row.dealId, (done.get(row.dealId) ?? 0) + 1);
      }
      const keys = existing[headerIndex].map((cell) => headerKey(cell));
      positions = SNAPSHOTS_HEADERS.map((name) => keys.indexOf(headerKey(name)));
      const missing = SNAPSHOTS_HEADERS.filter((_, i) => positions[i] < 0);
      if (missing.length) {
        return {
          ...result,
          problem: `The ${SNAPSHOTS_SHEET} sheet has no ${missing.map((m) => `"${m}"`).join(', ')} column; nothing was added. Its header row must hold: ${SNAPSHOTS_HEADERS.join(', ')}.`,
        };
      }
      width = existing[headerIndex].length;
    }

    const deals = loadDeals(ss, config, zone);
    const absent = [stages.missing ? STAGES_SHEET : '', deals.sheet ? '' : DEALS_SHEET].filter(Boolean);
    if (absent.length) {
      const labels = labelsFor(ss.getSpreadsheetLocale());
      return { ...result, problem: `${labels.sheetsMissing(absent)} ${labels.snapshotNotTaken}` };
    }
    const open = takeSnapshot(deals.deals, config, today);
    const rows: unknown[][] = [];
    for (const row of open) {
      const already = done.get(row.dealId) ?? 0;
      if (already > 0) {
        done.set(row.dealId, already - 1);
        continue;
      }
      const line: unknown[] = new Array(width).fill('');
      snapshotRow(row).forEach((cell, i) => {
        // Deal IDs, owners and stages are the user's text: escapeCellText keeps "=ID0" from becoming a formula.
        line[positions[i]] = cell instanceof Date ? zone.toSheet(cell) : escapeCellText(cell);
      });
      rows.push(line);
    }
    if (rows.length === 0) return { ...result, alreadyToday: open.length > 0 };

    let sheet = table && headerIndex >= 0 ? table.sheet : null;
    let nextRow = table && headerIndex >= 0 ? table.lastRow + 1 : 0;
    // More than one block: armed before the first, so that a run stopped at the limit is finished all the same.
    // A continuation does not arm another, so that runs stopped again and again cannot loop every minute.
    const armed = !continuing && rows.length > SNAPSHOT_BATCH;
    if (armed) scheduleContinuation(SNAPSHOT_CONTINUE_HANDLER);
    try {
      for (let at = 0; at < rows.length; at += SNAPSHOT_BATCH) {
        if (at > 0 && elapsedSince(startedAt) > budgetMs) {
          scheduleContinuation(SNAPSHOT_CONTINUE_HANDLER);
          return { ...result, continues: true };
        }
        const block = rows.slice(at, at + SNAPSHOT_BATCH);
        if (!sheet) {
          // The header goes in with the first block, so no run ever leaves a sheet with a header and no rows.
          const target = table?.sheet ?? ss.insertSheet(SNAPSHOTS_SHEET);
          rangeToWrite(target, 1, 1, block.length + 1, width).setValues([[...SNAPSHOTS_HEADERS], ...block]);
          target.setFrozenRows(1);
          sheet = target;
          nextRow = block.length + 2;
        } else {
          rangeToWrite(sheet, nextRow, 1, block.length, width).setValues(block);
          nextRow += block.length;
        }
        // Committed block by block: a run stopped later keeps these rows, and the next run counts them.
        SpreadsheetApp.flush();
        result.appended += block.length;
      }
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      const labels = labelsFor(ss.getSpreadsheetLocale());
      if (armed) removeTriggers(SNAPSHOT_CONTINUE_HANDLER);
      return { ...result, problem: `${labels.protectedRange(rangeName(SNAPSHOTS_SHEET))} ${labels.snapshotStoppedProtected}` };
    }
    if (armed) removeTriggers(SNAPSHOT_CONTINUE_HANDLER);
    return { ...result };
  } finally {
    lock.releaseLock();
  }
}

/** The weekly trigger's run: a fault it can name goes to the execution log, and the run ends normally (no failure email loop). */
export function runWeeklySnapshot(ss: Spreadsheet, continuing = false): SnapshotResult {
  const result = appendSnapshot(ss, new Date(), RUN_BUDGET_MS, continuing);
  if (result.problem) console.warn(`Pipeline weekly snapshot: ${result.problem}`);
  if (result.continues) console.info(`Pipeline weekly snapshot: ${result.appended} rows appended; the rest follows from a one-off trigger.`);
  return result;
}

/** The one-off trigger's run: it removes itself and carries on. */
export function continueWeeklySnapshot(ss: Spreadsheet): SnapshotResult {
  removeTriggers(SNAPSHOT_CONTINUE_HANDLER);
  return runWeeklySnapshot(ss, true);
}
