/**
 * What Sheets makes of a string that is typed into a cell, or handed to
 * Range.setValue(s) or Sheet.appendRow (which take it "as if entered by the user":
 * https://developers.google.com/apps-script/reference/spreadsheet/range#setvalues(Object)
 * says "String values are interpreted the same way they would be if entered via the
 * UI"). A number, a percentage, a currency amount, a date, a time or TRUE/FALSE is
 * stored as that value, so "000417" becomes 417, "30%" 0.3 and "1/2/2026" a date
 * (https://support.google.com/docs/answer/56470: Sheets applies a number or date
 * format automatically to what looks like one). The spreadsheet's locale decides
 * the decimal separator and the order of day and month. Two things keep text as
 * typed: a leading apostrophe (not part of the value read back), and a cell whose
 * number format is plain text ("@"), where nothing is interpreted and a leading
 * apostrophe stays part of the text; those two are handled in FakeSheet.enter.
 */
import { formatDate } from './services';

type Cell = unknown;

/** Locales that write 1.5 as "1,5" and put the day before the month; en_US puts the month first. */
function localeRules(locale: string): { decimalComma: boolean; monthFirst: boolean } {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  const dot = ['en', 'ja', 'zh', 'ko', 'th', 'he', 'hi', 'ms', 'fil'].includes(language);
  return { decimalComma: !dot, monthFirst: locale.toLowerCase().replace('-', '_') === 'en_us' || locale.toLowerCase() === 'en' };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A Date for a wall-clock time (month 1-12) in `timeZone`, as Sheets returns date cells. */
export function sheetDate(year: number, month: number, day: number, timeZone = 'Etc/UTC', hour = 0, minute = 0, second = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const local = formatDate(new Date(t), timeZone, "yyyy-MM-dd'T'HH:mm:ss");
    const [d, time] = local.split('T');
    const [y, m, dd] = d.split('-').map(Number);
    const [h, mi, s] = time.split(':').map(Number);
    t -= Date.UTC(y, m - 1, dd, h, mi, s) - guess;
  }
  return new Date(t);
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fullYear(text: string): number {
  const y = Number(text);
  // Two-digit years: 00-29 are 2000-2029, 30-99 are 1930-1999, as spreadsheets read them.
  return text.length <= 2 ? (y < 30 ? 2000 + y : 1900 + y) : y;
}

function parseNumberText(text: string, decimalComma: boolean): number | null {
  const body = text.replace(/^([-+]?)[$€£¥₽₫]/, '$1').replace(/\s?[$€£¥₽₫]$/, '');
  const pattern = decimalComma
    ? /^[-+]?(?:\d{1,3}(?:[.\u00a0 ]\d{3})+|\d+)?(?:,\d+)?(?:[eE][-+]?\d+)?$/
    : /^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
  if (!/\d/.test(body) || !pattern.test(body)) return null;
  const plain = decimalComma ? body.replace(/[.\u00a0 ]/g, '').replace(',', '.') : body.replace(/,/g, '');
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

function parseDateText(text: string, locale: string, timeZone: string, now: Date): Date | null {
  const { monthFirst } = localeRules(locale);
  const time = (h?: string, mi?: string, s?: string, ampm?: string): [number, number, number] | null => {
    let hour = h === undefined ? 0 : Number(h);
    const minute = mi === undefined ? 0 : Number(mi);
    const second = s === undefined ? 0 : Number(s);
    if (ampm) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (/p/i.test(ampm) ? 12 : 0);
    }
    return hour > 23 || minute > 59 || second > 59 ? null : [hour, minute, second];
  };
  const make = (y: number, m: number, d: number, t: [number, number, number] | null = [0, 0, 0]) =>
    t && validDay(y, m, d) ? sheetDate(y, m, d, timeZone, ...t) : null;
  const clock = '(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([AaPp][Mm])?)?';

  let m = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${clock}$`).exec(text);
  if (m) return make(+m[1], +m[2], +m[3], time(m[4], m[5], m[6], m[7]));
  m = new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{2}|\\d{4})${clock}$`).exec(text);
  if (m && (m[2] !== '.' || !monthFirst)) {
    const [a, b] = [+m[1], +m[3]];
    return make(fullYear(m[4]), monthFirst ? a : b, monthFirst ? b : a, time(m[5], m[6], m[7], m[8]));
  }
  m = /^(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (m) return make(now.getUTCFullYear(), monthFirst ? +m[1] : +m[2], monthFirst ? +m[2] : +m[1]);
  m = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(text);
  const month = (name: string) => {
    const at = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
    return at >= 0 &&
      ('january february march april may june july august september october november december'
        .split(' ')
        [at].startsWith(name.toLowerCase()) ||
        name.length === 3)
      ? at + 1
      : 0;
  };
  if (m && month(m[1])) return make(+m[3], month(m[1]), +m[2]);
  m = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$/.exec(text);
  if (m && month(m[2])) return make(+m[3], month(m[2]), +m[1]);
  m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(text);
  if (m) {
    // A time alone is a time of day on Sheets' day zero, 30 December 1899.
    const t = time(m[1], m[2], m[3], m[4]);
    return t ? sheetDate(1899, 12, 30, timeZone, ...t) : null;
  }
  return null;
}

/**
 * The value Sheets stores for `text` entered in a cell of General format: a number,
 * a Date, a boolean, or the text itself (trimmed of nothing: text stays as typed).
 */
export function parseEntry(text: string, locale: string, timeZone: string, now = new Date()): Cell {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === 'true';
  const { decimalComma } = localeRules(locale);
  if (trimmed.endsWith('%')) {
    const value = parseNumberText(trimmed.slice(0, -1).trim(), decimalComma);
    if (value !== null) return value / 100;
  }
  const number = parseNumberText(trimmed, decimalComma);
  if (number !== null) return number;
  const date = parseDateText(trimmed, locale, timeZone, now);
  return date ?? text;
}
