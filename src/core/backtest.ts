/**
 * How good was the forecast? For each snapshot day and each period (month or
 * quarter of expected close) the forecast made that day, the sum of Weighted over
 * the snapshot's deals expected to close in the period, is set against what was
 * actually won in it, by owner or by stage; then, per group, the bias and the mean
 * absolute percentage error (MAPE).
 *
 * What counts:
 * - Periods: those some deal of the snapshot was expected to close in, that end
 *   after the snapshot day and have ended by `asOf` (default: the latest snapshot
 *   day). The forecast covers what was still open, so for the period the snapshot
 *   day falls in, only wins on or after that day are counted.
 * - Actual: deals now in a won stage whose Closed on falls in that window, at their
 *   Amount now. A won deal that was in the snapshot counts for its group there (its
 *   owner or stage that day); one that was not (created later, say) counts for its
 *   owner now, or for NOT_IN_SNAPSHOT by stage. So the groups add up to the whole.
 *   Won deals with no Closed on cannot be placed in a period; they are counted in
 *   `wonWithoutCloseDate`.
 * - A deal listed twice in one snapshot day counts once (its last row).
 * - Bias is forecast − actual: the mean over the group's (snapshot, period) pairs,
 *   and relative, Σ(forecast − actual) ÷ Σ actual. MAPE is the mean of
 *   |forecast − actual| ÷ actual over the pairs with actual > 0.
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
}

/** One group in one period, as forecast on one snapshot day. */
export interface BacktestRow {
  readonly snapshot: Date;
  /** "2026-11" or "2026-Q4". */
  readonly period: string;
  readonly group: string;
  readonly forecast: number;
  readonly actual: number;
}

/** One group over all its (snapshot, period) pairs. */
export interface BacktestSummary {
  readonly group: string;
  /** (snapshot, period) pairs. */
  readonly pairs: number;
  readonly forecast: number;
  readonly actual: number;
  /** Mean of forecast − actual per pair. Positive: the forecast ran high. */
  readonly bias: number;
  /** Σ(forecast − actual) ÷ Σ actual; null when nothing was won. */
  readonly relativeBias: number | null;
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
export function backtest(snapshots: readonly SnapshotRow[], deals: readonly Deal[], config: PipelineConfig, options: BacktestOptions): Backtest {
  const by = options.period ?? 'month';
  const fiscalStart = options.fiscalYearStartMonth ?? 1;
  const lookup = stageLookup(config);

  const days = new Map<number, Map<string, SnapshotRow>>();
  for (const row of snapshots) {
    const day = startOfDay(row.at).getTime();
    let byDeal = days.get(day);
    if (!byDeal) days.set(day, (byDeal = new Map()));
    byDeal.set(row.dealId, row);
  }
  const snapshotDays = [...days.keys()].sort((a, b) => a - b);
  const cutoff = options.asOf ? startOfDay(options.asOf).getTime() : snapshotDays[snapshotDays.length - 1] ?? -Infinity;

  const wonByPeriod = new Map<string, WonDeal[]>();
  let wonWithoutCloseDate = 0;
  for (const deal of deals) {
    if (lookup(deal.stage)?.outcome !== 'won') continue;
    if (!deal.closedOn) {
      wonWithoutCloseDate++;
      continue;
    }
    const key = periodOf(deal.closedOn, by, fiscalStart).key;
    let list = wonByPeriod.get(key);
    if (!list) wonByPeriod.set(key, (list = []));
    list.push({ id: deal.id, owner: deal.owner || NO_OWNER, amount: deal.amount ?? 0, closedOn: deal.closedOn.getTime() });
  }

  const groupOf = (row: SnapshotRow) => (options.by === 'owner' ? row.owner || NO_OWNER : row.stage);
  const rows: BacktestRow[] = [];
  for (const day of snapshotDays) {
    const byDeal = days.get(day)!;
    const cells = new Map<string, { period: Period; forecast: Map<string, number>; actual: Map<string, number> }>();
    for (const row of byDeal.values()) {
      if (!row.expectedClose) continue;
      const period = periodOf(row.expectedClose, by, fiscalStart);
      if (period.end > cutoff || period.end <= day) continue;
      let cell = cells.get(period.key);
      if (!cell) cells.set(period.key, (cell = { period, forecast: new Map(), actual: new Map() }));
      const group = groupOf(row);
      cell.forecast.set(group, (cell.forecast.get(group) ?? 0) + row.weighted);
    }
    for (const cell of cells.values()) {
      const from = Math.max(cell.period.start, day);
      for (const won of wonByPeriod.get(cell.period.key) ?? []) {
        if (won.closedOn < from) continue;
        const then = byDeal.get(won.id);
        const group = then ? groupOf(then) : options.by === 'owner' ? won.owner : NOT_IN_SNAPSHOT;
        cell.actual.set(group, (cell.actual.get(group) ?? 0) + won.amount);
      }
      const groups = new Set([...cell.forecast.keys(), ...cell.actual.keys()]);
      for (const group of groups) {
        rows.push({ snapshot: new Date(day), period: cell.period.key, group, forecast: cell.forecast.get(group) ?? 0, actual: cell.actual.get(group) ?? 0 });
      }
    }
  }

  const stageOrder = new Map(config.stages.map((s, i) => [s.name, i]));
  const rank = (group: string) =>
    group === NOT_IN_SNAPSHOT || group === NO_OWNER ? Infinity : options.by === 'stage' ? stageOrder.get(group) ?? config.stages.length : 0;
  const compareGroups = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) => a.snapshot.getTime() - b.snapshot.getTime() || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) || compareGroups(a.group, b.group));

  const byGroup = new Map<string, BacktestRow[]>();
  const byPair = new Map<string, { forecast: number; actual: number }>();
  for (const row of rows) {
    let list = byGroup.get(row.group);
    if (!list) byGroup.set(row.group, (list = []));
    list.push(row);
    const pairKey = `${row.snapshot.getTime()}|${row.period}`;
    const pair = byPair.get(pairKey) ?? { forecast: 0, actual: 0 };
    pair.forecast += row.forecast;
    pair.actual += row.actual;
    byPair.set(pairKey, pair);
  }
  const groups = [...byGroup.keys()].sort(compareGroups).map((group) => summarise(group, byGroup.get(group)!));
  return { rows, groups, total: summarise(ALL_GROUPS, [...byPair.values()]), snapshots: snapshotDays.length, wonWithoutCloseDate };
}

