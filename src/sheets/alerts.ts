/**
 * Stale-deal digests by email, with no server: an installable time-driven trigger
 * (installed from the menu; installing again replaces it, so there is only ever
 * one) runs sendDailyDigests once a day at the Digest hour set in Stages. Each owner
 * gets one email, HTML and plain text from the core's renderDigest. The remaining
 * MailApp quota is read once, before the first send, and counted down with each
 * email (every digest goes to one address); what does not fit waits for the next
 * run. Every outcome is a row of the Alerts log sheet (date, owner, deals, status);
 * a re-run on the same day skips whoever already has a row saying it was sent, or
 * that MailApp refused it (tried again the next day). Each email keeps to the core's
 * size budget (renderDigest: the longest-stale deals, then "…and N more" with a link
 * to the Deals sheet), so MailApp's body limit never refuses a big owner's digest.
 *
 * No digest goes twice, even when Apps Script stops a run at its 6-minute limit,
 * where no catch or finally block runs: before each email its row is written as
 * "sending" and flushed, and after it the row becomes "sent". A run stopped between
 * the two leaves "sending", which the next run reads as "maybe sent": it marks the
 * row unconfirmed and does not send again (at most once, never twice). Rows that
 * need no email (invalid address, waiting for quota) are written in one block at
 * the end. The run also watches its own time: at RUN_BUDGET_MS it stops and a
 * one-off trigger sends the rest a minute later; a run of more than ARM_AFTER_EMAILS
 * digests arms that trigger before its first email, so that it comes even when the
 * run is stopped at the limit. A run needs Stages, Deals and
 * History; with one missing it sends nothing and says which. A protected Alerts log
 * stops the run before any email that could not be recorded. Runs exclude each other
 * with the script lock, so that edits, which take the document lock, go on while a
 * long run sends. When the manager summary adds up stale amounts in more than one
 * currency, the Rates sheet is read for it (rates.ts); a workbook in one currency makes
 * no call for it, and a Rates sheet with problems is reported (execution log, toast)
 * and left unused, so the totals stay per currency. The calls per run do
 * not depend on the number of deals: one read per table, and per email four
 * calls (one range holding the last email's "sent" and this one's "sending", its
 * values, flush, the email).
 */
import { cellText, isEmail, escapeCellText } from '../core/cells';
import { isoDay, parseDate } from '../core/dates';
import { digests, renderDigest, renderManagerSummary, type Digest, type RenderOptions } from '../core/digest';
import { ownerKey } from '../core/deals';
import { staleDeals } from '../core/stale';
import type { PipelineConfig } from '../core/types';
import { ARM_AFTER_EMAILS, elapsedSince, removeTriggers, RUN_BUDGET_MS, scheduleContinuation } from './continuation';
import { labelsFor } from '../workflows/catalogue/index';
import { digestRates } from './rates';
import {
  ALERTS_HEADERS,
  ALERTS_SHEET,
  escapeCellTexts,
  DEALS_SHEET,
  HISTORY_SHEET,
  isProtectedError,
  loadConfig,
  loadDeals,
  loadHistory,
  rangeName,
  rangeToWrite,
  readSheetByName,
  spreadsheetZone,
  STAGES_SHEET,
  type SheetTable,
  type Spreadsheet,
} from './workbook';
import type { SheetZone } from './zone';

/** The top-level function the daily trigger calls (exported from main.ts). */
export const DIGEST_HANDLER = 'sendDailyDigests';
/** The top-level function a one-off trigger calls to finish a run that stopped at its time budget. */
export const DIGEST_CONTINUE_HANDLER = 'continueDailyDigests';
export const STATUS_SENT = 'sent';
export const STATUS_MANAGER = 'sent manager summary';
export const STATUS_INVALID = 'invalid address, skipped';
export const STATUS_WAITING = 'waiting for quota';
/** Written before an email goes out; it stays only when the run was stopped mid-send. */
export const STATUS_SENDING = 'sending';
export const STATUS_SENDING_MANAGER = 'sending manager summary';
/** What the next run makes of a row left "sending": maybe sent, and not sent again. */
export const STATUS_UNCONFIRMED = 'unconfirmed: the run stopped during this send; not sent again';
export const STATUS_UNCONFIRMED_MANAGER = 'unconfirmed manager summary: the run stopped during this send; not sent again';
const SENDER_NAME = 'Pipeline Sheets';

