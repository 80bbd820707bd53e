/**
 * Calendar arithmetic and date coercion. The core keeps every date as a UTC instant
 * and every date-only value as UTC midnight, so that "days between" never depends
 * on the machine's timezone. Text typed in a spreadsheet (ISO, dd.mm.yyyy,
 * dd/mm/yyyy, "12 Mar 2026") and spreadsheet serial numbers are read here, once.
 */

export const DAY_MS = 86_400_000;

/** Days from 1899-12-30 (the spreadsheet epoch) to 1970-01-01. */
const SERIAL_EPOCH_OFFSET = 25_569;

/** UTC midnight of a calendar day; month is 1-12. Returns null for impossible dates. */
export function utcDate(year: number, month: number, day: number): Date | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 9999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCDate() === day && date.getUTCMonth() === month - 1 ? date : null;
}

/** A spreadsheet serial day number (Excel and Sheets, 1900 system) as a UTC date. */
export function fromSerial(serial: number): Date {
  return new Date(Math.round((serial - SERIAL_EPOCH_OFFSET) * DAY_MS));
}

/** A UTC date as a spreadsheet serial day number (with the time as a fraction). */
export function toSerial(date: Date): number {
  return date.getTime() / DAY_MS + SERIAL_EPOCH_OFFSET;
}

/** The UTC calendar day of an instant, as UTC midnight. */
export function startOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor(to.getTime() / DAY_MS) - Math.floor(from.getTime() / DAY_MS);
}

/** Fractional days between two instants. */
export function elapsedDays(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** "2026-11" */
export function monthKey(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** "2026-Q4"; with a fiscal year that starts in another month, quarters shift with it. */
export function quarterKey(date: Date, fiscalYearStartMonth = 1): string {
  const shifted = (date.getUTCMonth() - (fiscalYearStartMonth - 1) + 12) % 12;
  const fiscalYear =
    fiscalYearStartMonth === 1 || date.getUTCMonth() < fiscalYearStartMonth - 1
      ? date.getUTCFullYear()
      : date.getUTCFullYear() + 1;
  return `${fiscalYear}-Q${Math.floor(shifted / 3) + 1}`;
}

/** "2026-11-23" */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const MONTH_NAMES: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  янв: 1, фев: 2, мар: 3, апр: 4, май: 5, мая: 5, июн: 6, июл: 7, авг: 8, сен: 9, окт: 10, ноя: 11, дек: 12,
};

/** How a typed date such as 03/04/2026 is read when both numbers could be a day. */
export type DateOrder = 'dmy' | 'mdy';

export type DateParse =
  | { readonly ok: true; readonly date: Date | null }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a cell as a date. Blank gives `{ok: true, date: null}`. Accepts Date objects,
 * serial numbers (1..2958465), ISO text with or without a time, d.m.y, d/m/y, d-m-y
 * (or m/d/y when `order` is 'mdy', or when the first number cannot be a month), and
 * "12 Mar 2026" / "Mar 12, 2026" (English and Russian month names).
 */
export function parseDate(value: unknown, order: DateOrder = 'dmy'): DateParse {
  if (value === null || value === undefined) return { ok: true, date: null };
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { ok: false, reason: 'not a valid date' } : { ok: true, date: value };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) {
      return { ok: false, reason: `the number ${value} is not a date serial` };
    }
    return { ok: true, date: fromSerial(value) };
  }
  if (typeof value === 'boolean') return { ok: false, reason: 'a TRUE/FALSE value is not a date' };
  const text = String(value).replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '').trim();
  if (text === '') return { ok: true, date: null };

  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (iso) {
    const day = utcDate(+iso[1], +iso[2], +iso[3]);
    if (!day) return { ok: false, reason: `${text} is not a day in the calendar` };
    if (iso[4] === undefined) return { ok: true, date: day };
    const parsed = new Date(text.replace(' ', 'T') + (iso[7] ? '' : 'Z'));
    return Number.isNaN(parsed.getTime()) ? { ok: false, reason: 'the time of day is not valid' } : { ok: true, date: parsed };
  }

  const numeric = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (numeric) {
    const a = +numeric[1];
    const b = +numeric[2];
    let year = +numeric[3];
    if (numeric[3].length === 2) year += year < 70 ? 2000 : 1900;
    let [day, month] = order === 'mdy' ? [b, a] : [a, b];
    if (month > 12 && day <= 12) [day, month] = [month, day];
    const date = utcDate(year, month, day);
    if (!date) return { ok: false, reason: `${text} is not a day in the calendar` };
    if (numeric[4] === undefined) return { ok: true, date };
    return { ok: true, date: new Date(date.getTime() + (+numeric[4] * 60 + +numeric[5]) * 60_000 + +(numeric[6] ?? 0) * 1000) };
  }

  const named =
    /^(\d{1,2})\.?\s+([a-zа-яё]+)\.?,?\s+(\d{4})$/i.exec(text) ??
    /^([a-zа-яё]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/i.exec(text);
  if (named) {
    const dayFirst = /^\d/.test(named[1]);
    const monthName = (dayFirst ? named[2] : named[1]).toLowerCase();
    const month = MONTH_NAMES[monthName.slice(0, monthName.startsWith('sept') ? 4 : 3)];
    const day = +(dayFirst ? named[1] : named[2]);
    const date = month ? utcDate(+named[3], month, day) : null;
    if (date) return { ok: true, date };
    return { ok: false, reason: `${text} is not a day in the calendar` };
  }
  // A CSV from a sheet with unformatted dates holds day numbers as text; say what the number would be.
  if (/^\d{5}$/.test(text)) {
    return { ok: false, reason: `"${text}" is a day number, not a date (it would be ${isoDay(fromSerial(+text))})` };
  }
  return { ok: false, reason: `"${truncate(text, 40)}" is not a date` };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
