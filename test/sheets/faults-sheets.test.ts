/**
 * Faults in the workbook itself and in MailApp's quota, through the built bundle: a
 * Stages, Deals or History sheet deleted or renamed (a clear message in the menu
 * and in the trigger's execution log, and a trigger that ends normally, so Apps
 * Script sends no failure email day after day), an Alerts log or Snapshots sheet the
 * trigger's account may not write, and the daily quota running out part-way
 * through a run.
 *
 * "Now" is Monday 2026-11-23 10:00 in Berlin. With addOwners, the digests go, in
 * owner order, to ann, bob, cy, dan, eve, fay, and "not-an-email" gets an
 * invalid-address row.
 */
import { describe, expect, it, vi } from 'vitest';
import { clockEvent, runExecution, userEdit } from '../fakes/gas';
import { addOwners, builtBundleAt, COL, pipelineWorld } from './world';

builtBundleAt();

type World = ReturnType<typeof pipelineWorld>['world'];
const alertsLog = (world: World) =>
  world.spreadsheet
    .sheet('Alerts log')
    .dump()
    .slice(1)
    .map((r) => `${String(r[1]).split('@')[0]}:${r[3]}`);
const missingMessage = (name: string) =>
  `The "${name}" sheet is missing (deleted or renamed). Rename it back, or run Pipeline → Set up workbook to create it.`;
const deleteSheet = (world: World, name: string) =>
  world.spreadsheet.sheets.splice(world.spreadsheet.sheets.indexOf(world.spreadsheet.sheet(name)), 1);

describe('a deleted or renamed Stages, Deals or History sheet', () => {
  it.each(['Stages', 'Deals', 'History'])(
    '%s deleted: the daily trigger sends nothing, logs why and ends normally, day after day',
    (name) => {
      const { world, gas } = pipelineWorld();
      deleteSheet(world, name);
      for (const day of ['2026-11-23', '2026-11-24', '2026-11-25']) {
        vi.setSystemTime(new Date(`${day}T07:00:00Z`));
        const run = runExecution(world, () => gas.sendDailyDigests(clockEvent()));
        expect(run.error).toBeUndefined();
      }
      expect(world.MailApp.sent).toHaveLength(0);
      expect(world.spreadsheet.sheets.some((s) => s.name === 'Alerts log')).toBe(false);
      // One warning per run.
      expect(world.console.lines).toEqual(
        Array.from({ length: 3 }, () => ({ level: 'warn', text: `Pipeline daily digest: ${missingMessage(name)} No digests were sent.` })),
      );
    },
  );

  it('History renamed: Send digests now says what is missing and how to fix it', () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.sheet('History').name = 'History 2025';
    runExecution(world, () => gas.menuDigestSendNow());
    expect(world.ui.shown.at(-1)).toEqual({ kind: 'alert', title: '', content: `${missingMessage('History')} No digests were sent.` });
    expect(world.MailApp.sent).toHaveLength(0);
  });

  it('Deals renamed: Preview my digest says so instead of "no stale deals"', () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.sheet('Deals').name = 'Deals (old)';
    runExecution(world, () => gas.menuDigestPreview());
    expect(world.ui.shown.at(-1)!.content).toBe(missingMessage('Deals'));
  });

  it('in a Russian spreadsheet, the message names the Russian menu', () => {
    const { world, gas } = pipelineWorld({ locale: 'ru_RU' });
    deleteSheet(world, 'Stages');
    runExecution(world, () => gas.menuDigestSendNow());
    expect(world.ui.shown.at(-1)!.content).toBe(
      'Нет листа «Stages» (удалён или переименован). Верните прежнее имя или выполните Воронка → Настроить книгу, чтобы создать ' +
        'его. Сводки не отправлены.',
    );
  });

  it('Deals deleted: the weekly snapshot takes nothing and logs why; the menu says so', () => {
    const { world, gas } = pipelineWorld();
    deleteSheet(world, 'Deals');
    const run = runExecution(world, () => gas.takeWeeklySnapshot(clockEvent()));
    expect(run.error).toBeUndefined();
    expect(world.console.lines).toEqual([
      { level: 'warn', text: `Pipeline weekly snapshot: ${missingMessage('Deals')} No snapshot was taken.` },
    ]);
    runExecution(world, () => gas.menuSnapshotOn());
    expect(world.ui.shown.at(-1)!.content).toBe(
      `The weekly snapshot is on: every Monday at 8:00 (Europe/Berlin).\n${missingMessage('Deals')} No snapshot was taken.`,
    );
    expect(world.spreadsheet.sheets.some((s) => s.name === 'Snapshots')).toBe(false);
  });

  // Nothing is judged by the default stages: they would misjudge a team’s own.
  it('Stages deleted: a typed stage is put back with a note, and History is untouched', () => {
    const { world, gas } = pipelineWorld();
    deleteSheet(world, 'Stages');
    const deals = world.spreadsheet.sheet('Deals');
    const run = runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    expect(run.error).toBeUndefined();
    expect(deals.cell(2, COL.stage)).toBe('Qualified');
    // The workflow's words (src/workflows/check-edits.ts): the deal and the stage it went back to are named.
    const message =
      `${missingMessage('Stages')} The stage of D1 was put back to "Qualified", since the change cannot be checked or written to ` +
      `History without it.`;
    expect(deals.notes.get(`2,${COL.stage}`)).toBe(`Pipeline: ${message}`);
    expect(world.ui.shown.at(-1)).toEqual({ kind: 'toast', title: 'Stage change undone', content: message });
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });

  it('Stages deleted: a paste is put back to the stages in History', () => {
    const { world, gas } = pipelineWorld();
    deleteSheet(world, 'Stages');
    const deals = world.spreadsheet.sheet('Deals');
    runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Lead']])));
    // D1's last History move is to Qualified, D2's to Contacted.
    expect([deals.cell(2, COL.stage), deals.cell(3, COL.stage)]).toEqual(['Qualified', 'Contacted']);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });

  it('Deals renamed: edits there are left alone (it is no longer the Deals sheet) and nothing throws', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    deals.name = 'Deals (old)';
    const run = runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Won']])));
    expect(run.error).toBeUndefined();
    expect(world.log.count('write')).toBe(0);
    expect(deals.cell(2, COL.stage)).toBe('Won');
  });

  it('Stages deleted: the move dialog refuses to judge a move', () => {
    const { world, gas } = pipelineWorld();
    deleteSheet(world, 'Stages');
    const reply = runExecution(world, () => gas.applyDealMove({ row: 2, dealId: 'D1', toStage: 'Contacted', fields: {}, reason: '' }))
      .value as { ok: boolean; messages: string[] };
    expect(reply).toEqual({ ok: false, messages: [missingMessage('Stages')] });
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });

  it('Stages deleted: Validate all deals judges nothing by the default stages, and says how to bring Stages back', () => {
    const { world, gas } = pipelineWorld();
    deleteSheet(world, 'Stages');
    runExecution(world, () => gas.menuValidateDeals());
    const sidebar = world.ui.shown.find((s) => s.kind === 'sidebar')!;
    // The workflow's refusal, the same words as the Excel task pane's (test/workflows/validate-all.test.ts).
    expect(sidebar.content).toContain(`Not validated. ${missingMessage('Stages').replaceAll('"', '&quot;')}`);
    expect(world.spreadsheet.sheet('Deals').notes.size).toBe(0);
  });
});

