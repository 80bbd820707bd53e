/**
 * How good was the forecast? For each snapshot day and each period (month or
 * quarter) the forecast made that day, the sum of Weighted over the snapshot's deals
 * expected to close in the period, is set against what those deals actually won in
 * it, by owner or by stage; then, per group, the bias and the error (WAPE and MAPE).
 * What was won outside that forecast is counted beside it, not in it.
 *
 * What counts:
 * - A snapshot row is in the forecast when it has an expected close and an amount (or
 *   a Weighted of its own). A deal with no expected close has no period, and one with
 *   no amount adds 0 whatever happens to it, so the forecast could not have seen
 *   their wins.
 * - Its period is that of its expected close; an overdue one (expected close before
 *   the snapshot day) is taken to close on the snapshot day, as forecastRange takes
 *   overdue deals to close "today". Without that rule the Weighted of a deal overdue
 *   since an earlier period sat in a period already over, never scored, while its win
 *   still counted against a later one.
 * - Periods: those that end after the snapshot day and by `asOf` (default: the latest
 *   snapshot day), in which a row of the forecast fell or a deal of the forecast was
 *   won. For the period the snapshot day falls in, only wins on or after that day count.
 * - Actual: the deals of the forecast now in a won stage whose Closed on falls in that
 *   window, at their Amount now, in their group that day (owner or stage). A deal won
 *   in another period than forecast counts there: a timing miss is an error twice.
 * - Beside it, out of bias and error, the wins the forecast could not see, in the
 *   periods scored: deals not in the snapshot (opened after it), by their owner now or
 *   as NOT_IN_SNAPSHOT by stage; and deals in it without an expected close or amount
 *   that day, in their group then. So the groups add up to the whole, and a reader
 *   sees how much was won beyond the pipeline's dated and priced deals.
 * - Won deals with no Closed on cannot be placed in a period; they are counted in
 *   `wonWithoutCloseDate`. A deal listed twice in one snapshot day counts once (its last row).
 * - Bias is forecast − actual: the mean over the group's (snapshot, period) pairs,
 *   and relative, Σ(forecast − actual) ÷ Σ actual. WAPE is Σ|forecast − actual| ÷
 *   Σ actual. MAPE is the mean of |forecast − actual| ÷ actual over the pairs with
 *   actual > 0; a pair with a small actual (a snapshot days before its period ends)
 *   can make it run to hundreds of percent, which WAPE, weighted by what was won, does not.
 * - With `probabilities` (say, calibratedProbabilities), the rows that used their
 *   stage's configured probability are weighted with these instead: the bias left then
 *   is what the stage probabilities do not explain (close dates, slips, chance).
 */
import { startOfDay } from './dates';
import { NO_OWNER, stageLookup } from './forecast';
import type { SnapshotRow } from './snapshots';
import type { Deal, PipelineConfig } from './types';

/** The stage group of won deals that were not in the snapshot (new since, or closed before it). */
export const NOT_IN_SNAPSHOT = '(not in snapshot)';
/** The group key of the summary over all groups. */
export const ALL_GROUPS = '(all)';

export interface BacktestOptions {
  readonly by: 'owner' | 'stage';
  /** Period length. Default 'month'. */
  readonly period?: 'month' | 'quarter';
  /** Periods must have ended by this day. Default: the latest snapshot day. */
  readonly asOf?: Date;
  /** First month (1-12) of the fiscal year, for quarters. Default 1. */
  readonly fiscalYearStartMonth?: number;
  /**
   * Stage name → probability to weigh with instead of the configured one. A row whose
   * probability is its stage's configured one is re-weighted as Amount × this; a row
   * with a deal's own override, or no amount, keeps its Weighted.
   */
  readonly probabilities?: ReadonlyMap<string, number>;
}

