/**
 * A small, fast reader for the cell values of an .xlsx workbook. It exists because
 * exceljs spends ~7 s parsing a 100k-deal workbook (sax events, cell objects); this
 * reads the zip with node:zlib and scans the sheet XML with indexOf, giving each sheet
 * as rows of core cells, the same values exceljs's full reader gives through
 * `fromExcelValue`: formula cells their cached result, rich text its plain text,
 * error values their code ("#N/A"), numbers in a date format a Date (the UTC instant
 * of the wall-clock value, 1900 or 1904 date system), and every cell of a merged range
 * the value of its first cell. It reads values only: no styles beyond "is this a date
 * format", no comments, no hyperlink targets. Nothing here writes to disk.
 *
 * Not supported, each with a clear error: encrypted zip entries, compression other than
 * stored or deflate, a zip split over several disks. Namespace-prefixed XML (`<x:c>`)
 * is read by dropping the prefix. Sheet XML is decoded in chunks that end at a row, so
 * sheets of any size read, but one row is never split.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';
import { LAST_EXCEL_SERIAL, type CoreCell } from './cells';

/** One worksheet's cells: row 1 first, column A first, dense, and its merged ranges. */
export interface XlsxSheet {
  readonly name: string;
  readonly rows: CoreCell[][];
  readonly merges: readonly string[];
}

export interface XlsxReadOptions {
  /** Called now and then with the rows read so far and the share of the sheets' XML parsed (0..1). */
  readonly onRows?: (rows: number, share: number) => void;
}

/** Bytes of sheet XML decoded to a string at a time (the cut is moved to the end of a row). */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** A worksheet's size in Excel (A1:XFD1048576). A damaged file's row 300000000 or column ZZZZZZ would otherwise make hundreds of millions of cells. */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
/** Bytes inflated at a time. */
const PIECE_BYTES = 1024 * 1024;

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

// ---------------------------------------------------------------- zip

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= lowest; i--) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 0x05 && zip[i + 3] === 0x06) return i;
  }
  throw new Error('the zip directory at the end of the file is missing (the file is truncated, or not a zip archive)');
}

function u64(zip: Buffer, at: number): number {
  const value = zip.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('a ZIP64 size or offset is too large');
  return Number(value);
}

/** The entries of the zip's central directory, by name. */
export function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  const eocd = findEndOfCentralDirectory(zip);
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 6) !== 0) throw new Error('the zip archive is split over several disks, which is not supported');
  let count = zip.readUInt16LE(eocd + 10);
  let directorySize = zip.readUInt32LE(eocd + 12);
  let directoryOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || zip.readUInt32LE(locator) !== 0x07064b50) throw new Error('the zip archive says it is ZIP64 but has no ZIP64 directory locator');
    const record = u64(zip, locator + 8);
    if (record + 56 > zip.length || zip.readUInt32LE(record) !== 0x06064b50) throw new Error('the ZIP64 end of central directory record is missing');
    count = u64(zip, record + 32);
    directorySize = u64(zip, record + 40);
    directoryOffset = u64(zip, record + 48);
  }
  if (directoryOffset + directorySize > zip.length) throw new Error('the zip directory points past the end of the file (the file is truncated)');

  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new Error('the zip directory is damaged');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    let compressedSize = zip.readUInt32LE(at + 20);
    let size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    let localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength).replace(/\\/g, '/').replace(/^\//, '');
    // ZIP64 extra field: the 64-bit values, in this order, of those whose 32-bit field is all ones.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = zip.readUInt16LE(extra);
      const length = zip.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === 0xffffffff) (size = u64(zip, field)), (field += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(zip, field)), (field += 8);
        if (localOffset === 0xffffffff) localOffset = u64(zip, field);
      }
      extra += 4 + length;
    }
    entries.set(name, { name, method, flags, crc, compressedSize, size, localOffset });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** The stored bytes of one zip entry (still compressed when its method is deflate), after the checks that need no inflating. */
