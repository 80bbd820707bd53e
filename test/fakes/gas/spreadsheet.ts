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
import { FakeConditionalFormatRuleBuilder, FakeDataValidationBuilder } from './cell-rules';
import type { FakeProtection } from './protection';
import { FakeRange } from './range';
import { FakeSheet } from './sheet';
import type { FakeUi } from './ui';

export { type Cell, columnLetters, columnNumber } from './cells';
export * from './cell-rules';
export * from './protection';
export * from './range';
export * from './sheet';
export * from './ui';

export class FakeNamedRange {
  constructor(
    private readonly log: CallLog,
    readonly name: string,
    readonly range: FakeRange,
  ) {}
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
    const sheetName = m ? (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]) : (this.activeSheet?.name ?? this.sheets[0]?.name);
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
