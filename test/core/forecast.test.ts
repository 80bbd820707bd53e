import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { NO_DATE, NO_OWNER, dealProbability, forecast, weightedAmount } from '../../src/core/forecast';
import { DEFAULT_CONFIG, readStages } from '../../src/core/stages';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

// Default stage probabilities: Lead 0.1, Qualified 0.2, Proposal 0.6, Negotiation 0.8, Won 1, Lost 0.
const deals = [
  blankDeal({ id: 'A', owner: 'bo@x.com', stage: 'Proposal', amount: 1000, expectedClose: day('2026-03-15') }),
  blankDeal({ id: 'B', owner: 'al@x.com', stage: 'Lead', amount: 2000, probability: 0.5, expectedClose: day('2026-03-02') }),
  blankDeal({ id: 'C', owner: '', stage: 'Negotiation', amount: null, forecastCategory: 'Omitted', expectedClose: day('2026-01-31') }),
  blankDeal({ id: 'D', owner: 'al@x.com', stage: 'Qualified', amount: 500 }),
  blankDeal({ id: 'E', owner: 'cy@x.com', stage: 'Won', amount: 700, expectedClose: day('2026-01-20'), closedOn: day('2026-02-10') }),
  blankDeal({ id: 'F', owner: 'cy@x.com', stage: 'Lost', amount: 900, expectedClose: day('2026-03-01') }),
  blankDeal({ id: 'G', owner: 'cy@x.com', stage: 'Zombie', amount: 300, expectedClose: day('2026-03-01') }),
];

describe('dealProbability and weightedAmount', () => {
  it("uses the deal's override, else its stage's, else 0", () => {
    expect(dealProbability(deals[1], DEFAULT_CONFIG)).toBe(0.5); // override beats Lead's 0.1
    expect(dealProbability(deals[0], DEFAULT_CONFIG)).toBe(0.6); // Proposal's probability
    // an override of 0 is still an override
    expect(dealProbability(blankDeal({ stage: 'Proposal', probability: 0 }), DEFAULT_CONFIG)).toBe(0);
    expect(dealProbability(deals[6], DEFAULT_CONFIG)).toBe(0); // unknown stage
    expect(dealProbability(blankDeal({ stage: ' proposal ' }), DEFAULT_CONFIG)).toBe(0.6); // stage found as typed
  });

  it('multiplies amount by probability, blank amount as 0', () => {
    expect(weightedAmount(deals[0], DEFAULT_CONFIG)).toBeCloseTo(600, 9); // 1000 × 0.6
    expect(weightedAmount(deals[1], DEFAULT_CONFIG)).toBe(1000); // 2000 × 0.5
    expect(weightedAmount(deals[2], DEFAULT_CONFIG)).toBe(0); // blank amount
  });
});

