import { describe, expect, it } from 'vitest';
import { cellText, escapeCellText, isBlank, isEmail, parseNumber, parseProbability, parseYesNo } from '../../src/core/cells';

describe('parseNumber', () => {
  // Each expected value is the number a person means by the text, worked out by hand.
  it.each([
    [12500, 12500],
    ['12500', 12500],
    ['1 234,50', 1234.5],
    ['1.234,50', 1234.5],
    ['1,234.50', 1234.5],
    ['1,234,567', 1234567],
    ['$1,000', 1000],
    ['€ 5 000', 5000],
    ['5000 USD', 5000],
    ['(1,200)', -1200],
    ['12,5', 12.5],
    ['1\u00a0000', 1000],
    ['250 000 ₽', 250000],
  ])('reads %j as %d', (input, expected) => {
    expect(parseNumber(input)).toEqual({ ok: true, value: expected });
  });

  it('reads "1.234" as a thousand only with a decimal comma', () => {
    expect(parseNumber('1.234')).toEqual({ ok: true, value: 1.234 });
    expect(parseNumber('1.234', true)).toEqual({ ok: true, value: 1234 });
  });

  it.each(['twelve', '12abc', '1,2,3', '1.2.3', '--5', 'TBD'])('refuses %j with a reason', (input) => {
    const parsed = parseNumber(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(input);
  });

  it('gives null for blanks and refuses booleans and dates', () => {
    expect(parseNumber('  ')).toEqual({ ok: true, value: null });
    expect(parseNumber(true).ok).toBe(false);
    expect(parseNumber(new Date()).ok).toBe(false);
    expect(parseNumber(Number.NaN).ok).toBe(false);
  });
});

describe('parseProbability', () => {
  // 30, "30%" and 0.3 all mean thirty percent.
  it.each([
    [30, 0.3],
    ['30%', 0.3],
    ['0.3', 0.3],
    [0.3, 0.3],
    ['12,5%', 0.125],
    [100, 1],
    [0, 0],
  ])('reads %j as %d', (input, expected) => {
    expect(parseProbability(input)).toEqual({ ok: true, value: expected });
  });
  it.each(['150%', -5, 'high'])('refuses %j', (input) => {
    expect(parseProbability(input).ok).toBe(false);
  });
});

describe('small readers', () => {
  it('reads yes/no in three languages and checkboxes', () => {
    expect(parseYesNo('Yes')).toEqual({ ok: true, value: true });
    expect(parseYesNo('không')).toEqual({ ok: true, value: false });
    expect(parseYesNo('да')).toEqual({ ok: true, value: true });
    expect(parseYesNo(false)).toEqual({ ok: true, value: false });
    expect(parseYesNo('maybe').ok).toBe(false);
  });
  it('treats zero-width and spaces as blank and strips them from text', () => {
    expect(isBlank('\u200b \u00a0')).toBe(true);
    expect(cellText(' Acme\u200b ')).toBe('Acme');
  });
  it('cleans text at either end and beyond ASCII, and keeps plain ASCII as it is', () => {
    // Each expected value by hand: trim removes the tab and the spaces, NFC joins e + U+0301 into é.
    expect(cellText('Acme Corp')).toBe('Acme Corp');
    expect(cellText('Acme\t')).toBe('Acme');
    expect(cellText('  Acme')).toBe('Acme');
    expect(cellText('Acme \u200b')).toBe('Acme');
    expect(cellText('Cafe\u0301')).toBe('Café');
    expect(cellText('a\u200bb')).toBe('ab');
    expect(isBlank('x')).toBe(false);
    expect(isBlank(' x')).toBe(false);
    expect(isBlank('\t\n')).toBe(true);
    expect(isBlank('\u3000\ufeff')).toBe(true);
  });
  it('accepts one plain address and refuses lists and injections', () => {
    expect(isEmail('ann@example.com')).toBe(true);
    expect(isEmail('ann@example.com, bob@example.com')).toBe(false);
    expect(isEmail('ann@example')).toBe(false);
    expect(isEmail('<script>@x.com')).toBe(false);
  });
});

describe('escapeCellText', () => {
  it('escapes text a spreadsheet would read as a formula, number, date, percentage, time or boolean', () => {
    for (const text of [
      '=1+1',
      '+1',
      '-2',
      '@SUM(A1)',
      "'quoted",
      '000417',
      '1/2/2026',
      '2026-01-02',
      '30%',
      '.5',
      '$12',
      '(1,200)',
      '12:30',
      'TRUE',
      'false',
      'Jan 2, 2026',
      'March 2026',
    ]) {
      expect(escapeCellText(text)).toBe(`'${text}`);
    }
  });

  it('leaves ordinary words, addresses, numbers and dates unchanged', () => {
    for (const value of ['Lead', 'Meeting/Demo', 'ann@example.com', 'May deals', 'Trueblood', '', 417, 0.3, true])
      expect(escapeCellText(value)).toBe(value);
    const day = new Date('2026-01-02T00:00:00Z');
    expect(escapeCellText(day)).toBe(day);
  });
});

describe('cellText and isBlank take shortcuts that change nothing', () => {
  // The long way, as cellText and isBlank were first written: remove zero-width characters, NFC, trim.
  const longWay = (text: string) =>
    text
      .replace(/[\u200B-\u200D\uFEFF]/g, '')
      .normalize('NFC')
      .trim();
  const blankLongWay = (text: string) => text.replace(/[\s\u200B-\u200D\uFEFF]/g, '') === '';

  it('every UTF-16 code unit, alone, between letters and with spaces around, reads as the long way reads it', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      for (const text of [c, `a${c}b`, ` ${c} `, `${c}${c}`, `Д${c}`]) {
        if (cellText(text) !== longWay(text)) expect([code, cellText(text)]).toEqual([code, longWay(text)]);
        if (isBlank(text) !== blankLongWay(text)) expect([code, isBlank(text)]).toEqual([code, blankLongWay(text)]);
      }
    }
  });

  it('text of the characters cellText keeps as typed is already NFC: no pair of them changes', () => {
    // The characters asTyped in cells.ts lets through: printable ASCII, U+00A1–U+02FF, en and em dashes.
    const codes = [
      ...Array.from({ length: 0x5f }, (_, i) => 0x20 + i),
      ...Array.from({ length: 0x25f }, (_, i) => 0xa1 + i),
      0x2013,
      0x2014,
    ];
    const chars = codes.map((code) => String.fromCharCode(code));
    let changed = 0;
    for (const a of chars) for (const b of chars) if ((a + b).normalize('NFC') !== a + b) changed++;
    expect(changed).toBe(0);
  });

  it('keeps Vietnamese, Russian and dashed text as typed, and still composes what needs it', () => {
    expect(cellText('Giao dịch — Miền Bắc')).toBe('Giao dịch — Miền Bắc');
    expect(cellText('Сделка «Альфа»')).toBe('Сделка «Альфа»');
    // "e" + a combining acute is composed into "é"; a no-break space at the end is trimmed.
    expect(cellText('Le\u0301ad\u00a0')).toBe('Léad');
  });
});
