/**
 * `demo`: the first thing a new user runs. The first run writes a sample workbook
 * (Deals, Stages, Stage history, Owners, Snapshots, Dashboard) to ./pipeline-demo.xlsx;
 * later runs read that file back, so edits made in Excel or LibreOffice show in the
 * next run's numbers. --fresh writes it again. The Snapshots sheet holds weekly
 * snapshots over the last half year rebuilt from the sample's History, so the demo
 * shows a backtest from the first run.
 */
import { followUpCommand } from '../mapping';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  addDays,
  countEn,
  NO_DATE,
  forecast,
  monthKey,
  snapshotsFromHistory,
  snapshotsToTable,
  startOfDay,
  utcDate,
} from '../../core/index';
import { generateSample } from '../../sample/generate';
import { buildPipelineWorkbook, writePipelineWorkbook, type PipelineWorkbook } from '../../workbook/pipeline-workbook';
import { buildReport } from '../../workbook/report';
import { EXIT_OK, loadForCommand, parseAsOf, type CommonOptions, type Io } from '../context';
import { backtestLine, renderCalibration, renderForecastRange, renderSummary } from '../summary';

export const DEMO_FILE = 'pipeline-demo.xlsx';
/** Enough deals that most stages pass the calibration's minimum of closed deals. */
export const DEMO_DEALS = 1000;
/** Weekly snapshots over about half a year, the last one a week before "today". */
export const DEMO_SNAPSHOT_WEEKS = 26;
export const DEMO_SEED = 20261123;

export interface DemoOptions extends CommonOptions {
  readonly fresh?: boolean;
  readonly file?: string;
}

/** Writes the sample workbook for `asOf`. */
export async function writeDemoWorkbook(path: string, asOf: Date, deals = DEMO_DEALS): Promise<void> {
  await writePipelineWorkbook(buildDemoWorkbook(asOf, deals), path);
}

/** The sample workbook for `asOf`, in memory. */
export function buildDemoWorkbook(asOf: Date, deals = DEMO_DEALS): PipelineWorkbook {
  const sample = generateSample({ deals, seed: DEMO_SEED, asOf });
  const months = forecast(sample.deals, sample.config, { by: 'month' })
    .map((r) => r.key)
    .filter((k) => k !== NO_DATE);
  // Start the Dashboard's month table at the first month with open deals (at most a year back), and show up to 18 months.
  const earliest = monthKey(new Date(Date.UTC(asOf.getUTCFullYear() - 1, asOf.getUTCMonth(), 1)));
  const firstKey = [months[0] ?? monthKey(asOf), earliest].sort()[1];
  const firstMonth = utcDate(Number(firstKey.slice(0, 4)), Number(firstKey.slice(5, 7)), 1)!;
  const lastKey = months[months.length - 1] ?? firstKey;
  const span =
    (Number(lastKey.slice(0, 4)) - firstMonth.getUTCFullYear()) * 12 + Number(lastKey.slice(5, 7)) - (firstMonth.getUTCMonth() + 1) + 1;
  // The last snapshot is a week back, so `pipeline-sheets snapshot` on the demo adds today's.
  const snapshotDays = Array.from({ length: DEMO_SNAPSHOT_WEEKS }, (_, k) => addDays(startOfDay(asOf), -7 * (DEMO_SNAPSHOT_WEEKS - k)));
  return buildPipelineWorkbook({
    language: 'en',
    config: sample.config,
    dealsTable: sample.dealsTable,
    historyTable: sample.historyTable,
    snapshotsTable: snapshotsToTable(snapshotsFromHistory(sample.deals, sample.history, sample.config, snapshotDays)),
    owners: sample.deals.map((d) => d.owner).filter(Boolean),
    firstMonth,
    months: Math.min(18, Math.max(6, span)),
  });
}

export async function demoCommand(options: DemoOptions, io: Io): Promise<number> {
  const asOf = parseAsOf(options.asOf, io);
  if (!asOf.ok) {
    io.err(asOf.reason);
    return 2;
  }
  const path = resolve(io.cwd, options.file ?? join('.', DEMO_FILE));
  if (options.fresh || !existsSync(path)) {
    await writeDemoWorkbook(path, asOf.value);
    io.out(`Wrote ${options.file ?? DEMO_FILE}: ${DEMO_DEALS} sample deals with their stage history, ${DEMO_SNAPSHOT_WEEKS} weekly`);
    io.out('snapshots and a Dashboard of formulas and four charts.');
    io.out('Open it in Excel or LibreOffice, change some deals, and run this again to see');
    io.out('the new numbers (--fresh starts over).\n');
  } else {
    io.out(`Reading ${options.file ?? DEMO_FILE} (run with --fresh to regenerate it).\n`);
  }
  const loaded = await loadForCommand(path, options, io);
  if (!loaded.ok) return loaded.code;
  const report = buildReport(loaded.pipeline, asOf.value);
  if (options.json) {
    io.out(JSON.stringify(report, null, 2));
    return EXIT_OK;
  }
  io.out(`${countEn(report.deals, 'deal')}, ${countEn(report.historyMoves, 'History move')}, as of ${report.asOf}.\n`);
  io.out(renderSummary(report));
  io.out('');
  io.out(renderCalibration(report, { short: true }));
  io.out('');
  io.out(renderForecastRange(report));
  io.out('');
  io.out(backtestLine(report));
  io.out(`More: ${followUpCommand('report', options.file ?? DEMO_FILE, options)}`);
  io.out('      (--html report.html for charts, --out report.xlsx for sheets)');
  if (report.errors + report.warnings > 0) {
    io.out(
      `\n${countEn(report.errors, 'error')} and ${countEn(report.warnings, 'warning')} in ` +
        `the file; run: ${followUpCommand('check', options.file ?? DEMO_FILE, options)}`,
    );
  }
  return EXIT_OK;
}
