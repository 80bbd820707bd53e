/**
 * Preview and send the stale-deal digests, written once for both add-ins. The preview
 * is each owner's stale deals with the digest the core renders for them (Sheets shows
 * the current user's in a dialog; the Excel task pane lists every owner with a
 * mailto: link). The send plan decides, from today's rows of the Alerts log and the
 * mail quota left, which emails go out in which order, what is logged with which
 * status, who waits for quota and whether the manager gets a summary; the adapter
 * only executes the steps (send, write the log) and reports. A row left "sending" by
 * a run stopped mid-send is marked unconfirmed and never sent again: at most once,
 * never twice. Pure: core values in, a plan out.
 */
import {
  baseTotal,
  cellText,
  convertDeals,
  digests,
  isEmail,
  isoDay,
  ownerDigestStrings,
  ownerKey,
  parseDate,
  readRates,
  renderDigest,
  renderDigestText,
  renderManagerSummary,
  staleDeals,
  type DateOrder,
  type Deal,
  type Digest,
  type HistoryEntry,
  type Language,
  type PipelineConfig,
  type Problem,
  type RenderedDigest,
  type RenderOptions,
} from '../core/index';
import { digestRunWords } from './catalogue/digests';

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
/** The start of the status of a send the mail service refused: "failed: Exception: …". */
export const STATUS_FAILED = 'failed';
/** Runs with more owners than this arm their continuation first (a small run cannot come near a time limit). */
export const ARM_AFTER_EMAILS = 20;

/** The statuses of one kind of email: an owner's digest or the manager's summary. */
export interface Statuses {
  readonly sending: string;
  readonly sent: string;
  readonly unconfirmed: string;
  readonly failed: string;
}
export const DIGEST_STATUSES: Statuses = {
  sending: STATUS_SENDING,
  sent: STATUS_SENT,
  unconfirmed: STATUS_UNCONFIRMED,
  failed: STATUS_FAILED,
};
// The manager's summary failing is logged under the manager's address, as the owner's digest is under the owner's.
export const MANAGER_STATUSES: Statuses = {
  sending: STATUS_SENDING_MANAGER,
  sent: STATUS_MANAGER,
  unconfirmed: STATUS_UNCONFIRMED_MANAGER,
  failed: STATUS_FAILED,
};

/** Every owner's digest of stale deals as of `asOf`, owners in alphabetical order. */
export function staleDigests(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig, asOf: Date): Digest[] {
  return digests(staleDeals(deals, history, config, asOf), asOf);
}

/** One stale deal as the preview lists it: its row, and how long it has sat, in the digest's words. */
export interface StaleLine {
  readonly row: number;
  readonly id: string;
  readonly name: string;
  readonly stage: string;
  readonly days: number | null;
  /** "No movement, overdue by 3 days" in the digest's language. */
  readonly flags: string;
}

/** One owner's stale deals with the digest they would receive. */
export interface OwnerPreview extends Omit<RenderedDigest, 'html'> {
  readonly owner: string;
  readonly addressOk: boolean;
  readonly deals: readonly StaleLine[];
}

/** The digest of `owner` (matched whatever its case), rendered; null when they have no stale deals. */
export function previewFor(all: readonly Digest[], owner: string, language: Language, render: RenderOptions = {}): RenderedDigest | null {
  // Owners are kept as typed; an address matches whatever its case (ownerKey).
  const mine = all.find((d) => ownerKey(d.owner) === ownerKey(owner));
  return mine ? renderDigest(mine, language, render) : null;
}

/**
 * Every owner's stale deals with their digest's subject and text (no HTML: the pane only writes mailto: links): the list the Excel
 * pane shows.
 */
export function previewAll(all: readonly Digest[], language: Language, render: RenderOptions = {}): OwnerPreview[] {
  const t = ownerDigestStrings(language);
  return all.map((digest) => ({
    owner: digest.owner,
    addressOk: digest.addressOk,
    ...renderDigestText(digest, language, render),
    deals: digest.deals.map((s) => ({
      row: s.deal.row,
      id: s.deal.id,
      name: s.deal.name,
      stage: s.deal.stage,
      days: s.daysInStage,
      flags: s.flags
        .map((flag) =>
          flag === 'rotting'
            ? t.rotting
            : flag === 'overdue-next-step'
              ? t.overdueShort(s.nextStepOverdueDays ?? 0)
              : t.slippedShort(s.closeSlippedDays ?? 0),
        )
        .join(', '),
    })),
  }));
}

/**
 * The longest mailto: link the Excel pane makes, counted on the URL as it is handed to
 * the mail program (after URL-encoding); mail programs drop links much longer than this.
 * A Cyrillic or Vietnamese letter is 6 to 9 characters once encoded, so the cap is on
 * the encoded text.
 */
export const MAILTO_LINK_LIMIT = 1800;

/**
 * A mailto: link with the digest text as the body. When the whole link would pass
 * MAILTO_LINK_LIMIT, the body is cut at the last line that fits and ends with "…"
 * (the scheduled email carries the full digest); a body never ends in half a
 * character, since whole characters are encoded.
 */
