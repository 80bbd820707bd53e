/**
 * Stale-deal digests by email, with no server: an installable time-driven trigger
 * (installed from the menu; installing again replaces it, so there is only ever
 * one) runs sendDailyDigests once a day at the Digest hour set in Stages. Each owner
 * gets one email, HTML and plain text from the core's renderDigest. The remaining
 * MailApp quota is read once, before the first send, and counted down with each
 * email (every digest goes to one address); what does not fit waits for the next
 * run. Every outcome is a row of the Alerts log sheet (date, owner, deals, status),
 * written in one setValues at the end; a re-run on the same day skips whoever was
 * already sent to. A run makes the same number of service calls for 5 deals as for
 * 50,000: one read per table, one call per email.
 */
import { cellText, isEmail } from '../core/cells';
import { isoDay, parseDate } from '../core/dates';
import { digests, renderDigest, renderManagerSummary, type Digest, type RenderOptions } from '../core/digest';
import { staleDeals } from '../core/stale';
import type { PipelineConfig } from '../core/types';
import { ALERTS_HEADERS, ALERTS_SHEET, loadConfig, loadDeals, loadHistory, sheetTable, spreadsheetZone, type Sheet, type SheetTable, type Spreadsheet } from './workbook';
import type { SheetZone } from './zone';

/** The top-level function the daily trigger calls (exported from main.ts). */
export const DIGEST_HANDLER = 'sendDailyDigests';
export const STATUS_SENT = 'sent';
export const STATUS_MANAGER = 'sent manager summary';
export const STATUS_INVALID = 'invalid address, skipped';
export const STATUS_WAITING = 'waiting for quota';
const SENDER_NAME = 'Pipeline Sheets';

/** Replaces any digest trigger with one that runs daily at the Digest hour. */
export function installDigestTrigger(ss: Spreadsheet): { hour: number; timeZone: string } {
  const { config } = loadConfig(ss);
  removeDigestTrigger();
  const timeZone = ss.getSpreadsheetTimeZone();
  ScriptApp.newTrigger(DIGEST_HANDLER).timeBased().everyDays(1).atHour(config.rules.digestHour).inTimezone(timeZone).create();
  return { hour: config.rules.digestHour, timeZone };
}

/** Deletes every digest trigger; returns how many there were. */
export function removeDigestTrigger(): number {
  let removed = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (trigger.getHandlerFunction() === DIGEST_HANDLER) {
      ScriptApp.deleteTrigger(trigger);
      removed++;
    }
  }
  return removed;
}

interface DigestRun {
  readonly config: PipelineConfig;
  readonly zone: SheetZone;
  readonly asOf: Date;
  readonly all: Digest[];
  readonly render: RenderOptions;
}

/** Reads Stages, Deals and History once each and works out every owner's digest for today. */
export function prepareDigests(ss: Spreadsheet, now = new Date()): DigestRun {
  const zone = spreadsheetZone(ss);
  const { config } = loadConfig(ss);
  const deals = loadDeals(ss, config, zone);
  const history = loadHistory(ss, config, zone);
  const asOf = zone.toCore(now);
  const all = digests(staleDeals(deals.deals, history.entries, config, asOf), asOf);
  const base = `${ss.getUrl().replace(/[#?].*$/, '')}#gid=${deals.sheet ? deals.sheet.getSheetId() : 0}`;
  const render: RenderOptions = { rowLink: (deal) => `${base}&range=A${deal.row}`, workbookName: ss.getName() };
  return { config, zone, asOf, all, render };
}

/** The current user's digest, rendered, or null when they have no stale deals. */
export function previewDigest(ss: Spreadsheet, owner: string): { subject: string; html: string } | null {
  const run = prepareDigests(ss);
  const mine = run.all.find((d) => d.owner === owner.trim().toLowerCase());
  if (!mine) return null;
  return renderDigest(mine, run.config.rules.language, run.render);
}

export interface SendResult {
  readonly sent: number;
  readonly waiting: number;
  readonly skipped: number;
  /** True when another run held the lock and nothing was done. */
  readonly busy: boolean;
}

