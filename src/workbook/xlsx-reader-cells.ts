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

/** A date-formatted number as a Date; a number Excel cannot show as a date stays the number, for the readers to report. */
function excelToDate(serial: number, date1904: boolean): Date | number {
  if (!(serial >= 0 && serial < LAST_EXCEL_SERIAL)) return serial;
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** The core cell for what the XML held; undefined for a cell with no value at all (exceljs's Null type). */
export function cellValue(
  context: SheetContext,
  rowNumber: number,
  type: string,
  style: number,
  value: string | undefined,
  formula: boolean,
  inline: string | undefined,
): CoreCell | undefined {
  const { strings, dates, date1904 } = context;
  if (formula) {
    if (value === undefined) return null;
    if (type === 'str') return xmlText(value, 0, value.length);
    // Excel writes text results as t="str"; some producers give a shared-string index instead.
    if (type === 's' && strings[parseInt(value, 10)] !== undefined) return strings[parseInt(value, 10)];
    if (type === 'b') return parseInt(value, 10) !== 0;
    if (type === 'e') return xmlText(value, 0, value.length);
    return numberCell(value, style, dates, date1904);
  }
  if (type === 'inlineStr') return inline === undefined && value === undefined ? undefined : (inline ?? xmlText(value!, 0, value!.length));
  if (value === undefined) return undefined;
  switch (type) {
    case 's': {
      const index = parseInt(value, 10);
      if (!(index >= 0 && index < strings.length))
        throw new Error(`a cell in row ${rowNumber} refers to shared string ${value}, which does not exist`);
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
      return numberCell(value, style, dates, date1904);
  }
}

function numberCell(value: string, style: number, dates: readonly boolean[], date1904: boolean): CoreCell {
  const number = parseFloat(value);
  // exceljs looks at the style only when s= is present and not 0.
  return style > 0 && dates[style] ? excelToDate(number, date1904) : number;
}
