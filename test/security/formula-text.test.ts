/**
 * Formula text: user text that starts with =, +, -, @ (or a tab or carriage return)
 * must reach every file the tool writes as text. An .xlsx is read back with exceljs
 * and every formula cell is listed: none may hold user text (the tool's own
 * formulas, such as the Dashboard's COUNTIFS, are known and allowed). A .csv field
 * must carry OWASP's leading apostrophe. The Sheets add-in's own writes (History,
 * Alerts log, Snapshots) are checked in the Apps Script fake, which turns a string
 * starting with "=" into a formula as Sheets does.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, HISTORY_HEADERS, stagesToTable } from '../../src/core/index';
import { cli } from '../cli/helpers';
import { clockEvent, sheetDate, userEdit, type FakeSheet } from '../fakes/gas';
import { buildOnce, COL, pipelineWorld, TZ } from '../sheets/world';
import { hostileSheetsWorld } from './sheets-world';
import { writeXlsx } from '../workbook/fixtures';
import { FORMULA_PAYLOADS, HOSTILE_DEAL_HEADERS, formulaLike, hostileDealRows } from './hostile';

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Fragments of the payloads; a formula holding one came from user text. */
const PAYLOAD_MARKS = ['HYPERLINK', 'cmd|', 'SUM(A1)', '1+1', '2+3', 'ID0', 'ID3', 'ID6', 'ID9', 'ID12', 'ID15', 'ID18', 'ID21'];

let dir: string;
let workbook: string;

/** Every formula in an .xlsx, as "Sheet!A1: formula". */
async function formulasIn(path: string): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const found: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula)
          found.push(`${sheet.name}!${cell.address}: ${cell.formula ?? (cell.value as { sharedFormula?: string }).sharedFormula}`);
      }),
    ),
  );
  return found;
}

/** Every string cell of an .xlsx. */
async function textsIn(path: string): Promise<Set<string>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const found = new Set<string>();
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && found.add(cell.value)))));
  return found;
}

const fromUser = (formulas: string[]) => formulas.filter((f) => PAYLOAD_MARKS.some((mark) => f.slice(f.indexOf(': ') + 2).includes(mark)));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pipeline-formula-'));
  const history = [
    [...HISTORY_HEADERS],
    ...hostileDealRows(utc('2025-01-01')).map((row) => [
      utc('2025-01-01'),
      row[0],
      'Lead',
      row[4],
      1000,
      null,
      0.1,
      '=HYPERLINK("http://evil","by")',
      'edit',
    ]),
  ];
  workbook = await writeXlsx(join(dir, 'hostile.xlsx'), {
    Deals: [[...HOSTILE_DEAL_HEADERS], ...hostileDealRows(utc('2025-01-01'), utc('2024-06-01'))],
    Stages: stagesToTable(DEFAULT_CONFIG),
    'Stage history': history,
  });
});

