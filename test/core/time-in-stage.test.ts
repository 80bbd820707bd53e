import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import { timeInStage } from '../../src/core/time-in-stage';
import type { HistoryEntry } from '../../src/core/types';

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

const asOf = new Date('2026-03-01T00:00:00Z');
const deals = [
  blankDeal({ id: 'T1', stage: 'Lost' }),
  blankDeal({ id: 'T2', stage: 'Won' }),
  blankDeal({ id: 'T3', stage: 'Qualified' }),
  // Its History misses the move to Won, so its last stay has no end and never counts.
  blankDeal({ id: 'T5', stage: 'Won' }),
];
const history = [
  move('T1', 'Lead', '2026-01-01T00:00:00Z'),
  move('T1', 'Qualified', '2026-01-03T12:00:00Z'),
  move('T1', 'Lost', '2026-01-10T00:00:00Z'),
  // Lead recorded twice: one stay of 4 days.
  move('T2', 'Lead', '2026-01-01T00:00:00Z'),
  move('T2', 'Lead', '2026-01-02T00:00:00Z'),
  move('T2', 'Qualified', '2026-01-05T00:00:00Z'),
  move('T2', 'Won', '2026-01-06T00:00:00Z'),
  move('T3', 'Qualified', '2026-02-20T00:00:00Z'),
  move('T3', 'Lead', '2026-02-01T00:00:00Z'),
  // Only in History (the Deals row is gone), last seen in Contacted.
  move('T4', 'Lead', '2026-01-10T00:00:00Z'),
  move('T4', 'Contacted', '2026-01-11T00:00:00Z'),
  move('T5', 'Proposal', '2026-01-15T00:00:00Z'),
];

describe('timeInStage', () => {
  it('measures finished stays in each open stage, in stage order', () => {
    // Lead: T1 2.5, T2 4, T3 19 (Feb 1 → Feb 20), T4 1 → mean 26.5 / 4 = 6.625, median (2.5 + 4) / 2 = 3.25.
    // Qualified: T1 6.5, T2 1 → mean and median 3.75. Nothing finished in the others.
    const rows = timeInStage(deals, history, DEFAULT_CONFIG, asOf);
    expect(rows).toEqual([
      { stage: 'Lead', visits: 4, meanDays: 6.625, medianDays: 3.25 },
      { stage: 'Qualified', visits: 2, meanDays: 3.75, medianDays: 3.75 },
      { stage: 'Contacted', visits: 0, meanDays: null, medianDays: null },
      { stage: 'Meeting/Demo', visits: 0, meanDays: null, medianDays: null },
      { stage: 'Proposal', visits: 0, meanDays: null, medianDays: null },
      { stage: 'Negotiation', visits: 0, meanDays: null, medianDays: null },
    ]);
  });

  it('adds stays still running at asOf when asked', () => {
    // T3 in Qualified since Feb 20: 9 days to Mar 1 (February 2026 has 28 days) → 6.5, 1, 9: mean 5.5, median 6.5.
    // T4 in Contacted since Jan 11: 20 + 28 + 1 = 49 days. T5's Proposal stay does not count: the deal is won.
    const rows = timeInStage(deals, history, DEFAULT_CONFIG, asOf, { includeOpen: true });
    expect(rows[1]).toEqual({ stage: 'Qualified', visits: 3, meanDays: 5.5, medianDays: 6.5 });
    expect(rows[2]).toEqual({ stage: 'Contacted', visits: 1, meanDays: 49, medianDays: 49 });
    expect(rows[4]).toEqual({ stage: 'Proposal', visits: 0, meanDays: null, medianDays: null });
    expect(rows[0].visits).toBe(4);
  });

  it('uses Stage changed for a deal without History, and skips stays that start after asOf', () => {
    const lone = [
      blankDeal({ id: 'A', stage: 'Proposal', stageChanged: new Date('2026-02-19T00:00:00Z') }),
      blankDeal({ id: 'B', stage: 'Proposal', stageChanged: new Date('2026-03-05T00:00:00Z') }),
    ];
    // A: Feb 19 → Mar 1 = 10 days. B entered after asOf: not counted.
    expect(timeInStage(lone, [], DEFAULT_CONFIG, asOf, { includeOpen: true })[4]).toEqual({
      stage: 'Proposal',
      visits: 1,
      meanDays: 10,
      medianDays: 10,
    });
  });
});
