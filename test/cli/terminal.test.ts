import { describe, expect, it } from 'vitest';
import { progress } from '../../src/cli/progress';
import { bar, money, percent, textTable } from '../../src/cli/terminal';

describe('textTable', () => {
  it('pads columns, right-aligns numbers and shortens long text', () => {
    const table = textTable(
      [
        { header: 'Owner', max: 8 },
        { header: 'Deals', align: 'right' },
      ],
      [
        ['ann@example.com', '3'],
        ['bo', '12'],
      ],
    );
    expect(table.split('\n')).toEqual(['Owner     Deals', '────────  ─────', 'ann@exa…      3', 'bo           12']);
  });
  it('formats money, percentages and bars', () => {
    expect(money(1234567.5)).toBe('1,234,568');
    expect(percent(0.2346)).toBe('23.5%');
    // Half of 4 cells is 2 full blocks.
    expect(bar(5, 10, 4)).toBe('██');
    expect(bar(0, 10, 4)).toBe('');
  });
});

describe('progress', () => {
  it('draws only on a terminal, only when enabled, and only past 5000 rows', () => {
    let written = '';
    const target = { isTTY: true, write: (t: string) => (written += t) };
    const shown = progress(target, 'Reading', true);
    shown.rows(4000, 0.1);
    expect(written).toBe('');
    shown.rows(10_000, 0.5);
    // 50% of a 30-character bar is 15 #.
    expect(written).toBe(`\rReading [${'#'.repeat(15)}${'.'.repeat(15)}] 50% 10,000 rows`);
    shown.done();
    expect(written.endsWith('\r\x1b[2K')).toBe(true);
    let quiet = '';
    progress({ isTTY: false, write: (t) => (quiet += t) }, 'Reading', true).rows(50_000, 0.9);
    progress({ isTTY: true, write: (t) => (quiet += t) }, 'Reading', false).rows(50_000, 0.9);
    expect(quiet).toBe('');
  });
});
