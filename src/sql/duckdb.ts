/**
 * Runs the views in embedded DuckDB (@duckdb/node-api: in process, no server) and
 * reads their rows back into the core's shapes (ForecastRow, ConversionRow and
 * FunnelBasis, WinRate, CycleStats, Velocity, StageTime, Calibration, PeriodOutcome,
 * OwnerPerformance, WonTotal and the report's StaleRow), the amount figures one set
 * per currency (SqlCurrencyFigures, in the core's dealCurrencies order),
 * so that a caller can set them beside the core's figures or print them with the
 * report's own renderers. The tables go in through CSV files in a temporary folder,
 * written by write-tables.ts and read by DuckDB's own CSV reader.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Calibration,
  type ConversionRow,
  type CycleStats,
  DEFAULT_CONFIG,
  type ForecastRow,
  type FunnelBasis,
  isoDay,
  type OwnerPerformance,
  type PeriodOutcome,
  type StageCalibration,
  type StageOutcome,
  type StageTime,
  type Velocity,
  type WinRate,
  type WonTotal,
} from '../core/index';
import type { StaleRow } from '../workbook/report';
import { duckDb } from './dialect';
import { duckDbTypes } from './tables';
import { viewsFor, type ViewOptions } from './views';
import { tableSpecs, writeTables, type TablesInput } from './write-tables';

type Row = Record<string, unknown>;

/** Views read by several others: built once as tables in DuckDB. */
const SHARED = new Set(['deal_visits', 'calibration_counts']);

/**
 * The figures that hold amounts, for the deals of one currency: what the core gives
 * when handed that currency's deals (splitByCurrency). `currency` is the code, or
 * NO_CURRENCY for deals with a blank Currency (also when no deal names one).
 */
export interface SqlCurrencyFigures {
  readonly currency: string;
  /** Deals rows in this currency. */
  readonly deals: number;
  readonly forecastByStage: ForecastRow[];
  readonly forecastByMonth: ForecastRow[];
  readonly forecastByQuarter: ForecastRow[];
  readonly forecastByOwner: ForecastRow[];
  readonly forecastByCategory: ForecastRow[];
  readonly velocity: Velocity;
  readonly outcomesByMonth: PeriodOutcome[];
  readonly outcomesByQuarter: PeriodOutcome[];
  readonly ownerPerformance: OwnerPerformance[];
  readonly totalWon: WonTotal;
  /** The stale deals in this currency (stale_deals' rows with this currency). */
  readonly stale: SqlStaleRow[];
}

/** The figures the views give, in the core's shapes. */
export interface SqlFigures {
  /** One entry per currency the deals use; empty when there are no deals. */
  readonly byCurrency: SqlCurrencyFigures[];
  readonly conversionAny: ConversionRow[];
  readonly conversionStrict: ConversionRow[];
  readonly conversionBasis: FunnelBasis;
  readonly winRate: WinRate;
  readonly cycle: CycleStats;
  readonly timeInStage: StageTime[];
  readonly calibration: Calibration;
  /** Every stale deal, each with its currency. */
  readonly stale: SqlStaleRow[];
}

/** One stale deal as the view gives it (the report's StaleRow, plus when it entered its stage). */
export interface SqlStaleRow extends StaleRow {
  readonly currency: string;
  readonly enteredStage: Date | null;
}

/** An in-memory DuckDB holding the three tables and every view. Close it when done. */
export class PipelineDuckDb {
  private viewsCreated = false;
  private viewOptions: ViewOptions = {};

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<PipelineDuckDb> {
    // Loaded here, not at the top: its native library takes about 0.3 s to load, which
    // every command would pay, and only --engine duckdb and the sql command use it.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    return new PipelineDuckDb(instance, connection);
  }

