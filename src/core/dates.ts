/**
 * Calendar arithmetic and date coercion. The core keeps every date as a UTC instant
 * and every date-only value as UTC midnight, so that "days between" never depends
 * on the machine's timezone. Text typed in a spreadsheet (ISO, dd.mm.yyyy,
 * dd/mm/yyyy, mm/dd/yyyy, "12 Mar 2026", each with or without a time) and
 * spreadsheet serial numbers are read here, once. Whether 03/04/2026 is March or
 * April is decided per column, from the column's own dates (decideDateOrder), and
 * said aloud when it is a guess.
 */
import { shorten, withoutInvisibleMarks } from './cells';
import type { Problem } from './types';

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
    fiscalYearStartMonth === 1 || date.getUTCMonth() < fiscalYearStartMonth - 1 ? date.getUTCFullYear() : date.getUTCFullYear() + 1;
  return `${fiscalYear}-Q${Math.floor(shifted / 3) + 1}`;
}

/** "2026-11-23" */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const MONTH_NAMES: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  янв: 1,
  фев: 2,
  мар: 3,
  апр: 4,
  май: 5,
  мая: 5,
  июн: 6,
  июл: 7,
  авг: 8,
  сен: 9,
  окт: 10,
  ноя: 11,
  дек: 12,
};

/**
 * How a typed date whose first two numbers could both be a day (03/04/2026) is read:
 * 'dmy' day first, 'mdy' month first (US style), 'ymd' year first (26/03/04 as
 * 2026-03-04; a four-digit year typed first is read year first whatever the order).
 */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';
export const DATE_ORDERS: readonly DateOrder[] = ['dmy', 'mdy', 'ymd'];

export type DateParse =
  | { readonly ok: true; readonly date: Date | null }
  | { readonly ok: false; readonly reason: string; readonly code?: string };

/**
 * An optional time after a date: "7:42", "0:00", "10:30 PM", "00:02:00", "T14:05:00.000";
 * a comma may come first ("Apr 15, 2021, 3:00 PM").
 */
const TIME = String.raw`(?:,?[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?`;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/;
/** Three numbers with one separator used twice: 03/04/2026, 4-15-2021, 23.11.26, 2021/04/15. */
const NUMERIC = new RegExp(String.raw`^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})${TIME}$`);
const NAMED_DAY_FIRST = new RegExp(String.raw`^(\d{1,2})(?:\.|st|nd|rd|th)?[\s-]+([a-zа-яё]+)\.?,?[\s-]+(\d{4})${TIME}$`, 'i');
const NAMED_MONTH_FIRST = new RegExp(String.raw`^([a-zа-яё]+)\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{4})${TIME}$`, 'i');

/** Adds a typed time of day; null when the time is impossible (25:00, 13:00 PM). */
function withTime(
  date: Date,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  half: string | undefined,
): Date | null {
  if (hour === undefined) return date;
  let h = +hour;
  if (half !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
  }
  const m = +(minute ?? 0);
  const s = +(second ?? 0);
  if (h > 23 || m > 59 || s > 59) return null;
  return new Date(date.getTime() + ((h * 60 + m) * 60 + s) * 1000);
}

function cleanDateText(value: string): string {
  return withoutInvisibleMarks(value).trim();
}

function fullYear(typed: string): number {
  const year = +typed;
  return typed.length === 2 ? year + (year < 70 ? 2000 : 1900) : year;
}

/**
 * Year, month and day of three typed numbers, in the given order; null when they are
 * no date in that order. A four-digit first number is always the year; two-digit
 * numbers all round are year first only when the order is 'ymd'.
 */
function numericDay(match: RegExpExecArray, order: DateOrder): Date | null {
  const [first, second, third] = [match[1], match[3], match[4]];
  if (first.length === 4) return third.length <= 2 ? utcDate(+first, +second, +third) : null;
  if (first.length > 2 || (third.length !== 2 && third.length !== 4)) return null;
  if (order === 'ymd' && third.length === 2) return utcDate(fullYear(first), +second, +third);
  const year = fullYear(third);
  return order === 'mdy' ? utcDate(year, +first, +second) : utcDate(year, +second, +first);
}

