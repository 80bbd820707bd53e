/**
 * Opening a file from disk as tables of cells: an .xlsx workbook (our own reader in
 * xlsx-reader.ts, which gives the values exceljs would, several times faster; exceljs
 * itself only when a command edits the workbook) or a .csv file (csv-parse, with `,` or `;`
 * detected, and a decimal comma assumed with `;`). CSV bytes are decoded by Node's
 * TextDecoder (decodeCsvBytes): UTF-8 with or without a BOM, UTF-16 LE or BE with a BOM,
 * and Windows-1252 when the bytes are not valid UTF-8 (which is said once), unless
 * --encoding names the encoding. A file that cannot
 * be read at all gives a reason a person understands: empty, password-protected
 * (an encrypted workbook is a Compound File, not a zip), an old .xls, or corrupt.
 * Nothing here ever writes to the file it reads.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { excelJs } from './exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { fromExcelValue, type CoreCell } from './cells';
import { readXlsx } from './xlsx-reader';

/** One sheet's cells, row 1 first, as the core reads them. */
export interface SheetTable {
  readonly name: string;
  readonly rows: CoreCell[][];
  /** Merged ranges such as "B2:B5"; every cell in one holds the value of its first cell. */
  readonly merges: readonly string[];
}

export interface FileTables {
  readonly kind: 'xlsx' | 'csv';
  readonly sheets: readonly SheetTable[];
  /** True for a `;`-separated CSV, where "1,5" means one and a half. */
  readonly decimalComma: boolean;
  /** The CSV delimiter found, for messages. */
  readonly delimiter?: string;
  /** A CSV's text encoding as TextDecoder names it (utf-8, utf-16le, utf-16be, windows-1252, …). */
  readonly encoding?: string;
  /** Set when the encoding was a guess (not UTF-8, no BOM, no --encoding): one line that says so. */
  readonly encodingNote?: string;
}

export type FileRead = { readonly ok: true; readonly file: FileTables } | { readonly ok: false; readonly reason: string };

export interface ReadOptions {
  /** Called now and then with the rows read so far and, when known, the share of the file read (0..1). */
  readonly onRows?: (rows: number, share: number | null) => void;
  /** A CSV's text encoding (--encoding), any label TextDecoder knows; unset: detected. */
  readonly encoding?: string;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** What the first bytes say a file is, or why it cannot be read. */
export type Sniff =
  | { readonly ok: true; readonly kind: 'xlsx' | 'text'; readonly size: number }
  | { readonly ok: false; readonly reason: string };

/** Tells a workbook from a text file by its first bytes, without reading it all; or says why it cannot be read. */
export async function sniffFile(path: string): Promise<Sniff> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, reason: `${path} is a folder, not a file.` };
    size = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? `${path} does not exist.` : `${path} cannot be opened (${code ?? 'unknown error'}).` };
  }
  if (size === 0) return { ok: false, reason: `${path} is empty (0 bytes).` };

  const head = new Uint8Array(8);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }

  if (startsWith(head, COMPOUND_FILE)) {
    const bytes = await readFile(path);
    if (bytes.includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
      return {
        ok: false,
        reason:
          `${path} is password-protected. Open it in Excel or LibreOffice, remove the password ` +
          '(File › Info › Protect Workbook, or Save As without a password) and try again.',
      };
    }
    return { ok: false, reason: `${path} is an old binary Excel file (.xls). Save it as .xlsx (Excel Workbook) or .csv and try again.` };
  }
  if (startsWith(head, EMPTY_ZIP)) return { ok: false, reason: `${path} is an empty zip archive, not a workbook.` };
  if (startsWith(head, ZIP)) return { ok: true, kind: 'xlsx', size };

  const extension = extname(path).toLowerCase();
  if (extension === '.xlsx' || extension === '.xlsm') {
    return {
      ok: false,
      reason:
        `${path} is not a valid .xlsx workbook (it does not start like one; the file may be ` +
        'damaged or renamed). Open it in Excel or LibreOffice and save it again as .xlsx.',
    };
  }
  return { ok: true, kind: 'text', size };
}

/** Reads a workbook or CSV file into tables, or says why it cannot. */
export async function readFileTables(path: string, options: ReadOptions = {}): Promise<FileRead> {
  const sniff = await sniffFile(path);
  if (!sniff.ok) return sniff;
  if (sniff.kind === 'xlsx') return readWorkbook(path, options);
  const decoded = decodeCsvBytes(await readFile(path), path, options.encoding);
  if (!decoded.ok) return decoded;
  const read = readCsvText(decoded.text, path);
  if (!read.ok) return read;
  return { ok: true, file: { ...read.file, encoding: decoded.encoding, encodingNote: decoded.note } };
}

