/**
 * The one place where exceljs and CSV cells turn into the plain values the core
 * reads, and where the core's values turn back into cells. exceljs hands over
 * numbers, text, Dates, formulas ({formula, result}), rich text, hyperlinks and
 * error values; the core wants numbers, text, Dates and blanks. On the way out,
 * anything that came from a user is written as a plain value, never a live formula.
 *
 * Dates: exceljs reads a date cell as the UTC instant of its wall-clock value
 * (2026-11-23 becomes 2026-11-23T00:00Z), which is the core's convention for
 * date-only values already; `dateOnlyDeal` drops any time of day from the date-only
 * Deals columns once, here.
 */
import { startOfDay, type Deal } from '../core/index';

/** A cell as the core reads it. */
export type CoreCell = string | number | boolean | Date | null;

interface ExcelFormula {
  readonly formula?: string;
  readonly sharedFormula?: string;
  readonly result?: unknown;
}

/**
 * An exceljs cell value as the core reads it. Formula cells give their cached result
 * (a formula that was never calculated gives a blank), rich text its plain text,
 * hyperlinks their display text, and error values their code such as "#N/A" (which
 * the core then reports as "not a number" or "not a date").
 */
export function fromExcelValue(value: unknown): CoreCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const object = value as Record<string, unknown>;
  if ('formula' in object || 'sharedFormula' in object) {
    const result = (object as ExcelFormula).result;
    return result === undefined ? null : fromExcelValue(result);
  }
  if (Array.isArray(object.richText)) {
    return (object.richText as { text?: unknown }[]).map((run) => String(run.text ?? '')).join('');
  }
  if ('error' in object) return String(object.error);
  if ('text' in object) return fromExcelValue(object.text);
  return null;
}

/** Text that a spreadsheet would take for a formula if it were typed or imported as is. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/**
 * A value for an exceljs cell. Strings always stay plain strings: exceljs writes a
 * string as text, so "=HYPERLINK(…)" typed by a user stays inert. Blank text becomes
 * an empty cell, so that formulas over the column see a true blank.
 */
export function toExcelValue(value: unknown): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'boolean') return value;
  const text = String(value);
  return text === '' ? null : text;
}

/**
 * One CSV field. Following OWASP's advice on CSV injection, text that starts with
 * =, +, -, @, a tab or a carriage return gets a leading single quote, so that a
 * spreadsheet opening the file shows it as text; numbers are written as numbers.
 */
export function csvField(value: unknown, delimiter = ','): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? '' : isoDateOrTime(value);
  else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
  else {
    text = String(value);
    if (looksLikeFormula(text)) text = `'${text}`;
  }
  return /[",\r\n;]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file from rows: header first, comma-separated (or `delimiter`), CRLF line ends as RFC 4180 asks. */
export function toCsv(rows: readonly (readonly unknown[])[], delimiter = ','): string {
  return `${rows.map((row) => row.map((value) => csvField(value, delimiter)).join(delimiter)).join('\r\n')}\r\n`;
}

/** One past Excel's last day, 9999-12-31 (serial 2958465): past it, or below 0, Excel shows #### instead of a date. */
export const LAST_EXCEL_SERIAL = 2958466;

/** "2026-11-23" for UTC midnight, else "2026-11-23T14:05:00Z". */
export function isoDateOrTime(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

const DATE_ONLY_FIELDS = ['created', 'expectedClose', 'closedOn', 'nextStepDate', 'stageChanged', 'snoozeUntil'] as const;

/** The deal with its date-only fields at UTC midnight of their calendar day. */
export function dateOnlyDeal(deal: Deal): Deal {
  let changed: Record<string, Date> | undefined;
  for (const field of DATE_ONLY_FIELDS) {
    const date = deal[field];
    if (date && date.getTime() % 86_400_000 !== 0) {
      changed ??= {};
      changed[field] = startOfDay(date);
    }
  }
  return changed ? { ...deal, ...changed } : deal;
}