/** The owners and statuses already in the Alerts log for today, as "owner|status". */
function loggedToday(values: readonly unknown[][], zone: SheetZone, today: string): Set<string> {
  const done = new Set<string>();
  for (let r = 1; r < values.length; r++) {
    const [date, owner, , status] = values[r];
    const parsed = parseDate(date instanceof Date ? zone.toCore(date) : date);
    if (!parsed.ok || !parsed.date || isoDay(parsed.date) !== today) continue;
    done.add(`${cellText(owner).toLowerCase()}|${cellText(status)}`);
  }
  return done;
}

/**
 * Log lines written after the Alerts log's last row, which the read under the same
 * lock told; a missing Alerts log is created with its header in the same write.
 */
function appendLog(ss: Spreadsheet, alerts: SheetTable | null, log: unknown[][]): void {
  if (alerts) {
    alerts.sheet.getRange(alerts.lastRow + 1, 1, log.length, ALERTS_HEADERS.length).setValues(log);
    return;
  }
  const sheet = ss.insertSheet(ALERTS_SHEET);
  sheet.getRange(1, 1, log.length + 1, ALERTS_HEADERS.length).setValues([[...ALERTS_HEADERS], ...log]);
  sheet.setFrozenRows(1);
}

/**
 * Sends today's digests. Safe to run again the same day: owners already sent to
 * are skipped, and a log line already written today is not written twice.
 */
export function sendDigests(ss: Spreadsheet, now = new Date()): SendResult {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(30_000)) return { sent: 0, waiting: 0, skipped: 0, busy: true };
  const log: unknown[][] = [];
  let alerts: SheetTable | null = null;
  try {
    alerts = sheetTable(ss, ALERTS_SHEET);
    const run = prepareDigests(ss, now);
    const today = isoDay(run.asOf);
    const done = alerts ? loggedToday(alerts.values, run.zone, today) : new Set<string>();
    const logDay = run.zone.toSheet(new Date(`${today}T00:00:00Z`));
    const note = (owner: string, deals: number, status: string) => {
      const key = `${owner.toLowerCase()}|${status}`;
      if (done.has(key)) return;
      done.add(key);
      log.push([logDay, owner, deals, status]);
    };
    let sent = 0;
    let waiting = 0;
    let skipped = 0;
    let quota: number | undefined;
    const send = (to: string, rendered: { subject: string; text: string; html: string }): 'sent' | 'waiting' | string => {
      quota ??= MailApp.getRemainingDailyQuota();
      if (quota < 1) return 'waiting';
      try {
        MailApp.sendEmail({ to, subject: rendered.subject, body: rendered.text, htmlBody: rendered.html, name: SENDER_NAME });
        quota--;
        return 'sent';
      } catch (error) {
        // Another script of the same account may have spent the quota since it was read.
        quota = MailApp.getRemainingDailyQuota();
        if (quota < 1) return 'waiting';
        return `failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    };
    for (const digest of run.all) {
      const owner = digest.owner || '(no owner)';
      if (done.has(`${digest.owner}|${STATUS_SENT}`)) continue;
      if (!digest.addressOk) {
        note(owner, digest.deals.length, STATUS_INVALID);
        skipped++;
        continue;
      }
      const outcome = send(digest.owner, renderDigest(digest, run.config.rules.language, run.render));
      if (outcome === 'sent') sent++;
      else if (outcome === 'waiting') waiting++;
      else skipped++;
      note(digest.owner, digest.deals.length, outcome === 'sent' ? STATUS_SENT : outcome === 'waiting' ? STATUS_WAITING : outcome);
    }
    const manager = run.config.rules.managerEmail;
    if (manager && isEmail(manager) && run.all.length > 0 && !done.has(`${manager}|${STATUS_MANAGER}`)) {
      const total = run.all.reduce((sum, d) => sum + d.deals.length, 0);
      const outcome = send(manager, renderManagerSummary(run.all, run.config.rules.language, run.render));
      if (outcome === 'sent') sent++;
      else if (outcome === 'waiting') waiting++;
      else skipped++;
      note(manager, total, outcome === 'sent' ? STATUS_MANAGER : outcome === 'waiting' ? STATUS_WAITING : outcome);
    }
    return { sent, waiting, skipped, busy: false };
  } finally {
    // Written even when a send throws part-way, so a re-run knows who already has today's email.
    if (log.length) appendLog(ss, alerts, log);
    lock.releaseLock();
  }
}

