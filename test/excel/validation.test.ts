// The Deals onChanged handler against office-addin-mock (through test/fakes/office):
// valid edits stamped and logged, invalid ones reverted with a reason, pastes read
// back from the sheet, events off during the add-in's own writes.
process.env.TZ = 'Asia/Ho_Chi_Minh';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { validateStageEdit } from '../../excel-addin/src/validation';
import { listenPane, resetPaneMessages, type PaneMessage } from '../../excel-addin/src/pane-messages';
import { ownWrites } from '../../excel-addin/src/workbook';
import { COL, NOW, NOW_SERIAL, dealsSheet, historySheet, stagesSheet } from './fixtures';

let fake: FakeExcel;
let pane: PaneMessage[];

beforeEach(() => {
  fake = new FakeExcel({ Stages: stagesSheet(), Deals: dealsSheet(), 'Stage history': historySheet() });
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  resetPaneMessages();
  ownWrites.recent.clear();
  pane = [];
  listenPane((message) => pane.push(message));
});
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe('a single Stage edit', () => {
  it('accepts Qualified → Contacted: stamps Stage changed and appends to Stage history, all with events off', async () => {
    const event = fake.edit('Deals', 1, COL.stage, [['Contacted']]);
    const outcome = await validateStageEdit(event, NOW);
    expect(outcome.accepted).toEqual([{ row: 2, dealId: 'D-1', from: 'Qualified', to: 'Contacted' }]);
    // 16:30 local wall clock on 2026-11-23 = 46349 + 16.5/24 (see fixtures).
    expect(fake.cell('Deals', 1, COL.stageChanged)).toBeCloseTo(NOW_SERIAL, 9);
    // Stage history row 5: the move, amount 1000, close 46371, Contacted's 30%.
    const history = fake.sheets.get('Stage history')!;
    expect(history).toHaveLength(5);
    expect(history[4].slice(1)).toEqual(['D-1', 'Qualified', 'Contacted', 1000, 46371, 0.3, '', 'edit']);
    expect(history[4][0]).toBeCloseTo(NOW_SERIAL, 9);
    expect(fake.writes.length).toBeGreaterThan(0);
    expect(fake.writes.every((w) => !w.eventsEnabled)).toBe(true);
    expect(fake.eventsEnabled).toBe(true);
    expect(pane.some((m) => m.kind === 'status' && m.text === 'Recorded in Stage history: D-1: Qualified → Contacted')).toBe(true);
    expect(fake.sheets.has('History')).toBe(false);
  });

  it('reverts a skip (Qualified → Proposal) and tells the task pane why', async () => {
    const event = fake.edit('Deals', 1, COL.stage, [['Proposal']]);
    const outcome = await validateStageEdit(event, NOW);
    expect(outcome.accepted).toEqual([]);
    expect(fake.cell('Deals', 1, COL.stage)).toBe('Qualified');
    expect(fake.cell('Deals', 1, COL.stageChanged)).toBe(46296);
    expect(fake.sheets.get('Stage history')).toHaveLength(4);
    expect(outcome.reverted).toHaveLength(1);
    expect(outcome.reverted[0]).toMatchObject({ sheet: 'Deals', address: 'D2', row: 2, column: 'Stage' });
    expect(outcome.reverted[0].message).toContain('move to "Contacted" first');
    const findings = pane.find((m) => m.kind === 'findings');
    expect(findings && findings.kind === 'findings' ? findings.findings[0].address : '').toBe('D2');
    expect(fake.writes.every((w) => !w.eventsEnabled)).toBe(true);
  });

  it('ignores the echo of its own revert, and a co-author’s change', async () => {
    await validateStageEdit(fake.edit('Deals', 1, COL.stage, [['Proposal']]), NOW);
    const runs = fake.runs;
    // Had events stayed on, Excel would report the revert of D2 (back to Qualified) as a change.
    const echo = await validateStageEdit(
      { address: 'D2', source: 'Local', changeType: 'RangeEdited', details: { valueBefore: 'Proposal', valueAfter: 'Qualified' } },
      NOW,
    );
    expect(echo.skipped).toBe("the add-in's own write");
    const remote = await validateStageEdit({ address: 'D3', source: 'Remote', changeType: 'RangeEdited' }, NOW);
    expect(remote.skipped).toContain('co-author');
    expect(fake.runs).toBe(runs);
  });

  it('still checks a user edit of a cell it has just reverted', async () => {
    await validateStageEdit(fake.edit('Deals', 1, COL.stage, [['Proposal']]), NOW);
    const again = await validateStageEdit(fake.edit('Deals', 1, COL.stage, [['Negotiation']]), NOW);
    expect(again.reverted.map((f) => f.address)).toEqual(['D2']);
    expect(fake.cell('Deals', 1, COL.stage)).toBe('Qualified');
  });

  it('needs a reason to move back, and takes it from the Move reason column', async () => {
    const refused = await validateStageEdit(fake.edit('Deals', 2, COL.stage, [['Qualified']]), NOW);
    expect(refused.reverted[0].message).toContain('needs a reason');
    expect(fake.cell('Deals', 2, COL.stage)).toBe('Contacted');
    fake.edit('Deals', 2, COL.moveReason, [['customer paused']]);
    const accepted = await validateStageEdit(fake.edit('Deals', 2, COL.stage, [['Qualified']]), NOW);
    expect(accepted.accepted).toEqual([{ row: 3, dealId: 'D-2', from: 'Contacted', to: 'Qualified' }]);
  });

  it('does nothing when a cell outside Stage changes', async () => {
    const outcome = await validateStageEdit(fake.edit('Deals', 1, COL.amount, [[2000]]), NOW);
    expect(outcome.skipped).toBe('no Stage cell changed');
    expect(fake.writes).toEqual([]);
  });

  it('reads the workbook in two syncs and writes in two (the write, then events back on)', async () => {
    await validateStageEdit(fake.edit('Deals', 1, COL.stage, [['Contacted']]), NOW);
    // 1: which sheets exist; 2: their used ranges; 3: the writes; 4: enableEvents = true in finally.
    expect(fake.syncs).toBe(4);
  });
});

