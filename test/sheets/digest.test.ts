/**
 * Daily digests through the built bundle: the trigger (installing twice leaves
 * one), sending with MailApp's quota, the Alerts log that stops a same-day re-run
 * from sending twice, invalid owners, the manager summary and the preview.
 *
 * "Now" is fixed at 2026-11-23 10:00 in Berlin. By the fixture, every deal is past
 * its stage's rotting days: D1 49 days in Qualified (14), D2 64 in Contacted (14),
 * D3 53 in Proposal (21), D4 34 in Lead (14). So ann gets 2 deals, bob 1, and
 * "not-an-email" 1, which is logged and skipped.
 */
import { describe, expect, it, vi } from 'vitest';
import { generateSample } from '../../src/sample/generate';
import { clockEvent, createGas, loadBundle, sheetDate } from '../fakes/gas';
import { builtBundleAt, pipelineWorld, TZ } from './world';

builtBundleAt();

const log = (world: ReturnType<typeof pipelineWorld>['world']) => world.spreadsheet.sheet('Alerts log').dump().slice(1);

describe('the digest trigger', () => {
  it('installs one daily trigger at the Digest hour, however often it is turned on, and removes it', () => {
    const { world, gas } = pipelineWorld();
    // Digest hour 7 in the Stages settings block (row 15 of the default table).
    const stages = world.spreadsheet.sheet('Stages');
    const hourRow = stages.dump().findIndex((r) => r[0] === 'Digest hour') + 1;
    stages.put(hourRow, 2, 7);
    gas.menuDigestOn();
    gas.menuDigestOn();
    expect(world.ScriptApp.triggers).toHaveLength(1);
    const [trigger] = world.ScriptApp.triggers;
    expect(trigger.getHandlerFunction()).toBe('sendDailyDigests');
    expect(trigger.spec).toEqual({ everyDays: 1, atHour: 7, timeZone: TZ });
    expect(typeof gas.sendDailyDigests).toBe('function');
    expect(world.ui.shown.at(-1)!.content).toContain('7:00');
    gas.menuDigestOff();
    expect(world.ScriptApp.triggers).toHaveLength(0);
  });

  it('leaves triggers of other handlers alone', () => {
    const { world, gas } = pipelineWorld();
    world.ScriptApp.newTrigger('somethingElse').timeBased().everyDays(1).create();
    gas.menuDigestOn();
    gas.menuDigestOff();
    expect(world.ScriptApp.triggers.map((t) => t.getHandlerFunction())).toEqual(['somethingElse']);
  });
});

