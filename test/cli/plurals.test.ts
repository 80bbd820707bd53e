/**
 * Counts of one read "1 deal", not "1 deals", on every line the command line prints
 * and on the HTML page: the summary, the per-currency headings, the velocity formula,
 * the sales cycle, calibration, check and export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countEn } from '../../src/core/index';
import { tempDir, writeText } from '../workbook/fixtures';
import { cli } from './helpers';

// One won USD deal (W1), one lost USD deal without "Lost at stage" (L1), one open USD deal, one open GBP deal:
// so 1 won deal for the cycle, 1 open USD deal in the velocity formula, 1 lost deal at the first stage, GBP has 1 deal.
const CSV = [
  'Deal ID,Owner,Stage,Amount,Currency,Created,Expected close,Closed on',
  'W1,ann@example.com,Won,1000,USD,2026-01-05,,2026-02-04',
  'L1,ann@example.com,Lost,500,USD,2026-01-10,,2026-03-01',
  'O1,bob@example.com,Proposal,2000,USD,2026-10-01,2026-12-15,',
  'G1,bob@example.com,Lead,300,GBP,2026-11-01,2027-01-10,',
].join('\n');
const ONE_COUNT = /\b1 (open |won |lost |closed )?(deals|rows|moves|problems|errors|warnings)\b/;

describe('a count of one', () => {
  const dir = tempDir();

  it('countEn writes the noun for the count', () => {
    expect(countEn(1, 'deal')).toBe('1 deal');
    expect(countEn(0, 'deal')).toBe('0 deals');
    expect(countEn(2, 'open deal')).toBe('2 open deals');
    expect(countEn(1, 'History move')).toBe('1 History move');
    expect(countEn(3, 'currency', 'currencies')).toBe('3 currencies');
  });

  it('is singular in the report, its per-currency parts and the HTML page', async () => {
    const path = await writeText(join(dir, 'one.csv'), CSV);
    const html = join(dir, 'one.html');
    const out = (await cli(['report', path, '--as-of', '2026-11-23'])).out.replace(/\s+/g, ' ');
    expect(out).toContain('── GBP (1 deal) ──');
    expect(out).toContain('over 1 won deal');
    expect(out).toContain('= 1 open deal ×');
    expect(out).toContain('1 lost deal at the first stage only');
    expect(out).not.toMatch(ONE_COUNT);
    expect((await cli(['report', path, '--as-of', '2026-11-23', '--html', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8').replace(/\s+/g, ' ');
    expect(page).toContain('GBP: 1 deal</h2>');
    expect(page).not.toMatch(ONE_COUNT);
  });

  it('is singular in check, report and export on a file of one deal', async () => {
    const path = await writeText(join(dir, 'single.csv'), 'Deal ID,Stage,Amount\nA,Lead,100\n');
    const check = await cli(['check', path]);
    expect(check.out).toContain('single.csv: 1 deal, 0 History moves');
    const report = await cli(['report', path, '--as-of', '2026-11-23']);
    expect(report.out).toContain('single.csv: 1 deal, 0 History moves');
    expect(report.out.replace(/\s+/g, ' ')).not.toMatch(ONE_COUNT);
    const exported = await cli(['export', path, '--tables', join(dir, 'tables')]);
    expect(exported.out).toContain('(1 row)');
    expect(exported.out).not.toMatch(ONE_COUNT);
  });
});
