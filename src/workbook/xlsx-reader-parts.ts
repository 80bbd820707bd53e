/**
 * The workbook-wide parts the .xlsx reader needs before any sheet: the shared strings
 * (xl/sharedStrings.xml), which cell styles show a number as a date (xl/styles.xml),
 * and how a relationship target resolves to a part's path in the zip.
 */
import { attribute, excelEscapes, isTag, runText, tags, withoutPrefix } from './xlsx-reader-xml';

export interface SheetPart {
  readonly name: string;
  readonly path: string;
}

export function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').filter(Boolean);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

/** Excel's built-in number formats that show a date or time (ECMA-376 §18.8.30, with the East Asian ones). */
function builtInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A custom format code shows a date when, outside quotes and brackets, it has y, m, d, h, M, s or b, as exceljs decides. */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/\\(.)/g, '$1')
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

/** Which cell styles (s= index into cellXfs) format their number as a date. */
export function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  xml = withoutPrefix(xml, 'styleSheet');
  const custom = new Map<number, string>();
  for (const { start, end } of tags(xml, 'numFmt')) {
    const id = Number(attribute(xml, start, end, 'numFmtId'));
    custom.set(id, attribute(xml, start, end, 'formatCode') ?? '');
  }
  const from = xml.indexOf('<cellXfs');
  if (from < 0) return [];
  const to = xml.indexOf('</cellXfs>', from);
  const styles: boolean[] = [];
  for (const { start, end } of tags(xml, 'xf', from, to < 0 ? xml.length : to)) {
    const id = Number(attribute(xml, start, end, 'numFmtId') ?? 0);
    const code = custom.get(id);
    styles.push(code !== undefined ? isDateFormatCode(code) : builtInDateFormat(id));
  }
  return styles;
}

export function sharedStrings(xml: string | undefined): (string | null)[] {
  if (!xml) return [];
  xml = withoutPrefix(xml, 'sst');
  const strings: (string | null)[] = [];
  let at = 0;
  for (;;) {
    at = xml.indexOf('<si', at);
    if (at < 0) return strings;
    const end = xml.indexOf('>', at);
    if (end < 0) throw new Error('xl/sharedStrings.xml is cut short');
    if (!isTag(xml, at + 1, 'si')) {
      at = end;
      continue;
    }
    if (xml.charCodeAt(end - 1) === 47) {
      strings.push(null);
      at = end;
      continue;
    }
    const close = xml.indexOf('</si>', end);
    if (close < 0) throw new Error('xl/sharedStrings.xml is cut short');
    const text = runText(xml, end + 1, close);
    strings.push(text === undefined ? null : excelEscapes(text));
    at = close + 5;
  }
}
