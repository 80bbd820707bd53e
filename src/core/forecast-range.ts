/**
 * How wide is the forecast? A seeded Monte Carlo over the open deals: in each run
 * every deal is won with its probability (the deal's own override beats its
 * stage's; with 'calibrated', a stage's probability learned from History replaces
 * the configured one where enough closed deals reached it), and a won deal closes on
 * its expected close date moved later by a slip drawn from History. Each period
 * (month or quarter) then gets the mean and the P10, P50 and P90 of its won revenue,
 * and the chance of reaching a quota.
 *
 * Modelling choices, so that a reader can check a figure:
 * - The slip is one draw per won deal from the empirical distribution of History's
 *   changes of Expected close between consecutive rows of the same deal, with moves
 *   earlier counted as no slip (closeDateSlips). A deal that slipped twice shows as
 *   two draws in that distribution, not one larger one.
 * - A deal whose expected close is before `asOf` can no longer close in the past: it
 *   is taken to close on `asOf` (then slipped). A deal with no expected close goes
 *   to the NO_DATE period, as in forecast(). backtest() scores overdue deals the
 *   same way, in the period of the snapshot day.
 * - Only open deals with an amount are simulated and counted in a row's `deals`; the
 *   others (`withoutAmount`) add nothing to won revenue. So a period's Deals can be
 *   lower than forecast()'s count for it, while its Weighted is the same.
 * - With no slips and no overdue deals, the mean of each period is the weighted
 *   forecast of forecast(deals, config, {by}) up to simulation error; each row
 *   carries that analytic figure (`weighted`) and the standard error of its mean.
 * Cost: O(runs × open deals) plus a sort of runs values per period.
 */
import { calibratedProbabilities, calibration } from './calibration';
import { DAY_MS, daysBetween, monthKey, quarterKey, startOfDay } from './dates';
import { NO_DATE, stageLookup } from './forecast';
import { historyIndex, type HistoryIndex } from './history-index';
import { nextRandomState, quantileSorted, randomDraw, randomState } from './random';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

export interface ForecastRangeOptions {
  readonly by: 'month' | 'quarter';
  /** "Today": overdue deals are taken to close on this day. */
  readonly asOf: Date;
  /** Simulated runs; default 2000, at most 200 000. */
  readonly runs?: number;
  /** Same seed, same inputs → same result. Default 1. */
  readonly seed?: number;
  /** A won-revenue target per period (and for the total); blank for none. */
  readonly quota?: number | null;
  /** 'configured' (default) uses the Stages sheet; 'calibrated' uses calibratedProbabilities where available. */
  readonly probabilities?: 'configured' | 'calibrated';
  /** Sample close-date slips from History. Default true. */
  readonly slips?: boolean;
  /** First month (1-12) of the fiscal year, for quarters. Default 1. */
  readonly fiscalYearStartMonth?: number;
}

export interface ForecastRangeRow {
  /** "2026-11", "2026-Q4", NO_DATE, or TOTAL_KEY. */
  readonly key: string;
  /**
   * Open deals with an amount (the ones simulated) whose expected close (overdue ones
   * moved to asOf, before any slip) falls in the period. Open deals without an amount
   * are not counted here: see ForecastRange.withoutAmount.
   */
  readonly deals: number;
  /** The analytic weighted amount of those deals: Σ amount × probability, no slips. */
  readonly weighted: number;
  /** Mean won revenue over the runs. */
  readonly mean: number;
  /** Standard error of that mean: sample standard deviation ÷ √runs. */
  readonly standardError: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Share of runs whose won revenue reached the quota; null without a quota. */
  readonly quotaChance: number | null;
}

/** How often and how far expected close dates moved later, from History. */
export interface SlipModel {
  /** Pairs of consecutive History rows of one deal that both carry an expected close. */
  readonly transitions: number;
  /** Of those, the pairs where the date moved later. */
  readonly slipped: number;
  /** slipped ÷ transitions; null with no transitions. */
  readonly share: number | null;
  /** Mean days moved, over the slipped pairs; null when none slipped. */
  readonly meanSlipDays: number | null;
  /** One value per transition: days moved later, 0 when not later. The simulation draws from these. */
  readonly days: readonly number[];
}

export interface ForecastRange {
  /** Periods in date order, NO_DATE last. */
  readonly rows: ForecastRangeRow[];
  /** All periods together. */
  readonly total: ForecastRangeRow;
  readonly runs: number;
  readonly seed: number;
  /** Open deals with an amount that were simulated. */
  readonly deals: number;
  /** Open deals left out because they have no amount (or 0): they can win nothing in a run. */
  readonly withoutAmount: number;
  readonly slips: SlipModel;
}

export const TOTAL_KEY = 'Total';
const DEFAULT_RUNS = 2000;
const MAX_RUNS = 200_000;

