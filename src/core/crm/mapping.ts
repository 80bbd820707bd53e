/**
 * The column mapping said aloud: which header fed each of our Deals fields, which
 * fields found none, which of the file's headers were left unused, and the one
 * warning that says which figures stay empty because a key column is missing (said with
 * the mapping, not as a problem in the data: a sheet without Created is a valid sheet).
 * Pure, so the Sheets and Excel add-ins can show the same lines as the command line.
 */
import { DEAL_FIELDS, DEAL_HEADERS } from '../headers';
import type { DealField } from '../types';

export interface ColumnMapping {
  /** The header row as typed (with any column the CRM rules added). */
  readonly headers: readonly string[];
  /** Our field (its English header) → the file's header that fed it, in our field order. */
  readonly fed: readonly { readonly field: string; readonly header: string }[];
  /** Our fields no header fed. */
  readonly missing: readonly string[];
  /** The file's headers that fed no field (and were not read for an outcome). */
  readonly unused: readonly string[];
  /** Headers read to decide outcomes (Status, IsWon, Won time, …). */
  readonly outcome: readonly string[];
  /** The one warning naming the missing key columns and the figures they leave empty; null when none is missing. */
  readonly warning: string | null;
}

export function describeColumns(
  headers: readonly string[],
  fields: ReadonlyMap<DealField, number>,
  outcomeHeaders: readonly string[] = [],
): ColumnMapping {
  const fed = DEAL_FIELDS.filter((f) => fields.has(f)).map((f) => ({ field: DEAL_HEADERS.en[f], header: headers[fields.get(f)!] ?? '' }));
  const missing = DEAL_FIELDS.filter((f) => !fields.has(f)).map((f) => DEAL_HEADERS.en[f]);
  const usedIndexes = new Set(fields.values());
  const outcomeKeys = new Set(outcomeHeaders);
  const unused = headers.filter((h, i) => h !== '' && !usedIndexes.has(i) && !outcomeKeys.has(h));
  return {
    headers: headers.filter((h) => h !== ''),
    fed,
    missing,
    unused,
    outcome: [...outcomeHeaders],
    warning: missingKeyColumnsWarning(fields) ?? null,
  };
}

/** What each key column gives; without it these figures are empty. */
const EMPTIED_BY: readonly [DealField, string][] = [
  ['stage', 'every figure (no deal has a stage)'],
  ['amount', 'open amount, weighted forecast, won amount and velocity'],
  ['expectedClose', 'the forecast by month and quarter (every deal lands under "(no date)") and slipped close dates'],
  ['owner', 'the forecast by owner, the Owners table and the digests'],
  ['created', 'cycle time and velocity (no start date), and deal age'],
];

/** One sentence naming the missing key columns and the figures they leave empty; undefined when none is missing. */
export function missingKeyColumnsWarning(fields: ReadonlyMap<DealField, number>): string | undefined {
  const missing = EMPTIED_BY.filter(([field]) => !fields.has(field));
  if (missing.length === 0) return undefined;
  const parts = missing.map(([field, figures]) => `no ${DEAL_HEADERS.en[field]} column, so ${figures} will be empty`);
  return `Key columns not found: ${parts.join('; ')}.`;
}
