/**
 * Stale deals per owner for the task pane, each owner's digest rendered by the core
 * with a mailto: link capped at a length mail programs accept.
 */
import {
  digests,
  renderDigest,
  staleDeals,
} from '../../src/core/index';

import {
  STAGES_MISSING,
  wallClockInstant,
} from './workbook';
import { loadBook } from './pane-state';

/** One owner's stale deals, with the email ready to compose. */
export interface OwnerStale {
  readonly owner: string;
  readonly addressOk: boolean;
  readonly subject: string;
  readonly text: string;
  readonly deals: readonly { readonly id: string; readonly name: string; readonly stage: string; readonly days: number | null; readonly flags: string }[];
  /** mailto: link with the digest text as the body (URL-encoded); '' when the owner is not an address. */
  readonly mailto: string;
}

/**
 * The longest mailto: link the pane makes, counted on the URL as it is handed to the
 * mail program (after URL-encoding); mail programs drop links much longer than this.
 * Encoding is what makes a link long: a Cyrillic or Vietnamese letter is 6 to 9
 * characters once encoded, so the cap must be on the encoded text.
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

/** Stale deals per owner, or why there is no list. */
export interface StaleReport {
  readonly owners: readonly OwnerStale[];
  /** STAGES_MISSING when the workbook has no Stages sheet (the rotting days are the team's), else ''. */
  readonly refused: string;
}

/** Stale deals per owner as of `now`, each with its digest rendered by the core. */
export async function staleByOwner(now = new Date()): Promise<StaleReport> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    if (book.stagesMissing) return { owners: [], refused: STAGES_MISSING };
    const asOf = wallClockInstant(now);
    const stale = staleDeals(book.dealsRead.deals, book.history, book.config, asOf);
    const owners = digests(stale, asOf).map((digest) => {
      const rendered = renderDigest(digest, book.config.rules.language);
      return {
        owner: digest.owner,
        addressOk: digest.addressOk,
        subject: rendered.subject,
        text: rendered.text,
        deals: digest.deals.map((s) => ({ id: s.deal.id, name: s.deal.name, stage: s.deal.stage, days: s.daysInStage, flags: s.flags.join(', ') })),
        mailto: digest.addressOk ? mailtoLink(digest.owner, rendered.subject, rendered.text) : '',
      };
    });
    return { owners, refused: '' };
  });
}
