/**
 * `sql --dialect bigquery|duckdb [--dataset NAME] [--out FILE]`: writes the views
 * that compute the report's figures over the tables `export` writes (src/sql/views.ts);
 * and `report --engine duckdb`, which runs those views in embedded DuckDB.
 */
import { writeFile } from 'node:fs/promises';
import {
  convertDeals,
  countEn,
  dealCurrencies,
  funnelBasisNote,
  isoDay,
  NO_DATE,
  parseMonth,
  type PeriodOutcome,
  type Velocity,
} from '../../core/index';
import type { DialectName } from '../../sql/dialect';
import { sqlFigures, type SqlCurrencyFigures } from '../../sql/duckdb';
import { viewScript } from '../../sql/views';
import type { Pipeline } from '../../workbook/pipeline';
import type { PipelineReport, ReportCurrency } from '../../workbook/report';
import { EXIT_OK, EXIT_UNREADABLE, parseReportSettings, type ForecastQualityOptions, type Io } from '../context';
import { followUpCommand, type RepeatableOptions } from '../mapping';
import { renderCalibration, renderSummary } from '../summary';

export interface SqlOptions {
  readonly dialect?: string;
  readonly dataset?: string;
  readonly out?: string;
  /** --fiscal-year-start: the month the quarter views start their year in (default January). */
  readonly fiscalYearStart?: string;
}

export async function sqlCommand(options: SqlOptions, io: Io): Promise<number> {
  const dialect = options.dialect ?? 'bigquery';
  if (dialect !== 'bigquery' && dialect !== 'duckdb') {
    io.err(`--dialect: "${dialect}" is not one of bigquery, duckdb.`);
    return EXIT_UNREADABLE;
  }
  let fiscalYearStartMonth = 1;
  if (options.fiscalYearStart !== undefined) {
    const month = parseMonth(options.fiscalYearStart);
    if (month === null) {
      io.err(`--fiscal-year-start: "${options.fiscalYearStart}" is not a month; type its number (4 for April) or its name.`);
      return EXIT_UNREADABLE;
    }
    fiscalYearStartMonth = month;
  }
  let script: string;
  try {
    script = viewScript(dialect as DialectName, options.dataset, { fiscalYearStartMonth });
  } catch (error) {
    io.err(`--dataset: ${(error as Error).message}`);
    return EXIT_UNREADABLE;
  }
  if (options.out) {
    await writeFile(options.out, script, 'utf8');
    io.err(`Wrote ${options.out}.`);
  } else {
    io.out(script);
  }
  return EXIT_OK;
}

/** The parts of the report the views compute, in the report's own shape. */
export type SqlReportPart = Pick<
  PipelineReport,
  | 'file'
  | 'asOf'
  | 'deals'
  | 'historyMoves'
  | 'hasHistory'
  | 'forecastByMonth'
  | 'forecastByStage'
  | 'forecastByOwner'
  | 'conversion'
  | 'conversionBasis'
  | 'conversionNote'
  | 'wonOfAllDeals'
  | 'winRate'
  | 'cycle'
  | 'velocity'
  | 'timeInStage'
  | 'outcomesByMonth'
  | 'outcomesByQuarter'
  | 'fiscalYearStartMonth'
  | 'ownerPerformance'
  | 'totalWon'
  | 'stale'
  | 'calibration'
  | 'currency'
  | 'byCurrency'
>;

const NO_VELOCITY: Velocity = { openDeals: 0, averageWonAmount: null, winRate: null, averageCycleDays: null, perDay: null };

/**
 * `report --engine duckdb`: the summary and calibration tables, computed by the views
 * in embedded DuckDB and printed by the report's own renderers (which read only the
 * parts above). The forecast range, backtest and rotting days have no views; the
 * first line says so. Currencies as the core report treats them: with rates (a Rates
 * sheet or --rates), the deals are converted by the core's convertDeals before they go
 * to DuckDB and the note says what was converted; with several currencies and no
 * rates, every amount table comes once per currency from the views' currency column
 * (the note says so before any amount) and no amount is added across currencies.
 */
