/**
 * `sql --dialect bigquery|duckdb [--dataset NAME] [--out FILE]`: writes the views
 * that compute the report's figures over the tables `export` writes (src/sql/views.ts);
 * and `report --engine duckdb`, which runs those views in embedded DuckDB.
 */
import { writeFile } from 'node:fs/promises';
import { isoDay } from '../../core/index';
import type { DialectName } from '../../sql/dialect';
import { sqlFigures } from '../../sql/duckdb';
import { viewScript } from '../../sql/views';
import type { Pipeline } from '../../workbook/pipeline';
import type { PipelineReport } from '../../workbook/report';
import { EXIT_OK, EXIT_UNREADABLE, type Io } from '../context';
import { renderCalibration, renderSummary } from '../summary';

export interface SqlOptions {
  readonly dialect?: string;
  readonly dataset?: string;
  readonly out?: string;
}

export async function sqlCommand(options: SqlOptions, io: Io): Promise<number> {
  const dialect = options.dialect ?? 'bigquery';
  if (dialect !== 'bigquery' && dialect !== 'duckdb') {
    io.err(`--dialect: "${dialect}" is not one of bigquery, duckdb.`);
    return EXIT_UNREADABLE;
  }
  let script: string;
  try {
    script = viewScript(dialect as DialectName, options.dataset);
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
export type SqlReportPart = Pick<PipelineReport, 'file' | 'asOf' | 'deals' | 'historyMoves' | 'hasHistory' | 'forecastByMonth' | 'forecastByStage' | 'forecastByOwner' | 'conversion' | 'winRate' | 'cycle' | 'velocity' | 'timeInStage' | 'stale' | 'calibration'>;

/**
 * `report --engine duckdb`: the summary and calibration tables, computed by the views
 * in embedded DuckDB and printed by the report's own renderers (which read only the
 * parts above). The forecast range, backtest and rotting days have no views; the
 * first line says so.
 */
export async function reportWithDuckDb(pipeline: Pipeline, asOf: Date, options: { json?: boolean; out?: string; html?: string; csv?: string }, io: Io): Promise<number> {
  if (options.out || options.html || options.csv) {
    io.err('--engine duckdb prints the report (or --json); --out, --html and --csv need the core engine: leave out --engine.');
    return EXIT_UNREADABLE;
  }
  const sql = await sqlFigures(pipeline, asOf);
  const part: SqlReportPart = {
    file: pipeline.file,
    asOf: isoDay(asOf),
    deals: pipeline.deals.length,
    historyMoves: pipeline.history.length,
    hasHistory: pipeline.hasHistory,
    forecastByMonth: sql.forecastByMonth,
    forecastByStage: sql.forecastByStage,
    forecastByOwner: sql.forecastByOwner,
    conversion: sql.conversionAny,
    winRate: sql.winRate,
    cycle: sql.cycle,
    velocity: sql.velocity,
    timeInStage: sql.timeInStage,
    stale: sql.stale,
    calibration: sql.calibration,
  };
  const errors = pipeline.problems.filter((p) => p.severity === 'error').length;
  if (options.json) {
    io.out(JSON.stringify({ engine: 'duckdb', ...part, errors }, null, 2));
    return EXIT_OK;
  }
  io.out('Computed by the SQL views in DuckDB. The forecast range, backtest and rotting days are not SQL views: run report without --engine for them.');
  io.out(`${pipeline.file}: ${part.deals} deals, ${part.historyMoves} History moves, as of ${part.asOf}.\n`);
  // renderSummary and renderCalibration read only the fields of SqlReportPart.
  const asReport = part as PipelineReport;
  io.out([renderSummary(asReport), renderCalibration(asReport)].join('\n\n'));
  if (errors > 0) io.err(`${errors} rows or cells could not be read fully; run: pipeline-sheets check ${pipeline.file}`);
  return EXIT_OK;
}