/**
 * Reads a cell as a date. Blank gives `{ok: true, date: null}`. Accepts Date objects,
 * serial numbers (1..2958465), ISO text with or without a time, year-first text
 * (2021/04/15), d.m.y, d/m/y, d-m-y (or m/d/y when `order` is 'mdy', or when the first
 * number cannot be a month), "12 Mar 2026", "15 Apr, 2021" and "Mar 12, 2026" (English
 * and Russian month names), each with an optional time ("5/20/2024 7:42",
 * "4/15/2021 10:30 PM"). A column of dates is read with one order for all its cells:
 * see decideDateOrder.
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
  const text = cleanDateText(String(value));
  if (text === '') return { ok: true, date: null };
  // Made only when needed: most dates parse, and these cost two objects and two strings each.
  const impossible = () => ({ ok: false as const, reason: `${shorten(text, 40)} is not a day in the calendar` });
  const badTime = () => ({ ok: false as const, reason: `the time of day in ${shorten(text, 40)} is not valid` });

  const iso = ISO.exec(text);
  if (iso) {
    const day = utcDate(+iso[1], +iso[2], +iso[3]);
    if (!day) return impossible();
    if (iso[4] === undefined) return { ok: true, date: day };
    const parsed = new Date(text.replace(' ', 'T') + (iso[7] ? '' : 'Z'));
    return Number.isNaN(parsed.getTime()) ? badTime() : { ok: true, date: parsed };
  }

  const numeric = NUMERIC.exec(text);
  if (numeric) {
    let date = numericDay(numeric, order);
    // A first number above 12 cannot be a month, nor a second one a month: read the only way it can be.
    if (!date && numeric[1].length <= 2 && order !== 'ymd') date = numericDay(numeric, order === 'mdy' ? 'dmy' : 'mdy');
    if (!date) return impossible();
    const timed = withTime(date, numeric[5], numeric[6], numeric[7], numeric[8]);
    return timed ? { ok: true, date: timed } : badTime();
  }

  const dayFirst = NAMED_DAY_FIRST.exec(text);
  const named = dayFirst ?? NAMED_MONTH_FIRST.exec(text);
  if (named) {
    const monthName = (dayFirst ? named[2] : named[1]).toLowerCase();
    const month = MONTH_NAMES[monthName.slice(0, monthName.startsWith('sept') ? 4 : 3)];
    const day = +(dayFirst ? named[1] : named[2]);
    const date = month ? utcDate(+named[3], month, day) : null;
    if (!date) return impossible();
    const timed = withTime(date, named[4], named[5], named[6], named[7]);
    return timed ? { ok: true, date: timed } : badTime();
  }
  // A CSV from a sheet with unformatted dates holds day numbers as text; say what the number would be.
  if (/^\d{5}$/.test(text)) {
    return { ok: false, reason: `"${text}" is a day number, not a date (it would be ${isoDay(fromSerial(+text))})` };
  }
  return { ok: false, reason: `"${shorten(text, 40)}" is not a date` };
}

/** What one typed date tells about its column's order. */
type OrderEvidence = 'day-first' | 'month-first' | 'either' | 'either-dotted';

/**
 * Whether a text date can only be day first (31/12/2023), only month first
 * (12/31/2023), either (03/04/2026), or says nothing of the order (ISO, a month name,
 * 05/05/2026, a Date or a number): undefined.
 */
function orderEvidence(value: unknown, setting: DateOrder | undefined): OrderEvidence | undefined {
  if (typeof value !== 'string') return undefined;
  const first = value.charCodeAt(0);
  // A letter cannot start d/m/y text (a space, a digit or an invisible mark can): most text dates stop here without a regex.
  if (first > 57 && first < 0x2000) return undefined;
  const match = NUMERIC.exec(cleanDateText(value));
  if (!match || match[1].length > 2 || (setting === 'ymd' && match[4].length === 2)) return undefined;
  const monthFirst = numericDay(match, 'mdy');
  const dayFirst = numericDay(match, 'dmy');
  if (monthFirst && dayFirst) {
    if (monthFirst.getTime() === dayFirst.getTime()) return undefined;
    return match[2] === '.' ? 'either-dotted' : 'either';
  }
  return monthFirst ? 'month-first' : dayFirst ? 'day-first' : undefined;
}

/** How many of a column's dates are of one kind, and the first of them (row, text). */
export interface DateSample {
  readonly count: number;
  readonly row: number;
  readonly text: string;
}

/** One column's decision: the order its dates are read in, and the evidence for it. */
export interface DateColumnOrder {
  /** The order every date of the column is read in. */
  readonly order: DateOrder;
  /** 'dates': the column's own dates showed it; 'setting': Date order (or --dates); 'default': day first, a guess. */
  readonly basis: 'dates' | 'setting' | 'default';
  readonly setting: DateOrder | undefined;
  /** Dates that can only be month first (12/31/2023), only day first (31/12/2023), or either (03/04/2026). */
  readonly monthFirst: DateSample;
  readonly dayFirst: DateSample;
  readonly either: DateSample;
  /** Of `either`, those with / or - (03.04.2026 is day first wherever dots are typed). */
  readonly eitherUndotted: number;
  /** The kind of date read only the other way, which the column contradicts and leaves out. */
  readonly contradicted: 'day-first' | 'month-first' | undefined;
  /** Evidence by text, remembered for readDateCell (bounded). */
  readonly seen: Map<string, OrderEvidence | undefined>;
}

