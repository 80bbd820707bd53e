import { describe, expect, it } from 'vitest';
import { ALL_GROUPS, backtest, backtestDetailTable, backtestTable, BACKTEST_HEADERS, NOT_IN_SNAPSHOT } from '../../src/core/backtest';
import { blankDeal } from '../../src/core/deals';
import type { SnapshotRow } from '../../src/core/snapshots';
import { DEFAULT_CONFIG } from '../../src/core/stages';

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
const snap = (at: string, dealId: string, owner: string, stage: string, weighted: number, expectedClose: string): SnapshotRow => ({
  at: date(at), dealId, owner, stage, amount: null, probability: null, weighted, expectedClose: date(expectedClose), row: 0,
});

// Two snapshots. On Jan 15: D1 (ann, Proposal, 600 for January), D2 (bob, Negotiation, 1600 for
// February), D3 (ann, Lead, 50 for February). On Feb 1: D2 again, D3 now Qualified (100), D5 for April.
const snapshots = [
  snap('2026-01-15', 'D1', 'ann', 'Proposal', 600, '2026-01-31'),
  snap('2026-01-15', 'D2', 'bob', 'Negotiation', 1600, '2026-02-10'),
  snap('2026-01-15', 'D3', 'ann', 'Lead', 50, '2026-02-20'),
  snap('2026-02-01', 'D2', 'bob', 'Negotiation', 1600, '2026-02-10'),
  snap('2026-02-01', 'D3', 'ann', 'Qualified', 100, '2026-02-20'),
  snap('2026-02-01', 'D5', 'ann', 'Lead', 100, '2026-04-10'),
];
// Now: D1 won Jan 20 (1000); D2 lost; D3 won Feb 25 (500); D4 won Jan 10, before the first
// snapshot (300); D6 won Feb 5 without ever being in a snapshot (bob, 700); D7 won with no date.
const deals = [
  blankDeal({ id: 'D1', owner: 'ann', stage: 'Won', amount: 1000, closedOn: date('2026-01-20') }),
  blankDeal({ id: 'D2', owner: 'bob', stage: 'Lost', amount: 2000, closedOn: date('2026-02-12') }),
  blankDeal({ id: 'D3', owner: 'ann', stage: 'Won', amount: 500, closedOn: date('2026-02-25') }),
  blankDeal({ id: 'D4', owner: 'bob', stage: 'Won', amount: 300, closedOn: date('2026-01-10') }),
  blankDeal({ id: 'D5', owner: 'ann', stage: 'Lead', amount: 1000 }),
  blankDeal({ id: 'D6', owner: 'bob', stage: 'Won', amount: 700, closedOn: date('2026-02-05') }),
  blankDeal({ id: 'D7', owner: 'bob', stage: 'Won', amount: 50 }),
];
const asOf = date('2026-03-01');

