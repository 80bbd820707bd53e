// The task pane's and ribbon's actions against the strict Office fake: moving a deal
// (with the fields its new stage needs), validating every deal, stale deals per
// owner with a mailto: link, and setting up an empty workbook.
process.env.TZ = 'Asia/Ho_Chi_Minh';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExcel } from '../fakes/office/excel';
import {
  MAILTO_LINK_LIMIT,
  mailtoLink,
  moveDeal,
  moveFormFor,
  setUpWorkbook,
  readPaneState,
  staleByOwner,
  validateAll,
} from '../../excel-addin/src/actions';
import { ownWrites } from '../../excel-addin/src/workbook';
import { listenPane, resetPaneMessages, type PaneMessage } from '../../excel-addin/src/pane-messages';
import { forgetDealsWatch } from '../../excel-addin/src/validation';
import { DEFAULT_CONFIG, readDeals } from '../../src/core/index';
import { COL, NOW, NOW_SERIAL, dealsSheet, historySheet, stagesSheet } from './fixtures';

let fake: FakeExcel;
beforeEach(() => {
  fake = new FakeExcel({ Stages: stagesSheet(), Deals: dealsSheet(), 'Stage history': historySheet() });
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  ownWrites.recent.clear();
  forgetDealsWatch();
});
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe('moving a deal from the task pane', () => {
  it('offers the next stage, Lost, and a step back; and asks for the fields they need', async () => {
    const form = (await moveFormFor({ dealId: 'D-2', row: 3 }, NOW))!;
    // D-2 is in Contacted: forward only to Meeting/Demo (no skipping), back to Lead/Qualified, or Lost.
    expect(form.options.map((o) => o.stage)).toEqual(['Lead', 'Qualified', 'Meeting/Demo', 'Lost']);
    expect(form.options.find((o) => o.stage === 'Lost')!.missing.map((m) => m.label)).toEqual(['Lost reason']);
    expect(form.options.find((o) => o.stage === 'Qualified')!.needsReason).toBe(true);
  });

  it('refuses a move whose required field is left blank, and writes nothing', async () => {
    // D-1 to Contacted is fine; D-3 (Lead, no amount) to Qualified needs only Owner, which it has:
    // so take D-2 (Contacted, no Expected close) to Meeting/Demo then Proposal without a date.
    const first = await moveDeal({ dealId: 'D-2', row: 3, to: 'Meeting/Demo', fields: {}, reason: '' }, NOW);
    expect(first).toEqual({ ok: true, reasons: [] });
    const writes = fake.writes.length;
    const refused = await moveDeal({ dealId: 'D-2', row: 3, to: 'Proposal', fields: { expectedClose: '' }, reason: '' }, NOW);
    expect(refused.ok).toBe(false);
    expect(refused.reasons).toEqual(['"Proposal" needs Expected close: fill it in first.']);
    expect(fake.writes.length).toBe(writes);
  });

  it('writes the typed field, the stage, the stamp and the Stage history row in one go, events off', async () => {
    await moveDeal({ dealId: 'D-2', row: 3, to: 'Meeting/Demo', fields: {}, reason: '' }, NOW);
    const result = await moveDeal({ dealId: 'D-2', row: 3, to: 'Proposal', fields: { expectedClose: '2026-12-31' }, reason: '' }, NOW);
    expect(result.ok).toBe(true);
    expect(fake.cell('Deals', 2, COL.stage)).toBe('Proposal');
    // 2026-12-31 = 46387 (46371 is 12-15, plus 16 days).
    expect(fake.cell('Deals', 2, COL.expectedClose)).toBe(46387);
    expect(fake.cell('Deals', 2, COL.stageChanged)).toBeCloseTo(NOW_SERIAL, 9);
    const last = fake.sheets.get('Stage history')!.at(-1)!;
    expect(last.slice(1)).toEqual(['D-2', 'Meeting/Demo', 'Proposal', 5000, 46387, 0.6, '', 'menu']);
    expect(fake.writes.every((w) => !w.eventsEnabled)).toBe(true);
  });

  it('says which text cannot be read as a date', async () => {
    await moveDeal({ dealId: 'D-2', row: 3, to: 'Meeting/Demo', fields: {}, reason: '' }, NOW);
    const result = await moveDeal({ dealId: 'D-2', row: 3, to: 'Proposal', fields: { expectedClose: 'next week' }, reason: '' }, NOW);
    expect(result.reasons[0]).toBe('Expected close: "next week" is not a date; type it as 2026-11-23.');
  });
});

