/**
 * Command-line bench: times `pipeline-sheets report` on a generated 100k-deal .xlsx
 * (Deals, Stages and about half a million History rows), writing the .xlsx report
 * and the HTML page. The command runs in its own process so that its peak memory
 * (maxRSS, read at exit through a one-line --import hook) is its own. The time
 * includes Node's start and the esbuild bundling of the entry (well under a second).
 *
 * With BENCH_CLI_FULL=1 it also writes the largest workbook Excel can hold (240,000
 * deals, whose History fills nearly all of a sheet's 1,048,576 rows) and times
 * `report` on it: off by default, because writing that workbook takes a minute or two.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { generateSample } from '../src/sample/generate';
import { toExcelValue } from '../src/workbook/cells';
import { benchRow, type BenchRow } from './table';

const DEALS = Number(process.env.BENCH_CLI_DEALS ?? 100_000);
/** The deals of the workbook whose History fills Excel's rows (about 4.3 History rows per deal). */
const FULL_SHEET_DEALS = 240_000;
const EXCEL_ROWS = 1_048_576;
const AS_OF = new Date(Date.UTC(2026, 10, 23));

async function writeBigWorkbook(path: string, deals = DEALS): Promise<{ deals: number; history: number }> {
  const sample = generateSample({ deals, seed: 1, asOf: AS_OF });
  // A sheet holds 1,048,576 rows, header included; a workbook past that could not come from Excel.
  if (sample.historyTable.length > EXCEL_ROWS)
    throw new Error(`${deals} deals make ${sample.historyTable.length} History rows, more than Excel's ${EXCEL_ROWS}`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  for (const [name, table] of [
    ['Deals', sample.dealsTable],
    ['Stages', sample.stagesTable],
    ['Stage history', sample.historyTable],
  ] as const) {
    const sheet = workbook.addWorksheet(name);
    for (const row of table) sheet.addRow(row.map(toExcelValue)).commit();
    sheet.commit();
  }
  await workbook.commit();
  return { deals: sample.deals.length, history: sample.history.length };
}

const RSS_HOOK =
  'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nBENCH_MAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))';

/** Runs `pipeline-sheets report ARGS` in a child process: wall time and its own peak memory. */
function timeReport(args: readonly string[]): { seconds: number; peak: string } {
  return timeCommand('report', args, [0]);
}

/** Runs `pipeline-sheets COMMAND ARGS` in a child process: wall time and its own peak memory. */
function timeCommand(command: string, args: readonly string[], okExits: readonly number[]): { seconds: number; peak: string } {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    ['--import', RSS_HOOK, join(process.cwd(), 'scripts', 'run-ts.mjs'), 'src/cli/main.ts', command, ...args],
    {
      cwd: process.cwd(),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (!okExits.includes(result.status ?? -1))
    throw new Error(`${command} exited ${result.status}: ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
  const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(result.stderr ?? '');
  return { seconds, peak: rss ? `${(Number(rss[1]) / 1024).toFixed(0)} MB` : 'unknown' };
}

export async function benchCli(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bench-cli-'));
  try {
    const input = join(dir, 'big.xlsx');
    const written = await writeBigWorkbook(input);
    const withFiles = timeReport([input, '--out', join(dir, 'report.xlsx'), '--html', join(dir, 'report.html'), '--as-of', '2026-11-23']);
    const terminal = timeReport([input, '--as-of', '2026-11-23']);
    const check = timeCommand('check', [input], [0, 1]);
    const inputMb = (statSync(input).size / 1e6).toFixed(1);
    const inputHistory = written.history.toLocaleString('en');
    const input100k = `${written.deals.toLocaleString('en')}-deal .xlsx (${inputMb} MB, ${inputHistory} History rows)`;
    const full: BenchRow[] = [];
    if (process.env.BENCH_CLI_FULL === '1') {
      const fullInput = join(dir, 'full.xlsx');
      const fullWritten = await writeBigWorkbook(fullInput, FULL_SHEET_DEALS);
      const fullReport = timeReport([fullInput, '--as-of', '2026-11-23']);
      const fullMb = (statSync(fullInput).size / 1e6).toFixed(1);
      const historyRows = `${fullWritten.history.toLocaleString('en')} History rows of Excel's ${EXCEL_ROWS.toLocaleString('en')}`;
      const described = `${fullWritten.deals.toLocaleString('en')}-deal .xlsx (${fullMb} MB, ${historyRows})`;
      full.push(
        benchRow(
          'command line',
          `report on the ${described}, terminal tables`,
          `${fullReport.seconds.toFixed(2)} s, peak ${fullReport.peak}`,
          '< 7 s, < 1 GB (issue 15)',
        ),
      );
    }
    return [
      benchRow(
        'command line',
        `report on a ${input100k}, terminal tables`,
        `${terminal.seconds.toFixed(2)} s, peak ${terminal.peak}`,
        '< 3 s, < 600 MB (issue 15)',
      ),
      benchRow(
        'command line',
        'report --out .xlsx --html on the same file',
        `${withFiles.seconds.toFixed(2)} s, peak ${withFiles.peak}`,
        '< 15 s, < 1 GB',
      ),
      benchRow('command line', 'report .xlsx written (Facts included)', `${(statSync(join(dir, 'report.xlsx')).size / 1e6).toFixed(1)} MB`),
      benchRow('command line', `check on the same file`, `${check.seconds.toFixed(2)} s, peak ${check.peak}`),
      ...full,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
