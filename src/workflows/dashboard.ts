/**
 * The one definition of the Dashboard sheet: where each table sits, what formula
 * fills it, and the four charts (pipeline by stage, forecast by month, conversion
 * funnel, stale deals per owner) as data: type, title, anchor and the ranges each
 * plots. Three writers render it: the Sheets adapter (EmbeddedChart), the Excel
 * add-in (worksheet.charts.add) and the .xlsx writer (DrawingML parts).
 *
 * The tables stack down column A, each in a block of rows reserved from the shape
 * (stage count, months, owner rows), and the charts sit to the right of the widest
 * block. In Sheets and Excel a block holds one spilling custom-function formula,
 * clipped to its rows (ARRAY_CONSTRAIN / TAKE) so that no spill runs into the next
 * block. In the .xlsx file the same cells hold plain formulas that Excel and
 * LibreOffice compute without the add-in (custom functions do not exist there): the
 * file flavour's month table is a stage × month pivot, so its chart plots the pivot's
 * Total column instead of the custom function's Weighted column. Everything else,
 * rows, columns, titles and chart ranges, is the same for all three.
 */
import { columnLetter, sheetReference, type Language } from '../core/index';
import { DASHBOARD_TITLES } from './catalogue/index';

/** Which writer the formulas are for: Sheets custom functions, Excel's PIPELINE.*, or plain formulas in the .xlsx file. */
export type DashboardFlavour = 'sheets' | 'excel' | 'file';
export type DashboardBlockId = 'byStage' | 'byMonth' | 'funnel' | 'staleByOwner';
export type DashboardChartType = 'column' | 'bar' | 'line';

/** How many rows each block reserves. */
export interface DashboardShape {
  /** Open stages (the by-stage table and the month pivot's columns). */
  readonly openStages: number;
  /** Stages on the conversion funnel (every stage but the lost ones). */
  readonly funnelStages: number;
  /** Months in the month table (the file adds Earlier, Later and No date rows). */
  readonly months: number;
  /** Owner rows the stale-per-owner table shows. */
  readonly ownerRows: number;
}

/** A table of the Dashboard: a bold title cell, a header row under it, then `bodyRows` rows. 1-based. */
export interface DashboardBlock {
  readonly id: DashboardBlockId;
  readonly title: string;
  readonly titleRow: number;
  readonly headerRow: number;
  readonly firstBodyRow: number;
  readonly lastBodyRow: number;
  /** Columns the block spans, from column A. */
  readonly width: number;
}

/** A chart as data: each writer draws it with its platform's own chart API. */
export interface DashboardChart {
  readonly id: DashboardBlockId;
  readonly type: DashboardChartType;
  readonly title: string;
  /** Top-left cell (1-based) and the size in columns × rows the chart covers. */
  readonly anchor: { readonly row: number; readonly column: number };
  readonly columns: number;
  readonly rows: number;
  /** Sheet-local A1 ranges: the category labels, the plotted values, and the header cell that names the series. */
  readonly categories: string;
  readonly values: string;
  readonly seriesName: string;
}

export interface DashboardLayout {
  readonly titleCell: string;
  readonly noteCell: string;
  readonly blocks: readonly DashboardBlock[];
  readonly charts: readonly DashboardChart[];
}

/** Rows between the stacked blocks. */
const GAP = 1;
const FIRST_BLOCK_ROW = 5;
const CHART_COLUMNS = 8;
const CHART_ROWS = 16;

/** Rows each block's body reserves; the same for every flavour, so the layout is one. */
function bodyRows(id: DashboardBlockId, shape: DashboardShape): number {
  switch (id) {
    case 'byStage':
      return shape.openStages + 1; // the stages and a Total row
    case 'byMonth':
      return shape.months + 4; // Earlier, the months, Later, No date, Total
    case 'funnel':
      return shape.funnelStages;
    case 'staleByOwner':
      return shape.ownerRows;
  }
}

