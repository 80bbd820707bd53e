/**
 * "Set up workbook", written once in src/workflows/set-up.ts, run through both
 * add-ins' fakes: an empty workbook gets Stages, Deals, the stage log (History in
 * Sheets, "Stage history" in Excel, the profile's one difference) and Dashboard; a
 * workbook that has some of them keeps every cell of those, gets only the rest, and a
 * second run creates nothing.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import { EXCEL_DASHBOARD, SHEETS_DASHBOARD } from '../../src/workflows/dashboard';
import { planSetUp } from '../../src/workflows/set-up';
import { setUpWorkbook } from '../../excel-addin/src/setup';
import { forgetDealsWatch } from '../../excel-addin/src/validation';
import { createGas, loadBundle } from '../fakes/gas';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { buildOnce } from '../sheets/world';

/** What a run leaves: the sheets (sorted), and the rows of each, as plain values. */
interface Outcome {
  readonly created: readonly string[];
  readonly sheets: readonly string[];
  readonly rows: (sheet: string) => unknown[][];
}

/** The sheets a team already has: a Stages sheet of its own (one custom stage) and a Dashboard with a note. */
const OWN_STAGES: Cell[][] = [
  ['Stage', 'Order', 'Probability', 'Rotting days', 'Forecast category', 'Outcome', 'Required fields', 'Allowed next'],
  ['Intro call', 1, 0.05, 7, 'Pipeline', 'open', '', ''],
  ['Signed', 2, 1, '', 'Closed', 'won', '', ''],
];
const OWN_DASHBOARD: Cell[][] = [['Our own summary'], ['=1+1']];

function inSheets(existing: Record<string, Cell[][]>): Outcome {
  const world = createGas();
  for (const [name, rows] of Object.entries(existing)) world.spreadsheet.sheet(name).load(rows);
  const gas = loadBundle(world);
  const before = new Set(world.spreadsheet.sheets.map((s) => s.name));
  gas.menuSetUpWorkbook();
  const created = world.spreadsheet.sheets.map((s) => s.name).filter((name) => !before.has(name));
  return {
    created,
    sheets: world.spreadsheet.sheets.map((s) => s.name).sort(),
    rows: (name) => {
      const sheet = world.spreadsheet.sheet(name);
      return sheet.dump().map((row, r) => row.map((cell, c) => sheet.formulas.get(`${r + 1},${c + 1}`) ?? cell));
    },
  };
}

async function inExcel(existing: Record<string, Cell[][]>): Promise<Outcome & { readonly again: readonly string[] }> {
  const fake = new FakeExcel(existing);
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  forgetDealsWatch();
  const created = [...(await setUpWorkbook())];
  const again = [...(await setUpWorkbook())];
  return { created, again, sheets: [...fake.sheets.keys()].sort(), rows: (sheet) => (fake.sheets.get(sheet) ?? []).map((row) => [...row]) };
}

beforeAll(() => buildOnce());
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe('set up an empty workbook', () => {
  it('creates Stages, Deals, the stage log and Dashboard, in that order, on both platforms', async () => {
    const sheets = inSheets({});
    const excel = await inExcel({});
    expect(sheets.created).toEqual(['Stages', 'Deals', 'History', 'Dashboard']);
    expect(excel.created).toEqual(['Stages', 'Deals', 'Stage history', 'Dashboard']);
    for (const platform of [sheets, excel]) {
      // 8 default stages under the header, then the rules block (stagesToTable).
      expect(
        platform
          .rows('Stages')
          .slice(0, 9)
          .map((row) => row[0]),
      ).toEqual(['Stage', 'Lead', 'Qualified', 'Contacted', 'Meeting/Demo', 'Proposal', 'Negotiation', 'Won', 'Lost']);
      expect(platform.rows('Deals')[0].slice(0, 5)).toEqual(['Deal ID', 'Deal', 'Account', 'Owner', 'Stage']);
      // 17 core columns + Move reason.
      expect(platform.rows('Deals')[0]).toHaveLength(18);
    }
    expect(sheets.rows('History')[0]).toEqual(excel.rows('Stage history')[0]);
    expect(excel.again).toEqual([]);
  });
});

describe('set up a workbook that has some sheets', () => {
  it('leaves the existing Stages and Dashboard cell for cell, and creates only the rest', async () => {
    const existing = { Stages: OWN_STAGES, Dashboard: OWN_DASHBOARD };
    const sheets = inSheets(existing);
    const excel = await inExcel(existing);
    expect(sheets.created).toEqual(['Deals', 'History']);
    expect(excel.created).toEqual(['Deals', 'Stage history']);
    for (const platform of [sheets, excel]) {
      expect(platform.rows('Stages')).toEqual(OWN_STAGES);
      expect(platform.rows('Dashboard')).toEqual(OWN_DASHBOARD);
    }
  });
});

describe('the plan', () => {
  it('names a Sheets History and an Excel Stage history from the profile, and nothing else differs', () => {
    const input = {
      exists: { stages: false, deals: false, history: false, dashboard: true },
      dealsHeader: null,
      dealsEmpty: true,
      config: DEFAULT_CONFIG,
    };
    const sheets = planSetUp(input, { historySheet: 'History', changedBy: '', language: 'en', formulas: SHEETS_DASHBOARD });
    const excel = planSetUp(input, { historySheet: 'Stage history', changedBy: '', language: 'en', formulas: EXCEL_DASHBOARD });
    expect(sheets.newSheets.map((s) => s.name)).toEqual(['Stages', 'Deals', 'History']);
    expect(excel.newSheets.map((s) => s.name)).toEqual(['Stages', 'Deals', 'Stage history']);
    expect(excel.newSheets[0]).toEqual(sheets.newSheets[0]);
    expect(sheets.newSheets[0].rows).toEqual(stagesToTable(DEFAULT_CONFIG));
  });

  it('adds only the tool columns an existing Deals header lacks, after its last column', () => {
    const header = [
      'Deal ID',
      'Deal',
      'Account',
      'Owner',
      'Stage',
      'Amount',
      'Currency',
      'Probability',
      'Forecast category',
      'Created',
      'Expected close',
      'Closed on',
      'Next step',
      'Next step date',
      'Stage changed',
      'Lost reason',
      'Region',
    ];
    const plan = planSetUp(
      {
        exists: { stages: true, deals: true, history: true, dashboard: true },
        dealsHeader: header,
        dealsEmpty: false,
        config: DEFAULT_CONFIG,
      },
      { historySheet: 'History', changedBy: '', language: 'en' },
    );
    // 17 columns (Region is the team's own): Snooze until and Move reason go to columns 18 and 19.
    expect(plan.dealsHeaderAppend).toEqual({ column: 18, headers: ['Snooze until', 'Move reason'] });
    expect(plan.newSheets).toEqual([]);
    expect(plan.stageDropdown?.stageColumn).toBe(5);
    // The highlight reads Stage (E) and Stage changed (O), and reaches Stages through INDIRECT.
    const rottingDays = 'VLOOKUP($E2,INDIRECT("Stages!$A:$D"),4,FALSE)';
    expect(plan.rottingHighlight?.formula).toBe(`=AND($E2<>"",ISNUMBER($O2),ISNUMBER(${rottingDays}),TODAY()-$O2>${rottingDays})`);
  });
});
