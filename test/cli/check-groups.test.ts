/**
 * `check` and `report` on a file with one systematic mistake: each kind of problem is
 * printed once (count, first three rows, what to type), the first screen fits in 40
 * lines, --all lists every row and --json holds every problem.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../workbook/fixtures';
import { cli } from './helpers';

/** 5,000 deals in Lead whose Owner is a name, not an email: 5,000 problems of one kind and nothing else. */
function namesAsOwners(): string {
  const rows = ['Deal ID,Deal,Owner,Stage,Amount,Created'];
  for (let i = 1; i <= 5000; i++) rows.push(`D${i},Deal ${i},Rep ${i % 7},Lead,${1000 + i},2026-11-01`);
  const file = join(tempDir(), 'names.csv');
  writeFileSync(file, rows.join('\n'));
  return file;
}

describe('check on a file with one systematic mistake', () => {
  const file = namesAsOwners();

  it('fits its first screen in 40 lines: the kind once, its count, three rows and what to do', async () => {
    const result = await cli(['check', file, '--as-of', '2026-11-23']);
    const lines = result.out.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    // How the file was read (columns read, not in the file, the key-columns warning, the stage set, a blank) = 5,
    // then 1 heading + 3 rows + 1 "more" line + a blank + the file line + the totals = 8: 13 in all.
    expect(lines.length).toBe(13);
    expect(lines[0]).toBe('Columns read: Deal ID, Deal, Owner, Stage, Amount, Created.');
    const at = lines.indexOf('Deals, Owner: 5,000 warnings of one kind (owner-not-email); the first 3:');
    expect(at).toBe(5);
    expect(lines[at + 1]).toMatch(
      /^warning Deals row 2, Owner: "Rep 1" is not an email address, .*type an address such as ann@example.com\.$/,
    );
    expect(lines[at + 4]).toBe('  … and 4,997 more rows like these (--all lists every row).');
    expect(result.out).toContain('0 errors, 5000 warnings.');
  });

  it('lists every row with --all', async () => {
    const result = await cli(['check', file, '--all', '--as-of', '2026-11-23']);
    // 5 lines of how the file was read + 1 heading + 5,000 rows + a blank + 2 closing lines.
    expect(result.out.trimEnd().split('\n').length).toBe(5009);
  });

  it('keeps every problem in --json', async () => {
    const result = await cli(['check', file, '--json', '--as-of', '2026-11-23']);
    expect(JSON.parse(result.out).problems).toHaveLength(5000);
  });

  it('prints the kind once before the report, too', async () => {
    const result = await cli(['report', file, '--as-of', '2026-11-23', '--runs', '20']);
    expect(result.code).toBe(0);
    expect(result.err.split('\n').filter((line) => line.includes('owner-not-email'))).toHaveLength(1);
    expect(result.err.split('\n').filter((line) => line.startsWith('warning Deals row '))).toHaveLength(3);
  });
});
