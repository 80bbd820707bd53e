/**
 * The daily email to each owner about their deals with no movement, in English,
 * Vietnamese or Russian, and the manager's summary of everyone's. Each email comes
 * as a subject, a plain-text body and an HTML body made for mail clients: one small
 * table, inline styles only, no scripts or stylesheets. Every value that came from a
 * user (deal, account, stage, next step, owner, links) is HTML-escaped, and a link
 * that is not http(s), mailto or a "#" anchor is dropped rather than rendered.
 */
import { isEmail } from './cells';
import { isoDay } from './dates';
import { DEAL_HEADERS } from './headers';
import { digestStrings, formatAmountIn } from './i18n';
import type { Deal, Language } from './types';
import type { StaleDeal } from './stale';

export interface Digest {
  /** Owner email as in the Deals sheet ('' for deals with no owner). */
  readonly owner: string;
  /** False when owner is not a valid single address: such a digest is logged, never sent. */
  readonly addressOk: boolean;
  readonly asOf: Date;
  readonly deals: readonly StaleDeal[];
}

export interface RenderedDigest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface RenderOptions {
  /** A link to the deal's row (Sheets: #gid=…&range=A5). */
  readonly rowLink?: (deal: Deal) => string;
  readonly workbookName?: string;
  /**
   * The deals' amounts in one base currency (currency.ts baseTotal), or null when one has
   * no rate: a total over several currencies is then also given in it. Passed in, so
   * that digest.ts (bundled in the Office Script) does not carry the rates code.
   */
  readonly baseTotal?: (deals: readonly Deal[]) => { readonly amount: number; readonly currency: string } | null;
}

/** How many deals the manager summary lists one by one. */
export const MANAGER_TOP_DEALS = 10;

