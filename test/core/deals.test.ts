import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownerKey, readDeals } from '../../src/core/deals';
import { DEFAULT_CONFIG } from '../../src/core/stages';

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const header = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Expected close'];
const read = (values: unknown[][], options = {}) => readDeals(values, DEFAULT_CONFIG, options);
const codes = (values: unknown[][], options = {}) => read(values, options).problems.map((p) => [p.row, p.column, p.code]);

describe('readDeals', () => {
  it('reads a clean table with real values', () => {
    const { deals, problems } = read([header, ['D-1', 'Acme renewal', 'Ann@Example.com', 'proposal', 12000, day(2026, 12, 1)]]);
    expect(problems).toEqual([]);
    // The owner keeps the case it was typed in; the stage becomes the Stages sheet's name.
    expect(deals[0]).toMatchObject({
      row: 2,
      id: 'D-1',
      name: 'Acme renewal',
      owner: 'Ann@Example.com',
      stage: 'Proposal',
      amount: 12000,
      expectedClose: day(2026, 12, 1),
    });
  });

  it('finds columns in any order, in Vietnamese, and keeps extra columns', () => {
    const { deals, problems } = read([
      ['Vùng', 'Giá trị', 'Giai đoạn', 'Mã giao dịch', 'Người phụ trách'],
      ['Miền Bắc', '1.500.000', 'Lead', 7, 'an@example.vn'],
    ]);
    expect(problems).toEqual([]);
    expect(deals[0]).toMatchObject({ id: '7', stage: 'Lead', amount: 1500000, owner: 'an@example.vn', extra: { Vùng: 'Miền Bắc' } });
  });

  it('skips a title row above the header and counts rows as the sheet does', () => {
    const { deals, columns } = read([['Q4 pipeline export'], [], header, ['D-1', 'x', 'a@b.co', 'Lead', 1, '']]);
    expect(columns.headerIndex).toBe(2);
    expect(deals[0].row).toBe(4);
  });

  it('maps a CRM export with --columns', () => {
    const { deals } = read(
      [
        ['Opportunity ID', 'Rep', 'Deal stage', 'Email'],
        ['OPP-1', 'bob@x.com', 'Won', 'contact@customer.com'],
      ],
      {
        columnMap: { 'Deal ID': 'Opportunity ID', Owner: 'Rep' },
      },
    );
    expect(deals[0]).toMatchObject({ id: 'OPP-1', owner: 'bob@x.com', stage: 'Won', extra: { Email: 'contact@customer.com' } });
  });

  it('reads serial dates, typed local dates and ISO text alike', () => {
    const { deals } = read([
      ['Deal ID', 'Stage', 'Created', 'Expected close', 'Next step date'],
      ['D-1', 'Lead', 46349, '01.12.2026', '2026-12-05'],
    ]);
    expect(deals[0]).toMatchObject({ created: day(2026, 11, 23), expectedClose: day(2026, 12, 1), nextStepDate: day(2026, 12, 5) });
  });

  it('treats 50 000 blank rows after the data as nothing', () => {
    const values: unknown[][] = [header, ['D-1', 'x', 'a@b.co', 'Lead', 1, '']];
    for (let i = 0; i < 50_000; i++) values.push(['', '', '', '', '', '']);
    const { deals, problems } = read(values);
    expect(deals.length).toBe(1);
    expect(problems).toEqual([]);
  });
});

