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
 *
 * What to send and what to log is the digest workflow's plan (src/workflows/digests.ts,
 * shared with the Excel add-in); this file reads the sheets, runs the plan's steps
 * with MailApp, and writes the Alerts log.
 */
import { escapeCellText, isoDay, type Digest, type PipelineConfig, type RenderOptions } from '../core/index';
import { digestRunWords, labelsFor } from '../workflows/catalogue/index';
import {
  loggedToday,
  planDigestSend,
  previewFor,
  refusedStatus,
  renderEmail,
  staleDigests,
  STATUS_WAITING,
  waitingStep,
  withinQuota,
  type PlannedEmail,
  type SendStep,
} from '../workflows/digests';
import { elapsedSince, removeTriggers, RUN_BUDGET_MS, scheduleContinuation } from './continuation';
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
import { cellsToCore, type SheetZone } from './zone';

export {
  STATUS_FAILED,
  STATUS_INVALID,
  STATUS_MANAGER,
  STATUS_SENDING,
  STATUS_SENDING_MANAGER,
  STATUS_SENT,
  STATUS_UNCONFIRMED,
  STATUS_UNCONFIRMED_MANAGER,
  STATUS_WAITING,
} from '../workflows/digests';

/** The top-level function the daily trigger calls (exported from main.ts). */
export const DIGEST_HANDLER = 'sendDailyDigests';
/** The top-level function a one-off trigger calls to finish a run that stopped at its time budget. */
export const DIGEST_CONTINUE_HANDLER = 'continueDailyDigests';
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
  const missing = [stages.missing ? STAGES_SHEET : '', deals.sheet ? '' : DEALS_SHEET, history.missing ? HISTORY_SHEET : ''].filter(
    Boolean,
  );
  if (missing.length) return { missing, config, zone, asOf, all: [], render: {} as RenderOptions };
  const all = staleDigests(deals.deals, history.entries, config, asOf);
  const base = `${ss.getUrl().replace(/[#?].*$/, '')}#gid=${deals.sheet ? deals.sheet.getSheetId() : 0}`;
  const render: RenderOptions = { rowLink: (deal) => `${base}&range=A${deal.row}`, sheetLink: base, workbookName: ss.getName() };
  return { missing, config, zone, asOf, all, render };
}