describe('report --out, --csv', () => {
  it('writes no formula made of user text in any sheet of the .xlsx report, Facts included', async () => {
    const out = join(dir, 'report.xlsx');
    expect((await cli(['report', workbook, '--out', out, '--as-of', '2026-11-23', '--runs', '50'])).code).toBe(0);
    expect(fromUser(await formulasIn(out))).toEqual([]);
    // The payloads are there, as text: the deal names (Stale sheet) and the IDs (Facts).
    const texts = await textsIn(out);
    expect(texts.has(FORMULA_PAYLOADS[0])).toBe(true);
    expect(texts.has('=ID0')).toBe(true);
  }, 60_000);

  it("puts OWASP's apostrophe before every formula-like field of every .csv", async () => {
    const out = join(dir, 'csv');
    expect((await cli(['report', workbook, '--csv', out, '--as-of', '2026-11-23', '--runs', '50'])).code).toBe(0);
    let checked = 0;
    for (const name of readdirSync(out)) {
      const rows = parse(readFileSync(join(out, name), 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
      for (const field of rows.flat()) {
        // A number such as -1200 is written as a number and may lead with "-"; text may not.
        if (formulaLike(field) && !Number.isFinite(Number(field))) throw new Error(`${name}: ${JSON.stringify(field)}`);
        if (field.startsWith("'") && formulaLike(field.slice(1))) checked++;
      }
    }
    // At least the eight payload names and the eight "=ID…" deal IDs went through the guard.
    expect(checked).toBeGreaterThanOrEqual(16);
  }, 60_000);
});

describe('snapshot', () => {
  it('appends Snapshots rows whose IDs, owners and stages stay text', async () => {
    const out = join(dir, 'snap.xlsx');
    expect((await cli(['snapshot', workbook, '--out', out, '--as-of', '2026-11-23'])).code).toBe(0);
    expect(fromUser(await formulasIn(out))).toEqual([]);
    expect((await textsIn(out)).has('=ID0')).toBe(true);
  }, 60_000);
});

describe('template and demo', () => {
  it('writes stage names and owners from the user as text; only the Dashboard and rules hold formulas', async () => {
    const stagesFile = await writeXlsx(join(dir, 'stages.xlsx'), {
      Stages: stagesToTable({
        ...DEFAULT_CONFIG,
        stages: DEFAULT_CONFIG.stages.map((s, i) =>
          i === 1 ? { ...s, name: '=HYPERLINK("http://evil","x")' } : i === 2 ? { ...s, name: '+1+1' } : s,
        ),
      }),
    });
    const out = join(dir, 'template.xlsx');
    const result = await cli(['template', out, '--stages', stagesFile, '--owners', '@SUM(A1)@x.com,-2+3@x.com']);
    expect(result.code, result.err).toBe(0);
    expect(fromUser(await formulasIn(out))).toEqual([]);
    const texts = await textsIn(out);
    expect(texts.has('=HYPERLINK("http://evil","x")')).toBe(true);

    const demo = join(dir, 'demo.xlsx');
    expect((await cli(['demo', '--file', demo, '--as-of', '2026-11-23'], { cwd: dir })).code).toBe(0);
    expect(fromUser(await formulasIn(demo))).toEqual([]);
  }, 60_000);
});

describe('the Sheets add-in (built bundle)', () => {
  beforeAll(() => buildOnce());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  const formulas = (sheet: FakeSheet) => [...sheet.formulas.values()];

  it('the fake reads "=…" written by setValues as a formula (so the checks below can fail)', () => {
    const { world } = pipelineWorld();
    world.spreadsheet
      .sheet('Scratch')
      .getRange(1, 1)
      .setValues([['=1+1']]);
    expect(formulas(world.spreadsheet.sheet('Scratch'))).toEqual(['=1+1']);
  });

  it('the fake stores a written "\'=…" as the text "=…", apostrophe hidden as Sheets does', () => {
    const { world } = pipelineWorld();
    const scratch = world.spreadsheet.sheet('Scratch');
    scratch.getRange(1, 1, 1, 2).setValues([["'=1+1", "''quoted"]]);
    expect(formulas(scratch)).toEqual([]);
    expect(scratch.getRange(1, 1, 1, 2).getValues()).toEqual([['=1+1', "'quoted"]]);
  });

  // The owners and statuses go through escapeCellText (src/sheets/workbook.ts escapeCellTexts).
  it('logs a formula-like owner in the Alerts log as text', () => {
    const { world, gas } = hostileSheetsWorld();
    gas.sendDailyDigests(clockEvent());
    expect(world.spreadsheet.sheet('Alerts log').dump().length).toBeGreaterThan(1);
    expect(formulas(world.spreadsheet.sheet('Alerts log'))).toEqual([]);
    // Deal 10's owner is HOSTILE_OWNERS[7] (3 valid owners come first): logged as invalid, read back as
    // text, as typed (owners keep their case).
    const owners = world.spreadsheet
      .sheet('Alerts log')
      .dump()
      .map((row) => row[1]);
    expect(owners).toContain('=HYPERLINK("http://evil","x")');
  });

  it('writes formula-like deal IDs to Snapshots as text', () => {
    const { world, gas } = hostileSheetsWorld();
    gas.takeWeeklySnapshot(clockEvent());
    expect(world.spreadsheet.sheet('Snapshots').dump().length).toBeGreaterThan(1);
    expect(formulas(world.spreadsheet.sheet('Snapshots'))).toEqual([]);
    // Deal 0 ("=ID0", Proposal) is open, so it is in the snapshot, read back without the apostrophe.
    expect(world.spreadsheet.sheet('Snapshots').dump().flat()).toContain('=ID0');
  });

  // A put-back restores what the cell held: text (even "=…") as text, a number as a number.
  const deleteStages = (world: ReturnType<typeof pipelineWorld>['world']) =>
    world.spreadsheet.sheets.splice(world.spreadsheet.sheets.indexOf(world.spreadsheet.sheet('Stages')), 1);

  it('puts back a stage cell that held "=Qualified" as that text, not a formula (single edit, Stages missing)', () => {
    const { world, gas } = pipelineWorld();
    deleteStages(world);
    const deals = world.spreadsheet.sheet('Deals');
    deals.cells.set(`2,${COL.stage}`, '=Qualified'); // typed with an apostrophe, so stored as text
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    expect(deals.cell(2, COL.stage)).toBe('=Qualified');
    expect(formulas(deals)).toEqual([]);
  });

  it('puts a paste back to the History stage "=Won" as text (Stages missing)', () => {
    const { world, gas } = pipelineWorld();
    deleteStages(world);
    const history = world.spreadsheet.sheet('History');
    history.load([[sheetDate(2026, 11, 1, TZ, 10), 'D1', 'Qualified', 'Won', 1000, '', 1, 'ann@example.com', 'edit']], 10);
    history.cells.set('10,4', '=Won'); // D1's latest move, to a stage the team named "=Won", held as text
    const deals = world.spreadsheet.sheet('Deals');
    // Rows 2-3 (D1, D2) go back to History's stages; D2's last move is to Contacted.
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Lead'], [-5]]));
    expect([deals.cell(2, COL.stage), deals.cell(3, COL.stage)]).toEqual(['=Won', 'Contacted']);
    expect(formulas(deals)).toEqual([]);
  });

  it('leaves a pasted number a number when its deal has no History to go back to', () => {
    const { world, gas } = pipelineWorld();
    deleteStages(world);
    const deals = world.spreadsheet.sheet('Deals');
    deals.load([['D5', 'Epsilon', 'Eps', 'ann@example.com', 'Lead']], 6);
    // D4 (row 5) has History (Lead); D5 (row 6) has none, so its pasted -5 stays, as the number it was.
    gas.onEdit(userEdit(world, deals, 5, COL.stage, [['Won'], [-5]]));
    expect([deals.cell(5, COL.stage), deals.cell(6, COL.stage)]).toEqual(['Lead', -5]);
  });

  it('logs a formula-like deal ID in History as text when its stage is edited', () => {
    const { world, gas } = hostileSheetsWorld();
    const deals = world.spreadsheet.sheet('Deals');
    // Row 2 holds "=ID0" in Proposal (stage column 5); Negotiation is the next stage.
    deals.put(2, 5, 'Negotiation');
    gas.onEdit({
      range: deals.getRange(2, 5),
      source: world.spreadsheet,
      value: 'Negotiation',
      oldValue: 'Proposal',
      user: { getEmail: () => 'ann@example.com' },
      authMode: 'LIMITED',
      triggerUid: '',
    });
    expect(world.spreadsheet.sheet('History').dump().length).toBeGreaterThan(9);
    expect(formulas(world.spreadsheet.sheet('History'))).toEqual([]);
    // The row read back holds the user's text: ID "=ID0", Proposal → Negotiation, by ann.
    const last = world.spreadsheet.sheet('History').dump().at(-1)!;
    const at = (name: string) => last[HISTORY_HEADERS.indexOf(name as (typeof HISTORY_HEADERS)[number])];
    expect([at('Deal ID'), at('From stage'), at('To stage')]).toEqual(['=ID0', 'Proposal', 'Negotiation']);
  });
});