export async function reportWithDuckDb(
  pipeline: Pipeline,
  asOf: Date,
  options: ForecastQualityOptions & { json?: boolean; out?: string; html?: string; csv?: string },
  io: Io,
): Promise<number> {
  if (options.out || options.html || options.csv) {
    io.err('--engine duckdb prints the report (or --json); --out, --html and --csv need the core engine: leave out --engine.');
    return EXIT_UNREADABLE;
  }
  const settings = parseReportSettings(options);
  const fiscalYearStartMonth =
    (settings.ok ? settings.value.fiscalYearStartMonth : undefined) ?? pipeline.config.rules.fiscalYearStartMonth ?? 1;
  const currencies = dealCurrencies(pipeline.deals);
  const rates = pipeline.rates ?? null;
  const converted = rates ? convertDeals(pipeline.deals, rates) : null;
  const deals = converted ? converted.deals : pipeline.deals;
  const sql = await sqlFigures({ config: pipeline.config, deals, history: pipeline.history }, asOf, { fiscalYearStartMonth });
  const currency: ReportCurrency = converted
    ? { mode: 'converted', currency: rates!.base, currencies, conversion: converted.conversion, ratesSource: pipeline.ratesSource ?? '' }
    : {
        mode: currencies.length > 1 ? 'split' : 'single',
        currency: currencies.length === 1 ? currencies[0] : '',
        currencies,
        conversion: null,
        ratesSource: '',
      };

  const first = sql.conversionAny[0]?.deals ?? 0;
  const shared = {
    file: pipeline.file,
    asOf: isoDay(asOf),
    historyMoves: pipeline.history.length,
    hasHistory: pipeline.hasHistory,
    conversion: sql.conversionAny,
    conversionBasis: sql.conversionBasis,
    conversionNote: funnelBasisNote(sql.conversionBasis, pipeline.deals.length),
    wonOfAllDeals: first > 0 ? (sql.conversionAny.at(-1)?.deals ?? 0) / first : null,
    winRate: sql.winRate,
    cycle: sql.cycle,
    timeInStage: sql.timeInStage,
    fiscalYearStartMonth,
    calibration: sql.calibration,
  };
  // One currency's amount figures in the report's shape.
  const amounts = (c: SqlCurrencyFigures | undefined) => ({
    forecastByMonth: c?.forecastByMonth ?? [],
    forecastByStage: c?.forecastByStage ?? [],
    forecastByOwner: c?.forecastByOwner ?? [],
    velocity: c?.velocity ?? NO_VELOCITY,
    outcomesByMonth: c?.outcomesByMonth ?? [],
    outcomesByQuarter: c?.outcomesByQuarter ?? [],
    ownerPerformance: c?.ownerPerformance ?? [],
    totalWon: c?.totalWon ?? { deals: 0, amount: 0, withoutAmount: 0 },
    stale: c?.stale ?? [],
  });
  let part: SqlReportPart;
  if (currency.mode === 'split') {
    const byCurrency = sql.byCurrency.map((c) => ({
      currency: c.currency,
      report: {
        ...shared,
        ...amounts(c),
        deals: c.deals,
        currency: { mode: 'single', currency: c.currency, currencies: [c.currency], conversion: null, ratesSource: '' },
        byCurrency: [],
      } as SqlReportPart as PipelineReport,
    }));
    // The top level keeps counts only, as the core's split report does: won and lost by quarter add across currencies, amounts never.
    const counts = (rows: (c: SqlCurrencyFigures) => readonly PeriodOutcome[]) => addCounts(sql.byCurrency.flatMap(rows));
    part = {
      ...shared,
      ...amounts(undefined),
      deals: pipeline.deals.length,
      outcomesByMonth: counts((c) => c.outcomesByMonth),
      outcomesByQuarter: counts((c) => c.outcomesByQuarter),
      currency,
      byCurrency,
    };
  } else {
    part = { ...shared, ...amounts(sql.byCurrency[0]), deals: pipeline.deals.length, currency, byCurrency: [] };
  }
  const errors = pipeline.problems.filter((p) => p.severity === 'error').length;
  if (options.json) {
    io.out(JSON.stringify({ engine: 'duckdb', ...part, errors }, null, 2));
    return EXIT_OK;
  }
  io.out(
    'Computed by the SQL views in DuckDB. The forecast range, backtest and rotting days are not SQL ' +
      `views: ${followUpCommand('report', pipeline.file, options as RepeatableOptions)} gives them.`,
  );
  io.out(`${pipeline.file}: ${countEn(part.deals, 'deal')}, ${countEn(part.historyMoves, 'History move')}, as of ${part.asOf}.\n`);
  // renderSummary and renderCalibration read only the fields of SqlReportPart.
  const asReport = part as PipelineReport;
  io.out([renderSummary(asReport), renderCalibration(asReport)].join('\n\n'));
  if (errors > 0)
    io.err(`${countEn(errors, 'row or cell', 'rows or cells')} could not be read fully; run: pipeline-sheets check ${pipeline.file}`);
  return EXIT_OK;
}

/** Won and lost counts of the same period added (each currency's rows), periods in order with NO_DATE last; no amount. */
function addCounts(rows: readonly PeriodOutcome[]): PeriodOutcome[] {
  const byKey = new Map<string, { won: number; lost: number }>();
  for (const r of rows) {
    const sum = byKey.get(r.key) ?? { won: 0, lost: 0 };
    byKey.set(r.key, { won: sum.won + r.won, lost: sum.lost + r.lost });
  }
  const keys = [...byKey.keys()].filter((k) => k !== NO_DATE).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (byKey.has(NO_DATE)) keys.push(NO_DATE);
  return keys.map((key) => {
    const { won, lost } = byKey.get(key)!;
    return { key, won, lost, winRate: won + lost > 0 ? won / (won + lost) : null, wonAmount: 0 };
  });
}
