import { describe, expect, it } from 'vitest';
import {
  calibratedProbabilities,
  calibration,
  calibrationTable,
  CALIBRATION_HEADERS,
  MIN_DEALS_FOR_SUGGESTION,
  reliabilityTable,
  wilsonInterval,
} from '../../src/core/calibration';
import { blankDeal } from '../../src/core/deals';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import type { Deal, HistoryEntry } from '../../src/core/types';

const day = (n: number) => new Date(Date.UTC(2026, 0, n));
const move = (dealId: string, to: string, n: number): HistoryEntry => ({
  at: day(n),
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
/** A deal now in `stages[last]`, whose History walks `stages` one day apart. */
function walk(id: string, stages: string[]): { deal: Deal; moves: HistoryEntry[] } {
  return { deal: blankDeal({ id, stage: stages[stages.length - 1] }), moves: stages.map((s, i) => move(id, s, i + 1)) };
}
function build(walks: { deal: Deal; moves: HistoryEntry[] }[]) {
  return { deals: walks.map((w) => w.deal), history: walks.flatMap((w) => w.moves) };
}

describe('wilsonInterval', () => {
  it('gives (0.1176, 0.7693) for 2 wins in 5 (the textbook Wilson interval, e.g. statsmodels proportion_confint method="wilson")', () => {
    const interval = wilsonInterval(2, 5)!;
    expect(interval.low).toBeCloseTo(0.117621, 5);
    expect(interval.high).toBeCloseTo(0.769276, 5);
  });

  it('gives [0, z²/(n+z²)] for no wins (closed form: 3.841459/4.841459 = 0.793451 for n = 1)', () => {
    const interval = wilsonInterval(0, 1)!;
    expect(interval.low).toBe(0);
    expect(interval.high).toBeCloseTo(0.793451, 5);
  });

  it('has no interval without deals', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('calibration', () => {
  // A: Lead → Qualified → Won; B: Lead → Lost; C: Lead → Qualified → Proposal → Lost;
  // D: Lead, now Won (no History row for Won); E: still open; F: Lead → Qualified → Lead → Lost.
  const data = build([
    walk('A', ['Lead', 'Qualified', 'Won']),
    walk('B', ['Lead', 'Lost']),
    walk('C', ['Lead', 'Qualified', 'Proposal', 'Lost']),
    { deal: blankDeal({ id: 'D', stage: 'Won' }), moves: [move('D', 'Lead', 1)] },
    walk('E', ['Lead', 'Qualified', 'Proposal']),
    walk('F', ['Lead', 'Qualified', 'Lead', 'Lost']),
  ]);
  const result = calibration(data.deals, data.history, DEFAULT_CONFIG);
  const row = (stage: string) => result.stages.find((r) => r.stage === stage)!;

  it("says no deal is counted ('none'), not 'from History', when no deal is closed yet", () => {
    const open = build([walk('E', ['Lead', 'Qualified', 'Proposal'])]);
    const none = calibration(open.deals, open.history, DEFAULT_CONFIG);
    expect([none.closedDeals, none.basis.source]).toEqual([0, 'none']);
  });

  it('counts closed deals that reached each stage, once each, and their wins (counted by hand)', () => {
    expect(result.closedDeals).toBe(5);
    expect(result.stages.map((r) => [r.stage, r.reached, r.won])).toEqual([
      ['Lead', 5, 2], // A, D won; B, C, F lost (F entered Lead twice: once)
      ['Qualified', 3, 1], // A won; C, F lost
      ['Contacted', 0, 0],
      ['Meeting/Demo', 0, 0],
      ['Proposal', 1, 0], // C; E is still open
      ['Negotiation', 0, 0],
      ['Won', 2, 2], // A from History, D from its current stage
    ]);
    expect(row('Lead').observed).toBeCloseTo(0.4, 12);
    expect(row('Lead').low).toBeCloseTo(0.117621, 5);
    expect(row('Contacted').observed).toBeNull();
    expect(row('Lead').configured).toBe(0.1);
  });

  it('scores the configured probabilities: Brier 2.73 / 9 (by hand: Lead 2·0.9²+3·0.1², Qualified 0.8²+2·0.2², Proposal 0.6²)', () => {
    expect(result.forecasts).toBe(9);
    expect(result.brier).toBeCloseTo(2.73 / 9, 12);
  });

  it('bins the forecasts by configured probability (by hand from the counts above)', () => {
    expect(result.reliability.map((b) => [b.from, b.to, b.forecasts, b.won])).toEqual([
      [0.1, 0.2, 5, 2],
      [0.2, 0.3, 3, 1],
      [0.6, 0.7, 1, 0],
    ]);
    expect(result.reliability[1].observed).toBeCloseTo(1 / 3, 12);
    expect(result.reliability[0].meanConfigured).toBeCloseTo(0.1, 12);
    expect(reliabilityTable(result)[1]).toEqual([0.1, 0.2, 5, 0.1, 2, 0.4]);
  });

  it('suggests nothing on five deals, however far off the configured value is', () => {
    expect(result.stages.every((r) => r.suggested === null)).toBe(true);
  });

  it('lays the stage rows out as a tidy table with blanks for no data', () => {
    const table = calibrationTable(result);
    expect(table[0]).toEqual([...CALIBRATION_HEADERS]);
    expect(table[3]).toEqual(['Contacted', 0.3, 0, 0, '', '', '', '']);
    expect(table).toHaveLength(8);
  });
});

describe('suggested probabilities', () => {
  const wins = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => walk(`${prefix}${i}`, ['Qualified', 'Won']));

  // 30 of 30 wins: the interval's low end is 30/(30+z²) = 0.886, above 0.2.
  it(`suggests only from ${MIN_DEALS_FOR_SUGGESTION} deals: 29 Qualified wins give none, 30 give 100%`, () => {
    const few = build(wins(29, 'q'));
    expect(calibration(few.deals, few.history, DEFAULT_CONFIG).stages[1].suggested).toBeNull();
    const enough = build(wins(30, 'q'));
    const row = calibration(enough.deals, enough.history, DEFAULT_CONFIG).stages[1];
    expect(row.low).toBeCloseTo(30 / (30 + 1.959964 ** 2), 9);
    expect(row.suggested).toBe(1);
  });

  it('never suggests a probability for the won stage (100% by definition), even when it is typed as 80%', () => {
    const data = build(wins(90, 'q'));
    const typo = { ...DEFAULT_CONFIG, stages: DEFAULT_CONFIG.stages.map((s) => (s.outcome === 'won' ? { ...s, probability: 0.8 } : s)) };
    const won = calibration(data.deals, data.history, typo).stages.find((r) => r.stage === 'Won')!;
    expect([won.reached, won.won, won.high, won.suggested]).toEqual([90, 90, 1, null]);
  });

  it('suggests 50% for Lead when 20 of 40 were won, and nothing when the configured value lies inside the interval', () => {
    const walks = [
      ...Array.from({ length: 20 }, (_, i) => walk(`w${i}`, ['Lead', 'Won'])),
      ...Array.from({ length: 20 }, (_, i) => walk(`l${i}`, ['Lead', 'Lost'])),
    ];
    const data = build(walks);
    const lead = calibration(data.deals, data.history, DEFAULT_CONFIG).stages[0];
    // 20/40: Wilson (0.352, 0.648) by the formula; 0.1 is outside.
    expect(lead.low).toBeCloseTo(0.35199, 4);
    expect(lead.suggested).toBe(0.5);
    const halfConfig = {
      ...DEFAULT_CONFIG,
      stages: DEFAULT_CONFIG.stages.map((s) => (s.name === 'Lead' ? { ...s, probability: 0.5 } : s)),
    };
    expect(calibration(data.deals, data.history, halfConfig).stages[0].suggested).toBeNull();
  });

  it('learns probabilities only for open stages with enough deals', () => {
    const data = build([
      ...Array.from({ length: 30 }, (_, i) => walk(`w${i}`, ['Lead', i < 12 ? 'Won' : 'Lost'])),
      ...Array.from({ length: 18 }, (_, i) => walk(`q${i}`, ['Qualified', 'Won'])),
    ]);
    const learned = calibratedProbabilities(calibration(data.deals, data.history, DEFAULT_CONFIG));
    // Lead: 12 of 30 won = 0.4. Qualified: 18 < 30 deals. Won: 30 deals, but it is not an open stage.
    expect([...learned.entries()]).toEqual([['Lead', 0.4]]);
  });
});

describe('calibration without History', () => {
  // 2 won and 3 lost deals with no History (one lost at Proposal by its "Lost at stage"), 1 open.
  const deals = [
    blankDeal({ id: 'W1', stage: 'Won' }),
    blankDeal({ id: 'W2', stage: 'Won' }),
    blankDeal({ id: 'L1', stage: 'Lost' }),
    blankDeal({ id: 'L2', stage: 'Lost' }),
    blankDeal({ id: 'L3', stage: 'Lost', lostAtStage: 'Proposal' }),
    blankDeal({ id: 'O1', stage: 'Qualified' }),
  ];
  const result = calibration(deals, [], DEFAULT_CONFIG);
  const row = (stage: string) => result.stages.find((r) => r.stage === stage)!;

  it('counts every closed deal at the first stage, won deals at every stage (the funnel rule)', () => {
    // Lead: 5 closed reached, 2 won. Qualified..Proposal: W1, W2, L3 = 3 reached, 2 won. Negotiation: W1, W2. Won: 2 of 2.
    expect([row('Lead').reached, row('Lead').won]).toEqual([5, 2]);
    expect([row('Qualified').reached, row('Proposal').reached, row('Negotiation').reached]).toEqual([3, 3, 2]);
    expect([row('Won').reached, row('Won').won]).toEqual([2, 2]);
    expect(result.basis).toMatchObject({ source: 'deals', withoutHistory: 5, lostAtKnown: 1, lostAtFirstOnly: 2, atLeast: true });
  });
});
