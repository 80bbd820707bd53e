import { describe, expect, it } from 'vitest';
import {
  ALL_GROUPS,
  backtest,
  backtestDetailTable,
  backtestTable,
  BACKTEST_DETAIL_HEADERS,
  BACKTEST_HEADERS,
  NOT_IN_SNAPSHOT,
} from '../../src/core/backtest';
import { blankDeal } from '../../src/core/deals';
import type { SnapshotRow } from '../../src/core/snapshots';
import { DEFAULT_CONFIG } from '../../src/core/stages';

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** A snapshot row with Weighted = amount × probability (0 without an amount). */
const snap = (
  at: string,
  dealId: string,
  owner: string,
  stage: string,
  amount: number | null,
  probability: number,
  expectedClose: string | null,
): SnapshotRow => ({
  at: date(at),
  dealId,
  owner,
  stage,
  amount,
  probability,
  weighted: amount === null ? 0 : amount * probability,
  expectedClose: expectedClose ? date(expectedClose) : null,
  row: 0,
});

// Jan 15: D1 ann Proposal 1000 × 60% = 600 for Jan 31; D2 bob Negotiation 2000 × 80% = 1600 for Feb 10;
// D3 ann Lead 500 × 10% = 50 for Feb 20; D8 bob Contacted 1000 × 30% = 300, due Dec 20 (overdue);
// D9 ann Qualified with no amount yet; D10 bob Lead 400 with no expected close.
// Feb 1: D2 again; D3 now Qualified (100); D5 ann Lead 1000 for April; D8 still overdue; D10 still undated.
const snapshots = [
  snap('2026-01-15', 'D1', 'ann', 'Proposal', 1000, 0.6, '2026-01-31'),
  snap('2026-01-15', 'D2', 'bob', 'Negotiation', 2000, 0.8, '2026-02-10'),
  snap('2026-01-15', 'D3', 'ann', 'Lead', 500, 0.1, '2026-02-20'),
  snap('2026-01-15', 'D8', 'bob', 'Contacted', 1000, 0.3, '2025-12-20'),
  snap('2026-01-15', 'D9', 'ann', 'Qualified', null, 0.2, '2026-01-25'),
  snap('2026-01-15', 'D10', 'bob', 'Lead', 400, 0.1, null),
  snap('2026-02-01', 'D2', 'bob', 'Negotiation', 2000, 0.8, '2026-02-10'),
  snap('2026-02-01', 'D3', 'ann', 'Qualified', 500, 0.2, '2026-02-20'),
  snap('2026-02-01', 'D5', 'ann', 'Lead', 1000, 0.1, '2026-04-10'),
  snap('2026-02-01', 'D8', 'bob', 'Contacted', 1000, 0.3, '2025-12-20'),
  snap('2026-02-01', 'D10', 'bob', 'Lead', 400, 0.1, null),
];
// Now: D1 won Jan 20 (1000); D2 lost; D3 won Feb 25 (500); D4 won Jan 10, before the first snapshot
// (300); D6 won Feb 5 without ever being in a snapshot (bob, 700); D7 won with no date; D8 won Feb 3
// (1000); D9 won Jan 25 (800); D10 won Feb 20 (400).
const deals = [
  blankDeal({ id: 'D1', owner: 'ann', stage: 'Won', amount: 1000, closedOn: date('2026-01-20') }),
  blankDeal({ id: 'D2', owner: 'bob', stage: 'Lost', amount: 2000, closedOn: date('2026-02-12') }),
  blankDeal({ id: 'D3', owner: 'ann', stage: 'Won', amount: 500, closedOn: date('2026-02-25') }),
  blankDeal({ id: 'D4', owner: 'bob', stage: 'Won', amount: 300, closedOn: date('2026-01-10') }),
  blankDeal({ id: 'D5', owner: 'ann', stage: 'Lead', amount: 1000 }),
  blankDeal({ id: 'D6', owner: 'bob', stage: 'Won', amount: 700, closedOn: date('2026-02-05') }),
  blankDeal({ id: 'D7', owner: 'bob', stage: 'Won', amount: 50 }),
  blankDeal({ id: 'D8', owner: 'bob', stage: 'Won', amount: 1000, closedOn: date('2026-02-03') }),
  blankDeal({ id: 'D9', owner: 'ann', stage: 'Won', amount: 800, closedOn: date('2026-01-25') }),
  blankDeal({ id: 'D10', owner: 'bob', stage: 'Won', amount: 400, closedOn: date('2026-02-20') }),
];
const asOf = date('2026-03-01');
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('backtest by owner', () => {
  const result = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'owner', asOf });

  it("scores each snapshot against the ended periods, overdue deals in the snapshot day's period (worked by hand)", () => {
    expect(
      result.rows.map((r) => [iso(r.snapshot), r.period, r.group, r.forecast, r.actual, r.wonNotInSnapshot, r.wonWithoutDateOrAmount]),
    ).toEqual([
      // D1 600 → won 1000. D9 had no amount on Jan 15: its 800 is counted apart.
      ['2026-01-15', '2026-01', 'ann', 600, 1000, 0, 800],
      // D8 was due Dec 20, before Jan 15: taken to close on Jan 15, so its 300 is January's forecast.
      ['2026-01-15', '2026-01', 'bob', 300, 0, 0, 0],
      ['2026-01-15', '2026-02', 'ann', 50, 500, 0, 0],
      // D2 1600 was lost; D8 won in February instead of January (a timing miss); D6 new, D10 undated: apart.
      ['2026-01-15', '2026-02', 'bob', 1600, 1000, 700, 400],
      // Feb 1: D3 now 100; April (D5) has not ended by Mar 1; D1 and D9 won before the snapshot.
      ['2026-02-01', '2026-02', 'ann', 100, 500, 0, 0],
      ['2026-02-01', '2026-02', 'bob', 1900, 1000, 700, 400],
    ]);
    expect(result.snapshots).toBe(2);
    expect(result.wonWithoutCloseDate).toBe(1);
  });

  it('gives bias, WAPE and MAPE per owner (by hand: ann 750 vs 2000; bob 3800 vs 2000)', () => {
    const [ann, bob] = result.groups;
    expect(ann.group).toBe('ann');
    expect([ann.pairs, ann.forecast, ann.actual, ann.mapePairs, ann.wonNotInSnapshot, ann.wonWithoutDateOrAmount]).toEqual([
      3, 750, 2000, 3, 0, 800,
    ]);
    expect(ann.bias).toBeCloseTo(-1250 / 3, 9);
    expect(ann.relativeBias).toBeCloseTo(-0.625, 12);
    // |600 − 1000| + |50 − 500| + |100 − 500| = 1250, over 2000.
    expect(ann.wape).toBeCloseTo(0.625, 12);
    expect(ann.mape).toBeCloseTo((0.4 + 0.9 + 0.8) / 3, 12);
    expect(bob.group).toBe('bob');
    expect([bob.pairs, bob.forecast, bob.actual, bob.mapePairs, bob.wonNotInSnapshot, bob.wonWithoutDateOrAmount]).toEqual([
      3, 3800, 2000, 2, 1400, 800,
    ]);
    expect(bob.bias).toBeCloseTo(600, 9);
    expect(bob.relativeBias).toBeCloseTo(0.9, 12);
    // 300 + 600 + 900 = 1800 over 2000; MAPE over the two pairs with a win: (600/1000 + 900/1000) ÷ 2.
    expect(bob.wape).toBeCloseTo(0.9, 12);
    expect(bob.mape).toBeCloseTo(0.75, 12);
  });

  it('sums the owners per (snapshot, period) for the total (by hand: 900/1000, 1650/1500, 2000/1500)', () => {
    const total = result.total;
    expect(total.group).toBe(ALL_GROUPS);
    expect([total.pairs, total.forecast, total.actual, total.wonNotInSnapshot, total.wonWithoutDateOrAmount]).toEqual([
      3, 4550, 4000, 1400, 1600,
    ]);
    expect(total.bias).toBeCloseTo(550 / 3, 9);
    expect(total.relativeBias).toBeCloseTo(550 / 4000, 12);
    expect(total.wape).toBeCloseTo((100 + 150 + 500) / 4000, 12);
    expect(total.mape).toBeCloseTo((0.1 + 0.1 + 500 / 1500) / 3, 12);
  });

  it('lays out tidy tables', () => {
    const table = backtestTable(result, { includeTotal: true });
    expect(table[0]).toEqual([...BACKTEST_HEADERS]);
    expect(table.map((r) => r[0])).toEqual(['Group', 'ann', 'bob', ALL_GROUPS]);
    expect(table[1]).toEqual(['ann', 3, 750, 2000, -1250 / 3, -0.625, 0.625, expect.closeTo(0.7, 12), 3, 0, 800]);
    const detail = backtestDetailTable(result);
    expect(detail[0]).toEqual([...BACKTEST_DETAIL_HEADERS]);
    expect(detail[1]).toEqual([date('2026-01-15'), '2026-01', 'ann', 600, 1000, -400, 0, 800]);
  });
});

