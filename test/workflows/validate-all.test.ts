/**
 * "Validate all" (src/workflows/validate-all.ts) through both add-ins: the same
 * workbook (test/workflows/both.ts) validated in the Google Sheets fake (the menu's
 * sidebar, and a note on each finding's cell) and in the Excel fake (the task pane's
 * findings, each with the cell it selects) must give the same findings, at the same
 * row and column, under the sheet's own headers; and without a Stages sheet both must
 * refuse in the same words.
 */
process.env.TZ = 'UTC';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../sheets/world';
import { closePlatforms, COL, PLATFORMS } from './both';

beforeAll(() => buildOnce());
afterEach(() => closePlatforms());

describe.each(PLATFORMS)('in %s', (_, open) => {
  it('lists each problem at its row and column, on the cell it is about', async () => {
    const platform = open();
    // D-2 (row 3): "lots" is no amount. D-3 (row 4) put in Qualified with no Owner, which Qualified requires.
    platform.put(3, COL.amount, 'lots');
    platform.put(4, COL.stage, 'Qualified');
    const { findings, cellOf } = await platform.validateAll();
    const onDeals = findings.filter((f) => f.sheet === 'Deals');
    // The readers' problems in row order first (D-5 on row 6 has no stage yet), then the fields stages require.
    expect(onDeals.map((f) => [f.row, f.column])).toEqual([
      [3, 'Amount'],
      [6, 'Stage'],
      [4, 'Owner'],
    ]);
    expect(onDeals[0].message).toBe('"lots" is not a number; type a number such as 12500 (no text in this column).');
    expect(onDeals[2].message).toBe('Deals in "Qualified" need Owner; fill it in.');
    // Amount is column E, Stage D, Owner C.
    expect(onDeals.map(cellOf)).toEqual(['E3', 'D6', 'C4']);
  });

  it('finds only the deal with no stage in the workbook as it is', async () => {
    const { findings } = await open().validateAll();
    expect(findings.filter((f) => f.sheet === 'Deals').map((f) => [f.row, f.column])).toEqual([[6, 'Stage']]);
  });

  it('validates nothing without a Stages sheet, and says how to bring it back', async () => {
    const platform = open({ stages: false });
    // By the default stages this would be a finding (Qualified needs Owner); without Stages none is made up.
    platform.put(4, COL.stage, 'Qualified');
    const { findings, said } = await platform.validateAll();
    expect(findings.filter((f) => f.sheet === 'Deals')).toEqual([]);
    expect(said).toContain(
      'Not validated. The "Stages" sheet is missing (deleted or renamed). Rename it back, or run Pipeline → Set up workbook to create it.',
    );
  });

  it("refuses in the spreadsheet's language: Russian (Sheets locale ru_RU, Office display language ru-RU)", async () => {
    const { said } = await open({ stages: false, language: 'ru' }).validateAll();
    expect(said).toContain('Проверка не выполнена. Нет листа «Stages» (удалён или переименован).');
  });
});
