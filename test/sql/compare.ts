/**
 * Sets the DuckDB views' figures beside the core's for one data set and returns
 * every difference as a line of text (an empty list when they agree): amounts to the
 * cent, day counts to the day, counts exactly, rates and fractional days to 1e-9.
 * The core runs on the values as the file readers hand them over: stage names as the
 * Stages sheet spells them and date-only Deals fields at UTC midnight.
 */
import {
  calibration,
  conversion,
  cycleDays,
  findStage,
  forecast,
  NO_OWNER,
  staleDeals,
  timeInStage,
  velocity,
  winRate,
  type Deal,
  type HistoryEntry,
  type PipelineConfig,
} from '../../src/core/index';
import { sqlFigures, type SqlFigures } from '../../src/sql/duckdb';
import { dateOnlyDeal } from '../../src/workbook/cells';

export interface DataSet {
  readonly config: PipelineConfig;
  readonly deals: readonly Deal[];
  readonly history: readonly HistoryEntry[];
  readonly asOf: Date;
}

/** The values as a reader would give them: canonical stage names, whole-day Deals dates. */
export function asRead(data: DataSet): DataSet {
  const name = (stage: string) => (stage ? findStage(data.config, stage)?.name ?? stage : stage);
  return {
    ...data,
    deals: data.deals.map((d) => dateOnlyDeal({ ...d, stage: name(d.stage) })),
    history: data.history.map((h) => ({ ...h, to: name(h.to), from: name(h.from) })),
  };
}

export async function differences(raw: DataSet): Promise<{ diffs: string[]; sql: SqlFigures }> {
  const data = asRead(raw);
  const { config, deals, history, asOf } = data;
  const sql = await sqlFigures(data, asOf);
  const diffs: string[] = [];
  const near = (what: string, a: number | null, b: number | null, tolerance: number) => {
    if (a === null || b === null ? a !== b : !(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a)))) diffs.push(`${what}: core ${a}, sql ${b}`);
  };
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${what}: core ${JSON.stringify(a)}, sql ${JSON.stringify(b)}`);
  };
  const CENT = 0.005;
  const FINE = 1e-9;

  for (const by of ['stage', 'month', 'quarter', 'owner', 'category'] as const) {
    const core = forecast(deals, config, { by });
    const mine = sql[`forecastBy${by[0].toUpperCase()}${by.slice(1)}` as keyof SqlFigures] as typeof core;
    same(`forecast by ${by} keys`, core.map((r) => [r.key, r.deals]), mine.map((r) => [r.key, r.deals]));
    core.forEach((r, i) => {
      near(`forecast by ${by} ${r.key} amount`, r.amount, mine[i]?.amount ?? null, CENT);
      near(`forecast by ${by} ${r.key} weighted`, r.weighted, mine[i]?.weighted ?? null, CENT);
    });
  }
  for (const strict of [false, true]) {
    const core = conversion(deals, history, config, { mode: 'next', strict });
    const mine = strict ? sql.conversionStrict : sql.conversionAny;
    same(`conversion ${strict ? 'strict' : 'any'} deals`, core.map((r) => [r.stage, r.deals]), mine.map((r) => [r.stage, r.deals]));
    core.forEach((r, i) => {
      near(`conversion ${r.stage} next`, r.nextRate, mine[i]?.nextRate ?? null, FINE);
      near(`conversion ${r.stage} cumulative`, r.cumulativeRate, mine[i]?.cumulativeRate ?? null, FINE);
    });
  }
  const win = winRate(deals, config);
  same('win rate counts', [win.won, win.lost], [sql.winRate.won, sql.winRate.lost]);
  near('win rate', win.rate, sql.winRate.rate, FINE);
  const cycle = cycleDays(deals, history, config);
  same('cycle count', cycle.count, sql.cycle.count);
  near('cycle mean', cycle.meanDays, sql.cycle.meanDays, FINE);
  near('cycle median', cycle.medianDays, sql.cycle.medianDays, FINE);
  const v = velocity(deals, history, config);
  same('velocity open deals', v.openDeals, sql.velocity.openDeals);
  near('velocity average won', v.averageWonAmount, sql.velocity.averageWonAmount, CENT);
  near('velocity per day', v.perDay, sql.velocity.perDay, FINE);
  const stays = timeInStage(deals, history, config, asOf);
  same('time in stage visits', stays.map((s) => [s.stage, s.visits]), sql.timeInStage.map((s) => [s.stage, s.visits]));
  stays.forEach((s, i) => {
    near(`time in ${s.stage} mean`, s.meanDays, sql.timeInStage[i]?.meanDays ?? null, FINE);
    near(`time in ${s.stage} median`, s.medianDays, sql.timeInStage[i]?.medianDays ?? null, FINE);
  });
  const stale = staleDeals(deals, history, config, asOf).map((s) => ({
    owner: s.deal.owner || NO_OWNER,
    id: s.deal.id,
    row: s.deal.row,
    entered: s.enteredStage?.toISOString() ?? null,
    days: s.daysInStage,
    rotting: s.rottingDays,
    overdue: s.nextStepOverdueDays,
    slipped: s.closeSlippedDays,
    flags: s.flags,
    amount: s.deal.amount,
  }));
  same(
    'stale deals',
    stale,
    sql.stale.map((s) => ({
      owner: s.owner,
      id: s.dealId,
      row: s.row,
      entered: s.enteredStage?.toISOString() ?? null,
      days: s.daysInStage,
      rotting: s.rottingDays,
      overdue: s.nextStepOverdueDays,
      slipped: s.closeSlippedDays,
      flags: s.flags,
      amount: s.amount,
    })),
  );
  const cal = calibration(deals, history, config);
  same('calibration counts', cal.stages.map((s) => [s.stage, s.outcome, s.reached, s.won, s.suggested]), sql.calibration.stages.map((s) => [s.stage, s.outcome, s.reached, s.won, s.suggested]));
  cal.stages.forEach((s, i) => {
    const m = sql.calibration.stages[i];
    near(`calibration ${s.stage} configured`, s.configured, m?.configured ?? null, FINE);
    near(`calibration ${s.stage} observed`, s.observed, m?.observed ?? null, FINE);
    near(`calibration ${s.stage} low`, s.low, m?.low ?? null, FINE);
    near(`calibration ${s.stage} high`, s.high, m?.high ?? null, FINE);
  });
  same('calibration closed deals / forecasts', [cal.closedDeals, cal.forecasts], [sql.calibration.closedDeals, sql.calibration.forecasts]);
  near('brier', cal.brier, sql.calibration.brier, FINE);
  same('reliability bins', cal.reliability.map((b) => [b.forecasts, b.won]), sql.calibration.reliability.map((b) => [b.forecasts, b.won]));
  cal.reliability.forEach((b, i) => {
    const m = sql.calibration.reliability[i];
    near(`reliability ${b.from} from`, b.from, m?.from ?? null, FINE);
    near(`reliability ${b.from} mean`, b.meanConfigured, m?.meanConfigured ?? null, FINE);
    near(`reliability ${b.from} observed`, b.observed, m?.observed ?? null, FINE);
  });
  return { diffs, sql };
}