function blockWidth(id: DashboardBlockId, shape: DashboardShape): number {
  if (id === 'byStage') return 4; // Stage, Deals, Amount, Weighted
  if (id === 'byMonth') return Math.max(4, shape.openStages + 2); // Month, one column per open stage, Total
  if (id === 'funnel') return 3; // Stage, Deals, Rate
  return 2; // Owner, Stale deals
}

const BLOCK_ORDER: readonly DashboardBlockId[] = ['byStage', 'byMonth', 'funnel', 'staleByOwner'];
const CHART_TYPES: Readonly<Record<DashboardBlockId, DashboardChartType>> = {
  byStage: 'column',
  byMonth: 'line',
  funnel: 'bar',
  staleByOwner: 'column',
};

/** The Dashboard's layout and charts for a shape, with titles in `language`. */
export function dashboardLayout(shape: DashboardShape, language: Language, flavour: DashboardFlavour): DashboardLayout {
  const labels = DASHBOARD_TITLES[language];
  const titles: Readonly<Record<DashboardBlockId, string>> = {
    byStage: labels.pipelineByStage,
    byMonth: labels.forecastByMonth,
    funnel: labels.funnel,
    staleByOwner: labels.staleByOwner,
  };
  const blocks: DashboardBlock[] = [];
  let row = FIRST_BLOCK_ROW;
  for (const id of BLOCK_ORDER) {
    const rows = bodyRows(id, shape);
    blocks.push({
      id,
      title: titles[id],
      titleRow: row,
      headerRow: row + 1,
      firstBodyRow: row + 2,
      lastBodyRow: row + 1 + rows,
      width: blockWidth(id, shape),
    });
    row += 2 + rows + GAP + 1;
  }
  const chartColumn = Math.max(...blocks.map((b) => b.width)) + 2;
  const charts = blocks.map((block, i): DashboardChart => {
    // The plotted rows leave out the Total rows (by stage, by month) that would dwarf the rest.
    const lastRow = block.id === 'byStage' || block.id === 'byMonth' ? block.lastBodyRow - 1 : block.lastBodyRow;
    const valueColumn = block.id === 'byStage' ? 4 : block.id === 'byMonth' ? (flavour === 'file' ? block.width : 4) : 2;
    const value = columnLetter(valueColumn);
    return {
      id: block.id,
      type: CHART_TYPES[block.id],
      title: block.title,
      anchor: { row: 1 + i * (CHART_ROWS + 1), column: chartColumn },
      columns: CHART_COLUMNS,
      rows: CHART_ROWS,
      categories: `A${block.firstBodyRow}:A${lastRow}`,
      values: `${value}${block.firstBodyRow}:${value}${lastRow}`,
      seriesName: `${value}${block.headerRow}`,
    };
  });
  return { titleCell: 'A1', noteCell: 'A2', blocks, charts };
}

/** The sheets the Dashboard's formulas read, and how many Deals columns there are. */
export interface DashboardSources {
  readonly dealsSheet: string;
  readonly stagesSheet: string;
  readonly historySheet: string;
  /** Columns of the Deals header (at least 1). */
  readonly dealColumns: number;
  /** Columns of the History header. */
  readonly historyColumns: number;
  /** Columns of the Stages table. */
  readonly stageColumns: number;
}

/**
 * One spilling formula per block, for the add-ins' custom functions, placed in the
 * block's header cell (each returns its header row first). Sheets names them
 * PIPELINE_*, Excel PIPELINE.*; Sheets clips a spill with ARRAY_CONSTRAIN, Excel with
 * TAKE. Stale per owner counts PIPELINE_STALE's rows by its Owner column: QUERY in
 * Sheets; in Excel UNIQUE owners and a MMULT count (COUNTIF takes ranges, not arrays).
 */
export interface DashboardDialect {
  readonly flavour: 'sheets' | 'excel';
  /** A custom function's name: PIPELINE_FORECAST or PIPELINE.FORECAST. */
  readonly call: (name: string) => string;
  /** A spill clipped to the block's rows and columns. */
  readonly clip: (formula: string, rows: number, columns: number) => string;
  /** Stale deals per owner, counted from PIPELINE_STALE's table. */
  readonly staleByOwner: (staleList: string) => string;
}

