/**
 * History sorted and indexed by deal, once, in columns. Conversion, cycle, time in
 * stage, staleness, calibration, rotting suggestions and snapshots all need each
 * deal's moves in time order; building that from HistoryEntry objects per metric was
 * most of their cost (and most of the garbage at 1M deals). historyIndex builds it
 * once per Deals + History pair as number columns (heap-columns.ts says why not
 * typed arrays): deal d's moves are positions
 * start[d] … start[d + 1] - 1, oldest first (ties keep sheet order), with the stage as
 * an interned code (stageNames[code] is the name as History or Deals spells it) and
 * the time as epoch ms. Deals come in the order their first History row appears, then
 * the deals without History (the first `recorded` have History); a deal without
 * History gets one move into its current stage on Stage changed, or else Created,
 * exactly as dealPaths always did.
 *
 * The build reads History's own part from the entries in one pass (each row's deal,
 * stage code and time: HistoryColumns), then places the rows by a counting sort over
 * number columns; the Deals rows add only the deals without History. (Building that
 * part in readHistory, as the rows are read, was measured: what the index saved, the
 * reader lost, at 100k and 1M deals alike.)
 *
 * The index is remembered in a WeakMap keyed by the History array (so it goes when
 * the array does), and used again only when the same Deals and History arrays still
 * hold exactly the same row objects (row-snapshot.ts): a replaced, added or removed row
 * object means a rebuild, so the answer never differs from a fresh build. readHistory
 * hands back a frozen array, which cannot change, so its check is its identity; any
 * other array is compared row by row against a copy. A check by identity and length
 * alone, or a version stamp, was weighed and left: it would miss a row replaced in
 * place. A caller that edits a row object's fields in place (rather than replacing it)
 * must pass new arrays. Callers must not change what it returns.
 */
import { doubleColumn, intColumn, intern, type NumberColumn } from './heap-columns';
import { rowSnapshot, sameRows } from './row-snapshot';
import type { Deal, HistoryEntry } from './types';

export interface HistoryIndex {
  /** Deals with a path: those in History first (first-appearance order), then Deals rows without History. */
  readonly ids: readonly string[];
  /** The first `recorded` deals have History; the rest have a path made up from their own dates. */
  readonly recorded: number;
  /** Deal position by ID. */
  readonly byId: ReadonlyMap<string, number>;
  /** Length ids.length + 1: deal d's moves are start[d] … start[d + 1] - 1. */
  readonly start: NumberColumn;
  /** Per move: the stage entered, as a code into stageNames. */
  readonly stage: NumberColumn;
  /** Per move: when, in epoch ms. */
  readonly at: NumberColumn;
  /** Per move: its History entry's position, or -(deal row position + 1) for a move made up from a Deals row. */
  readonly source: NumberColumn;
  /** Stage names by code, as History or Deals spells them. */
  readonly stageNames: readonly string[];
  /**
   * Per Deals row (in the Deals array the index was built with): its deal's position
   * (byId.get(deal.id)), or -1 when it has none, so a metric walking Deals needs no
   * lookup by ID.
   */
  readonly rowDeal: NumberColumn;
}

/**
 * History's own part of the index, which needs no Deals: per History row its deal (by
 * first appearance), its stage as a code and its time in epoch ms.
 */
export interface HistoryColumns {
  /** Deals in the order their first History row appears. */
  readonly ids: string[];
  readonly byId: Map<string, number>;
  /** Per deal: its number of History rows. */
  readonly counts: NumberColumn;
  /** Per History row: its deal, its stage code (into stageNames) and its time. */
  readonly dealOf: NumberColumn;
  readonly stage: NumberColumn;
  readonly at: NumberColumn;
  readonly stageNames: string[];
  readonly stageCodes: Map<string, number>;
}

/** HistoryColumns read from the entries, in one pass. */
function historyColumnsOf(history: readonly HistoryEntry[]): HistoryColumns {
  const ids: string[] = [];
  const byId = new Map<string, number>();
  const stageNames: string[] = [];
  const stageCodes = new Map<string, number>();
  const dealOf = intColumn(history.length);
  const stage = intColumn(history.length);
  const at = doubleColumn(history.length);
  const counts: number[] = [];
  for (let i = 0; i < history.length; i++) {
    const entry = history[i];
    const d = intern(byId, ids, entry.dealId);
    if (d === counts.length) counts.push(0);
    counts[d]++;
    dealOf[i] = d;
    stage[i] = intern(stageCodes, stageNames, entry.to);
    at[i] = entry.at.getTime();
  }
  return { ids, byId, counts, dealOf, stage, at, stageNames, stageCodes };
}

