/**
 * Digests that fit MailApp, and a refused send that is not retried the same day.
 * MailApp refuses a body over 200 KB on a consumer account (400 KB on Workspace)
 * with "Limit Exceeded: Email Body Size."; the fake does too (services.ts). With
 * about 300 stale deals an owner's email rendered in full came to 325-373 KB: every
 * such owner got nothing, and every later run that day tried again and logged
 * another "failed" row.
 */
import { describe, expect, it, vi } from 'vitest';
import { SETUP_DEAL_FIELDS } from '../../src/sheets/setup';
import { clockEvent, loadBundle, sheetDate, utf8Bytes } from '../fakes/gas';
import { builtBundleAt, pipelineWorld, TZ } from './world';

builtBundleAt();

const OWNERS = ['ann', 'bao', 'carlos', 'dana', 'elena', 'farid', 'grace', 'hiro'].map((name) => `${name}@example.com`);
const PER_OWNER = 300;

/**
 * The fixture plus 300 open deals for each of 8 owners, all stale on 2026-11-23: in
 * Proposal (21 rotting days) since 30 to 329 days, a next step overdue since
 * 2026-11-01 and a close date passed on 2026-11-15. About 1.4 KB of email each.
 */
function bigTeamWorld(account: 'consumer' | 'workspace') {
  const { world } = pipelineWorld({ account });
  const rows: unknown[][] = [];
  OWNERS.forEach((owner, o) => {
    for (let i = 0; i < PER_OWNER; i++) {
      const values: Record<string, unknown> = {
        id: `B${o}-${i}`,
        name: `Renewal ${i} — Northwind Traders (${owner.split('@')[0]})`,
        account: 'Northwind Traders GmbH',
        owner,
        stage: 'Proposal',
        amount: 12000 + i,
        currency: 'EUR',
        created: sheetDate(2025, 1, 2, TZ),
        expectedClose: sheetDate(2026, 11, 15, TZ),
        nextStep: 'Send the revised proposal and book a call with procurement',
        nextStepDate: sheetDate(2026, 11, 1, TZ),
        // 30 + i days before 2026-11-23.
        stageChanged: sheetDate(2026, 10, 24 - i, TZ),
      };
      rows.push(SETUP_DEAL_FIELDS.map((f) => values[f] ?? ''));
    }
  });
  world.spreadsheet.sheet('Deals').load(rows, 6);
  const gas = loadBundle(world);
  return { world, gas };
}

const log = (world: ReturnType<typeof pipelineWorld>['world']) => world.spreadsheet.sheet('Alerts log').dump().slice(1);

describe('a digest over the size limit', () => {
  it.each(['consumer', 'workspace'] as const)(
    'reaches each of 8 owners with 300 stale deals on a %s account, each email within 200 KB',
    (account) => {
      const { world, gas } = bigTeamWorld(account);
      gas.sendDailyDigests(clockEvent());
      const rows = log(world).filter((r) => OWNERS.includes(r[1] as string));
      // ann also has the fixture's D1 and D3: 302 deals; the other seven 300 each. Each logged once, as sent.
      expect(rows.map((r) => `${r[1]}:${r[2]}:${r[3]}`)).toEqual(OWNERS.map((o, i) => `${o}:${i === 0 ? 302 : 300}:sent`));
      const mails = world.MailApp.sent.filter((m) => OWNERS.includes(m.to));
      expect(mails).toHaveLength(8);
      for (const [i, mail] of mails.entries()) {
        const stale = rows[i][2] as number;
        expect(utf8Bytes(mail.body) + utf8Bytes(mail.htmlBody)).toBeLessThanOrEqual(200 * 1024);
        // The subject counts every stale deal; the body lists some and counts the rest, with a link to the sheet.
        expect(mail.subject).toContain(`${stale} deals need attention`);
        const listed = (mail.htmlBody.match(/<tr><td/g) ?? []).length;
        const more = Number(/…and (\d+) more deals/.exec(mail.htmlBody)?.[1]);
        expect(listed + more).toBe(stale);
        expect(mail.htmlBody).toContain('>See them all in the Deals sheet</a>');
        expect(mail.body).toContain(`See them all in the Deals sheet: https://docs.google.com/spreadsheets/d/1FakeSpreadsheetId/edit#gid=`);
      }
    },
  );

  it('lists the deals longest in their stage first', () => {
    const { world, gas } = bigTeamWorld('consumer');
    gas.sendDailyDigests(clockEvent());
    const days = [...world.MailApp.sent.find((m) => m.to === 'bao@example.com')!.body.matchAll(/^ {3}Stage: .* for (\d+) days?/gm)].map(
      (m) => Number(m[1]),
    );
    // bao's deals sat 30..329 days in Proposal: the email starts at 329 and goes down one day a deal.
    expect(days.length).toBeGreaterThan(50);
    expect(days).toEqual(days.map((_, i) => 329 - i));
  });
});

describe('a send MailApp refuses', () => {
  /** The fixture with MailApp refusing ann's email once, as it does when Gmail is down. */
  function refusingWorld() {
    const loaded = pipelineWorld();
    loaded.world.log.clock.onCall('MailApp.sendEmail', () => {
      throw new Error('Exception: Service unavailable: Gmail');
    });
    return loaded;
  }

  it('is logged once and not tried again the same day', () => {
    const { world, gas } = refusingWorld();
    gas.sendDailyDigests(clockEvent());
    expect(log(world).map((r) => `${r[1]}:${r[3]}`)).toEqual([
      expect.stringMatching(/^ann@example\.com:failed: .*Service unavailable: Gmail$/),
      'bob@example.com:sent',
      'not-an-email:invalid address, skipped',
    ]);
    const sends = world.log.count('MailApp.sendEmail');
    vi.setSystemTime(new Date('2026-11-23T15:00:00Z'));
    gas.sendDailyDigests(clockEvent());
    gas.menuDigestSendNow();
    expect(world.log.count('MailApp.sendEmail')).toBe(sends);
    expect(log(world)).toHaveLength(3);
  });

  it('is tried again the next day', () => {
    const { world, gas } = refusingWorld();
    gas.sendDailyDigests(clockEvent());
    vi.setSystemTime(new Date('2026-11-24T09:00:00Z'));
    gas.sendDailyDigests(clockEvent());
    expect(world.MailApp.sent.map((m) => m.to)).toEqual(['bob@example.com', 'ann@example.com', 'bob@example.com']);
    expect(
      log(world)
        .slice(3)
        .map((r) => `${r[1]}:${r[3]}`),
    ).toEqual(['ann@example.com:sent', 'bob@example.com:sent', 'not-an-email:invalid address, skipped']);
  });
});