const MAX_REMEMBERED_DATES = 20_000;

/**
 * Decides how one column's text dates are read, from the column alone:
 * - any date that can only be month first (12/31/2023) makes the column month first,
 *   and any that can only be day first makes it day first; when both kinds occur, the
 *   more numerous wins, and the others are contradicted (readDateCell leaves them out);
 * - a column with no such evidence (or as many of each) follows the setting (the
 *   Stages sheet's Date order, or --dates), else day first, which dateOrderNotes says once.
 * `values[from..]` are the data rows; `column` the column's index; `firstRow` the sheet row of values[0].
 */
export function decideDateOrder(
  values: readonly (readonly unknown[])[],
  column: number,
  from: number,
  firstRow: number,
  setting?: DateOrder,
): DateColumnOrder {
  const seen = new Map<string, OrderEvidence | undefined>();
  const samples: Record<OrderEvidence, { count: number; row: number; text: string }> = {
    'day-first': { count: 0, row: 0, text: '' },
    'month-first': { count: 0, row: 0, text: '' },
    either: { count: 0, row: 0, text: '' },
    'either-dotted': { count: 0, row: 0, text: '' },
  };
  for (let r = from; r < values.length; r++) {
    const value = values[r]?.[column];
    if (typeof value !== 'string') continue;
    let kind = seen.get(value);
    if (kind === undefined && !seen.has(value)) {
      kind = orderEvidence(value, setting);
      if (seen.size < MAX_REMEMBERED_DATES) seen.set(value, kind);
    }
    if (!kind) continue;
    const sample = samples[kind];
    if (sample.count++ === 0) {
      sample.row = r + firstRow;
      sample.text = cleanDateText(value);
    }
  }
  const monthFirst = samples['month-first'];
  const dayFirst = samples['day-first'];
  const either = samples.either.count ? samples.either : samples['either-dotted'];
  let order: DateOrder;
  let basis: DateColumnOrder['basis'];
  if (monthFirst.count !== dayFirst.count) {
    order = monthFirst.count > dayFirst.count ? 'mdy' : 'dmy';
    basis = 'dates';
  } else if (setting) {
    order = setting;
    basis = setting === 'ymd' ? 'default' : 'setting';
  } else {
    order = 'dmy';
    basis = 'default';
  }
  const readsMonthFirst = order === 'mdy';
  const contradicting = readsMonthFirst ? dayFirst : monthFirst;
  return {
    order,
    basis,
    setting,
    monthFirst,
    dayFirst,
    either: { ...either, count: samples.either.count + samples['either-dotted'].count },
    eitherUndotted: samples.either.count,
    contradicted: contradicting.count ? (readsMonthFirst ? 'day-first' : 'month-first') : undefined,
    seen,
  };
}

/** One order in words. */
function orderWords(order: DateOrder): string {
  return order === 'mdy' ? 'month first' : order === 'ymd' ? 'year first' : 'day first';
}

/**
 * Reads one cell of a column whose order was decided by decideDateOrder. A date the
 * column contradicts (31/12/2023 in a month-first column) is not read the other way
 * round: it gives a problem with code 'date-order-contradicted' that names the
 * evidence, and the cell is left out.
 */
export function readDateCell(value: unknown, column: DateColumnOrder): DateParse {
  if (column.contradicted && typeof value === 'string') {
    const kind = column.seen.has(value) ? column.seen.get(value) : orderEvidence(value, column.setting);
    if (kind === column.contradicted) {
      const text = cleanDateText(value);
      const other = column.contradicted === 'month-first' ? 'mdy' : 'dmy';
      const read = parseDate(text, other);
      const asIso = read.ok && read.date ? isoDay(read.date) : '';
      const ifIso = asIso ? `; if it means ${asIso}, type it year first, as ${asIso}` : '';
      // The order day and month are read in (a ymd setting reads year-last dates day first).
      const words = orderWords(column.order === 'mdy' ? 'mdy' : 'dmy');
      const evidence = column.order === 'mdy' ? column.monthFirst : column.dayFirst;
      const because = column.basis === 'setting' ? `the Date order setting says ${column.setting}` : `${words} is the default`;
      const why =
        column.basis === 'dates'
          ? `${evidence.count} of its dates, such as "${shorten(evidence.text, 30)}" on row ${evidence.row}, can only be ${words}`
          : `as many of its dates can only be ${words} (such as "${shorten(evidence.text, 30)}" on row ${evidence.row}), and ${because}`;
      return {
        ok: false,
        code: 'date-order-contradicted',
        reason:
          `"${shorten(text, 40)}" can only be ${column.contradicted.replace('-', ' ')}, ` +
          `but this column is read ${words}: ${why}. It is left out${ifIso}`,
      };
    }
  }
  return parseDate(value, column.order);
}