/** One group in one period, as forecast on one snapshot day. */
export interface BacktestRow {
  readonly snapshot: Date;
  /** "2026-11" or "2026-Q4". */
  readonly period: string;
  readonly group: string;
  readonly forecast: number;
  /** Won by the deals of the forecast (see the file comment). */
  readonly actual: number;
  /** Won by deals that were not in the snapshot. */
  readonly wonNotInSnapshot: number;
  /** Won by deals in the snapshot with no expected close or no amount that day. */
  readonly wonWithoutDateOrAmount: number;
}

/** One group over all its (snapshot, period) pairs. */
export interface BacktestSummary {
  readonly group: string;
  /** (snapshot, period) pairs. */
  readonly pairs: number;
  readonly forecast: number;
  readonly actual: number;
  readonly wonNotInSnapshot: number;
  readonly wonWithoutDateOrAmount: number;
  /** Mean of forecast − actual per pair. Positive: the forecast ran high. */
  readonly bias: number;
  /** Σ(forecast − actual) ÷ Σ actual; null when nothing was won. */
  readonly relativeBias: number | null;
  /** Σ|forecast − actual| ÷ Σ actual; null when nothing was won. */
  readonly wape: number | null;
  /** Mean of |forecast − actual| ÷ actual over pairs with actual > 0; null when there are none. */
  readonly mape: number | null;
  /** The pairs MAPE averages. */
  readonly mapePairs: number;
}

export interface Backtest {
  /** By snapshot day, then period, then group. */
  readonly rows: BacktestRow[];
  /** One per group: stages in pipeline order or owners by address, NOT_IN_SNAPSHOT / NO_OWNER last. */
  readonly groups: BacktestSummary[];
  /** All groups together (pairs are (snapshot, period), summed over groups). */
  readonly total: BacktestSummary;
  readonly snapshots: number;
  readonly wonWithoutCloseDate: number;
}

