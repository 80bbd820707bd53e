/**
 * The Validate all sidebar: every problem as a row of a table (sheet, row, column,
 * message), escaped so that no cell text is read as HTML, in Google's add-on style
 * (addon-style.ts; a problem's row in `error` red or `warning` amber). It stays an
 * HTML fragment with no script: the sidebar only shows.
 */
import { cellText, escapeHtml, type Problem } from '../core/index';
import type { SheetsLabels } from '../workflows/catalogue/index';
import { ADDON_STYLE } from './addon-style';

/** The sidebar: one table row per problem, every value escaped. */
export function problemsHtml(problems: readonly Problem[], labels: SheetsLabels): string {
  const style = ADDON_STYLE;
  if (problems.length === 0) return `${style}<div class="sidebar"><p class="gray">${escapeHtml(labels.noProblems)}</p></div>`;
  const rows = problems
    .map(
      (p) =>
        `<tr class="${p.severity}"><td>${escapeHtml(p.sheet)}</td><td>${p.row}</td><td>${escapeHtml(cellText(p.column))}</td><td>${escapeHtml(p.message)}</td></tr>`,
    )
    .join('');
  return `${style}<div class="sidebar"><p class="secondary">${problems.length}</p><table><tr><th></th><th>${escapeHtml(labels.row)}</th><th>${escapeHtml(labels.column)}</th><th>${escapeHtml(labels.problem)}</th></tr>${rows}</table></div>`;
}
