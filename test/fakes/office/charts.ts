/**
 * worksheet.charts in the Office fake. `charts.add(type, sourceData, seriesBy)` is
 * queued like every other operation and takes effect at context.sync(); a refusal
 * surfaces there as Excel reports it, and drops the rest of the batch. The rules, each
 * from the reference:
 * - ChartCollection.add(type, sourceData: Range, seriesBy?) (ExcelApi 1.1), type one of
 *   Excel.ChartType, seriesBy one of Excel.ChartSeriesBy ("Auto", "Columns", "Rows")
 *   (https://learn.microsoft.com/en-us/javascript/api/excel/excel.chartcollection#excel-excel-chartcollection-add-member(1),
 *   https://learn.microsoft.com/en-us/javascript/api/excel/excel.charttype,
 *   https://learn.microsoft.com/en-us/javascript/api/excel/excel.chartseriesby). Anything
 *   else, or a source that is not a Range, is InvalidArgument.
 * - ChartCollection.getCount() (ExcelApi 1.4) gives a ClientResult whose value is
 *   there after sync
 *   (https://learn.microsoft.com/en-us/javascript/api/excel/excel.chartcollection#excel-excel-chartcollection-getcount-member(1)).
 * - Chart.title.text, Chart.setPosition(startCell, endCell?) with addresses or ranges
 *   (https://learn.microsoft.com/en-us/javascript/api/excel/excel.chart#excel-excel-chart-setposition-member(1)),
 *   Chart.series.getItemAt(index) and ChartSeries.setXAxisValues(sourceData: Range)
 *   (ExcelApi 1.7,
 *   https://learn.microsoft.com/en-us/javascript/api/excel/excel.chartseries#excel-excel-chartseries-setxaxisvalues-member(1)).
 *   A series index past the chart's series is ItemNotFound.
 * With seriesBy "Columns", each column of the source is one series; the fake does not
 * guess a header row, so a one-column source is one series.
 */
import { OfficeError } from './excel';

/** Where a fake range sits: excel.ts puts it on every range it makes, under this key. */
export const RANGE_INFO = Symbol('fake range info');

export interface ChartRangeInfo {
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
  readonly rowCount: number;
  readonly columnCount: number;
}

/** A chart as Excel holds it after the sync that added it. */
export interface FakeExcelChart {
  readonly sheet: string;
  readonly type: string;
  /** "Sheet!D6:D12" */
  readonly source: string;
  readonly seriesBy: string;
  title: { text: string };
  position: { start: string; end: string | null } | null;
  /** Per series: the category range set with setXAxisValues, or null. */
  readonly xAxisValues: (string | null)[];
}

/** One queued operation for the fake's sync: run it, or refuse with `failure`. */
export type QueuedChartOperation = { readonly apply: () => void } | { readonly failure: OfficeError };

/** Excel.ChartType, as the enum lists it. */
export const CHART_TYPES: ReadonlySet<string> = new Set([
  'Invalid',
  'ColumnClustered',
  'ColumnStacked',
  'ColumnStacked100',
  '3DColumnClustered',
  '3DColumnStacked',
  '3DColumnStacked100',
  'BarClustered',
  'BarStacked',
  'BarStacked100',
  '3DBarClustered',
  '3DBarStacked',
  '3DBarStacked100',
  'LineStacked',
  'LineStacked100',
  'LineMarkers',
  'LineMarkersStacked',
  'LineMarkersStacked100',
  'PieOfPie',
  'PieExploded',
  '3DPieExploded',
  'BarOfPie',
  'XYScatterSmooth',
  'XYScatterSmoothNoMarkers',
  'XYScatterLines',
  'XYScatterLinesNoMarkers',
  'AreaStacked',
  'AreaStacked100',
  '3DAreaStacked',
  '3DAreaStacked100',
  'DoughnutExploded',
  'RadarMarkers',
  'RadarFilled',
  'Surface',
  'SurfaceWireframe',
  'SurfaceTopView',
  'SurfaceTopViewWireframe',
  'Bubble',
  'Bubble3DEffect',
  'StockHLC',
  'StockOHLC',
  'StockVHLC',
  'StockVOHLC',
  'CylinderColClustered',
  'CylinderColStacked',
  'CylinderColStacked100',
  'CylinderBarClustered',
  'CylinderBarStacked',
  'CylinderBarStacked100',
  'CylinderCol',
  'ConeColClustered',
  'ConeColStacked',
  'ConeColStacked100',
  'ConeBarClustered',
  'ConeBarStacked',
  'ConeBarStacked100',
  'ConeCol',
  'PyramidColClustered',
  'PyramidColStacked',
  'PyramidColStacked100',
  'PyramidBarClustered',
  'PyramidBarStacked',
  'PyramidBarStacked100',
  'PyramidCol',
  '3DColumn',
  'Line',
  '3DLine',
  '3DPie',
  'Pie',
  'XYScatter',
  '3DArea',
  'Area',
  'Doughnut',
  'Radar',
  'Histogram',
  'Boxwhisker',
  'Pareto',
  'RegionMap',
  'Treemap',
  'Waterfall',
  'Sunburst',
  'Funnel',
]);
export const SERIES_BY: ReadonlySet<string> = new Set(['Auto', 'Columns', 'Rows']);

