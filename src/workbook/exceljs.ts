/**
 * exceljs, loaded on first use. Loading it takes about a quarter of a second, and the
 * commands that only read a workbook (report, check, export, sql) never need it: the
 * .xlsx reader is xlsx-reader.ts and reports are written by xlsx-writer.ts. Files that
 * build or edit a workbook with exceljs call excelJs() where they do, and import its
 * types with `import type`, which costs nothing at run time.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

const requireModule = createRequire(import.meta.url);
let loaded: typeof ExcelJS | undefined;

/** The exceljs module (its CommonJS exports, as `import ExcelJS from 'exceljs'` gives them). */
export function excelJs(): typeof ExcelJS {
  loaded ??= requireModule('exceljs') as typeof ExcelJS;
  return loaded;
}
