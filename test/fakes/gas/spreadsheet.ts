/**
 * A faithful fake of SpreadsheetApp: a spreadsheet of sheets holding cells, notes,
 * formulas, data validation, conditional format rules, charts and named ranges, and
 * the UI (menus, alerts, dialogs, sidebars, toasts). It keeps the semantics scripts
 * rely on: getValues returns copies, blanks read as '', dates are Date objects,
 * setValues checks the data's dimensions and throws Sheets' message, a written "=…"
 * becomes a formula while a leading apostrophe keeps the rest as text (and is not
 * read back), ranges outside
 * the sheet throw. Protected ranges and sheets (Range.protect, Sheet.protect) refuse a
 * write by anyone but their editors and the owner with Sheets' own message. Every
 * public method records itself in the shared CallLog.
 */
import type { CallLog } from './calls';
import { parseEntry } from './entry';
import { FakeChart, FakeChartBuilder, SheetCharts } from './charts';

type Cell = unknown;

/** "A" → 1, "AB" → 28. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1 → "A", 28 → "AB". */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function copyCell(value: Cell): Cell {
  return value instanceof Date ? new Date(value.getTime()) : value;
}

/** Normalises what a script writes the way Sheets stores it: null/undefined become blank. */
function storeCell(value: Cell): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return new Date(value.getTime());
  if (typeof value === 'object') return String(value);
  return value;
}

export class FakeDataValidation {
  constructor(
    private readonly log: CallLog,
    readonly criteria: string,
    readonly args: readonly unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType(): string {
    this.log.hit('DataValidation.getCriteriaType');
    return this.criteria;
  }
  getCriteriaValues(): unknown[] {
    this.log.hit('DataValidation.getCriteriaValues');
    return [...this.args];
  }
  getAllowInvalid(): boolean {
    this.log.hit('DataValidation.getAllowInvalid');
    return this.allowInvalid;
  }
  getHelpText(): string {
    this.log.hit('DataValidation.getHelpText');
    return this.helpText;
  }
}

export class FakeDataValidationBuilder {
  private criteria = '';
  private args: unknown[] = [];
  private allowInvalid = true;
  private helpText = '';
  constructor(private readonly log: CallLog) {}
  requireValueInRange(range: FakeRange, showDropdown = true): this {
    this.log.hit('DataValidationBuilder.requireValueInRange');
    this.criteria = 'VALUE_IN_RANGE';
    this.args = [range, showDropdown];
    return this;
  }
  requireValueInList(values: string[], showDropdown = true): this {
    this.log.hit('DataValidationBuilder.requireValueInList');
    this.criteria = 'VALUE_IN_LIST';
    this.args = [[...values], showDropdown];
    return this;
  }
  setAllowInvalid(allow: boolean): this {
    this.log.hit('DataValidationBuilder.setAllowInvalid');
    this.allowInvalid = allow;
    return this;
  }
  setHelpText(text: string): this {
    this.log.hit('DataValidationBuilder.setHelpText');
    this.helpText = text;
    return this;
  }
  build(): FakeDataValidation {
    this.log.hit('DataValidationBuilder.build');
    if (!this.criteria) throw new Error('Exception: You must set a validation criteria.');
    return new FakeDataValidation(this.log, this.criteria, this.args, this.allowInvalid, this.helpText);
  }
}

export class FakeConditionalFormatRule {
  constructor(private readonly log: CallLog, readonly formula: string, readonly background: string, readonly ranges: readonly FakeRange[]) {}
  getRanges(): FakeRange[] {
    this.log.hit('ConditionalFormatRule.getRanges');
    return [...this.ranges];
  }
  getBooleanCondition(): { getCriteriaValues(): unknown[] } {
    this.log.hit('ConditionalFormatRule.getBooleanCondition');
    const { formula, log } = this;
    return { getCriteriaValues: () => (log.hit('BooleanCondition.getCriteriaValues'), [formula]) };
  }
}

export class FakeConditionalFormatRuleBuilder {
  private formula = '';
  private background = '';
  private ranges: FakeRange[] = [];
  constructor(private readonly log: CallLog) {}
  whenFormulaSatisfied(formula: string): this {
    this.log.hit('ConditionalFormatRuleBuilder.whenFormulaSatisfied');
    this.formula = formula;
    return this;
  }
  setBackground(color: string): this {
    this.log.hit('ConditionalFormatRuleBuilder.setBackground');
    this.background = color;
    return this;
  }
  setRanges(ranges: FakeRange[]): this {
    this.log.hit('ConditionalFormatRuleBuilder.setRanges');
    this.ranges = [...ranges];
    return this;
  }
  build(): FakeConditionalFormatRule {
    this.log.hit('ConditionalFormatRuleBuilder.build');
    if (!this.formula || this.ranges.length === 0) throw new Error('Exception: The conditional format rule needs a condition and at least one range.');
    return new FakeConditionalFormatRule(this.log, this.formula, this.background, this.ranges);
  }
}

/**
 * Conditional formatting reaches only its own sheet: "Formulas can only reference the
 * same sheet, using standard notation (='sheetname'!cell). To reference another sheet
 * in the formula, use the INDIRECT function." (https://support.google.com/docs/answer/78413).
 * The Sheets API refuses such a rule with this message.
 */
export const CROSS_SHEET_RULE_MESSAGE = 'Exception: Conditional format rule cannot reference a different sheet.';

/**
 * The first reference in a formula to a sheet other than `own` ("'Stages'!$A:$D",
 * "Stages!A1"), or ''. Text in double quotes (INDIRECT("'Stages'!A:D")) is a string,
 * not a reference, and is skipped.
 */
export function otherSheetReference(formula: string, own: string): string {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  for (const m of code.matchAll(/(?:'((?:[^']|'')+)'|([A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*))!/g)) {
    const name = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
    if (name !== own) return m[0].slice(0, -1);
  }
  return '';
}

