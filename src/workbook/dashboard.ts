/**
 * The Dashboard sheet: the weighted forecast by stage and by expected close month,
 * written as plain formulas (COUNTIFS, SUMIFS, SUMPRODUCT and a VLOOKUP of the
 * stage's probability) so that it recalculates in Excel, LibreOffice and Google
 * Sheets with no add-in. It follows the core's forecast(): open deals only, amount ×
 * probability, and a number typed in a deal's Probability cell beats the stage's.
 *
 * How the override is kept without IF inside SUMPRODUCT (which older Excel would not
 * evaluate row by row): for each stage, weighted = SUMPRODUCT(stage matches, Amount,
 * Probability), which counts only rows with a numeric Probability (SUMPRODUCT takes
 * text and blanks as 0), plus the stage's probability × the amount of matching rows
 * whose Probability is not a number, found as SUMIFS(all) − SUMIFS(Probability ≥ 0).
 */
import type ExcelJS from 'exceljs';
import { openStages, type PipelineConfig } from '../core/index';
import { DASHBOARD_LABELS, type DashboardLabels } from './labels';
import { columnLetter, sheetReference } from '../core/a1';
import { FORMATS } from './tables';
import type { Language } from '../core/index';

/** Where the Dashboard's formulas look: sheet names, Deals column letters and row spans. */
export interface DashboardSources {
  readonly dealsSheet: string;
  readonly stagesSheet: string;
  /** Column letters in Deals. */
  readonly stage: string;
  readonly amount: string;
  readonly probability: string;
  readonly expectedClose: string;
  /** Last Deals row the formulas cover. */
  readonly lastDealRow: number;
  /** Sheet row of each stage in Stages, by stage name. */
  readonly stageRows: ReadonlyMap<string, number>;
  /** Last Stages row the probability lookup covers. */
  readonly lastStageRow: number;
}

/** Where each result sits, so that tests and readers can find the numbers again. */
export interface DashboardMap {
  readonly firstMonthCell: string;
  /** Stage → row of its Deals / Amount / Weighted cells (columns B, C, D). */
  readonly stageRows: ReadonlyMap<string, number>;
  readonly stageTotalRow: number;
  /** "2026-11", or "earlier", "later", "no-date" → row; the month's total is in monthTotalColumn. */
  readonly monthRows: ReadonlyMap<string, number>;
  readonly monthTotalColumn: string;
  readonly monthTotalRow: number;
  readonly months: number;
}

export interface DashboardOptions {
  readonly language: Language;
  /** First month shown; null writes a formula for the current month. */
  readonly firstMonth: Date | null;
  /** How many months the month table shows. */
  readonly months: number;
}

