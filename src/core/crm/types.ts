/**
 * What the tool knows about one CRM's deal export: which of its headers feed which
 * of our Deals fields, which columns say how a deal ended (a Status, IsWon/IsClosed,
 * won/lost times), and its ready stage set. One small file per product holds one
 * CrmProfile, written from that product's public field and stage documentation.
 */
import type { DealField, Stage } from '../types';

/** How a deal's outcome is read from columns other than the stage. */
export interface OutcomeColumns {
  /** A status column (Pipedrive Status, Dynamics Status / Status Reason), and the values that mean won and lost. */
  readonly status?: { readonly headers: readonly string[]; readonly won: readonly string[]; readonly lost: readonly string[] };
  /** A yes/true column meaning won (Salesforce IsWon, HubSpot Is Closed Won). */
  readonly isWon?: readonly string[];
  /** A yes/true column meaning closed, won or lost (Salesforce IsClosed). */
  readonly isClosed?: readonly string[];
  /** A date column filled only when the deal was won / lost (Pipedrive Won time / Lost time). */
  readonly wonTime?: readonly string[];
  readonly lostTime?: readonly string[];
  /** A yes/no column whose "no" means lost (Odoo's Active: a lost lead is archived). */
  readonly activeFalseIsLost?: readonly string[];
  /** A non-blank reason means lost, when the stage is not a won one (Odoo Lost Reason). */
  readonly lostReason?: readonly string[];
}

export interface CrmProfile {
  /** The --from name, e.g. "salesforce". */
  readonly id: string;
  /** The product's name as people say it. */
  readonly name: string;
  /** Our field → the export's headers for it, best first (API names and UI labels). */
  readonly columns: Readonly<Partial<Record<DealField, readonly string[]>>>;
  /** Headers that only this product's exports carry: detection counts them. */
  readonly signature: readonly string[];
  readonly outcome: OutcomeColumns;
  /**
   * The export's close date is the expected close of an open deal and the actual
   * close of a won or lost one (Salesforce CloseDate, HubSpot closedate, Zoho Closing
   * Date): it then also feeds Closed on, for closed deals only.
   */
  readonly closeDateIsActualWhenClosed: boolean;
  /** The product's default stages, in order, won and lost last. */
  readonly stages: readonly Stage[];
  /** Stage values the export may carry instead of the stage's label (HubSpot internal values). */
  readonly stageAliases?: Readonly<Record<string, string>>;
  /** The page(s) the profile was written from, for the header comment and `--from` help. */
  readonly documentation: string;
}
