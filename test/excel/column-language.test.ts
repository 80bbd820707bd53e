// A Deals column the sheet lacks is named as "Set up workbook" would name it, in the
// Stages sheet's Language, as the Google Sheets add-on names it: with Language vi,
// Expected close is "Ngày chốt dự kiến", so the user adds the header the tool reads.
process.env.TZ = 'Asia/Ho_Chi_Minh';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { moveDeal, validateAll } from '../../excel-addin/src/actions';
import { ownWrites } from '../../excel-addin/src/workbook';
import { forgetDealsWatch } from '../../excel-addin/src/validation';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import { NOW, dealsSheet, historySheet } from './fixtures';

const EXPECTED_CLOSE_VI = 'Ngày chốt dự kiến';

let fake: FakeExcel;
beforeEach(() => {
  const stages = stagesToTable({ ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, language: 'vi' } }).map((row) =>
    row.map((cell) => cell as Cell),
  );
  // The fixture without its Expected close column (index 5); D-2 is in Proposal, which needs it.
  const deals = dealsSheet().map((row) => row.filter((_, c) => c !== 5));
  deals[2][3] = 'Proposal';
  fake = new FakeExcel({ Stages: stages, Deals: deals, 'Stage history': historySheet() });
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  ownWrites.recent.clear();
  forgetDealsWatch();
});
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe('a missing Deals column, Language vi', () => {
  it('is named in Vietnamese by Validate all', async () => {
    const findings = await validateAll();
    const missing = findings.filter((f) => f.message.includes('Proposal'));
    // The missing column (row 1) and D-2's empty field (row 3), each under the column's Vietnamese name.
    expect(missing.map((f) => [f.row, f.column])).toEqual([
      [1, EXPECTED_CLOSE_VI],
      [3, EXPECTED_CLOSE_VI],
    ]);
  });

  it('is named in Vietnamese when the move form has a value for it', async () => {
    const result = await moveDeal({ dealId: 'D-1', row: 2, to: 'Contacted', fields: { expectedClose: '2026-12-31' }, reason: '' }, NOW);
    expect(result.reasons).toEqual([`The Deals sheet has no "${EXPECTED_CLOSE_VI}" column; add it, then move the deal again.`]);
  });
});
