/**
 * The Dashboard sheet of the .xlsx files (`template`, `demo`): the one Dashboard
 * definition (src/workflows/dashboard.ts) filled with plain formulas (COUNTIFS,
 * SUMIFS, SUMPRODUCT and a VLOOKUP of the stage's probability) so that it
 * recalculates in Excel, LibreOffice and Google Sheets with no add-in, where custom
 * functions do not exist. The forecast follows the core's forecast(): open deals
 * only, amount × probability, and a number typed in a deal's Probability cell beats
 * the stage's. The charts of the definition are drawn by xlsx-charts.ts.
 *
 * How the override is kept without IF inside SUMPRODUCT (which older Excel would not
 * evaluate row by row): for each stage, weighted = SUMPRODUCT(stage matches, Amount,
 * Probability), which counts only rows with a numeric Probability (SUMPRODUCT takes
 * text and blanks as 0), plus the stage's probability × the amount of matching rows
 * whose Probability is not a number, found as SUMIFS(all) − SUMIFS(Probability ≥ 0).
 *
 * The funnel counts deals now at each stage or past it (Lost left out: Deals does not
 * say where a lost deal stopped). Stale per owner counts rotting deals as the Deals
 * highlight does: days since Stage changed beyond the stage's rotting days, held back
 * by a snooze or a next step dated after today (the core's staleDeals also reads
 * History, which a plain formula cannot).
 */
import type ExcelJS from 'exceljs';
import { columnLetter, openStages, sheetReference, type Language, type PipelineConfig } from '../core/index';
import { DASHBOARD_LABELS, type DashboardLabels } from '../workflows/catalogue/index';
import { dashboardLayout, type DashboardBlock, type DashboardBlockId, type DashboardLayout } from '../workflows/dashboard';
import { FORMATS } from './tables';

/** Where the Dashboard's formulas look: sheet names, Deals column letters and row spans. */
export interface DashboardSources {
  readonly dealsSheet: string;
  readonly stagesSheet: string;
  readonly ownersSheet: string;
  /** Column letters in Deals. */
  readonly stage: string;
  readonly amount: string;
  readonly probability: string;
  readonly expectedClose: string;
  readonly owner?: string;
  /** Stage changed, or Created when Deals has no Stage changed: when the deal entered its stage. */
  readonly enteredStage?: string;
  readonly snoozeUntil?: string;
  readonly nextStepDate?: string;
  /** Last Deals row the formulas cover. */
  readonly lastDealRow: number;
  /** Sheet row of each stage in Stages, by stage name. */
  readonly stageRows: ReadonlyMap<string, number>;
  /** Last Stages row the probability lookup covers. */
  readonly lastStageRow: number;
  /** Owners listed on the Owners sheet (rows 2 on). */
  readonly owners: number;
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
  /** Funnel stage → row of its Deals (B) and Rate (C) cells. */
  readonly funnelRows: ReadonlyMap<string, number>;
  /** Rows of the stale-per-owner table: owner in A, count in B. */
  readonly staleOwnerRows: readonly number[];
  /** The layout the sheet follows, charts included, for the chart writer. */
  readonly layout: DashboardLayout;
}

export interface DashboardOptions {
  readonly language: Language;
  /** First month shown; null writes a formula for the current month. */
  readonly firstMonth: Date | null;
  /** How many months the month table shows. */
  readonly months: number;
}

/** Owner rows the file's stale table shows at least: a template has no owners yet, and a team adds them on Owners. */
const MIN_OWNER_ROWS = 10;

