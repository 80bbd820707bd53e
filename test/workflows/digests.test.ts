/**
 * "Preview and send digests", one workflow (src/workflows/digests.ts) through both
 * adapters: the Sheets preview dialog and send run (the built bundle on the Apps
 * Script fakes) and the Excel task pane's stale list (staleByOwner on the strict
 * Office fake), over the same pipeline (both-platforms.ts). Excel sends no email
 * itself (the Office Script does, from Power Automate), so its side of the send is
 * the plan made from the tables as the Excel add-in reads them: the same owners, in
 * the same order, with the same statuses as the Sheets run carried out.
 *
 * By hand (days in stage on 2026-11-23 against the default rotting days): S1 49 > 14
 * and S2 64 > 14 are stale, S3 13 < 21 is not, S4 34 > 14 is, S5 is Won. So ann has 1
 * stale deal (S1), bob 1 (S2), "not-an-email" 1 (S4, logged, never sent); cy none.
 */
import { describe, expect, it, vi } from 'vitest';
import { staleByOwner } from '../../excel-addin/src/stale';
import { readPipeline } from '../../excel-addin/src/workbook';
import { isoDay, type PipelineConfig } from '../../src/core/index';
import { loggedToday, planDigestSend, staleDigests, withinQuota, type DigestSendPlan } from '../../src/workflows/digests';
import { clockEvent } from '../fakes/gas';
import { bothPlatformsAtNow, excelPipeline, NOW, sheetsDay, sheetsPipeline, type SheetsPipeline } from './both-platforms';

bothPlatformsAtNow();

/** Sheets: the preview each signed-in user gets (the dialog's title and text), or the alert saying there is none. */
function sheetsPreview(sheets: SheetsPipeline, user: string): { title: string; content: string; kind: string } {
  sheets.world.Session.activeUser = user;
  sheets.gas.menuDigestPreview();
  return sheets.world.ui.shown.at(-1)!;
}

/** Excel: the send plan from the tables the add-in reads, against an Alerts log (core values) and a quota. */
async function excelPlan(alerts: unknown[][] | null, quota: number): Promise<DigestSendPlan> {
  const book = await Excel.run((context) => readPipeline(context));
  const asOf = new Date(Date.UTC(2026, 10, 23, 9));
  const all = staleDigests(book.dealsRead.deals, book.history, book.config as PipelineConfig, asOf);
  const plan = planDigestSend({ all, config: book.config, logged: loggedToday(alerts ?? [], isoDay(asOf)) });
  return withinQuota(plan, quota);
}

/** The plan's steps in words: "send ann@example.com", "log bob@example.com: waiting for quota", … */
const stepsOf = (plan: DigestSendPlan) =>
  plan.steps.map((s) =>
    s.kind === 'send'
      ? `send ${s.email.to}`
      : s.kind === 'log'
        ? `log ${s.row.owner}: ${s.row.status}${s.write ? '' : ' (already logged)'}`
        : `unconfirm row ${s.sheetRow}`,
  );

/** The Sheets Alerts log in core values: each date the Berlin day it shows. */
const alertsLog = (sheets: SheetsPipeline) =>
  sheets.world.spreadsheet
    .sheet('Alerts log')
    .dump()
    .map((row) => row.map(sheetsDay));

describe('the preview', () => {
  it('shows the same owners and stale deals on both platforms', async () => {
    const sheets = sheetsPipeline();
    const ann = sheetsPreview(sheets, 'ann@example.com');
    const bob = sheetsPreview(sheets, 'Bob@Example.com');
    const cy = sheetsPreview(sheets, 'cy@example.com');

    excelPipeline();
    const { owners, refused } = await staleByOwner(NOW);
    expect(refused).toBe('');
    expect(owners.map((o) => [o.owner, o.addressOk, o.deals.map((d) => `${d.id} ${d.days}`)])).toEqual([
      ['ann@example.com', true, ['S1 49']],
      ['bob@example.com', true, ['S2 64']],
      ['not-an-email', false, ['S4 34']],
    ]);

    // Sheets shows the signed-in user's own digest: ann's holds S1 and not S3 (fresh), bob's (any case) S2.
    expect(ann.kind).toBe('dialog');
    expect(ann.content).toContain('Acme renewal');
    expect(ann.content).not.toContain('Gamma');
    expect(bob.content).toContain('Beta');
    expect(cy).toMatchObject({ kind: 'alert', content: 'No stale deals for cy@example.com today.' });
    // The same headline on both: one deal needs attention, dated the local day.
    for (const [title, excel] of [
      [ann.title, owners[0]],
      [bob.title, owners[1]],
    ] as const) {
      expect(title).toContain('1 deal needs attention');
      expect(title).toContain('2026-11-23');
      expect(excel.subject).toContain('1 deal needs attention');
      expect(excel.subject).toContain('2026-11-23');
    }
    // The same body text: Excel's mailto: carries the digest text with the deal and its days.
    expect(decodeURIComponent(owners[0].mailto.split('&body=')[1])).toContain('Acme renewal');
    expect(owners[0].text).toContain('49 days');
    expect(owners[2].mailto).toBe('');
  });

  it('lists Excel’s stale deals in the workbook’s language (Stages → Language), as the digest is written', async () => {
    const fake = excelPipeline();
    const stages = fake.sheets.get('Stages')!;
    stages[stages.findIndex((row) => row[0] === 'Language')][1] = 'ru';
    const { owners, words } = await staleByOwner(NOW);
    expect(owners[0].heading).toBe('ann@example.com · 1 сделка');
    expect(owners[0].deals[0].line).toBe('S1 Acme renewal — Qualified, 49 дней (Застой)');
    expect(words.compose).toBe('Написать письмо');
    expect(owners[2].heading).toBe('not-an-email · 1 сделка');

    excelPipeline();
    const english = await staleByOwner(NOW);
    expect(english.owners[0].heading).toBe('ann@example.com · 1 deal');
    expect(english.owners[0].deals[0].line).toBe('S1 Acme renewal — Qualified, 49 days (No movement)');
  });
});