function invalid(message: string, location: string): OfficeError {
  return new OfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${message}.`, location);
}

function address(info: ChartRangeInfo): string {
  const letter = (n: number) => {
    let s = '';
    for (let c = n + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
    return s;
  };
  const from = `${letter(info.column)}${info.row + 1}`;
  const to = `${letter(info.column + info.columnCount - 1)}${info.row + info.rowCount}`;
  return `${info.sheet}!${from === to ? from : `${from}:${to}`}`;
}

function rangeInfo(value: unknown): ChartRangeInfo | undefined {
  return value !== null && typeof value === 'object'
    ? ((value as Record<symbol, unknown>)[RANGE_INFO] as ChartRangeInfo | undefined)
    : undefined;
}

/** A cell or range given to setPosition: a Range, or an A1 address on the chart's sheet. */
function positionCell(value: unknown): string | null {
  const info = rangeInfo(value);
  if (info) return address(info);
  if (typeof value === 'string' && /^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$/.test(value)) return value;
  return null;
}

/**
 * The `charts` of one worksheet. `charts` is the fake's list of charts in the
 * workbook; `enqueue` puts an operation in the current batch.
 */
export function chartCollection(sheet: string, charts: FakeExcelChart[], enqueue: (operation: QueuedChartOperation) => void) {
  return {
    add(type: unknown, sourceData: unknown, seriesBy: unknown = 'Auto') {
      const source = rangeInfo(sourceData);
      const chart: FakeExcelChart = {
        sheet,
        type: String(type),
        source: source ? address(source) : String(sourceData),
        seriesBy: String(seriesBy),
        title: { text: '' },
        position: null,
        xAxisValues: [],
      };
      if (typeof type !== 'string' || !CHART_TYPES.has(type) || type === 'Invalid')
        enqueue({ failure: invalid(`type (${String(type)} is not an Excel.ChartType)`, 'ChartCollection.add') });
      else if (!source) enqueue({ failure: invalid('sourceData (a Range, not an address)', 'ChartCollection.add') });
      else if (typeof seriesBy !== 'string' || !SERIES_BY.has(seriesBy))
        enqueue({ failure: invalid(`seriesBy (${String(seriesBy)} is not an Excel.ChartSeriesBy)`, 'ChartCollection.add') });
      else {
        const count = seriesBy === 'Rows' ? source.rowCount : source.columnCount;
        for (let i = 0; i < count; i++) chart.xAxisValues.push(null);
        enqueue({ apply: () => charts.push(chart) });
      }
      return {
        get title() {
          return chart.title;
        },
        setPosition(startCell: unknown, endCell?: unknown) {
          const start = positionCell(startCell);
          const end = endCell === undefined ? null : positionCell(endCell);
          if (start === null || (endCell !== undefined && end === null))
            enqueue({ failure: invalid('setPosition takes a Range or an A1 address', 'Chart.setPosition') });
          else enqueue({ apply: () => (chart.position = { start, end }) });
        },
        series: {
          getItemAt(index: number) {
            return {
              setXAxisValues(sourceData: unknown) {
                const categories = rangeInfo(sourceData);
                if (!Number.isInteger(index) || index < 0 || index >= chart.xAxisValues.length) {
                  enqueue({
                    failure: new OfficeError('ItemNotFound', `The chart has no series ${index}.`, 'ChartSeriesCollection.getItemAt'),
                  });
                } else if (!categories) enqueue({ failure: invalid('sourceData (a Range)', 'ChartSeries.setXAxisValues') });
                else enqueue({ apply: () => (chart.xAxisValues[index] = address(categories)) });
              },
            };
          },
        },
      };
    },
    getCount() {
      const result: { value?: number } = {};
      let value: number | undefined;
      enqueue({ apply: () => (value = charts.filter((c) => c.sheet === sheet).length) });
      Object.defineProperty(result, 'value', {
        get() {
          if (value === undefined)
            throw new Error('PropertyNotLoaded: ChartCollection.getCount(): the value is there only after context.sync().');
          return value;
        },
      });
      return result;
    },
  };
}
