/**
 * Weekly snapshots through the built bundle: the trigger from the Stale alerts
 * submenu (installing twice leaves one, and the digest trigger is left alone), the
 * Snapshots sheet created with its header, one setValues per append, a same-day
 * re-run that appends nothing, a header in another order, and a busy lock.
 *
 * "Now" is Monday 2026-11-23 10:00 in Berlin. Every fixture deal is open: D1
 * Qualified 1000 (20%), D2 Contacted no amount (30%), D3 Proposal 5000 (60%), D4
 * Lead no amount (10%).
 */
import { describe, expect, it, vi } from 'vitest';
import { SNAPSHOTS_HEADERS } from '../../src/core/snapshots';
import { clockEvent, sheetDate } from '../fakes/gas';
import { builtBundleAt, pipelineWorld, TZ } from './world';

builtBundleAt();

const monday = sheetDate(2026, 11, 23, TZ);
/** The fixture's open pipeline as snapshot rows taken on `day`. */
const expectedRows = (day: Date) => [
  // Weighted: 1000 × 20% = 200; D2 and D4 have no amount, so 0; 5000 × 60% = 3000.
  [day, 'D1', 'ann@example.com', 'Qualified', 1000, 0.2, 200, sheetDate(2026, 12, 15, TZ)],
  [day, 'D2', 'bob@example.com', 'Contacted', '', 0.3, 0, ''],
  [day, 'D3', 'ann@example.com', 'Proposal', 5000, 0.6, 3000, sheetDate(2026, 11, 30, TZ)],
  [day, 'D4', 'not-an-email', 'Lead', '', 0.1, 0, ''],
];