/** See SlipModel. History may be in any order; it is grouped by deal and sorted by time. */
export function closeDateSlips(history: readonly HistoryEntry[], deals?: readonly Deal[]): SlipModel {
  // With the Deals rows, the shared History index (sorted by deal and time once) gives each path.
  if (deals) return slipsFromIndex(historyIndex(deals, history), history);
  // The draws come out in deal ID order, then time, then sheet order: the simulation
  // indexes into them, so that order is part of the result. Grouping first and sorting
  // the (few) IDs and each (short) path is far cheaper than sorting all History rows.
  const byDeal = new Map<string, HistoryEntry[]>();
  for (const entry of history) {
    if (entry.expectedClose === null) continue;
    const moves = byDeal.get(entry.dealId);
    if (moves) moves.push(entry);
    else byDeal.set(entry.dealId, [entry]);
  }
  const ids = [...byDeal.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const days: number[] = [];
  let slipped = 0;
  let slipSum = 0;
  for (const id of ids) {
    const moves = byDeal.get(id)!;
    // Array.prototype.sort is stable, so moves at the same instant keep sheet order.
    if (moves.length > 1) moves.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (let i = 1; i < moves.length; i++) {
      const moved = daysBetween(moves[i - 1].expectedClose!, moves[i].expectedClose!);
      if (moved > 0) {
        slipped++;
        slipSum += moved;
      }
      days.push(Math.max(0, moved));
    }
  }
  return {
    transitions: days.length,
    slipped,
    share: days.length ? slipped / days.length : null,
    meanSlipDays: slipped ? slipSum / slipped : null,
    days,
  };
}

/** closeDateSlips over the shared index: the same draws in the same order (deal ID, then time, then sheet order). */
function slipsFromIndex(index: HistoryIndex, history: readonly HistoryEntry[]): SlipModel {
  const ids = index.ids;
  const order: number[] = [];
  for (let d = 0; d < index.recorded; d++) order.push(d);
  order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const days: number[] = [];
  let slipped = 0;
  let slipSum = 0;
  for (const d of order) {
    let before = NaN;
    for (let m = index.start[d]; m < index.start[d + 1]; m++) {
      const close = history[index.source[m]].expectedClose;
      if (close === null) continue;
      const day = Math.floor(close.getTime() / DAY_MS);
      if (!Number.isNaN(before)) {
        const moved = day - before;
        if (moved > 0) {
          slipped++;
          slipSum += moved;
        }
        days.push(Math.max(0, moved));
      }
      before = day;
    }
  }
  return {
    transitions: days.length,
    slipped,
    share: days.length ? slipped / days.length : null,
    meanSlipDays: slipped ? slipSum / slipped : null,
    days,
  };
}

interface SimulatedDeal {
  readonly amount: number;
  readonly probability: number;
  /** Day number (days since 1970-01-01 UTC) of the expected close, overdue moved to asOf; NaN for none. */
  readonly day: number;
}

/** See the file comment. */
export function forecastRange(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
  options: ForecastRangeOptions,
): ForecastRange {
  const runs = Math.min(MAX_RUNS, Math.max(1, Math.floor(options.runs ?? DEFAULT_RUNS)));
  const seed = options.seed ?? 1;
  const quota = options.quota ?? null;
  const fiscalStart = options.fiscalYearStartMonth ?? 1;
  const asOfDay = Math.floor(startOfDay(options.asOf).getTime() / DAY_MS);
  const lookup = stageLookup(config);
  const learned =
    options.probabilities === 'calibrated' ? calibratedProbabilities(calibration(deals, history, config)) : new Map<string, number>();
  const slips = options.slips === false ? closeDateSlips([]) : closeDateSlips(history, deals);

  const simulated: SimulatedDeal[] = [];
  let withoutAmount = 0;
  for (const deal of deals) {
    const stage = lookup(deal.stage);
    if (stage?.outcome !== 'open') continue;
    if (!deal.amount) {
      withoutAmount++;
      continue;
    }
    const probability = deal.probability ?? learned.get(stage.name) ?? stage.probability;
    const day = deal.expectedClose ? Math.max(asOfDay, Math.floor(deal.expectedClose.getTime() / DAY_MS)) : NaN;
    simulated.push({ amount: deal.amount, probability, day });
  }

  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const dayIndex = new Map<number, number>();
  const periodOf = (day: number): number => {
    let index = dayIndex.get(day);
    if (index !== undefined) return index;
    const key = Number.isNaN(day)
      ? NO_DATE
      : options.by === 'month'
        ? monthKey(new Date(day * DAY_MS))
        : quarterKey(new Date(day * DAY_MS), fiscalStart);
    index = keyIndex.get(key);
    if (index === undefined) {
      index = keys.length;
      keys.push(key);
      keyIndex.set(key, index);
    }
    dayIndex.set(day, index);
    return index;
  };

  const dealCounts: number[] = [];
  const weighted: number[] = [];
  let totalWeighted = 0;
  for (const deal of simulated) {
    const index = periodOf(deal.day);
    dealCounts[index] = (dealCounts[index] ?? 0) + 1;
    weighted[index] = (weighted[index] ?? 0) + deal.amount * deal.probability;
    totalWeighted += deal.amount * deal.probability;
  }

  // The hot loop (runs × deals) reads flat arrays and finds a day's period in a table
  // indexed by day, rather than in a Map; the draws and their order are unchanged.
  const count = simulated.length;
  const amounts = new Float64Array(count);
  const probabilities = new Float64Array(count);
  const days = new Float64Array(count);
  let lastDay = -Infinity;
  for (let i = 0; i < count; i++) {
    amounts[i] = simulated[i].amount;
    probabilities[i] = simulated[i].probability;
    days[i] = simulated[i].day;
    if (simulated[i].day > lastDay) lastDay = simulated[i].day;
  }
  // seededRandom(seed)'s stream, its state kept in a local (random.ts says why).
  let state = randomState(seed);
  const slipDays = Int32Array.from(slips.days);
  const slipCount = slipDays.length;
  let maxSlip = 0;
  for (const slip of slipDays) if (slip > maxSlip) maxSlip = slip;
  // Every dated deal's day is ≥ asOfDay and slips are ≥ 0, so days run from asOfDay to lastDay + maxSlip.
  const span = Number.isFinite(lastDay) ? lastDay + maxSlip - asOfDay + 1 : 0;
  const periodByDay = new Int32Array(Math.max(0, span)).fill(-1);
  const noDatePeriod = simulated.some((deal) => Number.isNaN(deal.day)) ? periodOf(NaN) : -1;
  const revenue: Float64Array[] = [];
  const totals = new Float64Array(runs);
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < count; i++) {
      state = nextRandomState(state);
      if (randomDraw(state) >= probabilities[i]) continue;
      let day = days[i];
      let index: number;
      if (Number.isNaN(day)) index = noDatePeriod;
      else {
        if (slipCount > 0) {
          state = nextRandomState(state);
          day += slipDays[Math.floor(randomDraw(state) * slipCount)];
        }
        const offset = day - asOfDay;
        index = periodByDay[offset];
        if (index < 0) index = periodByDay[offset] = periodOf(day);
      }
      const amount = amounts[i];
      let runsOf = revenue[index];
      if (!runsOf) {
        runsOf = new Float64Array(runs);
        revenue[index] = runsOf;
      }
      runsOf[run] += amount;
      totals[run] += amount;
    }
  }

  const summarise = (key: string, values: Float64Array, count: number, analytic: number): ForecastRangeRow => {
    let sum = 0;
    let reached = 0;
    for (const value of values) {
      sum += value;
      if (quota !== null && value >= quota) reached++;
    }
    const mean = sum / runs;
    let squares = 0;
    for (const value of values) squares += (value - mean) ** 2;
    const standardError = runs > 1 ? Math.sqrt(squares / (runs - 1) / runs) : 0;
    values.sort();
    return {
      key,
      deals: count,
      weighted: analytic,
      mean,
      standardError,
      p10: quantileSorted(values, 0.1)!,
      p50: quantileSorted(values, 0.5)!,
      p90: quantileSorted(values, 0.9)!,
      quotaChance: quota === null ? null : reached / runs,
    };
  };

  const order = keys
    .map((key, index) => ({ key, index }))
    .sort((a, b) => (a.key === NO_DATE ? 1 : b.key === NO_DATE ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = order.map(({ key, index }) =>
    summarise(key, revenue[index] ?? new Float64Array(runs), dealCounts[index] ?? 0, weighted[index] ?? 0),
  );
  const total = summarise(TOTAL_KEY, totals, simulated.length, totalWeighted);
  return { rows, total, runs, seed, deals: simulated.length, withoutAmount, slips };
}

export const FORECAST_RANGE_HEADERS = [
  'Period',
  'Deals',
  'Weighted',
  'Mean won',
  'Standard error',
  'P10',
  'P50',
  'P90',
  'Chance of quota',
] as const;

/**
 * The periods as a tidy table, header first; blank quota chance as ''. With
 * `includeTotal`, a last row keyed TOTAL_KEY sums all periods (leave it out when a
 * pivot table will sum the rows itself).
 */
export function forecastRangeTable(range: ForecastRange, options: { includeTotal?: boolean } = {}): (string | number)[][] {
  const line = (r: ForecastRangeRow) => [r.key, r.deals, r.weighted, r.mean, r.standardError, r.p10, r.p50, r.p90, r.quotaChance ?? ''];
  const rows = range.rows.map(line);
  if (options.includeTotal) rows.push(line(range.total));
  return [[...FORECAST_RANGE_HEADERS], ...rows];
}
