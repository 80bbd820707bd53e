/**
 * The Excel figures for `npm run bench`: the size of the dist/excel bundles (raw and
 * gzipped), the core time of each PIPELINE.* custom function over 50k deals, on its
 * first call and again over a fresh copy of the same cells (the
 * sample's tables with dates as Excel's serial numbers), and the Excel round trips
 * (context.sync calls) and range writes of a single Stage edit, a 100-row paste, a
 * move from the task pane and "Set up workbook", counted by the office-addin-mock
 * fake, with the largest request and response it saw against Excel on the web's
 * 5 MB. Prints figures, asserts nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generateSample } from '../src/sample/generate';
import { toSerial } from '../src/core/dates';
import * as fns from '../excel-addin/src/functions';
import { moveDeal, setUpWorkbook } from '../excel-addin/src/actions';
import { forgetDealsWatch, validateStageEdit } from '../excel-addin/src/validation';
import { ownWrites } from '../excel-addin/src/workbook';
import { FakeExcel, type Cell } from '../test/fakes/office/excel';
import { benchRow, type BenchRow } from './table';

const AS_OF = new Date('2026-11-23T09:00:00Z');

/** A table as Excel hands it to a custom function: Dates become serial numbers, null becomes ''. */
function asExcel(table: readonly (readonly unknown[])[]): Cell[][] {
  return table.map((row) =>
    row.map((cell) => (cell instanceof Date ? toSerial(cell) : cell === null || cell === undefined ? '' : (cell as Cell))),
  );
}

/** A fresh copy of each range for every call, as Excel hands a custom function its arguments. */
type Ranges = { deals: Cell[][]; history: Cell[][]; stages: Cell[][] };
function handedOver(ranges: Ranges): Ranges {
  const copy = (table: Cell[][]) => table.map((row) => row.slice());
  return { deals: copy(ranges.deals), history: copy(ranges.history), stages: copy(ranges.stages) };
}

function time(run: (ranges: Ranges) => unknown, ranges: Ranges): number {
  const given = handedOver(ranges);
  // Each function starts with the garbage of the one before collected (npm run bench passes --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const start = process.hrtime.bigint();
  run(given);
  return Math.round(Number(process.hrtime.bigint() - start) / 1e6);
}

function size(file: string): string {
  if (!existsSync(file)) return 'not built';
  const bytes = readFileSync(file);
  return `${(bytes.length / 1024).toFixed(1)} KiB (${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzipped)`;
}

async function editRows(sample: ReturnType<typeof generateSample>): Promise<BenchRow[]> {
  const stageColumn = (sample.dealsTable[0] as string[]).indexOf('Stage');
  const open = sample.config.stages.filter((st) => st.outcome === 'open');
  const movable = (row: readonly unknown[]) => open.slice(0, -1).some((st) => st.name === row[stageColumn]);
  // Deals that can move one stage forward first, so a paste over the top rows is all real moves.
  const [header, ...rest] = asExcel(sample.dealsTable);
  const deals = [header, ...rest.filter(movable), ...rest.filter((row) => !movable(row))];
  const figures: BenchRow[] = [];
  for (const [label, rows] of [
    ['single Stage edit', 1],
    ['100-row Stage paste', 100],
  ] as const) {
    const fake = new FakeExcel({
      Stages: asExcel(sample.stagesTable),
      Deals: deals.map((row) => [...row]),
      'Stage history': asExcel(sample.historyTable),
    });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    ownWrites.recent.clear();
    // Each deal one stage forward.
    const first = 1;
    const pasted = Array.from({ length: rows }, (_, i) => {
      const current = deals[first + i][stageColumn];
      const index = open.findIndex((st) => st.name === current);
      return [index >= 0 && index < open.length - 1 ? open[index + 1].name : current];
    });
    const event = fake.edit('Deals', first, stageColumn, pasted);
    const outcome = await validateStageEdit(event, AS_OF);
    figures.push(
      benchRow(
        'Excel calls',
        `${label}: context.sync / range writes`,
        `${fake.syncs} / ${fake.writes.length} (${outcome.accepted.length} accepted, ${outcome.reverted.length} reverted)`,
      ),
    );
  }
  // A move from the task pane (found by Deal ID, one stage forward), then "Set up workbook" in an empty workbook.
  const fake = new FakeExcel({
    Stages: asExcel(sample.stagesTable),
    Deals: deals.map((row) => [...row]),
    'Stage history': asExcel(sample.historyTable),
  });
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  const idColumn = (header as string[]).indexOf('Deal ID');
  const current = open.findIndex((st) => st.name === deals[1][stageColumn]);
  const move = await moveDeal({ dealId: String(deals[1][idColumn]), row: 2, to: open[current + 1].name, fields: {}, reason: '' }, AS_OF);
  figures.push(
    benchRow(
      'Excel calls',
      'task pane move: context.sync / range writes',
      `${fake.syncs} / ${fake.writes.length} (${move.ok ? 'moved' : move.reasons.join(' ')})`,
    ),
  );
  figures.push(
    benchRow(
      'Excel calls',
      'largest request / response, 5k deals (Excel on the web: 5 MB)',
      `${kb(fake.largestPayload.request)} / ${kb(fake.largestPayload.response)}`,
    ),
  );
  const empty = new FakeExcel({});
  (globalThis as { Excel?: unknown }).Excel = empty.global;
  forgetDealsWatch();
  const made = await setUpWorkbook();
  forgetDealsWatch();
  figures.push(
    benchRow(
      'Excel calls',
      'Set up workbook: context.sync / range writes',
      `${empty.syncs} / ${empty.writes.length} (${made.length} sheets)`,
    ),
  );
  delete (globalThis as { Excel?: unknown }).Excel;
  return figures;
}