describe('a paste over many Stage cells', () => {
  it('reads the new stages back from the sheet and takes each old stage from Stage history', async () => {
    // D-1 Qualified → Contacted (ok), D-2 Contacted → Meeting/Demo (ok, has Amount), D-3 Lead → Negotiation (a skip).
    const event = fake.edit('Deals', 1, COL.stage, [['Contacted'], ['Meeting/Demo'], ['Negotiation']]);
    expect(event.details).toBeUndefined();
    const outcome = await validateStageEdit(event, NOW);
    expect(outcome.accepted.map((m) => `${m.dealId}:${m.from}>${m.to}`)).toEqual(['D-1:Qualified>Contacted', 'D-2:Contacted>Meeting/Demo']);
    expect(outcome.reverted.map((f) => f.address)).toEqual(['D4']);
    expect([1, 2, 3].map((r) => fake.cell('Deals', r, COL.stage))).toEqual(['Contacted', 'Meeting/Demo', 'Lead']);
    // One block per column: only D4 goes back to Lead; Stage changed G2:G3 is stamped for the two valid moves.
    const stageWrite = fake.writes.find((w) => w.sheet === 'Deals' && w.kind === 'values' && w.column === COL.stage)!;
    expect([stageWrite.row, stageWrite.data]).toEqual([3, [['Lead']]]);
    const stampWrite = fake.writes.find((w) => w.sheet === 'Deals' && w.kind === 'values' && w.column === COL.stageChanged)!;
    expect([stampWrite.row, stampWrite.data.length]).toEqual([1, 2]);
    expect(fake.cell('Deals', 3, COL.stageChanged)).toBe(46296);
    expect(
      fake.sheets
        .get('Stage history')!
        .slice(4)
        .map((row) => row.slice(1, 4)),
    ).toEqual([
      ['D-1', 'Qualified', 'Contacted'],
      ['D-2', 'Contacted', 'Meeting/Demo'],
    ]);
    expect(fake.writes.filter((w) => w.sheet === 'Stage history' && w.kind === 'values')).toHaveLength(1);
  });
});