describe('readDeals: bad input gives problems by row and column, and keeps the row', () => {
  it('1. text in the amount', () => {
    expect(codes([header, ['D-1', 'x', 'a@b.co', 'Lead', 'ten thousand', '']])).toEqual([[2, 'Amount', 'amount-not-number']]);
  });
  it('2. a negative amount', () => {
    expect(codes([header, ['D-1', 'x', 'a@b.co', 'Lead', -500, '']])).toEqual([[2, 'Amount', 'amount-negative']]);
  });
  it('3. an unknown stage, with the list of stages in the message', () => {
    const { problems, deals } = read([header, ['D-1', 'x', 'a@b.co', 'Prospecting', 1, '']]);
    expect(problems[0]).toMatchObject({ row: 2, column: 'Stage', code: 'stage-unknown' });
    expect(problems[0].message).toContain('Lead, Qualified');
    expect(deals[0].stage).toBe('Prospecting');
  });
  it('4. a blank stage', () => {
    expect(codes([header, ['D-1', 'x', 'a@b.co', '', 1, '']])).toEqual([[2, 'Stage', 'stage-missing']]);
  });
  it('5. a duplicate deal ID: both rows are read and the second reported', () => {
    const { deals, problems } = read([header, ['D-1', 'x', 'a@b.co', 'Lead', 1, ''], ['D-1', 'y', 'a@b.co', 'Lead', 2, '']]);
    expect(deals.map((d) => d.name)).toEqual(['x', 'y']);
    expect(problems.map((p) => [p.row, p.code])).toEqual([[3, 'id-duplicate']]);
  });
  it('5b. IDs that differ only by direction marks are duplicates; each deal keeps its ID as typed', () => {
    const { deals, problems } = read([
      header,
      ['D-1', 'x', 'a@b.co', 'Lead', 1, ''],
      ['D-1\u200E', 'y', 'a@b.co', 'Lead', 2, ''],
      ['\u2066D-1\u2069', 'z', 'a@b.co', 'Lead', 3, ''],
    ]);
    expect(deals.map((d) => d.id)).toEqual(['D-1', 'D-1\u200E', '\u2066D-1\u2069']);
    expect(problems.map((p) => [p.row, p.code, p.message.slice(0, 33)])).toEqual([
      [3, 'id-duplicate', 'Deal ID "D-1" is also on row 2; g'],
      [4, 'id-duplicate', 'Deal ID "D-1" is also on row 2; g'],
    ]);
  });
  it('5c. a date column is read in one order, decided by its own dates before the setting', () => {
    const read = (order: 'dmy' | 'mdy', ...typed: string[]) =>
      readDeals([header, ...typed.map((d, i) => [`D-${i}`, 'x', 'a@b.co', 'Lead', 1, d])], DEFAULT_CONFIG, { dateOrder: order });
    const codes = (r: ReturnType<typeof read>) => r.problems.map((p) => [p.row, p.code]);
    const days = (r: ReturnType<typeof read>) => r.deals.map((d) => d.expectedClose?.toISOString().slice(0, 10) ?? null);
    // 05/06 reads either way; 13/06 can only be day first (13 > 12), so the column is: 05/06 is 5 June, as the setting says.
    const agrees = read('dmy', '05/06/2026', '13/06/2026');
    expect(codes(agrees)).toEqual([]);
    expect(days(agrees)).toEqual(['2026-06-05', '2026-06-13']);
    // 06/13 can only be month first: every date of the column is read month first, dotted ones too,
    // and the note says the setting is overruled.
    const monthFirst = read('dmy', '05/06/2026', '06/13/2026', '07/07/2026', '05.06.2026');
    expect(codes(monthFirst)).toEqual([[1, 'date-order-from-column']]);
    expect(days(monthFirst)).toEqual(['2026-05-06', '2026-06-13', '2026-07-07', '2026-05-06']);
    expect(monthFirst.problems[0].message).toBe(
      'This column is read month first (US style): "06/13/2026" on row 3 can only be month first, so its 2 dates that read ' +
        'either way, such as "05/06/2026" on row 2, are read month first too (2026-05-06). The Date order setting (dmy) is ' +
        'overruled for this column.',
    );
    const dayFirst = read('mdy', '05/06/2026', '13/06/2026');
    expect(codes(dayFirst)).toEqual([[1, 'date-order-from-column']]);
    expect(days(dayFirst)).toEqual(['2026-06-05', '2026-06-13']);
  });
  it('6. a missing deal ID is named after its row', () => {
    const { deals, problems } = read([header, ['', 'x', 'a@b.co', 'Lead', 1, '']]);
    expect(deals[0].id).toBe('row-2');
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['id-missing', 'warning']]);
  });
  it('7. an impossible date', () => {
    expect(codes([header, ['D-1', 'x', 'a@b.co', 'Lead', 1, '31.02.2026']])).toEqual([[2, 'Expected close', 'date-invalid']]);
  });
  it('8. a date typed as words', () => {
    const { problems } = read([header, ['D-1', 'x', 'a@b.co', 'Lead', 1, 'end of Q4']]);
    expect(problems[0].message).toContain('2026-11-23 or 23.11.2026');
  });
  it('9. an owner that is not an email address', () => {
    expect(codes([header, ['D-1', 'x', 'Ann Lee', 'Lead', 1, '']])).toEqual([[2, 'Owner', 'owner-not-email']]);
  });
  it('10. an owner written as "Name <address>" is read as the address', () => {
    expect(read([header, ['D-1', 'x', 'Ann Lee <ann@x.com>', 'Lead', 1, '']]).deals[0].owner).toBe('ann@x.com');
  });
  it('11. a probability typed as 150', () => {
    expect(
      codes([
        ['Deal ID', 'Stage', 'Probability'],
        ['D-1', 'Lead', 150],
      ]),
    ).toEqual([[2, 'Probability', 'probability-invalid']]);
  });
  it('12. probabilities typed as 30, 30% and 0.3 all read as 0.3', () => {
    const { deals } = read([
      ['Deal ID', 'Stage', 'Probability'],
      ['a', 'Lead', 30],
      ['b', 'Lead', '30%'],
      ['c', 'Lead', 0.3],
    ]);
    expect(deals.map((d) => d.probability)).toEqual([0.3, 0.3, 0.3]);
  });
  it('13. an unknown forecast category', () => {
    expect(
      codes([
        ['Deal ID', 'Stage', 'Forecast category'],
        ['D-1', 'Lead', 'Upside'],
      ]),
    ).toEqual([[2, 'Forecast category', 'category-unknown']]);
  });
  it('14. no Stage column', () => {
    const { problems, deals } = read([
      ['Deal ID', 'Deal'],
      ['D-1', 'x'],
    ]);
    expect(problems.map((p) => [p.row, p.code, p.severity])).toEqual([[1, 'column-missing', 'error']]);
    expect(deals.length).toBe(1);
  });
  it('15. no Deal ID column', () => {
    const { problems, deals } = read([
      ['Deal', 'Stage'],
      ['x', 'Lead'],
    ]);
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['column-missing', 'warning']]);
    expect(deals[0].id).toBe('row-2');
  });
  it('16. two columns that both mean Amount', () => {
    const { problems, deals } = read([
      ['Deal ID', 'Stage', 'Amount', 'Value'],
      ['D-1', 'Lead', 5, 7],
    ]);
    expect(problems.map((p) => [p.column, p.code])).toEqual([['Value', 'column-duplicate']]);
    expect(deals[0]).toMatchObject({ amount: 5, extra: { Value: 7 } });
  });
  it('17. an empty sheet', () => {
    const { problems, deals } = read([]);
    expect(deals).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual(['deals-empty']);
  });
  it('18. a header row only gives no deals and one warning on the row below it', () => {
    // Header on row 1, so the deals should start on row 2; the Deal ID column is named as typed.
    expect(read([header]).deals).toEqual([]);
    expect(read([header]).problems.map((p) => [p.row, p.column, p.code, p.severity])).toEqual([
      [2, header[0], 'deals-header-only', 'warning'],
    ]);
  });
  it('19. emoji, right-to-left text and zero-width characters are kept, trimmed', () => {
    const { deals, problems } = read([header, ['D\u200b-1', '🚀 صفقة كبيرة', 'a@b.co', 'Lead\u200b', 1, '']]);
    expect(problems).toEqual([]);
    expect(deals[0]).toMatchObject({ id: 'D-1', name: '🚀 صفقة كبيرة', stage: 'Lead' });
  });
  it('20. very long text is kept whole, and the message about it stays short', () => {
    const long = 'x'.repeat(20_000);
    const { deals, problems } = read([header, ['D-1', long, 'a@b.co', long, 1, '']]);
    expect(deals[0].name.length).toBe(20_000);
    expect(problems[0].message.length).toBeLessThan(400);
  });
  it('21. a row with several bad cells reports each one and is still read', () => {
    const { deals, problems } = read([header, ['D-1', 'x', 'nobody', 'Nowhere', 'lots', 'soon']]);
    expect(problems.map((p) => p.column)).toEqual(['Stage', 'Owner', 'Amount', 'Expected close']);
    expect(deals.length).toBe(1);
  });
  it('22. TRUE in an amount cell and a Date in an amount cell', () => {
    expect(codes([header, ['D-1', 'x', 'a@b.co', 'Lead', true, ''], ['D-2', 'x', 'a@b.co', 'Lead', new Date(), '']])).toEqual([
      [2, 'Amount', 'amount-not-number'],
      [3, 'Amount', 'amount-not-number'],
    ]);
  });
  it('23. text that looks like a formula is kept as text', () => {
    expect(read([header, ['D-1', '=HYPERLINK("http://evil")', 'a@b.co', 'Lead', 1, '']]).deals[0].name).toBe('=HYPERLINK("http://evil")');
  });
});