describe('backtest by stage', () => {
  const result = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'stage', asOf });

  it('groups by the stage each deal was in that day, in pipeline order, wins of deals not in the snapshot last (by hand)', () => {
    expect(
      result.groups.map((g) => [g.group, g.pairs, g.forecast, g.actual, g.wonNotInSnapshot, g.wonWithoutDateOrAmount, g.mape]),
    ).toEqual([
      // D3 50 → 500 (Jan 15); D10 undated on both days.
      ['Lead', 2, 50, 500, 0, 800, 0.9],
      // D9 (Jan 15, no amount); D3 100 → 500 (Feb 1).
      ['Qualified', 2, 100, 500, 0, 800, 0.8],
      // D8: 300 in January with no win, 1000 won in February against 0, then 300 → 1000 on Feb 1.
      ['Contacted', 3, 600, 2000, 0, 0, (1 + 0.7) / 2],
      ['Proposal', 1, 600, 1000, 0, 0, 0.4],
      ['Negotiation', 2, 3200, 0, 0, 0, null],
      [NOT_IN_SNAPSHOT, 2, 0, 0, 1400, 0, null],
    ]);
    expect(result.groups[4].bias).toBe(1600);
    expect(result.groups[4].relativeBias).toBeNull();
    expect(result.groups[4].wape).toBeNull();
  });

  it('has the same total as by owner: the groups add up to the whole', () => {
    const byOwner = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'owner', asOf });
    expect(result.total).toEqual(byOwner.total);
  });
});

