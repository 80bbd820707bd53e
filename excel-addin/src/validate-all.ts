/**
 * Validate all: every problem in Stages, Deals and the stage log, plus the fields each
 * deal's stage requires, as findings the pane lists and can select.
 */
import {
  DEALS_SHEET,
  DEAL_FIELDS,
  DEAL_HEADERS,
  validateDeals,
  type DealField,
  type Problem,
} from '../../src/core/index';

import { tellPane, type PaneFinding } from './pane-messages';

import {
  cellAddress,
  dealColumnLabel,
  selectCell,
  STAGES_MISSING,
  type PipelineBook,
} from './workbook';
import { loadBook } from './pane-state';

/** Every problem in Stages, Deals and the stage log plus the fields each deal's stage requires. */
export async function validateAll(): Promise<readonly PaneFinding[]> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    if (book.stagesMissing) {
      // Judged by the default stages, the deals would be held to rules that are not the team's.
      tellPane({ kind: 'findings', title: `Not validated. ${STAGES_MISSING}`, findings: [] });
      tellPane({ kind: 'show', section: 'findings' });
      return [];
    }
    const label = (field: DealField) => dealColumnLabel(book, field);
    // readDeals names a missing required column in English; it is named as label names it, as Sheets does.
    const named = book.problems.map((p) => {
      if (p.code !== 'required-column-missing') return p;
      const field = DEAL_FIELDS.find((f) => DEAL_HEADERS.en[f] === p.column);
      return field ? { ...p, column: label(field) } : p;
    });
    const problems = [...named, ...validateDeals(book.dealsRead.deals, book.config, DEALS_SHEET, label)];
    const findings = problems.map((p) => toFinding(book, p));
    tellPane({ kind: 'findings', title: findings.length ? `${findings.length} finding(s) in the workbook` : 'No problems found', findings });
    tellPane({ kind: 'show', section: 'findings' });
    return findings;
  });
}

function toFinding(book: PipelineBook, problem: Problem): PaneFinding {
  let address = '';
  if (problem.sheet === DEALS_SHEET && book.deals) {
    const index = book.dealsRead.columns.headers.findIndex((h) => h === problem.column);
    address = cellAddress(problem.row - 1, book.deals.columnIndex + Math.max(index, 0));
  } else {
    address = cellAddress(problem.row - 1, 0);
  }
  return { sheet: problem.sheet, address, row: problem.row, column: problem.column, message: problem.message, severity: problem.severity };
}

/** Selects a finding's cell in the workbook. */
export async function goToFinding(finding: PaneFinding): Promise<void> {
  await Excel.run((context) => selectCell(context, finding.sheet, finding.address));
}