describe('backtest by owner', () => {
  const result = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'owner', asOf });

  it('pairs each snapshot with the ended periods it forecast (by hand: Jan 15 → Jan, Feb; Feb 1 → Feb; April has not ended)', () => {
    expect(result.rows.map((r) => [r.snapshot.toISOString().slice(0, 10), r.period, r.group, r.forecast, r.actual])).toEqual([
      ['2026-01-15', '2026-01', 'ann', 600, 1000], // D1 won Jan 20; D4 (Jan 10) closed before the snapshot
      ['2026-01-15', '2026-02', 'ann', 50, 500], // D3
      ['2026-01-15', '2026-02', 'bob', 1600, 700], // D2 lost; D6 was not in the snapshot and counts for its owner
      ['2026-02-01', '2026-02', 'ann', 100, 500],
      ['2026-02-01', '2026-02', 'bob', 1600, 700],
    ]);
    expect(result.snapshots).toBe(2);
    expect(result.wonWithoutCloseDate).toBe(1);
  });

  it('gives bias and MAPE per owner (by hand: ann −1250/3, −0.625, (0.4+0.9+0.8)/3; bob 900, 1800/1400, 900/700)', () => {
    const [ann, bob] = result.groups;
    expect(ann.group).toBe('ann');
    expect([ann.pairs, ann.forecast, ann.actual, ann.mapePairs]).toEqual([3, 750, 2000, 3]);
    expect(ann.bias).toBeCloseTo(-1250 / 3, 9);
    expect(ann.relativeBias).toBeCloseTo(-0.625, 12);
    expect(ann.mape).toBeCloseTo(0.7, 12);
    expect(bob.group).toBe('bob');
    expect(bob.bias).toBeCloseTo(900, 9);
    expect(bob.relativeBias).toBeCloseTo(1800 / 1400, 12);
    expect(bob.mape).toBeCloseTo(900 / 700, 12);
  });

  it('sums the owners per (snapshot, period) for the total (by hand: 600/1000, 1650/1200, 1700/1200)', () => {
    const total = result.total;
    expect(total.group).toBe(ALL_GROUPS);
    expect([total.pairs, total.forecast, total.actual]).toEqual([3, 3950, 3400]);
    expect(total.bias).toBeCloseTo(550 / 3, 9);
    expect(total.relativeBias).toBeCloseTo(550 / 3400, 12);
    expect(total.mape).toBeCloseTo((0.4 + 450 / 1200 + 500 / 1200) / 3, 12);
  });

  it('lays out tidy tables', () => {
    const table = backtestTable(result, { includeTotal: true });
    expect(table[0]).toEqual([...BACKTEST_HEADERS]);
    expect(table.map((r) => r[0])).toEqual(['Group', 'ann', 'bob', ALL_GROUPS]);
    expect(backtestDetailTable(result)[1]).toEqual([date('2026-01-15'), '2026-01', 'ann', 600, 1000, -400]);
  });
});

describe('backtest by stage', () => {
  const result = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'stage', asOf });

  it('groups by the stage each deal was in that day, in pipeline order, new wins last (by hand)', () => {
    expect(result.groups.map((g) => [g.group, g.pairs, g.forecast, g.actual, g.mape])).toEqual([
      ['Lead', 1, 50, 500, 0.9],
      ['Qualified', 1, 100, 500, 0.8],
      ['Proposal', 1, 600, 1000, 0.4],
      ['Negotiation', 2, 3200, 0, null],
      [NOT_IN_SNAPSHOT, 2, 0, 1400, 1],
    ]);
    expect(result.groups[3].bias).toBe(1600);
    expect(result.groups[3].relativeBias).toBeNull();
  });

  it('has the same total as by owner: the groups add up to the whole', () => {
    const byOwner = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'owner', asOf });
    expect(result.total).toEqual(byOwner.total);
  });
});

describe('backtest periods', () => {
  it('counts only periods ended by the latest snapshot when no asOf is given (Feb 1: only January has ended)', () => {
    const result = backtest(snapshots, deals, DEFAULT_CONFIG, { by: 'owner' });
    expect(result.rows.map((r) => [r.period, r.group, r.forecast, r.actual])).toEqual([['2026-01', 'ann', 600, 1000]]);
  });

  it('works by quarter (by hand: Q1 from Jan 15 holds D1, D3, D6 = 2200 won against 2250 forecast)', () => {
    const result = backtest(snapshots.slice(0, 3), deals, DEFAULT_CONFIG, { by: 'owner', period: 'quarter', asOf: date('2026-04-01') });
    expect(result.total.forecast).toBe(2250);
    expect(result.total.actual).toBe(2200);
    expect(result.rows.every((r) => r.period === '2026-Q1')).toBe(true);
  });

  it('counts a deal listed twice on one day once (its last row)', () => {
    const twice = [snap('2026-01-15', 'D1', 'ann', 'Proposal', 600, '2026-01-31'), snap('2026-01-15', 'D1', 'ann', 'Negotiation', 800, '2026-01-31')];
    const result = backtest(twice, deals, DEFAULT_CONFIG, { by: 'stage', asOf });
    expect(result.rows.map((r) => [r.group, r.forecast, r.actual])).toEqual([['Negotiation', 800, 1000]]);
  });

  it('has nothing to say without snapshots', () => {
    const result = backtest([], deals, DEFAULT_CONFIG, { by: 'owner' });
    expect([result.rows, result.groups, result.total.pairs, result.total.mape]).toEqual([[], [], 0, null]);
  });
});
