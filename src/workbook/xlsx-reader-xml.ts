/**
 * The XML scanning of the .xlsx reader: indexOf-based look-ups of tags, attributes and
 * text in SpreadsheetML, with entity references resolved, line ends normalised and
 * short repeated text interned. No DOM and no sax events: a 100k-deal workbook is
 * read in a fraction of the time exceljs's parser takes.
 */

/**
 * Short text repeats down a column (stages, owners, sources, deal IDs in History):
 * one string per distinct value instead of one per cell. The table is direct-mapped:
 * a hash of the characters, computed in place in the XML, picks one slot, which holds
 * the last text seen with that hash. A hit costs no slice, no allocation and no Map
 * look-up (which had to hash a fresh slice: a tenth of the reader's time); a miss
 * replaces the slot. So the table never grows past INTERN_SLOTS strings, and the values
 * that repeat most (stages, owners) stay in it while unique ones (names, IDs) pass
 * through, which keeps the reader linear: a Map of every distinct value in a
 * million-row sheet made each collection trace it. Emptied after each workbook.
 */
const INTERN_MAX = 64;
const INTERN_SLOTS = 1 << 14;
let interned: (string | undefined)[] = new Array(INTERN_SLOTS);
/** Each slot's full hash, compared first: a compact array in cache, so a miss does not touch the slot's string. */
const internedHash = new Int32Array(INTERN_SLOTS);

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text or attribute value between `from` and `to`, with line ends normalised and references resolved. */
export function xmlText(xml: string, from: number, to: number): string {
  if (to - from <= INTERN_MAX) {
    let hash = to - from;
    let plain = true;
    for (let i = from; i < to; i++) {
      const code = xml.charCodeAt(i);
      // & starts a reference and CR a line end to normalise: such text takes the long way.
      if (code === 38 || code === 13) {
        plain = false;
        break;
      }
      hash = (Math.imul(hash, 31) + code) | 0;
    }
    if (plain) {
      const slot = hash & (INTERN_SLOTS - 1);
      if (internedHash[slot] === hash) {
        const known = interned[slot];
        if (known !== undefined && sameText(known, xml, from, to)) return known;
      }
      // V8 keeps a slice of ≥ 13 characters as a view on its parent: copy it, or every 8 MB chunk of sheet XML stays alive with the rows.
      const text = to - from < 13 ? xml.slice(from, to) : ` ${xml.slice(from, to)}`.slice(1);
      interned[slot] = text;
      internedHash[slot] = hash;
      return text;
    }
  }
  let text = xml.slice(from, to);
  if (text.indexOf('\r') >= 0) text = text.replace(/\r\n?/g, '\n');
  if (text.indexOf('&') < 0) return ` ${text}`.slice(1);
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return NAMED_ENTITIES[ref] ?? whole;
    const code = ref.charCodeAt(1) === 120 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** True when `xml` holds `text` between `from` and `to`; a loop, which profiled faster than startsWith at an offset. */
function sameText(text: string, xml: string, from: number, to: number): boolean {
  if (text.length !== to - from) return false;
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) !== xml.charCodeAt(from + k)) return false;
  return true;
}

/** True when `<r>` (a rich-text run) starts between `from` and `to`; looked for in place, with no slice made per cell. */
export function hasRun(xml: string, from: number, to: number): boolean {
  for (let k = from; k + 3 <= to; k++) {
    if (xml.charCodeAt(k) === 60 /* < */ && xml.charCodeAt(k + 1) === 114 /* r */ && xml.charCodeAt(k + 2) === 62 /* > */) return true;
  }
  return false;
}

/** Excel's escape for characters XML cannot hold, as exceljs decodes it: _x000D_ → CR. */
export function excelEscapes(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The value of attribute `name` in the tag between `from` and `to`, or undefined.
 * `intern` false for a value unique to its tag (a row number), which would only push
 * repeated text out of the interning table.
 */
export function attribute(xml: string, from: number, to: number, name: string, intern = true): string | undefined {
  let at = from;
  for (;;) {
    at = xml.indexOf(name, at);
    if (at < 0 || at >= to) return undefined;
    const before = xml.charCodeAt(at - 1);
    let after = at + name.length;
    while (xml.charCodeAt(after) === 32) after++;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && xml.charCodeAt(after) === 61 /* = */) {
      let quote = after + 1;
      while (xml.charCodeAt(quote) === 32) quote++;
      const mark = xml[quote];
      const close = xml.indexOf(mark, quote + 1);
      if (close < 0 || close > to) return undefined;
      if (!intern && plainText(xml, quote + 1, close)) return xml.slice(quote + 1, close);
      return xmlText(xml, quote + 1, close);
    }
    at += name.length;
  }
}

/** True when the text between `from` and `to` has no reference (&) and no CR: xmlText would return it unchanged. */
function plainText(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = xml.charCodeAt(i);
    if (code === 38 || code === 13) return false;
  }
  return true;
}

/** True when the tag at `at` (just after `<`) is named `name` exactly. */
export function isTag(xml: string, at: number, name: string): boolean {
  if (!xml.startsWith(name, at)) return false;
  const next = xml.charCodeAt(at + name.length);
  return next === 32 || next === 62 /* > */ || next === 47 /* / */ || next === 9 || next === 10 || next === 13;
}

/** Drops a namespace prefix that a producer put on every SpreadsheetML tag (`<x:c>` → `<c>`). */
export function withoutPrefix(xml: string, root: string): string {
  const match = new RegExp(`<([A-Za-z_][\\w.-]*):${root}[\\s>]`).exec(xml);
  if (!match) return xml;
  return xml.split(`<${match[1]}:`).join('<').split(`</${match[1]}:`).join('</');
}

/** Every tag named `name` (its start and the index of its `>`), in order. */
export function* tags(xml: string, name: string, from = 0, to = xml.length): Generator<{ start: number; end: number }> {
  let at = from;
  for (;;) {
    at = xml.indexOf(`<${name}`, at);
    if (at < 0 || at >= to) return;
    const end = xml.indexOf('>', at);
    if (end < 0) return;
    if (isTag(xml, at + 1, name)) yield { start: at, end };
    at = end;
  }
}

/** The concatenated text of the <t> elements between `from` and `to`, leaving out phonetic runs (<rPh>); undefined when there is none. */
export function runText(xml: string, from: number, to: number): string | undefined {
  let text: string | undefined;
  let at = from;
  for (;;) {
    at = xml.indexOf('<', at);
    if (at < 0 || at >= to) return text;
    if (isTag(xml, at + 1, 'rPh')) {
      const close = xml.indexOf('</rPh>', at);
      at = close < 0 || close > to ? to : close + 6;
    } else if (isTag(xml, at + 1, 't')) {
      const end = xml.indexOf('>', at);
      if (xml.charCodeAt(end - 1) === 47) {
        text ??= '';
        at = end + 1;
      } else {
        const close = xml.indexOf('</t>', end);
        // Without its </t> inside the run, the search would wrap to the start and never end.
        if (close < 0 || close > to) throw new Error('a piece of text (<t>) is cut short');
        text = (text ?? '') + xmlText(xml, end + 1, close);
        at = close + 4;
      }
    } else at++;
  }
}

/** Empties the interned text: called after each workbook, so that no workbook's strings outlive its read. */
export function forgetInternedText(): void {
  interned = new Array(INTERN_SLOTS);
  internedHash.fill(0);
}
