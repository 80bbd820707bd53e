/**
 * The report on a file with deals in VND, USD, EUR and RUB: with no rates every amount
 * table is split by currency and nothing is added across currencies; with --rates (or a
 * Rates sheet) every amount is converted at the rate in force on the deal's close date.
 * Figures worked out by hand in the comments.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tempDir, writeXlsx } from '../workbook/fixtures';
import { cli } from './helpers';

// Won: V1 250,000,000 VND (Mar 1), E1 20,000 EUR (May 1), R1 1,000,000 RUB (Mar 15), R2 1,000,000 RUB (Aug 1), U2 3,000 USD (Jun 1).
// Open: U1 5,000 USD at Proposal (60%). Lost: R3 500,000 RUB.
const DEALS = [
  ['Deal ID', 'Owner', 'Stage', 'Amount', 'Currency', 'Closed on', 'Expected close'],
  ['V1', 'an@example.vn', 'Won', 250000000, 'VND', '2026-03-01', ''],
  ['E1', 'eva@example.de', 'Won', 20000, 'EUR', '2026-05-01', ''],
  ['R1', 'ivan@example.ru', 'Won', 1000000, 'RUB', '2026-03-15', ''],
  ['R2', 'ivan@example.ru', 'Won', 1000000, 'RUB', '2026-08-01', ''],
  ['U2', 'sam@example.com', 'Won', 3000, 'USD', '2026-06-01', ''],
  ['U1', 'sam@example.com', 'Proposal', 5000, 'USD', '', '2026-12-10'],
  ['R3', 'ivan@example.ru', 'Lost', 500000, 'RUB', '2026-04-01', ''],
];
const RATES = [
  ['Currency', 'Rate to USD', 'From'],
  ['EUR', 1.1, ''],
  ['RUB', 0.011, '2026-01-01'],
  ['RUB', 0.01, '2026-07-01'],
  ['VND', 0.00004, ''],
];
const csv = (rows: unknown[][]) => rows.map((r) => r.join(',')).join('\n');

describe('report with four currencies', () => {
  const dir = tempDir();
  const file = join(dir, 'deals.csv');
  writeFileSync(file, csv(DEALS));
  const rates = join(dir, 'rates.csv');
  writeFileSync(rates, csv(RATES));

  it('splits every amount table by currency without rates, and says so first', async () => {
    const result = await cli(['report', file, '--json', '--as-of', '2026-11-23', '--runs', '20']);
    const report = JSON.parse(result.out);
    expect(report.currency).toMatchObject({ mode: 'split', currencies: ['EUR', 'RUB', 'USD', 'VND'] });
    // Won per currency, never added: EUR 20,000; RUB 2,000,000; USD 3,000; VND 250,000,000.
    expect(
      report.byCurrency.map((p: { currency: string; report: { totalWon: { amount: number } } }) => [p.currency, p.report.totalWon.amount]),
    ).toEqual([
      ['EUR', 20000],
      ['RUB', 2000000],
      ['USD', 3000],
      ['VND', 250000000],
    ]);
    // The top level keeps the counts (5 won, 1 lost) and adds no amount.
    expect([report.winRate.won, report.winRate.lost, report.totalWon.amount]).toEqual([5, 1, 0]);
    const text = (await cli(['report', file, '--as-of', '2026-11-23', '--runs', '20'])).out;
    // After how the file was read, the report's own first lines (the file line, a blank) and then the currency note.
    const reportStart = text.slice(text.indexOf(`${file}: `));
    expect(reportStart.split('\n').slice(2, 4).join(' ')).toContain(
      'Amounts are in 4 currencies (EUR, RUB, USD, VND) and no rates were given',
    );
    expect(text).toContain('Won revenue   250,000,000 VND from 1 won deal');
    expect(text).not.toMatch(/Won revenue {3}250,0[0-9,]+ from 5/);
  });

  it('converts into USD with --rates at each close date (by hand: 10,000 + 22,000 + 11,000 + 10,000 + 3,000 = 56,000)', async () => {
    const report = JSON.parse((await cli(['report', file, '--rates', rates, '--json', '--as-of', '2026-11-23', '--runs', '20'])).out);
    expect(report.currency).toMatchObject({ mode: 'converted', currency: 'USD', conversion: { converted: 5, noRate: [] } });
    expect(report.totalWon.amount).toBeCloseTo(56000, 6);
    // Open weighted: U1 5,000 × 60% = 3,000 USD.
    expect(report.forecastByStage.reduce((sum: number, r: { weighted: number }) => sum + r.weighted, 0)).toBeCloseTo(3000, 6);
    const text = (await cli(['report', file, '--rates', rates, '--as-of', '2026-11-23', '--runs', '20'])).out;
    expect(text).toContain('Amounts in USD: 5 deals converted');
    expect(text).toContain('Weighted forecast by expected close month (open deals, in USD)');
    expect(text).toContain('Won revenue   56,000 USD from 5 won deals');
  });

  it('reads a Rates sheet in the workbook, and writes a Currency column in the .xlsx', async () => {
    const workbook = await writeXlsx(join(dir, 'fx.xlsx'), { Deals: DEALS, Rates: RATES });
    const report = JSON.parse((await cli(['report', workbook, '--json', '--as-of', '2026-11-23', '--runs', '20'])).out);
    expect(report.currency).toMatchObject({ mode: 'converted', currency: 'USD', ratesSource: 'Rates' });
    expect(report.totalWon.amount).toBeCloseTo(56000, 6);
    const out = join(dir, 'report.xlsx');
    expect((await cli(['report', workbook, '--out', out, '--as-of', '2026-11-23', '--runs', '20'])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const won = book.getWorksheet('Owner results')!;
    expect(won.getRow(1).values).toContain('Currency');
    // ivan: R1 11,000 + R2 10,000 = 21,000 USD.
    const ivan = won.getSheetValues().find((row) => Array.isArray(row) && row[1] === 'ivan@example.ru') as unknown[];
    expect(ivan[5]).toBeCloseTo(21000, 6);
    expect(ivan.at(-1)).toBe('USD');
  });
});