/** Replaces any digest trigger with one that runs daily at the Digest hour. */
export function installDigestTrigger(ss: Spreadsheet): { hour: number; timeZone: string; stagesMissing: boolean } {
  const { config, missing } = loadConfig(ss);
  removeDigestTrigger();
  const timeZone = ss.getSpreadsheetTimeZone();
  ScriptApp.newTrigger(DIGEST_HANDLER).timeBased().everyDays(1).atHour(config.rules.digestHour).inTimezone(timeZone).create();
  return { hour: config.rules.digestHour, timeZone, stagesMissing: missing };
}

/** Deletes every digest trigger, and a pending continuation with it; returns how many daily triggers there were. */
export function removeDigestTrigger(): number {
  let removed = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    const handler = trigger.getHandlerFunction();
    if (handler === DIGEST_HANDLER || handler === DIGEST_CONTINUE_HANDLER) {
      ScriptApp.deleteTrigger(trigger);
      if (handler === DIGEST_HANDLER) removed++;
    }
  }
  return removed;
}

interface DigestRun {
  /** Stages, Deals or History when the sheet is not there: nothing can be judged without it. */
  readonly missing: readonly string[];
  readonly config: PipelineConfig;
  readonly zone: SheetZone;
  readonly asOf: Date;
  readonly all: Digest[];
  readonly render: RenderOptions;
}

/** Reads Stages, Deals and History once each and works out every owner's digest for today. */
export function prepareDigests(ss: Spreadsheet, now = new Date()): DigestRun {
  const zone = spreadsheetZone(ss);
  const stages = loadConfig(ss);
  const { config } = stages;
  const deals = loadDeals(ss, config, zone);
  const history = loadHistory(ss, config, zone);
  const asOf = zone.toCore(now);
  const missing = [stages.missing ? STAGES_SHEET : '', deals.sheet ? '' : DEALS_SHEET, history.missing ? HISTORY_SHEET : ''].filter(Boolean);
  if (missing.length) return { missing, config, zone, asOf, all: [], render: {} as RenderOptions };
  const all = digests(staleDeals(deals.deals, history.entries, config, asOf), asOf);
  const base = `${ss.getUrl().replace(/[#?].*$/, '')}#gid=${deals.sheet ? deals.sheet.getSheetId() : 0}`;
  const render: RenderOptions = { rowLink: (deal) => `${base}&range=A${deal.row}`, sheetLink: base, workbookName: ss.getName() };
  return { missing, config, zone, asOf, all, render };
}

/** The current user's digest, rendered; null when they have no stale deals; a problem when a sheet is missing. */
export function previewDigest(ss: Spreadsheet, owner: string): { subject: string; html: string } | { problem: string } | null {
  const run = prepareDigests(ss);
  if (run.missing.length) return { problem: labelsFor(ss.getSpreadsheetLocale()).sheetsMissing(run.missing) };
  // Owners are kept as typed; an address matches whatever its case (ownerKey).
  const mine = run.all.find((d) => ownerKey(d.owner) === ownerKey(owner));
  if (!mine) return null;
  return renderDigest(mine, run.config.rules.language, run.render);
}

export interface SendResult {
  readonly sent: number;
  readonly waiting: number;
  readonly skipped: number;
  /** True when another run held the lock and nothing was done. */
  readonly busy: boolean;
  /** Owners a stopped run left "sending": maybe sent, not sent again. Counted once, when first found. */
  readonly unconfirmed: number;
  /** True when the run stopped at its time budget and a one-off trigger will send the rest. */
  readonly continues: boolean;
  /** Why nothing, or nothing more, was sent (a missing sheet, a protected Alerts log); '' otherwise. */
  readonly problem: string;
  /** What the emails that went out left out (a Rates sheet with problems: totals per currency only); '' otherwise. */
  readonly warning: string;
}

/** The start of the status of a send MailApp refused: "failed: Exception: …". */
export const STATUS_FAILED = 'failed';

