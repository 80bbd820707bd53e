/**
 * Apps Script's 6-minute limit per execution, through the built bundle: the fake
 * execution clock (each service call costs simulated time; past 6 minutes the next
 * call throws "Exceeded maximum execution time" and nothing more of that execution
 * runs), the script's own Date following it, and the digest and snapshot runs that
 * stop at their 4.5-minute budget and finish from a one-off trigger, or, when killed
 * anyway, finish on the next run with nothing twice.
 *
 * "Now" is Monday 2026-11-23 10:00 in Berlin. With addOwners, the stale digests go,
 * in owner order, to ann, bob, cy, dan, eve, fay (one email each), and "not-an-email"
 * gets an invalid-address row.
 */
import { describe, expect, it, vi } from 'vitest';
import { clockEvent, runExecution, sheetDate, TIME_LIMIT_MESSAGE, userEdit } from '../fakes/gas';
import { addOwners, builtBundleAt, COL, pipelineWorld, TZ } from './world';

builtBundleAt();

const OWNERS = ['cy@example.com', 'dan@example.com', 'eve@example.com', 'fay@example.com'];
const alertsLog = (world: ReturnType<typeof pipelineWorld>['world']) =>
  world.spreadsheet
    .sheet('Alerts log')
    .dump()
    .slice(1)
    .map((r) => `${r[1]}:${r[3]}`);
const sentTo = (world: ReturnType<typeof pipelineWorld>['world']) => world.MailApp.sent.map((m) => m.to.split('@')[0]);

describe('the execution clock (fake)', () => {
  it('kills an execution at its first call past 6 minutes; its catch and finally blocks write nothing, and its lock is freed', () => {
    const { world, gas } = pipelineWorld();
    addOwners(world, OWNERS);
    // Each email takes 200 s, every other call nothing: ann's ends at 200 s; bob's starts there (under the 270 s
    // budget) and ends at 400 s, so the next call, bob's "sent" row, is past 360 s.
    world.log.clock.costs.set('MailApp.sendEmail', 200_000);
    const run = runExecution(world, () => gas.sendDailyDigests(clockEvent()));
    expect(run.killed).toBe(true);
    expect(run.error).toBeUndefined();
    expect(sentTo(world)).toEqual(['ann', 'bob']);
    // The call that was refused: bob's "sent" setValues, then the finally block's releaseLock, which throws too.
    expect(world.log.count('Lock.releaseLock')).toBe(1);
    expect(world.LockService.document.holder).toBeNull();
    expect(alertsLog(world)).toEqual(['ann@example.com:sent', 'bob@example.com:sending']);
    expect(TIME_LIMIT_MESSAGE).toBe('Exceeded maximum execution time');
  });

  it('moves the script’s Date with the simulated time of its execution, and only inside one', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    world.log.clock.costs.set('*', 1000);
    runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    // "now" is taken after five calls (the edited sheet, rows 1..2, its name, the Stages handle and values): 5 s.
    expect((deals.cell(2, COL.stageChanged) as Date).getTime()).toBe(Date.now() + 5000);
    // Outside an execution no time passes.
    gas.onEdit(userEdit(world, deals, 3, COL.stage, [['Meeting/Demo']]));
    expect(world.log.clock.offset).toBe(0);
  });
});

describe('a digest run that reaches the time budget', () => {
  it('stops before the limit, leaves a one-off trigger, and the trigger sends the rest: each owner once', () => {
    const { world, gas } = pipelineWorld();
    addOwners(world, OWNERS);
    world.log.clock.costs.set('MailApp.sendEmail', 100_000);
    const first = runExecution(world, () => gas.sendDailyDigests(clockEvent()));
    // Before each email the run checks its time: 0, 100 and 200 s are under 270 s, 300 s is not.
    expect(first.killed).toBe(false);
    expect(first.elapsedMs).toBe(300_000);
    expect(sentTo(world)).toEqual(['ann', 'bob', 'cy']);
    expect(alertsLog(world)).toEqual(['ann@example.com:sent', 'bob@example.com:sent', 'cy@example.com:sent']);
    const pending = world.ScriptApp.triggers.filter((t) => t.getHandlerFunction() === 'continueDailyDigests');
    expect(pending.map((t) => t.spec)).toEqual([{ afterMs: 60_000 }]);
    expect(world.console.lines.at(-1)!.text).toBe('Pipeline daily digest: sent 3; the rest follows from a one-off trigger.');

    // The one-off trigger fires a minute later; it removes itself and finishes.
    vi.setSystemTime(new Date('2026-11-23T09:06:00Z'));
    const second = runExecution(world, () => gas.continueDailyDigests(clockEvent()));
    expect(second.killed).toBe(false);
    expect(sentTo(world)).toEqual(['ann', 'bob', 'cy', 'dan', 'eve', 'fay']);
    // 6 sent rows and the invalid address's row, each once.
    expect(alertsLog(world)).toEqual([
      'ann@example.com:sent',
      'bob@example.com:sent',
      'cy@example.com:sent',
      'dan@example.com:sent',
      'eve@example.com:sent',
      'fay@example.com:sent',
      'not-an-email:invalid address, skipped',
    ]);
    expect(world.ScriptApp.triggers.filter((t) => t.getHandlerFunction() === 'continueDailyDigests')).toHaveLength(0);
  });

  it('a second stop of the same day adds no second one-off trigger', () => {
    const { world, gas } = pipelineWorld();
    addOwners(world, OWNERS);
    // 150 s per email: the checks at 0 and 150 s pass, the one at 300 s stops the run, in each of the two runs.
    world.log.clock.costs.set('MailApp.sendEmail', 150_000);
    runExecution(world, () => gas.sendDailyDigests(clockEvent()));
    runExecution(world, () => gas.menuDigestSendNow());
    // Run 1: ann, bob. Run 2 (menu): cy, dan. One continuation trigger all along.
    expect(sentTo(world)).toEqual(['ann', 'bob', 'cy', 'dan']);
    expect(world.ScriptApp.triggers.filter((t) => t.getHandlerFunction() === 'continueDailyDigests')).toHaveLength(1);
    expect(world.ui.shown.at(-1)!.content).toBe(
      "Sent 2 digest(s); 0 wait for tomorrow's quota; 0 skipped (see the Alerts log sheet).\nThe run stopped before Apps " +
        "Script's 6-minute limit; the rest follows in a few minutes.",
    );
  });
});

