/**
 * The Expected close a Stage move copies into History, when the Deals cell holds the
 * date as text (a CSV pasted as plain text): it is that day at midnight in the
 * spreadsheet's time zone, as a Date cell would be. In New York (UTC-5 in March),
 * "2027-03-04" is 2027-03-04 05:00 UTC; midnight UTC would show there as 3 March, 19:00.
 */
import { describe, expect, it } from 'vitest';
import { sheetDate, userEdit } from '../fakes/gas';
import { builtBundleAt, COL, pipelineWorld } from './world';

builtBundleAt();

const NEW_YORK = 'America/New_York';

function textDateWorld() {
  const loaded = pipelineWorld({ timeZone: NEW_YORK });
  loaded.world.spreadsheet.sheet('Deals').put(2, COL.expectedClose, '2027-03-04');
  return loaded;
}

const lastExpectedClose = (world: ReturnType<typeof pipelineWorld>['world']) =>
  (world.spreadsheet.sheet('History').dump().at(-1)![5] as Date).getTime();
const MARCH_4 = sheetDate(2027, 3, 4, NEW_YORK).getTime();

describe('a text Expected close copied into History', () => {
  it('is the sheet-zone day after a single Stage edit', () => {
    const { world, gas } = textDateWorld();
    gas.onEdit(userEdit(world, world.spreadsheet.sheet('Deals'), 2, COL.stage, [['Contacted']]));
    expect(world.spreadsheet.sheet('History').dump().at(-1)![1]).toBe('D1');
    expect(lastExpectedClose(world)).toBe(MARCH_4);
  });

  it('is the sheet-zone day after a paste over Stage cells', () => {
    const { world, gas } = textDateWorld();
    // D1 (row 2) Qualified → Contacted, D2 (row 3) stays Contacted: one move.
    gas.onEdit(userEdit(world, world.spreadsheet.sheet('Deals'), 2, COL.stage, [['Contacted'], ['Contacted']]));
    expect(world.spreadsheet.sheet('History').dump().at(-1)![1]).toBe('D1');
    expect(lastExpectedClose(world)).toBe(MARCH_4);
  });

  it('is the sheet-zone day after a move from the dialog', () => {
    const { world, gas } = textDateWorld();
    const reply = gas.applyDealMove({ row: 2, dealId: 'D1', toStage: 'Contacted', fields: {}, reason: '' }) as { ok: boolean };
    expect(reply.ok).toBe(true);
    expect(lastExpectedClose(world)).toBe(MARCH_4);
  });

  it('leaves a Date cell as read', () => {
    const { world, gas } = pipelineWorld({ timeZone: NEW_YORK });
    // D1's Expected close is the Date of 2026-12-15 in the sheet's zone.
    gas.onEdit(userEdit(world, world.spreadsheet.sheet('Deals'), 2, COL.stage, [['Contacted']]));
    expect(lastExpectedClose(world)).toBe(sheetDate(2026, 12, 15, NEW_YORK).getTime());
  });
});
