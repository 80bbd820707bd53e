/**
 * Problems grouped by kind for the terminal. A file with one systematic mistake (every
 * owner typed as a name, every date in another order) gives thousands of problems of
 * one kind; printing one line each buries the rest. So each kind (sheet, column and
 * code) is printed once: its count, its first three rows with their messages (which
 * say what to type instead), and how many more there are. `--all` lists every row;
 * `--json` always holds every problem, ungrouped.
 */
import type { Problem } from '../core/index';
import { problemLine } from './context';

/** Rows shown per kind unless every row is asked for. */
export const ROWS_PER_KIND = 3;

/** Problems of one kind: the same sheet, column and code. */
export interface ProblemGroup {
  readonly sheet: string;
  readonly column: string;
  readonly code: string;
  readonly severity: Problem['severity'];
  /** Every problem of this kind, in the order given. */
  readonly problems: readonly Problem[];
}

/** Groups problems by sheet, column and code, in the order each kind first appears. */
export function groupProblems(problems: readonly Problem[]): ProblemGroup[] {
  const groups = new Map<string, { sheet: string; column: string; code: string; severity: Problem['severity']; problems: Problem[] }>();
  for (const p of problems) {
    const key = `${p.sheet}\u0000${p.column}\u0000${p.code}`;
    let group = groups.get(key);
    if (!group) {
      group = { sheet: p.sheet, column: p.column, code: p.code, severity: p.severity, problems: [] };
      groups.set(key, group);
    }
    // One error among warnings of the same kind makes the kind an error.
    if (p.severity === 'error') group.severity = 'error';
    group.problems.push(p);
  }
  return [...groups.values()];
}

/**
 * The groups as lines: a kind met once is one line as before; a kind met more often is
 * a heading with its count, its first rows (every row with `all`) and what is left.
 */
export function renderProblemGroups(groups: readonly ProblemGroup[], options: { all?: boolean; perKind?: number } = {}): string[] {
  const perKind = options.perKind ?? ROWS_PER_KIND;
  const lines: string[] = [];
  for (const group of groups) {
    if (group.problems.length === 1) {
      lines.push(problemLine(group.problems[0]));
      continue;
    }
    const count = group.problems.length;
    const where = `${group.sheet}${group.column ? `, ${group.column}` : ''}`;
    const kind = `${count.toLocaleString('en-US')} ${group.severity === 'error' ? 'errors' : 'warnings'} of one kind (${group.code})`;
    const shown = options.all ? group.problems : group.problems.slice(0, perKind);
    lines.push(`${where}: ${kind}${shown.length < count ? `; the first ${shown.length}:` : ':'}`);
    // Each row keeps its whole line (severity, sheet, row, column, message), so it can be searched for as before.
    for (const p of shown) lines.push(problemLine(p));
    const left = count - shown.length;
    if (left > 0)
      lines.push(`  … and ${left.toLocaleString('en-US')} more row${left === 1 ? '' : 's'} like these (--all lists every row).`);
  }
  return lines;
}
