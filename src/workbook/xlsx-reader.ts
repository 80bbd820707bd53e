/**
 * A small, fast reader for the cell values of an .xlsx workbook. It exists because
 * exceljs spends ~7 s parsing a 100k-deal workbook (sax events, cell objects); this
 * reads the zip with node:zlib and scans the sheet XML with indexOf, giving each sheet
 * as rows of core cells, the same values exceljs's full reader gives through
 * `fromExcelValue`: formula cells their cached result, rich text its plain text,
 * error values their code ("#N/A"), numbers in a date format a Date (the UTC instant
 * of the wall-clock value, 1900 or 1904 date system), and every cell of a merged range
 * the value of its first cell. It reads values only: no styles beyond "is this a date
 * format", no comments, no hyperlink targets. Nothing here writes to disk. Cells that
 * hold the same whole day share one Date object, so no caller may change a cell's Date
 * in place (none does: the core and the writers only read them).
 *
 * Not supported, each with a clear error: encrypted zip entries, compression other than
 * stored or deflate, a zip split over several disks. Namespace-prefixed XML (`<x:c>`)
 * is read by dropping the prefix. Sheet XML is decoded in chunks that end at a row, so
 * sheets of any size read, but one row is never split.
 *
 * This file reads the workbook's structure (relationships, the sheet list, the 1904
 * flag) and feeds each sheet's XML to the scanner in chunks. The jobs under it:
 * xlsx-reader-zip.ts (directory, inflating, checks), xlsx-reader-xml.ts (tags,
 * attributes, text), xlsx-reader-parts.ts (shared strings, date styles),
 * xlsx-reader-sheet.ts (rows, cells, merges) and xlsx-reader-cells.ts (cell typing).
 */
import type { CoreCell } from './cells';
import { dateStyles, resolvePart, sharedStrings, type SheetPart } from './xlsx-reader-parts';
import { SheetScanner } from './xlsx-reader-sheet';
import { forgetSharedDates, type SheetContext } from './xlsx-reader-cells';
import { attribute, forgetInternedText, tags, withoutPrefix } from './xlsx-reader-xml';
import { inflateEntry, inflatePieces, zipEntries } from './xlsx-reader-zip';

export { isDateFormatCode } from './xlsx-reader-parts';
export { inflateEntry, zipEntries } from './xlsx-reader-zip';

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

/** Reads every worksheet of an .xlsx file held in `zip`, in workbook order. */
export async function readXlsx(zip: Buffer, options: XlsxReadOptions = {}): Promise<XlsxSheet[]> {
  try {
    return await readParts(zip, options);
  } finally {
    forgetInternedText();
    forgetSharedDates();
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
      if (/\/officeDocument$/.test(attribute(rootRels, start, end, 'Type') ?? ''))
        workbookPath = resolvePart('', attribute(rootRels, start, end, 'Target') ?? workbookPath);
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
        prefixed =
          /^[\s\S]{0,2000}?<([A-Za-z_][\w.-]*):worksheet[\s>]/.exec(piece.toString('utf8', 0, Math.min(piece.length, 4096)))?.[1] ?? null;
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