describe('a move after the user sorted the sheet', () => {
  /** The user sorts Deals by Deal name, Z to A, while the pane is open: Gamma (D-3), Beta (D-2), Acme (D-1). */
  function sortByNameDescending(): void {
    const [header, ...rows] = fake.sheets.get('Deals')!;
    rows.sort((a, b) => String(b[COL.name]).localeCompare(String(a[COL.name])));
    fake.sheets.set('Deals', [header, ...rows]);
  }

  it('moves the deal the user picked, on the row it is on now, and leaves the deal now on the old row alone', async () => {
    // The pane listed D-1 on row 2.
    const listed = (await readPaneState()).deals.find((d) => d.id === 'D-1')!;
    expect(listed.row).toBe(2);
    sortByNameDescending();
    expect(fake.cell('Deals', 1, COL.id)).toBe('D-3');
    const result = await moveDeal({ dealId: listed.id, row: listed.row, to: 'Contacted', fields: {}, reason: '' }, NOW);
    expect(result).toEqual({ ok: true, reasons: [] });
    // D-1 is on row 4 now (sheet row index 3): Qualified → Contacted. D-3 on row 2 is still Lead, its stamp untouched.
    expect([fake.cell('Deals', 3, COL.id), fake.cell('Deals', 3, COL.stage)]).toEqual(['D-1', 'Contacted']);
    expect([fake.cell('Deals', 1, COL.id), fake.cell('Deals', 1, COL.stage), fake.cell('Deals', 1, COL.stageChanged)]).toEqual([
      'D-3',
      'Lead',
      46296,
    ]);
    expect(fake.sheets.get('Stage history')!.at(-1)!.slice(1, 4)).toEqual(['D-1', 'Qualified', 'Contacted']);
  });

  it('builds the move form for the picked deal, not for the deal now on its old row', async () => {
    sortByNameDescending();
    // D-2 (Contacted) was listed on row 3 and still is; D-1 (Qualified) was on row 2, where D-3 (Lead) is now.
    const form = (await moveFormFor({ dealId: 'D-1', row: 2 }, NOW))!;
    expect(form.deal).toMatchObject({ id: 'D-1', row: 4, stage: 'Qualified' });
  });

  it('refuses, and writes nothing, when the deal is gone, when its ID is on two rows, or when it has no ID', async () => {
    const gone = await moveDeal({ dealId: 'D-9', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW);
    expect(gone.reasons).toEqual([
      'Deal D-9 is no longer on the Deals sheet (deleted, or its Deal ID changed); nothing was moved. Pick the deal again from the list.',
    ]);
    fake.sheets.get('Deals')![3][COL.id] = 'D-1';
    const twice = await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW);
    expect(twice.reasons).toEqual([
      'Deal ID D-1 is on rows 2, 4 of Deals, so the add-in cannot tell which deal to move; give each deal its own ID, then move ' +
        'it. Nothing was moved.',
    ]);
    fake.sheets.get('Deals')![3][COL.id] = '';
    // A deal with no ID is read as "row-4" (core readDeals); a sort would give that name to another deal.
    const blank = await moveDeal({ dealId: 'row-4', row: 4, to: 'Qualified', fields: {}, reason: '' }, NOW);
    expect(blank.reasons[0]).toContain('has no Deal ID');
    expect(fake.writes).toEqual([]);
  });
});

