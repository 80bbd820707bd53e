import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { cycleDays, mean, median, velocity, winRate } from '../../src/core/outcomes';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import type { HistoryEntry } from '../../src/core/types';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const move = (dealId: string, to: string, at: string): HistoryEntry => ({
  at: new Date(at),
  dealId,
  from: '',
  to,
  amount: null,
  expectedClose: null,
  probability: null,
  by: '',
  source: 'edit',
  row: 0,
});

describe('median and mean', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([7, 1, 3])).toBe(3); // sorted 1, 3, 7
    expect(median([30, 4, 20, 10])).toBe(15); // sorted 4, 10, 20, 30 → (10 + 20) / 2
    expect(median([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3); // 9 / 3
    expect(mean([])).toBeNull();
  });
});

describe('winRate', () => {
  const deals = [
    blankDeal({ id: 'W1', stage: 'Won', closedOn: day('2026-01-31') }),
    blankDeal({ id: 'W2', stage: 'Won', closedOn: day('2026-02-10') }),
    blankDeal({ id: 'W3', stage: 'won' }),
    blankDeal({ id: 'L1', stage: 'Lost', closedOn: day('2026-01-20') }),
    blankDeal({ id: 'O1', stage: 'Proposal', closedOn: day('2026-01-15') }),
    blankDeal({ id: 'U1', stage: 'Zombie', closedOn: day('2026-01-15') }),
  ];

  it('divides won by won + lost, over deals in won and lost stages', () => {
    expect(winRate(deals, DEFAULT_CONFIG)).toEqual({ won: 3, lost: 1, rate: 0.75 }); // 3 / 4
  });

  it('filters by Closed on, both ends included, leaving out deals without one', () => {
    // January: W1 (closed on the 31st, the last day) and L1 → 1 / 2.
    expect(winRate(deals, DEFAULT_CONFIG, { from: day('2026-01-01'), to: day('2026-01-31') })).toEqual({ won: 1, lost: 1, rate: 0.5 });
    // From February on: W2 only; W3 has no Closed on.
    expect(winRate(deals, DEFAULT_CONFIG, { from: day('2026-02-01') })).toEqual({ won: 1, lost: 0, rate: 1 });
  });

  it('has no rate when nothing has closed', () => {
    expect(winRate([blankDeal({ stage: 'Lead' })], DEFAULT_CONFIG)).toEqual({ won: 0, lost: 0, rate: null });
  });
});

describe('cycleDays', () => {
  it('counts calendar days from Created or the first move to the first won move, else Closed on', () => {
    const deals = [
      // Jan 1 → won Jan 11 (times of day do not matter): 10.
      blankDeal({ id: 'W1', stage: 'Won', created: day('2026-01-01'), closedOn: day('2026-01-12') }),
      // No Created: first move Feb 1 → won Feb 21: 20 (History beats Closed on).
      blankDeal({ id: 'W2', stage: 'Won', closedOn: day('2026-03-01') }),
      // No History: Created Mar 1 → Closed on Mar 31: 30.
      blankDeal({ id: 'W3', stage: 'Won', created: day('2026-03-01'), closedOn: day('2026-03-31') }),
      // Won, reopened and won again: the first win counts, Jan 1 → Jan 5: 4.
      blankDeal({ id: 'W4', stage: 'Won', created: day('2026-01-01') }),
      // No start at all (Stage changed is not a start): left out.
      blankDeal({ id: 'W5', stage: 'Won', stageChanged: day('2026-04-01'), closedOn: day('2026-04-05') }),
      // Closed before it was created: left out.
      blankDeal({ id: 'W6', stage: 'Won', created: day('2026-05-10'), closedOn: day('2026-05-01') }),
      // Not won: left out.
      blankDeal({ id: 'O1', stage: 'Proposal', created: day('2026-01-01'), closedOn: day('2026-09-01') }),
    ];
    const history = [
      move('W1', 'Lead', '2026-01-01T09:00:00Z'),
      move('W1', 'Won', '2026-01-11T17:00:00Z'),
      move('W2', 'Proposal', '2026-02-05T10:00:00Z'),
      move('W2', 'Lead', '2026-02-01T10:00:00Z'),
      move('W2', 'Won', '2026-02-21T08:00:00Z'),
      move('W4', 'Won', '2026-01-05T12:00:00Z'),
      move('W4', 'Negotiation', '2026-01-06T12:00:00Z'),
      move('W4', 'Won', '2026-01-20T12:00:00Z'),
      move('O1', 'Won', '2026-01-03T12:00:00Z'),
      move('O1', 'Proposal', '2026-01-04T12:00:00Z'),
    ];
    // Days 10, 20, 30, 4: mean 64 / 4 = 16, median (10 + 20) / 2 = 15.
    expect(cycleDays(deals, history, DEFAULT_CONFIG)).toEqual({ count: 4, meanDays: 16, medianDays: 15 });
  });

  it('is empty without won deals', () => {
    expect(cycleDays([blankDeal({ stage: 'Lead', created: day('2026-01-01') })], [], DEFAULT_CONFIG)).toEqual({
      count: 0,
      meanDays: null,
      medianDays: null,
    });
  });
});

