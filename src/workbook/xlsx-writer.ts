/**
 * A small, fast writer for workbooks of tidy tables: one header row (bold, frozen,
 * with an autofilter), then rows of text, numbers, dates and blanks, each column
 * with an optional number format. It exists because the report's Facts sheet runs to
 * half a million rows for 100k deals, and exceljs spends ~10 s on that; this writes
 * the same OOXML directly (shared strings, deflated zip entries) in a fraction of
 * it. Text is always a string cell, never a formula, so nothing a user typed runs.
 */
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { setImmediate } from 'node:timers/promises';
import * as zlib from 'node:zlib';
import { isoDateOrTime, LAST_EXCEL_SERIAL } from './cells';
import { crc32 } from './crc32';
import { columnLetter, toSerial } from '../core/index';
import type { TableColumn } from './tables';

/** One sheet to write: its columns and a (possibly lazy) sequence of rows. */
export interface TidySheet {
  readonly name: string;
  readonly columns: readonly TableColumn[];
  readonly rows: Iterable<readonly unknown[]>;
}

interface ZipEntry {
  readonly name: string;
  readonly crc: number;
  readonly size: number;
  readonly compressed: Buffer[];
  readonly compressedSize: number;
}

/** Sheet XML comes in chunks of about this many characters: big enough that the per-chunk cost of encoding, CRC and deflate stays small. */
const CHUNK_CHARS = 1 << 20;
/** The same for chunks written as bytes. */
const CHUNK_BYTES = 1 << 20;
/**
 * Input waiting in the deflate stream before the writer lets it catch up; ahead of that, XML is built while zlib compresses on its
 * thread.
 */
const DEFLATE_BACKLOG = 8 << 20;

async function deflateEntry(name: string, chunks: Iterable<string | Buffer>): Promise<ZipEntry> {
  // Level 1: the Facts sheet is ~200 MB of repetitive XML; fast compression gets most of the gain in a third of the time.
  const deflate = zlib.createDeflateRaw({ level: 1, chunkSize: 256 << 10 });
  const compressed: Buffer[] = [];
  let compressedSize = 0;
  deflate.on('data', (b: Buffer) => {
    compressed.push(b);
    compressedSize += b.length;
  });
  const ended = once(deflate, 'end');
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    crc = crc32(bytes, crc);
    size += bytes.length;
    deflate.write(bytes);
    // zlib compresses on a worker thread but needs the event loop to hand it each next chunk,
    // so a turn of the loop per chunk keeps it busy while the next chunk is built.
    if (deflate.writableLength > DEFLATE_BACKLOG) await once(deflate, 'drain');
    else await setImmediate();
  }
  deflate.end();
  await ended;
  return { name, crc, size, compressed, compressedSize };
}

function zip(entries: readonly ZipEntry[]): Buffer[] {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  // 1980-01-01 00:00, the DOS epoch: a fixed stamp keeps output reproducible.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.compressedSize, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, ...entry.compressed);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(dosTime, 12);
    header.writeUInt16LE(dosDate, 14);
    header.writeUInt32LE(entry.crc, 16);
    header.writeUInt32LE(entry.compressedSize, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += 30 + name.length + entry.compressedSize;
  }
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return [...parts, ...central, end];
}

const FORBIDDEN_OR_ESCAPED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"]/;

