/**
 * Set up workbook: creates Stages, Deals, Stage history and Dashboard, never touching
 * a sheet that exists, then watches Deals and loads the add-in with the workbook.
 */
import {
  DEALS_SHEET,
  DEFAULT_CONFIG,
  EXCEL_HISTORY_SHEET,
  HISTORY_HEADERS,
  STAGES_SHEET,
  dealsHeader,
  escapeCellText,
  stagesToTable,
  type PipelineConfig,
  sheetReference,
} from '../../src/core/index';

import { tellPane } from './pane-messages';
import { watchDeals } from './validation';
import {
  HISTORY_SHEET_NAMES,
} from './workbook';

/**
 * The formulas the Dashboard sheet starts with, one per row: label, formula. They
 * name the stage log sheet the workbook has ("Stage history" unless it already
 * carries "History"), quoted as Excel needs: 'Stage history'!A:I.
 */
export function dashboardFormulas(historySheet: string = EXCEL_HISTORY_SHEET): readonly (readonly [string, string])[] {
  const history = `${sheetReference(historySheet)}!A:I`;
  return [
    ['Weighted pipeline', '=PIPELINE.WEIGHTED(Deals!A:R, Stages!A:H)'],
    ['Forecast by month', '=PIPELINE.FORECAST(Deals!A:R, "month", Stages!A:H)'],
    ['Conversion', `=PIPELINE.CONVERSION(${history}, "next", FALSE, Stages!A:H)`],
    ['Stale deals', `=PIPELINE.STALE(Deals!A:R, ${history}, , Stages!A:H)`],
  ];
}

/**
 * Creates the sheets a pipeline needs, never touching one that exists: Stages (the
 * chosen stages and rules), Deals and Stage history (header rows), Dashboard
 * (formulas, each in its own block of rows so the tables can spill). A workbook that
 * already has a "History" sheet keeps it as its log and gets no "Stage history".
 * Then it starts watching Deals and asks Excel to load the add-in with this workbook
 * from now on.
 */
export async function setUpWorkbook(config: PipelineConfig = DEFAULT_CONFIG): Promise<readonly string[]> {
  const { made: created, historySheet } = await Excel.run(async (context) => {
    const names = [STAGES_SHEET, DEALS_SHEET, 'Dashboard', ...HISTORY_SHEET_NAMES];
    const sheets = names.map((name) => context.workbook.worksheets.getItemOrNullObject(name));
    for (const sheet of sheets) sheet.load('isNullObject');
    await context.sync();
    const [stagesSheet, dealsSheet, dashboardSheet, ...historySheets] = sheets;
    const existingHistory = HISTORY_SHEET_NAMES.find((_, i) => !historySheets[i].isNullObject);
    const made: string[] = [];
    context.runtime.enableEvents = false;
    try {
      const write = (name: string, rows: (string | number)[][], formats?: string[][], asFormulas = false) => {
        const sheet = context.workbook.worksheets.add(name);
        const range = sheet.getRangeByIndexes(0, 0, rows.length, Math.max(...rows.map((r) => r.length)));
        if (asFormulas) range.formulas = rows;
        else range.values = rows.map((row) => row.map(escapeCellText));
        if (formats) range.numberFormat = formats;
        sheet.freezePanes.freezeRows(1);
        made.push(name);
      };
      if (stagesSheet.isNullObject) {
        const table = stagesToTable(config);
        write(STAGES_SHEET, table, table.map((row, i) => row.map((_, c) => (c === 2 && i > 0 && i <= config.stages.length ? '0%' : 'General'))));
      }
      // dealsHeader() lists every Deals field, Move reason last.
      if (dealsSheet.isNullObject) write(DEALS_SHEET, [dealsHeader(undefined, config.rules.language)]);
      if (!existingHistory) write(EXCEL_HISTORY_SHEET, [[...HISTORY_HEADERS]]);
      if (dashboardSheet.isNullObject) {
        const formulas = dashboardFormulas(existingHistory ?? EXCEL_HISTORY_SHEET);
        const rows: string[][] = [['What', 'Formula']];
        formulas.forEach(([label, formula], i) => {
          rows.push([label, formula]);
          if (i < formulas.length - 1) for (let k = 0; k < 14; k++) rows.push(['', '']);
        });
        write('Dashboard', rows, undefined, true);
      }
      await context.sync();
    } finally {
      context.runtime.enableEvents = true;
      await context.sync();
    }
    await watchDeals(context);
    return { made, historySheet: existingHistory ?? EXCEL_HISTORY_SHEET };
  });
  if (typeof Office !== 'undefined' && Office.addin?.setStartupBehavior) {
    await Office.addin.setStartupBehavior(Office.StartupBehavior.load);
  }
  tellPane({ kind: 'status', text: created.length ? `Created: ${created.join(', ')}.` : `The workbook already has Stages, Deals, ${historySheet} and Dashboard.` });
  return created;
}