describe('velocity', () => {
  it('is open deals × average won amount × win rate ÷ average cycle days', () => {
    const deals = [
      blankDeal({ id: 'O1', stage: 'Lead', amount: 99 }),
      blankDeal({ id: 'O2', stage: 'Proposal' }),
      blankDeal({ id: 'O3', stage: 'Negotiation', amount: 5 }),
      blankDeal({ id: 'U1', stage: 'Zombie', amount: 1 }),
      blankDeal({ id: 'W1', stage: 'Won', amount: 1000, created: day('2026-01-01'), closedOn: day('2026-01-11') }),
      blankDeal({ id: 'W2', stage: 'Won', amount: 3000, created: day('2026-02-01'), closedOn: day('2026-02-21') }),
      blankDeal({ id: 'W3', stage: 'Won', amount: null, created: day('2026-03-01'), closedOn: day('2026-03-31') }),
      blankDeal({ id: 'L1', stage: 'Lost', amount: 50 }),
      blankDeal({ id: 'L2', stage: 'Lost' }),
    ];
    // Open: O1-O3 (U1's stage is unknown) = 3. Won amount: (1000 + 3000) / 2 = 2000 (W3 has none).
    // Win rate 3 / 5 = 0.6. Cycle days 10, 20, 30 → 20. Per day: 3 × 2000 × 0.6 / 20 = 180.
    const v = velocity(deals, [], DEFAULT_CONFIG);
    expect(v).toEqual({ openDeals: 3, averageWonAmount: 2000, winRate: 0.6, averageCycleDays: 20, perDay: expect.closeTo(180, 9) });
  });

  it('has no per-day figure when a part is missing or the cycle is 0 days', () => {
    const noWins = velocity([blankDeal({ stage: 'Lead' }), blankDeal({ stage: 'Lost' })], [], DEFAULT_CONFIG);
    expect(noWins).toEqual({ openDeals: 1, averageWonAmount: null, winRate: 0, averageCycleDays: null, perDay: null });
    const sameDay = velocity(
      [blankDeal({ stage: 'Lead' }), blankDeal({ stage: 'Won', amount: 10, created: day('2026-01-01'), closedOn: day('2026-01-01') })],
      [],
      DEFAULT_CONFIG,
    );
    expect(sameDay.averageCycleDays).toBe(0);
    expect(sameDay.perDay).toBeNull();
  });
});

describe('median by selection', () => {
  // The sort it replaced: a typed array's numeric sort, then the middle (or the mean of the two middle values).
  const bySort = (values: number[]) => {
    const sorted = Float64Array.from(values).sort();
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  it('gives the value a sort gives, on odd and even counts, repeats, sorted, reversed and organ-pipe orders', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const cases: number[][] = [
      [5],
      [2, 1],
      [3, 3, 3, 3],
      [1, 2, 3, 4, 5, 6],
      [6, 5, 4, 3, 2, 1],
      [1, 3, 5, 7, 6, 4, 2],
      [-1.5, 0, 2.25, -7],
    ];
    for (let n = 1; n <= 300; n++) {
      cases.push(Array.from({ length: n }, () => Math.floor(next() * 5)));
      cases.push(Array.from({ length: n }, () => (next() - 0.5) * 1e6));
    }
    for (const values of cases) {
      const before = [...values];
      expect(median(values)).toBe(bySort(values));
      expect(values).toEqual(before);
    }
    expect(median([1, Number.NaN, 3])).toBe(3);
    expect(median([])).toBeNull();
  });
});
