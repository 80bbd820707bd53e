import { describe, expect, it } from 'vitest';
import {
  dateOrderNotes,
  daysBetween,
  decideDateOrder,
  fromSerial,
  isoDay,
  monthKey,
  parseDate,
  parseDateOrder,
  quarterKey,
  readDateCell,
  toSerial,
  utcDate,
} from '../../src/core/dates';
import { readDeals } from '../../src/core/deals';
import { HISTORY_HEADERS, readHistory } from '../../src/core/history';
import { readSnapshots } from '../../src/core/snapshots';
import { DEFAULT_CONFIG, readStages, stagesToTable } from '../../src/core/stages';

const HISTORY_HEADER = [...HISTORY_HEADERS];

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

  it('reads a bare ISO day (its own shortcut) as the ISO pattern does, and says why one is refused', () => {
    expect(parseDate('2026-11-23')).toEqual({ ok: true, date: day(2026, 11, 23) });
    expect(parseDate('\u200e2026-11-23 ')).toEqual({ ok: true, date: day(2026, 11, 23) });
    expect(parseDate('2024-02-29')).toEqual({ ok: true, date: day(2024, 2, 29) });
    expect(parseDate('2026-02-30')).toEqual({ ok: false, reason: '2026-02-30 is not a day in the calendar' });
    expect(parseDate('1899-12-31')).toEqual({ ok: false, reason: '1899-12-31 is not a day in the calendar' });
    // One digit for the month is not the bare shape; the ISO pattern still reads it.
    expect(parseDate('2026-1-05')).toEqual({ ok: true, date: day(2026, 1, 5) });
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

describe('parseDate: the formats CRM exports use', () => {
  const at = (iso: string) => new Date(`${iso}Z`);
  it.each([
    // Dynamics 365 and Excel US: month first, a time without seconds, midnight as 0:00.
    ['5/20/2024 7:42', 'mdy', at('2024-05-20T07:42:00')],
    ['12/10/2021 0:00', 'mdy', at('2021-12-10T00:00:00')],
    // Salesforce report export: a 12-hour time; 12 AM is midnight and 12 PM noon.
    ['4/15/2021 10:30 PM', 'mdy', at('2021-04-15T22:30:00')],
    ['4/15/2021 12:05 AM', 'mdy', at('2021-04-15T00:05:00')],
    ['4/15/2021 12:05 p.m.', 'mdy', at('2021-04-15T12:05:00')],
    // HubSpot: MM-DD-YYYY, with or without a time.
    ['04-15-2021', 'mdy', day(2021, 4, 15)],
    ['04-15-2021 09:30', 'mdy', at('2021-04-15T09:30:00')],
    // Year first with / or . (Zoho, Japanese and Chinese Excel); a four-digit year first is year first in any order.
    ['2021/04/15', 'dmy', day(2021, 4, 15)],
    ['2021/04/15', 'mdy', day(2021, 4, 15)],
    ['2021.04.15 13:45:10', 'dmy', at('2021-04-15T13:45:10')],
    // Dots and dashes day first, as typed in Europe.
    ['15.04.2021 8:00', 'dmy', at('2021-04-15T08:00:00')],
    ['03.04.2026', 'mdy', day(2026, 3, 4)],
    // Month names with a comma (Zoho "15 Apr, 2021 00:02:00", US "Apr 15, 2021").
    ['15 Apr, 2021', 'dmy', day(2021, 4, 15)],
    ['15 Apr, 2021 00:02:00', 'dmy', at('2021-04-15T00:02:00')],
    ['Apr 15, 2021', 'dmy', day(2021, 4, 15)],
    ['Apr 15, 2021, 3:00 PM', 'dmy', at('2021-04-15T15:00:00')],
    ['15-Apr-2021', 'dmy', day(2021, 4, 15)],
    // Two-digit years: 26/03/04 is 2026-03-04 only when the order says year first.
    ['26/03/04', 'ymd', day(2026, 3, 4)],
    ['04/03/26', 'dmy', day(2026, 3, 4)],
  ] as const)('reads %j (%s)', (text, order, expected) => {
    expect(parseDate(text, order)).toEqual({ ok: true, date: expected });
  });

  it.each(['4/15/2021 13:00 PM', '4/15/2021 24:00', '4/15/2021 10:61', '15 Apr, 2021 25:00:00'])(
    'refuses the impossible time in %j',
    (text) => {
      expect(parseDate(text, 'mdy')).toEqual({ ok: false, reason: `the time of day in ${text} is not valid` });
    },
  );

  it('refuses a date whose separators differ (03/04-2026) and a day that no order makes real', () => {
    expect(parseDate('03/04-2026').ok).toBe(false);
    expect(parseDate('31/31/2026')).toEqual({ ok: false, reason: '31/31/2026 is not a day in the calendar' });
  });
});

/** One date column, header first, as decideDateOrder sees it (values[0] is sheet row 1). */
const column = (...typed: unknown[]) => [['Close date'], ...typed.map((t) => [t])];
const decide = (setting: 'dmy' | 'mdy' | 'ymd' | undefined, ...typed: unknown[]) => decideDateOrder(column(...typed), 0, 1, 1, setting);
const readAll = (setting: 'dmy' | 'mdy' | 'ymd' | undefined, ...typed: unknown[]) => {
  const decided = decide(setting, ...typed);
  return typed.map((t) => {
    const read = readDateCell(t, decided);
    return read.ok ? (read.date ? isoDay(read.date) : null) : (read.code ?? 'invalid');
  });
};

describe('decideDateOrder: one order per column, from its own dates', () => {
  it('reads a US column month first when its first 200 dates all read either way and a later one can only be month first', () => {
    // 200 dates of the form MM/01/2026 (day 1, months 2-12), then 12/31/2026: only month first.
    const typed = [...Array.from({ length: 200 }, (_, i) => `${String((i % 11) + 2).padStart(2, '0')}/01/2026`), '12/31/2026'];
    const decided = decide(undefined, ...typed);
    expect([decided.order, decided.basis, decided.either.count, decided.monthFirst.count, decided.monthFirst.row]).toEqual([
      'mdy',
      'dates',
      200,
      1,
      202,
    ]);
    const read = readAll(undefined, ...typed);
    // Row i reads as the first of month (i % 11) + 2, never as 2 to 12 January as day first would make it.
    expect(read.slice(0, 3)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    expect(read.filter((d) => d?.startsWith('2026-01'))).toEqual([]);
    expect(read[200]).toBe('2026-12-31');
  });

  it('reads a column day first when one date can only be day first, whatever the other rows', () => {
    expect(readAll(undefined, '03/04/2026', '05/06/2026', '25/12/2026')).toEqual(['2026-04-03', '2026-06-05', '2026-12-25']);
  });

  it('follows the setting when every date reads either way, and reads day first without one', () => {
    expect(readAll('mdy', '03/04/2026', '05/06/2026')).toEqual(['2026-03-04', '2026-05-06']);
    expect(readAll('dmy', '03/04/2026', '05/06/2026')).toEqual(['2026-04-03', '2026-06-05']);
    expect(readAll(undefined, '03/04/2026', '05/06/2026')).toEqual(['2026-04-03', '2026-06-05']);
    expect(decide('mdy', '03/04/2026').basis).toBe('setting');
    expect(decide(undefined, '03/04/2026').basis).toBe('default');
  });

  it("lets the column's own dates overrule the setting", () => {
    expect(readAll('dmy', '03/04/2026', '12/31/2026')).toEqual(['2026-03-04', '2026-12-31']);
    expect(decide('dmy', '03/04/2026', '12/31/2026').basis).toBe('dates');
  });

  it('leaves out the minority when a column holds both kinds, and never reads a date the other way round', () => {
    // Two only-month-first dates, one only-day-first: the column is month first and 31/12/2026 is contradicted.
    expect(readAll(undefined, '12/31/2026', '31/12/2026', '11/30/2026', '03/04/2026')).toEqual([
      '2026-12-31',
      'date-order-contradicted',
      '2026-11-30',
      '2026-03-04',
    ]);
    // One of each: no majority, so the setting (else day first) decides, and the other kind is left out.
    expect(readAll(undefined, '12/31/2026', '31/12/2026')).toEqual(['date-order-contradicted', '2026-12-31']);
    expect(readAll('mdy', '12/31/2026', '31/12/2026')).toEqual(['2026-12-31', 'date-order-contradicted']);
  });

  it('says why a contradicted date is left out, with the row of the evidence and the date year first', () => {
    const decided = decide(undefined, '12/31/2026', '11/30/2026', '31/12/2026');
    expect(readDateCell('31/12/2026', decided)).toEqual({
      ok: false,
      code: 'date-order-contradicted',
      reason:
        '"31/12/2026" can only be day first, but this column is read month first: 2 of its dates, such as "12/31/2026" on row 2, ' +
        'can only be month first. It is left out; if it means 2026-12-31, type it year first, as 2026-12-31',
    });
    const tie = decide(undefined, '12/31/2026', '31/12/2026');
    expect(readDateCell('12/31/2026', tie)).toMatchObject({
      reason: expect.stringContaining(
        'but this column is read day first: as many of its dates can only be day first (such as "31/12/2026" on row 3), and day ' +
          'first is the default. It is left out',
      ),
    });
  });

  it('treats times, dashes, Date objects, serial numbers, ISO and month names as no evidence either way', () => {
    const decided = decide(
      undefined,
      new Date(Date.UTC(2026, 0, 5)),
      46349,
      '2026-12-31',
      '31 Dec 2026',
      '05/05/2026',
      '4-15-2021 10:30 PM',
    );
    expect([decided.monthFirst.count, decided.dayFirst.count, decided.either.count]).toEqual([1, 0, 0]);
  });

  it('counts a d/m/y date among ISO and year-first text, which show no order at a glance', () => {
    const decided = decide(undefined, '2026-12-31', '2021/04/15', '2026-01-05T10:00', '13/04/2026', '03/04/2026', '123/04/2026');
    expect([decided.monthFirst.count, decided.dayFirst.count, decided.either.count]).toEqual([0, 1, 1]);
    expect([decided.dayFirst.row, decided.either.row]).toEqual([5, 6]);
  });

  it('reads a ymd setting as year first for two-digit years only', () => {
    expect(readAll('ymd', '26/03/04', '26/11/30')).toEqual(['2026-03-04', '2026-11-30']);
  });
});

describe('dateOrderNotes: a guess is said once per column, with how many dates it affects', () => {
  const notes = (setting: 'dmy' | 'mdy' | 'ymd' | undefined, ...typed: string[]) =>
    dateOrderNotes(decide(setting, ...typed), 'Deals', 1, 'Close date');

  it('says once that a column of dates that all read either way was read day first, with the count', () => {
    const typed = Array.from({ length: 240 }, (_, i) => `01-${String((i % 9) + 2).padStart(2, '0')}-2026 09:30`);
    expect(notes(undefined, ...typed)).toEqual([
      {
        sheet: 'Deals',
        row: 1,
        column: 'Close date',
        code: 'date-order-assumed',
        severity: 'warning',
        message:
          '240 dates in this column, such as "01-02-2026 09:30" on row 2, read either way round, and none of its dates shows ' +
          'which (no day above 12), so they are read day first (2026-02-01, not 2026-01-02). If they are month first (US style), ' +
          'set "Date order" to mdy in the Stages sheet (on the command line: --dates mdy).',
      },
    ]);
  });

  it('says nothing when the setting or the dates decided as the setting says, or for dotted dates alone', () => {
    expect(notes('mdy', '03/04/2026')).toEqual([]);
    expect(notes('dmy', '03/04/2026')).toEqual([]);
    expect(notes(undefined, '03/04/2026', '25/12/2026')).toEqual([]);
    expect(notes(undefined, '03.04.2026', '05.06.2026')).toEqual([]);
    expect(notes(undefined, '12/31/2026', '2026-03-04')).toEqual([]);
  });

  it("says when the column's own dates made it month first, and when they overrule the setting", () => {
    const [note] = notes(undefined, '03/04/2026', '12/31/2026', '11/30/2026');
    expect(note.code).toBe('date-order-from-column');
    expect(note.message).toBe(
      'This column is read month first (US style): "12/31/2026" on row 3 and 1 other can only be month first, so its 1 date that ' +
        'read either way, such as "03/04/2026" on row 2, is read month first too (2026-03-04). To say so and silence this note, ' +
        'set "Date order" to mdy in the Stages sheet (on the command line: --dates mdy).',
    );
    expect(notes('dmy', '03/04/2026', '12/31/2026')[0].message).toContain('The Date order setting (dmy) is overruled for this column.');
  });

  it('says a ymd setting does not cover dates typed with the year last', () => {
    expect(notes('ymd', '03/04/2026')[0].message).toContain('The Date order setting (ymd) covers only dates typed year first.');
  });
});

describe('the Date order setting', () => {
  it.each([
    ['mdy', 'mdy'],
    ['MM/DD/YYYY', 'mdy'],
    ['Month first', 'mdy'],
    ['US', 'mdy'],
    ['tháng/ngày/năm', 'mdy'],
    ['ММ.ДД.ГГГГ', 'mdy'],
    ['dmy', 'dmy'],
    ['DD.MM.YYYY', 'dmy'],
    ['day first', 'dmy'],
    ['ngày/tháng/năm', 'dmy'],
    ['ДД.ММ.ГГГГ', 'dmy'],
    ['ymd', 'ymd'],
    ['YYYY-MM-DD', 'ymd'],
    ['ISO', 'ymd'],
  ] as const)('reads %j as %s', (typed, order) => {
    expect(parseDateOrder(typed)).toBe(order);
  });

  it('is read from the Stages sheet under its en, vi and ru names, and a wrong value is named by row', () => {
    const stages = (label: string, value: string) =>
      readStages([['Stage', 'Outcome'], ['Lead', 'open'], ['Won', 'won'], [], ['Setting', 'Value'], [label, value]]);
    expect(stages('Date order', 'mdy').config.rules.dateOrder).toBe('mdy');
    expect(stages('Thứ tự ngày', 'ngày/tháng/năm').config.rules.dateOrder).toBe('dmy');
    expect(stages('Порядок даты', 'ММ/ДД/ГГГГ').config.rules.dateOrder).toBe('mdy');
    expect(stages('Date order', '').config.rules.dateOrder).toBeUndefined();
    const wrong = stages('Date order', 'american');
    expect(wrong.config.rules.dateOrder).toBeUndefined();
    expect(wrong.problems.map((p) => [p.row, p.code, p.message])).toEqual([
      [
        6,
        'rule-date-order',
        '"american" is not a date order; type dmy (23/11/2026), mdy (11/23/2026, US style) or ymd (2026/11/23), or leave it ' +
          'blank to read day first.',
      ],
    ]);
    // Written back only when set, so a Stages sheet without it stays as it was.
    const written = stagesToTable(stages('Date order', 'mdy').config);
    expect(written[written.length - 1].slice(0, 2)).toEqual(['Date order', 'mdy']);
    expect(stagesToTable(DEFAULT_CONFIG).some((row) => row[0] === 'Date order')).toBe(false);
  });

  // readDeals, readHistory and readSnapshots all follow the setting; --dates (the option) beats it.
  it('decides how the readers read a column of dates that all read either way; --dates beats it', () => {
    const config = { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, dateOrder: 'mdy' as const } };
    const deals = readDeals(
      [
        ['Deal ID', 'Stage', 'Expected close'],
        ['D1', 'Lead', '03/04/2026'],
      ],
      config,
    );
    expect(deals.deals[0].expectedClose).toEqual(day(2026, 3, 4));
    expect(deals.problems).toEqual([]);
    expect(
      readDeals(
        [
          ['Deal ID', 'Stage', 'Expected close'],
          ['D1', 'Lead', '03/04/2026'],
        ],
        config,
        { dateOrder: 'dmy' },
      ).deals[0].expectedClose,
    ).toEqual(day(2026, 4, 3));
    const history = readHistory([HISTORY_HEADER, ['03/04/2026 10:30 AM', 'D1', '', 'Lead', '', '05/06/2026', '', '', '']], config);
    expect([history.entries[0].at, history.entries[0].expectedClose]).toEqual([new Date('2026-03-04T10:30:00Z'), day(2026, 5, 6)]);
    const snapshots = readSnapshots(
      [
        ['Snapshot date', 'Deal ID', 'Weighted', 'Expected close'],
        ['03/04/2026', 'D1', 10, '05/06/2026'],
      ],
      config,
    );
    expect([snapshots.snapshots[0].at, snapshots.snapshots[0].expectedClose]).toEqual([day(2026, 3, 4), day(2026, 5, 6)]);
  });
});

describe('History and Snapshots: each date column decided on its own', () => {
  it('reads a History timestamp column month first from its own evidence, says so once, and leaves out a contradicting move by row', () => {
    const read = readHistory(
      [
        HISTORY_HEADER,
        ['03/04/2026 9:00', 'D1', '', 'Lead', '', '', '', '', ''],
        ['3/20/2026 9:00', 'D1', 'Lead', 'Qualified', '', '', '', '', ''],
        ['3/25/2026 9:00', 'D2', '', 'Lead', '', '', '', '', ''],
        ['25/03/2026 9:00', 'D3', '', 'Lead', '', '', '', '', ''],
      ],
      DEFAULT_CONFIG,
    );
    expect(read.entries.map((e) => [e.dealId, e.at.toISOString()])).toEqual([
      ['D1', '2026-03-04T09:00:00.000Z'],
      ['D1', '2026-03-20T09:00:00.000Z'],
      ['D2', '2026-03-25T09:00:00.000Z'],
    ]);
    expect(read.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [5, 'Timestamp', 'date-order-contradicted'],
      [1, 'Timestamp', 'date-order-from-column'],
    ]);
  });

  it('warns once when a Snapshots date column reads either way throughout', () => {
    const read = readSnapshots(
      [
        ['Snapshot date', 'Deal ID', 'Weighted'],
        ['03/04/2026', 'D1', 10],
        ['03/04/2026', 'D2', 10],
        ['10/04/2026', 'D1', 10],
      ],
      DEFAULT_CONFIG,
    );
    expect(read.snapshots.map((s) => isoDay(s.at))).toEqual(['2026-04-03', '2026-04-03', '2026-04-10']);
    expect(read.problems.map((p) => [p.row, p.code, p.message.slice(0, 44)])).toEqual([
      [1, 'date-order-assumed', '3 dates in this column, such as "03/04/2026"'],
    ]);
  });
});

describe('a tie under a ymd setting', () => {
  it('reads year-last dates day first and says so in words, never "year first"', () => {
    const decided = decideDateOrder([['Close date'], ['12/31/2026'], ['31/12/2026']], 0, 1, 1, 'ymd');
    const read = readDateCell('12/31/2026', decided);
    expect(read).toMatchObject({
      ok: false,
      code: 'date-order-contradicted',
      reason: expect.stringContaining(
        'but this column is read day first: as many of its dates can only be day first (such as "31/12/2026" on row 3), and day ' +
          'first is the default.',
      ),
    });
    expect(readDateCell('31/12/2026', decided)).toEqual({ ok: true, date: day(2026, 12, 31) });
  });
});
