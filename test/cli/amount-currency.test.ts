/**
 * A Salesforce report from a multi-currency org has no Currency column: each Amount
 * cell carries its code ("USD 8,000.00", "EUR 12,000.00"). Those amounts must not be
 * added together: each deal takes its amount's currency, the report splits by currency,
 * and one warning says where the currency came from. One currency throughout changes nothing.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currencyOfAmountText } from '../../src/core/amount-currency';
import { tempDir, writeText } from '../workbook/fixtures';
import { cli } from './helpers';

const HEADER = '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount","Probability (%)","Close Date","Created Date"';
// Open: Grey 8,000 USD at 10% (weighted 800, Dec 2026), Hill 12,000 EUR at 10% (1,200, Jan 2027). Won: Acorn 12,000 USD, Birch 7,000 EUR.
const ROWS = [
  '"Dana Whitfield","Acorn Analytics","Acorn - Seats","Closed Won","USD 12,000.00","100","2/20/2026","1/12/2026"',
  '"Luis Ortega","Birchwood Dental","Birch - Pilot","Closed Won","EUR 7,000.00","100","3/24/2026","3/3/2026"',
  '"Dana Whitfield","Greystone Bank","Grey - Kiosks","Prospecting","USD 8,000.00","10","12/17/2026","11/13/2026"',
  '"Luis Ortega","Hillcrest Clinic","Hill - Portal","Prospecting","EUR 12,000.00","10","1/22/2027","10/23/2026"',
];

describe('currencies typed in the amounts', () => {
  const dir = tempDir();
  it('split the report by currency, said once, instead of adding USD and EUR', async () => {
    const path = await writeText(join(dir, 'sf-multi.csv'), [HEADER, ...ROWS].join('\n'));
    const json = JSON.parse((await cli(['report', path, '--as-of', '2026-11-23', '--from', 'salesforce', '--json'])).out);
    expect(json.currency.mode).toBe('split');
    const part = (c: string) => json.byCurrency.find((p: { currency: string }) => p.currency === c).report;
    expect(
      part('USD').forecastByMonth.map((r: { key: string; amount: number; weighted: number }) => [r.key, r.amount, r.weighted]),
    ).toEqual([['2026-12', 8000, 800]]);
    expect(
      part('EUR').forecastByMonth.map((r: { key: string; amount: number; weighted: number }) => [r.key, r.amount, r.weighted]),
    ).toEqual([['2027-01', 12000, 1200]]);
    expect(part('USD').totalWon.amount).toBe(12000);
    expect(part('EUR').totalWon.amount).toBe(7000);
    const terminal = await cli(['report', path, '--as-of', '2026-11-23', '--from', 'salesforce']);
    expect(`${terminal.out}${terminal.err}`.match(/the amounts name 2 currencies \(USD 2 deals, EUR 2 deals\)/g)).toHaveLength(1);
  });

  it('one currency throughout changes nothing', async () => {
    const path = await writeText(join(dir, 'sf-one.csv'), [HEADER, ...ROWS.map((r) => r.replace('EUR ', 'USD '))].join('\n'));
    const json = JSON.parse((await cli(['report', path, '--as-of', '2026-11-23', '--from', 'salesforce', '--json'])).out);
    expect(json.currency.mode).toBe('single');
    expect(JSON.stringify(json)).not.toContain('currency-from-amount');
  });

  it('reads a code before or after the number, and a symbol of one currency', () => {
    expect(currencyOfAmountText('USD 12,000.00')).toBe('USD');
    expect(currencyOfAmountText('12.000,00 EUR')).toBe('EUR');
    expect(currencyOfAmountText('€ 5 000')).toBe('EUR');
    expect(currencyOfAmountText('12000')).toBe('');
    expect(currencyOfAmountText(12000)).toBe('');
  });
});
