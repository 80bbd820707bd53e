/**
 * `report FILE`: the forecast, conversion, stale deals and owners, and whether the
 * forecast can be trusted (calibration, the forecast range, the backtest when the
 * file has snapshots, suggested rotting days), as terminal tables (by default), a workbook of tidy sheets with a pivot-ready Facts sheet
 * (--out), the same tables as CSV files (--csv DIR), a self-contained HTML page
 * with charts (--html), or JSON (--json).
 */
import { writeFile } from 'node:fs/promises';
import { renderReportHtml } from '../../workbook/report-html';
import { writeReportCsv, writeReportXlsx } from '../../workbook/report-xlsx';
import { buildReport } from '../../workbook/report';
import { countEn } from '../../core/index';
import {
  EXIT_OK,
  EXIT_PROBLEMS,
  EXIT_UNREADABLE,
  loadForCommand,
  parseAsOf,
  parseReportSettings,
  problemLine,
  type CommonOptions,
  type ForecastQualityOptions,
  type Io,
} from '../context';
import { followUpCommand, leftOut, leftOutLines, mappingJson, mappingLines, withOwnOptions, saveStageSet } from '../mapping';
import { groupProblems, renderProblemGroups } from '../problem-groups';
import { releaseMemory } from '../release-memory';
import { renderFullReport } from '../summary';
import { reportWithDuckDb } from './sql';

export interface ReportOptions extends CommonOptions, ForecastQualityOptions {
  /** List every row of each kind of problem, not the first three. */
  readonly all?: boolean;
  readonly out?: string;
  readonly html?: string;
  readonly csv?: string;
  readonly strict?: boolean;
  readonly writeStages?: string;
  readonly engine?: 'core' | 'duckdb';
}

export async function reportCommand(file: string, options: ReportOptions, io: Io): Promise<number> {
  const asOf = parseAsOf(options.asOf, io);
  if (!asOf.ok) {
    io.err(asOf.reason);
    return EXIT_UNREADABLE;
  }
  const settings = parseReportSettings(options);
  if (!settings.ok) {
    io.err(settings.reason);
    return EXIT_UNREADABLE;
  }
  const loaded = await loadForCommand(file, options, io, true);
  if (!loaded.ok) return loaded.code;
  const pipeline = loaded.pipeline;
  const fatal = pipeline.problems.filter(
    (p) => p.code === 'deals-sheet-missing' || (p.code === 'column-missing' && p.severity === 'error'),
  );
  if (fatal.length > 0) {
    for (const p of fatal) io.err(withOwnOptions(problemLine(p), options));
    return EXIT_PROBLEMS;
  }
  if (options.writeStages && !(await saveStageSet(options.writeStages, pipeline, options, io))) return EXIT_UNREADABLE;
  const left = leftOut(pipeline);
  const terminalTables = !options.json && !options.out && !options.html && !options.csv;
  // The deals left out come first, then how the file was read; on stdout with the tables, else on stderr.
  if (!options.json) {
    const say = terminalTables ? io.out : io.err;
    for (const line of leftOutLines(left, pipeline, options)) say(line);
    for (const line of mappingLines(pipeline, options)) say(line);
    say('');
  }
  if (!options.json && pipeline.problems.length > 0) {
    // Each kind once, before any table, so what was left out or guessed is said first.
    io.err(
      `${pipeline.problems.length.toLocaleString('en-US')} problem${pipeline.problems.length === 1 ? '' : 's'} in ` +
        `${file}, each kind once (${followUpCommand('check', file, options)} lists them with the rules of each stage):`,
    );
    const byRow = [...pipeline.problems].sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : 0));
    for (const line of renderProblemGroups(groupProblems(byRow), { all: options.all })) io.err(withOwnOptions(line, options));
    io.err('');
  }
  if (options.engine === 'duckdb') {
    const code = await reportWithDuckDb(pipeline, asOf.value, options, io);
    return code === EXIT_OK && options.strict && left.deals > 0 ? EXIT_PROBLEMS : code;
  }
  // The file's bytes and cell tables are garbage now: collect them before the report allocates its own.
  releaseMemory();
  const report = buildReport(pipeline, asOf.value, settings.value);
  if (options.out) {
    await writeReportXlsx(options.out, report, pipeline, asOf.value);
    const quality = `Calibration, Reliability, Forecast range, ${report.backtest ? 'Backtest, Backtest detail, ' : ''}Rotting days`;
    if (!options.json)
      io.err(`Wrote ${options.out} (Forecast, Conversion, Stale, Owners, Won by period, Owner results, ${quality}, Facts).`);
  }
  if (options.csv) {
    const files = await writeReportCsv(options.csv, report, pipeline, asOf.value);
    if (!options.json) io.err(`Wrote ${files.length} CSV files to ${options.csv}.`);
  }
  if (options.html) {
    await writeFile(options.html, renderReportHtml(report), 'utf8');
    if (!options.json) io.err(`Wrote ${options.html}.`);
  }
  if (options.json) {
    io.out(JSON.stringify({ ...report, ...mappingJson(pipeline) }, null, 2));
  } else if (!options.out && !options.html && !options.csv) {
    io.out(`${file}: ${countEn(report.deals, 'deal')}, ${countEn(report.historyMoves, 'History move')}, as of ${report.asOf}.\n`);
    io.out(renderFullReport(report));
  }
  if (!options.json && report.errors > 0)
    io.err(
      `${countEn(report.errors, 'row or cell', 'rows or cells')} could not be read fully; run: ${followUpCommand('check', file, options)}`,
    );
  return options.strict && left.deals > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
