/**
 * The CSV fields the tables are written with, worked out by hand: RFC 4180 quoting
 * (a comma, a quote, a line break or edge spaces), whole UTC days for dates and
 * millisecond instants for History, empty for a blank, plain numbers.
 */
import { describe, expect, it } from 'vitest';
import { csvField } from '../../src/sql/tables';

describe('csvField', () => {
  it('quotes only what RFC 4180 needs quoted, doubling quotes', () => {
    expect(csvField('Acme', 'string')).toBe('Acme');
    expect(csvField('Acme, Inc.', 'string')).toBe('"Acme, Inc."');
    expect(csvField('The "big" one', 'string')).toBe('"The ""big"" one"');
    expect(csvField('two\nlines', 'string')).toBe('"two\nlines"');
    expect(csvField(' padded', 'string')).toBe('" padded"');
    expect(csvField('=SUM(A1)', 'string')).toBe('=SUM(A1)');
  });

  it('writes dates as the UTC day and instants to the millisecond, before 1970 too', () => {
    expect(csvField(new Date('2026-11-23T00:00:00Z'), 'date')).toBe('2026-11-23');
    expect(csvField(new Date('2026-11-23T23:59:59.999Z'), 'date')).toBe('2026-11-23');
    expect(csvField(new Date('2026-11-23T14:05:09.007Z'), 'timestamp')).toBe('2026-11-23 14:05:09.007');
    expect(csvField(new Date('1969-12-31T23:00:00.500Z'), 'timestamp')).toBe('1969-12-31 23:00:00.500');
  });

  it('leaves blanks and non-finite numbers empty, and writes numbers plainly', () => {
    expect(csvField(null, 'float')).toBe('');
    expect(csvField(Number.NaN, 'float')).toBe('');
    expect(csvField(1234.5, 'float')).toBe('1234.5');
    expect(csvField(0.1, 'float')).toBe('0.1');
  });
});
