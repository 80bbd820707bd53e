/**
 * The daily email to each owner about their deals with no movement, in English,
 * Vietnamese or Russian, and the manager's summary of everyone's. Each email comes
 * as a subject, a plain-text body and an HTML body made for mail clients: one small
 * table, inline styles only, no scripts or stylesheets. Every value that came from a
 * user (deal, account, stage, next step, owner, links) is HTML-escaped, and a link
 * that is not http(s), mailto or a "#" anchor is dropped rather than rendered.
 *
 * Every email keeps to a size budget (DIGEST_BODY_BUDGET_BYTES for the plain and the
 * HTML body together): Apps Script's mail service refuses a body over 200 KB on a consumer
 * account (400 KB on Workspace), and an owner with hundreds of stale deals would
 * otherwise get nothing at all. The deals longest in their stage come first; those
 * that do not fit are counted in an "…and N more" line with a link to the sheet.
 */
import { isEmail } from './cells';
import { isoDay } from './dates';
import { DEAL_HEADERS } from './headers';
import { digestStrings, formatAmountIn, ownerDigestStrings } from './i18n';
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
  /** A link to the whole Deals sheet, given after "…and N more". */
  readonly sheetLink?: string;
  readonly workbookName?: string;
  /** The most the plain-text and HTML bodies may weigh together, in UTF-8 bytes; default DIGEST_BODY_BUDGET_BYTES. */
  readonly maxBodyBytes?: number;
  /**
   * The deals' amounts in one base currency (currency.ts baseTotal), or null when one has
   * no rate: a total over several currencies is then also given in it. Passed in, so
   * that digest.ts (bundled in the Office Script) does not carry the rates code.
   */
  readonly baseTotal?: (deals: readonly Deal[]) => { readonly amount: number; readonly currency: string } | null;
}

/** How many deals the manager summary lists one by one. */
export const MANAGER_TOP_DEALS = 10;

/**
 * The size budget of one email, plain text and HTML together, in UTF-8 bytes: 150 KB,
 * under Apps Script mail's smallest body limit (200 KB on a consumer account,
 * https://developers.google.com/apps-script/guides/services/quotas) with room for what
 * the mail service adds. About 87 deals with every flag in English, 79 in Russian.
 */
export const DIGEST_BODY_BUDGET_BYTES = 150 * 1024;

/** UTF-8 bytes of a string, counted without TextEncoder (Office Scripts may lack it). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is one 4-byte character.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * How many of `items` (each weighing `weight(i)` bytes) fit in `budget` after `fixed`
 * bytes, keeping their order: the first ones that fit, stopping at the first that does not.
 */
function fitting(count: number, fixed: number, budget: number, weight: (index: number) => number): number {
  let used = fixed;
  for (let i = 0; i < count; i++) {
    used += weight(i);
    if (used > budget) return i;
  }
  return count;
}

/**
 * f(i), worked out once per i and only when asked: an owner with hundreds of stale deals
 * gets only those that fit the budget, so the others are never rendered.
 */
function memo<T>(f: (i: number) => T): (i: number) => T {
  const done: T[] = [];
  return (i) => {
    if (!(i in done)) done[i] = f(i);
    return done[i];
  };
}

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

/** The parts of one owner's digest that its text and its HTML share. */
function digestParts(digest: Digest, language: Language, options: RenderOptions) {
  const t = ownerDigestStrings(language);
  const day = isoDay(digest.asOf);
  const subject = headline(t.needAttention(digest.deals.length), options.workbookName, day);
  const footer = t.footer(
    DEAL_HEADERS[language]?.nextStepDate ?? DEAL_HEADERS.en.nextStepDate,
    DEAL_HEADERS[language]?.snoozeUntil ?? DEAL_HEADERS.en.snoozeUntil,
  );
  // Most urgent first: the deals longest in their stage, as the manager summary ranks them.
  const deals = worstDeals(digest.deals, digest.deals.length);
  const textBlock = memo((i) => dealText(deals[i], i, language, options));
  const text = (shown: number, moreText: string): string => {
    const lines: string[] = [subject, ''];
    if (deals.length === 0) lines.push(t.nothingStale);
    for (let i = 0; i < shown; i++) lines.push(textBlock(i));
    if (moreText) lines.push('', moreText);
    lines.push('', footer);
    return lines.join('\n');
  };
  return { t, subject, footer, deals, textBlock, text };
}

export function renderDigest(digest: Digest, language: Language, options: RenderOptions = {}): RenderedDigest {
  const { t, subject, footer, deals, textBlock, text } = digestParts(digest, language, options);
  const row = memo((i) => dealRow(deals[i], language, options));
  const c = digestStrings(language).columns;
  const headers = [c.deal, c.account, c.stage, c.daysInStage, c.nextStep, c.expectedClose, c.amount];
  const render = (shown: number): RenderedDigest => {
    const more = moreNote(deals.length - shown, t.more, t.seeAll, options.sheetLink);
    const body =
      deals.length === 0
        ? `<p style="${PARAGRAPH}">${escapeHtml(t.nothingStale)}</p>`
        : table(
            headers,
            Array.from({ length: shown }, (_, i) => row(i)),
            [3, 6],
          ) + more.html;
    return { subject, text: text(shown, more.text), html: page(subject, body, footer) };
  };
  return withinBudget(
    render,
    deals.length,
    (i) => utf8Length(textBlock(i)) + utf8Length(rowHtml(row(i), [3, 6])) + 2,
    options.maxBodyBytes,
  );
}

