/**
 * Times every core metric on one generated data set. Runs in a child process of
 * bench/main.ts so that maxRSS is this size's own peak.
 */
import {
  backtest,
  calibration,
  forecastRange,
  snapshotsFromHistory,
  suggestRottingDays,
  takeSnapshot,
  conversion,
  cycleDays,
  digests,
  forecast,
  readDeals,
  readHistory,
  renderDigest,
  staleDeals,
  timeInStage,
  velocity,
  winRate,
} from '../src/core';
import { generateSample } from '../src/sample/generate';

export interface CoreFigures {
  readonly deals: number;
  readonly historyRows: number;
  readonly stepsMs: Record<string, number>;
  /** The forecast-quality steps (calibration, ranges, snapshots, backtest, rotting days), outside metricsMs. */
  readonly qualityMs: Record<string, number>;
  readonly metricsMs: number;
  readonly totalMs: number;
  readonly dealsPerSecond: number;
  readonly peakMb: number;
  /** The largest resident memory seen after any read or metric step (sampled after each), after the generator's garbage was collected. */
  readonly stepsPeakMb: number;
  /** Resident memory just before reading: the input tables (and whatever the generator left that the heap did not give back). */
  readonly inputMb: number;
}

export function benchCore(size: number): CoreFigures {
  const asOf = new Date('2026-11-23T00:00:00Z');
  const sample = generateSample({ deals: size, seed: 42, asOf });
  const config = sample.config;
  // Generating the sample leaves garbage no real workbook would; collect it before timing.
  (globalThis as { gc?: () => void }).gc?.();
  const inputMb = process.memoryUsage.rss() / 2 ** 20;
  let stepsPeak = inputMb;
  const stepsMs: Record<string, number> = {};
  const timeInto =
    (record: Record<string, number>) =>
    <T>(name: string, fn: () => T): T => {
      const start = performance.now();
      const result = fn();
      record[name] = performance.now() - start;
      if (record === stepsMs) stepsPeak = Math.max(stepsPeak, process.memoryUsage.rss() / 2 ** 20);
      return result;
    };
  const time = timeInto(stepsMs);
  const { deals } = time('readDeals', () => readDeals(sample.dealsTable, config));
  const { entries: history } = time('readHistory', () => readHistory(sample.historyTable, config));
  for (const by of ['stage', 'month', 'quarter', 'owner', 'category'] as const) {
    time(`forecast by ${by}`, () => forecast(deals, config, { by }));
  }
  for (const strict of [false, true]) {
    time(`conversion (${strict ? 'strict' : 'any'})`, () => conversion(deals, history, config, { mode: 'next', strict }));
  }
  time('winRate', () => winRate(deals, config));
  time('cycleDays', () => cycleDays(deals, history, config));
  time('velocity', () => velocity(deals, history, config));
  time('timeInStage', () => timeInStage(deals, history, config, asOf));
  const stale = time('staleDeals', () => staleDeals(deals, history, config, asOf));
  time('digests + render', () => digests(stale, asOf).map((d) => renderDigest(d, 'en')));
  const totalMs = Object.values(stepsMs).reduce((a, b) => a + b, 0);
  const metricsMs = totalMs - stepsMs.readDeals - stepsMs.readHistory;

  const qualityMs: Record<string, number> = {};
  const timeQuality = timeInto(qualityMs);
  timeQuality('calibration', () => calibration(deals, history, config));
  timeQuality('forecastRange by month, 2000 runs', () => forecastRange(deals, history, config, { by: 'month', asOf, runs: 2000, seed: 1 }));
  timeQuality('suggestRottingDays', () => suggestRottingDays(deals, history, config));
  timeQuality('takeSnapshot', () => takeSnapshot(deals, config, asOf));
  const weeks = Array.from({ length: 26 }, (_, i) => new Date(asOf.getTime() - (26 - i) * 7 * 86_400_000));
  const snapshots = timeQuality('snapshotsFromHistory, 26 weeks', () => snapshotsFromHistory(deals, history, config, weeks));
  timeQuality('backtest by owner over those', () => backtest(snapshots, deals, config, { by: 'owner', asOf }));
  return {
    deals: size,
    historyRows: history.length,
    stepsMs,
    qualityMs,
    metricsMs,
    totalMs,
    dealsPerSecond: size / (totalMs / 1000),
    peakMb: process.resourceUsage().maxRSS / 1024,
    stepsPeakMb: stepsPeak,
    inputMb,
  };
}