describe('sending', () => {
  it('sends each valid owner one HTML and text email with row links, and logs every outcome', () => {
    const { world, gas } = pipelineWorld();
    gas.sendDailyDigests(clockEvent());
    const sent = world.MailApp.sent;
    expect(sent.map((m) => m.to)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(world.MailApp.quota).toBe(98);
    const ann = sent[0];
    expect(ann.htmlBody).toContain('Acme renewal');
    expect(ann.htmlBody).toContain('Gamma');
    expect(ann.body).toContain('Acme renewal');
    // D1 sits on sheet row 2, D3 on row 4.
    expect(ann.htmlBody).toContain('&amp;range=A2');
    expect(ann.htmlBody).toContain('&amp;range=A4');
    const today = sheetDate(2026, 11, 23, TZ);
    expect(log(world)).toEqual([
      [today, 'ann@example.com', 2, 'sent'],
      [today, 'bob@example.com', 1, 'sent'],
      [today, 'not-an-email', 1, 'invalid address, skipped'],
    ]);
  });

  it('sends nothing twice on a same-day re-run, and logs nothing twice', () => {
    const { world, gas } = pipelineWorld();
    gas.sendDailyDigests(clockEvent());
    vi.setSystemTime(new Date('2026-11-23T15:00:00Z'));
    gas.sendDailyDigests(clockEvent());
    gas.menuDigestSendNow();
    expect(world.MailApp.sent).toHaveLength(2);
    expect(log(world)).toHaveLength(3);
    expect(world.ui.shown.at(-1)!.content).toContain('Sent 0 digest(s)');
  });

  it('sends again the next day', () => {
    const { world, gas } = pipelineWorld();
    gas.sendDailyDigests(clockEvent());
    vi.setSystemTime(new Date('2026-11-24T09:00:00Z'));
    gas.sendDailyDigests(clockEvent());
    expect(world.MailApp.sent).toHaveLength(4);
    expect(log(world)).toHaveLength(6);
  });

  it('reads the quota once and counts it down; what does not fit waits for the next run', () => {
    const { world, gas } = pipelineWorld({ mailQuota: 1 });
    gas.sendDailyDigests(clockEvent());
    expect(world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com']);
    // Read before ann's email (1 left); after it, bob's waits on the count alone.
    expect(world.log.count('MailApp.getRemainingDailyQuota')).toBe(1);
    expect(log(world).map((r) => r[3])).toEqual(['sent', 'waiting for quota', 'invalid address, skipped']);
    // The quota comes back (Google resets it daily); a later run that day sends only what waited.
    world.MailApp.quota = 100;
    gas.sendDailyDigests(clockEvent());
    expect(world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(log(world).map((r) => `${r[1]}:${r[3]}`)).toEqual([
      'ann@example.com:sent',
      'bob@example.com:waiting for quota',
      'not-an-email:invalid address, skipped',
      'bob@example.com:sent',
    ]);
  });

  it('never calls sendEmail with the quota spent (the real one would throw)', () => {
    const { world, gas } = pipelineWorld({ mailQuota: 0 });
    gas.sendDailyDigests(clockEvent());
    expect(world.log.count('MailApp.sendEmail')).toBe(0);
    expect(log(world).map((r) => r[3])).toEqual(['waiting for quota', 'waiting for quota', 'invalid address, skipped']);
  });

  it('logs a send that failed because another script spent the quota as waiting, not as sent', () => {
    const { world, gas } = pipelineWorld();
    const mail = world.MailApp;
    const read = mail.getRemainingDailyQuota.bind(mail);
    let reads = 0;
    // Another script of the same account spends the whole quota right after this run reads it.
    mail.getRemainingDailyQuota = () => {
      const left = read();
      if (++reads === 1) mail.quota = 0;
      return left;
    };
    gas.sendDailyDigests(clockEvent());
    expect(mail.sent).toHaveLength(0);
    // ann's send throws, the quota is read again (0), so ann and then bob wait for the next run.
    expect(reads).toBe(2);
    expect(log(world).map((r) => `${r[1]}:${r[3]}`)).toEqual([
      'ann@example.com:waiting for quota',
      'bob@example.com:waiting for quota',
      'not-an-email:invalid address, skipped',
    ]);
  });

  it('sends the manager a summary of every owner once a day', () => {
    const { world, gas } = pipelineWorld();
    const stages = world.spreadsheet.sheet('Stages');
    const managerRow = stages.dump().findIndex((r) => r[0] === 'Manager email') + 1;
    stages.put(managerRow, 2, 'boss@example.com');
    gas.sendDailyDigests(clockEvent());
    gas.sendDailyDigests(clockEvent());
    expect(world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com', 'bob@example.com', 'boss@example.com']);
    // 2 + 1 + 1 stale deals across all owners. Rows with an email behind them come first; the invalid address's
    // row is written at the end of the run.
    expect(log(world).map((r) => r.slice(1))).toEqual([
      ['ann@example.com', 2, 'sent'],
      ['bob@example.com', 1, 'sent'],
      ['boss@example.com', 4, 'sent manager summary'],
      ['not-an-email', 1, 'invalid address, skipped'],
    ]);
  });

  it('writes nothing and sends nothing while another digest run holds the script lock', () => {
    const { world, gas } = pipelineWorld();
    world.LockService.script.heldByOther = true;
    gas.sendDailyDigests(clockEvent());
    expect(world.MailApp.sent).toHaveLength(0);
  });

  it('makes 30 service calls on a first run, and 29 on a re-run with the Alerts log in place', () => {
    const { world, gas } = pipelineWorld();
    gas.sendDailyDigests(clockEvent());
    // Counted one by one: the spreadsheet (1); the script lock: get, try (3); the Alerts log's handle, missing (4); the
    // timezone (5); Stages, Deals, History: handle and values each (11); formatDate twice to check the runtime's
    // offsets (13); the URL, the Deals sheet id and the workbook name for row links (16); the quota once (17);
    // ann: the Alerts log created with its header and her "sending" row (insert, range, values, frozen row), flush,
    // the email (23); bob: one range holding ann's "sent" and his "sending", its values, flush, the email (27); the
    // invalid address's row at the end, carrying bob's "sent": range, values (29); release (30).
    expect(world.log.total).toBe(30);
    expect(world.log.count('SpreadsheetApp.flush')).toBe(2);
    expect(world.log.count('Utilities.formatDate')).toBe(2);
    world.log.reset();
    vi.setSystemTime(new Date('2026-11-24T09:00:00Z'));
    gas.sendDailyDigests(clockEvent());
    // The next day: the Alerts log's handle and values (18 before the first email), then four calls per email:
    // range, values ("sending", with the row before's "sent" after the first), flush, the email (26); the invalid
    // row carrying the last "sent": range, values (28); release (29).
    expect(world.MailApp.sent).toHaveLength(4);
    expect(world.log.count('Sheet.getLastRow')).toBe(0);
    expect(world.log.total).toBe(29);
  });

  it('sends the same emails and log whether the runtime has timezone data (2 formatDate calls a year) or not (one a week)', () => {
    // The seeded 300-deal sample over more than a year of dates, in a zone with clock changes.
    const sample = generateSample({ deals: 300, seed: 11, asOf: new Date('2026-11-23T00:00:00Z') });
    const run = (withIntl: boolean) => {
      const world = createGas({ timeZone: 'America/New_York', mailQuota: 1000 });
      world.spreadsheet.sheet('Stages').load(sample.stagesTable);
      world.spreadsheet.sheet('Deals').load(sample.dealsTable);
      world.spreadsheet.sheet('History').load(sample.historyTable);
      // Without Intl in the script's context, the offsets can come from formatDate only.
      const gas = loadBundle(withIntl ? world : { ...world, globals: { ...world.globals, Intl: undefined } });
      world.log.reset();
      gas.sendDailyDigests(clockEvent());
      return { world, sent: world.MailApp.sent, log: log(world) };
    };
    const intl = run(true);
    const service = run(false);
    // The sample's dates fall in 2025, 2026 and 2027 (expected closes): 1 January and 1 July of each.
    expect(intl.world.log.count('Utilities.formatDate')).toBe(6);
    expect(service.world.log.count('Utilities.formatDate')).toBeGreaterThan(50);
    expect(intl.sent.length).toBeGreaterThan(0);
    expect(intl.sent).toEqual(service.sent);
    expect(intl.log).toEqual(service.log);
  });

  it('makes the same calls for 4 deals and for 400', () => {
    const small = pipelineWorld();
    small.gas.sendDailyDigests(clockEvent());
    const big = pipelineWorld({ mailQuota: 1000 });
    const deals = big.world.spreadsheet.sheet('Deals');
    const rows = deals.dump().slice(1);
    const copies = Array.from({ length: 100 }, (_, k) => rows.map((r) => [`${r[0]}-${k}`, ...r.slice(1)])).flat();
    deals.load(copies, 6);
    big.world.log.reset();
    big.gas.sendDailyDigests(clockEvent());
    expect(big.world.MailApp.sent).toHaveLength(2);
    expect(big.world.log.count('read')).toBe(small.world.log.count('read'));
    expect(big.world.log.count('write')).toBe(small.world.log.count('write'));
    expect(big.world.log.snapshot()).toEqual(small.world.log.snapshot());
  });
});

describe('preview', () => {
  it("shows the current user's digest without sending it", () => {
    const { world, gas } = pipelineWorld();
    gas.menuDigestPreview();
    const dialog = world.ui.shown.find((s) => s.kind === 'dialog')!;
    expect(dialog.content).toContain('Acme renewal');
    expect(dialog.content).not.toContain('Beta');
    expect(world.MailApp.sent).toHaveLength(0);
  });

  it('finds the digest whatever the case of the signed-in address (owners are kept as typed)', () => {
    const { world, gas } = pipelineWorld({ user: 'Ann@Example.COM' });
    gas.menuDigestPreview();
    expect(world.ui.shown.find((s) => s.kind === 'dialog')!.content).toContain('Acme renewal');
  });

  it('says so when the user has no stale deals', () => {
    const { world, gas } = pipelineWorld({ user: 'zed@example.com' });
    gas.menuDigestPreview();
    expect(world.ui.shown.at(-1)!.content).toContain('No stale deals for zed@example.com');
  });
});