describe('readDeals: the shortcuts for common cells read as the general path does', () => {
  it('a Date cell before 1950 is still left out with its problem; a later one is kept as the same Date', () => {
    const late = day(2026, 12, 1);
    const { deals, problems } = read([header, ['D-1', 'x', 'a@b.co', 'Lead', 1, day(1940, 1, 1)], ['D-2', 'y', 'a@b.co', 'Lead', 1, late]]);
    expect(deals.map((d) => d.expectedClose)).toEqual([null, late]);
    expect(deals[1].expectedClose).toBe(late);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, 'Expected close', 'date-implausible']]);
    expect(problems[0].message).toContain('"1940-01-01" reads as the date 1940-01-01, before 1950, so it is left out');
  });
  it('a text date among Date cells is read in the order its whole column shows, rows below it included', () => {
    // Row 4's 05/06/2026 reads either way; row 5's 06/13/2026 can only be month first, so the column is month first.
    const { deals, problems } = read(
      [
        header,
        ['D-1', 'x', 'a@b.co', 'Lead', 1, day(2026, 1, 2)],
        ['D-2', 'x', 'a@b.co', 'Lead', 1, day(2026, 1, 3)],
        ['D-3', 'x', 'a@b.co', 'Lead', 1, '05/06/2026'],
        ['D-4', 'x', 'a@b.co', 'Lead', 1, '06/13/2026'],
      ],
      { dateOrder: 'dmy' },
    );
    expect(deals.map((d) => d.expectedClose?.toISOString().slice(0, 10))).toEqual(['2026-01-02', '2026-01-03', '2026-05-06', '2026-06-13']);
    expect(problems.map((p) => [p.row, p.code])).toEqual([[1, 'date-order-from-column']]);
  });
  it('a number ID is its digits, and the same as the text typed with them', () => {
    const { deals, problems } = read([header, [42, 'x', 'a@b.co', 'Lead', 1, ''], [' 42 ', 'y', 'a@b.co', 'Lead', 1, '']]);
    expect(deals.map((d) => d.id)).toEqual(['42', '42']);
    expect(problems.map((p) => [p.row, p.code, p.message.slice(0, 32)])).toEqual([[3, 'id-duplicate', 'Deal ID "42" is also on row 2; g']]);
  });
  it('any run of IDs, ascending for a while or not, gets the repeats a Map of first rows finds', () => {
    const id = fc.oneof(fc.constantFrom('D-9', 'D-10', 'D-1', 'd-1', 'D-1\u200e', '7', 7, ''), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(id, { maxLength: 40 }), fc.boolean(), (typed, shortFirst) => {
        // Sorted shorter first, the IDs stay on the path that looks nothing up until a repeat.
        const ids = shortFirst ? [...typed].sort((a, b) => String(a).length - String(b).length || (String(a) < String(b) ? -1 : 1)) : typed;
        const seen = new Map<string, number>();
        const expected: (number | string)[][] = [];
        ids.forEach((cell, i) => {
          const key = (typeof cell === 'number' ? String(cell) : cell.trim()).replace(/[\u200e]/g, '');
          if (typeof cell === 'string' && cell.trim() === '') return;
          const first = seen.get(key);
          if (first === undefined) seen.set(key, i + 2);
          else expected.push([i + 2, String(first)]);
        });
        const problems = read([header, ...ids.map((cell) => [cell, 'x', 'a@b.co', 'Lead', 1, ''])]).problems;
        const found = problems.filter((p) => p.code === 'id-duplicate').map((p) => [p.row, /on row (\d+);/.exec(p.message)?.[1]]);
        expect(found).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
  it('a repeated ID names its first row, whether the IDs before it ascend or not', () => {
    // [row of the repeat, row it names], read from the message.
    const repeats = (...typed: string[]) =>
      read([header, ...typed.map((id) => [id, 'x', 'a@b.co', 'Lead', 1, ''])]).problems.map((p) => [
        p.row,
        /on row (\d+);/.exec(p.message)?.[1],
      ]);
    // D-1, D-2, D-3 ascend; D-2 again (row 5) is the first out of order and repeats row 3.
    expect(repeats('D-1', 'D-2', 'D-3', 'D-2')).toEqual([[5, '3']]);
    // Descending, then a repeat of the first; a repeat straight after its first row; one long after the order broke.
    expect(repeats('C', 'B', 'A', 'C')).toEqual([[5, '2']]);
    expect(repeats('A', 'A')).toEqual([[3, '2']]);
    expect(repeats('B', 'A', 'C', 'D', 'E', 'A', 'E')).toEqual([
      [7, '3'],
      [8, '6'],
    ]);
  });
});

describe('readDeals: counterexamples found by test/fuzz', () => {
  it('keeps a column headed "__proto__" as a plain column of the team\'s own, without touching the prototype', () => {
    const when = new Date(Date.UTC(2026, 10, 23));
    const { deals } = readDeals(
      [
        ['Deal ID', 'Stage', '__proto__', 'Region'],
        ['D-1', 'Lead', when, 'EU'],
        ['D-2', 'Lead', 'text', ''],
      ],
      DEFAULT_CONFIG,
    );
    // Before the fix the Date became extra's prototype (JSON.stringify threw "this is not a Date object") and the text vanished.
    expect(Object.getPrototypeOf(deals[0].extra)).toBe(Object.prototype);
    expect(Object.keys(deals[0].extra)).toEqual(['__proto__', 'Region']);
    expect(JSON.stringify(deals[0].extra)).toBe('{"__proto__":"2026-11-23T00:00:00.000Z","Region":"EU"}');
    expect(Object.getOwnPropertyDescriptor(deals[1].extra, '__proto__')?.value).toBe('text');
  });
});

describe('owners as typed', () => {
  const header = ['Deal ID', 'Owner', 'Stage'];
  it('keeps names and IDs as typed, and groups addresses without case under the first spelling seen', () => {
    const { deals, problems } = readDeals(
      [
        header,
        ['D1', 'Álvaro', 'Lead'],
        ['D2', 'alvaro@example.com', 'Lead'],
        ['D3', 'ALVARO@Example.com', 'Lead'],
        ['D4', '005Ab00000XyZ1q', 'Lead'],
        ['D5', '005AB00000XYZ1Q', 'Lead'],
        ['D6', 'ALVARO@Example.com', 'Lead'],
      ],
      DEFAULT_CONFIG,
    );
    // Salesforce owner IDs differ only in case and stay two owners; the address in two cases is one, shown as first typed.
    expect(deals.map((d) => d.owner)).toEqual([
      'Álvaro',
      'alvaro@example.com',
      'alvaro@example.com',
      '005Ab00000XyZ1q',
      '005AB00000XYZ1Q',
      'alvaro@example.com',
    ]);
    const spelling = problems.filter((p) => p.code === 'owner-spelling');
    // Noted once per other spelling (row 4), not once per row (row 7 is not repeated).
    expect(spelling.map((p) => [p.row, p.severity])).toEqual([[4, 'warning']]);
    expect(spelling[0].message).toContain('"ALVARO@Example.com" is the same address as "alvaro@example.com" (row 3)');
    expect(ownerKey('Ann@Example.COM')).toBe('ann@example.com');
    expect(ownerKey(' Álvaro ')).toBe('Álvaro');
  });
});