describe('a workbook that carries a "History" sheet (made in Google Sheets or LibreOffice)', () => {
  it('takes the old stages of a paste from History and appends the moves there, creating no Stage history', async () => {
    // The constructor takes any name, as a converted .xlsx would arrive; worksheets.add('History') would fail.
    fake = new FakeExcel({ Stages: stagesSheet(), Deals: dealsSheet(), History: historySheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    // A paste has no valueBefore: D-1 was in Qualified and D-2 in Contacted only according to History.
    const outcome = await validateStageEdit(fake.edit('Deals', 1, COL.stage, [['Contacted'], ['Meeting/Demo']]), NOW);
    expect(outcome.accepted.map((m) => `${m.dealId}:${m.from}>${m.to}`)).toEqual(['D-1:Qualified>Contacted', 'D-2:Contacted>Meeting/Demo']);
    // The fixture's 4 rows (header + 3 moves), then the two new moves as rows 5 and 6.
    expect(
      fake.sheets
        .get('History')!
        .slice(4)
        .map((row) => row.slice(1, 4)),
    ).toEqual([
      ['D-1', 'Qualified', 'Contacted'],
      ['D-2', 'Contacted', 'Meeting/Demo'],
    ]);
    expect(fake.sheets.has('Stage history')).toBe(false);
    expect(pane.some((m) => m.kind === 'status' && m.text.startsWith('Recorded in History: '))).toBe(true);
  });

  it('prefers Stage history when both sheets are there', async () => {
    // History claims D-1 and D-2 are still in Lead: read from it, the paste below would be two skips.
    const stale: Cell[][] = [
      historySheet()[0],
      [46296, 'D-1', '', 'Lead', '', '', 0.1, '', 'import'],
      [46296, 'D-2', '', 'Lead', '', '', 0.1, '', 'import'],
    ];
    fake = new FakeExcel({ Stages: stagesSheet(), Deals: dealsSheet(), History: stale, 'Stage history': historySheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    const outcome = await validateStageEdit(fake.edit('Deals', 1, COL.stage, [['Contacted'], ['Meeting/Demo']]), NOW);
    expect(outcome.reverted).toEqual([]);
    expect(outcome.accepted.map((m) => m.from)).toEqual(['Qualified', 'Contacted']);
    expect(fake.sheets.get('Stage history')).toHaveLength(6);
    expect(fake.sheets.get('History')).toEqual(stale);
  });
});

describe('a Stage edit in a workbook whose Stages sheet is missing', () => {
  // The team's own stages were deleted with the sheet: by the default stages Qualified → Proposal is a skip,
  // Lead → Qualified is fine. Neither may be judged; both are put back, as the Google Sheets add-on does.
  const MISSING = 'The "Stages" sheet is missing (deleted or renamed). Rename it back, or press Pipeline → Set up workbook to create it.';
  beforeEach(() => {
    fake = new FakeExcel({ Deals: dealsSheet(), 'Stage history': historySheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
  });

  it('puts a typed stage back to the one before, logs nothing, and says how to bring Stages back', async () => {
    const outcome = await validateStageEdit(fake.edit('Deals', 3, COL.stage, [['Qualified']]), NOW);
    expect(outcome.accepted).toEqual([]);
    expect(fake.cell('Deals', 3, COL.stage)).toBe('Lead');
    expect(fake.cell('Deals', 3, COL.stageChanged)).toBe(46296);
    expect(fake.sheets.get('Stage history')).toHaveLength(4);
    expect(outcome.reverted.map((f) => [f.address, f.message])).toEqual([
      // The workflow's words, shared with Sheets: "run Pipeline → Set up workbook".
      [
        'D4',
        `${MISSING.replace('press', 'run')} The stage of D-3 was put back to "Lead", since the change cannot be checked or ` +
          `written to Stage history without it.`,
      ],
    ]);
    expect(fake.writes.every((w) => !w.eventsEnabled)).toBe(true);
  });

  it('puts a paste back row by row from Stage history, and leaves a row whose old stage is unknown as typed', async () => {
    // D-4 is new and has no Stage history row.
    fake.sheets.get('Deals')!.push(['D-4', 'Delta', 'ann@example.com', '', '', '', '', '']);
    const outcome = await validateStageEdit(
      fake.edit('Deals', 1, COL.stage, [['Proposal'], ['Meeting/Demo'], ['Qualified'], ['Lead']]),
      NOW,
    );
    expect(outcome.accepted).toEqual([]);
    expect([1, 2, 3, 4].map((r) => fake.cell('Deals', r, COL.stage))).toEqual(['Qualified', 'Contacted', 'Lead', 'Lead']);
    expect(outcome.reverted.map((f) => f.address)).toEqual(['D2', 'D3', 'D4', 'D5']);
    expect(outcome.reverted[3].message).toContain(
      'D-4 was left as typed, since there is no earlier stage to put back (no move of D-4 in Stage history)',
    );
    expect(fake.sheets.get('Stage history')).toHaveLength(4);
  });
});

describe('the Office fake itself', () => {
  it('fails on a property read without load(), and on one loaded but not synced', async () => {
    await expect(fake.run(async (context) => context.workbook.worksheets.getItem('Deals').getUsedRange().values)).rejects.toThrow(
      /PropertyNotLoaded.*not loaded/,
    );
    await expect(
      fake.run(async (context) => {
        const range = context.workbook.worksheets.getItem('Deals').getUsedRange();
        range.load('values');
        return range.values;
      }),
    ).rejects.toThrow(/PropertyNotLoaded.*sync/);
    const values = await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Deals').getUsedRange();
      range.load('values');
      await context.sync();
      return range.values;
    });
    expect(values[1][0]).toBe('D-1');
  });

  it('refuses worksheets.add("History") in any case, as Excel does, failing at sync with InvalidArgument', async () => {
    for (const name of ['History', 'history', 'HISTORY']) {
      await expect(
        fake.run(async (context) => {
          const sheet = context.workbook.worksheets.add(name);
          sheet.getRangeByIndexes(0, 0, 1, 1).values = [['Timestamp']];
          await context.sync();
        }),
      ).rejects.toMatchObject({ code: 'InvalidArgument', debugInfo: { errorLocation: 'WorksheetCollection.add' } });
    }
    expect(fake.sheetName('history')).toBeUndefined();
    expect(fake.writes).toEqual([]);
  });

  it('refuses the other names Excel refuses, and a name already taken in another case', async () => {
    const add = (name: string) =>
      fake.run(async (context) => {
        context.workbook.worksheets.add(name);
        await context.sync();
        return name;
      });
    const refused = ['x'.repeat(32), 'a:b', 'a\\b', 'a/b', 'a?b', 'a*b', 'a[b', 'a]b', "'quoted", "quoted'", ''];
    for (const name of refused) await expect(add(name), name).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(add('stage HISTORY')).rejects.toMatchObject({ code: 'ItemAlreadyExists' });
    // 31 characters, an apostrophe inside, and "History" inside a longer name are all fine.
    for (const name of ['x'.repeat(31), "Ann's deals", 'Stage history 2']) await expect(add(name)).resolves.toBe(name);
    expect([...fake.sheets.keys()]).toEqual(['Stages', 'Deals', 'Stage history', 'x'.repeat(31), "Ann's deals", 'Stage history 2']);
  });

  it('applies the operations queued before a refused add() and drops the rest of the batch', async () => {
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.add('Before').getRangeByIndexes(0, 0, 1, 1).values = [['kept']];
        context.workbook.worksheets.add('History');
        context.workbook.worksheets.add('After').getRangeByIndexes(0, 0, 1, 1).values = [['dropped']];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(fake.sheets.get('Before')).toEqual([['kept']]);
    expect(fake.sheets.has('After')).toBe(false);
  });

  it('finds sheets ignoring case, as Excel does', async () => {
    const values = await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('STAGE HISTORY').getUsedRange();
      range.load('values');
      await context.sync();
      return range.values;
    });
    expect(values[1][1]).toBe('D-1');
  });
});
