/**
 * Stale deals per owner for the task pane: the digest workflow's preview (every
 * owner's stale deals with the digest the core renders), read in one Excel.run, with
 * a mailto: link per owner and the pane's words in the Stages sheet's language.
 */
import { ownerListWords } from '../../src/workflows/catalogue/index';
import { mailtoLink, previewAll, staleDigests } from '../../src/workflows/digests';
import { loadBook } from './pane-state';
import { STAGES_MISSING, wallClockInstant } from './workbook';

export { MAILTO_LINK_LIMIT, mailtoLink } from '../../src/workflows/digests';

/** One owner's stale deals, with the email ready to compose. */
export interface OwnerStale {
  readonly owner: string;
  readonly addressOk: boolean;
  /** "ann@example.com · 2 deals", in the workbook's language. */
  readonly heading: string;
  readonly subject: string;
  readonly text: string;
  readonly deals: readonly {
    readonly id: string;
    readonly name: string;
    readonly stage: string;
    readonly days: number | null;
    readonly flags: string;
    /** The deal as the list shows it, in the workbook's language. */
    readonly line: string;
  }[];
  /** mailto: link with the digest text as the body (URL-encoded); '' when the owner is not an address. */
  readonly mailto: string;
}

/** The pane's words around the list, in the workbook's language (Stages → Language). */
export interface StaleListWords {
  readonly noStaleDeals: string;
  readonly compose: string;
  readonly notAnAddress: string;
}

/** Stale deals per owner, or why there is no list. */
export interface StaleReport {
  readonly owners: readonly OwnerStale[];
  /** STAGES_MISSING when the workbook has no Stages sheet (the rotting days are the team's), else ''. */
  readonly refused: string;
  readonly words: StaleListWords;
}

/** Stale deals per owner as of `now`, each with its digest rendered by the core. */
export async function staleByOwner(now = new Date()): Promise<StaleReport> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const language = book.config.rules.language;
    const t = ownerListWords(book.stagesMissing ? 'en' : language);
    const words = { noStaleDeals: t.noStaleDeals, compose: t.compose, notAnAddress: t.notAnAddress };
    if (book.stagesMissing) return { owners: [], refused: STAGES_MISSING, words };
    const asOf = wallClockInstant(now);
    const owners = previewAll(staleDigests(book.dealsRead.deals, book.history, book.config, asOf), language).map((preview) => ({
      owner: preview.owner,
      addressOk: preview.addressOk,
      heading: t.ownerHeading(preview.owner, preview.deals.length),
      subject: preview.subject,
      text: preview.text,
      deals: preview.deals.map((d) => ({
        id: d.id,
        name: d.name,
        stage: d.stage,
        days: d.days,
        flags: d.flags,
        line: t.dealLine(d.id, d.name, d.stage, d.days, d.flags),
      })),
      mailto: preview.addressOk ? mailtoLink(preview.owner, preview.subject, preview.text) : '',
    }));
    return { owners, refused: '', words };
  });
}