/**
 * What a column's decision needs said, once for the column (on its header row):
 * - 'date-order-assumed': its dates all read either way round and nothing set the
 *   order, so they were read day first; the count is how many that choice affects.
 * - 'date-order-from-column': the column's own dates made it read in an order other
 *   than the setting's (or than the day-first default), so the dates that read either
 *   way were read that way too.
 * Dotted dates (03.04.2026) are day first wherever dots are typed, so a column of them alone needs no word.
 */
export function dateOrderNotes(column: DateColumnOrder, sheet: string, headerRow: number, label: string): Problem[] {
  const { either } = column;
  if (either.count === 0) return [];
  const example = `"${shorten(either.text, 30)}" on row ${either.row}`;
  const readAs = (order: DateOrder) => {
    const read = parseDate(either.text, order);
    return read.ok && read.date ? isoDay(read.date) : '?';
  };
  const plural = either.count === 1 ? 'date' : 'dates';
  const note = (code: string, message: string): Problem[] => [{ sheet, row: headerRow, column: label, code, message, severity: 'warning' }];
  if (column.basis === 'default' && column.eitherUndotted > 0) {
    const ymd = column.setting === 'ymd' ? ' The Date order setting (ymd) covers only dates typed year first.' : '';
    return note(
      'date-order-assumed',
      `${either.count} ${plural} in this column, such as ${example}, read either way round, ` +
        `and none of its dates shows which (no day above 12), so ${either.count === 1 ? 'it is' : 'they are'} read day first ` +
        `(${readAs('dmy')}, not ${readAs('mdy')}).` +
        `${ymd} If they are month first (US style), set "Date order" to mdy in the Stages sheet (on the command line: --dates mdy).`,
    );
  }
  const expected = column.setting === 'mdy' ? 'mdy' : 'dmy';
  if (column.basis === 'dates' && column.order !== expected) {
    const evidence = column.order === 'mdy' ? column.monthFirst : column.dayFirst;
    const others = evidence.count > 1 ? ` and ${evidence.count - 1} other${evidence.count === 2 ? '' : 's'}` : '';
    const overruled = column.setting
      ? ` The Date order setting (${column.setting}) is overruled for this column.`
      : ` To say so and silence this note, set "Date order" to ${column.order} in the Stages sheet ` +
        `(on the command line: --dates ${column.order}).`;
    return note(
      'date-order-from-column',
      `This column is read ${orderWords(column.order)}${column.order === 'mdy' ? ' (US style)' : ''}: ` +
        `"${shorten(evidence.text, 30)}" on row ${evidence.row}${others} can only be ${orderWords(column.order)}, ` +
        `so its ${either.count} ${plural} that read either way, such as ${example}, ` +
        `${either.count === 1 ? 'is' : 'are'} read ${orderWords(column.order)} too (${readAs(column.order)}).${overruled}`,
    );
  }
  return [];
}

/**
 * Reads a "Date order" setting or --dates value: dmy, mdy or ymd, or a pattern such as
 * MM/DD/YYYY, "month first", ngày/tháng/năm or ДД.ММ.ГГГГ.
 */
export function parseDateOrder(value: unknown): DateOrder | undefined {
  const key = String(value ?? '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd');
  const letters = key.replace(/[^a-zа-яё]/g, '');
  const words: Readonly<Record<string, DateOrder>> = {
    dmy: 'dmy',
    ddmmyyyy: 'dmy',
    ddmmyy: 'dmy',
    dayfirst: 'dmy',
    daymonthyear: 'dmy',
    ngaythangnam: 'dmy',
    ддммгггг: 'dmy',
    дмг: 'dmy',
    деньмесяцгод: 'dmy',
    mdy: 'mdy',
    mmddyyyy: 'mdy',
    mmddyy: 'mdy',
    monthfirst: 'mdy',
    monthdayyear: 'mdy',
    us: 'mdy',
    thangngaynam: 'mdy',
    ммддгггг: 'mdy',
    мдг: 'mdy',
    месяцденьгод: 'mdy',
    ymd: 'ymd',
    yyyymmdd: 'ymd',
    yearfirst: 'ymd',
    yearmonthday: 'ymd',
    iso: 'ymd',
    namthangngay: 'ymd',
    ггггммдд: 'ymd',
    гмд: 'ymd',
    годмесяцдень: 'ymd',
  };
  return words[letters];
}