describe('a workbook whose Stages sheet is missing', () => {
  beforeEach(() => {
    fake = new FakeExcel({ Deals: dealsSheet(), 'Stage history': historySheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
  });
  const MISSING = 'The "Stages" sheet is missing (deleted or renamed). Rename it back, or press Pipeline → Set up workbook to create it.';

  it('moves nothing from the task pane, and says how to bring Stages back', async () => {
    // Qualified → Contacted is a valid move by the default stages; without Stages it is not judged at all.
    const result = await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW);
    // The Google Sheets dialog's words for it, on both platforms (the move workflow's stagesMissing).
    expect(result).toEqual({
      ok: false,
      reasons: ['The "Stages" sheet is missing (deleted or renamed). Rename it back, or run Pipeline → Set up workbook to create it.'],
    });
    expect(await moveFormFor({ dealId: 'D-1', row: 2 }, NOW)).toBeNull();
    expect((await readPaneState()).stagesMissing).toBe(MISSING);
    expect(fake.writes).toEqual([]);
  });

  it('does not validate the deals against the default stages, and lists no stale deals', async () => {
    const pane: PaneMessage[] = [];
    resetPaneMessages();
    listenPane((message) => pane.push(message));
    // D-3 sits in Meeting/Demo with no Amount: by the default stages, a finding; without Stages, none is made up.
    fake.edit('Deals', 3, COL.stage, [['Meeting/Demo']]);
    expect(await validateAll()).toEqual([]);
    // The workflow's refusal (src/workflows/validate-all.ts), in the words both add-ins use: "run Pipeline → …".
    expect(pane.find((m) => m.kind === 'findings')).toEqual({
      kind: 'findings',
      title: `Not validated. ${MISSING.replace('press', 'run')}`,
      findings: [],
    });
    expect(await staleByOwner(NOW)).toMatchObject({ owners: [], refused: MISSING });
  });
});

describe('a workbook too large to read in one response on Excel on the web', () => {
  it('is read in blocks of rows, each response under 5 MB, and a move is still written to the right row', async () => {
    // 3,000 more deals with a 2,000-character note each (the user's own column): about 6 MB of Deals values.
    const [header, ...rows] = dealsSheet();
    const many = Array.from({ length: 3000 }, (_, i) => [`M-${i}`, 'Bulk', 'ann@example.com', 'Lead', '', '', 46296, '', 'n'.repeat(2000)]);
    fake = new FakeExcel({
      Stages: stagesSheet(),
      Deals: [[...header, 'Notes'], ...rows.map((row) => [...row, '']), ...many],
      'Stage history': historySheet(),
    });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    const result = await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW);
    expect(result).toEqual({ ok: true, reasons: [] });
    expect(fake.cell('Deals', 1, COL.stage)).toBe('Contacted');
    expect(fake.largestPayload.response).toBeLessThanOrEqual(5_000_000);
    // Syncs: sheets exist (1), the whole read refused (2), used-range sizes (3), Stages (4), all of Deals refused (5),
    // its two halves of ~3 MB (6, 7), Stage history (8); then the write (9) and events back on (10).
    expect(fake.syncs).toBe(10);
  });
});

describe('validate all', () => {
  it('lists each problem with the cell to select', async () => {
    fake.edit('Deals', 3, COL.stage, [['Meeting/Demo']]);
    const findings = await validateAll();
    // D-3 now sits in Meeting/Demo without an Amount: column E, row 4.
    expect(findings.map((f) => `${f.sheet}!${f.address}`)).toEqual(['Deals!E4']);
    expect(findings[0].message).toContain('need Amount');
  });
});

