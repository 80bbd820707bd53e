/**
 * A team sheet with one owner typed in two cases ("Álvaro Pérez", "álvaro pérez"):
 * names group by exact text, so the owner tables show two rows; one warning says so
 * and what to type. Addresses and IDs are not flagged.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeText } from '../workbook/fixtures';
import { cli } from './helpers';

// T1 won (Álvaro Pérez), T2 lost (álvaro pérez), T3 open (Álvaro Pérez), T4 open (Bea Ruiz);
// the IDs 005Ab1/005aB1 differ by case on purpose.
const CSV = [
  'Deal ID,Owner,Stage,Amount,Expected close,Created,Closed on',
  'T1,Álvaro Pérez,Won,1000,,2026-01-01,2026-02-01',
  'T2,álvaro pérez,Lost,2000,,2026-01-01,2026-03-01',
  'T3,Álvaro Pérez,Proposal,3000,2026-12-01,2026-10-01,',
  'T4,Bea Ruiz,Lead,4000,2026-12-15,2026-11-01,',
  'T5,005Ab1,Lead,500,2026-12-15,2026-11-01,',
  'T6,005aB1,Lead,500,2026-12-15,2026-11-01,',
].join('\n');

describe('an owner typed in two cases', () => {
  const dir = tempDir();
  it('is two owners, said once with what to type', async () => {
    const path = await writeText(join(dir, 'team.csv'), CSV);
    const result = await cli(['check', path, '--stages', 'b2b', '--json']);
    const json = JSON.parse(result.out);
    const flagged = json.problems.filter((p: { code: string }) => p.code === 'owner-case-differs');
    expect(flagged).toHaveLength(1);
    expect(flagged[0].message).toBe(
      '"álvaro pérez" (row 3) and "Álvaro Pérez" (row 2) differ only in case, so ' +
        'they are counted as 2 owners; type them alike to count them as one.',
    );
    const report = JSON.parse((await cli(['report', path, '--stages', 'b2b', '--as-of', '2026-11-23', '--json'])).out);
    expect(report.ownerPerformance.map((o: { owner: string }) => o.owner).sort()).toEqual(
      ['005Ab1', '005aB1', 'Bea Ruiz', 'Álvaro Pérez', 'álvaro pérez'].sort(),
    );
  });
});
