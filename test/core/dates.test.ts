import { describe, expect, it } from 'vitest';
import { daysBetween, fromSerial, monthKey, parseDate, quarterKey, toSerial, utcDate } from '../../src/core/dates';

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('parseDate', () => {
  it.each([
    ['2026-11-23', day(2026, 11, 23)],
    ['23.11.2026', day(2026, 11, 23)],
    ['23/11/2026', day(2026, 11, 23)],
    ['23-11-26', day(2026, 11, 23)],
    ['12 Mar 2026', day(2026, 3, 12)],
    ['Mar 12, 2026', day(2026, 3, 12)],
    ['12 марта 2026', day(2026, 3, 12)],
    // 11/23/2026 cannot be day 11 of month 23, so it is read as November 23rd.
    ['11/23/2026', day(2026, 11, 23)],
  ])('reads %j', (text, expected) => {
    expect(parseDate(text)).toEqual({ ok: true, date: expected });
  });

  it('reads 03/04/2026 as 3 April by default and as 4 March for American teams', () => {
    expect(parseDate('03/04/2026')).toEqual({ ok: true, date: day(2026, 4, 3) });
    expect(parseDate('03/04/2026', 'mdy')).toEqual({ ok: true, date: day(2026, 3, 4) });
  });

  it('reads serial 46349 as 2026-11-23 (Excel: =DATE(2026,11,23) shows 46349)', () => {
    expect(parseDate(46349)).toEqual({ ok: true, date: day(2026, 11, 23) });
    expect(toSerial(day(2026, 11, 23))).toBe(46349);
    expect(fromSerial(46349.5).toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });

  it.each(['31.02.2026', '2026-13-01', '2026-02-30', 'next Tuesday', '00.00.0000'])('refuses the impossible date %j', (text) => {
    const parsed = parseDate(text);
    expect(parsed.ok).toBe(false);
  });

  it('keeps a time of day and treats a bare ISO time as UTC', () => {
    expect(parseDate('2026-11-23 14:05')).toEqual({ ok: true, date: new Date('2026-11-23T14:05:00Z') });
  });

  it('gives null for blanks and refuses booleans and huge numbers', () => {
    expect(parseDate('')).toEqual({ ok: true, date: null });
    expect(parseDate(true).ok).toBe(false);
    expect(parseDate(1e9).ok).toBe(false);
  });
});

describe('calendar keys', () => {
  it('counts whole days across a month end: 28 Oct → 3 Nov is 6 days', () => {
    expect(daysBetween(day(2026, 10, 28), day(2026, 11, 3))).toBe(6);
  });
  it('names months and quarters, also for a fiscal year starting in April', () => {
    expect(monthKey(day(2026, 11, 23))).toBe('2026-11');
    expect(quarterKey(day(2026, 11, 23))).toBe('2026-Q4');
    // FY starting April: Nov is the 8th fiscal month → Q3 of the year ending March 2027.
    expect(quarterKey(day(2026, 11, 23), 4)).toBe('2027-Q3');
    expect(quarterKey(day(2027, 2, 1), 4)).toBe('2027-Q4');
  });
  it('refuses 29 February outside leap years', () => {
    expect(utcDate(2026, 2, 29)).toBeNull();
    expect(utcDate(2028, 2, 29)).toEqual(day(2028, 2, 29));
  });
});
