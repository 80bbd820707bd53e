/**
 * One size of the DuckDB comparison, in its own process (so that maxRSS is this
 * size's alone): the report's SQL-covered metrics by the core from in-memory arrays,
 * then the same metrics by the views in embedded DuckDB over the same tables, handed
 * over as CSV. Prints one JSON object. Run by bench/duckdb.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibration, conversion, cycleDays, forecast, staleDeals, timeInStage, velocity, winRate } from '../src/core';
import { generateSample } from '../src/sample/generate';
import { PipelineDuckDb } from '../src/sql/duckdb';
import { writeTables } from '../src/sql/write-tables';

export interface DuckDbFigures {
  readonly deals: number;
  readonly historyRows: number;
  readonly coreMs: number;
  readonly writeCsvMs: number;
  readonly loadMs: number;
  readonly viewsMs: number;
  readonly peakMb: number;
}

async function main(): Promise<void> {
  const size = Number(process.argv[2]);
  const asOf = new Date('2026-11-23T00:00:00Z');
  const sample = generateSample({ deals: size, seed: 42, asOf });
  const { config, deals, history } = sample;
  (globalThis as { gc?: () => void }).gc?.();

  let start = performance.now();
  for (const by of ['stage', 'month', 'quarter', 'owner', 'category'] as const) forecast(deals, config, { by });
  for (const strict of [false, true]) conversion(deals, history, config, { mode: 'next', strict });
  winRate(deals, config);
  cycleDays(deals, history, config);
  velocity(deals, history, config);
  timeInStage(deals, history, config, asOf);
  staleDeals(deals, history, config, asOf);
  calibration(deals, history, config);
  const coreMs = performance.now() - start;

  const dir = await mkdtemp(join(tmpdir(), 'pipeline-bench-'));
  const db = await PipelineDuckDb.open();
  try {
    start = performance.now();
    await writeTables(dir, { config, deals, history });
    const writeCsvMs = performance.now() - start;
    start = performance.now();
    await db.loadCsv(dir);
    const loadMs = performance.now() - start;
    start = performance.now();
    await db.figures(asOf);
    const viewsMs = performance.now() - start;
    const figures: DuckDbFigures = {
      deals: deals.length,
      historyRows: history.length,
      coreMs,
      writeCsvMs,
      loadMs,
      viewsMs,
      peakMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(JSON.stringify(figures));
  } finally {
    db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
