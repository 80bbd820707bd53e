/**
 * `npm run bench`: prints ONE table of figures (area, measure, figure, target) and
 * asserts nothing: core throughput on 10k, 100k and 1M generated deals, service calls
 * per Google Sheets operation, the Apps Script and Excel bundle sizes, the custom
 * functions' core time, and the command line on a 100k-deal .xlsx (time and peak
 * memory). Each core size runs in its own child process, so that the peak memory
 * reported (maxRSS) belongs to that size alone. `npm run bench -- --detail` adds the
 * time of every core step under the table. BENCH_SIZES=10000,100000 picks the sizes;
 * BENCH_ADAPTERS=0 leaves out the adapters.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchCore, type CoreFigures } from './core';
import { benchRow, duration, formatBenchTable, type BenchRow } from './table';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const DETAIL = process.argv.includes('--detail');

async function main(): Promise<void> {
  const child = process.argv.indexOf('--core-child');
  if (child >= 0) {
    const figures = benchCore(Number(process.argv[child + 1]));
    process.stdout.write(JSON.stringify(figures));
    return;
  }
  const today = new Date().toISOString().slice(0, 10);
  console.log(`Pipeline Sheets bench — node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cores, ${today}\n`);
  const core: CoreFigures[] = [];
  for (const size of SIZES) {
    process.stderr.write(`core: ${size.toLocaleString('en')} deals…\n`);
    // 1M deals hold about 4.3M History rows as plain arrays: the default heap is too small.
    const out = execFileSync(
      process.execPath,
      ['--max-old-space-size=16384', '--expose-gc', process.argv[1], '--core-child', String(size)],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    core.push(JSON.parse(out) as CoreFigures);
  }
  const rows: BenchRow[] = coreRows(core);

  const root = resolve(dirname(process.argv[1]), '..', '..', '..');
  for (const [file, fn] of [
    ['bench/sheets.ts', 'benchSheets'],
    ['bench/excel.ts', 'benchExcel'],
    ['bench/cli.ts', 'benchCli'],
    ['bench/duckdb.ts', 'benchDuckDb'],
  ] as const) {
    if (process.env.BENCH_ADAPTERS === '0' || !existsSync(join(root, file))) continue;
    process.stderr.write(`${file}…\n`);
    try {
      const mod = await loadTs(root, file);
      rows.push(...(await (mod[fn] as () => Promise<BenchRow[]>)()));
    } catch (error) {
      rows.push(benchRow(file, 'failed', (error as Error).message));
    }
  }
  console.log(formatBenchTable(rows));
  if (DETAIL) {
    console.log('\nCore steps (detail):');
    printCoreTable(core);
  }
}

/** Four rows per size: throughput, reading alone, the forecast-quality steps, peak memory. */
function coreRows(figures: readonly CoreFigures[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const f of figures) {
    const n = `${f.deals.toLocaleString('en')} deals`;
    const readMs = f.stepsMs.readDeals + f.stepsMs.readHistory;
    const qualityMs = Object.values(f.qualityMs).reduce((a, b) => a + b, 0);
    rows.push(
      benchRow(
        'core',
        `read + all metrics, ${n} (${f.historyRows.toLocaleString('en')} History rows)`,
        `${duration(f.totalMs)} = ${Math.round(f.dealsPerSecond).toLocaleString('en')} deals/s`,
        f.deals === 100_000 ? '< 0.5 s (issue 15)' : f.deals === 1_000_000 ? '< 6 s (issue 15)' : '',
      ),
      benchRow('core', `  of which reading Deals + History, ${n}`, duration(readMs)),
      benchRow('core', `  of which the metrics, ${n}`, duration(f.metricsMs), f.deals === 100_000 ? '< 1 s' : ''),
      benchRow('core', `forecast quality (calibration, range ×2000, 26 snapshots, backtest), ${n}`, duration(qualityMs)),
      benchRow('core', `peak memory incl. generating the sample, ${n}`, `${f.peakMb.toFixed(0)} MB`),
      benchRow(
        'core',
        `memory while reading + metrics (sampled after each step; input tables ${f.inputMb.toFixed(0)} MB), ${n}`,
        `${f.stepsPeakMb.toFixed(0)} MB`,
        f.deals === 1_000_000 ? '< 1.5 GB (issue 15)' : '',
      ),
      // The input tables are cells as Sheets hands them over (a Date per date cell); what the engine adds is the rest.
      benchRow('core', `  of which above the input tables, ${n}`, `${Math.max(0, f.stepsPeakMb - f.inputMb).toFixed(0)} MB`),
    );
  }
  // Each step up in size, then end to end: issue 15 asks for 10× the deals in at most 11× the time.
  for (let i = 1; i < figures.length; i++) {
    const [a, b] = [figures[i - 1], figures[i]];
    rows.push(
      benchRow(
        'core',
        `growth ${a.deals.toLocaleString('en')} → ${b.deals.toLocaleString('en')} deals`,
        `${(b.deals / a.deals).toFixed(0)}× deals → ${(b.totalMs / a.totalMs).toFixed(1)}× time`,
        `≤ ${((b.deals / a.deals) * 1.1).toFixed(0)}× (issue 15)`,
      ),
    );
  }
  return rows;
}
/** Bundles another bench module the same way run-ts does, so each adapter's bench stays in its own file. */
async function loadTs(root: string, file: string): Promise<Record<string, unknown>> {
  const { build } = await import('esbuild');
  const outfile = join(root, 'node_modules', '.cache', 'pipeline-sheets', `bench-${file.replace(/\W/g, '_')}.mjs`);
  await build({
    entryPoints: [join(root, file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
}

function printCoreTable(rows: readonly CoreFigures[]): void {
  const steps = rows[0] ? Object.keys(rows[0].stepsMs) : [];
  const head = ['step', ...rows.map((r) => `${r.deals.toLocaleString('en')} deals`)];
  const lines = [
    ...steps.map((step) => [step, ...rows.map((r) => `${r.stepsMs[step].toFixed(1)} ms`)]),
    ['all metrics (excl. reading)', ...rows.map((r) => `${r.metricsMs.toFixed(0)} ms`)],
    ['read + all metrics', ...rows.map((r) => `${r.totalMs.toFixed(0)} ms`)],
    ['deals per second (read + metrics)', ...rows.map((r) => Math.round(r.dealsPerSecond).toLocaleString('en'))],
    ['History rows', ...rows.map((r) => r.historyRows.toLocaleString('en'))],
    ['peak memory incl. generating (maxRSS)', ...rows.map((r) => `${r.peakMb.toFixed(0)} MB`)],
    ['memory after each step, at most (input tables)', ...rows.map((r) => `${r.stepsPeakMb.toFixed(0)} MB (${r.inputMb.toFixed(0)} MB)`)],
    ...(rows[0] ? Object.keys(rows[0].qualityMs) : []).map((step) => [
      `forecast quality: ${step}`,
      ...rows.map((r) => `${r.qualityMs[step].toFixed(1)} ms`),
    ]),
  ];
  const widths = head.map((_, i) => Math.max(head[i].length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
  console.log(fmt(head));
  for (const line of lines) console.log(fmt(line));
  if (rows.length >= 2) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    console.log(`  growth: ${(b.deals / a.deals).toFixed(0)}× deals → ${(b.totalMs / a.totalMs).toFixed(1)}× time`);
  }
}

await main();
