/**
 * sheetZone: spreadsheet-local Dates to core UTC dates and back, checked against
 * timezone facts worked out by hand (offsets from the IANA database).
 */
import { describe, expect, it } from 'vitest';
import { runtimeOffsets, sheetZone } from '../../src/sheets/zone';
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

  it('with no timezone data of its own, looks the offset up with formatDate once per week, not once per cell', () => {
    let calls = 0;
    const zone = sheetZone(
      'Asia/Ho_Chi_Minh',
      (d, tz, p) => {
        calls++;
        return formatDate(d, tz, p);
      },
      null,
    );
    for (let i = 0; i < 1000; i++) zone.toCore(new Date(Date.UTC(2026, 10, 23, i)));
    // Hourly from 23 Nov 2026 (epoch day 20415) for 1000 h ends on day 20456: 7-day spans 2916..2922,
    // each needing the offsets at its start and at the next span's start: starts 2916..2923 = 8 lookups.
    expect(calls).toBe(8);
    expect(zone.toCore(new Date(Date.UTC(2026, 10, 23, 17))).toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });

  it("asks formatDate twice a year when the runtime's own timezone data agrees, over years of dates", () => {
    let calls = 0;
    const zone = sheetZone('Europe/Berlin', (d, tz, p) => {
      calls++;
      return formatDate(d, tz, p);
    });
    // Every day of 2025 and 2026 at 12:00 UTC: 730 dates over 105 weeks and four clock changes.
    const days = Array.from({ length: 730 }, (_, i) => new Date(Date.UTC(2025, 0, 1 + i, 12)));
    const converted = days.map((d) => zone.toCore(d).toISOString());
    // 2025 and 2026, plus the weeks either side: weeks are numbered from the epoch (a Thursday), so the week of
    // 1 Jan 2025 starts on 26 Dec 2024, and the week after the one holding 31 Dec 2026 starts in 2027. Four years, two calls each.
    expect(calls).toBe(8);
    // Berlin is UTC+1 in winter and UTC+2 from 29 Mar 2026 01:00 UTC to 25 Oct 2026 01:00 UTC.
    expect(converted[365 + 14]).toBe('2026-01-15T13:00:00.000Z');
    expect(converted[365 + 86]).toBe('2026-03-28T13:00:00.000Z');
    expect(converted[365 + 87]).toBe('2026-03-29T14:00:00.000Z');
    expect(converted[365 + 296]).toBe('2026-10-24T14:00:00.000Z');
    expect(converted[365 + 297]).toBe('2026-10-25T13:00:00.000Z');
    // The same dates from formatDate alone, week by week: the two paths agree on every one.
    const byService = sheetZone('Europe/Berlin', formatDate, null);
    expect(days.map((d) => byService.toCore(d).toISOString())).toEqual(converted);
  });

  it('trusts the runtime year by year: a year where it disagrees with formatDate is answered by formatDate', () => {
    // A runtime with stale data for 2024 only (it answers UTC there); Berlin was UTC+1 in January 2024 and UTC+2 in July.
    const real = runtimeOffsets('Europe/Berlin')!;
    const stale = (t: number) => (new Date(t).getUTCFullYear() === 2024 ? 0 : real(t));
    let calls = 0;
    const zone = sheetZone(
      'Europe/Berlin',
      (d, tz, p) => {
        calls++;
        return formatDate(d, tz, p);
      },
      stale,
    );
    // Midnight of 1 Jul 2024 in Berlin is 30 Jun 22:00 UTC; with the stale runtime it would come out as 30 Jun.
    expect(zone.toCore(new Date('2024-06-30T22:00:00Z')).toISOString()).toBe('2024-07-01T00:00:00.000Z');
    const in2024 = calls;
    // 2024's two probes, then the week lookups of 2024 from formatDate itself.
    expect(in2024).toBeGreaterThan(2);
    expect(zone.toCore(new Date('2026-06-30T22:00:00Z')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    // 2026 agrees: its two probes, and nothing more.
    expect(calls - in2024).toBe(2);
  });

  it('falls back to formatDate when the runtime answers for another zone or cannot answer', () => {
    // A runtime that ignores the zone and answers UTC: Berlin's probes (+1 h in winter, +2 h in summer) disagree.
    for (const runtime of [
      () => 0,
      () => {
        throw new RangeError('Invalid time zone');
      },
    ]) {
      let calls = 0;
      const zone = sheetZone(
        'Europe/Berlin',
        (d, tz, p) => {
          calls++;
          return formatDate(d, tz, p);
        },
        runtime,
      );
      // Midnight of 1 Jul 2026 in Berlin is 30 Jun 22:00 UTC (UTC+2); of 15 Jan 2026, 14 Jan 23:00 UTC (UTC+1).
      expect(zone.toCore(new Date('2026-06-30T22:00:00Z')).toISOString()).toBe('2026-07-01T00:00:00.000Z');
      expect(zone.toCore(new Date('2026-01-14T23:00:00Z')).toISOString()).toBe('2026-01-15T00:00:00.000Z');
      expect(zone.toSheet(new Date('2026-07-01T00:00:00Z')).toISOString()).toBe('2026-06-30T22:00:00.000Z');
      expect(calls).toBeGreaterThan(2);
    }
  });

  it('reads offsets from the runtime where it knows the zone, and says so with null where it does not', () => {
    // New York is UTC−5 on 15 Jan 2026 and UTC−4 on 15 Jul 2026; Kolkata is UTC+5:30 all year.
    expect(runtimeOffsets('America/New_York')!(Date.UTC(2026, 0, 15, 12))).toBe(-5 * 3_600_000);
    expect(runtimeOffsets('America/New_York')!(Date.UTC(2026, 6, 15, 12))).toBe(-4 * 3_600_000);
    expect(runtimeOffsets('Asia/Kolkata')!(Date.UTC(2026, 6, 15, 12))).toBe(5.5 * 3_600_000);
    expect(runtimeOffsets('Not/AZone')).toBeNull();
  });
});