function entryData(zip: Buffer, entry: ZipEntry): Buffer {
  if (entry.flags & 0x0001) throw new Error(`the part ${entry.name} is encrypted (a zip password); save the workbook again without one`);
  const local = entry.localOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`the part ${entry.name} is missing from the zip (the file is truncated or damaged)`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw new Error(`the part ${entry.name} runs past the end of the file (the file is truncated)`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new Error(`the part ${entry.name} uses zip compression method ${entry.method}; only stored and deflate are supported`);
  }
  return zip.subarray(start, end);
}

function checkInflated(entry: ZipEntry, length: number, crc: number): void {
  if (length !== entry.size) throw new Error(`the part ${entry.name} is ${length} bytes, not the ${entry.size} its zip directory says`);
  if (crc !== entry.crc) throw new Error(`the part ${entry.name} fails its checksum (the file is damaged)`);
}

/** The uncompressed bytes of one zip entry, checked against its size and CRC. */
export function inflateEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const raw = entryData(zip, entry);
  let bytes = raw;
  if (entry.method === 8) {
    try {
      bytes = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      throw new Error(`the part ${entry.name} does not decompress (${(error as Error).message})`);
    }
  }
  checkInflated(entry, bytes.length, crc32(bytes));
  return bytes;
}

/**
 * The uncompressed bytes of one zip entry piece by piece, checked against its size and
 * CRC at the end, so that a large sheet is never held whole (165 MB of XML for 428k
 * History rows) beside the rows read from it.
 */
async function* inflatePieces(zip: Buffer, entry: ZipEntry): AsyncGenerator<Buffer> {
  const raw = entryData(zip, entry);
  let length = 0;
  let crc = 0;
  if (entry.method === 0) {
    for (let at = 0; at < raw.length; at += PIECE_BYTES) {
      const piece = raw.subarray(at, Math.min(raw.length, at + PIECE_BYTES));
      length += piece.length;
      crc = crc32(piece, crc);
      yield piece;
    }
  } else {
    const inflater = createInflateRaw({ chunkSize: PIECE_BYTES });
    inflater.end(raw);
    try {
      for await (const piece of inflater as AsyncIterable<Buffer>) {
        length += piece.length;
        if (length > entry.size) throw new Error(`it holds more than the ${entry.size} bytes its zip directory says`);
        crc = crc32(piece, crc);
        yield piece;
      }
    } catch (error) {
      inflater.destroy();
      throw new Error(`the part ${entry.name} does not decompress (${(error as Error).message})`);
    }
  }
  checkInflated(entry, length, crc);
}

// ---------------------------------------------------------------- XML scanning

/**
 * Short text repeats down a column (stages, owners, sources, deal IDs in History):
 * one string per distinct value instead of one per cell. Emptied after each workbook,
 * and whenever it reaches INTERN_LIMIT strings: a table of every distinct value in a
 * million-row sheet (names, IDs) made each look-up a cache miss and each collection
 * trace the table, so the reader grew faster than the file (240k deals took 3.4× the
 * time of 100k). The values that repeat most (stages, owners) are back after a few rows.
 */
