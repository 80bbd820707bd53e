/**
 * Writing tidy sheets with exceljs: one bold, frozen header row, one fact per row,
 * real dates and numbers with formats, no merged cells, and an autofilter so a
 * manager can pivot straight away. Every value passes through toExcelValue, so text
 * from users is written as text and never becomes a live formula.
 */
import type ExcelJS from 'exceljs';
import { toExcelValue } from './cells';
import { columnLetter } from '../core/index';

export const FORMATS = {
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
  month: 'yyyy-mm',
  money: '#,##0.00',
  whole: '#,##0',
  percent: '0%',
  percent1: '0.0%',
  days: '0.0',
} as const;

/** One column of a tidy sheet. */
export interface TableColumn {
  readonly header: string;
  /** An Excel number format, e.g. FORMATS.date. */
  readonly format?: string;
  /** Width in characters; defaults from the header. */
  readonly width?: number;
}

/** Adds a sheet holding one table that starts at A1. */
export function addTable(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: readonly TableColumn[],
  rows: readonly (readonly unknown[])[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  writeTable(sheet, columns, rows);
  return sheet;
}

/** Writes a header and rows into an existing, empty sheet. */
export function writeTable(sheet: ExcelJS.Worksheet, columns: readonly TableColumn[], rows: readonly (readonly unknown[])[]): void {
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width ?? Math.max(10, Math.min(40, column.header.length + 4)),
    style: column.format ? { numFmt: column.format } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((_, i) => toExcelValue(row[i])));
  if (columns.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
  }
}

/** "A2:Q5000" */
export function rangeAddress(firstColumn: number, firstRow: number, lastColumn: number, lastRow: number): string {
  return `${columnLetter(firstColumn)}${firstRow}:${columnLetter(lastColumn)}${lastRow}`;
}
