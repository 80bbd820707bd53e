/**
 * `snapshot` on a pipeline in three currencies: its one-line summary gives the weighted
 * pipeline per currency and never adds them up (it printed 500 EUR + 3,200 USD + 600 GBP
 * as "4,300 weighted").
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../workbook/fixtures';
import { cli } from './helpers';

const DEALS = [
  'Deal ID,Deal,Owner,Stage,Amount,Currency,Expected close',
  // Default stages: Lead 10%, Proposal 60%... (b2b preset probabilities).
  'E1,Euro deal,ann@example.com,Lead,5000,EUR,2026-12-15',
  'U1,Dollar deal,ann@example.com,Proposal,4000,usd,2026-12-20',
  'G1,Pound deal,bob@example.com,Lead,6000,GBP,2027-01-10',
].join('\n');

describe('snapshot with several currencies', () => {
  it('says the weighted pipeline per currency, never one sum', async () => {
    const dir = tempDir();
    const file = join(dir, 'deals.csv');
    writeFileSync(file, DEALS);
    const result = await cli(['snapshot', file, '--as-of', '2026-11-23']);
    expect(result.code).toBe(0);
    // By hand: 5,000 EUR × 10% = 500; 6,000 GBP × 10% = 600; 4,000 USD × 60% = 2,400 ("usd" grouped as USD).
    expect(result.out).toContain('3 open deals, weighted 500 EUR; 600 GBP; 2,400 USD (currencies are never added up)');
    const json = JSON.parse((await cli(['snapshot', file, '--as-of', '2026-11-24', '--json'])).out);
    expect(json.weighted).toBeNull();
    expect(json.weightedByCurrency).toEqual([
      { currency: 'EUR', weighted: 500 },
      { currency: 'GBP', weighted: 600 },
      { currency: 'USD', weighted: 2400 },
    ]);
  });
});