/** Today's rows of the Alerts log, as "owner|status" → sheet row number. */
function loggedToday(values: readonly unknown[][], zone: SheetZone, today: string): Map<string, number> {
  const done = new Map<string, number>();
  for (let r = 1; r < values.length; r++) {
    const [date, owner, , status] = values[r];
    const parsed = parseDate(date instanceof Date ? zone.toCore(date) : date);
    if (!parsed.ok || !parsed.date || isoDay(parsed.date) !== today) continue;
    const text = cellText(status);
    // Every failure counts as one status: a failed send is tried again the next day, not again today.
    done.set(`${cellText(owner).toLowerCase()}|${text.startsWith(`${STATUS_FAILED}:`) ? STATUS_FAILED : text}`, r + 1);
  }
  return done;
}

/**
 * Appends rows to the Alerts log after the last row the read under the lock saw,
 * creating the sheet with its header on the first row written. An email's final
 * status ("sent") is not written on its own: `settle` keeps it, and the next append
 * writes it together with the next "sending" row, in one range (4 calls an email
 * instead of 5). `finish` writes a status no append carried. Neither write is
 * flushed on its own, as before: the next email's flush, or the end of the run,
 * commits it, and a run stopped before that leaves the row "sending", which the next
 * run marks unconfirmed and never sends again.
 */
class AlertsLog {
  private nextRow: number;
  private sheet: GoogleAppsScript.Spreadsheet.Sheet | null;
  /** The last block written: its range and the values it should hold. */
  private last: { range: GoogleAppsScript.Spreadsheet.Range; rows: unknown[][]; dirty: boolean } | null = null;
  constructor(private readonly ss: Spreadsheet, alerts: SheetTable | null) {
    this.sheet = alerts ? alerts.sheet : null;
    this.nextRow = alerts ? alerts.lastRow + 1 : 0;
  }
  append(rows: unknown[][]): void {
    if (!this.sheet) {
      const sheet = this.ss.insertSheet(ALERTS_SHEET);
      this.sheet = sheet;
      const range = rangeToWrite(sheet, 1, 1, rows.length + 1, ALERTS_HEADERS.length);
      const written = [[...ALERTS_HEADERS], ...rows];
      range.setValues(escapeCellTexts(written));
      sheet.setFrozenRows(1);
      this.nextRow = rows.length + 2;
      this.last = { range, rows: written, dirty: false };
      return;
    }
    // A settled status of the row just above goes out in the same write.
    const carried = this.last?.dirty ? this.last.rows[this.last.rows.length - 1] : null;
    const written = carried ? [carried, ...rows] : rows;
    const range = rangeToWrite(this.sheet, this.nextRow - (carried ? 1 : 0), 1, written.length, ALERTS_HEADERS.length);
    range.setValues(escapeCellTexts(written));
    this.nextRow += rows.length;
    this.last = { range, rows: written, dirty: false };
  }
  /** The final values of the row appended last, written with the next append or by finish. */
  settle(row: unknown[]): void {
    if (!this.last) return;
    this.last.rows[this.last.rows.length - 1] = row;
    this.last.dirty = true;
  }
  /** Writes a settled row that no append carried: one call, over the block it was written in. */
  finish(): void {
    if (!this.last?.dirty) return;
    this.last.range.setValues(escapeCellTexts(this.last.rows));
    this.last.dirty = false;
  }
  /** Rewrites the status of a row written on an earlier run. */
  setStatus(row: number, status: string): void {
    this.sheet?.getRange(row, 4).setValue(escapeCellText(status));
  }
}

/** The statuses of one kind of email: an owner's digest or the manager's summary. */
interface Statuses {
  readonly sending: string;
  readonly sent: string;
  readonly unconfirmed: string;
  readonly failed: string;
}
const DIGEST_STATUSES: Statuses = { sending: STATUS_SENDING, sent: STATUS_SENT, unconfirmed: STATUS_UNCONFIRMED, failed: STATUS_FAILED };
// The manager's summary failing is logged under the manager's address, as the owner's digest is under the owner's.
const MANAGER_STATUSES: Statuses = { sending: STATUS_SENDING_MANAGER, sent: STATUS_MANAGER, unconfirmed: STATUS_UNCONFIRMED_MANAGER, failed: STATUS_FAILED };