/** The current user's digest, rendered; null when they have no stale deals; a problem when a sheet is missing. */
export function previewDigest(ss: Spreadsheet, owner: string): { subject: string; html: string } | { problem: string } | null {
  const run = prepareDigests(ss);
  if (run.missing.length) return { problem: labelsFor(ss.getSpreadsheetLocale()).sheetsMissing(run.missing) };
  return previewFor(run.all, owner, run.config.rules.language, run.render);
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

/**
 * Appends rows to the Alerts log after the last row the read under the lock saw,
 * creating the sheet with its header on the first row written. An email's final
 * status ("sent") is not written on its own: `settle` keeps it, and the next append
 * writes it together with the next "sending" row, in one range (4 calls an email
 * instead of 5). `finish` writes the rows with no email behind them (`later`) and a
 * status no append carried. Neither write is flushed on its own: the next email's
 * flush, or the end of the run, commits it, and a run stopped before that leaves the
 * row "sending", which the next run marks unconfirmed and never sends again.
 */
class AlertsLog {
  private nextRow: number;
  private sheet: GoogleAppsScript.Spreadsheet.Sheet | null;
  /** The last block written: its range and the values it should hold. */
  private last: { range: GoogleAppsScript.Spreadsheet.Range; rows: unknown[][]; dirty: boolean } | null = null;
  /** Rows with no email behind them, written together at the end. */
  private readonly waiting: unknown[][] = [];
  /** `day` is today's date as a Sheets cell (the spreadsheet's midnight). */
  constructor(
    private readonly ss: Spreadsheet,
    alerts: SheetTable | null,
    private readonly day: Date,
  ) {
    this.sheet = alerts ? alerts.sheet : null;
    this.nextRow = alerts ? alerts.lastRow + 1 : 0;
  }
  /** The row of an email about to go out, carrying the settled status of the one before. */
  append(owner: string, deals: number, status: string): void {
    this.write([[this.day, owner, deals, status]]);
  }
  /** The final status of the row appended last, written with the next append or by finish. */
  settle(owner: string, deals: number, status: string): void {
    if (!this.last) return;
    this.last.rows[this.last.rows.length - 1] = [this.day, owner, deals, status];
    this.last.dirty = true;
  }
  /** A row with no email behind it, kept for finish. */
  later(owner: string, deals: number, status: string): void {
    this.waiting.push([this.day, owner, deals, status]);
  }
  /** Rewrites the status of a row written on an earlier run. */
  setStatus(row: number, status: string): void {
    this.sheet?.getRange(row, 4).setValue(escapeCellText(status));
  }
  /** Writes the later rows (unless `withLater` is false) with a settled status, or that status alone over its block. */
  finish(withLater: boolean): void {
    if (withLater && this.waiting.length) this.write(this.waiting.splice(0));
    if (!this.last?.dirty) return;
    this.last.range.setValues(escapeCellTexts(this.last.rows));
    this.last.dirty = false;
  }
  private write(rows: unknown[][]): void {
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
}

/** What a run counted, and why it stopped, as sendDigests reports it. */
interface RunTally {
  sent: number;
  waiting: number;
  skipped: number;
  unconfirmed: number;
  continues: boolean;
  problem: string;
  warning: string;
}

/**
 * Sends today's digests. Safe to run again the same day, and after a run that Apps
 * Script stopped: an owner with today's row "sent", "sending", "unconfirmed" or
 * "failed: …" gets nothing more today (a failed send is tried again the next day),
 * and a log line already written today is not written twice. The plan (which email
 * goes, what is logged) is the workflow's (src/workflows/digests.ts); this runs it.
 */
export function sendDigests(ss: Spreadsheet, now = new Date(), budgetMs = RUN_BUDGET_MS, continuing = false): SendResult {
  const startedAt = Date.now();
  // The script lock, not the document lock: a run may send for minutes, and edits (which take the document
  // lock to append History) must not be put back meanwhile. Digest runs exclude each other; nothing else
  // writes the Alerts log, and Deals and History are only read.
  const lock = LockService.getScriptLock();
  const tally: RunTally = { sent: 0, waiting: 0, skipped: 0, unconfirmed: 0, continues: false, problem: '', warning: '' };
  if (!lock.tryLock(30_000)) return { ...tally, busy: true };
  try {
    const alerts = readSheetByName(ss, ALERTS_SHEET);
    const run = prepareDigests(ss, now);
    if (run.missing.length) {
      const labels = labelsFor(ss.getSpreadsheetLocale());
      return { ...tally, busy: false, problem: `${labels.sheetsMissing(run.missing)} ${labels.digestNotSent}` };
    }
    const today = isoDay(run.asOf);
    const logged = alerts ? loggedToday(cellsToCore(alerts.values, run.zone), today) : new Map<string, number>();
    const wanted = planDigestSend({ all: run.all, config: run.config, logged, continuing });
    // The quota is read once, and only when some email is due; each email spends one (every digest goes to one address).
    const plan = wanted.emails ? withinQuota(wanted, MailApp.getRemainingDailyQuota()) : wanted;
    // A big run arms its continuation first: if Apps Script stops it at the limit, the rest still go out today.
    if (plan.armContinuation) scheduleContinuation(DIGEST_CONTINUE_HANDLER);
    const log = new AlertsLog(ss, alerts, run.zone.toSheet(new Date(`${today}T00:00:00Z`)));
    runSteps(ss, run, plan.steps, log, tally, () => elapsedSince(startedAt) > budgetMs);
    finishLog(ss, log, tally);
    if (tally.continues) scheduleContinuation(DIGEST_CONTINUE_HANDLER);
    else if (plan.armContinuation) removeTriggers(DIGEST_CONTINUE_HANDLER);
    return { ...tally, busy: false };
  } finally {
    lock.releaseLock();
  }
}

/**
 * Runs the plan's steps in order until one says stop (the time budget, or an Alerts
 * log that cannot be written, so an email could not be recorded). A refusal that
 * finds the quota spent makes every later email wait too.
 */
function runSteps(
  ss: Spreadsheet,
  run: DigestRun,
  steps: readonly SendStep[],
  log: AlertsLog,
  tally: RunTally,
  timeUp: () => boolean,
): void {
  let quotaSpent = false;
  for (const planned of steps) {
    const step = planned.kind === 'send' && quotaSpent ? waitingStep(planned.email) : planned;
    if (step.kind === 'log') {
      tally[step.counts]++;
      if (step.write) log.later(step.row.owner, step.row.deals, step.row.status);
    } else if (step.kind === 'unconfirm') {
      log.setStatus(step.sheetRow, step.status);
      tally.unconfirmed++;
    } else {
      if (timeUp()) {
        tally.continues = true;
        return;
      }
      const outcome = deliver(ss, run, step.email, log, tally);
      if (outcome === 'stop') return;
      quotaSpent = outcome === 'quota spent';
    }
  }
}

/**
 * One email, recorded before and after: its "sending" row is written and flushed,
 * then the email goes, then the row is settled ("sent", "waiting for quota",
 * "failed: …"). 'stop' when the Alerts log refused the row.
 */
function deliver(
  ss: Spreadsheet,
  run: DigestRun,
  email: PlannedEmail,
  log: AlertsLog,
  tally: RunTally,
): 'sent' | 'failed' | 'quota spent' | 'stop' {
  const rendered = renderEmail(email, run.all, run.config.rules.language, email.digest ? run.render : summaryRender(ss, run, tally));
  try {
    log.append(email.to, email.deals, email.statuses.sending);
    // Committed before the email leaves, so that a run stopped right after the send still shows it.
    SpreadsheetApp.flush();
  } catch (error) {
    if (!isProtectedError(error)) throw error;
    const labels = labelsFor(ss.getSpreadsheetLocale());
    tally.problem = `${labels.protectedRange(rangeName(ALERTS_SHEET))} ${labels.digestStoppedProtected}`;
    return 'stop';
  }
  try {
    MailApp.sendEmail({ to: email.to, subject: rendered.subject, body: rendered.text, htmlBody: rendered.html, name: SENDER_NAME });
    log.settle(email.to, email.deals, email.statuses.sent);
    tally.sent++;
    return 'sent';
  } catch (error) {
    // Another script of the same account may have spent the quota since it was read.
    const status = refusedStatus(error, MailApp.getRemainingDailyQuota());
    log.settle(email.to, email.deals, status);
    if (status === STATUS_WAITING) {
      tally.waiting++;
      return 'quota spent';
    }
    tally.skipped++;
    return 'failed';
  }
}

/**
 * The manager summary's render options: the Rates sheet is read only here (the owners'
 * digests show no totals, and a run without a summary needs no rates). A warning is
 * shown to whoever has the spreadsheet open (a menu run); the trigger's run also logs
 * it (runDailyDigests). A toast is only a courtesy: should one be refused where no one
 * has the sheet open, the summary still goes.
 */
function summaryRender(ss: Spreadsheet, run: DigestRun, tally: RunTally): RenderOptions {
  const rates = digestRates(ss, run.zone, run.all, run.config.rules.dateOrder);
  tally.warning = rates.warning;
  if (rates.warning) {
    try {
      ss.toast(rates.warning, 'Pipeline digest', 10);
    } catch {
      // The execution log keeps the warning.
    }
  }
  return rates.baseTotal ? { ...run.render, baseTotal: rates.baseTotal } : run.render;
}

/** Writes the rows with no email behind them (unless a protected log stopped the run) and the last settled status. */
function finishLog(ss: Spreadsheet, log: AlertsLog, tally: RunTally): void {
  try {
    log.finish(!tally.problem);
  } catch (error) {
    if (!isProtectedError(error)) throw error;
    tally.problem ||= labelsFor(ss.getSpreadsheetLocale()).protectedRange(rangeName(ALERTS_SHEET));
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
  if (result.busy) console.info(`Pipeline daily digest: ${digestRunWords('en').digestBusy}`);
  if (result.continues) console.info(`Pipeline daily digest: sent ${result.sent}; the rest follows from a one-off trigger.`);
  return result;
}

/** The one-off trigger's run: it removes itself (one-off triggers stay listed until deleted) and carries on. */
export function continueDailyDigests(ss: Spreadsheet): SendResult {
  removeTriggers(DIGEST_CONTINUE_HANDLER);
  return runDailyDigests(ss, true);
}