describe('the send plan', () => {
  it('honours the quota: with one email left, ann is sent and bob waits, on both', async () => {
    const sheets = sheetsPipeline({ mailQuota: 1 });
    sheets.gas.sendDailyDigests(clockEvent());
    expect(sheets.world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com']);
    expect(alertsLog(sheets).slice(1)).toEqual([
      ['2026-11-23', 'ann@example.com', 1, 'sent'],
      ['2026-11-23', 'bob@example.com', 1, 'waiting for quota'],
      ['2026-11-23', 'not-an-email', 1, 'invalid address, skipped'],
    ]);

    excelPipeline();
    expect(stepsOf(await excelPlan(null, 1))).toEqual([
      'send ann@example.com',
      'log bob@example.com: waiting for quota',
      'log not-an-email: invalid address, skipped',
    ]);
  });

  it('never sends twice on a re-run the same day: only bob, once the quota is back, on both', async () => {
    const sheets = sheetsPipeline({ mailQuota: 1 });
    sheets.gas.sendDailyDigests(clockEvent());
    const afterFirst = alertsLog(sheets);
    sheets.world.MailApp.quota = 100;
    vi.setSystemTime(new Date('2026-11-23T15:00:00Z'));
    sheets.gas.sendDailyDigests(clockEvent());
    sheets.gas.sendDailyDigests(clockEvent());
    expect(sheets.world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com', 'bob@example.com']);
    // Neither the waiting row nor the invalid one is written a second time.
    expect(
      alertsLog(sheets)
        .slice(1)
        .map((r) => `${r[1]}: ${r[3]}`),
    ).toEqual([
      'ann@example.com: sent',
      'bob@example.com: waiting for quota',
      'not-an-email: invalid address, skipped',
      'bob@example.com: sent',
    ]);

    // Excel's read, against the log the first Sheets run left: the same decision.
    excelPipeline();
    expect(stepsOf(await excelPlan(afterFirst, 100))).toEqual([
      'send bob@example.com',
      'log not-an-email: invalid address, skipped (already logged)',
    ]);
    expect(stepsOf(await excelPlan(alertsLog(sheets), 100))).toEqual(['log not-an-email: invalid address, skipped (already logged)']);
  });

  it('does not send again to an owner a stopped run left "sending": the row becomes unconfirmed, on both', async () => {
    const log = [
      ['Date', 'Owner', 'Deals', 'Status'],
      ['2026-11-23', 'ann@example.com', 1, 'sending'],
    ];
    const sheets = sheetsPipeline();
    sheets.world.spreadsheet.sheet('Alerts log').load(log);
    sheets.gas.sendDailyDigests(clockEvent());
    expect(sheets.world.MailApp.sent.map((m) => m.to)).toEqual(['bob@example.com']);
    expect(alertsLog(sheets)[1][3]).toBe('unconfirmed: the run stopped during this send; not sent again');

    excelPipeline();
    expect(stepsOf(await excelPlan(log, 100))).toEqual([
      'unconfirm row 2',
      'send bob@example.com',
      'log not-an-email: invalid address, skipped',
    ]);
  });

  it('ends with the manager summary of every owner (3 stale deals: 1 + 1 + 1), within the quota, on both', async () => {
    const sheets = sheetsPipeline({ manager: 'boss@example.com' });
    sheets.gas.sendDailyDigests(clockEvent());
    expect(sheets.world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com', 'bob@example.com', 'boss@example.com']);
    expect(alertsLog(sheets).find((r) => r[1] === 'boss@example.com')).toEqual([
      '2026-11-23',
      'boss@example.com',
      3,
      'sent manager summary',
    ]);

    excelPipeline({ manager: 'boss@example.com' });
    const plan = await excelPlan(null, 2);
    expect(stepsOf(plan)).toEqual([
      'send ann@example.com',
      'send bob@example.com',
      'log not-an-email: invalid address, skipped',
      'log boss@example.com: waiting for quota',
    ]);
    expect(plan.steps.at(-1)).toMatchObject({ row: { deals: 3 } });
  });
});
