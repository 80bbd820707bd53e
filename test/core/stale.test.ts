import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import { staleDeals } from '../../src/core/stale';
import type { Deal, HistoryEntry } from '../../src/core/types';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const move = (dealId: string, from: string, to: string, at: string): HistoryEntry => ({
  at: new Date(at),
  dealId,
  from,
  to,
  amount: null,
  expectedClose: null,
  probability: null,
  by: '',
  source: 'edit',
  row: 0,
});
const asOf = new Date('2026-11-01T08:00:00Z');

/** A deal in Proposal (rotting 21 days) that entered it on 2026-10-01, per History. */
function proposal(overrides: Partial<Deal> = {}): { deal: Deal; history: HistoryEntry[] } {
  const deal = blankDeal({ id: 'D-1', row: 2, owner: 'ann@example.com', stage: 'Proposal', created: day('2026-09-01'), ...overrides });
  const history = [move(deal.id, '', 'Lead', '2026-09-01T09:00:00Z'), move(deal.id, 'Negotiation', 'Proposal', '2026-10-01T15:30:00Z')];
  return { deal, history };
}

describe('staleDeals', () => {
  it('flags a deal past its stage rotting days, counting whole days from History', () => {
    const { deal, history } = proposal();
    const [stale] = staleDeals([deal], history, DEFAULT_CONFIG, asOf);
    // 2026-10-01 → 2026-11-01: 30 days of October + 1 = 31 whole days, over Proposal's 21.
    expect(stale.daysInStage).toBe(31);
    expect(stale.rottingDays).toBe(21);
    expect(stale.enteredStage).toEqual(new Date('2026-10-01T15:30:00Z'));
    expect(stale.flags).toEqual(['rotting']);
  });

  it('does not flag a deal exactly at its rotting days (the limit is "more than")', () => {
    const { deal, history } = proposal();
    // 2026-10-01 + 21 days = 2026-10-22: daysInStage 21, not > 21.
    expect(staleDeals([deal], history, DEFAULT_CONFIG, day('2026-10-22'))).toEqual([]);
    // One day later it is 22 > 21.
    expect(staleDeals([deal], history, DEFAULT_CONFIG, day('2026-10-23'))[0].daysInStage).toBe(22);
  });

  it('holds rotting back while a future next step is planned', () => {
    const { deal, history } = proposal({ nextStep: 'Call CFO', nextStepDate: day('2026-11-05') });
    expect(staleDeals([deal], history, DEFAULT_CONFIG, asOf)).toEqual([]);
  });

  it('flags an overdue next step instead, with the days it is late', () => {
    const { deal, history } = proposal({ nextStep: 'Call CFO', nextStepDate: day('2026-10-29') });
    const [stale] = staleDeals([deal], history, DEFAULT_CONFIG, asOf);
    // 2026-10-29 → 2026-11-01 is 3 days; a past next step holds nothing back.
    expect(stale.flags).toEqual(['rotting', 'overdue-next-step']);
    expect(stale.nextStepOverdueDays).toBe(3);
  });

  it('treats a next step dated today as neither overdue nor planned ahead', () => {
    const { deal, history } = proposal({ nextStepDate: day('2026-11-01') });
    const [stale] = staleDeals([deal], history, DEFAULT_CONFIG, asOf);
    expect(stale.flags).toEqual(['rotting']);
    expect(stale.nextStepOverdueDays).toBeNull();
  });

  it('flags a slipped close date on a fresh deal', () => {
    const deal = blankDeal({ id: 'D-2', stage: 'Negotiation', created: day('2026-10-20'), expectedClose: day('2026-10-25') });
    const [stale] = staleDeals([deal], [move('D-2', '', 'Negotiation', '2026-10-30T10:00:00Z')], DEFAULT_CONFIG, asOf);
    // Entered 2026-10-30: 2 days in stage, under Negotiation's 14; close 2026-10-25 → 7 days slipped.
    expect(stale.daysInStage).toBe(2);
    expect(stale.flags).toEqual(['slipped-close']);
    expect(stale.closeSlippedDays).toBe(7);
  });

  it('holds back every flag while a deal is snoozed, and lets them return on the snooze day', () => {
    const { deal, history } = proposal({
      nextStepDate: day('2026-10-29'),
      expectedClose: day('2026-10-15'),
      snoozeUntil: day('2026-11-02'),
    });
    expect(staleDeals([deal], history, DEFAULT_CONFIG, asOf)).toEqual([]);
    // On 2026-11-02 itself the snooze is over: 32 days in stage, next step 4 days late, close 18 days late.
    const [back] = staleDeals([deal], history, DEFAULT_CONFIG, new Date('2026-11-02T08:00:00Z'));
    expect([back.daysInStage, back.nextStepOverdueDays, back.closeSlippedDays]).toEqual([32, 4, 18]);
  });

  it('uses Stage changed, then Created, when History says nothing', () => {
    const changed = blankDeal({ id: 'D-3', stage: 'Lead', created: day('2026-08-01'), stageChanged: day('2026-10-10') });
    const created = blankDeal({ id: 'D-4', stage: 'Lead', created: day('2026-10-01') });
    const undated = blankDeal({ id: 'D-5', stage: 'Lead' });
    const result = staleDeals([changed, created, undated], [], DEFAULT_CONFIG, asOf);
    // 2026-10-10 → 11-01 = 22 days; 2026-10-01 → 11-01 = 31 days; both over Lead's 14. No date: nothing to count.
    expect(result.map((s) => [s.deal.id, s.daysInStage])).toEqual([
      ['D-4', 31],
      ['D-3', 22],
    ]);
  });

  it('skips won, lost and unknown stages, and stages that never rot', () => {
    const old = { created: day('2025-01-01'), expectedClose: day('2025-02-01'), nextStepDate: day('2025-01-10') };
    const config = { ...DEFAULT_CONFIG, stages: DEFAULT_CONFIG.stages.map((s) => (s.name === 'Lead' ? { ...s, rottingDays: null } : s)) };
    const deals = [
      blankDeal({ id: 'W', stage: 'Won', ...old }),
      blankDeal({ id: 'L', stage: 'Lost', ...old }),
      blankDeal({ id: 'U', stage: 'Prospecting', ...old }),
      blankDeal({ id: 'N', stage: 'Lead', created: day('2025-01-01') }),
    ];
    expect(staleDeals(deals, [], config, asOf)).toEqual([]);
  });

  it('finds the last time the deal entered its stage when it came back to it', () => {
    const deal = blankDeal({ id: 'D-6', stage: 'Qualified', created: day('2026-09-01') });
    const history = [
      move('D-6', '', 'Qualified', '2026-09-01T10:00:00Z'),
      move('D-6', 'Qualified', 'Contacted', '2026-09-10T10:00:00Z'),
      move('D-6', 'Contacted', 'Qualified', '2026-10-15T10:00:00Z'),
    ];
    // Back in Qualified since 2026-10-15: 17 days (16 left in October + 1), over 14.
    expect(staleDeals([deal], history, DEFAULT_CONFIG, asOf)[0].daysInStage).toBe(17);
  });

  it('sorts by owner, then most days in stage first', () => {
    const deal = (id: string, owner: string, created: string) => blankDeal({ id, owner, stage: 'Lead', created: day(created) });
    const result = staleDeals(
      [
        deal('a', 'bob@example.com', '2026-10-01'),
        deal('b', 'ann@example.com', '2026-10-10'),
        deal('c', 'bob@example.com', '2026-09-01'),
        deal('d', 'ann@example.com', '2026-09-20'),
      ],
      [],
      DEFAULT_CONFIG,
      asOf,
    );
    // ann: 09-20 (42 days) before 10-10 (22); bob: 09-01 (61) before 10-01 (31).
    expect(result.map((s) => [s.deal.id, s.daysInStage])).toEqual([
      ['d', 42],
      ['b', 22],
      ['c', 61],
      ['a', 31],
    ]);
  });
});