/** The text of a CSV file, with the encoding it was read in and, when that was a guess, a note. */
export type CsvDecode =
  | { readonly ok: true; readonly text: string; readonly encoding: string; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Bytes 0x80-0x9F of Windows-1252 (the euro sign, curly quotes, dashes), by the WHATWG
 * Encoding Standard's index (https://encoding.spec.whatwg.org/index-windows-1252.txt).
 * Node 20's TextDecoder('windows-1252') decodes them as Latin-1 control characters
 * instead (https://github.com/nodejs/node/issues/56542), so they are mapped here; on a
 * Node that decodes them right, no such character is left for this to change.
 */
const WINDOWS_1252_C1 =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeWith(decoder: TextDecoder, bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  return decoder.encoding === 'windows-1252' ? text.replace(/[\u0080-\u009F]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]) : text;
}

const BOMS: readonly { readonly bytes: readonly number[]; readonly encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

/**
 * Decodes a CSV file's bytes. With `encoding` (any label of the WHATWG Encoding
 * Standard, which Node's TextDecoder implements: utf-8, utf-16le, windows-1252, latin1,
 * shift_jis, …) the bytes are read in it. Otherwise a byte order mark names the
 * encoding (UTF-8, UTF-16 LE, UTF-16 BE); without one the bytes are UTF-8 when they
 * are valid UTF-8, else Windows-1252 (what Excel on Windows saves as "CSV"), and the
 * note says so. The BOM itself is never part of the text.
 */
export function decodeCsvBytes(bytes: Uint8Array, name: string, encoding?: string): CsvDecode {
  if (encoding !== undefined) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(encoding.trim());
    } catch {
      return {
        ok: false,
        reason: `--encoding ${encoding}: not an encoding this tool knows; use utf-8, utf-16le, utf-16be or windows-1252.`,
      };
    }
    return { ok: true, text: decodeWith(decoder, bytes), encoding: decoder.encoding };
  }
  const bom = BOMS.find((b) => startsWith(bytes, b.bytes));
  if (bom) return { ok: true, text: new TextDecoder(bom.encoding).decode(bytes), encoding: bom.encoding };
  if (bytes.subarray(0, 4096).includes(0)) {
    return {
      ok: false,
      reason:
        `${name} is neither an .xlsx workbook nor a text CSV file. If it is UTF-16 text ` +
        'saved without a byte order mark, pass --encoding utf-16le (or utf-16be).',
    };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const note =
      `${name} is not valid UTF-8, so it was read as Windows-1252 (Western European, as Excel on Windows saves ` +
      `CSV). If letters look wrong, pass --encoding with the file's encoding, or save it as "CSV UTF-8".`;
    return { ok: true, text: decodeWith(new TextDecoder('windows-1252'), bytes), encoding: 'windows-1252', note };
  }
}

async function readWorkbook(path: string, options: ReadOptions): Promise<FileRead> {
  try {
    const sheets = await readXlsx(await readFile(path), { onRows: options.onRows });
    if (sheets.length === 0) return { ok: false, reason: `${path} holds no worksheets.` };
    return { ok: true, file: { kind: 'xlsx', sheets, decimalComma: false } };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      ok: false,
      reason:
        `${path} could not be read as an .xlsx workbook: ${message}. ` +
        'The file may be damaged; open it in Excel or LibreOffice and save it again.',
    };
  }
}

/**
 * Opens a workbook in full for a command that will change it (snapshot): the exceljs
 * workbook to edit, and its tables to read, from one read of the file.
 */
export async function openWorkbookForEdit(
  path: string,
): Promise<{ ok: true; workbook: ExcelJS.Workbook; file: FileTables } | { ok: false; reason: string }> {
  const sniff = await sniffFile(path);
  if (!sniff.ok) return sniff;
  if (sniff.kind !== 'xlsx') return { ok: false, reason: `${path} is not an .xlsx workbook.` };
  try {
    const workbook = new (excelJs().Workbook)();
    await workbook.xlsx.readFile(path);
    const sheets = workbookTables(workbook);
    if (sheets.length === 0) return { ok: false, reason: `${path} holds no worksheets.` };
    return { ok: true, workbook, file: { kind: 'xlsx', sheets, decimalComma: false } };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      ok: false,
      reason:
        `${path} could not be read as an .xlsx workbook: ${message}. ` +
        'The file may be damaged; open it in Excel or LibreOffice and save it again.',
    };
  }
}

/** Every worksheet of a workbook loaded by exceljs as a table of core cells (also the reference the tests hold our reader to). */
export function workbookTables(workbook: ExcelJS.Workbook, onRows?: ReadOptions['onRows']): SheetTable[] {
  const sheets: SheetTable[] = [];
  let count = 0;
  for (const worksheet of workbook.worksheets) {
    const rows: CoreCell[][] = [];
    worksheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      rows[rowNumber - 1] = denseRow(row.values as unknown[]);
      if (++count % 5000 === 0) onRows?.(count, null);
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const merges = (worksheet.model as unknown as { merges?: string[] }).merges ?? [];
    sheets.push({ name: worksheet.name, rows, merges });
  }
  onRows?.(count, 1);
  return sheets;
}

/** exceljs row values are 1-based and sparse; the core wants 0-based and dense. */
function denseRow(values: readonly unknown[]): CoreCell[] {
  const cells: CoreCell[] = [];
  for (let c = 1; c < values.length; c++) cells.push(fromExcelValue(values[c]));
  return cells;
}

/** Which of `,`, `;` or tab separates the fields of the header line (quotes respected). */
export function detectDelimiter(text: string): string {
  const firstLine =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((line) => line.trim() !== '') ?? '';
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/** Parses CSV text; `name` is the file name used in messages and as the sheet name. */
export function readCsvText(text: string, name: string): FileRead {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { ok: false, reason: `${name} is empty (no header row).` };
  const delimiter = detectDelimiter(body);
  try {
    const records = parseCsv(body, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as string[][];
    const rows: CoreCell[][] = records.map((record) => record.map((field) => (field === '' ? null : field)));
    return { ok: true, file: { kind: 'csv', sheets: [{ name: 'Deals', rows, merges: [] }], decimalComma: delimiter === ';', delimiter } };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `${name} could not be read as CSV: ${message}` };
  }
}