export function mailtoLink(owner: string, subject: string, text: string): string {
  const head = `mailto:${encodeURIComponent(owner)}?subject=${encodeURIComponent(subject)}&body=`;
  const full = head + encodeURIComponent(text);
  if (full.length <= MAILTO_LINK_LIMIT) return full;
  const ellipsis = encodeURIComponent('\n…');
  const room = MAILTO_LINK_LIMIT - head.length - ellipsis.length;
  let body = '';
  let used = 0;
  for (const line of text.split('\n')) {
    const piece = encodeURIComponent(body === '' ? line : `\n${line}`);
    if (used + piece.length > room) break;
    body += body === '' ? line : `\n${line}`;
    used += piece.length;
  }
  if (body === '') {
    // Not even the first line fits: cut it by whole characters.
    for (const char of text) {
      const piece = encodeURIComponent(char);
      if (used + piece.length > room) break;
      body += char;
      used += piece.length;
    }
  }
  return `${head}${encodeURIComponent(body)}${ellipsis}`;
}

/** The key of a logged outcome: every failure counts as one status (a failed send is tried again the next day, not today). */
function logKey(owner: string, status: string): string {
  return `${owner.toLowerCase()}|${status.startsWith(`${STATUS_FAILED}:`) ? STATUS_FAILED : status}`;
}

/**
 * Today's rows of the Alerts log (values in core terms, header first: date, owner,
 * deals, status), as "owner|status" → 1-based row number in `values`.
 */
export function loggedToday(values: readonly (readonly unknown[])[], today: string): Map<string, number> {
  const done = new Map<string, number>();
  for (let r = 1; r < values.length; r++) {
    const [date, owner, , status] = values[r];
    const parsed = parseDate(date);
    if (!parsed.ok || !parsed.date || isoDay(parsed.date) !== today) continue;
    done.set(logKey(cellText(owner), cellText(status)), r + 1);
  }
  return done;
}

/** An email the plan sends: an owner's digest, or the manager's summary (digest null). */
export interface PlannedEmail {
  readonly to: string;
  /** The stale deals it covers (the summary: everyone's). */
  readonly deals: number;
  readonly statuses: Statuses;
  readonly digest: Digest | null;
  /** True when today's log already says this address waits for quota: a second such row is not written. */
  readonly waitingLogged: boolean;
}

/** A row of the Alerts log with no email behind it. */
export interface LogRow {
  readonly owner: string;
  readonly deals: number;
  readonly status: string;
}

/** One step of a run, in order. */
export type SendStep =
  | { readonly kind: 'send'; readonly email: PlannedEmail }
  /** A row with no email: `counts` says which total it adds to; `write` is false when today already has it. */
  | { readonly kind: 'log'; readonly row: LogRow; readonly counts: 'waiting' | 'skipped'; readonly write: boolean }
  /** A row left "sending" by a stopped run: rewrite its status (row 0: written this run, nothing to rewrite). */
  | { readonly kind: 'unconfirm'; readonly to: string; readonly sheetRow: number; readonly status: string };

export interface DigestSendPlan {
  readonly steps: readonly SendStep[];
  /** Emails among the steps: the adapter reads the quota only when there is one. */
  readonly emails: number;
  /** True when the run should arm its continuation before the first email (see ARM_AFTER_EMAILS). */
  readonly armContinuation: boolean;
}

export interface DigestSendInput {
  readonly all: readonly Digest[];
  readonly config: PipelineConfig;
  /** loggedToday of the Alerts log. */
  readonly logged: ReadonlyMap<string, number>;
  /** True for the run a continuation trigger started: it does not arm another. */
  readonly continuing?: boolean;
}

/**
 * Today's run, before the quota is known: each owner in order (an invalid address is
 * logged and skipped; an owner sent, maybe sent or refused today gets nothing more;
 * a row left "sending" is marked unconfirmed), then the manager's summary when Stages
 * names a valid Manager email and someone has stale deals. Waiting for quota is not
 * "handled": such an owner is tried again.
 */
export function planDigestSend(input: DigestSendInput): DigestSendPlan {
  const { all, config, logged } = input;
  const steps: SendStep[] = [];
  const noted = new Set<string>();
  const log = (owner: string, deals: number, status: string, counts: 'waiting' | 'skipped') => {
    const key = logKey(owner, status);
    const write = !logged.has(key) && !noted.has(key);
    noted.add(key);
    steps.push({ kind: 'log', row: { owner, deals, status }, counts, write });
  };
  /** The email, unless `to` already had it today; a row left "sending" becomes an unconfirm step. */
  const offer = (to: string, deals: number, statuses: Statuses, digest: Digest | null) => {
    const has = (status: string) => logged.has(logKey(to, status));
    if (has(statuses.sent) || has(statuses.unconfirmed) || has(statuses.failed)) return;
    const sending = logged.get(logKey(to, statuses.sending));
    if (sending !== undefined) {
      steps.push({ kind: 'unconfirm', to, sheetRow: sending, status: statuses.unconfirmed });
      return;
    }
    steps.push({ kind: 'send', email: { to, deals, statuses, digest, waitingLogged: has(STATUS_WAITING) } });
  };
  for (const digest of all) {
    if (!digest.addressOk) log(digest.owner || '(no owner)', digest.deals.length, STATUS_INVALID, 'skipped');
    else offer(digest.owner, digest.deals.length, DIGEST_STATUSES, digest);
  }
  const manager = config.rules.managerEmail;
  if (manager && isEmail(manager) && all.length > 0) {
    offer(
      manager,
      all.reduce((sum, d) => sum + d.deals.length, 0),
      MANAGER_STATUSES,
      null,
    );
  }
  return {
    steps,
    emails: steps.filter((s) => s.kind === 'send').length,
    armContinuation: !input.continuing && all.length > ARM_AFTER_EMAILS,
  };
}

