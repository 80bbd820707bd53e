/**
 * Which CRM an export came from, by its header row: each product's profile lists
 * headers that only its exports carry, and the product with the most of them (three
 * at least, so a team's own sheet with a "Status" and a "Value" column is never taken
 * for one) is recognised. `--from NAME` names the product instead.
 */
import { cellText, isBlank } from '../cells';
import { headerKey } from '../headers';
import { DYNAMICS } from './dynamics';
import { HUBSPOT } from './hubspot';
import { ODOO } from './odoo';
import { PIPEDRIVE } from './pipedrive';
import { SALESFORCE } from './salesforce';
import type { CrmProfile } from './types';
import { ZOHO } from './zoho';

export const CRM_PROFILES: readonly CrmProfile[] = [SALESFORCE, HUBSPOT, PIPEDRIVE, ZOHO, DYNAMICS, ODOO];

const MIN_SIGNATURE = 3;

/** The keys a header answers to: its folded text, and the same without Pipedrive's "Deal - " prefix. */
export function crmHeaderKeys(header: unknown): string[] {
  const text = cellText(header);
  const key = headerKey(text);
  const bare = /^\s*(deal|opportunity)\s+-\s+/i.test(text) ? headerKey(text.replace(/^\s*(deal|opportunity)\s+-\s+/i, '')) : '';
  return bare ? [key, bare] : [key];
}

/** Header key → column index, first column first. */
export function headerIndex(header: readonly unknown[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((cell, i) => {
    if (isBlank(cell)) return;
    for (const key of crmHeaderKeys(cell)) if (!index.has(key)) index.set(key, i);
  });
  return index;
}

/** The profile for a --from name: its id or name, any case ("Dynamics 365", "zoho-crm" and "sfdc" too). */
export function findCrmProfile(name: string): CrmProfile | undefined {
  const key = headerKey(name).replace(/\s+/g, '');
  const extra: Record<string, string> = {
    sfdc: 'salesforce',
    dynamics365: 'dynamics',
    d365: 'dynamics',
    msdynamics: 'dynamics',
    zohocrm: 'zoho',
    odoocrm: 'odoo',
  };
  const id = extra[key] ?? key;
  return CRM_PROFILES.find((p) => p.id === id || headerKey(p.name).replace(/\s+/g, '') === id);
}

export interface CrmDetection {
  readonly profile: CrmProfile;
  /** 0-based index of the header row in the table. */
  readonly headerRow: number;
  /** The signature headers found, as typed in the file. */
  readonly matched: readonly string[];
}

/** Recognises the export among the first ten rows, or undefined for a file of no known CRM. */
export function detectCrm(values: readonly (readonly unknown[])[]): CrmDetection | undefined {
  let best: CrmDetection | undefined;
  for (let r = 0; r < Math.min(values.length, 10); r++) {
    const row = values[r] ?? [];
    const index = headerIndex(row);
    for (const profile of CRM_PROFILES) {
      const matched: string[] = [];
      for (const name of profile.signature) {
        const at = index.get(headerKey(name));
        if (at !== undefined && !matched.includes(cellText(row[at]))) matched.push(cellText(row[at]));
      }
      if (matched.length >= MIN_SIGNATURE && matched.length > (best?.matched.length ?? 0)) best = { profile, headerRow: r, matched };
    }
  }
  return best;
}

/** The header row of a table for a profile named with --from: the row with most of its headers. */
export function profileHeaderRow(values: readonly (readonly unknown[])[], profile: CrmProfile): number {
  let best = 0;
  let bestCount = -1;
  for (let r = 0; r < Math.min(values.length, 10); r++) {
    const index = headerIndex(values[r] ?? []);
    const count = Object.values(profile.columns).filter((names) => names?.some((n) => index.has(headerKey(n)))).length;
    if (count > bestCount) [best, bestCount] = [r, count];
  }
  return best;
}