describe('the weekly snapshot trigger', () => {
  it('installs one Monday trigger at the Digest hour, however often it is turned on, beside the digest trigger', () => {
    const { world, gas } = pipelineWorld();
    gas.menuDigestOn();
    gas.menuSnapshotOn();
    gas.menuSnapshotOn();
    const snapshot = world.ScriptApp.triggers.filter((t) => t.getHandlerFunction() === 'takeWeeklySnapshot');
    expect(snapshot).toHaveLength(1);
    // The default Digest hour is 8.
    expect(snapshot[0].spec).toEqual({ weekDay: 'MONDAY', atHour: 8, timeZone: TZ });
    expect(world.ScriptApp.triggers.filter((t) => t.getHandlerFunction() === 'sendDailyDigests')).toHaveLength(1);
    expect(typeof gas.takeWeeklySnapshot).toBe('function');

    gas.menuSnapshotOff();
    expect(world.ScriptApp.triggers.map((t) => t.getHandlerFunction())).toEqual(['sendDailyDigests']);
    expect(world.ui.shown.at(-1)!.content).toBe('The weekly snapshot is off. The Snapshots sheet is kept.');
    gas.menuSnapshotOff();
    expect(world.ui.shown.at(-1)!.content).toBe('The weekly snapshot was not on.');
  });

  it('takes today’s snapshot when turned on: the Snapshots sheet with its header and one row per open deal, in one write', () => {
    const { world, gas } = pipelineWorld();
    gas.menuSnapshotOn();
    const sheet = world.spreadsheet.sheet('Snapshots');
    expect(sheet.dump()).toEqual([[...SNAPSHOTS_HEADERS], ...expectedRows(monday)]);
    expect(sheet.frozenRows).toBe(1);
    expect(world.log.count('Range.setValues')).toBe(1);
    expect(world.ui.shown.at(-1)!.content).toBe(
      "The weekly snapshot is on: every Monday at 8:00 (Europe/Berlin).\nToday's snapshot added 4 open deal(s) to the Snapshots sheet.",
    );
  });

  it('appends nothing on a second run the same day, and appends the open pipeline again next week', () => {
    const { world, gas } = pipelineWorld();
    gas.takeWeeklySnapshot(clockEvent());
    vi.setSystemTime(new Date('2026-11-23T20:00:00Z'));
    world.log.reset();
    gas.takeWeeklySnapshot(clockEvent());
    gas.menuSnapshotOn();
    const sheet = world.spreadsheet.sheet('Snapshots');
    expect(sheet.dump()).toHaveLength(5);
    expect(world.log.count('Range.setValues')).toBe(0);
    expect(world.ui.shown.at(-1)!.content).toContain('Today already has a snapshot');

    // D1 moved on to Contacted during the week.
    world.spreadsheet.sheet('Deals').put(2, 5, 'Contacted');
    vi.setSystemTime(new Date('2026-11-30T07:05:00Z'));
    world.log.reset();
    gas.takeWeeklySnapshot(clockEvent());
    expect(world.log.count('Range.setValues')).toBe(1);
    const next = sheetDate(2026, 11, 30, TZ);
    // 1000 × 30% = 300 for D1 in Contacted.
    expect(sheet.dump().slice(5)).toEqual([
      [next, 'D1', 'ann@example.com', 'Contacted', 1000, 0.3, 300, sheetDate(2026, 12, 15, TZ)],
      ...expectedRows(next).slice(1),
    ]);
  });

  it('makes 17 service calls for 4 deals and for 400, and 16 when the Snapshots sheet is there', () => {
    const { world, gas } = pipelineWorld();
    gas.takeWeeklySnapshot(clockEvent());
    // Counted one by one: the spreadsheet (1); the lock: get, try (3); the timezone (4); formatDate twice to check
    // the runtime's offsets (6); Stages: handle, values (8); the Snapshots handle, missing (9); Deals: handle, values
    // (11); the Snapshots sheet created with header and rows: insert, range, values, frozen row (15); flush,
    // release (17).
    expect(world.log.total).toBe(17);
    const calls = world.log.snapshot();

    const big = pipelineWorld();
    const deals = big.world.spreadsheet.sheet('Deals');
    const rows = deals.dump().slice(1);
    deals.load(Array.from({ length: 100 }, (_, k) => rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat(), 6);
    big.world.log.reset();
    big.gas.takeWeeklySnapshot(clockEvent());
    expect(big.world.spreadsheet.sheet('Snapshots').dump()).toHaveLength(1 + 404);
    expect(big.world.log.snapshot()).toEqual(calls);

    // A week later the sheet exists: its handle and values (2 instead of 1), then range and values (2 instead of 4):
    // 17 + 1 − 2.
    vi.setSystemTime(new Date('2026-11-30T09:00:00Z'));
    world.log.reset();
    gas.takeWeeklySnapshot(clockEvent());
    expect(world.log.count('Sheet.getLastRow')).toBe(0);
    expect(world.log.total).toBe(16);
  });

  it('writes under the sheet’s own header order, leaving extra columns blank', () => {
    const { world, gas } = pipelineWorld();
    const sheet = world.spreadsheet.sheet('Snapshots');
    sheet.load([['Deal ID', 'Snapshot date', 'Comment', 'Stage', 'Owner', 'Amount', 'Probability', 'Weighted', 'Expected close']]);
    gas.takeWeeklySnapshot(clockEvent());
    expect(sheet.dump()[1]).toEqual(['D1', monday, '', 'Qualified', 'ann@example.com', 1000, 0.2, 200, sheetDate(2026, 12, 15, TZ)]);
    expect(sheet.dump()).toHaveLength(5);
  });

  it('appends nothing under a header that lacks a column, and says which', () => {
    const { world, gas } = pipelineWorld();
    const sheet = world.spreadsheet.sheet('Snapshots');
    sheet.load([['Snapshot date', 'Deal ID', 'Owner', 'Stage', 'Amount', 'Probability', 'Expected close']]);
    gas.menuSnapshotOn();
    expect(sheet.dump()).toHaveLength(1);
    expect(world.ui.shown.at(-1)!.content).toContain('The Snapshots sheet has no "Weighted" column; nothing was added.');
  });

  it('takes nothing while another execution holds the lock, and says the trigger will', () => {
    const { world, gas } = pipelineWorld({ locale: 'ru_RU' });
    world.LockService.document.heldByOther = true;
    gas.menuSnapshotOn();
    expect(world.spreadsheet.sheets.some((s) => s.name === 'Snapshots')).toBe(false);
    expect(world.ui.shown.at(-1)!.content).toBe(
      'Еженедельный снимок включён: каждый понедельник в 8:00 (Europe/Berlin).\nСейчас сохраняется другое изменение, поэтому ' +
        'сегодняшний снимок не сделан; следующий сделает триггер.',
    );
  });
});
