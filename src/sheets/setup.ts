/**
 * "Set up workbook": creates whatever is missing of Stages, Deals, History and
 * Dashboard, adds the tool's columns a Deals header lacks (at the end, in empty
 * columns), and (re)applies the Stage dropdown and the rotting-deal highlight. It is
 * safe to run again: an existing sheet's cells are never overwritten.
 */
import { isBlank } from '../core/cells';
import { DEAL_FIELDS, DEAL_HEADERS } from '../core/headers';
import { findDealColumns } from '../core/deals';
import { HISTORY_HEADERS } from '../core/history';
import { DEFAULT_CONFIG, DEFAULT_RULES, STAGE_HEADERS, stagesToTable } from '../core/stages';
import type { DealField, Language } from '../core/types';
import { languageOfLocale } from '../workflows/catalogue/index';
import { columnLetter, sheetReference } from '../core/a1';
import { DASHBOARD_SHEET, DEALS_SHEET, HISTORY_SHEET, loadConfig, STAGES_SHEET, type Sheet, type Spreadsheet } from './workbook';

/** The Deals columns a new sheet gets: the core's layout plus Move reason, which backward moves need. */
export const SETUP_DEAL_FIELDS: readonly DealField[] = DEAL_FIELDS;

const HIGHLIGHT = '#f4cccc';

export function setUpWorkbook(ss: Spreadsheet): string[] {
  const language = languageOfLocale(ss.getSpreadsheetLocale());
  const created: string[] = [];
  if (!ss.getSheetByName(STAGES_SHEET)) {
    createStages(ss, language);
    created.push(STAGES_SHEET);
  }
  const deals = ss.getSheetByName(DEALS_SHEET) ?? (created.push(DEALS_SHEET), ss.insertSheet(DEALS_SHEET));
  const lastColumn = ensureDealHeader(deals, language);
  if (!ss.getSheetByName(HISTORY_SHEET)) {
    const history = ss.insertSheet(HISTORY_SHEET);
    history.getRange(1, 1, 1, HISTORY_HEADERS.length).setValues([[...HISTORY_HEADERS]]);
    history.setFrozenRows(1);
    created.push(HISTORY_SHEET);
  }
  applyStageRules(ss, deals, lastColumn);
  if (!ss.getSheetByName(DASHBOARD_SHEET)) {
    createDashboard(ss, lastColumn);
    created.push(DASHBOARD_SHEET);
  }
  return created;
}

function createStages(ss: Spreadsheet, language: Language): void {
  const sheet = ss.insertSheet(STAGES_SHEET);
  const table = stagesToTable({ stages: DEFAULT_CONFIG.stages, rules: { ...DEFAULT_RULES, language } });
  sheet.getRange(1, 1, table.length, table[0].length).setValues(table);
  sheet.getRange(2, STAGE_HEADERS.indexOf('Probability') + 1, DEFAULT_CONFIG.stages.length, 1).setNumberFormat('0%');
  sheet.getRange(1, 1, 1, STAGE_HEADERS.length).setFontWeight('bold');
  sheet.setFrozenRows(1);
}

/**
 * Writes the header of an empty Deals sheet, or appends the tool's missing columns
 * after the last header cell. Returns the number of header columns afterwards.
 */
function ensureDealHeader(sheet: Sheet, language: Language): number {
  const lastColumn = sheet.getLastColumn();
  const header = lastColumn > 0 ? sheet.getRange(1, 1, 1, lastColumn).getValues()[0] : [];
  const found = findDealColumns(header).fields;
  const missing = SETUP_DEAL_FIELDS.filter((field) => !found.has(field));
  if (missing.length === 0) return lastColumn;
  const start = header.every((cell) => isBlank(cell)) && sheet.getLastRow() === 0 ? 1 : lastColumn + 1;
  const end = start + missing.length - 1;
  if (end > sheet.getMaxColumns()) sheet.insertColumnsAfter(sheet.getMaxColumns(), end - sheet.getMaxColumns());
  sheet.getRange(1, start, 1, missing.length).setValues([missing.map((field) => DEAL_HEADERS[language][field])]);
  sheet.getRange(1, 1, 1, end).setFontWeight('bold');
  sheet.setFrozenRows(1);
  return end;
}

