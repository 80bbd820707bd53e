/**
 * The fake Range: a block of one sheet's cells. It reads copies, checks the shape of
 * every block written and throws Sheets' messages, and hands each written value to
 * the sheet (FakeSheet.enter) so typing rules apply as in Sheets.
 */
import type { CallLog } from './calls';
import { type Cell, columnLetters, copyCell } from './cells';
import type { FakeDataValidation } from './cell-rules';
import { FakeProtection } from './protection';
import type { FakeSheet } from './sheet';

export class FakeRange {
  /** The onEdit event object exposes these on e.range; kept here so events can reuse a range. */
  columnStart: number;
  columnEnd: number;
  rowStart: number;
  rowEnd: number;

  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows: number,
    readonly numColumns: number,
  ) {
    if (row < 1) throw new Error('Exception: The starting row of the range is too small.');
    if (column < 1) throw new Error('Exception: The starting column of the range is too small.');
    if (numRows < 1) throw new Error('Exception: The number of rows in the range must be at least 1.');
    if (numColumns < 1) throw new Error('Exception: The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > sheet.maxRows || column + numColumns - 1 > sheet.maxColumns) {
      throw new Error('Exception: The coordinates of the range are outside the dimensions of the sheet.');
    }
    this.rowStart = row;
    this.rowEnd = row + numRows - 1;
    this.columnStart = column;
    this.columnEnd = column + numColumns - 1;
  }

  private get log(): CallLog {
    return this.sheet.log;
  }

  /** A1 notation without the sheet name (not counted: used by the fake itself). */
  a1(): string {
    const start = `${columnLetters(this.column)}${this.row}`;
    if (this.numRows === 1 && this.numColumns === 1) return start;
    return `${start}:${columnLetters(this.column + this.numColumns - 1)}${this.row + this.numRows - 1}`;
  }

  private grid<T>(read: (r: number, c: number) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.numRows; r++) {
      const row: T[] = [];
      for (let c = 0; c < this.numColumns; c++) row.push(read(this.row + r, this.column + c));
      out.push(row);
    }
    return out;
  }

  private checkShape(values: unknown, kind: string): asserts values is unknown[][] {
    if (!Array.isArray(values) || values.some((row) => !Array.isArray(row))) {
      throw new Error(`Exception: The parameters (${typeof values}) don't match the method signature for SpreadsheetApp.Range.${kind}.`);
    }
    if (values.length !== this.numRows) {
      throw new Error(
        `Exception: The number of rows in the data does not match the number of rows in the range. The data has ${values.length} ` +
          `but the range has ${this.numRows}.`,
      );
    }
    for (const row of values as unknown[][]) {
      if (row.length !== this.numColumns) {
        throw new Error(
          `Exception: The number of columns in the data does not match the number of columns in the range. The data has ` +
            `${row.length} but the range has ${this.numColumns}.`,
        );
      }
    }
  }

  getValues(): Cell[][] {
    this.log.hit('Range.getValues');
    return this.grid((r, c) => copyCell(this.sheet.cell(r, c)));
  }
  getDisplayValues(): string[][] {
    this.log.hit('Range.getDisplayValues');
    return this.grid((r, c) => {
      const v = this.sheet.cell(r, c);
      return v instanceof Date ? v.toISOString() : String(v);
    });
  }
  getValue(): Cell {
    this.log.hit('Range.getValue');
    return copyCell(this.sheet.cell(this.row, this.column));
  }
  setValues(values: Cell[][]): this {
    this.log.hit('Range.setValues');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    this.checkShape(values, 'setValues');
    values.forEach((row, r) => {
      row.forEach((v, c) => {
        this.sheet.enter(this.row + r, this.column + c, v);
      });
    });
    return this;
  }
  setValue(value: Cell): this {
    this.log.hit('Range.setValue');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    for (let r = 0; r < this.numRows; r++) for (let c = 0; c < this.numColumns; c++) this.sheet.enter(this.row + r, this.column + c, value);
    return this;
  }
  getFormulas(): string[][] {
    this.log.hit('Range.getFormulas');
    return this.grid((r, c) => this.sheet.formulas.get(`${r},${c}`) ?? '');
  }
  setFormula(formula: string): this {
    this.log.hit('Range.setFormula');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    this.sheet.put(this.row, this.column, formula);
    return this;
  }
  setFormulas(formulas: string[][]): this {
    this.log.hit('Range.setFormulas');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    this.checkShape(formulas, 'setFormulas');
    formulas.forEach((row, r) => {
      row.forEach((f, c) => {
        this.sheet.put(this.row + r, this.column + c, f);
      });
    });
    return this;
  }
  getNote(): string {
    this.log.hit('Range.getNote');
    return this.sheet.notes.get(`${this.row},${this.column}`) ?? '';
  }
  getNotes(): string[][] {
    this.log.hit('Range.getNotes');
    return this.grid((r, c) => this.sheet.notes.get(`${r},${c}`) ?? '');
  }
  setNote(note: string | null): this {
    this.log.hit('Range.setNote');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numColumns; c++) this.sheet.putNote(this.row + r, this.column + c, note);
    return this;
  }
  setNotes(notes: (string | null)[][]): this {
    this.log.hit('Range.setNotes');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    this.checkShape(notes, 'setNotes');
    notes.forEach((row, r) => {
      row.forEach((n, c) => {
        this.sheet.putNote(this.row + r, this.column + c, n);
      });
    });
    return this;
  }
  clearNote(): this {
    this.log.hit('Range.clearNote');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    for (let r = 0; r < this.numRows; r++) for (let c = 0; c < this.numColumns; c++) this.sheet.putNote(this.row + r, this.column + c, '');
    return this;
  }
  getDataValidation(): FakeDataValidation | null {
    this.log.hit('Range.getDataValidation');
    return this.sheet.validations.get(`${this.row},${this.column}`) ?? null;
  }
  setDataValidation(rule: FakeDataValidation | null): this {
    this.log.hit('Range.setDataValidation');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    for (let r = 0; r < this.numRows; r++) {
      for (let c = 0; c < this.numColumns; c++) {
        const key = `${this.row + r},${this.column + c}`;
        if (rule) this.sheet.validations.set(key, rule);
        else this.sheet.validations.delete(key);
      }
    }
    return this;
  }
  setNumberFormat(format: string): this {
    this.log.hit('Range.setNumberFormat');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numColumns; c++) this.sheet.formats.set(`${this.row + r},${this.column + c}`, format);
    return this;
  }
  setFontWeight(weight: string): this {
    this.log.hit('Range.setFontWeight');
    void weight;
    return this;
  }
  setBackground(color: string): this {
    this.log.hit('Range.setBackground');
    void color;
    return this;
  }
  getRow(): number {
    this.log.hit('Range.getRow');
    return this.row;
  }
  getColumn(): number {
    this.log.hit('Range.getColumn');
    return this.column;
  }
  getLastRow(): number {
    this.log.hit('Range.getLastRow');
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    this.log.hit('Range.getLastColumn');
    return this.column + this.numColumns - 1;
  }
  getNumRows(): number {
    this.log.hit('Range.getNumRows');
    return this.numRows;
  }
  getNumColumns(): number {
    this.log.hit('Range.getNumColumns');
    return this.numColumns;
  }
  getA1Notation(): string {
    this.log.hit('Range.getA1Notation');
    return this.a1();
  }
  getSheet(): FakeSheet {
    this.log.hit('Range.getSheet');
    return this.sheet;
  }
  getCell(row: number, column: number): FakeRange {
    this.log.hit('Range.getCell');
    if (row > this.numRows || column > this.numColumns) throw new Error('Exception: Cell reference out of range');
    return new FakeRange(this.sheet, this.row + row - 1, this.column + column - 1, 1, 1);
  }
  protect(): FakeProtection {
    this.log.hit('Range.protect');
    const protection = new FakeProtection(this.log, 'RANGE', this, this.sheet.spreadsheet.runAs);
    this.sheet.protections.push(protection);
    return protection;
  }
  offset(rowOffset: number, columnOffset: number, numRows = this.numRows, numColumns = this.numColumns): FakeRange {
    this.log.hit('Range.offset');
    return new FakeRange(this.sheet, this.row + rowOffset, this.column + columnOffset, numRows, numColumns);
  }
}
