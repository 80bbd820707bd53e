/**
 * The mapping said aloud, through the command line as a user runs it: a misspelt
 * --columns header, one header feeding two fields, a key column missing, a stage
 * missing from --stages (the deals left out said first, --strict), --stages infer with
 * --write-stages and back, and follow-up commands that repeat the user's options.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeText, writeXlsx } from '../workbook/fixtures';
import { cli } from './helpers';

const dir = tempDir();
const CSV = [
  'Opp,Rep,Phase,Value,Close Date,Opened',
  'A-1,ann@example.com,Lead,1000,2026-12-10,2026-10-01',
  'A-2,bob@example.com,Proposal,2000,2026-12-20,2026-09-01',
  'A-3,ann@example.com,Won,3000,2026-10-11,2026-09-01',
  'A-4,bob@example.com,Lost,500,2026-10-01,2026-08-01',
  'A-5,ann@example.com,Discovery,4000,2027-01-15,2026-11-01',
  'A-6,bob@example.com,Discovery,6000,2027-01-20,2026-11-05',
].join('\n');
const COLUMNS = 'Deal ID=Opp,Owner=Rep,Stage=Phase,Amount=Value,Expected close=Close Date,Created=Opened';

describe('--columns', () => {
  it('a header the file lacks exits 2, with the closest header and the file’s headers', async () => {
    const path = await writeText(join(dir, 'misspelt.csv'), CSV);
    const result = await cli(['check', path, '--columns', COLUMNS.replace('Close Date', 'Close Dte'), '--stages', 'b2b']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('"Expected close=Close Dte" names a header the file does not have. The closest is "Close Date".');
    expect(result.err).toContain('The file\'s headers: "Opp", "Rep", "Phase", "Value", "Close Date", "Opened".');
    expect(result.out).toBe('');
  });

  it('one header may feed two fields', async () => {
    const path = await writeText(join(dir, 'two.csv'), CSV);
    const result = await cli([
      'report',
      path,
      '--json',
      '--as-of',
      '2026-11-23',
      '--stages',
      'b2b',
      '--columns',
      `${COLUMNS},Closed on=Close Date`,
    ]);
    const report = JSON.parse(result.out);
    const fed = Object.fromEntries(report.mapping.fed.map((f: { field: string; header: string }) => [f.field, f.header]));
    expect(fed['Expected close']).toBe('Close Date');
    expect(fed['Closed on']).toBe('Close Date');
    // A-3 won: Opened 2026-09-01 → Close Date 2026-10-11 is 40 days, and its Expected close still feeds the forecast.
    expect(report.cycle).toMatchObject({ count: 1, medianDays: 40 });
    expect(report.forecastByMonth.map((r: { key: string }) => r.key)).toEqual(['2026-12']);
  });

  it('says which header fed each field, which fields found none and which headers went unused', async () => {
    const path = await writeText(
      join(dir, 'said.csv'),
      `${CSV.split('\n')[0]},Notes\n${CSV.split('\n')
        .slice(1)
        .map((l) => `${l},x`)
        .join('\n')}`,
    );
    const result = await cli(['check', path, '--columns', COLUMNS, '--stages', 'b2b']);
    expect(result.out).toContain(
      'Columns read: Deal ID <- "Opp", Owner <- "Rep", Stage <- "Phase", Amount ' +
        '<- "Value", Created <- "Opened", Expected close <- "Close Date".',
    );
    expect(result.out).toContain('Not in the file: Deal, Account, Currency,');
    // The user passed --columns already: the advice is to add to it, not to pass it.
    expect(result.out).toContain('Headers not used: "Notes" (add "our name=your header" to your --columns to use one).');
  });

  it('one warning names every missing key column and the figures it empties', async () => {
    const path = await writeText(join(dir, 'bare.csv'), 'Deal ID,Stage\nD-1,Lead\nD-2,Won\n');
    const result = await cli(['check', path]);
    const warnings = result.out.split('\n').filter((line) => line.startsWith('Warning: Key columns not found'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('no Amount column, so open amount, weighted forecast, won amount and velocity will be empty');
    expect(warnings[0]).toContain('no Expected close column');
    expect(warnings[0]).toContain('no Owner column');
    expect(warnings[0]).toContain('no Created column, so cycle time');
    expect(warnings[0]).toContain("pass --columns 'our name=your header'");
    expect(JSON.parse((await cli(['check', path, '--json'])).out).mapping.warning).toContain('no Amount column');
  });
});

describe('deals whose stage the stage set lacks', () => {
  it('are counted and summed in the report’s first lines; --strict exits 1', async () => {
    const path = await writeText(join(dir, 'unknown.csv'), CSV);
    const args = ['report', path, '--as-of', '2026-11-23', '--stages', 'b2b', '--columns', COLUMNS];
    const result = await cli(args);
    expect(result.code).toBe(0);
    // A-5 and A-6 are in "Discovery": 2 of 6 deals, 4,000 + 6,000 of 16,500.
    expect(result.out.split('\n')[0]).toBe(
      'LEFT OUT: 2 of 6 deals (amount 10,000 of 16,500) are in no stage of the stage ' +
        'set, so every total below leaves them out: "Discovery" 2 deals, 10,000.',
    );
    expect((await cli([...args, '--strict'])).code).toBe(1);
    // check says the same, and, as --stages was passed, does not tell the user to pass it.
    const check = await cli(['check', path, '--stages', 'b2b', '--columns', COLUMNS]);
    expect(check.out).toContain('add them to the stage set you passed (--stages b2b), or try --stages infer.');
    expect(check.out).not.toContain('pass --stages');
    const json = JSON.parse((await cli([...args, '--json'])).out);
    expect(json.leftOut).toMatchObject({ deals: 2, amount: 10000 });
  });

  it('in several currencies, are summed per currency, never across them', async () => {
    // A Pipedrive-shaped sheet: 1,000 + 3,000 EUR, 2,000 + 4,000 USD, 6,000 GBP; only D-4 (4,000 USD) is in "Closing", not in b2b.
    const path = await writeText(
      join(dir, 'currencies.csv'),
      [
        'Deal ID,Owner,Stage,Amount,Currency,Expected close',
        'D-1,ann@example.com,Lead,1000,EUR,2026-12-01',
        'D-2,ann@example.com,Lead,2000,USD,2026-12-01',
        'D-3,bob@example.com,Proposal,3000,EUR,2026-12-01',
        'D-4,bob@example.com,Closing,4000,USD,2026-12-01',
        'D-5,bob@example.com,Lead,6000,GBP,2026-12-01',
      ].join('\n'),
    );
    const args = ['report', path, '--as-of', '2026-11-23', '--stages', 'b2b'];
    const result = await cli(args);
    expect(result.out.split('\n')[0]).toBe(
      'LEFT OUT: 1 of 5 deals (amounts 0 EUR of 4,000 EUR, 0 GBP of 6,000 GBP, 4,000 USD of 6,000 USD) are ' +
        'in no stage of the stage set, so every total below leaves them out: "Closing" 1 deal, 4,000 USD.',
    );
    const json = JSON.parse((await cli([...args, '--json'])).out);
    expect(json.leftOut.amount).toBeNull();
    expect(json.leftOut.byCurrency).toContainEqual({ currency: 'USD', deals: 1, amount: 4000, of: 6000 });
    expect(json.leftOut.byStage).toEqual([{ stage: 'Closing', deals: 1, amount: null, byCurrency: [{ currency: 'USD', amount: 4000 }] }]);
  });

  it('a suggested check command repeats the user’s own options', async () => {
    const path = await writeText(join(dir, 'follow.csv'), `${CSV}\nA-7,ann@example.com,Lead,lots,2026-12-01,2026-11-01`);
    const result = await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b', '--columns', COLUMNS]);
    expect(result.err).toContain(`run: pipeline-sheets check ${path} --columns '${COLUMNS}' --stages b2b --as-of 2026-11-23`);
    // The problems' heading names the same command, not a bare "run check".
    expect(result.err).toContain(
      `problems in ${path}, each kind once (pipeline-sheets check ${path} ` +
        `--columns '${COLUMNS}' --stages b2b --as-of 2026-11-23 lists them`,
    );
  });
});

describe('--stages infer', () => {
  it('builds a stage set from the data, says how, writes it, and reads it back', async () => {
    const path = await writeText(
      join(dir, 'infer.csv'),
      [
        'Deal ID,Owner,Stage,Amount,Expected close,Created,Probability',
        'E-1,ann@example.com,Prospección,1000,2026-12-10,2026-11-01,10%',
        'E-2,ann@example.com,Propuesta,2000,2026-12-20,2026-10-01,50%',
        'E-3,bob@example.com,Negociación,3000,2027-01-10,2026-09-01,80%',
        'E-4,bob@example.com,Cerrado ganado,4000,2026-10-01,2026-08-01,',
        'E-5,ann@example.com,Cerrado perdido,500,2026-10-01,2026-08-01,',
        'E-6,bob@example.com,Prospección,1000,2026-12-15,2026-11-10,10%',
      ].join('\n'),
    );
    const out = join(dir, 'inferred-stages.csv');
    const result = await cli(['check', path, '--stages', 'infer', '--write-stages', out]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Prospección (2 deals): open; placed 1 of 3 by its deals' mean Probability (10%).");
    expect(result.out).toContain("Negociación (1 deal): open; placed 3 of 3 by its deals' mean Probability (80%).");
    expect(result.out).toContain('Cerrado ganado (1 deal): won (its name says so).');
    expect(result.out).toContain('Cerrado perdido (1 deal): lost (its name says so).');
    expect(readFileSync(out, 'utf8')).toContain('Propuesta');
    const back = JSON.parse((await cli(['report', path, '--json', '--as-of', '2026-11-23', '--stages', out])).out);
    // Open: 1000 × 10% + 2000 × 50% + 1000 × 10% in December; 3000 × 80% in January. 1 won, 1 lost.
    expect(back.forecastByMonth.map((r: { key: string; weighted: number }) => [r.key, r.weighted])).toEqual([
      ['2026-12', 1200],
      ['2027-01', 2400],
    ]);
    expect(back.winRate).toMatchObject({ won: 1, lost: 1 });
    expect(back.leftOut.deals).toBe(0);
    // Never over an existing file.
    expect((await cli(['check', path, '--stages', 'infer', '--write-stages', out])).code).toBe(2);
  });
});

describe('a follow-up command after --rates', () => {
  const dir = tempDir();
  it('repeats --rates, so check reads the same rates (and lists their problems)', async () => {
    const path = await writeText(
      join(dir, 'rated.csv'),
      'Deal ID,Owner,Stage,Amount,Currency\nR-1,ann@example.com,Lead,1000,EUR\nR-2,ann@example.com,Lead,2000,USD\n',
    );
    const rates = await writeText(join(dir, 'rates.csv'), 'Currency,Rate to USD\nEUR,1.1\nGBP,abc\n');
    const result = await cli(['report', path, '--stages', 'b2b', '--rates', rates, '--as-of', '2026-11-23']);
    expect(result.err).toContain(`(pipeline-sheets check ${path} --stages b2b --rates ${rates} --as-of 2026-11-23 lists them`);
  });
});

describe('the default stage set', () => {
  const dir = tempDir();
  it('is said once for a workbook without a Stages sheet, and says what to type for a CSV', async () => {
    const csv = await writeText(join(dir, 'plain.csv'), 'Deal ID,Owner,Stage,Amount\nP-1,ann@example.com,Lead,1000\n');
    const fromCsv = await cli(['check', csv]);
    expect(fromCsv.out).toContain(
      'Stage set: the default (Lead, Qualified, Contacted, Meeting/Demo, Proposal, Negotiation, Won, Lost). Pass --stages FILE or a preset',
    );
    const book = await writeXlsx(join(dir, 'nostages.xlsx'), {
      Deals: [
        ['Deal ID', 'Owner', 'Stage', 'Amount'],
        ['P-1', 'ann@example.com', 'Lead', 1000],
      ],
    });
    const fromBook = await cli(['report', book, '--as-of', '2026-11-23']);
    const all = `${fromBook.out}${fromBook.err}`;
    // The workbook's warning names the default stages; no second line repeats them.
    expect(all.match(/Lead, Qualified, Contacted, Meeting\/Demo, Proposal, Negotiation, Won, Lost/g)).toHaveLength(1);
    expect(all).toContain('The workbook has no Stages sheet, so the default stages');
  });
});
