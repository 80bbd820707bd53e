/**
 * The fake Sheet: its cells, formulas, notes, formats, rules, charts and protections;
 * how an entry is stored (a formula, plain text after an apostrophe, or typing read
 * by the locale, entry.ts); the used extent (getLastRow/getLastColumn); and the
 * embedded charts a script builds on it.
 */
import type { CallLog } from './calls';
import { type FakeChart, type FakeChartBuilder, SheetCharts } from './charts';
import { type Cell, columnNumber, copyCell, storeCell } from './cells';
import { CROSS_SHEET_RULE_MESSAGE, type FakeConditionalFormatRule, type FakeDataValidation, otherSheetReference } from './cell-rules';
import { parseEntry } from './entry';
import { FakeProtection, PROTECTED_MESSAGE } from './protection';
import { FakeRange } from './range';
import type { FakeSpreadsheet } from './spreadsheet';

export class FakeSheet {
  readonly cells = new Map<string, Cell>();
  readonly formulas = new Map<string, string>();
  readonly notes = new Map<string, string>();
  readonly validations = new Map<string, FakeDataValidation>();
  readonly formats = new Map<string, string>();
  conditionalRules: FakeConditionalFormatRule[] = [];
  /** Embedded charts (charts.ts); `charts` lists them without counting a call. */
  readonly chartSet: SheetCharts = new SheetCharts(this);
  get charts(): readonly FakeChart[] {
    return this.chartSet.list;
  }
  readonly protections: FakeProtection[] = [];
  frozenRows = 0;
  private lastRowValue = 0;
  private lastColumnValue = 0;
  private extentDirty = false;

  constructor(
    readonly spreadsheet: FakeSpreadsheet,
    public name: string,
    readonly id: number,
    public maxRows = 1000,
    public maxColumns = 26,
  ) {}

  get log(): CallLog {
    return this.spreadsheet.log;
  }

  /** Not counted: throws Sheets' message when a protection keeps the script's user out of any cell of the block. */
  checkWritable(row: number, column: number, numRows: number, numColumns: number): void {
    const user = this.spreadsheet.runAs;
    for (const protection of this.protections) {
      if (!protection.allows(user) && protection.covers(row, column, numRows, numColumns)) throw new Error(PROTECTED_MESSAGE);
    }
  }

  /** Test helper (not counted): the stored value of one cell. */
  cell(row: number, column: number): Cell {
    return this.cells.get(`${row},${column}`) ?? '';
  }

  /** Test helper (not counted): stores one cell the way Sheets would. */
  put(row: number, column: number, value: Cell): void {
    const key = `${row},${column}`;
    const stored = storeCell(value);
    if (typeof stored === 'string' && stored.startsWith('=')) {
      this.formulas.set(key, stored);
      this.cells.delete(key);
      this.touch(row, column);
      return;
    }
    const hadFormula = this.formulas.delete(key);
    if (stored === '') {
      const had = this.cells.delete(key) || hadFormula;
      if (had && (row === this.lastRowValue || column === this.lastColumnValue)) this.extentDirty = true;
    } else {
      this.cells.set(key, stored);
      this.touch(row, column);
    }
  }

  /**
   * Test helper (not counted): one entry as typed, or as setValue(s)/appendRow hand it
   * to Sheets (entry.ts). In a cell formatted as plain text ("@") a string is stored
   * exactly as given, a leading apostrophe included. Elsewhere a leading apostrophe
   * makes the rest plain text and is not part of the value read back ("'=x" stores
   * "=x" as text, never a formula); "=…" is a formula; any other string is read the
   * way Sheets reads typing ("000417" → 417, "30%" → 0.3, "1/2/2026" → a date).
   */
  enter(row: number, column: number, value: Cell): void {
    if (typeof value !== 'string') {
      this.put(row, column, value);
      return;
    }
    const key = `${row},${column}`;
    if (this.formats.get(key) === '@') {
      this.put(row, column, '');
      if (value === '') return;
      this.cells.set(key, value);
      this.touch(row, column);
      return;
    }
    if (!value.startsWith("'")) {
      if (value.startsWith('=')) {
        this.put(row, column, value);
        return;
      }
      this.put(row, column, parseEntry(value, this.spreadsheet.locale, this.spreadsheet.timeZone));
      return;
    }
    this.put(row, column, '');
    const text = value.slice(1);
    if (text === '') return;
    this.cells.set(key, text);
    this.touch(row, column);
  }

