/**
 * Validate all in the task pane: the Excel side of the workflow in
 * src/workflows/validate-all.ts, which finds every problem in Stages, Deals and the
 * stage log plus the fields each deal's stage requires. This file reads the workbook,
 * asks the workflow and lists the findings in the pane, each with the cell to select;
 * without a Stages sheet the pane shows the workflow's refusal.
 */
import { DEALS_SHEET } from '../../src/core/index';
import { validateAllDeals, type ValidationFinding } from '../../src/workflows/validate-all';
import { tellPane, type PaneFinding } from './pane-messages';
import { loadBook } from './pane-state';
import { cellAddress, excelProfile, selectCell, type PipelineBook } from './workbook';

/** Every problem in Stages, Deals and the stage log plus the fields each deal's stage requires. */
export async function validateAll(): Promise<readonly PaneFinding[]> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const plan = validateAllDeals(
      {
        config: book.config,
        stagesMissing: book.stagesMissing,
        stagesProblems: book.problems.filter((p) => p.sheet !== DEALS_SHEET && p.sheet !== book.historySheet),
        deals: book.hasDeals ? book.dealsRead : null,
        historyProblems: book.problems.filter((p) => p.sheet === book.historySheet),
        // Set up workbook in Excel writes a new Deals header in the Stages sheet's Language.
        headerLanguage: book.config.rules.language,
      },
      excelProfile(book),
    );
    const findings = plan.findings.map((f) => toFinding(book, f));
    tellPane({ kind: 'findings', title: plan.title, findings });
    tellPane({ kind: 'show', section: 'findings' });
    return findings;
  });
}

function toFinding(book: PipelineBook, finding: ValidationFinding): PaneFinding {
  // A finding with no cell of its own on Deals (a column the sheet lacks) selects column A of its row.
  const column = finding.sheet === DEALS_SHEET && book.deals ? book.deals.columnIndex + (finding.columnIndex ?? 0) : 0;
  return {
    sheet: finding.sheet,
    address: cellAddress(finding.row - 1, column),
    row: finding.row,
    column: finding.column,
    message: finding.message,
    severity: finding.severity,
  };
}

/** Selects a finding's cell in the workbook. */
export async function goToFinding(finding: PaneFinding): Promise<void> {
  await Excel.run((context) => selectCell(context, finding.sheet, finding.address));
}
