/**
 * Sets the DuckDB views' figures beside the core's for one data set and returns
 * every difference as a line of text (an empty list when they agree): amounts to the
 * cent, day counts to the day, counts exactly, rates and fractional days to 1e-9.
 * Figures that hold amounts are compared per currency: each currency's views against
 * the core run on that currency's deals (splitByCurrency), never a sum across them.
 * The core runs on the values as the file readers hand them over: stage names as the
 * Stages sheet spells them and date-only Deals fields at UTC midnight.
 */
import {
  calibration,
  conversionFunnel,
  cycleDays,
  findStage,
  forecast,
  NO_CURRENCY,
  NO_OWNER,
  outcomesByPeriod,
  ownerPerformance,
  splitByCurrency,
  staleDeals,
  timeInStage,
  totalWon,
  velocity,
  winRate,
  type Deal,
  type HistoryEntry,
  type PipelineConfig,
} from '../../src/core/index';
import { sqlFigures, type SqlCurrencyFigures, type SqlFigures, type SqlStaleRow } from '../../src/sql/duckdb';
import { dateOnlyDeal } from '../../src/workbook/cells';

export interface DataSet {
  readonly config: PipelineConfig;
  readonly deals: readonly Deal[];
  readonly history: readonly HistoryEntry[];
  readonly asOf: Date;
  /** First month of the fiscal year for the quarter views (default 1). */
  readonly fiscalYearStartMonth?: number;
}

/** The values as a reader would give them: canonical stage names, whole-day Deals dates. */
export function asRead(data: DataSet): DataSet {
  const name = (stage: string) => (stage ? (findStage(data.config, stage)?.name ?? stage) : stage);
  return {
    ...data,
    deals: data.deals.map((d) => dateOnlyDeal({ ...d, stage: name(d.stage) })),
    history: data.history.map((h) => ({ ...h, to: name(h.to), from: name(h.from) })),
  };
}

