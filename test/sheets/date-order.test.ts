/**
 * The Stages sheet's "Date order" setting where the Sheets add-on reads a date a user
 * types: the move dialog's fields. With "Date order" mdy, 03/04/2026 is 4 March 2026
 * (month first), never 3 April, in Deals and in the History row the move appends.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { sheetDate } from '../fakes/gas';
import { builtBundleAt, COL, pipelineWorld, TZ } from './world';

builtBundleAt();

describe('the move dialog under "Date order" mdy', () => {
  it('reads a typed 03/04/2026 month first: Expected close 2026-03-04 in Deals and History', () => {
    const { world, gas } = pipelineWorld();
    const ss = world.spreadsheet;
    ss.sheet('Stages').load(stagesToTable({ ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, dateOrder: 'mdy' } }));
    const reply = gas.applyDealMove({
      row: 3,
      dealId: 'D2',
      toStage: 'Meeting/Demo',
      fields: { amount: '2000', expectedClose: '03/04/2026' },
      reason: '',
    }) as { ok: boolean; messages: string[] };
    expect(reply).toEqual({ ok: true, messages: ['D2 moved from "Contacted" to "Meeting/Demo" and recorded in History.'] });
    // Month first: 03 is March, 04 the day.
    const march4 = sheetDate(2026, 3, 4, TZ).getTime();
    expect((ss.sheet('Deals').cell(3, COL.expectedClose) as Date).getTime()).toBe(march4);
    const history = ss.sheet('History').dump();
    expect((history.at(-1)![5] as Date).getTime()).toBe(march4);
  });
});
