/**
 * History sorted and indexed by deal, once, in columns. Conversion, cycle, time in
 * stage, staleness, calibration, rotting suggestions and snapshots all need each
 * deal's moves in time order; building that from HistoryEntry objects per metric was
 * most of their cost (and most of the garbage at 1M deals). historyIndex builds it
 * once per Deals + History pair as typed arrays: deal d's moves are positions
 * start[d] … start[d + 1] - 1, oldest first (ties keep sheet order), with the stage as
 * an interned code (stageNames[code] is the name as History or Deals spells it) and
 * the time as epoch ms. Deals come in the order their first History row appears, then
 * the deals without History (the first `recorded` have History); a deal without
 * History gets one move into its current stage on Stage changed, or else Created,
 * exactly as dealPaths always did.
 *
 * The index is remembered in a WeakMap keyed by the History array (so it goes when
 * the array does), and used again only when the same Deals and History arrays still
 * hold exactly the same row objects (checked row by row against a copy, far cheaper
 * than a rebuild). So the answer never differs from a fresh build; a caller that edits
 * a row object in place (rather than replacing it) must pass new arrays. Callers must
 * not change what it returns.
 */
import type { Deal, HistoryEntry } from './types';

export interface HistoryIndex {
  /** Deals with a path: those in History first (first-appearance order), then Deals rows without History. */
  readonly ids: readonly string[];
  /** The first `recorded` deals have History; the rest have a path made up from their own dates. */
  readonly recorded: number;
  /** Deal position by ID. */
  readonly byId: ReadonlyMap<string, number>;
  /** Length ids.length + 1: deal d's moves are start[d] … start[d + 1] - 1. */
  readonly start: Int32Array;
  /** Per move: the stage entered, as a code into stageNames. */
  readonly stage: Int32Array;
  /** Per move: when, in epoch ms. */
  readonly at: Float64Array;
  /** Per move: its History entry's position, or -(deal row position + 1) for a move made up from a Deals row. */
  readonly source: Int32Array;
  /** Stage names by code, as History or Deals spells them. */
  readonly stageNames: readonly string[];
}

interface Remembered {
  readonly dealRows: readonly Deal[];
  readonly historyRows: readonly HistoryEntry[];
  readonly index: HistoryIndex;
}
const remembered = new WeakMap<readonly HistoryEntry[], Remembered>();

/** See the file comment. */
export function historyIndex(deals: readonly Deal[], history: readonly HistoryEntry[]): HistoryIndex {
  const seen = remembered.get(history);
  if (seen && sameRows(seen.dealRows, deals) && sameRows(seen.historyRows, history)) return seen.index;
  const index = buildHistoryIndex(deals, history);
  remembered.set(history, { dealRows: deals.slice(), historyRows: history.slice(), index });
  return index;
}

function sameRows<T>(before: readonly T[], now: readonly T[]): boolean {
  if (before.length !== now.length) return false;
  for (let i = 0; i < now.length; i++) if (before[i] !== now[i]) return false;
  return true;
}

function buildHistoryIndex(deals: readonly Deal[], history: readonly HistoryEntry[]): HistoryIndex {
  const byId = new Map<string, number>();
  const ids: string[] = [];
  const codes = new Map<string, number>();
  const stageNames: string[] = [];
  const code = (name: string): number => {
    let c = codes.get(name);
    if (c === undefined) {
      c = stageNames.length;
      codes.set(name, c);
      stageNames.push(name);
    }
    return c;
  };
  // Pass 1: each History row's deal, and how many moves each deal has.
  const dealOf = new Int32Array(history.length);
  let counts = new Int32Array(1024);
  for (let i = 0; i < history.length; i++) {
    const id = history[i].dealId;
    let d = byId.get(id);
    if (d === undefined) {
      d = ids.length;
      byId.set(id, d);
      ids.push(id);
      if (d >= counts.length) {
        const grown = new Int32Array(counts.length * 2);
        grown.set(counts);
        counts = grown;
      }
    }
    counts[d]++;
    dealOf[i] = d;
  }
  const recorded = ids.length;
  // Deals rows without History: one made-up move each (the first row of a repeated ID wins).
  const extraRows: number[] = [];
  for (let r = 0; r < deals.length; r++) {
    const deal = deals[r];
    if (!deal.stage || byId.has(deal.id)) continue;
    if (!(deal.stageChanged ?? deal.created)) continue;
    byId.set(deal.id, ids.length);
    ids.push(deal.id);
    extraRows.push(r);
  }
  const moves = history.length + extraRows.length;
  const start = new Int32Array(ids.length + 1);
  for (let d = 0; d < recorded; d++) start[d + 1] = start[d] + counts[d];
  for (let d = recorded; d < ids.length; d++) start[d + 1] = start[d] + 1;
  const stage = new Int32Array(moves);
  const at = new Float64Array(moves);
  const source = new Int32Array(moves);
  // Pass 2: place each row at its deal's next free slot, so each deal's moves keep sheet order.
  const next = start.slice(0, recorded);
  for (let i = 0; i < history.length; i++) {
    const entry = history[i];
    const m = next[dealOf[i]]++;
    stage[m] = code(entry.to);
    at[m] = entry.at.getTime();
    source[m] = i;
  }
  for (let k = 0; k < extraRows.length; k++) {
    const r = extraRows[k];
    const deal = deals[r];
    const m = history.length + k;
    stage[m] = code(deal.stage);
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
  return { ids, recorded, byId, start, stage, at, source, stageNames };
}

/** Sorts one deal's moves by time; a tie keeps sheet order (source is the History position). */
function sortSpan(from: number, to: number, stage: Int32Array, at: Float64Array, source: Int32Array): void {
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
