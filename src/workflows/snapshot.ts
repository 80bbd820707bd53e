/**
 * Take a snapshot of the open pipeline, written once for both add-ins: one row per
 * open deal (the core's takeSnapshot) for today, under the Snapshots sheet's own
 * header whatever its column order, with the header itself when the sheet is new.
 * The rows already there for today are the checkpoint: a second run the same day
 * plans nothing, and a run stopped part-way is finished by the next with no deal
 * twice and none missing. The plan also carries how to write it: in blocks of
 * SNAPSHOT_BATCH rows, and whether a run should arm a continuation first (Apps
 * Script's time limit). Pure: core values in (UTC Dates), core values out; each
 * adapter turns Dates into its own cells when it writes.
 */
import {
  escapeCellText,
  isoDay,
  readSnapshots,
  snapshotColumnPositions,
  snapshotRow,
  SNAPSHOTS_HEADERS,
  SNAPSHOTS_SHEET,
  takeSnapshot,
  type Deal,
  type Language,
  type PipelineConfig,
} from '../core/index';
import { snapshotRunWords } from './catalogue/digests';

/** Rows per write: one block for a usual pipeline, and a checkpoint every block for a big one. */
export const SNAPSHOT_BATCH = 1000;

export interface SnapshotInput {
  readonly deals: readonly Deal[];
  readonly config: PipelineConfig;
  /** Today, as a core Date on the local day (the spreadsheet's or the computer's). */
  readonly today: Date;
  /** The Snapshots sheet's cells in core values, from its first row; null when there is no such sheet. */
  readonly existing: readonly (readonly unknown[])[] | null;
  /** True for a run a continuation trigger started: it does not arm another. */
  readonly continuing?: boolean;
}

export interface SnapshotPlan {
  /** Why nothing can be appended (a header the tool cannot write under); '' otherwise. */
  readonly problem: string;
  /** The header row to write above the rows, when the sheet has none yet; null when it has one. */
  readonly header: readonly string[] | null;
  /** The rows to append, each `width` cells in the sheet's column order: Dates, numbers, escaped text. */
  readonly rows: readonly (readonly (string | number | Date)[])[];
  readonly width: number;
  /** 0-based index in `existing` of the last row that holds anything; the rows go below it (-1: none). */
  readonly lastFilledRow: number;
  /** True when today already has every open deal, so nothing is appended. */
  readonly alreadyToday: boolean;
  /** Rows per write. */
  readonly batch: number;
  /** True when a run should arm its continuation before the first block (more than one block, not a continuation itself). */
  readonly armContinuation: boolean;
}

/** Where the Snapshots sheet's columns are, found by name (any order); a problem when one is missing. */
export interface SnapshotColumns {
  readonly problem: string;
  /** 0-based index of the header row in the cells; -1 when the sheet has none yet. */
  readonly headerIndex: number;
  /** Where each of SNAPSHOTS_HEADERS goes, 0-based. */
  readonly positions: readonly number[];
  readonly width: number;
}

/** The Snapshots sheet's header read from its cells: checked before anything else is read, as nothing can be written under a bad one. */
export function snapshotColumns(existing: readonly (readonly unknown[])[] | null): SnapshotColumns {
  const cells = existing ?? [];
  const headerIndex = cells.findIndex((row) => row.some(isFilled));
  if (headerIndex < 0) return { problem: '', headerIndex, positions: SNAPSHOTS_HEADERS.map((_, i) => i), width: SNAPSHOTS_HEADERS.length };
  const found = snapshotColumnPositions(cells[headerIndex]);
  const missing = SNAPSHOTS_HEADERS.filter((_, i) => found[i] === undefined);
  const problem = missing.length ? snapshotRunWords('en').snapshotColumnsMissing(SNAPSHOTS_SHEET, missing, SNAPSHOTS_HEADERS) : '';
  return { problem, headerIndex, positions: found.map((p) => p ?? -1), width: cells[headerIndex].length };
}

function isFilled(cell: unknown): boolean {
  return cell !== '' && cell !== null && cell !== undefined;
}

/** The rows today's snapshot still needs, where they go, and how to write them. */
export function planSnapshot(input: SnapshotInput): SnapshotPlan {
  const { config, today } = input;
  const existing = input.existing ?? [];
  const { problem, headerIndex, positions, width } = snapshotColumns(existing);
  if (problem)
    return {
      problem,
      header: null,
      rows: [],
      width,
      lastFilledRow: -1,
      alreadyToday: false,
      batch: SNAPSHOT_BATCH,
      armContinuation: false,
    };
  // Today's rows already written, per deal: the checkpoint of a run that stopped part-way.
  const done = new Map<string, number>();
  if (headerIndex >= 0) {
    const day = isoDay(today);
    for (const row of readSnapshots(existing, config).snapshots) {
      if (isoDay(row.at) === day) done.set(row.dealId, (done.get(row.dealId) ?? 0) + 1);
    }
  }
  let lastFilledRow = existing.length - 1;
  while (lastFilledRow >= 0 && !existing[lastFilledRow].some(isFilled)) lastFilledRow--;

  const open = takeSnapshot(input.deals, config, today);
  const rows: (string | number | Date)[][] = [];
  for (const row of open) {
    const already = done.get(row.dealId) ?? 0;
    if (already > 0) {
      done.set(row.dealId, already - 1);
      continue;
    }
    const line: (string | number | Date)[] = new Array(width).fill('');
    // Deal IDs, owners and stages are the user's text: escapeCellText keeps "=ID0" from becoming a formula.
    snapshotRow(row).forEach((cell, i) => {
      line[positions[i]] = escapeCellText(cell);
    });
    rows.push(line);
  }
  return {
    problem: '',
    header: headerIndex >= 0 ? null : [...SNAPSHOTS_HEADERS],
    rows,
    width,
    lastFilledRow,
    alreadyToday: rows.length === 0 && open.length > 0,
    batch: SNAPSHOT_BATCH,
    // A continuation does not arm another, so that runs stopped again and again cannot loop every minute.
    armContinuation: !input.continuing && rows.length > SNAPSHOT_BATCH,
  };
}

/** What a snapshot run did, as either adapter reports it. */
export interface SnapshotOutcome {
  readonly appended: number;
  readonly alreadyToday: boolean;
  readonly problem: string;
}

/**
 * The line that tells the user what a snapshot run did, in `language`: the problem, or
 * the rows added. A run that found the lock held (Sheets only) says so in the Sheets
 * adapter's words (digestRunWords().snapshotBusy), which the Excel pane never carries.
 */
export function snapshotMessage(result: SnapshotOutcome, language: Language): string {
  const labels = snapshotRunWords(language);
  return result.problem || labels.snapshotTaken(result.alreadyToday ? null : result.appended);
}
