/**
 * Reading one cell as a number, a probability, a yes/no or a piece of text. Cells
 * arrive as whatever the platform gives: numbers, text typed with thousands
 * separators or a decimal comma, "30%", currency symbols, booleans, Dates. Each
 * reader says what went wrong in words a person can act on, and never throws.
 */

export type CellParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** True for '', null, undefined and text made only of spaces or zero-width characters. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') {
    // Empty, or a visible ASCII first character (neither a space nor zero-width): most cells stop here without a regex.
    if (value.length === 0) return true;
    const first = value.charCodeAt(0);
    if (first > 0x20 && first < 0x7f) return false;
    return value.replace(/[\s\u200B-\u200D\uFEFF]/g, '') === '';
  }
  return false;
}

/**
 * True when text is already what cellText makes of it: empty, or printable ASCII,
 * Latin-1 and Latin Extended letters and signs (U+00A1–U+02FF) and en and em dashes
 * only, with no space at either end. Each of those is its own NFC and none combines
 * with the character before it (test/core/cells.test.ts checks every pair), so NFC
 * and the zero-width removal change nothing; other text takes the long way.
 */
function asTyped(text: string): boolean {
  const last = text.length - 1;
  if (last < 0) return true;
  if (text.charCodeAt(0) === 0x20 || text.charCodeAt(last) === 0x20) return false;
  for (let i = 0; i <= last; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code > 0x7e && (code < 0xa1 || code > 0x2ff) && code !== 0x2013 && code !== 0x2014)) return false;
  }
  return true;
}

/**
 * Invisible marks: zero-width characters and the direction marks, embeddings and
 * isolates a right-to-left keyboard types. They are kept in the text a cell holds
 * (cellText leaves the direction ones, which Arabic or Hebrew text needs to show
 * right) and left out wherever two cells are compared.
 */
export const INVISIBLE_MARKS = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const INVISIBLE_MARK = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** Text without its invisible marks: the key by which "D1" and "D1" + a direction mark are the same ID (the same string when none). */
export function withoutInvisibleMarks(text: string): string {
  return INVISIBLE_MARK.test(text) ? text.replace(INVISIBLE_MARKS, '') : text;
}

/** Text of a cell, trimmed, with zero-width characters removed and Unicode in NFC. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' && asTyped(value)) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value)
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .normalize('NFC')
    .trim();
}

const CODES = 'USD|EUR|GBP|VND|RUB|UAH|KZT|JPY|CNY|INR|AUD|CAD|CHF|SEK|NOK|DKK|PLN|CZK|SGD|HKD|BRL|MXN|TRY|AED';
const CURRENCY_CODE = new RegExp(`^(?:${CODES})(?=[-+(\\d.,])|(?<=[\\d.,)])(?:${CODES})$`, 'i');

/**
 * Reads a number. Accepts numbers and text such as "1 234,50", "1.234,50",
 * "1,234.50", "€ 5 000", "5000 USD" and "(1,200)" for a negative; other letters are
 * refused. With `decimalComma`, "1.234" is a thousand and "1,5" one and a half.
 * Blank gives null.
 */