describe('backtest periods', () => {
  it('counts only periods ended by the latest snapshot when no asOf is given (Feb 1: only January has ended)', () => {
    const result = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'owner' });
    expect(result.rows.map((r) => [r.period, r.group, r.forecast, r.actual, r.wonWithoutDateOrAmount])).toEqual([
      ['2026-01', 'ann', 600, 1000, 800],
      ['2026-01', 'bob', 300, 0, 0],
    ]);
  });

  it('works by quarter (by hand: Q1 from Jan 15 holds 600 + 300 + 1600 + 50 = 2550 against D1, D3, D8 = 2500 won)', () => {
    const result = backtest(snapshots.slice(0, 6), deals, DEFAULT_CONFIG, { by: 'owner', period: 'quarter', asOf: date('2026-04-01') });
    expect(result.total.forecast).toBe(2550);
    expect(result.total.actual).toBe(2500);
    // Apart: D6 (700) not in the snapshot; D9 (800) and D10 (400) with no amount or date.
    expect([result.total.wonNotInSnapshot, result.total.wonWithoutDateOrAmount]).toEqual([700, 1200]);
    expect(result.rows.every((r) => r.period === '2026-Q1')).toBe(true);
  });

  it('opens a period for a forecast deal won earlier than expected, and counts the other wins only in periods it scores', () => {
    // X was expected Feb 20 but won Jan 28; Y, opened later, won Jan 20; Z, opened later, won Mar 5,
    // a month the snapshot forecast nothing for and no deal of it won in.
    const rows = [snap('2026-01-15', 'X', 'ann', 'Proposal', 1000, 0.6, '2026-02-20')];
    const later = [
      blankDeal({ id: 'X', owner: 'ann', stage: 'Won', amount: 1000, closedOn: date('2026-01-28') }),
      blankDeal({ id: 'Y', owner: 'ann', stage: 'Won', amount: 500, closedOn: date('2026-01-20') }),
      blankDeal({ id: 'Z', owner: 'ann', stage: 'Won', amount: 900, closedOn: date('2026-03-05') }),
    ];
    const result = backtest(rows, later, DEFAULT_CONFIG, { by: 'owner', asOf: date('2026-04-01') });
    expect(result.rows.map((r) => [r.period, r.forecast, r.actual, r.wonNotInSnapshot])).toEqual([
      ['2026-01', 0, 1000, 500],
      ['2026-02', 600, 0, 0],
    ]);
    // Two pairs: |0 − 1000| + |600 − 0| = 1600 over 1000 won; MAPE only over January (100%).
    expect(result.total.wape).toBeCloseTo(1.6, 12);
    expect(result.total.mape).toBe(1);
  });

  it('counts a deal listed twice on one day once (its last row)', () => {
    const twice = [
      snap('2026-01-15', 'D1', 'ann', 'Proposal', 1000, 0.6, '2026-01-31'),
      snap('2026-01-15', 'D1', 'ann', 'Negotiation', 1000, 0.8, '2026-01-31'),
    ];
    const result = backtest(twice, deals.slice(0, 1), DEFAULT_CONFIG, { by: 'stage', asOf });
    expect(result.rows.map((r) => [r.group, r.forecast, r.actual])).toEqual([['Negotiation', 800, 1000]]);
  });

  it('takes a row with a Weighted but no amount as forecast (a Snapshots sheet typed by hand)', () => {
    const typed: SnapshotRow = { ...snap('2026-01-15', 'D1', 'ann', 'Proposal', null, 0.6, '2026-01-31'), weighted: 450 };
    const result = backtest([typed], deals, DEFAULT_CONFIG, { by: 'owner', asOf });
    expect(result.rows.map((r) => [r.forecast, r.actual, r.wonWithoutDateOrAmount])).toEqual([[450, 1000, 0]]);
  });

  it('has nothing to say without snapshots', () => {
    const result = backtest([], deals, DEFAULT_CONFIG, { by: 'owner' });
    expect([result.rows, result.groups, result.total.pairs, result.total.mape, result.total.wape]).toEqual([[], [], 0, null, null]);
  });
});

