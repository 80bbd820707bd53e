/**
 * sheetZone: spreadsheet-local Dates to core UTC dates and back, checked against
 * timezone facts worked out by hand (offsets from the IANA database).
 */
import { describe, expect, it } from 'vitest';
import { sheetZone } from '../../src/sheets/zone';
import { formatDate } from '../fakes/gas';

describe('sheetZone', () => {
  it('turns local midnight into UTC midnight of the same calendar day', () => {
    const zone = sheetZone('America/New_York', formatDate);
    // 1 Dec 2026 00:00 in New York is 05:00 UTC (EST, UTC−5).
    expect(zone.toCore(new Date('2026-12-01T05:00:00Z')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    // 1 Jul 2026 00:00 in New York is 04:00 UTC (EDT, UTC−4).
    expect(zone.toCore(new Date('2026-07-01T04:00:00Z')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });

  it('goes back to the local instant, on both sides of a clock change', () => {
    const zone = sheetZone('Europe/Berlin', formatDate);
    // Berlin moves from UTC+2 to UTC+1 on 25 Oct 2026 at 03:00 local.
    expect(zone.toSheet(new Date('2026-10-24T00:00:00Z')).toISOString()).toBe('2026-10-23T22:00:00.000Z');
    expect(zone.toSheet(new Date('2026-10-26T00:00:00Z')).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    // On the day itself, 12:00 local is already UTC+1.
    expect(zone.toCore(new Date('2026-10-25T11:00:00Z')).toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('looks the offset up once per week, not once per cell', () => {
    let calls = 0;
    const zone = sheetZone('Asia/Ho_Chi_Minh', (d, tz, p) => (calls++, formatDate(d, tz, p)));
    for (let i = 0; i < 1000; i++) zone.toCore(new Date(Date.UTC(2026, 10, 23, i)));
    // Hourly from 23 Nov 2026 (epoch day 20415) for 1000 h ends on day 20456: 7-day spans 2916..2922,
    // each needing the offsets at its start and at the next span's start: starts 2916..2923 = 8 lookups.
    expect(calls).toBe(8);
    expect(zone.toCore(new Date(Date.UTC(2026, 10, 23, 17))).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });
});