/** One digest per owner, owners in alphabetical order. */
export function digests(stale: readonly StaleDeal[], asOf: Date): Digest[] {
  const byOwner = new Map<string, StaleDeal[]>();
  for (const item of stale) {
    const list = byOwner.get(item.deal.owner);
    if (list) list.push(item);
    else byOwner.set(item.deal.owner, [item]);
  }
  return [...byOwner.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((owner) => ({ owner, addressOk: isEmail(owner), asOf, deals: byOwner.get(owner)! }));
}

export function renderDigest(digest: Digest, language: Language, options: RenderOptions = {}): RenderedDigest {
  const t = digestStrings(language);
  const day = isoDay(digest.asOf);
  const subject = headline(t.needAttention(digest.deals.length), options.workbookName, day);
  const footer = t.footer(DEAL_HEADERS[language]?.nextStepDate ?? DEAL_HEADERS.en.nextStepDate, DEAL_HEADERS[language]?.snoozeUntil ?? DEAL_HEADERS.en.snoozeUntil);

  const text: string[] = [subject, ''];
  if (digest.deals.length === 0) text.push(t.nothingStale);
  digest.deals.forEach((item, index) => {
    const deal = item.deal;
    text.push(`${index + 1}. ${oneLine(dealTitle(deal))}${withAccount(deal)}`);
    const stageLine = t.inStage(oneLine(deal.stage), item.daysInStage, item.rottingDays);
    text.push(`   ${stageLine}${item.flags.includes('rotting') ? ` — ${t.rotting}` : ''}`);
    if (item.nextStepOverdueDays !== null && deal.nextStepDate) {
      text.push(`   ${t.overdue(item.nextStepOverdueDays, oneLine(deal.nextStep), isoDay(deal.nextStepDate))}`);
    }
    if (item.closeSlippedDays !== null && deal.expectedClose) {
      text.push(`   ${t.slipped(item.closeSlippedDays, isoDay(deal.expectedClose))}`);
    }
    if (deal.amount !== null) text.push(`   ${t.amount(money(language, deal.amount, deal.currency))}`);
    const link = safeLink(options.rowLink?.(deal));
    if (link) text.push(`   ${t.open}: ${link}`);
  });
  text.push('', footer);

  const c = t.columns;
  const rows = digest.deals.map((item) => {
    const deal = item.deal;
    const late = (days: number | null, short: (n: number) => string) =>
      days === null ? '' : `<br><span style="${LATE}">${escapeHtml(short(days))}</span>`;
    const nextStep = [escapeHtml(deal.nextStep), deal.nextStepDate ? nowrap(isoDay(deal.nextStepDate)) : ''].filter(Boolean).join(' · ');
    return [
      dealCell(deal, options),
      escapeHtml(deal.account),
      escapeHtml(deal.stage),
      daysCell(item),
      nextStep + late(item.nextStepOverdueDays, t.overdueShort),
      (deal.expectedClose ? nowrap(isoDay(deal.expectedClose)) : '') + late(item.closeSlippedDays, t.slippedShort),
      deal.amount === null ? '' : escapeHtml(money(language, deal.amount, deal.currency)),
    ];
  });
  const body =
    digest.deals.length === 0
      ? `<p style="${PARAGRAPH}">${escapeHtml(t.nothingStale)}</p>`
      : table([c.deal, c.account, c.stage, c.daysInStage, c.nextStep, c.expectedClose, c.amount], rows, [3, 6]);
  const html = page(subject, body, footer);
  return { subject, text: text.join('\n'), html };
}

/** One email for the manager: every owner's counts and the worst deals. */
export function renderManagerSummary(all: readonly Digest[], language: Language, options: RenderOptions = {}): RenderedDigest {
  const t = digestStrings(language);
  const withDeals = all.filter((d) => d.deals.length > 0);
  const every = withDeals.flatMap((d) => d.deals);
  const day = all.length > 0 ? isoDay(all[0].asOf) : '';
  const subject = headline(t.managerHeadline(every.length, withDeals.length), options.workbookName, day);
  const ownerLabel = (d: Digest) => (d.owner || t.noOwner) + (d.addressOk ? '' : ` (${t.notSent})`);
  const top = worstDeals(every, MANAGER_TOP_DEALS);
  const ownerOf = (item: StaleDeal) => item.deal.owner || t.noOwner;

  const text: string[] = [subject, ''];
  if (every.length === 0) text.push(t.nothingStale);
  else {
    text.push(`${t.byOwner}:`);
    for (const d of withDeals) text.push(`- ${oneLine(ownerLabel(d))}: ${d.deals.length}; ${totals(language, d.deals, options.baseTotal)}`);
    text.push('', `${t.topDeals(top.length)}:`);
    top.forEach((item, index) => {
      const deal = item.deal;
      text.push(`${index + 1}. ${oneLine(dealTitle(deal))}${withAccount(deal)} (${oneLine(ownerOf(item))})`);
      text.push(`   ${t.inStage(oneLine(deal.stage), item.daysInStage, item.rottingDays)}`);
      if (deal.amount !== null) text.push(`   ${t.amount(money(language, deal.amount, deal.currency))}`);
      const link = safeLink(options.rowLink?.(deal));
      if (link) text.push(`   ${t.open}: ${link}`);
    });
  }

  const c = t.columns;
  let body: string;
  if (every.length === 0) body = `<p style="${PARAGRAPH}">${escapeHtml(t.nothingStale)}</p>`;
  else {
    const ownerRows = withDeals.map((d) => [escapeHtml(ownerLabel(d)), String(d.deals.length), escapeHtml(totals(language, d.deals, options.baseTotal))]);
    const topRows = top.map((item) => [
      dealCell(item.deal, options),
      escapeHtml(ownerOf(item)),
      escapeHtml(item.deal.stage),
      daysCell(item),
      item.deal.amount === null ? '' : escapeHtml(money(language, item.deal.amount, item.deal.currency)),
    ]);
    body =
      `<p style="${HEADING}">${escapeHtml(t.byOwner)}</p>` +
      table([c.owner, c.deals, c.staleAmount], ownerRows, [1, 2]) +
      `<p style="${HEADING}">${escapeHtml(t.topDeals(top.length))}</p>` +
      table([c.deal, c.owner, c.stage, c.daysInStage, c.amount], topRows, [3, 4]);
  }
  return { subject, text: text.join('\n'), html: page(subject, body, '') };
}

/** Escapes &, <, >, " and ' for HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The deals longest in their stage, most days first (unknown days last), at most `limit`. */
export function worstDeals(stale: readonly StaleDeal[], limit: number): StaleDeal[] {
  return [...stale]
    .sort((a, b) => (b.daysInStage ?? -1) - (a.daysInStage ?? -1) || (b.deal.amount ?? 0) - (a.deal.amount ?? 0) || a.deal.row - b.deal.row)
    .slice(0, limit);
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#202124';
const PARAGRAPH = 'margin:0 0 12px 0';
const HEADING = 'margin:16px 0 8px 0;font-weight:bold';
const CELL = 'padding:6px 10px;border-bottom:1px solid #e0e0e0;text-align:left;vertical-align:top';
const HEAD = `${CELL};background:#f1f3f4;font-weight:bold`;
const LATE = 'color:#c5221f';
const LINK = 'color:#1a73e8';

/** "3 deals need attention — Pipeline (2026-11-23)" */
function headline(what: string, workbookName: string | undefined, day: string): string {
  const name = oneLine(workbookName ?? 'Pipeline');
  return `${what}${name ? ` — ${name}` : ''}${day ? ` (${day})` : ''}`;
}

/** Line breaks in a cell would break the subject header and the text layout. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

/** " — Acme" after the deal's name, unless the name already says it. */
function withAccount(deal: Deal): string {
  return deal.account && !dealTitle(deal).includes(deal.account) ? ` — ${oneLine(deal.account)}` : '';
}

function dealTitle(deal: Deal): string {
  return deal.name || deal.id;
}

function money(language: Language, amount: number, currency: string): string {
  return `${formatAmountIn(language, amount)}${currency ? ` ${currency}` : ''}`;
}

/**
 * Amounts summed per currency, never across: "12,500 USD; 3,000 EUR"; "—" when no deal
 * has one. With rates and more than one currency, the total in the base currency
 * follows ("= 15,800 USD"), unless a currency has no rate.
 */
function totals(language: Language, stale: readonly StaleDeal[], baseTotal?: RenderOptions['baseTotal']): string {
  const sums = new Map<string, number>();
  for (const { deal } of stale) if (deal.amount !== null) sums.set(deal.currency, (sums.get(deal.currency) ?? 0) + deal.amount);
  if (sums.size === 0) return '—';
  const each = [...sums.keys()]
    .sort()
    .map((currency) => money(language, sums.get(currency)!, currency))
    .join('; ');
  const base = baseTotal && sums.size > 1 ? baseTotal(stale.map((s) => s.deal)) : null;
  return base ? `${each} = ${money(language, base.amount, base.currency)}` : each;
}

/** A link the email may carry; anything else (javascript:, data:, …) is dropped. */
function safeLink(url: string | undefined): string | undefined {
  const link = url?.trim();
  return link && /^(https?:\/\/|mailto:|#)/i.test(link) && !/[\s]/.test(link) ? link : undefined;
}

function dealCell(deal: Deal, options: RenderOptions): string {
  const name = escapeHtml(dealTitle(deal));
  const link = safeLink(options.rowLink?.(deal));
  return link ? `<a href="${escapeHtml(link)}" style="${LINK}">${name}</a>` : name;
}

/** Keeps "2026-11-23" on one line; the text is ours (a formatted date), not the user's. */
function nowrap(text: string): string {
  return `<span style="white-space:nowrap">${escapeHtml(text)}</span>`;
}

function daysCell(item: StaleDeal): string {
  const days = `${item.daysInStage ?? '—'} / ${item.rottingDays ?? '—'}`;
  return item.flags.includes('rotting') ? `<span style="${LATE};font-weight:bold">${days}</span>` : days;
}

/** A table; `cells` are already-escaped HTML; `rightAligned` are column indexes of numbers. */
function table(headers: readonly string[], cells: readonly (readonly string[])[], rightAligned: readonly number[]): string {
  const align = (i: number) => (rightAligned.includes(i) ? ';text-align:right;white-space:nowrap' : '');
  const head = headers.map((h, i) => `<th style="${HEAD}${align(i)}">${escapeHtml(h)}</th>`).join('');
  const body = cells.map((row) => `<tr>${row.map((cell, i) => `<td style="${CELL}${align(i)}">${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function page(title: string, body: string, footer: string): string {
  return (
    `<div style="${FONT}">\n<p style="${PARAGRAPH};font-weight:bold">${escapeHtml(title)}</p>\n${body}\n` +
    (footer ? `<p style="margin:12px 0 0 0;font-size:12px;color:#5f6368">${escapeHtml(footer)}</p>\n` : '') +
    '</div>'
  );
}