/** The message Sheets throws when a script writes into a range or sheet it may not edit. */
export const PROTECTED_MESSAGE =
  'Exception: You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

/**
 * A protected range or sheet. Its editors, with the spreadsheet's owner, may write
 * inside it; anyone else's script gets PROTECTED_MESSAGE. A warning-only protection
 * only warns people in the UI and lets scripts write. A protected sheet may leave
 * some ranges unprotected.
 */
export class FakeProtection {
  readonly editors: string[];
  description = '';
  warningOnly = false;
  domainEdit = false;
  unprotected: FakeRange[] = [];
  removed = false;
  constructor(
    private readonly log: CallLog,
    readonly type: 'RANGE' | 'SHEET',
    readonly range: FakeRange,
    creator: string,
  ) {
    const owner = range.sheet.spreadsheet.owner;
    this.editors = creator === owner ? [owner] : [owner, creator];
  }
  setDescription(description: string): this {
    this.log.hit('Protection.setDescription');
    this.description = description;
    return this;
  }
  getDescription(): string {
    this.log.hit('Protection.getDescription');
    return this.description;
  }
  addEditor(user: string | { getEmail(): string }): this {
    this.log.hit('Protection.addEditor');
    const email = typeof user === 'string' ? user : user.getEmail();
    if (!this.editors.includes(email)) this.editors.push(email);
    return this;
  }
  removeEditor(user: string | { getEmail(): string }): this {
    this.log.hit('Protection.removeEditor');
    return this.drop([typeof user === 'string' ? user : user.getEmail()]);
  }
  removeEditors(users: (string | { getEmail(): string })[]): this {
    this.log.hit('Protection.removeEditors');
    return this.drop(users.map((u) => (typeof u === 'string' ? u : u.getEmail())));
  }
  /** The owner cannot be removed from the editors, as in Sheets. */
  private drop(emails: string[]): this {
    const owner = this.range.sheet.spreadsheet.owner;
    for (const email of emails) {
      const at = this.editors.indexOf(email);
      if (at >= 0 && email !== owner) this.editors.splice(at, 1);
    }
    return this;
  }
  getEditors(): { getEmail(): string }[] {
    this.log.hit('Protection.getEditors');
    const log = this.log;
    return this.editors.map((email) => ({ getEmail: () => (log.hit('User.getEmail'), email) }));
  }
  canEdit(): boolean {
    this.log.hit('Protection.canEdit');
    return this.allows(this.range.sheet.spreadsheet.runAs);
  }
  setWarningOnly(warningOnly: boolean): this {
    this.log.hit('Protection.setWarningOnly');
    this.warningOnly = warningOnly;
    return this;
  }
  isWarningOnly(): boolean {
    this.log.hit('Protection.isWarningOnly');
    return this.warningOnly;
  }
  setDomainEdit(editable: boolean): this {
    this.log.hit('Protection.setDomainEdit');
    this.domainEdit = editable;
    return this;
  }
  setUnprotectedRanges(ranges: FakeRange[]): this {
    this.log.hit('Protection.setUnprotectedRanges');
    if (this.type !== 'SHEET') throw new Error('Exception: Unprotected ranges can only be set on a protected sheet.');
    this.unprotected = [...ranges];
    return this;
  }
  getRange(): FakeRange {
    this.log.hit('Protection.getRange');
    return this.range;
  }
  getProtectionType(): string {
    this.log.hit('Protection.getProtectionType');
    return this.type;
  }
  remove(): void {
    this.log.hit('Protection.remove');
    if (!this.allows(this.range.sheet.spreadsheet.runAs)) throw new Error(PROTECTED_MESSAGE);
    this.removed = true;
    const list = this.range.sheet.protections;
    list.splice(list.indexOf(this), 1);
  }

