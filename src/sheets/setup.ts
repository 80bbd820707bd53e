/**
 * "Set up workbook" in Google Sheets: reads which sheets exist and the Deals header,
 * asks the workflow (src/workflows/set-up.ts) for the plan, and executes it: new
 * sheets with their rows, the missing Deals columns at the end (in empty columns),
 * the Stage dropdown and the rotting highlight (re-applied on every run), and the
 * Dashboard's cells and charts (EmbeddedChart). Safe to run again: an existing
 * sheet's cells are never overwritten.
 */
import { DEAL_FIELDS, sheetReference, type DealField, type Language } from '../core/index';
import { languageOfLocale } from '../workflows/catalogue/index';
import { SHEETS_DASHBOARD, type DashboardChartType } from '../workflows/dashboard';
import { planSetUp, type DashboardPlan, type NewSheet, type RottingHighlight, type StageDropdown } from '../workflows/set-up';
import { DASHBOARD_SHEET, DEALS_SHEET, HISTORY_SHEET, loadConfig, STAGES_SHEET, type Sheet, type Spreadsheet } from './workbook';

/** The Deals columns a new sheet gets: the core's layout, Move reason last. */
export const SETUP_DEAL_FIELDS: readonly DealField[] = DEAL_FIELDS;

export function setUpWorkbook(ss: Spreadsheet): string[] {
  const language: Language = languageOfLocale(ss.getSpreadsheetLocale());
  const existing = ss.getSheetByName(DEALS_SHEET);
  const lastColumn = existing ? existing.getLastColumn() : 0;
  const plan = planSetUp(
    {
      exists: {
        stages: ss.getSheetByName(STAGES_SHEET) !== null,
        deals: existing !== null,
        history: ss.getSheetByName(HISTORY_SHEET) !== null,
        dashboard: ss.getSheetByName(DASHBOARD_SHEET) !== null,
      },
      dealsHeader: existing ? (lastColumn > 0 ? existing.getRange(1, 1, 1, lastColumn).getValues()[0] : []) : null,
      dealsEmpty: existing ? existing.getLastRow() === 0 : true,
      config: loadConfig(ss).config,
    },
    { historySheet: HISTORY_SHEET, changedBy: '', language, formulas: SHEETS_DASHBOARD },
  );
  for (const sheet of plan.newSheets) {
    if (sheet.name === DASHBOARD_SHEET && plan.dashboard) writeDashboard(ss.insertSheet(DASHBOARD_SHEET), plan.dashboard);
    else writeNewSheet(ss.insertSheet(sheet.name), sheet);
  }
  const deals = ss.getSheetByName(DEALS_SHEET)!;
  if (plan.dealsHeaderAppend) {
    const { column, headers } = plan.dealsHeaderAppend;
    const end = column + headers.length - 1;
    if (end > deals.getMaxColumns()) deals.insertColumnsAfter(deals.getMaxColumns(), end - deals.getMaxColumns());
    deals.getRange(1, column, 1, headers.length).setValues([[...headers]]);
    deals.getRange(1, 1, 1, end).setFontWeight('bold');
    deals.setFrozenRows(1);
  }
  if (plan.stageDropdown) applyStageDropdown(ss, deals, plan.stageDropdown);
  if (plan.rottingHighlight) applyRottingHighlight(deals, plan.rottingHighlight);
  return [...plan.created];
}

function writeNewSheet(sheet: Sheet, plan: NewSheet): void {
  if (plan.rows.length === 0) return;
  const width = Math.max(...plan.rows.map((row) => row.length));
  const rows = plan.rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
  sheet.getRange(1, 1, rows.length, width).setValues(rows);
  if (plan.percentColumn && plan.percentRows) sheet.getRange(2, plan.percentColumn, plan.percentRows, 1).setNumberFormat('0%');
  sheet.getRange(1, 1, 1, plan.rows[0].length).setFontWeight('bold');
  sheet.setFrozenRows(1);
}

function applyStageDropdown(ss: Spreadsheet, deals: Sheet, dropdown: StageDropdown): void {
  const stages = ss.getSheetByName(dropdown.stagesSheet);
  if (!stages) return;
  const rule = SpreadsheetApp.newDataValidation()
    .requireValueInRange(stages.getRange(2, 1, dropdown.stageCount, 1), true)
    .setAllowInvalid(true)
    .setHelpText(dropdown.helpText)
    .build();
  deals.getRange(2, dropdown.stageColumn, deals.getMaxRows() - 1, 1).setDataValidation(rule);
}

function applyRottingHighlight(deals: Sheet, highlight: RottingHighlight): void {
  const rules = deals.getConditionalFormatRules().filter((r) => !isOurRotRule(r));
  const target = deals.getRange(2, 1, deals.getMaxRows() - 1, highlight.lastColumn);
  rules.push(
    SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(highlight.formula)
      .setBackground(highlight.background)
      .setRanges([target])
      .build(),
  );
  deals.setConditionalFormatRules(rules);
}

function isOurRotRule(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): boolean {
  const values = rule.getBooleanCondition()?.getCriteriaValues() ?? [];
  // Set up wrote the reference quoted ('Stages'!$A:) before sheetReference left plain names bare.
  const marks = [`${sheetReference(STAGES_SHEET)}!$A:`, `'${STAGES_SHEET}'!$A:`];
  return values.some((v) => typeof v === 'string' && v.includes('TODAY()-') && marks.some((mark) => v.includes(mark)));
}

const SHEETS_CHART_TYPES: Readonly<Record<DashboardChartType, () => GoogleAppsScript.Charts.ChartType>> = {
  column: () => Charts.ChartType.COLUMN,
  bar: () => Charts.ChartType.BAR,
  line: () => Charts.ChartType.LINE,
};

/**
 * The Dashboard's titles and formulas in one setValues down column A (Sheets enters a
 * written "=…" as a formula, as if typed; the blanks between are cells the formulas
 * spill into), the titles bold, then one EmbeddedChart per chart of the definition:
 * the category column and the plotted column, each with its header row.
 */
function writeDashboard(sheet: Sheet, dashboard: DashboardPlan): void {
  const last = Math.max(...dashboard.cells.map((cell) => cell.row));
  const column: string[][] = Array.from({ length: last }, () => ['']);
  for (const cell of dashboard.cells) column[cell.row - 1][0] = cell.formula ?? cell.text ?? '';
  sheet.getRange(1, 1, last, 1).setValues(column);
  for (const cell of dashboard.cells) if (cell.formula === undefined) sheet.getRange(cell.row, cell.column).setFontWeight('bold');
  for (const chart of dashboard.charts) {
    const headerRow = Number(chart.seriesName.replace(/^[A-Z]+/, ''));
    const categories = `A${headerRow}:${chart.categories.split(':')[1]}`;
    const values = `${chart.seriesName}:${chart.values.split(':')[1]}`;
    sheet.insertChart(
      sheet
        .newChart()
        .setChartType(SHEETS_CHART_TYPES[chart.type]())
        .addRange(sheet.getRange(categories))
        .addRange(sheet.getRange(values))
        .setPosition(chart.anchor.row, chart.anchor.column, 0, 0)
        .setOption('title', chart.title)
        .build(),
    );
  }
}