  /** Writes the tables to a temporary folder as CSV and loads them. */
  async load(input: TablesInput): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'pipeline-sql-'));
    try {
      await writeTables(dir, input);
      await this.loadCsv(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Loads deals.csv, stage_history.csv and stages.csv from `dir` (as export writes them); figures() creates the views. */
  async loadCsv(dir: string): Promise<void> {
    // The column types do not depend on the stages; only the rows do.
    for (const { spec } of tableSpecs({ config: DEFAULT_CONFIG, deals: [], history: [] })) {
      const columns = Object.entries(duckDbTypes(spec))
        .map(([name, type]) => `'${name}': '${type}'`)
        .join(', ');
      const path = join(dir, `${spec.name}.csv`).replace(/'/g, "''");
      await this.connection.run(
        `CREATE OR REPLACE TABLE ${spec.name} AS SELECT * FROM read_csv('${path}', header = true, ` +
          `auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`,
      );
    }
    this.viewsCreated = false;
  }

  /**
   * Creates every view. deal_visits and calibration_counts, which several views read,
   * are made tables here, so that DuckDB builds each once rather than once per view
   * that reads it; their SQL is the same as the views BigQuery gets.
   */
  async createViews(options: ViewOptions = this.viewOptions): Promise<void> {
    this.viewOptions = options;
    for (const view of viewsFor(duckDb(), options)) {
      await this.connection.run(SHARED.has(view.name) ? `CREATE OR REPLACE TABLE ${view.name} AS\n${view.select}` : view.create);
    }
    this.viewsCreated = true;
  }

  async rows(sql: string): Promise<Row[]> {
    const result = await this.connection.runAndReadAll(sql);
    return result.getRowObjectsJson() as Row[];
  }

  /** Every view's rows, in the core's shapes; stale deals as of `asOf` (UTC midnight); the views made with `options` (created once). */
  async figures(asOf: Date, options?: ViewOptions): Promise<SqlFigures> {
    if (!this.viewsCreated || options) await this.createViews(options);
    const ordered = (view: string) => this.rows(`SELECT * FROM ${view} ORDER BY sort_order`);
    // A view with a currency column, read once and handed out by currency in sort order.
    const perCurrency = async <T>(view: string, map: (r: Row) => T): Promise<Map<string, T[]>> => {
      const byCurrency = new Map<string, T[]>();
      for (const r of await this.rows(`SELECT * FROM ${view} ORDER BY currency, sort_order`)) {
        const key = String(r.currency);
        let list = byCurrency.get(key);
        if (!list) {
          list = [];
          byCurrency.set(key, list);
        }
        list.push(map(r));
      }
      return byCurrency;
    };
    const forecastRows = (view: string) =>
      perCurrency(view, (r) => ({ key: String(r.key), deals: int(r.deals), amount: num(r.amount), weighted: num(r.weighted) }));
    const periodRows = (view: string) =>
      perCurrency(
        view,
        (r): PeriodOutcome => ({
          key: String(r.key),
          won: int(r.won),
          lost: int(r.lost),
          winRate: numOrNull(r.win_rate),
          wonAmount: num(r.won_amount),
        }),
      );
    const conversionRows = async (view: string, mode: 'next' | 'cumulative') =>
      (await ordered(view)).map((r) => {
        const nextRate = numOrNull(r.next_rate);
        const cumulativeRate = numOrNull(r.cumulative_rate);
        return { stage: String(r.stage), deals: int(r.deals), nextRate, cumulativeRate, rate: mode === 'next' ? nextRate : cumulativeRate };
      });
    const [win] = await this.rows('SELECT * FROM win_rate');
    const [cycle] = await this.rows('SELECT * FROM sales_cycle');
    const [summary] = await this.rows('SELECT * FROM calibration_summary');
    const [funnelBasis] = await this.rows('SELECT * FROM conversion_basis');
    const stages: StageCalibration[] = (await ordered('calibration')).map((r) => ({
      stage: String(r.stage),
      outcome: String(r.outcome) as StageOutcome,
      configured: num(r.configured),
      reached: int(r.reached),
      won: int(r.won),
      observed: numOrNull(r.observed),
      low: numOrNull(r.low),
      high: numOrNull(r.high),
      suggested: numOrNull(r.suggested),
    }));
    const stale = (await this.rows(`SELECT * FROM stale_deals(DATE '${isoDay(asOf)}') ORDER BY sort_order`)).map((r) => ({
      currency: String(r.currency),
      owner: String(r.owner),
      dealId: String(r.deal_id),
      deal: String(r.deal_name ?? ''),
      account: String(r.account ?? ''),
      stage: String(r.stage),
      amount: numOrNull(r.amount),
      enteredStage: r.entered_stage === null ? null : new Date(`${String(r.entered_stage).replace(' ', 'T')}Z`),
      daysInStage: numOrNull(r.days_in_stage),
      rottingDays: numOrNull(r.rotting_days),
      nextStepOverdueDays: numOrNull(r.next_step_overdue_days),
      closeSlippedDays: numOrNull(r.close_slipped_days),
      flags: (['rotting', 'overdue-next-step', 'slipped-close'] as const).filter(
        (_, i) => r[['rotting', 'overdue_next_step', 'slipped_close'][i]] === true,
      ),
      row: int(r.sheet_row),
    }));
    const forecasts = {
      forecastByStage: await forecastRows('forecast_by_stage'),
      forecastByMonth: await forecastRows('forecast_by_month'),
      forecastByQuarter: await forecastRows('forecast_by_quarter'),
      forecastByOwner: await forecastRows('forecast_by_owner'),
      forecastByCategory: await forecastRows('forecast_by_category'),
    };
    const outcomesByMonth = await periodRows('outcomes_by_month');
    const outcomesByQuarter = await periodRows('outcomes_by_quarter');
    const owners = await perCurrency(
      'owner_performance',
      (r): OwnerPerformance => ({
        owner: String(r.owner),
        won: int(r.won),
        lost: int(r.lost),
        winRate: numOrNull(r.win_rate),
        wonAmount: num(r.won_amount),
        averageWonAmount: numOrNull(r.average_won_amount),
        meanCycleDays: numOrNull(r.mean_cycle_days),
        medianCycleDays: numOrNull(r.median_cycle_days),
        openDeals: int(r.open_deals),
        openWeighted: num(r.open_weighted),
      }),
    );
    const velocities = await perCurrency(
      'velocity',
      (r): Velocity => ({
        openDeals: int(r.open_deals),
        averageWonAmount: numOrNull(r.average_won_amount),
        winRate: numOrNull(r.win_rate),
        averageCycleDays: numOrNull(r.average_cycle_days),
        perDay: numOrNull(r.per_day),
      }),
    );
    const totals = await perCurrency(
      'total_won',
      (r): WonTotal => ({ deals: int(r.deals), amount: num(r.amount), withoutAmount: int(r.without_amount) }),
    );
    const byCurrency: SqlCurrencyFigures[] = (await ordered('currency_deals')).map((r) => {
      const currency = String(r.currency);
      const forecast = (rows: Map<string, ForecastRow[]>) => rows.get(currency) ?? [];
      return {
        currency,
        deals: int(r.deals),
        forecastByStage: forecast(forecasts.forecastByStage),
        forecastByMonth: forecast(forecasts.forecastByMonth),
        forecastByQuarter: forecast(forecasts.forecastByQuarter),
        forecastByOwner: forecast(forecasts.forecastByOwner),
        forecastByCategory: forecast(forecasts.forecastByCategory),
        velocity: velocities.get(currency)![0],
        outcomesByMonth: outcomesByMonth.get(currency) ?? [],
        outcomesByQuarter: outcomesByQuarter.get(currency) ?? [],
        ownerPerformance: owners.get(currency) ?? [],
        totalWon: totals.get(currency)![0],
        stale: stale.filter((s) => s.currency === currency),
      };
    });
    return {
      byCurrency,
      conversionAny: await conversionRows('conversion_any', 'next'),
      conversionStrict: await conversionRows('conversion_strict', 'next'),
      conversionBasis: basisOf(funnelBasis),
      winRate: { won: int(win.won), lost: int(win.lost), rate: numOrNull(win.rate) },
      cycle: { count: int(cycle.won_deals), meanDays: numOrNull(cycle.mean_days), medianDays: numOrNull(cycle.median_days) },
      timeInStage: (await ordered('time_in_stage')).map((r) => ({
        stage: String(r.stage),
        visits: int(r.visits),
        meanDays: numOrNull(r.mean_days),
        medianDays: numOrNull(r.median_days),
      })),
      calibration: {
        stages,
        reliability: (await ordered('calibration_reliability')).map((r) => ({
          from: num(r.range_from),
          to: num(r.range_to),
          forecasts: int(r.forecasts),
          meanConfigured: num(r.mean_configured),
          won: int(r.won),
          observed: num(r.observed),
        })),
        brier: numOrNull(summary.brier),
        forecasts: int(summary.forecasts),
        closedDeals: int(summary.closed_deals),
        basis: basisOf(summary),
      },
      stale,
    };
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Loads the tables into a fresh DuckDB, reads every view, and closes it. */
export async function sqlFigures(input: TablesInput, asOf: Date, options: ViewOptions = {}): Promise<SqlFigures> {
  const db = await PipelineDuckDb.open();
  try {
    await db.load(input);
    return await db.figures(asOf, options);
  } finally {
    db.close();
  }
}

/** A FunnelBasis from a row of conversion_basis or calibration_summary. */
function basisOf(r: Row): FunnelBasis {
  return {
    source: String(r.source) as FunnelBasis['source'],
    fromHistory: int(r.from_history),
    withoutHistory: int(r.without_history),
    lostAtKnown: int(r.lost_at_known),
    lostAtFirstOnly: int(r.lost_at_first_only),
    atLeast: r.at_least === true,
  };
}

function num(value: unknown): number {
  return Number(value ?? 0);
}

function int(value: unknown): number {
  return Number(value ?? 0);
}

function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