// Two objects, not a flag, so that each add-in's bundle carries only its own platform's formula text.
export const SHEETS_DASHBOARD: DashboardDialect = {
  flavour: 'sheets',
  call: (name) => `PIPELINE_${name}`,
  clip: (formula, rows, columns) => `ARRAY_CONSTRAIN(${formula},${rows},${columns})`,
  staleByOwner: (staleList) =>
    `QUERY(${staleList},"select Col3, count(Col1) where Col1 is not null group by Col3 label Col3 'Owner', count(Col1) 'Stale deals'",1)`,
};

export const EXCEL_DASHBOARD: DashboardDialect = {
  flavour: 'excel',
  call: (name) => `PIPELINE.${name}`,
  clip: (formula, rows, columns) => `TAKE(${formula},${rows},${columns})`,
  staleByOwner: (staleList) => {
    // Each unique owner's count: a 0/1 matrix (owner × deal) times a column of ones.
    const counts = 'MMULT(--(u=TRANSPOSE(o)),SEQUENCE(ROWS(o),1,1,0))';
    return `LET(s,${staleList},o,DROP(INDEX(s,0,3),1),u,UNIQUE(o),VSTACK(HSTACK("Owner","Stale deals"),HSTACK(u,${counts})))`;
  },
};

export function addinDashboardFormulas(
  dialect: DashboardDialect,
  layout: DashboardLayout,
  sources: DashboardSources,
): ReadonlyMap<DashboardBlockId, string> {
  const whole = (sheet: string, columns: number) => `${sheetReference(sheet)}!A:${columnLetter(Math.max(1, columns))}`;
  const deals = whole(sources.dealsSheet, sources.dealColumns);
  const history = whole(sources.historySheet, sources.historyColumns);
  const stages = whole(sources.stagesSheet, sources.stageColumns);
  const fn = dialect.call;
  const staleList = `${fn('STALE')}(${deals},${history},,${stages})`;
  const inner: Record<DashboardBlockId, string> = {
    byStage: `${fn('FORECAST')}(${deals},"stage",${stages})`,
    byMonth: `${fn('FORECAST')}(${deals},"month",${stages})`,
    funnel: `${fn('CONVERSION')}(${history},"cumulative",FALSE,${stages},${deals})`,
    staleByOwner: dialect.staleByOwner(staleList),
  };
  const formulas = new Map<DashboardBlockId, string>();
  for (const block of layout.blocks) {
    const rows = block.lastBodyRow - block.headerRow + 1;
    formulas.set(block.id, `=${dialect.clip(inner[block.id], rows, block.width)}`);
  }
  return formulas;
}

/** The cells both add-ins write: titles (as text) and one formula per block, each with its 1-based row and column. */
export interface DashboardCell {
  readonly row: number;
  readonly column: number;
  readonly text?: string;
  readonly formula?: string;
}

/** The add-ins' Dashboard as cells: the sheet title, the note, each block's title and its formula. */
export function addinDashboardCells(
  dialect: DashboardDialect,
  layout: DashboardLayout,
  sources: DashboardSources,
  language: Language,
): DashboardCell[] {
  const labels = DASHBOARD_TITLES[language];
  const formulas = addinDashboardFormulas(dialect, layout, sources);
  return [
    { row: 1, column: 1, text: labels.dashboardTitle },
    { row: 2, column: 1, text: labels.addinNote },
    ...layout.blocks.flatMap((block) => [
      { row: block.titleRow, column: 1, text: block.title },
      { row: block.headerRow, column: 1, formula: formulas.get(block.id) },
    ]),
  ];
}

/**
 * The add-ins' shape: the default stages' counts are not known before Stages is read, so the blocks reserve room for a generous
 * pipeline.
 */
export function addinDashboardShape(openStages: number, funnelStages: number): DashboardShape {
  return { openStages, funnelStages, months: 12, ownerRows: 20 };
}
