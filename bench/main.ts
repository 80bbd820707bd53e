/**
 * `npm run bench`: prints figures, asserts nothing. Core throughput runs each size in
 * its own child process, so that the peak memory reported (maxRSS) belongs to that
 * size alone. The adapters' benches (command line, Sheets, Excel) add their rows when
 * their modules exist.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchCore, type CoreFigures } from './core';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);

async function main(): Promise<void> {
  const child = process.argv.indexOf('--core-child');
  if (child >= 0) {
    const figures = benchCore(Number(process.argv[child + 1]));
    process.stdout.write(JSON.stringify(figures));
    return;
  }
  console.log(`Pipeline Sheets bench — node ${process.version}, ${process.platform}/${process.arch}\n`);
  console.log('Core (every metric over generated deals with ~5 History rows each):');
  const rows: CoreFigures[] = [];
  for (const size of SIZES) {
    const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--expose-gc', process.argv[1], '--core-child', String(size)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    rows.push(JSON.parse(out) as CoreFigures);
  }
  printCoreTable(rows);

  const root = resolve(dirname(process.argv[1]), '..', '..', '..');
  for (const [file, fn, title] of [
    ['bench/cli.ts', 'benchCli', 'Command line'],
    ['bench/sheets.ts', 'benchSheets', 'Google Sheets (Apps Script fakes)'],
    ['bench/excel.ts', 'benchExcel', 'Excel add-in'],
  ] as const) {
    if (process.env.BENCH_ADAPTERS === '0' || !existsSync(join(root, file))) continue;
    console.log(`\n${title}:`);
    try {
      const mod = await loadTs(root, file);
      const figures = (await (mod[fn] as () => Promise<Record<string, string | number>>)()) ?? {};
      for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(48)} ${value}`);
    } catch (error) {
      console.log(`  (failed: ${(error as Error).message})`);
    }
  }
}

/** Bundles another bench module the same way run-ts does, so each adapter's bench stays in its own file. */
async function loadTs(root: string, file: string): Promise<Record<string, unknown>> {
  const { build } = await import('esbuild');
  const outfile = join(root, 'node_modules', '.cache', 'pipeline-sheets', `bench-${file.replace(/\W/g, '_')}.mjs`);
  await build({ entryPoints: [join(root, file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
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
    ...(rows[0] ? Object.keys(rows[0].qualityMs) : []).map((step) => [`forecast quality: ${step}`, ...rows.map((r) => `${r.qualityMs[step].toFixed(1)} ms`)]),
  ];
  const widths = head.map((_, i) => Math.max(head[i].length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(head));
  for (const line of lines) console.log(fmt(line));
  if (rows.length >= 2) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    console.log(`  growth: ${(b.deals / a.deals).toFixed(0)}× deals → ${(b.totalMs / a.totalMs).toFixed(1)}× time`);
  }
}

await main();