export async function differences(raw: DataSet): Promise<{ diffs: string[]; sql: SqlFigures }> {
  const data = asRead(raw);
  const { config, deals, history, asOf } = data;
  const fiscalYearStartMonth = data.fiscalYearStartMonth ?? 1;
  const sql = await sqlFigures(data, asOf, { fiscalYearStartMonth });
  const diffs: string[] = [];
  const near = (what: string, a: number | null, b: number | null, tolerance: number) => {
    if (a === null || b === null ? a !== b : !(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a))))
      diffs.push(`${what}: core ${a}, sql ${b}`);
  };
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${what}: core ${JSON.stringify(a)}, sql ${JSON.stringify(b)}`);
  };
  // The core's groups; a file naming no currency is one group, NO_CURRENCY, in the views.
  const split = splitByCurrency(deals);
  const parts = split.length > 0 ? split : deals.length > 0 ? [{ currency: NO_CURRENCY, deals: [...deals] }] : [];
  same(
    'currencies',
    parts.map((p) => [p.currency, p.deals.length]),
    sql.byCurrency.map((c) => [c.currency, c.deals]),
  );
  for (const part of parts) {
    const mine = sql.byCurrency.find((c) => c.currency === part.currency);
    if (mine) amountDifferences(part.currency, part.deals, mine, data, fiscalYearStartMonth, near, same);
  }
  for (const strict of [false, true]) {
    const funnel = conversionFunnel(deals, history, config, { mode: 'next', strict });
    const core = funnel.rows;
    same(`conversion ${strict ? 'strict' : 'any'} basis`, funnel.basis, sql.conversionBasis);
    const mine = strict ? sql.conversionStrict : sql.conversionAny;
    same(
      `conversion ${strict ? 'strict' : 'any'} deals`,
      core.map((r) => [r.stage, r.deals]),
      mine.map((r) => [r.stage, r.deals]),
    );
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
  const stays = timeInStage(deals, history, config, asOf);
  same(
    'time in stage visits',
    stays.map((s) => [s.stage, s.visits]),
    sql.timeInStage.map((s) => [s.stage, s.visits]),
  );
  stays.forEach((s, i) => {
    near(`time in ${s.stage} mean`, s.meanDays, sql.timeInStage[i]?.meanDays ?? null, FINE);
    near(`time in ${s.stage} median`, s.medianDays, sql.timeInStage[i]?.medianDays ?? null, FINE);
  });
  same('stale deals', coreStale(deals, data), sql.stale.map(sqlStale));
  const cal = calibration(deals, history, config);
  same(
    'calibration counts',
    cal.stages.map((s) => [s.stage, s.outcome, s.reached, s.won, s.suggested]),
    sql.calibration.stages.map((s) => [s.stage, s.outcome, s.reached, s.won, s.suggested]),
  );
  cal.stages.forEach((s, i) => {
    const m = sql.calibration.stages[i];
    near(`calibration ${s.stage} configured`, s.configured, m?.configured ?? null, FINE);
    near(`calibration ${s.stage} observed`, s.observed, m?.observed ?? null, FINE);
    near(`calibration ${s.stage} low`, s.low, m?.low ?? null, FINE);
    near(`calibration ${s.stage} high`, s.high, m?.high ?? null, FINE);
  });
  same('calibration basis', cal.basis, sql.calibration.basis);
  same('calibration closed deals / forecasts', [cal.closedDeals, cal.forecasts], [sql.calibration.closedDeals, sql.calibration.forecasts]);
  near('brier', cal.brier, sql.calibration.brier, FINE);
  same(
    'reliability bins',
    cal.reliability.map((b) => [b.forecasts, b.won]),
    sql.calibration.reliability.map((b) => [b.forecasts, b.won]),
  );
  cal.reliability.forEach((b, i) => {
    const m = sql.calibration.reliability[i];
    near(`reliability ${b.from} from`, b.from, m?.from ?? null, FINE);
    near(`reliability ${b.from} mean`, b.meanConfigured, m?.meanConfigured ?? null, FINE);
    near(`reliability ${b.from} observed`, b.observed, m?.observed ?? null, FINE);
  });
  return { diffs, sql };
}

type Near = (what: string, a: number | null, b: number | null, tolerance: number) => void;
type Same = (what: string, a: unknown, b: unknown) => void;
const CENT = 0.005;
const FINE = 1e-9;

/** One currency's amount views against the core run on that currency's deals; differences go to near0 and same0. */
function amountDifferences(
  currency: string,
  deals: readonly Deal[],
  mine: SqlCurrencyFigures,
  data: DataSet,
  fiscalYearStartMonth: number,
  near0: Near,
  same0: Same,
): void {
  const { config, history } = data;
  const near: Near = (what, a, b, tolerance) => near0(`${currency}: ${what}`, a, b, tolerance);
  const same: Same = (what, a, b) => same0(`${currency}: ${what}`, a, b);
  for (const by of ['stage', 'month', 'quarter', 'owner', 'category'] as const) {
    const core = forecast(deals, config, { by, fiscalYearStartMonth });
    const rows = mine[`forecastBy${by[0].toUpperCase()}${by.slice(1)}` as 'forecastByStage'];
    same(
      `forecast by ${by} keys`,
      core.map((r) => [r.key, r.deals]),
      rows.map((r) => [r.key, r.deals]),
    );
    core.forEach((r, i) => {
      near(`forecast by ${by} ${r.key} amount`, r.amount, rows[i]?.amount ?? null, CENT);
      near(`forecast by ${by} ${r.key} weighted`, r.weighted, rows[i]?.weighted ?? null, CENT);
    });
  }
  const v = velocity(deals, history, config);
  same('velocity open deals', v.openDeals, mine.velocity.openDeals);
  near('velocity average won', v.averageWonAmount, mine.velocity.averageWonAmount, CENT);
  near('velocity win rate', v.winRate, mine.velocity.winRate, FINE);
  near('velocity cycle', v.averageCycleDays, mine.velocity.averageCycleDays, FINE);
  near('velocity per day', v.perDay, mine.velocity.perDay, FINE);
  for (const by of ['month', 'quarter'] as const) {
    const core = outcomesByPeriod(deals, config, { by, fiscalYearStartMonth });
    const rows = by === 'month' ? mine.outcomesByMonth : mine.outcomesByQuarter;
    same(
      `outcomes by ${by}`,
      core.map((r) => [r.key, r.won, r.lost]),
      rows.map((r) => [r.key, r.won, r.lost]),
    );
    core.forEach((r, i) => {
      near(`outcomes ${r.key} win rate`, r.winRate, rows[i]?.winRate ?? null, FINE);
      near(`outcomes ${r.key} won amount`, r.wonAmount, rows[i]?.wonAmount ?? null, CENT);
    });
  }
  const owners = ownerPerformance(deals, history, config);
  same(
    'owners',
    owners.map((o) => [o.owner, o.won, o.lost, o.openDeals]),
    mine.ownerPerformance.map((o) => [o.owner, o.won, o.lost, o.openDeals]),
  );
  owners.forEach((o, i) => {
    const m = mine.ownerPerformance[i];
    near(`owner ${o.owner} win rate`, o.winRate, m?.winRate ?? null, FINE);
    near(`owner ${o.owner} won amount`, o.wonAmount, m?.wonAmount ?? null, CENT);
    near(`owner ${o.owner} average won`, o.averageWonAmount, m?.averageWonAmount ?? null, CENT);
    near(`owner ${o.owner} mean cycle`, o.meanCycleDays, m?.meanCycleDays ?? null, FINE);
    near(`owner ${o.owner} median cycle`, o.medianCycleDays, m?.medianCycleDays ?? null, FINE);
    near(`owner ${o.owner} open weighted`, o.openWeighted, m?.openWeighted ?? null, CENT);
  });
  const won = totalWon(deals, config);
  same('total won counts', [won.deals, won.withoutAmount], [mine.totalWon.deals, mine.totalWon.withoutAmount]);
  near('total won amount', won.amount, mine.totalWon.amount, CENT);
  same('stale deals', coreStale(deals, data), mine.stale.map(sqlStale));
}

function coreStale(deals: readonly Deal[], data: DataSet) {
  return staleDeals(deals, data.history, data.config, data.asOf).map((s) => ({
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
}

function sqlStale(s: SqlStaleRow) {
  return {
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
  };
}
