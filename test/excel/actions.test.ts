// The task pane's and ribbon's actions against the strict Office fake: moving a deal
// (with the fields its new stage needs), validating every deal, stale deals per
// owner with a mailto: link, and setting up an empty workbook.
process.env.TZ = 'Asia/Ho_Chi_Minh';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExcel } from '../fakes/office/excel';
import { mailtoLink, moveDeal, moveFormForRow, setUpWorkbook, staleByOwner, validateAll } from '../../excel-addin/src/actions';
import { ownWrites } from '../../excel-addin/src/workbook';
import { forgetDealsWatch } from '../../excel-addin/src/validation';
import { DEFAULT_CONFIG, digests, readDeals, readHistory, renderDigest, staleDeals } from '../../src/core/index';
import { COL, NOW, NOW_SERIAL, dealsSheet, historySheet } from './fixtures';

let fake: FakeExcel;
beforeEach(() => {
  fake = new FakeExcel({ Deals: dealsSheet(), 'Stage history': historySheet() });
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  ownWrites.recent.clear();
  forgetDealsWatch();
});
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe('moving a deal from the task pane', () => {
  it('offers the next stage, Lost, and a step back; and asks for the fields they need', async () => {
    const form = (await moveFormForRow(3, NOW))!;
    // D-2 is in Contacted: forward only to Meeting/Demo (no skipping), back to Lead/Qualified, or Lost.
    expect(form.options.map((o) => o.stage)).toEqual(['Lead', 'Qualified', 'Meeting/Demo', 'Lost']);
    expect(form.options.find((o) => o.stage === 'Lost')!.missing.map((m) => m.label)).toEqual(['Lost reason']);
    expect(form.options.find((o) => o.stage === 'Qualified')!.needsReason).toBe(true);
  });

  it('refuses a move whose required field is left blank, and writes nothing', async () => {
    // D-1 to Contacted is fine; D-3 (Lead, no amount) to Qualified needs only Owner, which it has:
    // so take D-2 (Contacted, no Expected close) to Meeting/Demo then Proposal without a date.
    const first = await moveDeal({ row: 3, to: 'Meeting/Demo', fields: {}, reason: '' }, NOW);
    expect(first).toEqual({ ok: true, reasons: [] });
    const writes = fake.writes.length;
    const refused = await moveDeal({ row: 3, to: 'Proposal', fields: { expectedClose: '' }, reason: '' }, NOW);
    expect(refused.ok).toBe(false);
    expect(refused.reasons).toEqual(['"Proposal" needs Expected close: fill it in first.']);
    expect(fake.writes.length).toBe(writes);
  });

  it('writes the typed field, the stage, the stamp and the Stage history row in one go, events off', async () => {
    await moveDeal({ row: 3, to: 'Meeting/Demo', fields: {}, reason: '' }, NOW);
    const result = await moveDeal({ row: 3, to: 'Proposal', fields: { expectedClose: '2026-12-31' }, reason: '' }, NOW);
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
    await moveDeal({ row: 3, to: 'Meeting/Demo', fields: {}, reason: '' }, NOW);
    const result = await moveDeal({ row: 3, to: 'Proposal', fields: { expectedClose: 'next week' }, reason: '' }, NOW);
    expect(result.reasons[0]).toBe('Expected close: "next week" is not a date; type it as 2026-11-23.');
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
  it('matches the core digests and carries the text in a URL-encoded mailto: link', async () => {
    const owners = await staleByOwner(NOW);
    // Independent route: the core over the same cells, asOf = the wall-clock instant of NOW (16:30 the same day).
    const asOf = new Date(Date.UTC(2026, 10, 23, 16, 30));
    const deals = readDeals(dealsSheet(), DEFAULT_CONFIG).deals;
    const history = readHistory(historySheet(), DEFAULT_CONFIG).entries;
    const expected = digests(staleDeals(deals, history, DEFAULT_CONFIG, asOf), asOf);
    expect(owners.map((o) => o.owner)).toEqual(expected.map((d) => d.owner));
    // Every deal entered its stage on 2026-10-01, 53 days before 11-23, past 14 days: both owners are stale.
    expect(owners.map((o) => o.owner)).toEqual(['ann@example.com', 'bob@example.com']);
    const bob = owners[1];
    const rendered = renderDigest(expected[1], 'en');
    expect(bob.mailto).toBe(`mailto:bob%40example.com?subject=${encodeURIComponent(rendered.subject)}&body=${encodeURIComponent(rendered.text)}`);
    expect(decodeURIComponent(bob.mailto.split('&body=')[1])).toContain('Beta <pilot>');
  });

  it('keeps a long body short enough for a mail program, and encodes & and ?', () => {
    const link = mailtoLink('a@b.co', 'S & T?', 'x'.repeat(5000));
    expect(link.startsWith('mailto:a%40b.co?subject=S%20%26%20T%3F&body=')).toBe(true);
    // 1799 x's and an ellipsis (…, 3 bytes, %E2%80%A6).
    expect(decodeURIComponent(link.split('&body=')[1])).toHaveLength(1800);
  });
});

describe('set up workbook', () => {
  it('creates Stages, Deals, Stage history and Dashboard in an empty workbook, and no sheet twice', async () => {
    fake = new FakeExcel({});
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    expect(await setUpWorkbook()).toEqual(['Stages', 'Deals', 'Stage history', 'Dashboard']);
    expect(fake.sheets.get('Deals')![0].slice(0, 5)).toEqual(['Deal ID', 'Deal', 'Account', 'Owner', 'Stage']);
    expect(fake.sheets.get('Stages')![1].slice(0, 3)).toEqual(['Lead', 1, 0.1]);
    expect(fake.sheets.get('Stage history')).toEqual([
      ['Timestamp', 'Deal ID', 'From stage', 'To stage', 'Amount', 'Expected close', 'Probability', 'Changed by', 'Source'],
    ]);
    expect(fake.sheetName('History')).toBeUndefined();
    const dashboard = fake.sheets.get('Dashboard')!;
    expect(dashboard[1]).toEqual(['Weighted pipeline', '=PIPELINE.WEIGHTED(Deals!A:R, Stages!A:H)']);
    // A name with a space must be quoted in a reference; each formula has 14 blank rows below it to spill into.
    expect(dashboard[31]).toEqual(['Conversion', `=PIPELINE.CONVERSION('Stage history'!A:I, "next", FALSE, Stages!A:H)`]);
    expect(dashboard[46]).toEqual(['Stale deals', `=PIPELINE.STALE(Deals!A:R, 'Stage history'!A:I, , Stages!A:H)`]);
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
    expect(fake.sheets.get('Dashboard')![31][1]).toBe('=PIPELINE.CONVERSION(History!A:I, "next", FALSE, Stages!A:H)');
  });

  it('moves from the task pane are appended to that History sheet', async () => {
    fake = new FakeExcel({ Deals: dealsSheet(), History: historySheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    expect(await moveDeal({ row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW)).toEqual({ ok: true, reasons: [] });
    const history = fake.sheets.get('History')!;
    // Header + 3 fixture moves + this one; D-1 has amount 1000, close 46371, and Contacted's 30%.
    expect(history).toHaveLength(5);
    expect(history[4].slice(1)).toEqual(['D-1', 'Qualified', 'Contacted', 1000, 46371, 0.3, '', 'menu']);
    expect(fake.sheetName('Stage history')).toBeUndefined();
  });
});

describe('a workbook with Deals but no stage log yet', () => {
  it('creates Stage history with its header for the first move', async () => {
    fake = new FakeExcel({ Deals: dealsSheet() });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    // With no log, D-1's stage comes from its Stage cell: Qualified → Contacted is the next step.
    expect(await moveDeal({ row: 2, to: 'Contacted', fields: {}, reason: '' }, NOW)).toEqual({ ok: true, reasons: [] });
    const log = fake.sheets.get('Stage history')!;
    expect(log.map((row) => row.slice(1, 4))).toEqual([['Deal ID', 'From stage', 'To stage'], ['D-1', 'Qualified', 'Contacted']]);
    expect(fake.sheetName('History')).toBeUndefined();
  });
});

describe('findings in the stage log', () => {
  it('name the sheet the log is on, so clicking one selects a cell that exists', async () => {
    const log = historySheet();
    log.push([46296, 'D-9', 'Lead', 'Qualified', '', '', '', '', 'edit'], ['', 'D-1', 'Qualified', 'Contacted', '', '', '', '', 'edit']);
    fake = new FakeExcel({ Deals: dealsSheet(), 'Stage history': log });
    (globalThis as { Excel?: unknown }).Excel = fake.global;
    const findings = (await validateAll()).filter((f) => f.sheet !== 'Deals');
    // Row 6 of the log has no timestamp.
    expect(findings.map((f) => `${f.sheet}!${f.address}`)).toContain('Stage history!A6');
    expect(findings.every((f) => f.sheet === 'Stage history')).toBe(true);
  });
});