  /** Not counted: may `email` write here? */
  allows(email: string): boolean {
    return this.warningOnly || this.domainEdit || email === this.range.sheet.spreadsheet.owner || this.editors.includes(email);
  }

  /** Not counted: does this protection cover any cell of the block? */
  covers(row: number, column: number, numRows: number, numColumns: number): boolean {
    const inside = (r: FakeRange, rr: number, cc: number) => rr >= r.row && rr < r.row + r.numRows && cc >= r.column && cc < r.column + r.numColumns;
    for (let r = row; r < row + numRows; r++) {
      for (let c = column; c < column + numColumns; c++) {
        if (this.type === 'SHEET' ? !this.unprotected.some((u) => inside(u, r, c)) : inside(this.range, r, c)) return true;
      }
    }
    return false;
  }
}

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
      throw new Error(`Exception: The number of rows in the data does not match the number of rows in the range. The data has ${values.length} but the range has ${this.numRows}.`);
    }
    for (const row of values as unknown[][]) {
      if (row.length !== this.numColumns) {
        throw new Error(`Exception: The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this.numColumns}.`);
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
    values.forEach((row, r) => row.forEach((v, c) => this.sheet.enter(this.row + r, this.column + c, v)));
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
    formulas.forEach((row, r) => row.forEach((f, c) => this.sheet.put(this.row + r, this.column + c, f)));
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
    for (let r = 0; r < this.numRows; r++) for (let c = 0; c < this.numColumns; c++) this.sheet.putNote(this.row + r, this.column + c, note);
    return this;
  }
  setNotes(notes: (string | null)[][]): this {
    this.log.hit('Range.setNotes');
    this.sheet.checkWritable(this.row, this.column, this.numRows, this.numColumns);
    this.checkShape(notes, 'setNotes');
    notes.forEach((row, r) => row.forEach((n, c) => this.sheet.putNote(this.row + r, this.column + c, n)));
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
    for (let r = 0; r < this.numRows; r++) for (let c = 0; c < this.numColumns; c++) this.sheet.formats.set(`${this.row + r},${this.column + c}`, format);
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
    if (typeof value !== 'string') return this.put(row, column, value);
    const key = `${row},${column}`;
    if (this.formats.get(key) === '@') {
      this.put(row, column, '');
      if (value === '') return;
      this.cells.set(key, value);
      this.touch(row, column);
      return;
    }
    if (!value.startsWith("'")) {
      if (value.startsWith('=')) return this.put(row, column, value);
      return this.put(row, column, parseEntry(value, this.spreadsheet.locale, this.spreadsheet.timeZone));
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
    values.forEach((cells, r) => cells.forEach((v, c) => this.put(row + r, column + c, v)));
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
    if (column === undefined) throw new Error('Exception: The parameters (number) don\'t match the method signature for SpreadsheetApp.Sheet.getRange.');
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
    if (!Array.isArray(values)) throw new Error("Exception: The parameters don't match the method signature for SpreadsheetApp.Sheet.appendRow.");
    const row = this.lastRowCache + 1;
    this.checkWritable(row, 1, 1, Math.max(1, values.length));
    if (row > this.maxRows) this.maxRows = row;
    if (values.length > this.maxColumns) this.maxColumns = values.length;
    values.forEach((v, c) => this.enter(row, c + 1, v));
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
    const protection = new FakeProtection(this.log, 'SHEET', new FakeRange(this, 1, 1, this.maxRows, this.maxColumns), this.spreadsheet.runAs);
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

/** What the fake UI showed: dialogs, sidebars, alerts and toasts, in order. */
export interface UiRecord {
  readonly kind: 'alert' | 'dialog' | 'sidebar' | 'toast';
  readonly title: string;
  readonly content: string;
}

export interface FakeMenuItem {
  readonly caption: string;
  readonly functionName?: string;
  readonly submenu?: FakeMenu;
}

export class FakeMenu {
  readonly items: FakeMenuItem[] = [];
  constructor(private readonly ui: FakeUi, readonly caption: string) {}
  addItem(caption: string, functionName: string): this {
    this.ui.log.hit('Menu.addItem');
    this.items.push({ caption, functionName });
    return this;
  }
  addSeparator(): this {
    this.ui.log.hit('Menu.addSeparator');
    return this;
  }
  addSubMenu(menu: FakeMenu): this {
    this.ui.log.hit('Menu.addSubMenu');
    this.items.push({ caption: menu.caption, submenu: menu });
    return this;
  }
  addToUi(): void {
    this.ui.log.hit('Menu.addToUi');
    this.ui.menus.push(this);
  }
}

export class FakeUi {
  readonly menus: FakeMenu[] = [];
  readonly shown: UiRecord[] = [];
  readonly ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
  readonly Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
  /** The button the next alert "clicks"; OK unless a test says otherwise. */
  nextButton = 'OK';
  constructor(readonly log: CallLog) {}
  createMenu(caption: string): FakeMenu {
    this.log.hit('Ui.createMenu');
    return new FakeMenu(this, caption);
  }
  createAddonMenu(): FakeMenu {
    this.log.hit('Ui.createAddonMenu');
    return new FakeMenu(this, '(add-on)');
  }
  alert(titleOrPrompt: string, prompt?: string | unknown, buttons?: unknown): string {
    this.log.hit('Ui.alert');
    void buttons;
    const hasTitle = typeof prompt === 'string';
    this.shown.push({ kind: 'alert', title: hasTitle ? titleOrPrompt : '', content: hasTitle ? (prompt as string) : titleOrPrompt });
    return this.nextButton;
  }
  showModalDialog(html: { getContent(): string }, title: string): void {
    this.log.hit('Ui.showModalDialog');
    this.shown.push({ kind: 'dialog', title, content: html.getContent() });
  }
  showModelessDialog(html: { getContent(): string }, title: string): void {
    this.log.hit('Ui.showModelessDialog');
    this.shown.push({ kind: 'dialog', title, content: html.getContent() });
  }
  showSidebar(html: { getContent(): string; getTitle(): string }): void {
    this.log.hit('Ui.showSidebar');
    this.shown.push({ kind: 'sidebar', title: html.getTitle(), content: html.getContent() });
  }
  /** Test helper: the menu item whose function name is given, searched through submenus. */
  findItem(functionName: string): FakeMenuItem | undefined {
    const walk = (menu: FakeMenu): FakeMenuItem | undefined => {
      for (const item of menu.items) {
        if (item.functionName === functionName) return item;
        if (item.submenu) {
          const found = walk(item.submenu);
          if (found) return found;
        }
      }
      return undefined;
    };
    for (const menu of this.menus) {
      const found = walk(menu);
      if (found) return found;
    }
    return undefined;
  }
}

export class FakeNamedRange {
  constructor(private readonly log: CallLog, readonly name: string, readonly range: FakeRange) {}
  getName(): string {
    this.log.hit('NamedRange.getName');
    return this.name;
  }
  getRange(): FakeRange {
    this.log.hit('NamedRange.getRange');
    return this.range;
  }
}

export class FakeSpreadsheet {
  readonly sheets: FakeSheet[] = [];
  readonly namedRanges = new Map<string, FakeNamedRange>();
  activeSheet: FakeSheet | undefined;
  /** The selection, as (sheet, row, column); set by tests to stand for the user's cursor. */
  activeCell: { sheet: string; row: number; column: number } | undefined;
  /** The spreadsheet's owner, who may write anywhere, protected or not. */
  owner = 'owner@example.com';
  /**
   * The user the script runs as: the editor for a simple trigger or a menu click, the
   * trigger's owner for an installable trigger. Protections are checked against it.
   */
  runAs = 'ann@example.com';
  private nextId = 0;

  constructor(
    readonly log: CallLog,
    readonly ui: FakeUi,
    public locale = 'en_US',
    public timeZone = 'Etc/UTC',
    readonly name = 'Pipeline',
    readonly id = '1FakeSpreadsheetId',
  ) {}

  /** Test helper (not counted): the sheet with this name, created when missing. */
  sheet(name: string): FakeSheet {
    return this.sheets.find((s) => s.name === name) ?? this.addSheet(name);
  }

  private addSheet(name: string): FakeSheet {
    const sheet = new FakeSheet(this, name, this.nextId === 0 ? 0 : 100000 + this.nextId * 7919);
    this.nextId++;
    this.sheets.push(sheet);
    return sheet;
  }

  getSheetByName(name: string): FakeSheet | null {
    this.log.hit('Spreadsheet.getSheetByName');
    return this.sheets.find((s) => s.name === name) ?? null;
  }
  getSheets(): FakeSheet[] {
    this.log.hit('Spreadsheet.getSheets');
    return [...this.sheets];
  }
  insertSheet(name: string): FakeSheet {
    this.log.hit('Spreadsheet.insertSheet');
    if (this.sheets.some((s) => s.name === name)) {
      throw new Error(`Exception: A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    return this.addSheet(name);
  }
  deleteSheet(sheet: FakeSheet): void {
    this.log.hit('Spreadsheet.deleteSheet');
    const index = this.sheets.indexOf(sheet);
    if (index < 0) throw new Error('Exception: Sheet not found');
    this.sheets.splice(index, 1);
  }
  getRange(a1: string): FakeRange {
    this.log.hit('Spreadsheet.getRange');
    const m = /^(?:'((?:[^']|'')+)'|([^!]+))!(.+)$/.exec(a1);
    const sheetName = m ? (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]) : this.activeSheet?.name ?? this.sheets[0]?.name;
    const sheet = this.sheets.find((s) => s.name === sheetName);
    if (!sheet) throw new Error('Exception: Range not found');
    return sheet.rangeFromA1(m ? m[3] : a1);
  }
  getProtections(type: string): FakeProtection[] {
    this.log.hit('Spreadsheet.getProtections');
    return this.sheets.flatMap((sheet) => sheet.protections.filter((p) => p.type === type));
  }
  getRangeByName(name: string): FakeRange | null {
    this.log.hit('Spreadsheet.getRangeByName');
    return this.namedRanges.get(name)?.range ?? null;
  }
  setNamedRange(name: string, range: FakeRange): void {
    this.log.hit('Spreadsheet.setNamedRange');
    this.namedRanges.set(name, new FakeNamedRange(this.log, name, range));
  }
  getNamedRanges(): FakeNamedRange[] {
    this.log.hit('Spreadsheet.getNamedRanges');
    return [...this.namedRanges.values()];
  }
  getActiveSheet(): FakeSheet {
    this.log.hit('Spreadsheet.getActiveSheet');
    const named = this.activeCell ? this.sheets.find((s) => s.name === this.activeCell!.sheet) : undefined;
    return named ?? this.activeSheet ?? this.sheets[0];
  }
  getActiveRange(): FakeRange | null {
    this.log.hit('Spreadsheet.getActiveRange');
    if (!this.activeCell) return null;
    const sheet = this.sheets.find((s) => s.name === this.activeCell!.sheet);
    return sheet ? new FakeRange(sheet, this.activeCell.row, this.activeCell.column, 1, 1) : null;
  }
  toast(message: string, title = '', timeoutSeconds = 5): void {
    this.log.hit('Spreadsheet.toast');
    void timeoutSeconds;
    this.ui.shown.push({ kind: 'toast', title, content: message });
  }
  getSpreadsheetLocale(): string {
    this.log.hit('Spreadsheet.getSpreadsheetLocale');
    return this.locale;
  }
  getSpreadsheetTimeZone(): string {
    this.log.hit('Spreadsheet.getSpreadsheetTimeZone');
    return this.timeZone;
  }
  getUrl(): string {
    this.log.hit('Spreadsheet.getUrl');
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }
  getId(): string {
    this.log.hit('Spreadsheet.getId');
    return this.id;
  }
  getName(): string {
    this.log.hit('Spreadsheet.getName');
    return this.name;
  }
}

/** The SpreadsheetApp global over one spreadsheet. */
export class FakeSpreadsheetApp {
  readonly DataValidationCriteria = { VALUE_IN_RANGE: 'VALUE_IN_RANGE', VALUE_IN_LIST: 'VALUE_IN_LIST' };
  readonly ProtectionType = { RANGE: 'RANGE', SHEET: 'SHEET' };
  constructor(readonly spreadsheet: FakeSpreadsheet) {}
  private get log(): CallLog {
    return this.spreadsheet.log;
  }
  getActiveSpreadsheet(): FakeSpreadsheet {
    this.log.hit('SpreadsheetApp.getActiveSpreadsheet');
    return this.spreadsheet;
  }
  getActive(): FakeSpreadsheet {
    this.log.hit('SpreadsheetApp.getActive');
    return this.spreadsheet;
  }
  getUi(): FakeUi {
    this.log.hit('SpreadsheetApp.getUi');
    return this.spreadsheet.ui;
  }
  newDataValidation(): FakeDataValidationBuilder {
    this.log.hit('SpreadsheetApp.newDataValidation');
    return new FakeDataValidationBuilder(this.log);
  }
  newConditionalFormatRule(): FakeConditionalFormatRuleBuilder {
    this.log.hit('SpreadsheetApp.newConditionalFormatRule');
    return new FakeConditionalFormatRuleBuilder(this.log);
  }
  flush(): void {
    this.log.hit('SpreadsheetApp.flush');
  }
}
