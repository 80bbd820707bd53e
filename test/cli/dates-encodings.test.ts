/**
 * The command line on CRM exports whose dates and encodings used to be misread: a
 * Dynamics 365 export with US dates and times, a HubSpot-style MM-DD-YYYY export whose
 * first 200 dates read either way, and the same deals saved in four encodings. The
 * figures are worked out by hand from the fixture rows (test/fixtures/dates and
 * test/fixtures/encodings); each comment says how.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeText } from '../workbook/fixtures';
import { cli } from './helpers';

const fixtures = join(__dirname, '..', 'fixtures');
const dir = tempDir();

interface Problem {
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

async function json(args: string[]): Promise<{ code: number; body: Record<string, unknown>; err: string }> {
  const { code, out, err } = await cli([...args, '--json']);
  return { code, body: JSON.parse(out) as Record<string, unknown>, err };
}

describe('a Dynamics 365 opportunity export (US dates, "5/20/2024 7:42")', () => {
  const file = join(fixtures, 'dates', 'dynamics-365-opportunities.csv');
  // Dynamics' Status column (Open, Won, Lost) is the stage here; the per-opportunity Probability weighs each open deal.
  const options = [
    '--stages',
    join(fixtures, 'dates', 'dynamics-stages.csv'),
    '--columns',
    'Deal ID=(Do Not Modify) Opportunity,Deal=Topic,Account=Potential Customer,Stage=Status,Amount=Est. ' +
      'Revenue,Expected close=Est. Close Date,Closed on=Actual Close Date',
    '--as-of',
    '2024-05-31',
  ];

  it('forecasts by month, and gives the win rate and cycle, as worked out by hand', async () => {
    const { code, body } = await json(['report', file, ...options]);
    expect(code).toBe(0);
    // Open rows by Est. Close Date, month first: June: 6/5 (10000 × 50%) and 6/20 (20000 × 25%); July: 7/3 (8000 × 75%) and
    // 7/15 (4000 × 50%); August: 8/1 (12000 × 10%). Day first, 6/5, 7/3 and 8/1 would fall in May, March and January.
    expect(body.forecastByMonth).toEqual([
      { key: '2024-06', deals: 2, amount: 30000, weighted: 10000 },
      { key: '2024-07', deals: 2, amount: 12000, weighted: 8000 },
      { key: '2024-08', deals: 1, amount: 12000, weighted: 1200 },
    ]);
    // Won: Created On → Actual Close Date: 1/10 → 3/1 is 51 days (2024 is a leap year), 2/3 → 4/12 is 69, 3/20 → 5/2 is 43,
    // 1/5 → 5/20 is 136. Median (51 + 69) / 2 = 60; mean 299 / 4 = 74.75. Two lost, so the win rate is 4 / 6.
    expect(body.cycle).toEqual({ count: 4, meanDays: 74.75, medianDays: 60 });
    expect(body.winRate).toMatchObject({ won: 4, lost: 2 });
  });

  it('says once per date column that it was read month first, and nothing with --dates mdy', async () => {
    const { code, body } = await json(['check', file, ...options]);
    expect(code).toBe(0);
    const problems = body.problems as Problem[];
    // Created On has 3 only-month-first dates (3/20, 4/15, 5/20) and 8 that read either way.
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [1, 'Created On', 'date-order-from-column'],
      [1, 'Est. Close Date', 'date-order-from-column'],
      [1, 'Actual Close Date', 'date-order-from-column'],
    ]);
    expect(problems[0].message).toContain(
      '"3/20/2024 7:42" on row 6 and 2 others can only be month first, so its 8 dates that read ' +
        'either way, such as "3/4/2024 8:30" on row 2, are read month first too (2024-03-04)',
    );
    const told = await cli(['check', file, ...options, '--dates', 'mdy']);
    expect([told.code, told.out.trim().split('\n').pop()]).toEqual([0, 'No problems found.']);
  });
});

describe('a HubSpot-style export with MM-DD-YYYY dates, the first 200 of which read either way', () => {
  const file = join(fixtures, 'dates', 'hubspot-us-dates.csv');
  const stages = join(fixtures, 'dates', 'hubspot-stages.csv');

  it('reads Close Date month first from row 202 on, and forecasts by month as worked out by hand', async () => {
    const { body } = await json(['report', file, '--stages', stages, '--as-of', '2025-12-01']);
    // Rows 2-201 close on the 1st of month (i % 11) + 2 for deal i = 1..200: 19 in February and March, 18 in April to December;
    // rows 202-241 close on 12-31-2026, so December has 18 + 40 = 58. All in Contract Sent (90%), 1000 each.
    const month = (key: string, deals: number) => ({ key, deals, amount: deals * 1000, weighted: deals * 900 });
    expect(body.forecastByMonth).toEqual([
      month('2026-02', 19),
      month('2026-03', 19),
      ...['04', '05', '06', '07', '08', '09', '10', '11'].map((m) => month(`2026-${m}`, 18)),
      month('2026-12', 58),
    ]);
  });

  it(
    'warns once, with the count, that Create Date (every date reads either ' +
      'way) was read day first; --dates mdy or the Stages setting silence it',
    async () => {
      const { body } = await json(['check', file, '--stages', stages]);
      const problems = body.problems as Problem[];
      expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
        [1, 'Create Date', 'date-order-assumed'],
        [1, 'Close Date', 'date-order-from-column'],
      ]);
      expect(problems[0].message).toContain('240 dates in this column, such as "01-03-2026 09:01" on row 2, read either way round');
      expect(problems[1].message).toContain(
        '"12-31-2026" on row 202 and 39 others can only be month first, so its 200 dates that read either way',
      );

      const told = await cli(['check', file, '--stages', stages, '--dates', 'mdy']);
      expect(told.out).toContain('No problems found.');
      // The same through a Date order setting under the stage table.
      const withSetting = await writeText(
        join(dir, 'hubspot-stages-mdy.csv'),
        `${readFileSync(stages, 'utf8')}\r\nSetting,Value\r\nDate order,mdy\r\n`,
      );
      const set = await cli(['check', file, '--stages', withSetting]);
      expect(set.out).toContain('No problems found.');
      // report says the same two guesses, once each, on stderr; with --json it prints only JSON.
      const report = await cli(['report', file, '--stages', stages, '--as-of', '2025-12-01']);
      expect(report.err.split('\n').filter((l) => l.startsWith('warning'))).toEqual([
        `warning Deals row 1, Create Date: ${problems[0].message}`,
        `warning Deals row 1, Close Date: ${problems[1].message}`,
      ]);
      expect((await cli(['report', file, '--stages', stages, '--as-of', '2025-12-01', '--json'])).err).toBe('');
      // And --dates beats the setting: with dmy, Close Date says its own dates overrule it;
      // Create Date, read day first as told, says nothing.
      const overridden = await json(['check', file, '--stages', withSetting, '--dates', 'dmy']);
      expect((overridden.body.problems as Problem[]).map((p) => p.code)).toEqual(['date-order-from-column']);
    },
  );
});

describe('the same deals in UTF-8, Windows-1252 and UTF-16', () => {
  const stages = ['--stages', join(fixtures, 'encodings', 'etapas.csv')];
  const file = (name: string) => join(fixtures, 'encodings', name);

  it.each(['deals-utf-8.csv', 'deals-windows-1252.csv', 'deals-utf-16le.csv', 'deals-utf-16be.csv'])(
    '%s: every stage found, the same forecast',
    async (name) => {
      const { code, body } = await json(['report', file(name), ...stages, '--as-of', '2026-11-23']);
      expect(code).toBe(0);
      expect(body.errors).toBe(0);
      // Open: ES-1 Negociación 12000 × 60% in Dec 2026, ES-2 Calificación 8000 × 20% in Jan 2027.
      expect(body.forecastByMonth).toEqual([
        { key: '2026-12', deals: 1, amount: 12000, weighted: 7200 },
        { key: '2027-01', deals: 1, amount: 8000, weighted: 1600 },
      ]);
    },
  );

  it('says once that a file that is not UTF-8 was read as Windows-1252, and not at all when --encoding names it', async () => {
    const guessed = await cli(['check', file('deals-windows-1252.csv'), ...stages]);
    expect(guessed.code).toBe(0);
    expect(guessed.out.match(/read as Windows-1252/g)).toHaveLength(1);
    expect(guessed.out).toContain('stages: Calificación, Negociación, Ganada, Perdida.');
    const named = await cli(['check', file('deals-windows-1252.csv'), ...stages, '--encoding', 'windows-1252']);
    expect(named.out).toContain('No problems found.');
    // snapshot, digest and report say it on stderr (the CSV is copied: a snapshot writes beside it).
    const copy = await writeText(join(dir, 'deals-windows-1252.csv'), readFileSync(file('deals-windows-1252.csv')));
    for (const command of [
      ['snapshot', copy, '--as-of', '2026-11-23'],
      ['digest', copy, '--dry-run'],
      ['report', copy],
    ]) {
      const run = await cli([...command, ...stages]);
      expect(run.err.match(/read as Windows-1252/g), command[0]).toHaveLength(1);
    }
    const snapshot = readFileSync(join(dir, 'deals-windows-1252.snapshots.csv'), 'utf8');
    expect(snapshot).toContain('Negociación');
    // A stage set saved by Excel on Windows is read and noted the same way, under its own file name.
    const etapas = await writeText(join(dir, 'etapas-1252.csv'), Buffer.from(readFileSync(stages[1], 'utf8'), 'latin1'));
    const both = await cli(['check', file('deals-windows-1252.csv'), '--stages', etapas]);
    expect(both.out).toContain('warning etapas-1252.csv row 1: ');
    expect(both.out).toContain('stages: Calificación, Negociación, Ganada, Perdida.');
    expect(both.out).toContain('0 errors, 2 warnings.');
  });

  it('obeys --encoding even when it is wrong, so the user sees what it did, and refuses an unknown name', async () => {
    const wrong = await json(['check', file('deals-windows-1252.csv'), ...stages, '--encoding', 'utf-8']);
    expect(wrong.code).toBe(1);
    expect(
      (wrong.body.problems as Problem[]).filter((p) => p.code === 'stage-unknown').map((p) => /^"[^"]*"/.exec(p.message)?.[0]),
    ).toEqual(['"Negociaci\uFFFDn"', '"Calificaci\uFFFDn"']);
    const unknown = await cli(['check', file('deals-utf-8.csv'), '--encoding', 'ebcdic-martian']);
    expect([unknown.code, unknown.err.trim()]).toEqual([
      2,
      '--encoding ebcdic-martian: not an encoding this tool knows; use utf-8, utf-16le, utf-16be or windows-1252.',
    ]);
  });
});
