/**
 * Owner names (not addresses) are grouped by their exact trimmed text, so "Álvaro
 * Pérez" and "álvaro pérez" are two owners with a row each in every owner table. That
 * is the rule (a Salesforce owner ID differs from another by case alone), but a new
 * user sees one person split in two with no word: one warning per such name says so
 * and what to type. Values with a digit (IDs) are left alone.
 */
import type { Deal, Problem } from '../core/index';

/** One warning per owner name typed in more than one case; [] when there is none. */
export function ownerCaseWarnings(deals: readonly Deal[], sheet: string, ownerHeader: string): Problem[] {
  const spellings = new Map<string, { text: string; row: number }[]>();
  for (const deal of deals) {
    const owner = deal.owner.trim();
    if (!owner || owner.includes('@') || /\d/.test(owner)) continue;
    const key = owner.toLocaleLowerCase();
    const list = spellings.get(key) ?? [];
    if (!list.some((s) => s.text === owner)) list.push({ text: owner, row: deal.row });
    spellings.set(key, list);
  }
  const problems: Problem[] = [];
  for (const list of spellings.values()) {
    if (list.length < 2) continue;
    const [first, ...others] = list;
    const named = others.map((s) => `"${s.text}" (row ${s.row})`).join(', ');
    problems.push({
      sheet,
      row: others[0].row,
      column: ownerHeader,
      code: 'owner-case-differs',
      message:
        `${named} and "${first.text}" (row ${first.row}) differ only in case, so they ` +
        `are counted as ${list.length} owners; type them alike to count them as one.`,
      severity: 'warning',
    });
  }
  return problems;
}