describe('forecast', () => {
  it('groups open deals by close month, chronologically, no date last', () => {
    // 2026-01: C (amount 0). 2026-03: A 1000×0.6=600 + B 2000×0.5=1000. No date: D 500×0.2=100.
    // E (won), F (lost) and G (unknown stage) are left out.
    const rows = forecast(deals, DEFAULT_CONFIG, { by: 'month' });
    expect(rows.map((r) => r.key)).toEqual(['2026-01', '2026-03', NO_DATE]);
    expect(rows.map((r) => [r.deals, r.amount])).toEqual([
      [1, 0],
      [2, 3000],
      [1, 500],
    ]);
    expect(rows[0].weighted).toBe(0);
    expect(rows[1].weighted).toBeCloseTo(1600, 9);
    expect(rows[2].weighted).toBeCloseTo(100, 9);
  });

  it('adds won deals at 100% in their Closed on month when asked', () => {
    // E: closed 2026-02-10 (its expected close, January, is not used), 700 × 1.
    const rows = forecast(deals, DEFAULT_CONFIG, { by: 'month', includeWon: true });
    expect(rows.map((r) => r.key)).toEqual(['2026-01', '2026-02', '2026-03', NO_DATE]);
    expect(rows[1]).toEqual({ key: '2026-02', deals: 1, amount: 700, weighted: 700 });
    // A won deal without Closed on falls back to Expected close.
    const noClose = forecast([blankDeal({ stage: 'Won', amount: 10, expectedClose: day('2026-05-05') })], DEFAULT_CONFIG, {
      by: 'month',
      includeWon: true,
    });
    expect(noClose).toEqual([{ key: '2026-05', deals: 1, amount: 10, weighted: 10 }]);
  });

  it('shows every open stage in pipeline order, even empty ones', () => {
    // Lead: B 2000×0.5; Qualified: D 500×0.2; Proposal: A 1000×0.6; Negotiation: C, amount 0.
    const rows = forecast(deals, DEFAULT_CONFIG, { by: 'stage' });
    expect(rows.map((r) => [r.key, r.deals, r.amount])).toEqual([
      ['Lead', 1, 2000],
      ['Qualified', 1, 500],
      ['Contacted', 0, 0],
      ['Meeting/Demo', 0, 0],
      ['Proposal', 1, 1000],
      ['Negotiation', 1, 0],
    ]);
    expect(rows.map((r) => r.weighted)).toEqual([1000, 100, 0, 0, expect.closeTo(600, 9), 0]);
    const withWon = forecast(deals, DEFAULT_CONFIG, { by: 'stage', includeWon: true });
    expect(withWon.at(-1)).toEqual({ key: 'Won', deals: 1, amount: 700, weighted: 700 });
  });

  it("follows a team's own stages and their order", () => {
    const { config } = readStages([
      ['Stage', 'Order', 'Probability', 'Outcome'],
      ['Demo', 2, 0.5, 'open'],
      ['Intro', 1, 0.1, 'open'],
      ['Signed', 3, 1, 'won'],
      ['Dropped', 4, 0, 'lost'],
    ]);
    const rows = forecast([blankDeal({ stage: 'demo', amount: 40 }), blankDeal({ stage: 'Intro', amount: 30 })], config, { by: 'stage' });
    // Intro (order 1) before Demo (order 2); 30×0.1 = 3 and 40×0.5 = 20.
    expect(rows.map((r) => [r.key, r.deals])).toEqual([
      ['Intro', 1],
      ['Demo', 1],
    ]);
    expect(rows[0].weighted).toBeCloseTo(3, 9);
    expect(rows[1].weighted).toBe(20);
  });

  it('groups by quarter, with a fiscal year that starts in February', () => {
    // Calendar: January and March 2026 are both 2026-Q1 (C, A, B): 3 deals, 3000, 1600.
    const calendar = forecast(deals, DEFAULT_CONFIG, { by: 'quarter' });
    expect(calendar.map((r) => [r.key, r.deals, r.amount])).toEqual([
      ['2026-Q1', 3, 3000],
      [NO_DATE, 1, 500],
    ]);
    // Fiscal year from February: January 2026 is the last quarter of FY2026, March 2026 the first of FY2027.
    const fiscal = forecast(deals, DEFAULT_CONFIG, { by: 'quarter', fiscalYearStartMonth: 2 });
    expect(fiscal.map((r) => [r.key, r.deals])).toEqual([
      ['2026-Q4', 1],
      ['2027-Q1', 2],
      [NO_DATE, 1],
    ]);
  });

  it('groups by owner alphabetically, blank owner last', () => {
    // al: B 2000×0.5 + D 500×0.2 = 1100; bo: A 1000×0.6 = 600; no owner: C, 0.
    const rows = forecast(deals, DEFAULT_CONFIG, { by: 'owner' });
    expect(rows.map((r) => [r.key, r.deals, r.amount])).toEqual([
      ['al@x.com', 2, 2500],
      ['bo@x.com', 1, 1000],
      [NO_OWNER, 1, 0],
    ]);
    expect(rows[0].weighted).toBeCloseTo(1100, 9);
  });

  it("groups by forecast category, the deal's override first, in category order", () => {
    // Pipeline: B (Lead), D (Qualified); Best case: A (Proposal); C overrides Commit with Omitted.
    const rows = forecast(deals, DEFAULT_CONFIG, { by: 'category' });
    expect(rows.map((r) => [r.key, r.deals, r.amount])).toEqual([
      ['Pipeline', 2, 2500],
      ['Best case', 1, 1000],
      ['Omitted', 1, 0],
    ]);
    const withWon = forecast(deals, DEFAULT_CONFIG, { by: 'category', includeWon: true });
    expect(withWon.map((r) => r.key)).toEqual(['Pipeline', 'Best case', 'Closed', 'Omitted']);
  });

  it('gives empty groupings for no deals, but keeps the stage axis', () => {
    expect(forecast([], DEFAULT_CONFIG, { by: 'month' })).toEqual([]);
    expect(forecast([], DEFAULT_CONFIG, { by: 'stage' }).map((r) => r.deals)).toEqual([0, 0, 0, 0, 0, 0]); // six open default stages
  });
});