describe('backtest with other probabilities', () => {
  it("re-weights the rows that used their stage's probability (by hand: Lead 30%, Contacted 50%)", () => {
    const probabilities = new Map([
      ['Lead', 0.3],
      ['Contacted', 0.5],
    ]);
    const result = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'owner', asOf, probabilities });
    // Jan 15: D1 600 + D8 1000 × 50% = 1100 for January; D2 1600 + D3 500 × 30% = 1750 for February.
    // Feb 1: D2 1600 + D3 (Qualified, unchanged) 100 + D8 500 = 2200. Actual as before: 4000.
    expect(result.total.forecast).toBeCloseTo(1100 + 1750 + 2200, 9);
    expect(result.total.actual).toBe(4000);
    expect(result.total.relativeBias).toBeCloseTo(1050 / 4000, 12);
  });

  it("keeps a deal's own override and a row without an amount as they were", () => {
    const rows = [
      snap('2026-01-15', 'L1', 'ann', 'Lead', 1000, 0.1, '2026-01-31'),
      // A 50% override of Lead's 10%.
      snap('2026-01-15', 'L2', 'ann', 'Lead', 1000, 0.5, '2026-01-31'),
      { ...snap('2026-01-15', 'L3', 'ann', 'Lead', null, 0.1, '2026-01-31'), weighted: 70 },
    ];
    const result = backtest(rows, [], DEFAULT_CONFIG, { by: 'owner', asOf, probabilities: new Map([['Lead', 0.3]]) });
    // 1000 × 30% + 1000 × 50% + 70.
    expect(result.total.forecast).toBeCloseTo(870, 9);
  });
});