describe('stale deals per owner', () => {
  it('lists each owner with stale deals, and carries the digest text in a URL-encoded mailto: link', async () => {
    const { owners, refused } = await staleByOwner(NOW);
    expect(refused).toBe('');
    // Every deal entered its stage on 2026-10-01 (serial 46296), 53 days before 2026-11-23 (31 − 1 + 23 days), past the 14 days of
    // Lead, Qualified and Contacted: both owners are stale, in alphabetical order; Bob has D-2 alone (Contacted, 5,000).
    expect(owners.map((o) => o.owner)).toEqual(['ann@example.com', 'bob@example.com']);
    const subject = '1 deal needs attention — Pipeline (2026-11-23)';
    const text = [
      subject,
      '',
      '1. Beta <pilot>',
      '   Stage: Contacted for 53 days (rotting after 14 days) — No movement',
      '   Amount: 5,000',
      '',
      'To pause alerts for a deal, set a future "Next step date" or "Snooze until".',
    ].join('\n');
    const bob = owners[1];
    expect(bob.mailto).toBe(`mailto:bob%40example.com?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}`);
    expect(decodeURIComponent(bob.mailto.split('&body=')[1])).toContain('Beta <pilot>');
  });

  it('keeps a long link short enough for a mail program, and encodes & and ?', () => {
    const link = mailtoLink('a@b.co', 'S & T?', 'x'.repeat(5000));
    expect(link.startsWith('mailto:a%40b.co?subject=S%20%26%20T%3F&body=')).toBe(true);
    // The head is 44 characters; "\n…" encodes to %0A%E2%80%A6 (12); 1800 − 44 − 12 = 1744 x's fit, cut by characters (one line).
    expect(link).toHaveLength(1800);
    expect(decodeURIComponent(link.split('&body=')[1])).toBe(`${'x'.repeat(1744)}\n…`);
  });

  it('caps the encoded link, not the text: a Russian digest stays under the cap, cut at a whole line', () => {
    // 40 lines of "Сделка N: Переговоры, 45 дней" (29 to 30 characters each, ~1,200 characters in all, under 1,800 as text).
    const lines = Array.from({ length: 40 }, (_, i) => `Сделка ${i + 1}: Переговоры, 45 дней`);
    const text = lines.join('\n');
    expect(text.length).toBeLessThan(MAILTO_LINK_LIMIT);
    // Encoded, each of the 20 Cyrillic letters a line is 6 characters (%D0%A1): 40 × 120 = 4,800 from them alone, 5,788 in all.
    expect(encodeURIComponent(text).length).toBe(5788);
    const link = mailtoLink('ivan@example.ru', 'Застоявшиеся сделки', text);
    expect(link.length).toBeLessThanOrEqual(MAILTO_LINK_LIMIT);
    const body = decodeURIComponent(link.split('&body=')[1]);
    expect(body.endsWith('\n…')).toBe(true);
    // Whole lines only: the kept lines are the first lines of the digest, unchanged.
    const kept = body.slice(0, -2).split('\n');
    expect(kept).toEqual(lines.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(3);
  });

  it('leaves a short link whole', () => {
    expect(mailtoLink('a@b.co', 'Hi', 'Сделка 1')).toBe(`mailto:a%40b.co?subject=Hi&body=${encodeURIComponent('Сделка 1')}`);
  });
});

describe('set up workbook', () => {
  it('creates Stages, Deals, Stage history and Dashboard in an empty workbook, and no sheet twice', async () => {
    fake = new FakeExcel({});
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    expect(await setUpWorkbook()).toEqual(['Stages', 'Deals', 'Stage history', 'Dashboard']);
    expect(fake.sheets.get('Deals')![0].slice(0, 5)).toEqual(['Deal ID', 'Deal', 'Account', 'Owner', 'Stage']);
    // Every Deals field once, Move reason last (dealsHeader); read back, no column is a duplicate.
    const header = fake.sheets.get('Deals')![0];
    expect(header.filter((h) => h === 'Move reason')).toHaveLength(1);
    expect(header.at(-1)).toBe('Move reason');
    expect(new Set(header).size).toBe(header.length);
    expect(readDeals(fake.sheets.get('Deals')!, DEFAULT_CONFIG).problems.filter((p) => p.code === 'column-duplicate')).toEqual([]);
    // Validate all finds only the empty table, no duplicate column.
    expect((await validateAll()).map((f) => f.message)).toEqual([
      'The Deals sheet has a header but no deals below it. Add one row per deal under the header.',
    ]);
    expect(fake.sheets.get('Stages')![1].slice(0, 3)).toEqual(['Lead', 1, 0.1]);
    expect(fake.sheets.get('Stage history')).toEqual([
      ['Timestamp', 'Deal ID', 'From stage', 'To stage', 'Amount', 'Expected close', 'Probability', 'Changed by', 'Source'],
    ]);
    expect(fake.sheetName('History')).toBeUndefined();
    const dashboard = fake.sheets.get('Dashboard')!;
    // The one Dashboard definition: pipeline by stage in A6 (header cell), clipped to its header, 6 open stages and a Total.
    expect(dashboard[5]).toEqual(['=TAKE(PIPELINE.FORECAST(Deals!A:R,"stage",Stages!A:H),8,4)']);
    // A name with a space must be quoted in a reference; the funnel's header cell is A37 (blocks of 7 + 16 rows above it).
    expect(dashboard[36]).toEqual([`=TAKE(PIPELINE.CONVERSION('Stage history'!A:I,"cumulative",FALSE,Stages!A:H,Deals!A:R),8,3)`]);
    expect(String(dashboard[47][0])).toContain(`PIPELINE.STALE(Deals!A:R,'Stage history'!A:I,,Stages!A:H)`);
    expect(fake.charts.map((c) => c.type)).toEqual(['ColumnClustered', 'LineMarkers', 'BarClustered', 'ColumnClustered']);
    expect(fake.writes.every((w) => !w.eventsEnabled)).toBe(true);
    expect(fake.handlers).toHaveLength(1);
    expect(await setUpWorkbook()).toEqual([]);
  });

  it('keeps the History sheet of a converted workbook as its log: no Stage history, Dashboard formulas on History', async () => {
    fake = new FakeExcel({ History: historySheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    expect(await setUpWorkbook()).toEqual(['Stages', 'Deals', 'Dashboard']);
    expect(fake.sheetName('Stage history')).toBeUndefined();
    expect(fake.sheets.get('History')).toEqual(historySheet());
    expect(fake.sheets.get('Dashboard')![36][0]).toBe(
      '=TAKE(PIPELINE.CONVERSION(History!A:I,"cumulative",FALSE,Stages!A:H,Deals!A:R),8,3)',
    );
  });

  it('moves from the task pane are appended to that History sheet', async () => {
    fake = new FakeExcel({ Stages: stagesSheet(), Deals: dealsSheet(), History: historySheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    expect(await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW)).toEqual({ ok: true, reasons: [] });
    const history = fake.sheets.get('History')!;
    // Header + 3 fixture moves + this one; D-1 has amount 1000, close 46371, and Contacted's 30%.
    expect(history).toHaveLength(5);
    expect(history[4].slice(1)).toEqual(['D-1', 'Qualified', 'Contacted', 1000, 46371, 0.3, '', 'menu']);
    expect(fake.sheetName('Stage history')).toBeUndefined();
  });
});

describe('a workbook with Deals but no stage log yet', () => {
  it('creates Stage history with its header for the first move', async () => {
    fake = new FakeExcel({ Stages: stagesSheet(), Deals: dealsSheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    // With no log, D-1's stage comes from its Stage cell: Qualified → Contacted is the next step.
    expect(await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW)).toEqual({ ok: true, reasons: [] });
    const log = fake.sheets.get('Stage history')!;
    expect(log.map((row) => row.slice(1, 4))).toEqual([
      ['Deal ID', 'From stage', 'To stage'],
      ['D-1', 'Qualified', 'Contacted'],
    ]);
    expect(fake.sheetName('History')).toBeUndefined();
  });
});

describe('findings in the stage log', () => {
  it('name the sheet the log is on, so clicking one selects a cell that exists', async () => {
    const log = historySheet();
    log.push([46296, 'D-9', 'Lead', 'Qualified', '', '', '', '', 'edit'], ['', 'D-1', 'Qualified', 'Contacted', '', '', '', '', 'edit']);
    fake = new FakeExcel({ Stages: stagesSheet(), Deals: dealsSheet(), 'Stage history': log });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    const findings = (await validateAll()).filter((f) => f.sheet !== 'Deals');
    // Row 6 of the log has no timestamp.
    expect(findings.map((f) => `${f.sheet}!${f.address}`)).toContain('Stage history!A6');
    expect(findings.every((f) => f.sheet === 'Stage history')).toBe(true);
  });
});