const INTERN_MAX = 64;
const INTERN_LIMIT = 1 << 14;
const interned = new Map<string, string>();
function intern(text: string): string {
  if (interned.size >= INTERN_LIMIT) interned.clear();
  interned.set(text, text);
  return text;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text or attribute value between `from` and `to`, with line ends normalised and references resolved. */
function xmlText(xml: string, from: number, to: number): string {
  let text = xml.slice(from, to);
  if (text.indexOf('\r') >= 0) text = text.replace(/\r\n?/g, '\n');
  // V8 keeps a slice of ≥ 13 characters as a view on its parent: copy it, or every 8 MB chunk of sheet XML stays alive with the rows.
  if (text.indexOf('&') < 0) {
    if (text.length > INTERN_MAX) return (' ' + text).slice(1);
    return interned.get(text) ?? intern(text.length < 13 ? text : (' ' + text).slice(1));
  }
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return NAMED_ENTITIES[ref] ?? whole;
    const code = ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** True when `<r>` (a rich-text run) starts between `from` and `to`; looked for in place, with no slice made per cell. */
function hasRun(xml: string, from: number, to: number): boolean {
  for (let k = from; k + 3 <= to; k++) {
    if (xml.charCodeAt(k) === 60 /* < */ && xml.charCodeAt(k + 1) === 114 /* r */ && xml.charCodeAt(k + 2) === 62 /* > */) return true;
  }
  return false;
}

/** Excel's escape for characters XML cannot hold, as exceljs decodes it: _x000D_ → CR. */
function excelEscapes(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The value of attribute `name` in the tag between `from` and `to`, or undefined. */
function attribute(xml: string, from: number, to: number, name: string): string | undefined {
  let at = from;
  for (;;) {
    at = xml.indexOf(name, at);
    if (at < 0 || at >= to) return undefined;
    const before = xml.charCodeAt(at - 1);
    let after = at + name.length;
    while (xml.charCodeAt(after) === 32) after++;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && xml.charCodeAt(after) === 61 /* = */) {
      let quote = after + 1;
      while (xml.charCodeAt(quote) === 32) quote++;
      const mark = xml[quote];
      const close = xml.indexOf(mark, quote + 1);
      if (close < 0 || close > to) return undefined;
      return xmlText(xml, quote + 1, close);
    }
    at += name.length;
  }
}

/** True when the tag at `at` (just after `<`) is named `name` exactly. */
function isTag(xml: string, at: number, name: string): boolean {
  if (!xml.startsWith(name, at)) return false;
  const next = xml.charCodeAt(at + name.length);
  return next === 32 || next === 62 /* > */ || next === 47 /* / */ || next === 9 || next === 10 || next === 13;
}

/** Drops a namespace prefix that a producer put on every SpreadsheetML tag (`<x:c>` → `<c>`). */
function withoutPrefix(xml: string, root: string): string {
  const match = new RegExp(`<([A-Za-z_][\\w.-]*):${root}[\\s>]`).exec(xml);
  if (!match) return xml;
  return xml.split(`<${match[1]}:`).join('<').split(`</${match[1]}:`).join('</');
}

/** Every tag named `name` (its start and the index of its `>`), in order. */
function* tags(xml: string, name: string, from = 0, to = xml.length): Generator<{ start: number; end: number }> {
  let at = from;
  for (;;) {
    at = xml.indexOf(`<${name}`, at);
    if (at < 0 || at >= to) return;
    const end = xml.indexOf('>', at);
    if (end < 0) return;
    if (isTag(xml, at + 1, name)) yield { start: at, end };
    at = end;
  }
}

/** The concatenated text of the <t> elements between `from` and `to`, leaving out phonetic runs (<rPh>); undefined when there is none. */
function runText(xml: string, from: number, to: number): string | undefined {
  let text: string | undefined;
  let at = from;
  for (;;) {
    at = xml.indexOf('<', at);
    if (at < 0 || at >= to) return text;
    if (isTag(xml, at + 1, 'rPh')) {
      const close = xml.indexOf('</rPh>', at);
      at = close < 0 || close > to ? to : close + 6;
    } else if (isTag(xml, at + 1, 't')) {
      const end = xml.indexOf('>', at);
      if (xml.charCodeAt(end - 1) === 47) {
        text ??= '';
        at = end + 1;
      } else {
        const close = xml.indexOf('</t>', end);
        // Without its </t> inside the run, the search would wrap to the start and never end.
        if (close < 0 || close > to) throw new Error('a piece of text (<t>) is cut short');
        text = (text ?? '') + xmlText(xml, end + 1, close);
        at = close + 4;
      }
    } else at++;
  }
}

// ---------------------------------------------------------------- workbook parts

interface SheetPart {
  readonly name: string;
  readonly path: string;
}

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter(Boolean);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

/** Excel's built-in number formats that show a date or time (ECMA-376 §18.8.30, with the East Asian ones). */
function builtInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A custom format code shows a date when, outside quotes and brackets, it has y, m, d, h, M, s or b, as exceljs decides. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/\\(.)/g, '$1').replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

/** Which cell styles (s= index into cellXfs) format their number as a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  xml = withoutPrefix(xml, 'styleSheet');
  const custom = new Map<number, string>();
  for (const { start, end } of tags(xml, 'numFmt')) {
    const id = Number(attribute(xml, start, end, 'numFmtId'));
    custom.set(id, attribute(xml, start, end, 'formatCode') ?? '');
  }
  const from = xml.indexOf('<cellXfs');
  if (from < 0) return [];
  const to = xml.indexOf('</cellXfs>', from);
  const styles: boolean[] = [];
  for (const { start, end } of tags(xml, 'xf', from, to < 0 ? xml.length : to)) {
    const id = Number(attribute(xml, start, end, 'numFmtId') ?? 0);
    const code = custom.get(id);
    styles.push(code !== undefined ? isDateFormatCode(code) : builtInDateFormat(id));
  }
  return styles;
}

function sharedStrings(xml: string | undefined): (string | null)[] {
  if (!xml) return [];
  xml = withoutPrefix(xml, 'sst');
  const strings: (string | null)[] = [];
  let at = 0;
  for (;;) {
    at = xml.indexOf('<si', at);
    if (at < 0) return strings;
    const end = xml.indexOf('>', at);
    if (end < 0) throw new Error('xl/sharedStrings.xml is cut short');
    if (!isTag(xml, at + 1, 'si')) {
      at = end;
      continue;
    }
    if (xml.charCodeAt(end - 1) === 47) {
      strings.push(null);
      at = end;
      continue;
    }
    const close = xml.indexOf('</si>', end);
    if (close < 0) throw new Error('xl/sharedStrings.xml is cut short');
    const text = runText(xml, end + 1, close);
    strings.push(text === undefined ? null : excelEscapes(text));
    at = close + 5;
  }
}

// ---------------------------------------------------------------- sheets

/** 0-based column of a cell reference such as "AB12" (letters first). */
function columnOf(xml: string, from: number, to: number): number {
  let column = 0;
  for (let i = from; i < to; i++) {
    const code = xml.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column - 1;
}

/** A date-formatted number as a Date; a number Excel cannot show as a date stays the number, for the readers to report. */
function excelToDate(serial: number, date1904: boolean): Date | number {
  if (!(serial >= 0 && serial < LAST_EXCEL_SERIAL)) return serial;
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

interface SheetContext {
  readonly strings: readonly (string | null)[];
  readonly dates: readonly boolean[];
  readonly date1904: boolean;
}

/** Parses the rows of sheet XML chunks into `rows`; keeps its place between chunks. */
class SheetScanner {
  readonly rows: CoreCell[][] = [];
  readonly merges: string[] = [];
  rowCount = 0;
  private started = false;
  private finished = false;
  private rowNumber = 0;
  private row: CoreCell[] | null = null;
  private column = -1;

  constructor(private readonly context: SheetContext) {}

  scan(xml: string): void {
    let at = 0;
    if (!this.started) {
      const data = xml.indexOf('<sheetData');
      if (data < 0) return;
      this.started = true;
      const end = xml.indexOf('>', data);
      if (xml.charCodeAt(end - 1) === 47) this.finished = true;
      at = end + 1;
    }
    if (!this.finished) at = this.scanRows(xml, at);
    if (this.finished) for (const { start, end } of tags(xml, 'mergeCell', at)) {
      const ref = attribute(xml, start, end, 'ref');
      if (ref) this.merges.push(ref.toUpperCase());
    }
  }

  private scanRows(xml: string, from: number): number {
    let at = from;
    const length = xml.length;
    while (at < length) {
      at = xml.indexOf('<', at);
      if (at < 0) return length;
      const next = xml.charCodeAt(at + 1);
      if (next === 99 /* c */ && isTag(xml, at + 1, 'c')) {
        at = this.cell(xml, at);
      } else if (next === 114 /* r */ && isTag(xml, at + 1, 'row')) {
        const end = xml.indexOf('>', at);
        if (end < 0) throw new Error(`the row after row ${this.rowNumber} is cut short`);
        const r = attribute(xml, at + 4, end, 'r');
        this.rowNumber = r === undefined ? this.rowNumber + 1 : Number(r);
        if (!(Number.isInteger(this.rowNumber) && this.rowNumber >= 1 && this.rowNumber <= MAX_ROWS)) {
          throw new Error(`a row is numbered "${r ?? this.rowNumber}", but rows run from 1 to ${MAX_ROWS}`);
        }
        this.row = [];
        this.column = -1;
        this.rows[this.rowNumber - 1] = this.row;
        this.rowCount++;
        at = end + 1;
      } else if (next === 47 /* / */ && xml.startsWith('sheetData>', at + 2)) {
        this.finished = true;
        return at + 12;
      } else at++;
    }
    return at;
  }

  /** Reads the cell whose tag starts at `at`; returns where scanning goes on. */
  private cell(xml: string, at: number): number {
    const tagEnd = xml.indexOf('>', at);
    let type = '';
    let style = 0;
    let column = this.column + 1;
    // One pass over the attributes r=, t= and s=.
    let i = at + 2;
    while (i < tagEnd) {
      const code = xml.charCodeAt(i);
      if (code === 32 || code === 9 || code === 10 || code === 13 || code === 47) {
        i++;
        continue;
      }
      const eq = xml.indexOf('=', i);
      if (eq < 0 || eq > tagEnd) break;
      // XML allows spaces around '=' (r = "D4"): the name ends at the last non-space before it.
      let nameEnd = eq;
      while (nameEnd > i && xml.charCodeAt(nameEnd - 1) <= 32) nameEnd--;
      let quoteAt = eq + 1;
      while (xml.charCodeAt(quoteAt) <= 32) quoteAt++;
      const quote = xml.charCodeAt(quoteAt) === 39 ? "'" : '"';
      const valueStart = xml.indexOf(quote, eq) + 1;
      const valueEnd = xml.indexOf(quote, valueStart);
      if (nameEnd - i === 1) {
        if (code === 114 /* r */) column = columnOf(xml, valueStart, valueEnd);
        else if (code === 116 /* t */) type = xml.slice(valueStart, valueEnd);
        else if (code === 115 /* s */) style = Number(xml.slice(valueStart, valueEnd));
      }
      i = valueEnd + 1;
    }
    if (column >= MAX_COLUMNS) throw new Error(`a cell in row ${this.rowNumber} lies beyond column XFD, the last a worksheet has`);
    this.column = column;
    if (this.row === null) {
      // A cell outside any <row> element: give it a row of its own, as a lenient reader would.
      this.row = this.rows[this.rowNumber++] = [];
    }
    if (xml.charCodeAt(tagEnd - 1) === 47) return tagEnd + 1;
    const close = xml.indexOf('</c>', tagEnd);
    if (close < 0) throw new Error(`a cell in row ${this.rowNumber} is cut short`);

    let value: string | undefined;
    let formula = false;
    let inline: string | undefined;
    let j = tagEnd + 1;
    while (j < close) {
      j = xml.indexOf('<', j);
      if (j < 0 || j >= close) break;
      const name = xml.charCodeAt(j + 1);
      if (name === 118 /* v */ && isTag(xml, j + 1, 'v')) {
        const end = xml.indexOf('>', j);
        if (xml.charCodeAt(end - 1) === 47) {
          j = end + 1;
          continue;
        }
        const vClose = xml.indexOf('</v>', end);
        // Without its </v> inside the cell, the search would wrap to the start of the chunk and never end.
        if (vClose < 0 || vClose > close) throw new Error(`a value in row ${this.rowNumber} is cut short`);
        if (vClose > end + 1) value = (value ?? '') + xml.slice(end + 1, vClose);
        j = vClose + 4;
      } else if (name === 102 /* f */ && isTag(xml, j + 1, 'f')) {
        const end = xml.indexOf('>', j);
        if (xml.charCodeAt(end - 1) === 47) {
          // <f t="shared" si="0"/>: a shared formula's follower cell is a formula all the same.
          formula ||= attribute(xml, j, end, 't') !== undefined;
          j = end + 1;
        } else {
          const fClose = xml.indexOf('</f>', end);
          if (fClose < 0 || fClose > close) throw new Error(`a formula in row ${this.rowNumber} is cut short`);
          formula ||= fClose > end + 1 || attribute(xml, j, end, 't') !== undefined;
          j = fClose + 4;
        }
      } else if (name === 105 /* i */ && isTag(xml, j + 1, 'is')) {
        const isClose = xml.indexOf('</is>', j);
        const end = isClose < 0 || isClose > close ? close : isClose;
        // Looked for inside this cell only: a search to the end of the chunk made plain inline-string sheets quadratic.
        const rich = hasRun(xml, j, end);
        const text = runText(xml, j, end);
        // exceljs decodes _xHHHH_ in rich-text runs only; a plain inline <t> it takes as is.
        if (text !== undefined && (text !== '' || rich)) inline = rich ? excelEscapes(text) : text;
        j = end;
      } else j++;
    }

    const cell = this.value(type, style, value, formula, inline);
    if (cell !== undefined) {
      const row = this.row;
      while (row.length < column) row.push(null);
      row[column] = cell;
    }
    return close + 4;
  }

  /** The core cell for what the XML held; undefined for a cell with no value at all (exceljs's Null type). */
  private value(type: string, style: number, value: string | undefined, formula: boolean, inline: string | undefined): CoreCell | undefined {
    const { strings, dates, date1904 } = this.context;
    if (formula) {
      if (value === undefined) return null;
      if (type === 'str') return xmlText(value, 0, value.length);
      // Excel writes text results as t="str"; some producers give a shared-string index instead.
      if (type === 's' && strings[parseInt(value, 10)] !== undefined) return strings[parseInt(value, 10)];
      if (type === 'b') return parseInt(value, 10) !== 0;
      if (type === 'e') return xmlText(value, 0, value.length);
      return this.number(value, style, dates, date1904);
    }
    if (type === 'inlineStr') return inline === undefined && value === undefined ? undefined : (inline ?? xmlText(value!, 0, value!.length));
    if (value === undefined) return undefined;
    switch (type) {
      case 's': {
        const index = parseInt(value, 10);
        if (!(index >= 0 && index < strings.length)) throw new Error(`a cell in row ${this.rowNumber} refers to shared string ${value}, which does not exist`);
        return strings[index];
      }
      case 'str':
      case 'e':
        return xmlText(value, 0, value.length);
      case 'b':
        return parseInt(value, 10) !== 0;
      case 'd': {
        const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
        return Number.isNaN(date.getTime()) ? value : date;
      }
      default:
        return this.number(value, style, dates, date1904);
    }
  }

  private number(value: string, style: number, dates: readonly boolean[], date1904: boolean): CoreCell {
    const number = parseFloat(value);
    // exceljs looks at the style only when s= is present and not 0.
    return style > 0 && dates[style] ? excelToDate(number, date1904) : number;
  }

  /** Dense rows, and every cell of a merged range given the value of its first cell. */
  finish(): { rows: CoreCell[][]; merges: string[] } {
    const rows = this.rows;
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    for (const range of this.merges) fillMerge(rows, range);
    return { rows, merges: this.merges };
  }
}

/** "B2:C5" → 0-based corners, or null when it is not a range. */
function rangeCorners(range: string): { top: number; left: number; bottom: number; right: number } | null {
  const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!match) return null;
  const top = Number(match[2]) - 1;
  const bottom = Number(match[4]) - 1;
  const left = columnOf(match[1], 0, match[1].length);
  const right = columnOf(match[3], 0, match[3].length);
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

function fillMerge(rows: CoreCell[][], range: string): void {
  const corners = rangeCorners(range);
  if (!corners) return;
  const { top, left } = corners;
  // A whole-column merge (A1:A1048576) would make a million rows: fill only rows and columns the sheet has.
  const bottom = (corners.bottom - top + 1) * (corners.right - left + 1) > 1_000_000 ? Math.min(corners.bottom, rows.length - 1) : corners.bottom;
  const master = rows[top]?.[left] ?? null;
  for (let r = top; r <= bottom; r++) {
    const row = (rows[r] ??= []);
    const right = bottom === corners.bottom ? corners.right : Math.min(corners.right, row.length - 1);
    for (let c = left; c <= right; c++) {
      if (r === top && c === left) continue;
      while (row.length < c) row.push(null);
      row[c] = master;
    }
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
}

/** Reads every worksheet of an .xlsx file held in `zip`, in workbook order. */
export async function readXlsx(zip: Buffer, options: XlsxReadOptions = {}): Promise<XlsxSheet[]> {
  try {
    return await readParts(zip, options);
  } finally {
    interned.clear();
  }
}

async function readParts(zip: Buffer, options: XlsxReadOptions): Promise<XlsxSheet[]> {
  const entries = zipEntries(zip);
  const byLowerName = new Map([...entries.values()].map((entry) => [entry.name.toLowerCase(), entry]));
  const part = (path: string): string | undefined => {
    const entry = entries.get(path) ?? byLowerName.get(path.toLowerCase());
    return entry ? inflateEntry(zip, entry).toString('utf8') : undefined;
  };

  const rootRels = part('_rels/.rels');
  let workbookPath = 'xl/workbook.xml';
  if (rootRels) {
    for (const { start, end } of tags(rootRels, 'Relationship')) {
      if (/\/officeDocument$/.test(attribute(rootRels, start, end, 'Type') ?? '')) workbookPath = resolvePart('', attribute(rootRels, start, end, 'Target') ?? workbookPath);
    }
  }
  const workbookXml = part(workbookPath);
  if (workbookXml === undefined) throw new Error(`the zip holds no ${workbookPath}, so it is not an .xlsx workbook`);
  const workbook = withoutPrefix(workbookXml, 'workbook');
  const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsXml = part(`${base}_rels/${workbookPath.slice(base.length)}.rels`) ?? '';
  const targets = new Map<string, { type: string; path: string }>();
  for (const { start, end } of tags(relsXml, 'Relationship')) {
    const id = attribute(relsXml, start, end, 'Id');
    const target = attribute(relsXml, start, end, 'Target');
    if (id && target) targets.set(id, { type: attribute(relsXml, start, end, 'Type') ?? '', path: resolvePart(base, target) });
  }
  const relOfType = (suffix: string) => [...targets.values()].find((t) => t.type.endsWith(suffix))?.path;

  let date1904 = false;
  for (const { start, end } of tags(workbook, 'workbookPr')) {
    const value = attribute(workbook, start, end, 'date1904');
    date1904 = value === '1' || value === 'true';
  }
  const sheets: SheetPart[] = [];
  for (const { start, end } of tags(workbook, 'sheet')) {
    const name = attribute(workbook, start, end, 'name') ?? `Sheet${sheets.length + 1}`;
    // The relationship id attribute is r:id, whatever prefix the file binds to the namespace.
    const idMatch = /\s[\w.-]+:id\s*=\s*["']([^"']*)["']/.exec(workbook.slice(start, end));
    const target = idMatch ? targets.get(idMatch[1]) : undefined;
    // Chart sheets and dialog sheets hold no cells; exceljs leaves them out too.
    if (target && !target.type.endsWith('/worksheet')) continue;
    sheets.push({ name, path: target?.path ?? `${base}worksheets/sheet${sheets.length + 1}.xml` });
  }

  const context: SheetContext = {
    strings: sharedStrings(part(relOfType('/sharedStrings') ?? `${base}sharedStrings.xml`)),
    dates: dateStyles(part(relOfType('/styles') ?? `${base}styles.xml`)),
    date1904,
  };

  const sheetEntries = sheets.map((sheet) => entries.get(sheet.path) ?? byLowerName.get(sheet.path.toLowerCase()));
  const totalBytes = sheetEntries.reduce((sum, entry) => sum + (entry?.size ?? 0), 0) || 1;
  let doneBytes = 0;
  let rowsSoFar = 0;
  let nextReport = 5000;
  const result: XlsxSheet[] = [];
  for (const [index, sheet] of sheets.entries()) {
    const entry = sheetEntries[index];
    if (!entry) throw new Error(`the sheet "${sheet.name}" (${sheet.path}) is missing from the zip`);
    const scanner = new SheetScanner(context);
    let prefixed: string | null | undefined;
    let rowClose = '</row>';
    let sheetBytes = 0;
    // Pieces pile up until CHUNK_BYTES; the chunk is cut after its last </row> (an ASCII
    // boundary, so never inside a UTF-8 character), and the rest waits for the next one.
    // When no row ends in the pile (one huge row), the next try waits until the pile has
    // doubled, so the pile is copied O(size) times in all, not once per piece.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let scanAt = CHUNK_BYTES;
    const scanChunk = (last: boolean) => {
      const bytes = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      pending = [bytes];
      const rowEnd = last ? -1 : bytes.lastIndexOf(rowClose);
      if (!last && rowEnd < 0) {
        scanAt = pendingBytes * 2;
        return;
      }
      const cut = last ? bytes.length : rowEnd + rowClose.length;
      let xml = bytes.toString('utf8', 0, cut);
      const rest = bytes.subarray(cut);
      pending = rest.length ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
      scanAt = pendingBytes + CHUNK_BYTES;
      if (prefixed) xml = xml.split(`<${prefixed}:`).join('<').split(`</${prefixed}:`).join('</');
      scanner.scan(xml);
      rowsSoFar += scanner.rowCount;
      scanner.rowCount = 0;
      if (rowsSoFar >= nextReport) {
        options.onRows?.(rowsSoFar, Math.min(1, (doneBytes + sheetBytes - pendingBytes) / totalBytes));
        nextReport = rowsSoFar + 5000;
      }
    };
    for await (const piece of inflatePieces(zip, entry)) {
      if (prefixed === undefined) {
        // A namespace prefix (<x:worksheet>, from the OpenXML SDK) names the row end too.
        prefixed = /^[^]{0,2000}?<([A-Za-z_][\w.-]*):worksheet[\s>]/.exec(piece.toString('utf8', 0, Math.min(piece.length, 4096)))?.[1] ?? null;
        if (prefixed) rowClose = `</${prefixed}:row>`;
      }
      pending.push(piece);
      pendingBytes += piece.length;
      sheetBytes += piece.length;
      if (pendingBytes >= scanAt) scanChunk(false);
    }
    if (pendingBytes > 0) scanChunk(true);
    doneBytes += sheetBytes;
    const { rows, merges } = scanner.finish();
    result.push({ name: sheet.name, rows, merges });
  }
  options.onRows?.(rowsSoFar, 1);
  return result;
}