/**
 * One owner's digest as subject and plain text only, for a preview that never sends
 * HTML (the Excel pane's mailto: links): the same text as renderDigest's, with the
 * budget weighed on the text alone, so that the pane's bundle carries none of the
 * HTML layout.
 */
export function renderDigestText(digest: Digest, language: Language, options: RenderOptions = {}): Omit<RenderedDigest, 'html'> {
  const { t, subject, deals, textBlock, text } = digestParts(digest, language, options);
  const render = (shown: number) => ({
    subject,
    text: text(shown, moreText(deals.length - shown, t.more, t.seeAll, options.sheetLink)),
    html: '',
  });
  const rendered = withinBudget(render, deals.length, (i) => utf8Length(textBlock(i)) + 1, options.maxBodyBytes);
  return { subject: rendered.subject, text: rendered.text };
}

/**
 * The largest rendering within the budget: as many items as fit, weighed one by one
 * against the rendering with none (which carries the "…and N more" note); then checked
 * whole, and cut further in the rare case the estimate was short.
 */
function withinBudget(
  render: (shown: number) => RenderedDigest,
  count: number,
  weight: (index: number) => number,
  maxBodyBytes = DIGEST_BODY_BUDGET_BYTES,
): RenderedDigest {
  const size = (r: RenderedDigest) => utf8Length(r.text) + utf8Length(r.html);
  let shown = fitting(count, size(render(0)), maxBodyBytes, weight);
  let rendered = render(shown);
  while (shown > 0 && size(rendered) > maxBodyBytes) rendered = render(--shown);
  return rendered;
}

/** "…and N more" in plain text, with the sheet's link when there is one; empty when nothing was left out. */
function moreText(left: number, more: (n: number) => string, seeAll: string, sheetLink: string | undefined): string {
  if (left <= 0) return '';
  const link = safeLink(sheetLink);
  return `${more(left)}${link ? ` ${seeAll}: ${link}` : ''}`;
}

/** "…and N more" in text and HTML, with the sheet's link when there is one; empty when nothing was left out. */
function moreNote(
  left: number,
  more: (n: number) => string,
  seeAll: string,
  sheetLink: string | undefined,
): { text: string; html: string } {
  if (left <= 0) return { text: '', html: '' };
  const link = safeLink(sheetLink);
  const seeAllLink = link ? ` <a href="${escapeHtml(link)}" style="${LINK}">${escapeHtml(seeAll)}</a>` : '';
  return {
    text: moreText(left, more, seeAll, sheetLink),
    html: `\n<p style="${PARAGRAPH};margin-top:12px">${escapeHtml(more(left))}${seeAllLink}</p>`,
  };
}

/** One deal in the plain-text body: its lines, numbered. */
function dealText(item: StaleDeal, index: number, language: Language, options: RenderOptions): string {
  const t = ownerDigestStrings(language);
  const deal = item.deal;
  const lines: string[] = [`${index + 1}. ${oneLine(dealTitle(deal))}${withAccount(deal)}`];
  const stageLine = t.inStage(oneLine(deal.stage), item.daysInStage, item.rottingDays);
  lines.push(`   ${stageLine}${item.flags.includes('rotting') ? ` — ${t.rotting}` : ''}`);
  if (item.nextStepOverdueDays !== null && deal.nextStepDate) {
    lines.push(`   ${t.overdue(item.nextStepOverdueDays, oneLine(deal.nextStep), isoDay(deal.nextStepDate))}`);
  }
  if (item.closeSlippedDays !== null && deal.expectedClose) {
    lines.push(`   ${t.slipped(item.closeSlippedDays, isoDay(deal.expectedClose))}`);
  }
  if (deal.amount !== null) lines.push(`   ${t.amount(money(language, deal.amount, deal.currency))}`);
  const link = safeLink(options.rowLink?.(deal));
  if (link) lines.push(`   ${t.open}: ${link}`);
  return lines.join('\n');
}

/** One deal's cells in the HTML table, already escaped. */
function dealRow(item: StaleDeal, language: Language, options: RenderOptions): string[] {
  const t = ownerDigestStrings(language);
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
}

