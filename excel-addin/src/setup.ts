/**
 * Set up workbook in Excel: reads which sheets exist, asks the workflow
 * (src/workflows/set-up.ts) for the plan, and executes it in one batch: Stages, Deals,
 * Stage history and Dashboard, never touching a sheet that exists, and the
 * Dashboard's four charts (worksheet.charts.add) queued with the writes, so set-up
 * takes no more syncs than it did without charts. Then it watches Deals and loads
 * the add-in with the workbook.
 */
import {
  DEALS_SHEET,
  DEFAULT_CONFIG,
  EXCEL_HISTORY_SHEET,
  STAGES_SHEET,
  columnLetter,
  escapeCellText,
  type PipelineConfig,
} from '../../src/core/index';
import { EXCEL_DASHBOARD, type DashboardChartType } from '../../src/workflows/dashboard';
import { DASHBOARD_SHEET, planSetUp, type DashboardPlan } from '../../src/workflows/set-up';

import { tellPane } from './pane-messages';
import { watchDeals } from './validation';
import { HISTORY_SHEET_NAMES } from './workbook';

/** Excel.ChartType for each chart type of the Dashboard definition. */
const EXCEL_CHART_TYPES: Readonly<Record<DashboardChartType, Excel.ChartType>> = {
  column: 'ColumnClustered' as Excel.ChartType,
  bar: 'BarClustered' as Excel.ChartType,
  line: 'LineMarkers' as Excel.ChartType,
};

/** "A1"-style address of a 1-based cell. */
function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}

/**
 * Queues the Dashboard into `sheet`: titles and formulas down column A in one formulas
 * write (the blanks between are where the formulas spill), then each chart of the
 * definition: the plotted column with its header as one series, its categories as
 * the series' x-axis values, its title and its place.
 */
function queueDashboard(sheet: Excel.Worksheet, dashboard: DashboardPlan): void {
  const last = Math.max(...dashboard.cells.map((cell) => cell.row));
  const column: string[][] = Array.from({ length: last }, () => ['']);
  for (const cell of dashboard.cells) column[cell.row - 1][0] = cell.formula ?? escapeCellText(cell.text ?? '');
  sheet.getRangeByIndexes(0, 0, last, 1).formulas = column;
  for (const chart of dashboard.charts) {
    const series = `${chart.seriesName}:${chart.values.split(':')[1]}`;
    const added = sheet.charts.add(EXCEL_CHART_TYPES[chart.type], sheet.getRange(series), 'Columns' as Excel.ChartSeriesBy);
    added.title.text = chart.title;
    added.setPosition(
      cellAddress(chart.anchor.row, chart.anchor.column),
      cellAddress(chart.anchor.row + chart.rows - 1, chart.anchor.column + chart.columns - 1),
    );
    added.series.getItemAt(0).setXAxisValues(sheet.getRange(chart.categories));
  }
}

/**
 * Creates the sheets a pipeline needs, never touching one that exists: Stages (the
 * chosen stages and rules), Deals and Stage history (header rows), Dashboard (the
 * one definition's formulas and charts). A workbook that already has a "History"
 * sheet keeps it as its log and gets no "Stage history". Then it starts watching
 * Deals and asks Excel to load the add-in with this workbook from now on.
 */
export async function setUpWorkbook(config: PipelineConfig = DEFAULT_CONFIG): Promise<readonly string[]> {
  const { made: created, message } = await Excel.run(async (context) => {
    const names = [STAGES_SHEET, DEALS_SHEET, DASHBOARD_SHEET, ...HISTORY_SHEET_NAMES];
    const sheets = names.map((name) => context.workbook.worksheets.getItemOrNullObject(name));
    for (const sheet of sheets) sheet.load('isNullObject');
    await context.sync();
    const [stagesSheet, dealsSheet, dashboardSheet, ...historySheets] = sheets;
    const existingHistory = HISTORY_SHEET_NAMES.find((_, i) => !historySheets[i].isNullObject);
    const historySheet = existingHistory ?? EXCEL_HISTORY_SHEET;
    const plan = planSetUp(
      {
        exists: {
          stages: !stagesSheet.isNullObject,
          deals: !dealsSheet.isNullObject,
          history: existingHistory !== undefined,
          dashboard: !dashboardSheet.isNullObject,
        },
        // Excel never touches an existing Deals sheet, so its header is not read.
        dealsHeader: null,
        dealsEmpty: true,
        config,
      },
      { historySheet, changedBy: '', language: config.rules.language, formulas: EXCEL_DASHBOARD },
    );
    context.runtime.enableEvents = false;
    try {
      for (const planned of plan.newSheets) {
        const sheet = context.workbook.worksheets.add(planned.name);
        if (planned.name === DASHBOARD_SHEET && plan.dashboard) {
          queueDashboard(sheet, plan.dashboard);
          continue;
        }
        const width = Math.max(...planned.rows.map((r) => r.length));
        const rows = planned.rows.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? ''));
        const range = sheet.getRangeByIndexes(0, 0, rows.length, width);
        range.values = rows.map((row) => row.map(escapeCellText));
        const percent = planned.percentColumn;
        if (percent && planned.percentRows) {
          range.numberFormat = rows.map((row, i) =>
            row.map((_, c) => (c === percent - 1 && i > 0 && i <= planned.percentRows! ? '0%' : 'General')),
          );
        }
        sheet.freezePanes.freezeRows(1);
      }
      await context.sync();
    } finally {
      context.runtime.enableEvents = true;
      await context.sync();
    }
    await watchDeals(context);
    return { made: plan.created, historySheet, message: plan.message };
  });
  if (typeof Office !== 'undefined' && Office.addin?.setStartupBehavior) {
    await Office.addin.setStartupBehavior(Office.StartupBehavior.load);
  }
  tellPane({ kind: 'status', text: message });
  return created;
}
