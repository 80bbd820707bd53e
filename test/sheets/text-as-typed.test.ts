/**
 * Text that looks like a number, a date or a percentage comes back exactly as it was
 * typed from every sheet the bundle writes. Sheets reads a string handed to
 * setValue(s) or appendRow the way it reads typing (the fake does too, entry.ts), so
 * a Deal ID "000417" written as is becomes the number 417: History then no longer
 * names the deal, a paste of unchanged Stage cells looks like a first move, and a
 * same-day snapshot re-run no longer finds the deal it already wrote.
 *
 * Fixture (world.ts): D1 Qualified on row 2, owned by ann; here its Deal ID is the
 * text "000417", as a team with zero-padded IDs keeps it (a plain-text column).
 */
import { describe, expect, it } from 'vitest';
import { clockEvent, userEdit } from '../fakes/gas';
import { builtBundleAt, COL, pipelineWorld } from './world';

builtBundleAt();

const ID = '000417';

/** The fixture with D1 renamed "000417" in Deals and History, stored as text. */
function zeroPaddedWorld() {
  const loaded = pipelineWorld();
  const { world } = loaded;
  world.spreadsheet.sheet('Deals').put(2, COL.id, ID);
  const history = world.spreadsheet.sheet('History');
  for (let r = 2; r <= history.dump().length; r++) if (history.cell(r, 2) === 'D1') history.put(r, 2, ID);
  return loaded;
}

const historyIds = (world: ReturnType<typeof pipelineWorld>['world']) =>
  world.spreadsheet
    .sheet('History')
    .dump()
    .slice(1)
    .map((row) => row[1]);

describe('the fake reads written strings as Sheets does', () => {
  it('turns "000417", "30%", "1/2/2026" and "TRUE" into values, keeps "\'000417" and plain-text cells as typed', () => {
    const { world } = pipelineWorld({ locale: 'en_US' });
    const scratch = world.spreadsheet.sheet('Scratch');
    scratch.getRange(1, 1, 1, 5).setValues([['000417', '30%', '1/2/2026', 'TRUE', "'000417"]]);
    const [row] = scratch.getRange(1, 1, 1, 5).getValues();
    expect(row.slice(0, 2)).toEqual([417, 0.3]);
    // 1/2/2026 is 2 January in en_US, a date at local midnight (Berlin: 1 January 23:00 UTC).
    expect((row[2] as Date).toISOString()).toBe('2026-01-01T23:00:00.000Z');
    expect(row.slice(3)).toEqual([true, '000417']);
    scratch.getRange(2, 1).setNumberFormat('@');
    scratch.getRange(2, 1).setValue('000417');
    expect(scratch.cell(2, 1)).toBe('000417');
  });
});

describe('a Deal ID that looks like a number', () => {
  it('is written to History as the text "000417" by an accepted single edit', () => {
    const { world, gas } = zeroPaddedWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    // The edit was accepted (Qualified → Contacted), and its History row names the deal as typed.
    expect(historyIds(world).at(-1)).toBe(ID);
  });

  it('does not make a paste of unchanged Stage cells a move, after an edit of that deal', () => {
    const { world, gas } = zeroPaddedWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    const rows = world.spreadsheet.sheet('History').dump().length;
    // The same four stages pasted back over rows 2-5: nothing moved.
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Contacted'], ['Proposal'], ['Lead']]));
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(rows);
  });

  it('is written to Snapshots once a day: a same-day re-run appends nothing', () => {
    const { world, gas } = zeroPaddedWorld();
    gas.takeWeeklySnapshot(clockEvent());
    gas.takeWeeklySnapshot(clockEvent());
    const ids = world.spreadsheet
      .sheet('Snapshots')
      .dump()
      .slice(1)
      .map((row) => row[1]);
    expect(ids.filter((id) => id === ID)).toEqual([ID]);
    expect(ids).toHaveLength(4);
  });

  it('is written to History as typed by the move dialog', () => {
    const { world, gas } = zeroPaddedWorld();
    const reply = gas.applyDealMove({ row: 2, dealId: ID, toStage: 'Contacted', fields: {}, reason: '' }) as { ok: boolean };
    expect(reply.ok).toBe(true);
    expect(historyIds(world).at(-1)).toBe(ID);
  });
});

describe('a put-back', () => {
  it('writes a Stage changed cell that holds a date as text back as that text when a paste stamps its neighbours', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    // D2's stamp was pasted in as text; D1 moves on in the same paste, so the stamps of rows 2-3 are written together.
    deals.put(3, COL.stageChanged, '2026-09-20');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Contacted']]));
    expect(deals.cell(2, COL.stageChanged)).toBeInstanceOf(Date);
    expect(deals.cell(3, COL.stageChanged)).toBe('2026-09-20');
  });
});

describe('the Alerts log', () => {
  it('keeps an owner that reads like a number as text', () => {
    const { world, gas } = pipelineWorld();
    // A team that keys owners by employee number: not an address, so logged as skipped, as typed.
    world.spreadsheet.sheet('Deals').put(5, COL.owner, '0042');
    gas.sendDailyDigests(clockEvent());
    const owners = world.spreadsheet
      .sheet('Alerts log')
      .dump()
      .slice(1)
      .map((row) => row[1]);
    expect(owners).toContain('0042');
  });
});
