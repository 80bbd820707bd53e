/**
 * The sheet scanner of the .xlsx reader: it walks the rows and cells of a worksheet's
 * XML, chunk after chunk, keeping its place between chunks, and hands each cell to
 * cellValue; at the end it fills every cell of a merged range with the value of the
 * range's first cell. Rows and columns past a worksheet's size are refused.
 */
import type { CoreCell } from './cells';
import { cellValue, type SheetContext } from './xlsx-reader-cells';
import { attribute, excelEscapes, hasRun, isTag, runText, tags } from './xlsx-reader-xml';

/**
 * A worksheet's size in Excel (A1:XFD1048576). A damaged file's row 300000000 or column ZZZZZZ would otherwise make hundreds of
 * millions of cells.
 */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

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

/** The types a cell's t= takes (ECMA-376 Part 1, 18.18.11 ST_CellType), as constants: no string made per cell. */
const CELL_TYPES = ['s', 'n', 'b', 'e', 'd', 'str', 'inlineStr'];

/** A cell's t= value; one of CELL_TYPES without a slice, or the text itself for anything else. */
function cellType(xml: string, from: number, to: number): string {
  for (const known of CELL_TYPES) if (known.length === to - from && xml.startsWith(known, from)) return known;
  return xml.slice(from, to);
}

/** A cell's s= value as Number() reads it; plain digits (all Excel writes) without a slice. */
function styleIndex(xml: string, from: number, to: number): number {
  if (to === from || to - from > 9) return Number(xml.slice(from, to));
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = xml.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(xml.slice(from, to));
    value = value * 10 + digit;
  }
  return value;
}

/** Parses the rows of sheet XML chunks into `rows`; keeps its place between chunks. */
export class SheetScanner {
  readonly rows: CoreCell[][] = [];
  readonly merges: string[] = [];
  rowCount = 0;
  private started = false;
  private finished = false;
  private rowNumber = 0;
  private row: CoreCell[] | null = null;
  /** Where `row` sits in `rows`. */
  private rowAt = -1;
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
    if (this.finished)
      for (const { start, end } of tags(xml, 'mergeCell', at)) {
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
        const r = attribute(xml, at + 4, end, 'r', false);
        this.rowNumber = r === undefined ? this.rowNumber + 1 : Number(r);
        if (!(Number.isInteger(this.rowNumber) && this.rowNumber >= 1 && this.rowNumber <= MAX_ROWS)) {
          throw new Error(`a row is numbered "${r ?? this.rowNumber}", but rows run from 1 to ${MAX_ROWS}`);
        }
        this.sealRow();
        this.row = [];
        this.rowAt = this.rowNumber - 1;
        this.column = -1;
        this.rows[this.rowAt] = this.row;
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
        else if (code === 116 /* t */) type = cellType(xml, valueStart, valueEnd);
        else if (code === 115 /* s */) style = styleIndex(xml, valueStart, valueEnd);
      }
      i = valueEnd + 1;
    }
    if (column >= MAX_COLUMNS) throw new Error(`a cell in row ${this.rowNumber} lies beyond column XFD, the last a worksheet has`);
    this.column = column;
    if (this.row === null) {
      // A cell outside any <row> element: give it a row of its own, as a lenient reader would.
      this.rowAt = this.rowNumber++;
      this.row = this.rows[this.rowAt] = [];
    }
    if (xml.charCodeAt(tagEnd - 1) === 47) return tagEnd + 1;
    // Most cells are <c …><v>…</v></c>: then the value and the cell's end come from one search.
    let plainEnd = -1;
    if (xml.startsWith('<v>', tagEnd + 1)) {
      const vClose = xml.indexOf('</v>', tagEnd + 4);
      if (vClose >= 0 && xml.startsWith('</c>', vClose + 4)) plainEnd = vClose;
    }
    const close = plainEnd >= 0 ? plainEnd + 4 : xml.indexOf('</c>', tagEnd);
    if (close < 0) throw new Error(`a cell in row ${this.rowNumber} is cut short`);

    // The value's text as a range of `source` (the chunk itself; a joined copy in the rare cell with several <v>), -1 for none.
    let source = xml;
    let from = -1;
    let to = -1;
    let formula = false;
    let inline: string | undefined;
    let j = tagEnd + 1;
    if (plainEnd >= 0) {
      if (plainEnd > tagEnd + 4) {
        from = tagEnd + 4;
        to = plainEnd;
      }
      j = close;
    }
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
        if (vClose > end + 1) {
          if (from < 0) {
            from = end + 1;
            to = vClose;
          } else {
            source = source.slice(from, to) + xml.slice(end + 1, vClose);
            from = 0;
            to = source.length;
          }
        }
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

    const cell = cellValue(this.context, this.rowNumber, type, style, from < 0 ? undefined : { source, from, to }, formula, inline);
    if (cell !== undefined) {
      const row = this.row;
      while (row.length < column) row.push(null);
      row[column] = cell;
    }
    return close + 4;
  }

  /**
   * Replaces the row just read with an exact copy. A row grows cell by cell, and an
   * array that grows keeps room for more: a quarter of the rows' memory was that spare
   * room, kept, and traced by every collection, for the whole read. The copy is exact
   * and the grown array dies young, where collecting it costs nothing.
   */
  private sealRow(): void {
    const row = this.row;
    if (row !== null && this.rows[this.rowAt] === row) this.rows[this.rowAt] = row.slice();
  }

  /** Dense rows, and every cell of a merged range given the value of its first cell. */
  finish(): { rows: CoreCell[][]; merges: string[] } {
    this.sealRow();
    this.row = null;
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
  const bottom =
    (corners.bottom - top + 1) * (corners.right - left + 1) > 1_000_000 ? Math.min(corners.bottom, rows.length - 1) : corners.bottom;
  const master = rows[top]?.[left] ?? null;
  for (let r = top; r <= bottom; r++) {
    rows[r] ??= [];
    const row = rows[r];
    const right = bottom === corners.bottom ? corners.right : Math.min(corners.right, row.length - 1);
    for (let c = left; c <= right; c++) {
      if (r === top && c === left) continue;
      while (row.length < c) row.push(null);
      row[c] = master;
    }
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
}