export function parseNumber(value: unknown, decimalComma = false): CellParse<number | null> {
  if (isBlank(value)) return { ok: true, value: null };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'the number is not finite' };
  }
  if (typeof value === 'boolean') return { ok: false, reason: 'TRUE/FALSE is not a number' };
  if (value instanceof Date) return { ok: false, reason: 'a date is not an amount' };
  const original = cellText(value);
  let text = original
    .replace(/[\s\u00A0\u202F']/g, '')
    .replace(CURRENCY_CODE, '')
    .replace(/[$€£¥₫₽₹]|đ$|руб\.?$|р\.?$/gi, '');
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (!/^[-+]?[\d.,]*\d[\d.,]*$/.test(text)) {
    return { ok: false, reason: `"${shorten(original)}" is not a number` };
  }
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  let normalized: string;
  if (lastComma >= 0 && lastDot >= 0) {
    normalized = lastComma > lastDot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const thousands = /^[-+]?\d{1,3}(,\d{3})+$/.test(text) && !decimalComma;
    if (!thousands && (text.match(/,/g) ?? []).length > 1) {
      return { ok: false, reason: `"${shorten(original)}" has more than one decimal comma` };
    }
    normalized = thousands ? text.replace(/,/g, '') : text.replace(',', '.');
  } else if (lastDot >= 0 && (text.match(/\./g) ?? []).length > 1) {
    if (!/^[-+]?\d{1,3}(\.\d{3})+$/.test(text)) {
      return { ok: false, reason: `"${shorten(original)}" has more than one decimal point` };
    }
    normalized = text.replace(/\./g, '');
  } else if (lastDot >= 0 && decimalComma && /^[-+]?\d{1,3}\.\d{3}$/.test(text)) {
    normalized = text.replace('.', '');
  } else {
    normalized = text;
  }
  const number = Number(normalized);
  if (!Number.isFinite(number)) return { ok: false, reason: `"${shorten(original)}" is not a number` };
  return { ok: true, value: negative ? -number : number };
}

/**
 * Reads a probability as a fraction 0..1. "30%", 30 and 0.3 all mean 30%: a plain
 * number above 1 is taken as a percentage. Blank gives null.
 */
export function parseProbability(value: unknown): CellParse<number | null> {
  if (isBlank(value)) return { ok: true, value: null };
  const text = typeof value === 'string' ? cellText(value) : '';
  const percent = text.endsWith('%');
  const parsed = parseNumber(percent ? text.slice(0, -1) : value);
  if (!parsed.ok) return { ok: false, reason: `${parsed.reason}; type a percentage such as 30% or 0.3` };
  if (parsed.value === null) return { ok: true, value: null };
  const fraction = percent || parsed.value > 1 ? parsed.value / 100 : parsed.value;
  if (fraction < 0 || fraction > 1) {
    return { ok: false, reason: `${shorten(cellText(value))} is outside 0–100%` };
  }
  return { ok: true, value: Math.round(fraction * 1e9) / 1e9 };
}

const YES = new Set(['yes', 'y', 'true', '1', 'on', 'allowed', 'có', 'co', 'да', 'x', '✓', '✔']);
const NO = new Set(['no', 'n', 'false', '0', 'off', 'forbidden', 'không', 'khong', 'нет', '']);

/** Reads a yes/no setting (yes/no, true/false, có/không, да/нет, a checkbox). */
export function parseYesNo(value: unknown): CellParse<boolean | null> {
  if (typeof value === 'boolean') return { ok: true, value };
  if (isBlank(value)) return { ok: true, value: null };
  const key = cellText(value).toLowerCase();
  if (YES.has(key)) return { ok: true, value: true };
  if (NO.has(key)) return { ok: true, value: false };
  return { ok: false, reason: `"${shorten(key)}" is not yes or no` };
}

const EMAIL = /^[^\s@<>()"',;:[\]\\\p{Cc}\p{Cf}]+@[^\s@<>()"',;:[\]\\\p{Cc}\p{Cf}]+\.[^\s@<>()"',;:.[\]\\\p{Cc}\p{Cf}]{2,}$/u;

/**
 * A plausible single email address: the digest goes only to addresses that pass this.
 * Separators (, ;), quotes, brackets, spaces and line breaks are refused, so one cell
 * can never name a second recipient or a header; so are control and format
 * characters (NEL, which JavaScript's \s does not count as space; right-to-left
 * overrides, which make an address read as another one).
 */
export function isEmail(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}

/**
 * Text a live spreadsheet would not keep as typed: a formula or operator first
 * (= + - @), an apostrophe (the escape itself), anything that starts like a number,
 * an amount, a percentage, a date or a time in some locale (a digit, . , ( or a
 * currency sign first: "000417", "1/2/2026", "30%", ".5", "$12", "12:30"), a month
 * name with a day or year ("Jan 2, 2026"), and TRUE/FALSE. Deliberately wide: the
 * escape costs nothing on text that would have stayed text.
 */
const READ_AS_VALUE =
  /^\s*(?:[=+\-@'\d.,($€£¥₽₫₹]|(?:true|false)\s*$|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s,-]+\d)/i;

/**
 * A value as a live spreadsheet must be handed it to keep it text. Writing a string
 * into a live sheet reads it the way a typed entry is read: "=HYPERLINK(…)" or
 * "+1+1" would become a formula, "000417" the number 417, "1/2/2026" a date, "30%"
 * 0.3, "TRUE" a boolean. A leading apostrophe makes a spreadsheet store the rest as
 * plain text (the apostrophe is not part of the value read back), so such text goes
 * in behind one, and text that starts with an apostrophe gets one more to keep its
 * own. Other values (numbers, Dates, booleans, ordinary words) pass unchanged. Both
 * add-ins write user text through this. The escape assumes the cell's number format
 * is not plain text ("@"): there the apostrophe would stay part of the text.
 */
export function escapeCellText<T>(value: T): T | string {
  return typeof value === 'string' && READ_AS_VALUE.test(value) ? `'${value}` : value;
}

/** Shortens text for a message so one huge cell cannot flood the report. */
export function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
