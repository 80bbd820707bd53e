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
    .map((p) => {
      const cells = [escapeHtml(p.sheet), p.row, escapeHtml(cellText(p.column)), escapeHtml(p.message)];
      return `<tr class="${p.severity}">${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    })
    .join('');
  const headings = ['', escapeHtml(labels.row), escapeHtml(labels.column), escapeHtml(labels.problem)];
  const headingRow = `<tr>${headings.map((heading) => `<th>${heading}</th>`).join('')}</tr>`;
  return `${style}<div class="sidebar"><p class="secondary">${problems.length}</p><table>${headingRow}${rows}</table></div>`;
}
