import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/index';
import { csvField, dateOnlyDeal, fromExcelValue, toCsv, toExcelValue } from '../../src/workbook/cells';

describe('fromExcelValue', () => {
  it('takes the cached result of a formula cell, and blank when none was cached', () => {
    expect(fromExcelValue({ formula: 'A1*2', result: 84 })).toBe(84);
    expect(fromExcelValue({ sharedFormula: 'B2', result: 'Lead' })).toBe('Lead');
    expect(fromExcelValue({ formula: 'A1*2' })).toBeNull();
  });
  it('reads rich text, hyperlinks and error values as text', () => {
    expect(fromExcelValue({ richText: [{ text: 'Meet' }, { font: { bold: true }, text: 'ing/Demo' }] })).toBe('Meeting/Demo');
    expect(fromExcelValue({ text: 'ann@example.com', hyperlink: 'mailto:ann@example.com' })).toBe('ann@example.com');
    expect(fromExcelValue({ error: '#N/A' })).toBe('#N/A');
  });
  it('keeps numbers, text, booleans and Dates', () => {
    const date = new Date('2026-11-23T00:00:00Z');
    expect(fromExcelValue(date)).toBe(date);
    expect(fromExcelValue(12.5)).toBe(12.5);
    expect(fromExcelValue(true)).toBe(true);
    expect(fromExcelValue(undefined)).toBeNull();
  });
});

describe('writing user text safely', () => {
  it('keeps formula-looking text a plain string for exceljs, and blanks empty', () => {
    expect(toExcelValue('=HYPERLINK("http://evil","x")')).toBe('=HYPERLINK("http://evil","x")');
    expect(toExcelValue('')).toBeNull();
    expect(toExcelValue(Number.NaN)).toBeNull();
    expect(toExcelValue(new Date(Number.NaN))).toBeNull();
  });
  it('writes an Invalid Date as a blank CSV field instead of throwing', () => {
    expect(
      toCsv([
        ['Created', 'Deal'],
        [new Date(Number.NaN), 'D1'],
      ]),
    ).toBe('Created,Deal\r\n,D1\r\n');
  });
  it('prefixes CSV fields that start with = + - @ tab or CR with a quote (OWASP)', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+31 20 555')).toBe("'+31 20 555");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('Acme, Inc.')).toBe('"Acme, Inc."');
    // Numbers are not user text: a negative amount stays a number.
    expect(csvField(-5)).toBe('-5');
  });
  it('joins rows with CRLF and quotes embedded quotes', () => {
    expect(
      toCsv([
        ['Deal', 'Note'],
        ['A "big" one', '=cmd'],
      ]),
    ).toBe('Deal,Note\r\n"A ""big"" one",\'=cmd\r\n');
  });
});

describe('dateOnlyDeal', () => {
  it('drops the time of day from date-only fields, keeping the calendar day', () => {
    const deal = dateOnlyDeal(blankDeal({ created: new Date('2026-11-23T18:30:00Z'), expectedClose: new Date('2026-12-01T00:00:00Z') }));
    expect(deal.created?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(deal.expectedClose?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});
