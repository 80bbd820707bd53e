/**
 * The Validate all sidebar: every problem as a row of a table (sheet, row, column,
 * message), escaped so that no cell text is read as HTML.
 */
import { cellText } from '../core/cells';
import { escapeHtml } from '../core/digest';
import type { Problem } from '../core/types';
import type { SheetsLabels } from '../workflows/catalogue/index';

/** The sidebar: one table row per problem, every value escaped. */
export function problemsHtml(problems: readonly Problem[], labels: SheetsLabels): string {
  const style = '<style>body{font:13px Arial,sans-serif}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px;text-align:left;vertical-align:top}.warning{color:#8a6d00}.error{color:#a00}</style>';
  if (problems.length === 0) return `${style}<p>${escapeHtml(labels.noProblems)}</p>`;
  const rows = problems
    .map((p) => `<tr class="${p.severity}"><td>${escapeHtml(p.sheet)}</td><td>${p.row}</td><td>${escapeHtml(cellText(p.column))}</td><td>${escapeHtml(p.message)}</td></tr>`)
    .join('');
  return `${style}<p>${problems.length}</p><table><tr><th></th><th>${escapeHtml(labels.row)}</th><th>${escapeHtml(labels.column)}</th><th>${escapeHtml(labels.problem)}</th></tr>${rows}</table>`;
}
