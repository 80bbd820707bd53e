/**
 * The core beside DuckDB, for `npm run bench`: the same metrics (forecast by five
 * groupings, conversion any and strict, win rate, cycle, velocity, time in stage,
 * stale deals, calibration) on the same generated tables, in the same run, with the
 * ratio of the core's time to DuckDB's. DuckDB's time is the views alone; handing
 * the tables over (CSV written, then read by DuckDB) is shown apart, since a
 * warehouse holds the tables already. Sizes follow BENCH_SIZES (default 100k and 1M).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import type { DuckDbFigures } from './duckdb-child';
import { benchRow, duration, type BenchRow } from './table';

export async function benchDuckDb(): Promise<BenchRow[]> {
  const sizes = (process.env.BENCH_SIZES ?? '100000,1000000')
    .split(',')
    .map(Number)
    .filter((n) => n >= 1000);
  const root = resolve(dirname(process.argv[1]), '..', '..', '..');
  const rows: BenchRow[] = [];
  for (const size of sizes) {
    process.stderr.write(`duckdb: ${size.toLocaleString('en')} deals…\n`);
    const out = execFileSync(
      process.execPath,
      ['--max-old-space-size=16384', '--expose-gc', join(root, 'scripts', 'run-ts.mjs'), 'bench/duckdb-child.ts', String(size)],
      {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      },
    );
    const f = JSON.parse(out) as DuckDbFigures;
    const n = `${f.deals.toLocaleString('en')} deals (${f.historyRows.toLocaleString('en')} History rows)`;
    rows.push(
      benchRow('duckdb', `same metrics, core from arrays, ${n}`, duration(f.coreMs)),
      benchRow('duckdb', `same metrics, DuckDB views over loaded tables, ${n}`, duration(f.viewsMs)),
      benchRow('duckdb', `  core ÷ DuckDB, ${n}`, `${(f.coreMs / f.viewsMs).toFixed(1)}×`),
      benchRow(
        'duckdb',
        `  handing the tables to DuckDB: CSV written + read_csv, ${n}`,
        `${duration(f.writeCsvMs)} + ${duration(f.loadMs)}`,
      ),
      benchRow('duckdb', `  core ÷ (DuckDB incl. handover), ${n}`, `${(f.coreMs / (f.viewsMs + f.writeCsvMs + f.loadMs)).toFixed(1)}×`),
      benchRow('duckdb', `  peak memory of both, ${n}`, `${f.peakMb.toFixed(0)} MB`),
    );
  }
  return rows;
}