/** Writes the Dashboard into an empty sheet and returns where its results are. */
export function fillDashboard(
  sheet: ExcelJS.Worksheet,
  config: PipelineConfig,
  sources: DashboardSources,
  options: DashboardOptions,
): DashboardMap {
  const labels: DashboardLabels = DASHBOARD_LABELS[options.language];
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  const D = sheetReference(sources.dealsSheet);
  const S = sheetReference(sources.stagesSheet);
  const span = (column: string) => `${D}!$${column}$2:$${column}$${sources.lastDealRow}`;
  const stageR = span(sources.stage);
  const amountR = span(sources.amount);
  const probR = span(sources.probability);
  const closeR = span(sources.expectedClose);
  const lookup = (cell: string) => `IFERROR(VLOOKUP(${cell},${S}!$A$2:$C$${sources.lastStageRow},3,FALSE),0)`;

  /** Weighted amount of deals in the stage named by `cell`, with extra conditions on the close date. */
  const weighted = (cell: string, arrayTests: string[], criteria: [string, string][]) => {
    const tests = [`--(${stageR}=${cell})`, ...arrayTests].join(',');
    const pairs = [`${stageR},${cell}`, ...criteria.map(([range, criterion]) => `${range},${criterion}`)].join(',');
    return `SUMPRODUCT(${tests},${amountR},${probR})+${lookup(cell)}*(SUMIFS(${amountR},${pairs})-SUMIFS(${amountR},${pairs},${probR},">=0"))`;
  };

  sheet.getColumn(1).width = 22;
  sheet.getCell('A1').value = labels.title;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = labels.note;
  sheet.getCell('A3').value = labels.firstMonth;
  const firstMonthCell = '$B$3';
  sheet.getCell('B3').value = options.firstMonth ?? { formula: 'DATE(YEAR(TODAY()),MONTH(TODAY()),1)' };
  sheet.getCell('B3').numFmt = FORMATS.month;

  const stages = openStages(config);
  let row = 5;
  sheet.getCell(`A${row}`).value = labels.byStage;
  sheet.getCell(`A${row}`).font = { bold: true };
  row++;
  sheet.getRow(row).values = [labels.stage, labels.deals, labels.amount, labels.weighted];
  sheet.getRow(row).font = { bold: true };
  const stageRows = new Map<string, number>();
  const firstStageRow = row + 1;
  for (const stage of stages) {
    row++;
    stageRows.set(stage.name, row);
    const stagesRow = sources.stageRows.get(stage.name);
    sheet.getCell(`A${row}`).value = stagesRow ? { formula: `${S}!$A$${stagesRow}`, result: stage.name } : stage.name;
    sheet.getCell(`B${row}`).value = { formula: `COUNTIFS(${stageR},$A${row})` };
    sheet.getCell(`C${row}`).value = { formula: `SUMIFS(${amountR},${stageR},$A${row})` };
    sheet.getCell(`D${row}`).value = { formula: weighted(`$A${row}`, [], []) };
  }
  row++;
  const stageTotalRow = row;
  sheet.getCell(`A${row}`).value = labels.total;
  for (const column of ['B', 'C', 'D']) {
    sheet.getCell(`${column}${row}`).value = { formula: `SUM(${column}${firstStageRow}:${column}${row - 1})` };
  }
  sheet.getRow(row).font = { bold: true };
  for (const column of ['C', 'D']) sheet.getColumn(column).numFmt = FORMATS.money;

  // By month: one column per open stage, so the table is a stage × month pivot with a total column.
  row += 2;
  sheet.getCell(`A${row}`).value = labels.byMonth;
  sheet.getCell(`A${row}`).font = { bold: true };
  row++;
  const headerRow = row;
  sheet.getCell(`A${row}`).value = labels.month;
  stages.forEach((stage, i) => {
    const cell = sheet.getCell(row, i + 2);
    cell.value = { formula: `$A$${stageRows.get(stage.name)}`, result: stage.name };
  });
  const totalColumnNumber = stages.length + 2;
  const totalColumn = columnLetter(totalColumnNumber);
  sheet.getCell(row, totalColumnNumber).value = labels.total;
  sheet.getRow(row).font = { bold: true };
  for (let c = 2; c <= totalColumnNumber; c++) {
    sheet.getColumn(c).width = Math.max(sheet.getColumn(c).width ?? 10, 14);
    if (c > 4) sheet.getColumn(c).numFmt = FORMATS.money;
  }

  const monthRows = new Map<string, number>();
  const firstMonthRow = row + 1;
  const addMonthRow = (key: string, label: ExcelJS.CellValue, arrayTests: (start: string, end: string) => string[], criteria: (start: string, end: string) => [string, string][], format?: string) => {
    row++;
    monthRows.set(key, row);
    const labelCell = sheet.getCell(`A${row}`);
    labelCell.value = label;
    if (format) labelCell.numFmt = format;
    const start = `$A${row}`;
    const end = `DATE(YEAR($A${row}),MONTH($A${row})+1,1)`;
    stages.forEach((_, i) => {
      const stageCell = `${columnLetter(i + 2)}$${headerRow}`;
      sheet.getCell(row, i + 2).value = { formula: weighted(stageCell, arrayTests(start, end), criteria(start, end)) };
    });
    sheet.getCell(row, totalColumnNumber).value = { formula: `SUM(B${row}:${columnLetter(totalColumnNumber - 1)}${row})` };
  };
  addMonthRow('earlier', labels.earlier, () => [`--ISNUMBER(${closeR})`, `--(${closeR}<${firstMonthCell})`], () => [[closeR, `"<"&${firstMonthCell}`]]);
  for (let m = 0; m < options.months; m++) {
    addMonthRow(
      `month-${m}`,
      { formula: `DATE(YEAR(${firstMonthCell}),MONTH(${firstMonthCell})+${m},1)` },
      (start, end) => [`--(${closeR}>=${start})`, `--(${closeR}<${end})`],
      (start, end) => [[closeR, `">="&${start}`], [closeR, `"<"&${end}`]],
      FORMATS.month,
    );
  }
  const lastMonthEnd = `DATE(YEAR(${firstMonthCell}),MONTH(${firstMonthCell})+${options.months},1)`;
  addMonthRow('later', labels.later, () => [`--ISNUMBER(${closeR})`, `--(${closeR}>=${lastMonthEnd})`], () => [[closeR, `">="&${lastMonthEnd}`]]);
  addMonthRow('no-date', labels.noDate, () => [`--(${closeR}="")`], () => [[closeR, '""']]);
  row++;
  const monthTotalRow = row;
  sheet.getCell(`A${row}`).value = labels.total;
  for (let c = 2; c <= totalColumnNumber; c++) {
    const letter = columnLetter(c);
    sheet.getCell(row, c).value = { formula: `SUM(${letter}${firstMonthRow}:${letter}${row - 1})` };
  }
  sheet.getRow(row).font = { bold: true };
  for (let r = firstMonthRow; r <= monthTotalRow; r++) {
    for (let c = 2; c <= totalColumnNumber; c++) sheet.getCell(r, c).numFmt = FORMATS.money;
  }
  return { firstMonthCell: 'B3', stageRows, stageTotalRow, monthRows, monthTotalColumn: totalColumn, monthTotalRow, months: options.months };
}