function summarise(group: string, pairs: readonly { forecast: number; actual: number }[]): BacktestSummary {
  let forecast = 0;
  let actual = 0;
  let percentSum = 0;
  let mapePairs = 0;
  for (const pair of pairs) {
    forecast += pair.forecast;
    actual += pair.actual;
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
    bias: pairs.length ? (forecast - actual) / pairs.length : 0,
    relativeBias: actual > 0 ? (forecast - actual) / actual : null,
    mape: mapePairs ? percentSum / mapePairs : null,
    mapePairs,
  };
}

export const BACKTEST_HEADERS = ['Group', 'Pairs', 'Forecast', 'Actual', 'Bias', 'Relative bias', 'MAPE', 'Pairs with actual'] as const;

/** The per-group summary as a tidy table, header first; with `includeTotal`, the ALL_GROUPS row last. Blanks as ''. */
export function backtestTable(result: Backtest, options: { includeTotal?: boolean } = {}): (string | number)[][] {
  const line = (s: BacktestSummary) => [s.group, s.pairs, s.forecast, s.actual, s.bias, s.relativeBias ?? '', s.mape ?? '', s.mapePairs];
  const lines = result.groups.map(line);
  if (options.includeTotal) lines.push(line(result.total));
  return [[...BACKTEST_HEADERS], ...lines];
}

export const BACKTEST_DETAIL_HEADERS = ['Snapshot date', 'Period', 'Group', 'Forecast', 'Actual', 'Error'] as const;

/** Every (snapshot, period, group) as a tidy table for a pivot table; Error is forecast − actual. */
export function backtestDetailTable(result: Backtest): (string | number | Date)[][] {
  return [[...BACKTEST_DETAIL_HEADERS], ...result.rows.map((r) => [r.snapshot, r.period, r.group, r.forecast, r.actual, r.forecast - r.actual])];
}
