import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { DEFAULT_CONFIG, readStages, stagesToTable } from '../../src/core/stages';
import { outcomesByPeriod, ownerPerformance, totalWon } from '../../src/core/won-metrics';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
// Default stages: Proposal 60%, Qualified 20%. No History: cycles run from Created to Closed on.
const deals = [
  // 30 days
  blankDeal({ id: 'A', owner: 'ann@example.com', stage: 'Won', amount: 1000, created: day('2026-01-01'), closedOn: day('2026-01-31') }),
  // 31 + 9 = 40 days
  blankDeal({ id: 'B', owner: 'ann@example.com', stage: 'Won', amount: 3000, created: day('2026-03-01'), closedOn: day('2026-04-10') }),
  blankDeal({ id: 'C', owner: 'ann@example.com', stage: 'Lost', amount: 700, closedOn: day('2026-04-20') }),
  blankDeal({ id: 'D', owner: 'Bob', stage: 'Won', amount: null, created: day('2026-02-01'), closedOn: day('2026-02-11') }), // 10 days
  blankDeal({ id: 'E', owner: 'Bob', stage: 'Lost' }), // no Closed on
  blankDeal({ id: 'F', owner: 'Bob', stage: 'Proposal', amount: 500 }), // 500 × 60% = 300
  blankDeal({ id: 'G', owner: 'ann@example.com', stage: 'Qualified', amount: 1000 }), // 1000 × 20% = 200
];

describe('outcomesByPeriod', () => {
  it('counts won and lost by the month of Closed on, with the win rate and won revenue (by hand)', () => {
    expect(outcomesByPeriod(deals, DEFAULT_CONFIG, { by: 'month' })).toEqual([
      { key: '2026-01', won: 1, lost: 0, winRate: 1, wonAmount: 1000 },
      { key: '2026-02', won: 1, lost: 0, winRate: 1, wonAmount: 0 },
      { key: '2026-04', won: 1, lost: 1, winRate: 0.5, wonAmount: 3000 },
      { key: '(no date)', won: 0, lost: 1, winRate: 0, wonAmount: 0 },
    ]);
  });

  it('puts quarters in a fiscal year that starts in April: January is Q4 of FY2026, April Q1 of FY2027', () => {
    expect(
      outcomesByPeriod(deals, DEFAULT_CONFIG, { by: 'quarter', fiscalYearStartMonth: 4 }).map((r) => [r.key, r.won, r.lost, r.wonAmount]),
    ).toEqual([
      ['2026-Q4', 2, 0, 1000],
      ['2027-Q1', 1, 1, 3000],
      ['(no date)', 0, 1, 0],
    ]);
  });
});

describe('ownerPerformance and totalWon', () => {
  it('gives each owner won revenue, average won amount, mean and median cycle and open weighted pipeline (by hand)', () => {
    expect(ownerPerformance(deals, [], DEFAULT_CONFIG)).toEqual([
      // "Bob" sorts before "ann@…" in code-unit order (capitals first).
      {
        owner: 'Bob',
        won: 1,
        lost: 1,
        winRate: 0.5,
        wonAmount: 0,
        averageWonAmount: null,
        meanCycleDays: 10,
        medianCycleDays: 10,
        openDeals: 1,
        openWeighted: 300,
      },
      {
        owner: 'ann@example.com',
        won: 2,
        lost: 1,
        winRate: 2 / 3,
        wonAmount: 4000,
        averageWonAmount: 2000,
        meanCycleDays: 35,
        medianCycleDays: 35,
        openDeals: 1,
        openWeighted: 200,
      },
    ]);
  });

  it('adds up every won amount and counts the won deals without one', () => {
    expect(totalWon(deals, DEFAULT_CONFIG)).toEqual({ deals: 3, amount: 4000, withoutAmount: 1 });
  });
});

describe('the fiscal-year setting on the Stages sheet', () => {
  it('reads a month number or name in en, vi and ru, and reports anything else', () => {
    const table = stagesToTable(DEFAULT_CONFIG);
    for (const [label, value, month] of [
      ['Fiscal year starts', 'April', 4],
      ['Năm tài chính bắt đầu', 'Tháng 7', 7],
      ['Начало финансового года', 'Октябрь', 10],
      ['Fiscal year start', 2, 2],
    ] as const) {
      expect(readStages([...table, [label, value]]).config.rules.fiscalYearStartMonth).toBe(month);
    }
    const bad = readStages([...table, ['Fiscal year starts', 'Spring']]);
    expect(bad.problems.map((p) => p.code)).toContain('rule-fiscal-month');
  });
});