/**
 * Sends today's digests. Safe to run again the same day, and after a run that Apps
 * Script stopped: an owner with today's row "sent", "sending", "unconfirmed" or
 * "failed: …" gets nothing more today (a failed send is tried again the next day),
 * and a log line already written today is not written twice.
 */
export function sendDigests(ss: Spreadsheet, now = new Date(), budgetMs = RUN_BUDGET_MS, continuing = false): SendResult {
  const startedAt = Date.now();
  // The script lock, not the document lock: a run may send for minutes, and edits (which take the document
  // lock to append History) must not be put back meanwhile. Digest runs exclude each other; nothing else
  // writes the Alerts log, and Deals and History are only read.
  const lock = LockService.getScriptLock();
  const idle = { sent: 0, waiting: 0, skipped: 0, busy: false, unconfirmed: 0, continues: false, problem: '', warning: '' };
  if (!lock.tryLock(30_000)) return { ...idle, busy: true };
  try {
    const alerts = readSheetByName(ss, ALERTS_SHEET);
    const run = prepareDigests(ss, now);
    if (run.missing.length) {
      const labels = labelsFor(ss.getSpreadsheetLocale());
      return { ...idle, problem: `${labels.sheetsMissing(run.missing)} ${labels.digestNotSent}` };
    }
    const today = isoDay(run.asOf);
    const logged = alerts ? loggedToday(alerts.values, run.zone, today) : new Map<string, number>();
    const log = new AlertsLog(ss, alerts);
    const logDay = run.zone.toSheet(new Date(`${today}T00:00:00Z`));
    // Rows with no email behind them, written together at the end.
    const later: unknown[][] = [];
    const note = (owner: string, deals: number, status: string) => {
      const key = `${owner.toLowerCase()}|${status}`;
      if (logged.has(key)) return;
      logged.set(key, 0);
      later.push([logDay, owner, deals, status]);
    };
    let sent = 0;
    let waiting = 0;
    let skipped = 0;
    let unconfirmed = 0;
    let problem = '';
    let warning = '';
    let continues = false;
    let quota: number | undefined;

    /** Whether `to` already had this email today; a row left "sending" is marked unconfirmed once. */
    const alreadyHandled = (to: string, statuses: Statuses): boolean => {
      const key = (status: string) => `${to.toLowerCase()}|${status}`;
      // Sent, maybe sent, or refused by MailApp today: nothing more today (a refusal is tried again tomorrow).
      if (logged.has(key(statuses.sent)) || logged.has(key(statuses.unconfirmed)) || logged.has(key(statuses.failed))) return true;
      const row = logged.get(key(statuses.sending));
      if (row === undefined) return false;
      if (row > 0) log.setStatus(row, statuses.unconfirmed);
      logged.set(key(statuses.unconfirmed), row);
      unconfirmed++;
      return true;
    };

    /**
     * One email, recorded before and after: false when the run must stop (its time is
     * up, or the Alerts log cannot be written, so the email could not be recorded).
     */
    const deliver = (to: string, deals: number, statuses: Statuses, rendered: { subject: string; text: string; html: string }): boolean => {
      if (elapsedSince(startedAt) > budgetMs) {
        continues = true;
        return false;
      }
      quota ??= MailApp.getRemainingDailyQuota();
      if (quota < 1) {
        note(to, deals, STATUS_WAITING);
        waiting++;
        return true;
      }
      try {
        log.append([[logDay, to, deals, statuses.sending]]);
        // Committed before the email leaves, so that a run stopped right after the send still shows it.
        SpreadsheetApp.flush();
      } catch (error) {
        if (!isProtectedError(error)) throw error;
        const labels = labelsFor(ss.getSpreadsheetLocale());
        problem = `${labels.protectedRange(rangeName(ALERTS_SHEET))} ${labels.digestStoppedProtected}`;
        return false;
      }
      let status = statuses.sent;
      try {
        MailApp.sendEmail({ to, subject: rendered.subject, body: rendered.text, htmlBody: rendered.html, name: SENDER_NAME });
        quota--;
        sent++;
      } catch (error) {
        // Another script of the same account may have spent the quota since it was read.
        quota = MailApp.getRemainingDailyQuota();
        if (quota < 1) {
          status = STATUS_WAITING;
          waiting++;
        } else {
          status = `${STATUS_FAILED}: ${error instanceof Error ? error.message : String(error)}`;
          skipped++;
        }
      }
      log.settle([logDay, to, deals, status]);
      logged.set(`${to.toLowerCase()}|${status.startsWith(`${STATUS_FAILED}:`) ? STATUS_FAILED : status}`, 0);
      return true;
    };

    // A big run arms its continuation first: if Apps Script stops it at the limit, the rest still go out today.
    // A continuation does not arm another, so that runs stopped again and again cannot loop every minute.
    const armed = !continuing && run.all.length > ARM_AFTER_EMAILS;
    if (armed) scheduleContinuation(DIGEST_CONTINUE_HANDLER);
    let going = true;
    for (const digest of run.all) {
      const owner = digest.owner || '(no owner)';
      if (!digest.addressOk) {
        note(owner, digest.deals.length, STATUS_INVALID);
        skipped++;
        continue;
      }
      if (alreadyHandled(digest.owner, DIGEST_STATUSES)) continue;
      going = deliver(digest.owner, digest.deals.length, DIGEST_STATUSES, renderDigest(digest, run.config.rules.language, run.render));
      if (!going) break;
    }
    const manager = run.config.rules.managerEmail;
    if (going && manager && isEmail(manager) && run.all.length > 0 && !alreadyHandled(manager, MANAGER_STATUSES)) {
      const total = run.all.reduce((sum, d) => sum + d.deals.length, 0);
      // Read only here: the owners' digests show no totals, and a run without a summary needs no rates.
      const rates = digestRates(ss, run.zone, run.all, run.config.rules.dateOrder);
      warning = rates.warning;
      // Shown to whoever has the spreadsheet open (a menu run); the trigger's run also logs it (runDailyDigests).
      // A toast is only a courtesy: should one be refused where no one has the sheet open, the summary still goes.
      if (warning) {
        try {
          ss.toast(warning, 'Pipeline digest', 10);
        } catch {
          // The execution log keeps the warning.
        }
      }
      const render = rates.baseTotal ? { ...run.render, baseTotal: rates.baseTotal } : run.render;
      deliver(manager, total, MANAGER_STATUSES, renderManagerSummary(run.all, run.config.rules.language, render));
    }
    try {
      if (later.length && !problem) log.append(later);
      log.finish();
    } catch (error) {
      if (!isProtectedError(error)) throw error;
      problem ||= labelsFor(ss.getSpreadsheetLocale()).protectedRange(rangeName(ALERTS_SHEET));
    }
    if (continues) scheduleContinuation(DIGEST_CONTINUE_HANDLER);
    else if (armed) removeTriggers(DIGEST_CONTINUE_HANDLER);
    return { sent, waiting, skipped, busy: false, unconfirmed, continues, problem, warning };
  } finally {
    lock.releaseLock();
  }
}

/**
 * The daily trigger's run. It never throws for a fault it can name (a missing sheet,
 * a protected Alerts log): a throwing trigger emails its owner a failure notice every
 * day. It writes the reason to the execution log instead, and returns.
 */
export function runDailyDigests(ss: Spreadsheet, continuing = false): SendResult {
  const result = sendDigests(ss, new Date(), RUN_BUDGET_MS, continuing);
  if (result.problem) console.warn(`Pipeline daily digest: ${result.problem}`);
  if (result.warning) console.warn(`Pipeline daily digest: ${result.warning}`);
  if (result.busy) console.info(`Pipeline daily digest: ${labelsFor('en').digestBusy}`);
  if (result.continues) console.info(`Pipeline daily digest: sent ${result.sent}; the rest follows from a one-off trigger.`);
  return result;
}

/** The one-off trigger's run: it removes itself (one-off triggers stay listed until deleted) and carries on. */
export function continueDailyDigests(ss: Spreadsheet): SendResult {
  removeTriggers(DIGEST_CONTINUE_HANDLER);
  return runDailyDigests(ss, true);
}