interface Remembered {
  /** The History and Deals rows the index was made from (rowSnapshot), and the index. */
  readonly historyRows: readonly HistoryEntry[];
  readonly dealRows: readonly Deal[];
  readonly index: HistoryIndex;
}
const remembered = new WeakMap<readonly HistoryEntry[], Remembered>();

/** See the file comment. */
export function historyIndex(deals: readonly Deal[], history: readonly HistoryEntry[]): HistoryIndex {
  const seen = remembered.get(history);
  if (seen && sameRows(seen.historyRows, history) && sameRows(seen.dealRows, deals)) return seen.index;
  // History's own columns are not kept: the index holds what the metrics need (at 1M deals they are 100 MB).
  const index = buildHistoryIndex(deals, historyColumnsOf(history));
  remembered.set(history, { historyRows: rowSnapshot(history), dealRows: rowSnapshot(deals), index });
  return index;
}

function buildHistoryIndex(deals: readonly Deal[], columns: HistoryColumns): HistoryIndex {
  const rows = columns.dealOf.length;
  const recorded = columns.ids.length;
  // Deals rows without History: one made-up move each (the first row of a repeated ID wins).
  // The columns are this build's own, so their dictionaries grow into the index's.
  const { ids, byId, stageNames, stageCodes } = columns;
  const extraRows: number[] = [];
  const extraStage: number[] = [];
  // Each Deals row's deal, found again once made-up paths are added (for rows before the one that made theirs).
  let rowDeal = deals.map((deal) => byId.get(deal.id) ?? -1);
  for (let r = 0; r < deals.length; r++) {
    const deal = deals[r];
    if (rowDeal[r] >= 0 || !deal.stage || byId.has(deal.id) || !(deal.stageChanged ?? deal.created)) continue;
    intern(byId, ids, deal.id);
    extraRows.push(r);
    extraStage.push(intern(stageCodes, stageNames, deal.stage));
  }
  if (extraRows.length > 0) rowDeal = deals.map((deal) => byId.get(deal.id) ?? -1);
  const moves = rows + extraRows.length;
  const start = intColumn(ids.length + 1);
  const { counts, dealOf } = columns;
  for (let d = 0; d < recorded; d++) start[d + 1] = start[d] + counts[d];
  for (let d = recorded; d < ids.length; d++) start[d + 1] = start[d] + 1;
  const stage = intColumn(moves);
  const at = doubleColumn(moves);
  const source = intColumn(moves);
  // Place each row at its deal's next free slot, so each deal's moves keep sheet order.
  const next = start.slice(0, recorded);
  const rowStage = columns.stage;
  const rowAt = columns.at;
  for (let i = 0; i < rows; i++) {
    const m = next[dealOf[i]]++;
    stage[m] = rowStage[i];
    at[m] = rowAt[i];
    source[m] = i;
  }
  for (let k = 0; k < extraRows.length; k++) {
    const r = extraRows[k];
    const deal = deals[r];
    const m = rows + k;
    stage[m] = extraStage[k];
    at[m] = (deal.stageChanged ?? deal.created)!.getTime();
    source[m] = -(r + 1);
  }
  // History is usually appended in time order, so most paths are sorted already and a look is cheaper than a sort.
  for (let d = 0; d < recorded; d++) {
    const from = start[d];
    const to = start[d + 1];
    let sorted = true;
    for (let m = from + 1; m < to; m++) if (at[m - 1] > at[m]) sorted = false;
    if (!sorted) sortSpan(from, to, stage, at, source);
  }
  return { ids, recorded, byId, start, stage, at, source, stageNames, rowDeal };
}

/** Sorts one deal's moves by time; a tie keeps sheet order (source is the History position). */
function sortSpan(from: number, to: number, stage: number[], at: number[], source: number[]): void {
  const order = Array.from({ length: to - from }, (_, k) => from + k);
  order.sort((a, b) => at[a] - at[b] || source[a] - source[b]);
  const s = order.map((m) => stage[m]);
  const t = order.map((m) => at[m]);
  const o = order.map((m) => source[m]);
  for (let k = 0; k < order.length; k++) {
    stage[from + k] = s[k];
    at[from + k] = t[k];
    source[from + k] = o[k];
  }
}

/** The Date of move m: the History entry's own Date, or the Deals row's, so no Date is made. */
export function moveDate(index: HistoryIndex, m: number, deals: readonly Deal[], history: readonly HistoryEntry[]): Date {
  const s = index.source[m];
  if (s >= 0) return history[s].at;
  const deal = deals[-s - 1];
  return (deal.stageChanged ?? deal.created)!;
}

/** Per stage code, what `resolve` makes of its name (such as the Stage it names); called once per distinct name. */
export function perStageCode<T>(index: HistoryIndex, resolve: (name: string) => T): T[] {
  return index.stageNames.map(resolve);
}