  putNote(row: number, column: number, note: string | null): void {
    const key = `${row},${column}`;
    if (!note) this.notes.delete(key);
    else this.notes.set(key, String(note));
  }

  private get lastRowCache(): number {
    if (this.extentDirty) this.recountExtent();
    return this.lastRowValue;
  }
  private get lastColumnCache(): number {
    if (this.extentDirty) this.recountExtent();
    return this.lastColumnValue;
  }

  private touch(row: number, column: number): void {
    if (row > this.lastRowValue) this.lastRowValue = row;
    if (column > this.lastColumnValue) this.lastColumnValue = column;
  }

  private recountExtent(): void {
    let lastRow = 0;
    let lastColumn = 0;
    for (const key of [...this.cells.keys(), ...this.formulas.keys()]) {
      const [r, c] = key.split(',').map(Number);
      if (r > lastRow) lastRow = r;
      if (c > lastColumn) lastColumn = c;
    }
    this.lastRowValue = lastRow;
    this.lastColumnValue = lastColumn;
    this.extentDirty = false;
  }

  /** Test helper (not counted): writes a block starting at (row, column), growing the sheet as needed. */
  load(values: readonly (readonly Cell[])[], row = 1, column = 1): void {
    const width = values.reduce((max, r) => Math.max(max, r.length), 0);
    this.maxRows = Math.max(this.maxRows, row + values.length - 1);
    this.maxColumns = Math.max(this.maxColumns, column + width - 1);
    values.forEach((cells, r) => {
      cells.forEach((v, c) => {
        this.put(row + r, column + c, v);
      });
    });
  }

  /** Test helper (not counted): the used block as values. */
  dump(): Cell[][] {
    const out: Cell[][] = [];
    for (let r = 1; r <= this.lastRowCache; r++) {
      const row: Cell[] = [];
      for (let c = 1; c <= this.lastColumnCache; c++) row.push(copyCell(this.cell(r, c)));
      out.push(row);
    }
    return out;
  }