/** The log step of an email that waits for quota (nothing written when today already says so). */
export function waitingStep(email: PlannedEmail): SendStep {
  return {
    kind: 'log',
    row: { owner: email.to, deals: email.deals, status: STATUS_WAITING },
    counts: 'waiting',
    write: !email.waitingLogged,
  };
}

/** The plan within `quota` emails: the first ones in order are sent, the rest wait for the next run. */
export function withinQuota(plan: DigestSendPlan, quota: number): DigestSendPlan {
  let left = quota;
  const steps = plan.steps.map((step) => {
    if (step.kind !== 'send') return step;
    if (left < 1) return waitingStep(step.email);
    left--;
    return step;
  });
  return { ...plan, steps, emails: steps.filter((s) => s.kind === 'send').length };
}

/** The status of a send the mail service refused: waiting when the quota turned out spent, else "failed: …". */
export function refusedStatus(error: unknown, quotaNow: number): string {
  if (quotaNow < 1) return STATUS_WAITING;
  return `${STATUS_FAILED}: ${error instanceof Error ? error.message : String(error)}`;
}

/** The email of a send step, rendered: the owner's digest, or the summary (with `render.baseTotal` when rates give one). */
export function renderEmail(email: PlannedEmail, all: readonly Digest[], language: Language, render: RenderOptions): RenderedDigest {
  return email.digest ? renderDigest(email.digest, language, render) : renderManagerSummary(all, language, render);
}

/** Whether some owner's stale amounts are in more than one currency (the renderer's condition for a base total). */
export function needsRates(all: readonly Digest[]): boolean {
  return all.some((digest) => new Set(digest.deals.filter((s) => s.deal.amount !== null).map((s) => s.deal.currency)).size > 1);
}

export interface DigestRates {
  /** The renderer's base-currency total; absent when the totals stay per currency. */
  readonly baseTotal?: RenderOptions['baseTotal'];
  /** What kept the totals per currency, in plain words; '' when nothing did. */
  readonly warning: string;
}

/**
 * The manager summary's base-currency total from a Rates sheet's cells (core values).
 * A sheet with any problem is not used at all (a left-out row could shift a dated rate
 * and give a wrong sum): the totals stay per currency and the warning says why.
 * `dateOrder` is the Stages sheet's Date order, as Deals' dates are read.
 */
export function ratesForSummary(
  all: readonly Digest[],
  sheet: string,
  cells: readonly (readonly unknown[])[],
  dateOrder?: DateOrder,
): DigestRates {
  const t = digestRunWords('en');
  const read = readRates(cells as unknown[][], { sheet, dateOrder });
  if (!read.rates || read.problems.length > 0) return { warning: t.ratesProblems(sheet, describeProblems(read.problems)) };
  const rates = read.rates;
  // A currency with no rate keeps the totals of the owners who have it per currency (baseTotal gives null); say which.
  const { conversion } = convertDeals(
    all.flatMap((d) => d.deals.map((s) => s.deal)),
    rates,
  );
  const missing = conversion.noRate.map((n) => n.currency);
  return { baseTotal: baseTotal(rates), warning: missing.length ? t.ratesMissing(sheet, missing) : '' };
}

/** "row 3, "Rate to USD": …" for the first three problems, then how many more. */
function describeProblems(problems: readonly Problem[]): string {
  const shown = problems.slice(0, 3).map((p) => `row ${p.row}${p.column ? `, "${p.column}"` : ''}: ${p.message}`);
  return `${shown.join(' ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`;
}

/** What a send run did, as the adapter counted it. */
export interface SendTotals {
  readonly sent: number;
  readonly waiting: number;
  readonly skipped: number;
  readonly unconfirmed: number;
  readonly busy: boolean;
  readonly continues: boolean;
  readonly problem: string;
}

/** The lines that tell the user what a send run did, in `language`. */
export function sendReport(result: SendTotals, language: Language): string {
  const labels = digestRunWords(language);
  if (result.busy) return labels.digestBusy;
  const didSomething = result.sent + result.waiting + result.skipped > 0;
  const lines = [result.problem, result.problem && !didSomething ? '' : labels.sendSummary(result.sent, result.waiting, result.skipped)];
  if (result.unconfirmed) lines.push(labels.unconfirmed(result.unconfirmed));
  if (result.continues) lines.push(labels.continuesSoon);
  return lines.filter(Boolean).join('\n');
}