/** Writes the Dashboard into an empty sheet and returns where its results are. */
export function fillDashboard(
  sheet: ExcelJS.Worksheet,
  config: PipelineConfig,
  sources: DashboardSources,
  options: DashboardOptions,
): DashboardMap {
  const labels: DashboardLabels = DASHBOARD_LABELS[options.language];
  const stages = openStages(config);
  const funnelStages = config.stages.filter((s) => s.outcome !== 'lost');
  const layout = dashboardLayout(
    {
      openStages: stages.length,
      funnelStages: funnelStages.length,
      months: options.months,
      ownerRows: Math.max(MIN_OWNER_ROWS, sources.owners),
    },
    options.language,
    'file',
  );
  const block = (id: DashboardBlockId): DashboardBlock => layout.blocks.find((b) => b.id === id)!;
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  // Tables and charts on one landscape page at a fixed scale (45%): a printout (and LibreOffice's PNG export, which
  // shows the first page) has the charts beside the tables, at the same scale whether or not a reader draws charts.
  sheet.pageSetup = { ...sheet.pageSetup, orientation: 'landscape', paperSize: 9, fitToPage: false, scale: 45 };
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
    const withoutOwnProbability = `SUMIFS(${amountR},${pairs})-SUMIFS(${amountR},${pairs},${probR},">=0")`;
    return `SUMPRODUCT(${tests},${amountR},${probR})+${lookup(cell)}*(${withoutOwnProbability})`;
  };
  const stageNameCell = (name: string) => {
    const stagesRow = sources.stageRows.get(name);
    return stagesRow ? { formula: `${S}!$A$${stagesRow}`, result: name } : name;
  };
  const titleCell = (b: DashboardBlock) => {
    sheet.getCell(`A${b.titleRow}`).value = b.title;
    sheet.getCell(`A${b.titleRow}`).font = { bold: true };
  };

  sheet.getColumn(1).width = 22;
  sheet.getCell(layout.titleCell).value = labels.title;
  sheet.getCell(layout.titleCell).font = { bold: true, size: 14 };
  sheet.getCell(layout.noteCell).value = labels.note;
  sheet.getCell('A3').value = labels.firstMonth;
  const firstMonthCell = '$B$3';
  sheet.getCell('B3').value = options.firstMonth ?? { formula: 'DATE(YEAR(TODAY()),MONTH(TODAY()),1)' };
  sheet.getCell('B3').numFmt = FORMATS.month;

  const byStage = block('byStage');
  titleCell(byStage);
  let row = byStage.headerRow;
  sheet.getRow(row).values = [labels.stage, labels.deals, labels.amount, labels.weighted];
  sheet.getRow(row).font = { bold: true };
  const stageRows = new Map<string, number>();
  const firstStageRow = row + 1;
  for (const stage of stages) {
    row++;
    stageRows.set(stage.name, row);
    sheet.getCell(`A${row}`).value = stageNameCell(stage.name);
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
  const byMonth = block('byMonth');
  titleCell(byMonth);
  row = byMonth.headerRow;
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
  const addMonthRow = (
    key: string,
    label: ExcelJS.CellValue,
    arrayTests: (start: string, end: string) => string[],
    criteria: (start: string, end: string) => [string, string][],
    format?: string,
  ) => {
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
  addMonthRow(
    'earlier',
    labels.earlier,
    () => [`--ISNUMBER(${closeR})`, `--(${closeR}<${firstMonthCell})`],
    () => [[closeR, `"<"&${firstMonthCell}`]],
  );
  for (let m = 0; m < options.months; m++) {
    addMonthRow(
      `month-${m}`,
      { formula: `DATE(YEAR(${firstMonthCell}),MONTH(${firstMonthCell})+${m},1)` },
      (start, end) => [`--(${closeR}>=${start})`, `--(${closeR}<${end})`],
      (start, end) => [
        [closeR, `">="&${start}`],
        [closeR, `"<"&${end}`],
      ],
      FORMATS.month,
    );
  }
  const lastMonthEnd = `DATE(YEAR(${firstMonthCell}),MONTH(${firstMonthCell})+${options.months},1)`;
  addMonthRow(
    'later',
    labels.later,
    () => [`--ISNUMBER(${closeR})`, `--(${closeR}>=${lastMonthEnd})`],
    () => [[closeR, `">="&${lastMonthEnd}`]],
  );
  addMonthRow(
    'no-date',
    labels.noDate,
    () => [`--(${closeR}="")`],
    () => [[closeR, '""']],
  );
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
  const funnelRows = fillFunnel(
    sheet,
    block('funnel'),
    funnelStages.map((s) => s.name),
    stageNameCell,
    stageR,
    labels,
  );
  const staleOwnerRows = fillStaleByOwner(sheet, block('staleByOwner'), config, sources, labels);
  return {
    firstMonthCell: 'B3',
    stageRows,
    stageTotalRow,
    monthRows,
    monthTotalColumn: totalColumn,
    monthTotalRow,
    months: options.months,
    funnelRows,
    staleOwnerRows,
    layout,
  };
}

/**
 * The funnel: each stage's Deals counts the deals now at it or at a later stage, as a
 * running sum from the bottom (COUNTIFS of this stage plus the row below), and Rate
 * is that count over the first stage's.
 */
function fillFunnel(
  sheet: ExcelJS.Worksheet,
  funnel: DashboardBlock,
  names: readonly string[],
  stageNameCell: (name: string) => ExcelJS.CellValue,
  stageR: string,
  labels: DashboardLabels,
): Map<string, number> {
  sheet.getCell(`A${funnel.titleRow}`).value = funnel.title;
  sheet.getCell(`A${funnel.titleRow}`).font = { bold: true };
  sheet.getRow(funnel.headerRow).values = [labels.stage, labels.deals, labels.rate];
  sheet.getRow(funnel.headerRow).font = { bold: true };
  const rows = new Map<string, number>();
  names.forEach((name, i) => {
    const row = funnel.firstBodyRow + i;
    rows.set(name, row);
    const below = i < names.length - 1 ? `+B${row + 1}` : '';
    sheet.getCell(`A${row}`).value = stageNameCell(name);
    sheet.getCell(`B${row}`).value = { formula: `COUNTIFS(${stageR},$A${row})${below}` };
    sheet.getCell(`C${row}`).value = { formula: `IF($B$${funnel.firstBodyRow}=0,"",B${row}/$B$${funnel.firstBodyRow})` };
    sheet.getCell(`C${row}`).numFmt = FORMATS.percent;
  });
  return rows;
}

/**
 * Stale deals per owner: for each owner listed on Owners, the rotting deals summed
 * over the open stages with rotting days (COUNTIFS by owner, stage and a Stage
 * changed before today − rotting days), less those snoozed or with a next step dated
 * after today (inclusion–exclusion, since COUNTIFS cannot say "blank or past").
 */
function fillStaleByOwner(
  sheet: ExcelJS.Worksheet,
  stale: DashboardBlock,
  config: PipelineConfig,
  sources: DashboardSources,
  labels: DashboardLabels,
): number[] {
  sheet.getCell(`A${stale.titleRow}`).value = stale.title;
  sheet.getCell(`A${stale.titleRow}`).font = { bold: true };
  sheet.getCell(`A${stale.lastBodyRow + 1}`).value = labels.staleNote;
  sheet.getRow(stale.headerRow).values = [labels.owner, labels.staleDeals];
  sheet.getRow(stale.headerRow).font = { bold: true };
  const D = sheetReference(sources.dealsSheet);
  const S = sheetReference(sources.stagesSheet);
  const O = sheetReference(sources.ownersSheet);
  const span = (column: string) => `${D}!$${column}$2:$${column}$${sources.lastDealRow}`;
  const rows: number[] = [];
  for (let row = stale.firstBodyRow; row <= stale.lastBodyRow; row++) {
    rows.push(row);
    const ownerRow = 2 + row - stale.firstBodyRow;
    sheet.getCell(`A${row}`).value = { formula: `IF(${O}!$A$${ownerRow}="","",${O}!$A$${ownerRow})` };
    if (!sources.owner || !sources.enteredStage) continue;
    const terms = openStages(config).flatMap((stage) => {
      const stagesRow = sources.stageRows.get(stage.name);
      if (!stagesRow || stage.rottingDays === null) return [];
      const ownerAndStage = `${span(sources.owner!)},$A${row},${span(sources.stage)},${S}!$A$${stagesRow}`;
      const base = `${ownerAndStage},${span(sources.enteredStage!)},"<"&(TODAY()-${S}!$D$${stagesRow})`;
      const later = [sources.snoozeUntil, sources.nextStepDate]
        .filter((c): c is string => c !== undefined)
        .map((c) => `${span(c)},">"&TODAY()`);
      const count = (extra: string[]) => `COUNTIFS(${[base, ...extra].join(',')})`;
      let term = count([]);
      for (const one of later) term += `-${count([one])}`;
      if (later.length === 2) term += `+${count(later)}`;
      return [`IF(ISNUMBER(${S}!$D$${stagesRow}),${term},0)`];
    });
    sheet.getCell(`B${row}`).value = { formula: `IF($A${row}="","",${terms.length ? terms.join('+') : '0'})` };
  }
  return rows;
}