/** One email for the manager: every owner's counts and the worst deals. */
export function renderManagerSummary(all: readonly Digest[], language: Language, options: RenderOptions = {}): RenderedDigest {
  const t = digestStrings(language);
  const withDeals = all.filter((d: Digest) => d.deals.length > 0);
  const every: StaleDeal[] = [];
  for (const d of withDeals) for (const item of d.deals) every.push(item);
  const day = all.length > 0 ? isoDay(all[0].asOf) : '';
  const subject = headline(t.managerHeadline(every.length, withDeals.length), options.workbookName, day);
  const ownerLabel = (d: Digest) => (d.owner || t.noOwner) + (d.addressOk ? '' : ` (${t.notSent})`);
  const top = worstDeals(every, MANAGER_TOP_DEALS);
  const ownerOf = (item: StaleDeal) => item.deal.owner || t.noOwner;
  const c = t.columns;

  const ownerLines = withDeals.map(
    (d: Digest) => `- ${oneLine(ownerLabel(d))}: ${d.deals.length}; ${totals(language, d.deals, options.baseTotal)}`,
  );
  const ownerRows = withDeals.map((d: Digest) => [
    escapeHtml(ownerLabel(d)),
    String(d.deals.length),
    escapeHtml(totals(language, d.deals, options.baseTotal)),
  ]);
  const topText: string[] = [];
  top.forEach((item: StaleDeal, index: number) => {
    const deal = item.deal;
    topText.push(`${index + 1}. ${oneLine(dealTitle(deal))}${withAccount(deal)} (${oneLine(ownerOf(item))})`);
    topText.push(`   ${t.inStage(oneLine(deal.stage), item.daysInStage, item.rottingDays)}`);
    if (deal.amount !== null) topText.push(`   ${t.amount(money(language, deal.amount, deal.currency))}`);
    const link = safeLink(options.rowLink?.(deal));
    if (link) topText.push(`   ${t.open}: ${link}`);
  });
  const topRows = top.map((item: StaleDeal) => [
    dealCell(item.deal, options),
    escapeHtml(ownerOf(item)),
    escapeHtml(item.deal.stage),
    daysCell(item),
    item.deal.amount === null ? '' : escapeHtml(money(language, item.deal.amount, item.deal.currency)),
  ]);

  // The owners' table is what grows with the team: it is cut to the budget, the top deals are not.
  const render = (shown: number): RenderedDigest => {
    const left = withDeals.length - shown;
    const more = left > 0 ? t.moreOwners(left) : '';
    const text: string[] = [subject, ''];
    let body: string;
    if (every.length === 0) {
      text.push(t.nothingStale);
      body = `<p style="${PARAGRAPH}">${escapeHtml(t.nothingStale)}</p>`;
    } else {
      text.push(`${t.byOwner}:`, ...ownerLines.slice(0, shown));
      if (more) text.push(more);
      text.push('', `${t.topDeals(top.length)}:`, ...topText);
      body =
        `<p style="${HEADING}">${escapeHtml(t.byOwner)}</p>` +
        table([c.owner, c.deals, c.staleAmount], ownerRows.slice(0, shown), [1, 2]) +
        (more ? `\n<p style="${PARAGRAPH};margin-top:12px">${escapeHtml(more)}</p>` : '') +
        `<p style="${HEADING}">${escapeHtml(t.topDeals(top.length))}</p>` +
        table([c.deal, c.owner, c.stage, c.daysInStage, c.amount], topRows, [3, 4]);
    }
    return { subject, text: text.join('\n'), html: page(subject, body, '') };
  };
  return withinBudget(
    render,
    withDeals.length,
    (i) => utf8Length(ownerLines[i]) + utf8Length(rowHtml(ownerRows[i], [1, 2])) + 2,
    options.maxBodyBytes,
  );
}

/** Escapes &, <, >, " and ' for HTML text and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => (({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }) as Record<string, string>)[c]!,
  );
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
  // Grouped as the report and the rates group them ("usd" and "USD" are one currency).
  for (const { deal } of stale) {
    if (deal.amount === null) continue;
    const currency = deal.currency.trim().toUpperCase();
    sums.set(currency, (sums.get(currency) ?? 0) + deal.amount);
  }
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

/** The style of a column: numbers (`rightAligned`) right-aligned and unbroken. */
function alignStyle(i: number, rightAligned: readonly number[]): string {
  return rightAligned.indexOf(i) >= 0 ? ';text-align:right;white-space:nowrap' : '';
}

/** One table row; `cells` are already-escaped HTML. */
function rowHtml(cells: readonly string[], rightAligned: readonly number[]): string {
  return `<tr>${cells.map((cell: string, i: number) => `<td style="${CELL}${alignStyle(i, rightAligned)}">${cell}</td>`).join('')}</tr>`;
}

/** A table; `cells` are already-escaped HTML; `rightAligned` are column indexes of numbers. */
function table(headers: readonly string[], cells: readonly (readonly string[])[], rightAligned: readonly number[]): string {
  const head = headers.map((h: string, i: number) => `<th style="${HEAD}${alignStyle(i, rightAligned)}">${escapeHtml(h)}</th>`).join('');
  const body = cells.map((row: readonly string[]) => rowHtml(row, rightAligned)).join('\n');
  return (
    `<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse">\n<thead><tr>${head}</tr></thead>\n` +
    `<tbody>\n${body}\n</tbody>\n</table>`
  );
}

function page(title: string, body: string, footer: string): string {
  return (
    `<div style="${FONT}">\n<p style="${PARAGRAPH};font-weight:bold">${escapeHtml(title)}</p>\n${body}\n` +
    (footer ? `<p style="margin:12px 0 0 0;font-size:12px;color:#5f6368">${escapeHtml(footer)}</p>\n` : '') +
    '</div>'
  );
}
