/**
 * How deals end: win rate, cycle time (Created → won) and sales velocity. A deal's
 * outcome is the outcome of the stage it is in now; cycle time also reads History,
 * so that the day a deal was won is the day it moved into a won stage.
 */
import { dealColumns, LOST, OPEN, WON } from './deal-columns';
import { DAY_MS, daysBetween } from './dates';
import { historyIndex, moveDate, perStageCode } from './history-index';
import { stageLookup } from './forecast';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

export interface WinRate {
  readonly won: number;
  readonly lost: number;
  /** won ÷ (won + lost); null when no deal has closed. */
  readonly rate: number | null;
}

export interface CycleStats {
  readonly count: number;
  readonly meanDays: number | null;
  readonly medianDays: number | null;
}

export interface Velocity {
  readonly openDeals: number;
  readonly averageWonAmount: number | null;
  readonly winRate: number | null;
  readonly averageCycleDays: number | null;
  /** openDeals × averageWonAmount × winRate ÷ averageCycleDays: expected won revenue per day. */
  readonly perDay: number | null;
}

/**
 * The middle value (the mean of the two middle values for an even count); null for none.
 * The middle is found by selection on a copy, not by sorting: linear time, and a plain
 * array, where a typed one of millions of values would set off a full collection of the
 * heap (heap-columns.ts). The values are those of a sort's middle, so the answer is too.
 */
export function median(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  // NaN has no place in an order; a typed array's sort puts it last, as before.
  if (values.some(Number.isNaN)) {
    const sorted = Float64Array.from(values).sort();
    return n % 2 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
  }
  const copy = values.slice();
  const middle = n >> 1;
  const upper = selectNth(copy, middle);
  if (n % 2) return upper;
  // Everything before position `middle` is now at most `upper`: the largest of it is the other middle value.
  let lower = copy[0];
  for (let i = 1; i < middle; i++) if (copy[i] > lower) lower = copy[i];
  return (lower + upper) / 2;
}

/**
 * The k-th smallest of `a` (0-based), rearranging `a` so that everything before k is at
 * most it and everything after at least it (Hoare's selection, middle-of-three pivot).
 */
function selectNth(a: number[], k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const x = a[lo];
    const y = a[(lo + hi) >> 1];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/** The arithmetic mean; null for none. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Deals now in won and lost stages. With `from` and/or `to`, only deals whose Closed on
 * falls in that range (both ends included) count, and deals with no Closed on are left out.
 */
export function winRate(deals: readonly Deal[], config: PipelineConfig, period: { from?: Date; to?: Date } = {}): WinRate {
  const { outcome, closedOn, length } = dealColumns(deals, config);
  const filtered = period.from !== undefined || period.to !== undefined;
  const from = period.from?.getTime() ?? -Infinity;
  const to = period.to?.getTime() ?? Infinity;
  let won = 0;
  let lost = 0;
  for (let i = 0; i < length; i++) {
    const o = outcome[i];
    if (o !== WON && o !== LOST) continue;
    // A blank Closed on is NaN, which no comparison passes: left out of a period.
    if (filtered && !(closedOn[i] >= from && closedOn[i] <= to)) continue;
    if (o === WON) won++;
    else lost++;
  }
  return { won, lost, rate: won + lost > 0 ? won / (won + lost) : null };
}

/**
 * Whole calendar days (UTC) from Created, or else the deal's first History move, to its
 * first move into a won stage, or else Closed on. Only deals now in a won stage count;
 * a deal with no start, no end, or an end before its start is left out.
 */
export function cycleDays(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig): CycleStats {
  const days = wonCycleDayList(deals, history, config);
  return { count: days.length, meanDays: mean(days), medianDays: median(days) };
}

/** cycleDays' day counts, in Deals order, read from the columns and the shared History index. */
function wonCycleDayList(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig): number[] {
  const { outcome, created, closedOn, length } = dealColumns(deals, config);
  const index = historyIndex(deals, history);
  const lookup = stageLookup(config);
  const won = perStageCode(index, (name) => lookup(name)?.outcome === 'won');
  const days: number[] = [];
  for (let i = 0; i < length; i++) {
    if (outcome[i] !== WON) continue;
    // Only a recorded path counts: the index makes one up from the deal's own dates otherwise.
    const d = index.rowDeal[i];
    let start = created[i];
    let end = closedOn[i];
    if (d >= 0 && d < index.recorded) {
      if (Number.isNaN(start)) start = index.at[index.start[d]];
      for (let m = index.start[d]; m < index.start[d + 1]; m++) {
        if (won[index.stage[m]]) {
          end = index.at[m];
          break;
        }
      }
    }
    if (Number.isNaN(start) || Number.isNaN(end)) continue;
    const length = Math.floor(end / DAY_MS) - Math.floor(start / DAY_MS);
    if (length >= 0) days.push(length);
  }
  return days;
}

/**
 * A won deal's cycle in whole days by cycleDays' rule, for one run over these tables;
 * null for a deal that is not won or whose cycle is unknown.
 */
export function wonCycleDays(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
): (deal: Deal) => number | null {
  const lookup = stageLookup(config);
  const index = historyIndex(deals, history);
  const won = perStageCode(index, (name) => lookup(name)?.outcome === 'won');
  return (deal) => {
    if (lookup(deal.stage)?.outcome !== 'won') return null;
    // Only a recorded path counts: the index makes one up from the deal's own dates otherwise.
    const d = index.byId.get(deal.id);
    const recorded = d !== undefined && d < index.recorded;
    let start = deal.created;
    let end = deal.closedOn;
    if (recorded) {
      start ??= moveDate(index, index.start[d], deals, history);
      for (let m = index.start[d]; m < index.start[d + 1]; m++) {
        if (won[index.stage[m]]) {
          end = moveDate(index, m, deals, history);
          break;
        }
      }
    }
    if (!start || !end) return null;
    const length = daysBetween(start, end);
    return length >= 0 ? length : null;
  };
}

/**
 * Sales velocity: open deals × average won amount × win rate ÷ average cycle days.
 * Open deals are those in a known open stage; the average won amount is over won deals
 * that have an amount. Null when any part is unknown or the cycle is 0 days.
 */
export function velocity(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig): Velocity {
  const { outcome, amount, length } = dealColumns(deals, config);
  let openDeals = 0;
  let wonSum = 0;
  let wonCount = 0;
  for (let i = 0; i < length; i++) {
    const o = outcome[i];
    if (o === OPEN) openDeals++;
    else if (o === WON && !Number.isNaN(amount[i])) {
      wonSum += amount[i];
      wonCount++;
    }
  }
  // The same sum in the same order as mean() over the won amounts.
  const averageWonAmount = wonCount > 0 ? wonSum / wonCount : null;
  const rate = winRate(deals, config).rate;
  const averageCycleDays = cycleDays(deals, history, config).meanDays;
  const perDay =
    averageWonAmount === null || rate === null || averageCycleDays === null || averageCycleDays === 0
      ? null
      : (openDeals * averageWonAmount * rate) / averageCycleDays;
  return { openDeals, averageWonAmount, winRate: rate, averageCycleDays, perDay };
}