  getName(): string {
    this.log.hit('Sheet.getName');
    return this.name;
  }
  setName(name: string): this {
    this.log.hit('Sheet.setName');
    if (this.spreadsheet.sheets.some((s) => s !== this && s.name === name)) {
      throw new Error(`Exception: A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.name = name;
    return this;
  }
  getSheetId(): number {
    this.log.hit('Sheet.getSheetId');
    return this.id;
  }
  getParent(): FakeSpreadsheet {
    this.log.hit('Sheet.getParent');
    return this.spreadsheet;
  }
  getRange(rowOrA1: number | string, column?: number, numRows = 1, numColumns = 1): FakeRange {
    this.log.hit('Sheet.getRange');
    if (typeof rowOrA1 === 'string') return this.rangeFromA1(rowOrA1);
    if (column === undefined)
      throw new Error("Exception: The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.");
    return new FakeRange(this, rowOrA1, column, numRows, numColumns);
  }

  /** Parses "B2", "A1:C9", "A:C", "2:2" and "A2:C" against this sheet (not counted). */
  rangeFromA1(a1: string): FakeRange {
    const m = /^\$?([A-Z]*)\$?(\d*)(?::\$?([A-Z]*)\$?(\d*))?$/i.exec(a1.trim());
    if (!m || (!m[1] && !m[2])) throw new Error('Exception: Range not found');
    const [, l1, d1, l2, d2] = m;
    const c1 = l1 ? columnNumber(l1) : 1;
    const r1 = d1 ? Number(d1) : 1;
    if (l2 === undefined && d2 === undefined) {
      if (!l1 || !d1) throw new Error('Exception: Range not found');
      return new FakeRange(this, r1, c1, 1, 1);
    }
    const c2 = l2 ? columnNumber(l2) : this.maxColumns;
    const r2 = d2 ? Number(d2) : this.maxRows;
    return new FakeRange(this, r1, c1, r2 - r1 + 1, c2 - c1 + 1);
  }

  /**
   * Sheet.getSheetValues: the values of a block given by its corner and size, in one
   * call without a Range. As the reference says, -1 rows or columns reach the last
   * row or column with content; the block must hold at least one cell (an empty sheet
   * throws) and lie inside the sheet, as getRange demands.
   */
  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): Cell[][] {
    this.log.hit('Sheet.getSheetValues');
    const rows = numRows === -1 ? this.lastRowCache - startRow + 1 : numRows;
    const columns = numColumns === -1 ? this.lastColumnCache - startColumn + 1 : numColumns;
    const block = new FakeRange(this, startRow, startColumn, rows, columns);
    const out: Cell[][] = [];
    for (let r = 0; r < block.numRows; r++) {
      const row: Cell[] = [];
      for (let c = 0; c < block.numColumns; c++) row.push(copyCell(this.cell(startRow + r, startColumn + c)));
      out.push(row);
    }
    return out;
  }

  getDataRange(): FakeRange {
    this.log.hit('Sheet.getDataRange');
    return new FakeRange(this, 1, 1, Math.max(1, this.lastRowCache), Math.max(1, this.lastColumnCache));
  }
  getLastRow(): number {
    this.log.hit('Sheet.getLastRow');
    return this.lastRowCache;
  }
  getLastColumn(): number {
    this.log.hit('Sheet.getLastColumn');
    return this.lastColumnCache;
  }
  getMaxRows(): number {
    this.log.hit('Sheet.getMaxRows');
    return this.maxRows;
  }
  getMaxColumns(): number {
    this.log.hit('Sheet.getMaxColumns');
    return this.maxColumns;
  }
  insertColumnsAfter(after: number, howMany: number): this {
    this.log.hit('Sheet.insertColumnsAfter');
    if (after !== this.maxColumns) throw new Error('The fake only appends columns at the end of a sheet.');
    this.maxColumns += howMany;
    return this;
  }
  insertRowsAfter(after: number, howMany: number): this {
    this.log.hit('Sheet.insertRowsAfter');
    if (after !== this.maxRows) throw new Error('The fake only appends rows at the end of a sheet.');
    this.maxRows += howMany;
    return this;
  }
  appendRow(values: Cell[]): this {
    this.log.hit('Sheet.appendRow');
    if (!Array.isArray(values))
      throw new Error("Exception: The parameters don't match the method signature for SpreadsheetApp.Sheet.appendRow.");
    const row = this.lastRowCache + 1;
    this.checkWritable(row, 1, 1, Math.max(1, values.length));
    if (row > this.maxRows) this.maxRows = row;
    if (values.length > this.maxColumns) this.maxColumns = values.length;
    values.forEach((v, c) => {
      this.enter(row, c + 1, v);
    });
    return this;
  }
  setFrozenRows(rows: number): void {
    this.log.hit('Sheet.setFrozenRows');
    this.frozenRows = rows;
  }
  getFrozenRows(): number {
    this.log.hit('Sheet.getFrozenRows');
    return this.frozenRows;
  }
  setColumnWidth(column: number, width: number): this {
    this.log.hit('Sheet.setColumnWidth');
    void column;
    void width;
    return this;
  }
  getConditionalFormatRules(): FakeConditionalFormatRule[] {
    this.log.hit('Sheet.getConditionalFormatRules');
    return [...this.conditionalRules];
  }
  setConditionalFormatRules(rules: FakeConditionalFormatRule[]): void {
    this.log.hit('Sheet.setConditionalFormatRules');
    for (const rule of rules) {
      const other = otherSheetReference(rule.formula, this.name);
      if (other) throw new Error(`${CROSS_SHEET_RULE_MESSAGE} (${other})`);
    }
    this.conditionalRules = [...rules];
  }
  newChart(): FakeChartBuilder {
    return this.chartSet.newChart();
  }
  insertChart(chart: FakeChart): void {
    this.chartSet.insertChart(chart);
  }
  getCharts(): FakeChart[] {
    return this.chartSet.getCharts();
  }
  removeChart(chart: FakeChart): void {
    this.chartSet.removeChart(chart);
  }
  protect(): FakeProtection {
    this.log.hit('Sheet.protect');
    const protection = new FakeProtection(
      this.log,
      'SHEET',
      new FakeRange(this, 1, 1, this.maxRows, this.maxColumns),
      this.spreadsheet.runAs,
    );
    this.protections.push(protection);
    return protection;
  }
  getProtections(type: string): FakeProtection[] {
    this.log.hit('Sheet.getProtections');
    return this.protections.filter((p) => p.type === type);
  }
  activate(): this {
    this.log.hit('Sheet.activate');
    this.spreadsheet.activeSheet = this;
    return this;
  }
}
