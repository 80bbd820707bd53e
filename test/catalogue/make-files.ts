/**
 * The catalogue's binary fixtures, made fresh in a folder at test time so that no
 * opaque .xlsx sits in the repository: a workbook with 50 000 formatted blank rows
 * after the deals, one with merged Stage cells, one with no Deals sheet, a workbook
 * cut off half way, and the first bytes of an old .xls. The small text fixtures
 * (CSV with `;` and a BOM, a CSV of day numbers, a 0-byte file, a text file named
 * .xlsx) are committed as they are in files/ and copied next to these.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { CASES, HEADER, day } from './cases';

export const FILES_DIR = join(import.meta.dirname, 'files');

/** Rows 5 … 50 004 of the blank-rows workbook carry a number format and no value. */
export const BLANK_ROWS = 50_000;

function addRows(workbook: ExcelJS.Workbook, name: string, rows: unknown[][]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  for (const row of rows) sheet.addRow(row.map((v) => (v === '' ? null : v)));
  return sheet;
}

const STAGES = stagesToTable(DEFAULT_CONFIG);
const THREE_DEALS = [
  HEADER,
  ['D1', 'Pilot', 'ann@example.com', 'Proposal', 1000, null, day('2026-12-15')],
  ['D2', 'Beta', 'bob@example.com', null, 2000, null, day('2026-12-20')],
  ['D3', 'Gamma', 'cy@example.com', null, 3000, null, day('2027-01-05')],
];

/** Writes every file the catalogue names into `dir` and returns `dir`. */
export async function makeFiles(dir: string): Promise<string> {
  for (const name of readdirSync(FILES_DIR)) copyFileSync(join(FILES_DIR, name), join(dir, name));

  const blank = new ExcelJS.Workbook();
  const deals = addRows(
    blank,
    'Deals',
    THREE_DEALS.map((row, r) => row.map((v, i) => (r > 0 && i === 3 ? 'Lead' : v))),
  );
  // A format on a cell with no value makes Excel keep the row: this is what "format the whole column" leaves behind.
  for (let r = 5; r < 5 + BLANK_ROWS; r++) deals.getCell(r, 5).numFmt = '#,##0.00';
  addRows(blank, 'Stages', STAGES);
  await blank.xlsx.writeFile(join(dir, 'blank-rows-50k.xlsx'));

  const merged = new ExcelJS.Workbook();
  addRows(merged, 'Deals', THREE_DEALS).mergeCells('D2:D4');
  addRows(merged, 'Stages', STAGES);
  await merged.xlsx.writeFile(join(dir, 'merged-stage.xlsx'));

  const stagesOnly = new ExcelJS.Workbook();
  addRows(stagesOnly, 'Stages', STAGES);
  await stagesOnly.xlsx.writeFile(join(dir, 'stages-only.xlsx'));

  // A real workbook cut at half its length: it still starts like a zip, but its directory is gone.
  const whole = readFileSync(join(dir, 'merged-stage.xlsx'));
  writeFileSync(join(dir, 'truncated.xlsx'), whole.subarray(0, Math.floor(whole.length / 2)));

  // The Compound File signature every .xls starts with, then an empty sector.
  writeFileSync(
    join(dir, 'old-format.xls'),
    Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
  );

  for (const c of CASES) if (c.file && !readdirSync(dir).includes(c.file)) throw new Error(`${c.id}: no fixture ${c.file}`);
  return dir;
}
