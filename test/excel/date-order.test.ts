// The Stages sheet's "Date order" setting where the Excel add-in reads a date a user
// types in the task pane's move form: under mdy, 03/04/2026 is 4 March 2026, in Deals
// and in the Stage history row, as the Deals sheet's own text dates are read.
process.env.TZ = 'Asia/Ho_Chi_Minh';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExcel } from '../fakes/office/excel';
import { moveDeal } from '../../excel-addin/src/actions';
import { ownWrites } from '../../excel-addin/src/workbook';
import { forgetDealsWatch } from '../../excel-addin/src/validation';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import type { Cell } from '../fakes/office/excel';
import { COL, NOW, dealsSheet, historySheet } from './fixtures';

let fake: FakeExcel;
beforeEach(() => {
  const stages = stagesToTable({ ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, dateOrder: 'mdy' } }).map((row) =>
    row.map((cell) => cell as Cell),
  );
  fake = new FakeExcel({ Stages: stages, Deals: dealsSheet(), 'Stage history': historySheet() });
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  ownWrites.recent.clear();
  forgetDealsWatch();
});
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe('the move form under "Date order" mdy', () => {
  it('reads a typed 03/04/2026 month first', async () => {
    const result = await moveDeal({ dealId: 'D-2', row: 3, to: 'Meeting/Demo', fields: { expectedClose: '03/04/2026' }, reason: '' }, NOW);
    expect(result).toEqual({ ok: true, reasons: [] });
    // 2026-03-04 = 46085: 46296 (2026-10-01) less 211 days (27 left in March, 183 for April to September, 1).
    expect(fake.cell('Deals', 2, COL.expectedClose)).toBe(46085);
    expect(fake.sheets.get('Stage history')!.at(-1)![5]).toBe(46085);
  });
});
