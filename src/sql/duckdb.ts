/**
 * Runs the views in embedded DuckDB (@duckdb/node-api: in process, no server) and
 * reads their rows back into the core's shapes (ForecastRow, ConversionRow,
 * WinRate, CycleStats, Velocity, StageTime, Calibration and the report's StaleRow),
 * so that a caller can set them beside the core's figures or print them with the
 * report's own renderers. The tables go in through CSV files in a temporary folder,
 * written by write-tables.ts and read by DuckDB's own CSV reader.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Calibration, StageCalibration } from '../core/calibration';
import type { ConversionRow } from '../core/conversion';
import { isoDay } from '../core/dates';
import { DEFAULT_CONFIG } from '../core/stages';
import type { ForecastRow } from '../core/forecast';
import type { CycleStats, Velocity, WinRate } from '../core/outcomes';
import type { StaleFlag } from '../core/stale';
import type { StageTime } from '../core/time-in-stage';
import type { StageOutcome } from '../core/types';
import { duckDb } from './dialect';
import { duckDbTypes } from './tables';
import { viewsFor } from './views';
import { tableSpecs, writeTables, type TablesInput } from './write-tables';

type Row = Record<string, unknown>;

/** Views read by several others: built once as tables in DuckDB. */
const SHARED = new Set(['deal_visits', 'calibration_counts']);

/** The figures the views give, in the core's shapes. */
export interface SqlFigures {
  readonly forecastByStage: ForecastRow[];
  readonly forecastByMonth: ForecastRow[];
  readonly forecastByQuarter: ForecastRow[];
  readonly forecastByOwner: ForecastRow[];
  readonly forecastByCategory: ForecastRow[];
  readonly conversionAny: ConversionRow[];
  readonly conversionStrict: ConversionRow[];
  readonly winRate: WinRate;
  readonly cycle: CycleStats;
  readonly velocity: Velocity;
  readonly timeInStage: StageTime[];
  readonly calibration: Calibration;
  readonly stale: SqlStaleRow[];
}

/** One stale deal as the view gives it (the report's StaleRow, plus when it entered its stage). */
export interface SqlStaleRow {
  readonly owner: string;
  readonly dealId: string;
  readonly deal: string;
  readonly account: string;
  readonly stage: string;
  readonly amount: number | null;
  readonly enteredStage: Date | null;
  readonly daysInStage: number | null;
  readonly rottingDays: number | null;
  readonly nextStepOverdueDays: number | null;
  readonly closeSlippedDays: number | null;
  readonly flags: StaleFlag[];
  readonly row: number;
}

/** An in-memory DuckDB holding the three tables and every view. Close it when done. */
export class PipelineDuckDb {
  private viewsCreated = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<PipelineDuckDb> {
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
        `CREATE OR REPLACE TABLE ${spec.name} AS SELECT * FROM read_csv('${path}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`,
      );
    }
    this.viewsCreated = false;
  }

  /**
   * Creates every view. deal_visits and calibration_counts, which several views read,
   * are made tables here, so that DuckDB builds each once rather than once per view
   * that reads it; their SQL is the same as the views BigQuery gets.
   */
  async createViews(): Promise<void> {
    for (const view of viewsFor(duckDb())) {
      await this.connection.run(SHARED.has(view.name) ? `CREATE OR REPLACE TABLE ${view.name} AS\n${view.select}` : view.create);
    }
    this.viewsCreated = true;
  }

  async rows(sql: string): Promise<Row[]> {
    const result = await this.connection.runAndReadAll(sql);
    return result.getRowObjectsJson() as Row[];
  }

  /** Every view's rows, in the core's shapes; stale deals as of `asOf` (UTC midnight). */
  async figures(asOf: Date): Promise<SqlFigures> {
    if (!this.viewsCreated) await this.createViews();
    const ordered = (view: string) => this.rows(`SELECT * FROM ${view} ORDER BY sort_order`);
    const forecastRows = async (view: string) =>
      (await ordered(view)).map((r) => ({ key: String(r.key), deals: int(r.deals), amount: num(r.amount), weighted: num(r.weighted) }));
    const conversionRows = async (view: string, mode: 'next' | 'cumulative') =>
      (await ordered(view)).map((r) => {
        const nextRate = numOrNull(r.next_rate);
        const cumulativeRate = numOrNull(r.cumulative_rate);
        return { stage: String(r.stage), deals: int(r.deals), nextRate, cumulativeRate, rate: mode === 'next' ? nextRate : cumulativeRate };
      });
    const [win] = await this.rows('SELECT * FROM win_rate');
    const [cycle] = await this.rows('SELECT * FROM sales_cycle');
    const [velocity] = await this.rows('SELECT * FROM velocity');
    const [summary] = await this.rows('SELECT * FROM calibration_summary');
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
      flags: (['rotting', 'overdue-next-step', 'slipped-close'] as const).filter((_, i) => r[['rotting', 'overdue_next_step', 'slipped_close'][i]] === true),
      row: int(r.sheet_row),
    }));
    return {
      forecastByStage: await forecastRows('forecast_by_stage'),
      forecastByMonth: await forecastRows('forecast_by_month'),
      forecastByQuarter: await forecastRows('forecast_by_quarter'),
      forecastByOwner: await forecastRows('forecast_by_owner'),
      forecastByCategory: await forecastRows('forecast_by_category'),
      conversionAny: await conversionRows('conversion_any', 'next'),
      conversionStrict: await conversionRows('conversion_strict', 'next'),
      winRate: { won: int(win.won), lost: int(win.lost), rate: numOrNull(win.rate) },
      cycle: { count: int(cycle.won_deals), meanDays: numOrNull(cycle.mean_days), medianDays: numOrNull(cycle.median_days) },
      velocity: {
        openDeals: int(velocity.open_deals),
        averageWonAmount: numOrNull(velocity.average_won_amount),
        winRate: numOrNull(velocity.win_rate),
        averageCycleDays: numOrNull(velocity.average_cycle_days),
        perDay: numOrNull(velocity.per_day),
      },
      timeInStage: (await ordered('time_in_stage')).map((r) => ({ stage: String(r.stage), visits: int(r.visits), meanDays: numOrNull(r.mean_days), medianDays: numOrNull(r.median_days) })),
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
export async function sqlFigures(input: TablesInput, asOf: Date): Promise<SqlFigures> {
  const db = await PipelineDuckDb.open();
  try {
    await db.load(input);
    return await db.figures(asOf);
  } finally {
    db.close();
  }
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
