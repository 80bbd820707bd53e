/**
 * Cell typing for the .xlsx reader: what one <c> element's type (t=), style (s=),
 * value (<v>), formula (<f>) and inline string (<is>) make as a core cell, the same
 * value exceljs's full reader gives through `fromExcelValue`: a formula its cached
 * result, an error its code, a shared string its text, a number in a date style a
 * Date (the UTC instant of the wall-clock value, 1900 or 1904 date system).
 */
import { LAST_EXCEL_SERIAL, type CoreCell } from './cells';
import { xmlText } from './xlsx-reader-xml';

/** What the workbook's shared parts tell about every cell of its sheets. */
export interface SheetContext {
  readonly strings: readonly (string | null)[];
  readonly dates: readonly boolean[];
  readonly date1904: boolean;
}

/**
 * Whole-day dates (Created, Expected close, Closed on) repeat down a column: cells of
 * the same day share one Date, found in a direct-mapped table by the serial number and
 * checked by its time. A Date is some 100 bytes that every collection copies or marks;
 * a million-row History made one per cell. Nothing changes a cell's Date in place (the
 * core and the writers only read them), so sharing is safe; a time of day (fractional
 * serial) gets a Date of its own. Emptied with the interned text after each workbook.
 */
const DAY_SLOTS = 1 << 12;
let days: (Date | undefined)[] = new Array(DAY_SLOTS);

export function forgetSharedDates(): void {
  days = new Array(DAY_SLOTS);
}

/** A date-formatted number as a Date; a number Excel cannot show as a date stays the number, for the readers to report. */
function excelToDate(serial: number, date1904: boolean): Date | number {
  if (!(serial >= 0 && serial < LAST_EXCEL_SERIAL)) return serial;
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  if (!Number.isInteger(serial)) return new Date(ms);
  const slot = serial & (DAY_SLOTS - 1);
  const known = days[slot];
  if (known !== undefined && known.getTime() === ms) return known;
  const date = new Date(ms);
  days[slot] = date;
  return date;
}

/** Where a cell's value text lies: `source.slice(from, to)`, still XML-escaped, read in place. */
export interface ValueText {
  readonly source: string;
  readonly from: number;
  readonly to: number;
}

/** The core cell for what the XML held; undefined for a cell with no value at all (exceljs's Null type). */
export function cellValue(
  context: SheetContext,
  rowNumber: number,
  type: string,
  style: number,
  value: ValueText | undefined,
  formula: boolean,
  inline: string | undefined,
): CoreCell | undefined {
  const { strings, dates, date1904 } = context;
  if (formula) {
    if (value === undefined) return null;
    if (type === 'str') return xmlText(value.source, value.from, value.to);
    // Excel writes text results as t="str"; some producers give a shared-string index instead.
    if (type === 's' && strings[intText(value)] !== undefined) return strings[intText(value)];
    if (type === 'b') return intText(value) !== 0;
    if (type === 'e') return xmlText(value.source, value.from, value.to);
    return numberCell(value, style, dates, date1904);
  }
  if (type === 'inlineStr')
    return inline === undefined && value === undefined ? undefined : (inline ?? xmlText(value!.source, value!.from, value!.to));
  if (value === undefined) return undefined;
  switch (type) {
    case 's': {
      const index = intText(value);
      if (!(index >= 0 && index < strings.length))
        throw new Error(`a cell in row ${rowNumber} refers to shared string ${rawText(value)}, which does not exist`);
      return strings[index];
    }
    case 'str':
    case 'e':
      return xmlText(value.source, value.from, value.to);
    case 'b':
      return intText(value) !== 0;
    case 'd': {
      const text = rawText(value);
      const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
      return Number.isNaN(date.getTime()) ? text : date;
    }
    default:
      return numberCell(value, style, dates, date1904);
  }
}

function rawText(value: ValueText): string {
  return value.source.slice(value.from, value.to);
}

/** parseInt(text, 10), read in place when the text is plain digits (a shared-string index, a boolean). */
function intText({ source, from, to }: ValueText): number {
  if (to - from > 9) return parseInt(source.slice(from, to), 10);
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = source.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return parseInt(source.slice(from, to), 10);
    n = n * 10 + digit;
  }
  return n;
}

function numberCell(value: ValueText, style: number, dates: readonly boolean[], date1904: boolean): CoreCell {
  const number = parseFloat(rawText(value));
  // exceljs looks at the style only when s= is present and not 0.
  return style > 0 && dates[style] ? excelToDate(number, date1904) : number;
}