describe('a digest run killed at the limit', () => {
  it('between an email and its "sent" row: the next run does not send it again, marks it unconfirmed and sends the rest', () => {
    const { world, gas } = pipelineWorld();
    addOwners(world, OWNERS);
    // 200 s per email: ann 0 → 200 s; the check at 200 s passes, bob's email ends at 400 s, and his "sent" row is
    // the first call past 360 s.
    world.log.clock.costs.set('MailApp.sendEmail', 200_000);
    const killed = runExecution(world, () => gas.sendDailyDigests(clockEvent()));
    expect(killed.killed).toBe(true);
    expect(sentTo(world)).toEqual(['ann', 'bob']);
    expect(alertsLog(world)).toEqual(['ann@example.com:sent', 'bob@example.com:sending']);
    // Killed before it could schedule anything.
    expect(world.ScriptApp.triggers).toHaveLength(0);

    // Later that day someone clicks Send digests now; the emails are quick again.
    world.log.clock.costs.clear();
    vi.setSystemTime(new Date('2026-11-23T11:00:00Z'));
    const next = runExecution(world, () => gas.menuDigestSendNow());
    expect(next.killed).toBe(false);
    // bob is not sent twice: 2 + 4 emails, one each.
    expect(sentTo(world)).toEqual(['ann', 'bob', 'cy', 'dan', 'eve', 'fay']);
    // bob's row is rewritten in place; 4 new sent rows and the invalid row follow: 7 rows.
    expect(alertsLog(world)).toEqual([
      'ann@example.com:sent',
      'bob@example.com:unconfirmed: the run stopped during this send; not sent again',
      'cy@example.com:sent',
      'dan@example.com:sent',
      'eve@example.com:sent',
      'fay@example.com:sent',
      'not-an-email:invalid address, skipped',
    ]);
    expect(world.ui.shown.at(-1)!.content).toBe(
      "Sent 4 digest(s); 0 wait for tomorrow's quota; 1 skipped (see the Alerts log sheet).\n1 digest(s) were being sent when a " +
        'run was stopped; they are not sent again (see the Alerts log).',
    );

    // A third run the same day sends nothing and does not count bob again.
    runExecution(world, () => gas.sendDailyDigests(clockEvent()));
    expect(world.MailApp.sent).toHaveLength(6);
    expect(alertsLog(world)).toHaveLength(7);
  });
});

describe('a big digest run killed at the limit', () => {
  it('arms its continuation before the first email, so the rest still go out that day, none twice', () => {
    const { world, gas } = pipelineWorld();
    // 20 more owners: 22 valid addresses and the invalid one, 23 digests, over the 20 that arm a continuation.
    const owners = Array.from({ length: 20 }, (_, i) => `o${String(i + 1).padStart(2, '0')}@example.com`);
    addOwners(world, owners);
    world.log.clock.costs.set('MailApp.sendEmail', 200_000);
    // As above: ann's email, then bob's, whose "sent" row is the first call past the limit.
    expect(runExecution(world, () => gas.sendDailyDigests(clockEvent())).killed).toBe(true);
    expect(world.ScriptApp.triggers.map((t) => [t.getHandlerFunction(), t.spec])).toEqual([['continueDailyDigests', { afterMs: 60_000 }]]);

    world.log.clock.costs.clear();
    vi.setSystemTime(new Date('2026-11-23T09:08:00Z'));
    expect(runExecution(world, () => gas.continueDailyDigests(clockEvent())).killed).toBe(false);
    // ann and bob from the first run, the 20 others from the continuation; bob not again.
    expect(world.MailApp.sent).toHaveLength(22);
    expect(new Set(world.MailApp.sent.map((m) => m.to)).size).toBe(22);
    expect(alertsLog(world).filter((r) => r.startsWith('bob@'))).toEqual([
      'bob@example.com:unconfirmed: the run stopped during this send; not sent again',
    ]);
    // The continuation removed itself and, being one, armed no other.
    expect(world.ScriptApp.triggers).toHaveLength(0);
  });
});