/** XML text: escaped, with characters XML 1.0 forbids removed. */
function xmlText(text: string): string {
  // Most text (names, ids, stages) needs neither, and one test is cheaper than two replaces.
  if (!FORBIDDEN_OR_ESCAPED.test(text)) return text;
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Cell text Excel's way (ECMA-376 ST_Xstring): a character XML 1.0 cannot hold, and CR, which XML readers turn into LF, as _xHHHH_. */
const NEEDS_EXCEL_ESCAPE = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;

/**
 * Text for a shared string: XML-escaped, with CR and the control characters XML
 * forbids written as Excel writes them (_x000D_), and a user's own "_x0041_" guarded as
 * "_x005F_x0041_", so Excel, LibreOffice and our reader give back exactly what was
 * written. Without this, "a\r\nb" came back as "a\nb" and a bell character was lost.
 */
function cellXmlText(text: string): string {
  if (!NEEDS_EXCEL_ESCAPE.test(text)) return xmlText(text);
  const escaped = text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  return xmlText(escaped);
}

/**
 * The workbook's shared strings: each distinct text once, cells refer to it by index.
 * The Facts sheet repeats each deal's id, name, account and owner once per stage, and
 * stage names on every row, so this makes the sheet XML about half as long.
 */
class SharedStrings {
  private readonly index = new Map<string, number>();
  readonly texts: string[] = [];
  /** Cell references to shared strings, for the count attribute. */
  uses = 0;

  indexOf(text: string): number {
    this.uses++;
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.index.set(text, i);
    }
    return i;
  }

  *xml(): Generator<string> {
    yield `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.uses}" uniqueCount="${this.texts.length}">`;
    let batch = '';
    for (const text of this.texts) {
      // preserve: leading and trailing spaces are part of what the user typed.
      batch += `<si><t xml:space="preserve">${cellXmlText(text)}</t></si>`;
      if (batch.length > CHUNK_CHARS) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}</sst>`;
  }
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_OFFICE_RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PACKAGE_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const NS = `xmlns="${NS_MAIN}" xmlns:r="${NS_OFFICE_RELS}"`;
/** The content type of an OOXML part: the common prefix, then the part's own name. */
const OOXML_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Room kept free at the end of a chunk: more than one cell ever takes (a ref, a style, a number of at most 25 characters). */
const CELL_ROOM = 256;

function ascii(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function putBytes(buffer: Buffer, pos: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) buffer[pos++] = bytes[i];
  return pos;
}

/** Digits of a whole number 0 ≤ n < 1e15, as String(n) writes them. */
function putWhole(buffer: Buffer, pos: number, n: number): number {
  let digits = 1;
  for (let rest = n; rest >= 10; rest = (rest - (rest % 10)) / 10) digits++;
  const end = pos + digits;
  let at = end;
  do {
    const digit = n % 10;
    buffer[--at] = 48 + digit;
    n = (n - digit) / 10;
  } while (n > 0);
  return end;
}

/** A finite number, exactly as String(value) writes it (which is what Excel reads back). */
function putNumber(buffer: Buffer, pos: number, value: number): number {
  if (Number.isInteger(value) && value > -1e15 && value < 1e15) {
    if (value < 0) {
      buffer[pos++] = 45;
      return putWhole(buffer, pos, -value);
    }
    return putWhole(buffer, pos, value);
  }
  const text = String(value);
  for (let i = 0; i < text.length; i++) buffer[pos++] = text.charCodeAt(i);
  return pos;
}

/**
 * A worksheet's XML in chunks. With text in shared strings, the cells are all ASCII,
 * so they are written straight into byte buffers: no string concatenation, no UTF-8
 * encoding, and next to no garbage for half a million rows.
 */
function* sheetXml(
  sheet: TidySheet,
  styleOf: (format: string | undefined) => number,
  strings: SharedStrings,
  rowCount: { value: number },
): Generator<string | Buffer> {
  const letters = sheet.columns.map((_, i) => columnLetter(i + 1));
  const styles = sheet.columns.map((c) => styleOf(c.format));
  // The fixed parts of each column's cells, encoded once rather than per cell.
  const open = letters.map((letter) => ascii(`<c r="${letter}`));
  const style = styles.map((s) => (s ? ` s="${s}"` : ''));
  const numberCell = style.map((s) => ascii(`"${s}><v>`));
  const textCell = style.map((s) => ascii(`"${s} t="s"><v>`));
  const boolCell = style.map((s) => ascii(`"${s} t="b"><v>`));
  const cellEnd = ascii('</v></c>');
  const rowOpen = ascii('<row r="');
  const rowOpenEnd = ascii('">');
  const rowEnd = ascii('</row>');
  const columnCount = letters.length;
  // Facts rows come grouped by deal, so a column often repeats the text above it; its index is remembered to skip the lookup.
  const lastText: unknown[] = letters.map(() => undefined);
  const lastIndex: number[] = letters.map(() => 0);
  const cols = sheet.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? Math.max(10, c.header.length + 4)}" customWidth="1"/>`)
    .join('');
  const frozenHeader = '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>';
  yield `${XML_HEAD}<worksheet ${NS}><sheetViews><sheetView workbookViewId="0">${frozenHeader}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;
  const header = sheet.columns.map((c, i) => `<c r="${letters[i]}1" s="1" t="s"><v>${strings.indexOf(c.header)}</v></c>`).join('');
  yield `<row r="1">${header}</row>`;
  const rowDigits = Buffer.alloc(16);
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let pos = 0;
  let r = 1;
  for (const row of sheet.rows) {
    r++;
    const digits = rowDigits.subarray(0, putWhole(rowDigits, 0, r));
    if (pos > CHUNK_BYTES - CELL_ROOM) {
      yield buffer.subarray(0, pos);
      buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      pos = 0;
    }
    pos = putBytes(buffer, pos, rowOpen);
    pos = putBytes(buffer, pos, digits);
    pos = putBytes(buffer, pos, rowOpenEnd);
    for (let i = 0; i < columnCount; i++) {
      const value = row[i];
      if (value === null || value === undefined || value === '') continue;
      let kind: Uint8Array;
      let number: number;
      if (typeof value === 'string') {
        if (value !== lastText[i]) {
          lastText[i] = value;
          lastIndex[i] = strings.indexOf(value);
        } else strings.uses++;
        kind = textCell[i];
        number = lastIndex[i];
      } else if (typeof value === 'number') {
        if (!Number.isFinite(value)) continue;
        kind = numberCell[i];
        number = value;
      } else if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) continue;
        number = toSerial(value);
        if (number >= 0 && number < LAST_EXCEL_SERIAL) kind = numberCell[i];
        else {
          // Excel shows #### for a serial below 0 or past 9999-12-31: such a date is written as its ISO text, so nothing is lost.
          kind = textCell[i];
          number = strings.indexOf(isoDateOrTime(value));
        }
      } else if (typeof value === 'boolean') {
        kind = boolCell[i];
        number = value ? 1 : 0;
      } else {
        kind = textCell[i];
        number = strings.indexOf(String(value));
      }
      if (pos > CHUNK_BYTES - CELL_ROOM) {
        yield buffer.subarray(0, pos);
        buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        pos = 0;
      }
      pos = putBytes(buffer, pos, open[i]);
      pos = putBytes(buffer, pos, digits);
      pos = putBytes(buffer, pos, kind);
      pos = putNumber(buffer, pos, number);
      pos = putBytes(buffer, pos, cellEnd);
    }
    pos = putBytes(buffer, pos, rowEnd);
  }
  rowCount.value = r;
  yield buffer.subarray(0, pos);
  const lastLetter = letters[letters.length - 1] ?? 'A';
  const margins = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
  yield `</sheetData><autoFilter ref="A1:${lastLetter}${r}"/>${margins}</worksheet>`;
}

/** Writes the sheets to an .xlsx file. */
export async function writeTidyWorkbook(path: string, sheets: readonly TidySheet[]): Promise<void> {
  const formats: string[] = [];
  const styleOf = (format: string | undefined) => {
    if (!format) return 0;
    let index = formats.indexOf(format);
    if (index < 0) index = formats.push(format) - 1;
    return index + 2;
  };
  const strings = new SharedStrings();
  const entries: ZipEntry[] = [];
  const rowCounts: { value: number }[] = [];
  for (let i = 0; i < sheets.length; i++) {
    const count = { value: 1 };
    rowCounts.push(count);
    entries.push(await deflateEntry(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheets[i], styleOf, strings, count)));
  }
  const numFmts = formats.map((f, i) => `<numFmt numFmtId="${164 + i}" formatCode="${xmlText(f)}"/>`).join('');
  const xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    ...formats.map((_, i) => `<xf numFmtId="${164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`),
  ];
  const numFmtsXml = formats.length ? `<numFmts count="${formats.length}">${numFmts}</numFmts>` : '';
  const styles =
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">${numFmtsXml}` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
  const sheetList = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const filters = sheets
    .map((s, i) => {
      const quotedName = `'${xmlText(s.name.replace(/'/g, "''"))}'`;
      const range = `$A$1:$${columnLetter(Math.max(1, s.columns.length))}$${rowCounts[i].value}`;
      return `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${quotedName}!${range}</definedName>`;
    })
    .join('');
  const workbook =
    `${XML_HEAD}<workbook ${NS}><bookViews><workbookView/></bookViews>` +
    `<sheets>${sheetList}</sheets><definedNames>${filters}</definedNames></workbook>`;
  const relationship = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${NS_OFFICE_RELS}/${type}" Target="${target}"/>`;
  const workbookRels =
    `${XML_HEAD}<Relationships xmlns="${NS_PACKAGE_RELS}">` +
    sheets.map((_, i) => relationship(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`)).join('') +
    relationship(`rId${sheets.length + 1}`, 'styles', 'styles.xml') +
    relationship(`rId${sheets.length + 2}`, 'sharedStrings', 'sharedStrings.xml') +
    '</Relationships>';
  const rootRels =
    `${XML_HEAD}<Relationships xmlns="${NS_PACKAGE_RELS}">` +
    `${relationship('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`;
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${OOXML_TYPE}${type}+xml"/>`;
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    override('/xl/workbook.xml', 'sheet.main') +
    override('/xl/styles.xml', 'styles') +
    override('/xl/sharedStrings.xml', 'sharedStrings') +
    sheets.map((_, i) => override(`/xl/worksheets/sheet${i + 1}.xml`, 'worksheet')).join('') +
    '</Types>';
  const head = [
    await deflateEntry('[Content_Types].xml', [contentTypes]),
    await deflateEntry('_rels/.rels', [rootRels]),
    await deflateEntry('xl/workbook.xml', [workbook]),
    await deflateEntry('xl/_rels/workbook.xml.rels', [workbookRels]),
    await deflateEntry('xl/styles.xml', [styles]),
    await deflateEntry('xl/sharedStrings.xml', strings.xml()),
  ];
  await writeFile(path, zip([...head, ...entries]));
}

/** One part of a package to zip: its path inside the zip and its bytes or text. */
export interface PackagePart {
  readonly name: string;
  readonly bytes: Buffer | string;
}

/** Zips parts in the given order (deflated, the fixed DOS stamp): the same zip writer the tidy workbook uses, for the chart writer. */
export async function zipParts(parts: readonly PackagePart[]): Promise<Buffer> {
  const entries: ZipEntry[] = [];
  for (const part of parts) entries.push(await deflateEntry(part.name, [part.bytes]));
  return Buffer.concat(zip(entries));
}