interface Period {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/** The month or (fiscal) quarter a date falls in, as [start, end) instants. */
function periodOf(date: Date, by: 'month' | 'quarter', fiscalStart: number): Period {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (by === 'month') {
    return { key: `${year}-${String(month + 1).padStart(2, '0')}`, start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  }
  const intoYear = (month - (fiscalStart - 1) + 12) % 12;
  const firstMonth = month - (intoYear % 3);
  const fiscalYear = fiscalStart === 1 || month < fiscalStart - 1 ? year : year + 1;
  return {
    key: `${fiscalYear}-Q${Math.floor(intoYear / 3) + 1}`,
    start: Date.UTC(year, firstMonth, 1),
    end: Date.UTC(year, firstMonth + 3, 1),
  };
}

interface WonDeal {
  readonly id: string;
  readonly owner: string;
  readonly amount: number;
  readonly closedOn: number;
}

/** See the file comment. */
export function backtest(
  snapshots: readonly SnapshotRow[],
  deals: readonly Deal[],
  config: PipelineConfig,
  options: BacktestOptions,
): Backtest {
  const by = options.period ?? 'month';
  const fiscalStart = options.fiscalYearStartMonth ?? 1;
  const lookup = stageLookup(config);
  const weightOf = (row: SnapshotRow): number => {
    const replacement = options.probabilities?.get(row.stage);
    if (replacement === undefined || row.amount === null) return row.weighted;
    const configured = lookup(row.stage)?.probability;
    return row.probability === null || row.probability === configured ? row.amount * replacement : row.weighted;
  };

  const days = new Map<number, Map<string, SnapshotRow>>();
  for (const row of snapshots) {
    const day = startOfDay(row.at).getTime();
    let byDeal = days.get(day);
    if (!byDeal) {
      byDeal = new Map();
      days.set(day, byDeal);
    }
    byDeal.set(row.dealId, row);
  }
  const snapshotDays = [...days.keys()].sort((a, b) => a - b);
  const cutoff = options.asOf ? startOfDay(options.asOf).getTime() : (snapshotDays[snapshotDays.length - 1] ?? -Infinity);

  const won: WonDeal[] = [];
  let wonWithoutCloseDate = 0;
  for (const deal of deals) {
    if (lookup(deal.stage)?.outcome !== 'won') continue;
    if (!deal.closedOn) {
      wonWithoutCloseDate++;
      continue;
    }
    won.push({ id: deal.id, owner: deal.owner || NO_OWNER, amount: deal.amount ?? 0, closedOn: deal.closedOn.getTime() });
  }

  const groupOf = (row: SnapshotRow) => (options.by === 'owner' ? row.owner || NO_OWNER : row.stage);
  const inForecast = (row: SnapshotRow) => row.expectedClose !== null && (row.amount !== null || row.weighted !== 0);
  type Sums = { forecast: number; actual: number; wonNotInSnapshot: number; wonWithoutDateOrAmount: number };
  const rows: BacktestRow[] = [];
  for (const day of snapshotDays) {
    const byDeal = days.get(day)!;
    const cells = new Map<string, { period: Period; groups: Map<string, Sums> }>();
    const sums = (period: Period, group: string): Sums => {
      let cell = cells.get(period.key);
      if (!cell) {
        cell = { period, groups: new Map() };
        cells.set(period.key, cell);
      }
      let sum = cell.groups.get(group);
      if (!sum) {
        sum = { forecast: 0, actual: 0, wonNotInSnapshot: 0, wonWithoutDateOrAmount: 0 };
        cell.groups.set(group, sum);
      }
      return sum;
    };
    const scored = (period: Period) => period.end > day && period.end <= cutoff;
    for (const row of byDeal.values()) {
      if (!inForecast(row)) continue;
      const period = periodOf(new Date(Math.max(row.expectedClose!.getTime(), day)), by, fiscalStart);
      if (scored(period)) sums(period, groupOf(row)).forecast += weightOf(row);
    }
    // Wins of the forecast's deals open their period too (a deal won earlier or later
    // than expected); the wins it could not see are counted only in periods scored anyway.
    const elsewhere: { won: WonDeal; period: Period; then: SnapshotRow | undefined }[] = [];
    for (const deal of won) {
      if (deal.closedOn < day) continue;
      const period = periodOf(new Date(deal.closedOn), by, fiscalStart);
      if (!scored(period)) continue;
      const then = byDeal.get(deal.id);
      if (then && inForecast(then)) sums(period, groupOf(then)).actual += deal.amount;
      else elsewhere.push({ won: deal, period, then });
    }
    for (const { won: deal, period, then } of elsewhere) {
      if (!cells.has(period.key)) continue;
      if (then) sums(period, groupOf(then)).wonWithoutDateOrAmount += deal.amount;
      else sums(period, options.by === 'owner' ? deal.owner : NOT_IN_SNAPSHOT).wonNotInSnapshot += deal.amount;
    }
    for (const cell of cells.values()) {
      for (const [group, sum] of cell.groups) rows.push({ snapshot: new Date(day), period: cell.period.key, group, ...sum });
    }
  }

  const stageOrder = new Map(config.stages.map((s, i) => [s.name, i]));
  const rank = (group: string) =>
    group === NOT_IN_SNAPSHOT || group === NO_OWNER
      ? Infinity
      : options.by === 'stage'
        ? (stageOrder.get(group) ?? config.stages.length)
        : 0;
  const compareGroups = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  rows.sort(
    (a, b) =>
      a.snapshot.getTime() - b.snapshot.getTime() ||
      (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
      compareGroups(a.group, b.group),
  );

  const byGroup = new Map<string, BacktestRow[]>();
  const byPair = new Map<string, Sums>();
  for (const row of rows) {
    let list = byGroup.get(row.group);
    if (!list) {
      list = [];
      byGroup.set(row.group, list);
    }
    list.push(row);
    const pairKey = `${row.snapshot.getTime()}|${row.period}`;
    const pair = byPair.get(pairKey) ?? { forecast: 0, actual: 0, wonNotInSnapshot: 0, wonWithoutDateOrAmount: 0 };
    pair.forecast += row.forecast;
    pair.actual += row.actual;
    pair.wonNotInSnapshot += row.wonNotInSnapshot;
    pair.wonWithoutDateOrAmount += row.wonWithoutDateOrAmount;
    byPair.set(pairKey, pair);
  }
  const groups = [...byGroup.keys()].sort(compareGroups).map((group) => summarise(group, byGroup.get(group)!));
  return { rows, groups, total: summarise(ALL_GROUPS, [...byPair.values()]), snapshots: snapshotDays.length, wonWithoutCloseDate };
}

function summarise(
  group: string,
  pairs: readonly { forecast: number; actual: number; wonNotInSnapshot: number; wonWithoutDateOrAmount: number }[],
): BacktestSummary {
  let forecast = 0;
  let actual = 0;
  let wonNotInSnapshot = 0;
  let wonWithoutDateOrAmount = 0;
  let percentSum = 0;
  let mapePairs = 0;
  let absoluteError = 0;
  for (const pair of pairs) {
    absoluteError += Math.abs(pair.forecast - pair.actual);
    forecast += pair.forecast;
    actual += pair.actual;
    wonNotInSnapshot += pair.wonNotInSnapshot;
    wonWithoutDateOrAmount += pair.wonWithoutDateOrAmount;
    if (pair.actual > 0) {
      percentSum += Math.abs(pair.forecast - pair.actual) / pair.actual;
      mapePairs++;
    }
  }
  return {
    group,
    pairs: pairs.length,
    forecast,
    actual,
    wonNotInSnapshot,
    wonWithoutDateOrAmount,
    bias: pairs.length ? (forecast - actual) / pairs.length : 0,
    relativeBias: actual > 0 ? (forecast - actual) / actual : null,
    wape: actual > 0 ? absoluteError / actual : null,
    mape: mapePairs ? percentSum / mapePairs : null,
    mapePairs,
  };
}

export const BACKTEST_HEADERS = [
  'Group',
  'Pairs',
  'Forecast',
  'Actual',
  'Bias',
  'Relative bias',
  'WAPE',
  'MAPE',
  'Pairs with actual',
  'Won, not in snapshot',
  'Won, no date or amount',
] as const;

/** The per-group summary as a tidy table, header first; with `includeTotal`, the ALL_GROUPS row last. Blanks as ''. */
export function backtestTable(result: Backtest, options: { includeTotal?: boolean } = {}): (string | number)[][] {
  const line = (s: BacktestSummary) => [
    s.group,
    s.pairs,
    s.forecast,
    s.actual,
    s.bias,
    s.relativeBias ?? '',
    s.wape ?? '',
    s.mape ?? '',
    s.mapePairs,
    s.wonNotInSnapshot,
    s.wonWithoutDateOrAmount,
  ];
  const lines = result.groups.map(line);
  if (options.includeTotal) lines.push(line(result.total));
  return [[...BACKTEST_HEADERS], ...lines];
}

export const BACKTEST_DETAIL_HEADERS = [
  'Snapshot date',
  'Period',
  'Group',
  'Forecast',
  'Actual',
  'Error',
  'Won, not in snapshot',
  'Won, no date or amount',
] as const;

/** Every (snapshot, period, group) as a tidy table for a pivot table; Error is forecast − actual. */
export function backtestDetailTable(result: Backtest): (string | number | Date)[][] {
  return [
    [...BACKTEST_DETAIL_HEADERS],
    ...result.rows.map((r) => [
      r.snapshot,
      r.period,
      r.group,
      r.forecast,
      r.actual,
      r.forecast - r.actual,
      r.wonNotInSnapshot,
      r.wonWithoutDateOrAmount,
    ]),
  ];
}
