/**
 * The Google Sheets figures for `npm run bench`: service calls per operation (an
 * accepted single Stage edit below and within the first 50 rows, with its calls by
 * name; a rejected one; an edit to another column; a 100-row paste; the daily digest
 * over 5k and 50k deals; a weekly snapshot), counted by the Apps Script fakes around
 * the built dist/gas/Code.js; the core time of each custom function over 50k deals;
 * and the bundle size. Prints figures, asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateSample } from '../src/sample/generate';
import * as formulas from '../src/core/formulas';
import { checkMove } from '../src/core/moves';
import { createGas, loadBundle, serializedArgument, userEdit, type GasWorld } from '../test/fakes/gas';
import { formatDate } from '../test/fakes/gas/services';
import { sheetZone } from '../src/sheets/zone';
import { benchRow, type BenchRow } from './table';

const AS_OF = new Date('2026-11-23T09:00:00Z');

function world(code: string, tables: { stages: unknown[][]; deals: unknown[][]; history: unknown[][] }, mailQuota = 1500) {
  const gas = createGas({ timeZone: 'Etc/UTC', mailQuota });
  gas.spreadsheet.sheet('Stages').load(tables.stages);
  gas.spreadsheet.sheet('Deals').load(tables.deals);
  gas.spreadsheet.sheet('History').load(tables.history);
  const globals = loadBundle(gas, code);
  gas.log.reset();
  return { gas, globals };
}

function counted(w: GasWorld): string {
  return `${w.log.total} (${w.log.count('read')} reads, ${w.log.count('write')} writes)`;
}

/** "Range.getSheet 1, Sheet.getSheetValues 3, …": where the calls went. */
function byName(w: GasWorld): string {
  return Object.entries(w.log.snapshot())
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

export async function benchSheets(): Promise<BenchRow[]> {
  const root = process.cwd();
  const { buildTarget } = (await import(pathToFileURL(resolve(root, 'scripts', 'build-gas.mjs')).href)) as {
    buildTarget(): Promise<{ codePath: string; bytes: number }>;
  };
  const built = await buildTarget();
  const code = readFileSync(built.codePath, 'utf8');
  const rows: BenchRow[] = [benchRow('bundle', 'Apps Script dist/gas/Code.js', `${(built.bytes / 1024).toFixed(1)} KB`, '< 150 KB')];
  const calls = (measure: string, figure: string, target = '') => rows.push(benchRow('Sheets calls', measure, figure, target));

  const small = generateSample({ deals: 200, seed: 7, asOf: AS_OF });
  const smallTables = { stages: small.stagesTable, deals: small.dealsTable, history: small.historyTable };
  const header = small.dealsTable[0].map(String);
  const stageColumn = header.indexOf('Stage') + 1;
  const ordered = [...small.config.stages].sort((a, b) => a.order - b.order);
  // The first open deal with a later stage the rules accept: the path that locks, stamps and appends History.
  let open = small.deals[0];
  let next = ordered[0];
  let rejected: { row: number; stage: string } | undefined;
  for (const deal of small.deals) {
    const at = ordered.findIndex((s) => s.name === deal.stage);
    if (at < 0 || ordered[at].outcome !== 'open') continue;
    const later = ordered.slice(at + 1);
    const to = later.find((s) => checkMove(small.config, deal, s.name, AS_OF, { from: deal.stage }).ok);
    const refused = later.find((s) => !checkMove(small.config, deal, s.name, AS_OF, { from: deal.stage }).ok);
    rejected ??= refused && { row: deal.row, stage: refused.name };
    if (to) {
      open = deal;
      next = to;
      break;
    }
  }
  const historyGrew = (gas: GasWorld) => gas.spreadsheet.sheet('History').dump().length - small.historyTable.length;

  {
    const { gas, globals } = world(code, smallTables);
    globals.onEdit(userEdit(gas, gas.spreadsheet.sheet('Deals'), open.row, stageColumn, [[next.name]]));
    calls(`single Stage edit, row ${open.row}`, `${counted(gas)}, ${historyGrew(gas) === 1 ? 'accepted' : 'NOT accepted'}`, 'about 8');
    if (process.argv.includes('--detail')) calls(`  by name`, byName(gas));
  }
  if (rejected) {
    const { gas, globals } = world(code, smallTables);
    globals.onEdit(userEdit(gas, gas.spreadsheet.sheet('Deals'), rejected.row, stageColumn, [[rejected.stage]]));
    calls(`rejected single Stage edit, row ${rejected.row}`, `${counted(gas)}, ${gas.ui.shown.length} toast`);
  }
  {
    // The same deal moved to row 2: the header and the row come in one read (rows 1..50).
    const dealsTable = [
      small.dealsTable[0],
      small.dealsTable[open.row - 1],
      ...small.dealsTable.slice(1).filter((_, i) => i + 2 !== open.row),
    ];
    const { gas, globals } = world(code, { ...smallTables, deals: dealsTable });
    globals.onEdit(userEdit(gas, gas.spreadsheet.sheet('Deals'), 2, stageColumn, [[next.name]]));
    calls('single Stage edit, row 2', `${counted(gas)}, ${historyGrew(gas) === 1 ? 'accepted' : 'NOT accepted'}`, 'about 8');
  }
  {
    const { gas, globals } = world(code, smallTables);
    globals.onEdit(userEdit(gas, gas.spreadsheet.sheet('Deals'), open.row, header.indexOf('Amount') + 1, [[12345]]));
    calls('edit to another column', counted(gas), '≤ 2');
  }
  {
    const { gas, globals } = world(code, smallTables);
    // Each open deal pasted one stage further on; won and lost deals pasted unchanged.
    // The sample lists closed deals first; the last 100 rows are mostly open.
    const first = small.dealsTable.length - 100;
    const stages = small.dealsTable.slice(first).map((row) => {
      const at = ordered.findIndex((st) => st.name === row[stageColumn - 1]);
      return [at >= 0 && ordered[at].outcome === 'open' ? ordered[at + 1].name : row[stageColumn - 1]];
    });
    globals.onEdit(userEdit(gas, gas.spreadsheet.sheet('Deals'), first + 1, stageColumn, stages));
    calls('paste over 100 Stage cells', `${counted(gas)}, ${historyGrew(gas)} moves accepted`, 'blocks, not per row');
  }

  {
    const { gas, globals } = world(code, smallTables);
    globals.menuValidateDeals();
    calls('menu Validate all deals, 200 deals', counted(gas), 'blocks, not per row');
  }
  {
    const { gas, globals } = world(code, smallTables);
    const reply = globals.applyDealMove({ row: open.row, dealId: open.id, toStage: next.name, fields: {}, reason: '' }) as { ok: boolean };
    calls(
      `move dialog: apply a move, row ${open.row}`,
      `${counted(gas)}, ${reply.ok && historyGrew(gas) === 1 ? 'accepted' : 'NOT accepted'}`,
    );
  }

  for (const size of [5_000, 50_000]) {
    const sample = generateSample({ deals: size, seed: 42, asOf: AS_OF });
    const { gas, globals } = world(code, { stages: sample.stagesTable, deals: sample.dealsTable, history: sample.historyTable });
    const start = performance.now();
    globals.sendDailyDigests({});
    const ms = performance.now() - start;
    const label = `digest over ${size.toLocaleString('en')} deals`;
    calls(
      label,
      `${counted(gas)}, ${gas.log.count('MailApp.sendEmail')} emails, ` +
        `${gas.log.count('Utilities.formatDate')} formatDate; ${ms.toFixed(0)} ms in the fakes`,
      'same at any size',
    );
  }

  {
    const { gas, globals } = world(code, smallTables);
    globals.takeWeeklySnapshot({});
    const appended = gas.spreadsheet.sheet('Snapshots').dump().length - 1;
    calls(
      'weekly snapshot over 200 deals',
      `${counted(gas)}, ${appended} rows appended, ${gas.log.count('Utilities.formatDate')} formatDate`,
      'same at any size',
    );
  }

  const big = generateSample({ deals: 50_000, seed: 42, asOf: AS_OF });
  // Sheets' own host (src/sheets/main.ts) in a UTC spreadsheet: each Date cell is converted in place, by an offset of 0.
  const utc = sheetZone('UTC', formatDate);
  const host: formulas.FormulaHost = {
    loadStages: () => big.stagesTable,
    toCore: (date) => utc.toCore(date),
    toCoreInPlace: (date) => utc.shiftToCore(date),
    toCell: (d) => d,
    now: () => AS_OF,
  };
  const time = (name: string, fn: () => unknown) => {
    // Each function starts with the garbage of the one before collected (npm run bench passes --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    const start = performance.now();
    fn();
    rows.push(
      benchRow(
        'Sheets functions',
        `${name}, 50k deals (${h.length - 1} History rows)`,
        `${(performance.now() - start).toFixed(0)} ms`,
        '< 250 ms (issue 15)',
      ),
    );
  };
  const d = big.dealsTable;
  const h = big.historyTable;
  const s = big.stagesTable;
  time('PIPELINE_WEIGHTED', () => formulas.weightedFormula(d, s, host));
  time('PIPELINE_FORECAST by month', () => formulas.forecastFormula(d, 'month', s, host));
  time('PIPELINE_CONVERSION', () => formulas.conversionFormula(h, 'cumulative', false, s, host));
  time('PIPELINE_WINRATE', () => formulas.winRateFormula(d, '', '', s, host));
  time('PIPELINE_CYCLE', () => formulas.cycleFormula(d, h, s, host));
  time('PIPELINE_VELOCITY', () => formulas.velocityFormula(d, h, s, host));
  time('PIPELINE_STALE', () => formulas.staleFormula(d, h, AS_OF, s, host));
  time('PIPELINE_TIME_IN_STAGE', () => formulas.timeInStageFormula(d, h, AS_OF, s, host));
  time('PIPELINE_CALIBRATION', () => formulas.calibrationFormula(d, h, s, host));
  time('PIPELINE_FORECAST_RANGE by month, 1000 runs', () => formulas.forecastRangeFormula(d, h, 'month', 1_000_000, '', '', '', s, host));
  time('PIPELINE_ROTTING_SUGGEST', () => formulas.rottingSuggestFormula(d, h, '', '', s, host));
  // The rows above use a UTC spreadsheet, where a date cell needs no conversion. Most teams' spreadsheets are not in
  // UTC: there every Date cell is converted from local midnight to the core's UTC day on each call (src/sheets/zone.ts).
  const zone = sheetZone('America/New_York', formatDate);
  const local = (table: readonly (readonly unknown[])[]) => table.map((row) => row.map((c) => (c instanceof Date ? zone.toSheet(c) : c)));
  const [dNy, hNy] = [local(d), local(h)];
  // As in Sheets.main's host: each call's cells are its own copy, so Date cells are converted in place.
  const nyHost: formulas.FormulaHost = { ...host, toCore: (date) => zone.toCore(date), toCoreInPlace: (date) => zone.shiftToCore(date) };
  // Each call gets its own copy of the cells, as Sheets serializes them per call; the copy is made before the clock starts.
  const own = (table: unknown[][]) => serializedArgument(table) as unknown[][];
  let [dCopy, hCopy] = [own(dNy), own(hNy)];
  time('PIPELINE_CYCLE in a New York spreadsheet', () => formulas.cycleFormula(dCopy, hCopy, s, nyHost));
  [dCopy, hCopy] = [own(dNy), own(hNy)];
  time('PIPELINE_STALE in a New York spreadsheet', () => formulas.staleFormula(dCopy, hCopy, AS_OF, s, nyHost));
  return rows;
}
