/**
 * The one table `npm run bench` prints: every figure is a row of area, measure,
 * figure and the target it is held to (blank when the issues set none), so core
 * throughput, Sheets service calls, bundle sizes and the command line read as one
 * list. Columns are padded to the widest cell; nothing is asserted.
 */

export interface BenchRow {
  readonly area: string;
  readonly measure: string;
  readonly figure: string;
  readonly target?: string;
}

/** A row; the target is optional. */
export function benchRow(area: string, measure: string, figure: string | number, target = ''): BenchRow {
  return { area, measure, figure: String(figure), target };
}

/** The rows as one aligned text table with a header and a rule under it. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const head: BenchRow = { area: 'area', measure: 'measure', figure: 'figure', target: 'target' };
  const cells = (r: BenchRow) => [r.area, r.measure, r.figure, r.target ?? ''];
  const all = [head, ...rows].map(cells);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** Milliseconds as "850 ms" or "1.45 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