/** The Stage dropdown (fed from Stages) and the highlight for deals past their stage's rotting days. */
function applyStageRules(ss: Spreadsheet, deals: Sheet, lastColumn: number): void {
  const header = deals.getRange(1, 1, 1, lastColumn).getValues()[0];
  const columns = findDealColumns(header).fields;
  const stage = columns.get('stage');
  if (stage === undefined) return;
  const { config } = loadConfig(ss);
  const rows = deals.getMaxRows() - 1;
  const stages = ss.getSheetByName(STAGES_SHEET);
  if (stages) {
    const names = stages.getRange(2, 1, Math.max(1, config.stages.length), 1);
    const rule = SpreadsheetApp.newDataValidation()
      .requireValueInRange(names, true)
      .setAllowInvalid(true)
      .setHelpText('Pick a stage from the Stages sheet; moves that break the rules are undone with a note.')
      .build();
    deals.getRange(2, stage + 1, rows, 1).setDataValidation(rule);
  }
  const changed = columns.get('stageChanged') ?? columns.get('created');
  if (changed === undefined) return;
  const s = `$${columnLetter(stage + 1)}2`;
  const c = `$${columnLetter(changed + 1)}2`;
  // Conditional formatting reaches another sheet only through INDIRECT (https://support.google.com/docs/answer/78413):
  // a direct 'Stages'!A:D is refused.
  const stagesBlock = `${sheetReference(STAGES_SHEET)}!$A:$${columnLetter(STAGE_HEADERS.indexOf('Rotting days') + 1)}`;
  const rotting = `VLOOKUP(${s},INDIRECT("${stagesBlock.replace(/"/g, '""')}"),${STAGE_HEADERS.indexOf('Rotting days') + 1},FALSE)`;
  const formula = `=AND(${s}<>"",ISNUMBER(${c}),ISNUMBER(${rotting}),TODAY()-${c}>${rotting})`;
  const rules = deals.getConditionalFormatRules().filter((r) => !isOurRotRule(r));
  const target = deals.getRange(2, 1, rows, lastColumn);
  rules.push(SpreadsheetApp.newConditionalFormatRule().whenFormulaSatisfied(formula).setBackground(HIGHLIGHT).setRanges([target]).build());
  deals.setConditionalFormatRules(rules);
}

function isOurRotRule(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): boolean {
  const values = rule.getBooleanCondition()?.getCriteriaValues() ?? [];
  // Set up wrote the reference quoted ('Stages'!$A:) before sheetReference left plain names bare.
  const marks = [`${sheetReference(STAGES_SHEET)}!$A:`, `'${STAGES_SHEET}'!$A:`];
  return values.some((v) => typeof v === 'string' && v.includes('TODAY()-') && marks.some((mark) => v.includes(mark)));
}

/** Dashboard formulas use the custom functions, with the Stages range passed so they recalculate when Stages change. */
function createDashboard(ss: Spreadsheet, dealColumns: number): void {
  const sheet = ss.insertSheet(DASHBOARD_SHEET);
  const deals = `${sheetReference(DEALS_SHEET)}!A:${columnLetter(Math.max(dealColumns, 1))}`;
  const history = `${sheetReference(HISTORY_SHEET)}!A:${columnLetter(HISTORY_HEADERS.length)}`;
  const stages = `${sheetReference(STAGES_SHEET)}!A:${columnLetter(STAGE_HEADERS.length)}`;
  const blocks: [number, number, string, string][] = [
    [1, 1, 'Forecast by month', `=PIPELINE_FORECAST(${deals},"month",${stages})`],
    [1, 6, 'Conversion funnel', `=PIPELINE_CONVERSION(${history},"cumulative",FALSE,${stages})`],
    [1, 10, 'Pipeline by stage', `=PIPELINE_FORECAST(${deals},"stage",${stages})`],
    [20, 1, 'Stale deals', `=PIPELINE_STALE(${deals},${history},,${stages})`],
    [20, 10, 'Win rate', `=PIPELINE_WINRATE(${deals},,,${stages})`],
  ];
  for (const [row, column, title, formula] of blocks) {
    sheet.getRange(row, column).setValue(title).setFontWeight('bold');
    sheet.getRange(row + 1, column).setFormula(formula);
  }
  sheet.insertChart(
    sheet.newChart().setChartType(Charts.ChartType.COLUMN).addRange(sheet.getRange('A2:D14')).setPosition(2, 15, 0, 0).setOption('title', 'Forecast by month').build(),
  );
  sheet.insertChart(
    sheet.newChart().setChartType(Charts.ChartType.BAR).addRange(sheet.getRange('F2:G10')).setPosition(20, 15, 0, 0).setOption('title', 'Conversion funnel').build(),
  );
}