function kb(bytes: number): string {
  return bytes < 10_240 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KiB`;
}

export async function benchExcel(): Promise<BenchRow[]> {
  // Bundled to ESM by scripts/run-ts.mjs (no __dirname); npm runs it from the repository root.
  const root = resolve(process.cwd());
  const dist = join(root, 'dist', 'excel');
  // Build first, as bench/sheets.ts does for Apps Script, so the sizes are of this checkout.
  const { buildTarget } = (await import(pathToFileURL(join(root, 'scripts', 'build-excel.mjs')).href)) as {
    buildTarget(o: { quiet: boolean }): Promise<unknown>;
  };
  await buildTarget({ quiet: true });
  const sample = generateSample({ deals: 50_000, seed: 7, asOf: AS_OF });
  const ranges = { deals: asExcel(sample.dealsTable), history: asExcel(sample.historyTable), stages: asExcel(sample.stagesTable) };
  const asOf = toSerial(AS_OF);
  // First call: every range read afresh. Again: the same cells once more, as when the
  // sheet's other PIPELINE.* cells over the same ranges recalculate (formula-memo.ts).
  const fn = (name: string, run: (r: Ranges) => unknown) => {
    fns.forgetTablesRead();
    const first = time(run, ranges);
    const again = time(run, ranges);
    return benchRow(
      'Excel functions',
      `${name}, 50k deals: first call / again over the same cells`,
      `${first} / ${again} ms`,
      '< 250 ms (issue 15)',
    );
  };
  return [
    benchRow('bundle', 'Excel dist/excel/functions.js', size(join(dist, 'functions.js'))),
    benchRow('bundle', 'Excel dist/excel/taskpane.js', size(join(dist, 'taskpane.js'))),
    fn('PIPELINE.WEIGHTED', (r) => fns.weighted(r.deals, r.stages)),
    fn('PIPELINE.FORECAST by month', (r) => fns.forecast(r.deals, 'month', r.stages)),
    fn('PIPELINE.CONVERSION', (r) => fns.conversion(r.history, 'next', false, r.stages)),
    fn('PIPELINE.WINRATE', (r) => fns.winrate(r.deals, undefined, undefined, r.stages)),
    fn('PIPELINE.CYCLE', (r) => fns.cycle(r.deals, r.history, r.stages)),
    fn('PIPELINE.VELOCITY', (r) => fns.velocity(r.deals, r.history, r.stages)),
    fn('PIPELINE.STALE', (r) => fns.stale(r.deals, r.history, asOf, r.stages)),
    fn('PIPELINE.TIME_IN_STAGE', (r) => fns.timeInStage(r.deals, r.history, asOf, r.stages)),
    ...(await editRows(generateSample({ deals: 5_000, seed: 7, asOf: AS_OF }))),
  ];
}
