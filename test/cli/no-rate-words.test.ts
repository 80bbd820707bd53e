/**
 * With --rates that lack one of the file's currencies, that currency's deals lose their
 * amount. They still can win, so the forecast range and the won-revenue line must not
 * call them deals "without an amount" that "can win nothing": they name the currency.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeText } from '../workbook/fixtures';
import { cli } from './helpers';

// Open: U1 4,000 USD (Proposal), G1 6,000 GBP (Lead). Won: U2 2,000 USD, G2 7,000 GBP. Rates know USD only.
// So won revenue is 2,000 USD from 2 won deals, G2 adds nothing; the range simulates U1 only and leaves G1 out.
const DEALS = [
  'Deal ID,Owner,Stage,Amount,Currency,Expected close,Closed on',
  'U1,ann@example.com,Proposal,4000,USD,2026-12-15,',
  'G1,bob@example.com,Lead,6000,GBP,2026-12-20,',
  'U2,ann@example.com,Won,2000,USD,,2026-03-10',
  'G2,bob@example.com,Won,7000,GBP,,2026-03-01',
].join('\n');

describe('deals in a currency with no rate', () => {
  const dir = tempDir();
  it('are named by their currency, not as deals without an amount that can win nothing', async () => {
    const path = await writeText(join(dir, 'gbp.csv'), DEALS);
    const rates = await writeText(join(dir, 'rates.csv'), 'Currency,Rate to USD\nUSD,1\n');
    const html = join(dir, 'gbp.html');
    const result = await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b', '--rates', rates, '--html', html]);
    expect(result.code).toBe(0);
    const terminal = (await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b', '--rates', rates])).out.replace(/\n/g, ' ');
    expect(terminal).toContain(
      'Won revenue   2,000 USD from 2 won deals; 1 without an amount in USD (blank, or in GBP with no rate) adds nothing',
    );
    expect(terminal).toContain('The 1 open deal without an amount in USD (blank, or in GBP with no rate) is left out, so the counts');
    expect(terminal).not.toContain('can win nothing');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('Open deals without an amount in USD (blank, or in GBP with no rate) (1) are left out, so');
    expect(page).not.toContain('can win nothing');
  });
});

describe('calibration on a file without History and without lost deals', () => {
  const dir = tempDir();
  it('does not speak of a "Lost at stage" column the file lacks', async () => {
    // U2 and G2 are won, none is lost, and the file has no "Lost at stage" column.
    const path = await writeText(join(dir, 'nolost.csv'), DEALS);
    const html = join(dir, 'nolost.html');
    const result = await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b', '--html', html]);
    expect(result.code).toBe(0);
    const terminal = (await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b'])).out.replace(/\n/g, ' ');
    expect(terminal).toContain("(2 of them have no History and count by the funnel's rule: won deals at every stage.)");
    expect(terminal).not.toContain('Lost at stage');
    expect(readFileSync(html, 'utf8')).not.toContain('Lost at stage');
  });
});
