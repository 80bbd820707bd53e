/**
 * Embedded charts in the Apps Script fake: Sheet.newChart() hands out an
 * EmbeddedChartBuilder; build() makes an EmbeddedChart that Sheet.insertChart puts
 * on the sheet, getCharts lists and removeChart takes away. Every call is counted.
 * The rules, each from the reference:
 * - Charts.ChartType lists the types a builder takes; anything else is refused
 *   (https://developers.google.com/apps-script/reference/charts/chart-type).
 * - addRange takes a Range; setPosition anchors the chart's top-left corner in a
 *   1-indexed row and column, with pixel offsets (ContainerInfo: "1-indexed column (that
 *   is, column C is 3)", https://developers.google.com/apps-script/reference/spreadsheet/container-info);
 *   setOption sets one option by name; build() returns the chart
 *   (https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart-builder).
 * - insertChart adds a built chart to the sheet; removeChart removes one that is on
 *   it (https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertChart(EmbeddedChart),
 *   #removeChart(EmbeddedChart)).
 * What the fake refuses beyond that, it refuses because the chart would be empty or
 * nowhere: a build with no range, a position outside the sheet.
 */
import type { CallLog } from './calls';

/** Charts.ChartType, as the enum lists it. */
export const CHART_TYPES = [
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'RADAR',
  'LINE',
  'ORG',
  'PIE',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TIMELINE',
  'TREEMAP',
  'WATERFALL',
] as const;

/** The global `Charts` the script sees: ChartType maps each name to itself, as the enum's values print. */
export const FakeCharts = {
  ChartType: Object.fromEntries(CHART_TYPES.map((type) => [type, type])) as Readonly<Record<(typeof CHART_TYPES)[number], string>>,
};

/** What a chart's range needs from the fake's Range: its sheet's name and its A1 notation. */
export interface ChartRangeSource {
  readonly sheet: { readonly name: string };
  a1(): string;
}

/** The bounds setPosition is checked against. */
export interface ChartSheetBounds {
  readonly name: string;
  getMaxRows(): number;
  getMaxColumns(): number;
}

export interface ChartPosition {
  readonly row: number;
  readonly column: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

export class FakeChart {
  constructor(
    private readonly log: CallLog,
    readonly type: string,
    /** "Sheet!A1:B2" for each range added, in order. */
    readonly ranges: readonly string[],
    readonly position: ChartPosition,
    readonly options: Readonly<Record<string, unknown>>,
  ) {}
  getRanges(): string[] {
    this.log.hit('EmbeddedChart.getRanges');
    return [...this.ranges];
  }
  getOptions(): { get(name: string): unknown } {
    this.log.hit('EmbeddedChart.getOptions');
    return { get: (name: string) => this.options[name] };
  }
  getContainerInfo(): { getAnchorRow(): number; getAnchorColumn(): number; getOffsetX(): number; getOffsetY(): number } {
    this.log.hit('EmbeddedChart.getContainerInfo');
    const p = this.position;
    return { getAnchorRow: () => p.row, getAnchorColumn: () => p.column, getOffsetX: () => p.offsetX, getOffsetY: () => p.offsetY };
  }
}

export class FakeChartBuilder {
  private type: string = 'COLUMN';
  private readonly ranges: string[] = [];
  private position: ChartPosition = { row: 1, column: 1, offsetX: 0, offsetY: 0 };
  private readonly options: Record<string, unknown> = {};
  constructor(
    private readonly log: CallLog,
    private readonly sheet: ChartSheetBounds,
  ) {}
  setChartType(type: string): this {
    this.log.hit('EmbeddedChartBuilder.setChartType');
    if (!(CHART_TYPES as readonly string[]).includes(type))
      throw new Error(`Exception: Invalid argument: type (${String(type)} is not a Charts.ChartType).`);
    this.type = type;
    return this;
  }
  addRange(range: ChartRangeSource): this {
    this.log.hit('EmbeddedChartBuilder.addRange');
    if (!range || typeof range.a1 !== 'function')
      throw new Error('Exception: Invalid argument: range (addRange takes a Range, not A1 text).');
    this.ranges.push(`${range.sheet.name}!${range.a1()}`);
    return this;
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): this {
    this.log.hit('EmbeddedChartBuilder.setPosition');
    const whole = (n: number) => Number.isInteger(n);
    if (![anchorRowPos, anchorColPos, offsetX, offsetY].every(whole))
      throw new Error('Exception: Invalid argument: setPosition takes whole numbers.');
    if (anchorRowPos < 1 || anchorRowPos > this.sheet.getMaxRows() || anchorColPos < 1 || anchorColPos > this.sheet.getMaxColumns()) {
      throw new Error(`Exception: The anchor (row ${anchorRowPos}, column ${anchorColPos}) is outside sheet ${this.sheet.name}.`);
    }
    this.position = { row: anchorRowPos, column: anchorColPos, offsetX, offsetY };
    return this;
  }
  setOption(option: string, value: unknown): this {
    this.log.hit('EmbeddedChartBuilder.setOption');
    if (typeof option !== 'string' || option === '') throw new Error('Exception: Invalid argument: option.');
    this.options[option] = value;
    return this;
  }
  build(): FakeChart {
    this.log.hit('EmbeddedChartBuilder.build');
    if (this.ranges.length === 0) throw new Error('Exception: The chart has no data. Add a range with addRange.');
    return new FakeChart(this.log, this.type, [...this.ranges], this.position, { ...this.options });
  }
}

/** A sheet's charts: what Sheet.insertChart, getCharts and removeChart act on. */
export class SheetCharts {
  private readonly charts: FakeChart[] = [];
  /** The sheet is read when called, not when made: the sheet makes this while it is being constructed. */
  constructor(private readonly sheet: ChartSheetBounds & { readonly log: CallLog }) {}
  private get log(): CallLog {
    return this.sheet.log;
  }
  newChart(): FakeChartBuilder {
    this.log.hit('Sheet.newChart');
    return new FakeChartBuilder(this.log, this.sheet);
  }
  insertChart(chart: FakeChart): void {
    this.log.hit('Sheet.insertChart');
    if (!(chart instanceof FakeChart))
      throw new Error('Exception: Invalid argument: chart (insertChart takes what EmbeddedChartBuilder.build() returns).');
    if (this.charts.includes(chart)) throw new Error('Exception: The chart is already on the sheet.');
    this.charts.push(chart);
  }
  getCharts(): FakeChart[] {
    this.log.hit('Sheet.getCharts');
    return [...this.charts];
  }
  removeChart(chart: FakeChart): void {
    this.log.hit('Sheet.removeChart');
    const at = this.charts.indexOf(chart);
    if (at < 0) throw new Error(`Exception: The chart is not on sheet ${this.sheet.name}.`);
    this.charts.splice(at, 1);
  }
  /** The charts without counting a call: for tests. */
  get list(): readonly FakeChart[] {
    return this.charts;
  }
}