describe('an Alerts log or Snapshots sheet the trigger’s account may not write', () => {
  const PROTECTED = (where: string) =>
    `${where} is protected, and this account may not edit it. The spreadsheet owner or an editor of that protected range can add ` +
    `this account (Data → Protect sheets and ranges) or remove the protection.`;

  it('Alerts log: no email goes out that could not be recorded; the trigger logs why and ends normally', () => {
    const { world, gas } = pipelineWorld();
    const alerts = world.spreadsheet.sheet('Alerts log');
    alerts.load([['Date', 'Owner', 'Deals', 'Status']]);
    alerts.protect().removeEditors(['ann@example.com']);
    const run = runExecution(world, () => gas.sendDailyDigests(clockEvent()));
    expect(run.error).toBeUndefined();
    expect(world.MailApp.sent).toHaveLength(0);
    expect(alerts.dump()).toHaveLength(1);
    expect(world.console.lines).toEqual([
      {
        level: 'warn',
        text:
          `Pipeline daily digest: ${PROTECTED('The Alerts log sheet')} No more digests were sent: a digest is sent only once its ` +
          `Alerts log row is written, so that none goes twice.`,
      },
    ]);
  });

  it('Snapshots: nothing is appended, and the menu says where and who can fix it', () => {
    const { world, gas } = pipelineWorld();
    const snapshots = world.spreadsheet.sheet('Snapshots');
    snapshots.load([['Snapshot date', 'Deal ID', 'Owner', 'Stage', 'Amount', 'Probability', 'Weighted', 'Expected close']]);
    snapshots.protect().removeEditors(['ann@example.com']);
    runExecution(world, () => gas.menuSnapshotOn());
    expect(snapshots.dump()).toHaveLength(1);
    expect(world.ui.shown.at(-1)!.content).toBe(
      `The weekly snapshot is on: every Monday at 8:00 (Europe/Berlin).\n${PROTECTED('The Snapshots sheet')} The snapshot could ` +
        `not be written.`,
    );
  });
});

describe('the mail quota running out part-way through a run', () => {
  it('the rest go out on the next run, and none goes twice', () => {
    const { world, gas } = pipelineWorld();
    addOwners(world, ['cy@example.com', 'dan@example.com', 'eve@example.com', 'fay@example.com']);
    // The quota reads 100, but another script of the same account spends it all just as this run sends its third
    // email (cy's), which MailApp then refuses.
    world.log.clock.onCall('MailApp.sendEmail', () => (world.MailApp.quota = 0), 3);
    runExecution(world, () => gas.sendDailyDigests(clockEvent()));
    expect(world.MailApp.sent.map((m) => m.to.split('@')[0])).toEqual(['ann', 'bob']);
    // cy's "sending" row becomes "waiting for quota"; dan, eve and fay wait without trying; then the invalid row.
    expect(alertsLog(world)).toEqual([
      'ann:sent',
      'bob:sent',
      'cy:waiting for quota',
      'dan:waiting for quota',
      'eve:waiting for quota',
      'fay:waiting for quota',
      'not-an-email:invalid address, skipped',
    ]);

    // The quota is back (Google resets it 24 hours after the first request); Send digests now that evening.
    world.MailApp.quota = 100;
    vi.setSystemTime(new Date('2026-11-23T17:00:00Z'));
    runExecution(world, () => gas.menuDigestSendNow());
    expect(world.MailApp.sent.map((m) => m.to.split('@')[0])).toEqual(['ann', 'bob', 'cy', 'dan', 'eve', 'fay']);
    // Four new sent rows; the invalid row is not written twice in a day: 11 rows.
    expect(alertsLog(world).slice(7)).toEqual(['cy:sent', 'dan:sent', 'eve:sent', 'fay:sent']);
    expect(world.ui.shown.at(-1)!.content).toBe("Sent 4 digest(s); 0 wait for tomorrow's quota; 1 skipped (see the Alerts log sheet).");
  });
});
