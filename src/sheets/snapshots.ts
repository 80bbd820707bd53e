/**
 * Weekly snapshots of the open pipeline, with no server: an installable time-driven
 * trigger (installed from the Stale alerts menu; installing again replaces it, so
 * there is only ever one) runs takeWeeklySnapshot every Monday at the Digest hour
 * set in Stages, in the spreadsheet's timezone. Each run appends the core's
 * takeSnapshot rows (one per open deal) to the Snapshots sheet in one setValues,
 * creating the sheet with its header when it is missing. A run on a day that already
 * has a snapshot (the trigger and the menu on the same day, or a retried trigger)
 * appends nothing: hasSnapshotOn decides, under the document lock. A run makes the
 * same number of service calls for 5 deals as for 50,000. The backtest in
 * the command line's report reads this sheet later.
 *
 * Dates: "today" is the spreadsheet's local day; the snapshot and expected close
 * dates are written as local midnights, as Sheets shows date cells.
 */
import { headerKey } from '../core/headers';
import { hasSnapshotOn, readSnapshots, snapshotRow, SNAPSHOTS_HEADERS, SNAPSHOTS_SHEET, takeSnapshot } from '../core/snapshots';
import { loadConfig, loadDeals, sheetTable, spreadsheetZone, type Spreadsheet } from './workbook';
import { cellsToCore } from './zone';

/** The top-level function the weekly trigger calls (exported from main.ts). */
export const SNAPSHOT_HANDLER = 'takeWeeklySnapshot';
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

/** Deletes every snapshot trigger; returns how many there were. */
export function removeSnapshotTrigger(): number {
  let removed = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (trigger.getHandlerFunction() === SNAPSHOT_HANDLER) {
      ScriptApp.deleteTrigger(trigger);
      removed++;
    }
  }
  return removed;
}

export interface SnapshotResult {
  /** Rows appended: the open deals of today. */
  readonly appended: number;
  /** True when today already had a snapshot, so nothing was appended. */
  readonly alreadyToday: boolean;
  /** True when another execution held the lock and nothing was done. */
  readonly busy: boolean;
  /** Why nothing could be appended (a Snapshots header the tool cannot write under), or ''. */
  readonly problem: string;
}

/**
 * Appends today's snapshot unless today already has one. The existing sheet is read
 * once (to ask hasSnapshotOn and to find its columns by header name); the new rows
 * are written under that header, whatever its column order, in one setValues.
 */
export function appendSnapshot(ss: Spreadsheet, now = new Date()): SnapshotResult {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return { appended: 0, alreadyToday: false, busy: true, problem: '' };
  try {
    const zone = spreadsheetZone(ss);
    const { config } = loadConfig(ss);
    const today = zone.toCore(now);
    const table = sheetTable(ss, SNAPSHOTS_SHEET);
    const existing = table ? table.values : [];
    const headerIndex = existing.findIndex((row) => row.some((cell) => cell !== ''));
    let positions: number[] = SNAPSHOTS_HEADERS.map((_, i) => i);
    let width: number = SNAPSHOTS_HEADERS.length;
    if (headerIndex >= 0) {
      if (hasSnapshotOn(readSnapshots(cellsToCore(existing, zone), config).snapshots, today)) {
        return { appended: 0, alreadyToday: true, busy: false, problem: '' };
      }
      const keys = existing[headerIndex].map((cell) => headerKey(cell));
      positions = SNAPSHOTS_HEADERS.map((name) => keys.indexOf(headerKey(name)));
      const missing = SNAPSHOTS_HEADERS.filter((_, i) => positions[i] < 0);
      if (missing.length) {
        return {
          appended: 0,
          alreadyToday: false,
          busy: false,
          problem: `The ${SNAPSHOTS_SHEET} sheet has no ${missing.map((m) => `"${m}"`).join(', ')} column; nothing was added. Its header row must hold: ${SNAPSHOTS_HEADERS.join(', ')}.`,
        };
      }
      width = existing[headerIndex].length;
    }

    const deals = loadDeals(ss, config, zone).deals;
    const rows = takeSnapshot(deals, config, today).map((row) => {
      const line: unknown[] = new Array(width).fill('');
      snapshotRow(row).forEach((cell, i) => {
        line[positions[i]] = cell instanceof Date ? zone.toSheet(cell) : cell;
      });
      return line;
    });
    if (rows.length === 0) return { appended: 0, alreadyToday: false, busy: false, problem: '' };
    if (table && headerIndex >= 0) {
      table.sheet.getRange(table.lastRow + 1, 1, rows.length, width).setValues(rows);
    } else {
      const target = table?.sheet ?? ss.insertSheet(SNAPSHOTS_SHEET);
      target.getRange(1, 1, rows.length + 1, width).setValues([[...SNAPSHOTS_HEADERS], ...rows]);
      target.setFrozenRows(1);
    }
    SpreadsheetApp.flush();
    return { appended: rows.length, alreadyToday: false, busy: false, problem: '' };
  } finally {
    lock.releaseLock();
  }
}