describe('a snapshot of a big pipeline', () => {
  /** The fixture's 4 open deals and 600 copies of them: 2,404 open deals, three blocks of 1000, 1000 and 404 rows. */
  const bigWorld = () => {
    const loaded = pipelineWorld();
    const deals = loaded.world.spreadsheet.sheet('Deals');
    const rows = deals.dump().slice(1);
    deals.load(Array.from({ length: 600 }, (_, k) => rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat(), 6);
    return loaded;
  };
  const snapshotIds = (world: ReturnType<typeof pipelineWorld>['world']) =>
    world.spreadsheet
      .sheet('Snapshots')
      .dump()
      .slice(1)
      .map((r) => r[1]);
  const monday = sheetDate(2026, 11, 23, TZ);

  it('stops at the budget between blocks and the one-off trigger appends the rest: every deal once', () => {
    const { world, gas } = bigWorld();
    world.log.clock.costs.set('Range.setValues', 150_000);
    const first = runExecution(world, () => gas.takeWeeklySnapshot(clockEvent()));
    // Block 1 ends at 150 s, block 2 (checked at 150 s) at 300 s; the check before block 3 stops the run.
    expect(first.killed).toBe(false);
    expect(snapshotIds(world)).toHaveLength(2000);
    expect(world.ScriptApp.triggers.map((t) => [t.getHandlerFunction(), t.spec])).toEqual([
      ['continueWeeklySnapshot', { afterMs: 60_000 }],
    ]);

    vi.setSystemTime(new Date('2026-11-23T09:06:00Z'));
    runExecution(world, () => gas.continueWeeklySnapshot(clockEvent()));
    const ids = snapshotIds(world);
    expect(ids).toHaveLength(2404);
    expect(new Set(ids).size).toBe(2404);
    expect(
      world.spreadsheet
        .sheet('Snapshots')
        .dump()
        .slice(1)
        .every((r) => (r[0] as Date).getTime() === monday.getTime()),
    ).toBe(true);
    expect(world.ScriptApp.triggers).toHaveLength(0);
  });

  it('killed during a block’s flush: the trigger it armed first appends only the deals today lacks', () => {
    const { world, gas } = bigWorld();
    world.log.clock.costs.set('Range.setValues', 200_000);
    // Block 1: 0 → 200 s. The check at 200 s passes; block 2's write ends at 400 s; its flush is past the limit.
    const killed = runExecution(world, () => gas.takeWeeklySnapshot(clockEvent()));
    expect(killed.killed).toBe(true);
    expect(snapshotIds(world)).toHaveLength(2000);
    // Three blocks to write: the continuation was armed before the first.
    expect(world.ScriptApp.triggers.map((t) => t.getHandlerFunction())).toEqual(['continueWeeklySnapshot']);

    world.log.clock.costs.clear();
    vi.setSystemTime(new Date('2026-11-23T09:08:00Z'));
    const next = runExecution(world, () => gas.continueWeeklySnapshot(clockEvent()));
    expect(next.killed).toBe(false);
    const ids = snapshotIds(world);
    // 2000 + the 404 of the last block; no deal twice.
    expect(ids).toHaveLength(2404);
    expect(new Set(ids).size).toBe(2404);
    expect(world.ScriptApp.triggers).toHaveLength(0);

    // Once complete, another run the same day appends nothing.
    runExecution(world, () => gas.menuSnapshotOn());
    expect(snapshotIds(world)).toHaveLength(2404);
    expect(world.ui.shown.at(-1)!.content).toContain('Today already has a snapshot');
  });

  it('grows a new Snapshots sheet past its 1,000 rows instead of failing', () => {
    const { world, gas } = bigWorld();
    runExecution(world, () => gas.takeWeeklySnapshot(clockEvent()));
    expect(snapshotIds(world)).toHaveLength(2404);
    // The first block needs rows 1..1001 of a 1000-row sheet: getRange refuses, the sheet grows by 1; each later
    // block grows it again (1000 and 404 more rows).
    expect(world.log.count('Sheet.insertRowsAfter')).toBe(3);
    // The continuation armed before the first block is removed once the last is written.
    expect(world.log.count('ClockTriggerBuilder.after')).toBe(1);
    expect(world.ScriptApp.triggers).toHaveLength(0);
  });
});
