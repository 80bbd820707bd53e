import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { forecast, NO_DATE } from '../../src/core/forecast';
import { closeDateSlips, forecastRange, forecastRangeTable, FORECAST_RANGE_HEADERS, TOTAL_KEY } from '../../src/core/forecast-range';
import { seededRandom } from '../../src/core/random';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import type { Deal, HistoryEntry } from '../../src/core/types';

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
const asOf = date('2026-01-01');
const entry = (dealId: string, at: string, expectedClose: string | null, to = 'Lead'): HistoryEntry => ({
  at: date(at),
  dealId,
  from: '',
  to,
  amount: null,
  expectedClose: expectedClose ? date(expectedClose) : null,
  probability: null,
  by: '',
  source: 'edit',
  row: 0,
});

describe('forecastRange against the analytic forecast', () => {
  // 60 open deals over four months, with stage probabilities and some overrides.
  const random = seededRandom(42);
  const stages = ['Lead', 'Qualified', 'Contacted', 'Meeting/Demo', 'Proposal', 'Negotiation'];
  const deals: Deal[] = Array.from({ length: 60 }, (_, i) =>
    blankDeal({
      id: `D${i}`,
      stage: stages[i % stages.length],
      amount: 1000 + Math.floor(random() * 9000),
      probability: i % 7 === 0 ? 0.55 : null,
      expectedClose: date(`2026-0${2 + (i % 4)}-${String(1 + (i % 28)).padStart(2, '0')}`),
    }),
  );
  deals.push(blankDeal({ id: 'W', stage: 'Won', amount: 5000, closedOn: date('2026-02-01') }));
  const runs = 4000;
  const range = forecastRange(deals, [], DEFAULT_CONFIG, { by: 'month', asOf, runs, seed: 7 });

  it('has the mean of each month within 3 standard errors of forecast() (independent: analytic Σ a·p and Σ a²·p(1−p))', () => {
    const analytic = forecast(deals, DEFAULT_CONFIG, { by: 'month' });
    expect(range.rows.map((r) => r.key)).toEqual(analytic.map((r) => r.key));
    for (const expected of analytic) {
      const row = range.rows.find((r) => r.key === expected.key)!;
      const month = deals.filter((d) => d.id !== 'W' && d.expectedClose && d.expectedClose.toISOString().startsWith(expected.key));
      const variance = month.reduce((sum, d) => {
        const p = d.probability ?? DEFAULT_CONFIG.stages.find((s) => s.name === d.stage)!.probability;
        return sum + d.amount! ** 2 * p * (1 - p);
      }, 0);
      const standardError = Math.sqrt(variance / runs);
      expect(Math.abs(row.mean - expected.weighted)).toBeLessThan(3 * standardError);
      expect(row.weighted).toBeCloseTo(expected.weighted, 6);
      expect(row.deals).toBe(expected.deals);
      // The reported standard error estimates the same quantity.
      expect(row.standardError / standardError).toBeGreaterThan(0.9);
      expect(row.standardError / standardError).toBeLessThan(1.1);
      expect(row.p10).toBeLessThanOrEqual(row.p50);
      expect(row.p50).toBeLessThanOrEqual(row.p90);
    }
  });

  it('gives the same result for the same seed, and another for another seed', () => {
    const again = forecastRange(deals, [], DEFAULT_CONFIG, { by: 'month', asOf, runs, seed: 7 });
    expect(again).toEqual(range);
    const other = forecastRange(deals, [], DEFAULT_CONFIG, { by: 'month', asOf, runs, seed: 8 });
    expect(other.rows[0].mean).not.toBe(range.rows[0].mean);
  });
});

describe('forecastRange against an exact enumeration', () => {
  // Three deals with their own probabilities, all in March: 2³ outcomes.
  const deals = [
    blankDeal({ id: 'X', stage: 'Lead', amount: 100, probability: 0.5, expectedClose: date('2026-03-10') }),
    blankDeal({ id: 'Y', stage: 'Lead', amount: 200, probability: 0.3, expectedClose: date('2026-03-11') }),
    blankDeal({ id: 'Z', stage: 'Lead', amount: 400, probability: 0.8, expectedClose: date('2026-03-12') }),
  ];
  const outcomes: { total: number; chance: number }[] = [];
  for (let mask = 0; mask < 8; mask++) {
    let total = 0;
    let chance = 1;
    deals.forEach((d, i) => {
      const won = (mask >> i) & 1;
      total += won ? d.amount! : 0;
      chance *= won ? d.probability! : 1 - d.probability!;
    });
    outcomes.push({ total, chance });
  }
  const exactQuantile = (q: number) => {
    const sorted = [...outcomes].sort((a, b) => a.total - b.total);
    let cumulative = 0;
    for (const o of sorted) {
      cumulative += o.chance;
      if (cumulative >= q - 1e-12) return o.total;
    }
    return NaN;
  };
  const exactChance = (quota: number) => outcomes.filter((o) => o.total >= quota).reduce((s, o) => s + o.chance, 0);
  const runs = 20000;
  const range = forecastRange(deals, [], DEFAULT_CONFIG, { by: 'quarter', asOf, runs, seed: 3, quota: 500 });

  it('matches the exact quantiles (enumerated: CDF 0.07, 0.14, 0.17, 0.20, 0.48, 0.76, 0.88, 1 at 0…700)', () => {
    expect([exactQuantile(0.1), exactQuantile(0.5), exactQuantile(0.9)]).toEqual([100, 500, 700]);
    const [row] = range.rows;
    expect(row.key).toBe('2026-Q1');
    expect([row.p10, row.p50, row.p90]).toEqual([100, 500, 700]);
  });

  it('matches the exact chance of quota 500 (0.28 + 0.12 + 0.12 = 0.52) within 3 standard errors', () => {
    expect(exactChance(500)).toBeCloseTo(0.52, 12);
    const se = Math.sqrt((0.52 * 0.48) / runs);
    expect(Math.abs(range.rows[0].quotaChance! - 0.52)).toBeLessThan(3 * se);
    expect(Math.abs(range.total.quotaChance! - 0.52)).toBeLessThan(3 * se);
  });

  it('matches the exact mean 430 (50 + 60 + 320) within 3 standard errors', () => {
    const variance = 100 ** 2 * 0.25 + 200 ** 2 * 0.21 + 400 ** 2 * 0.16;
    expect(range.rows[0].weighted).toBeCloseTo(430, 9);
    expect(Math.abs(range.rows[0].mean - 430)).toBeLessThan(3 * Math.sqrt(variance / runs));
  });
});

describe('close-date slips', () => {
  it('counts consecutive changes of Expected close per deal, earlier moves as 0 (by hand: +10, −5 → 0, 0)', () => {
    const slips = closeDateSlips([
      entry('A', '2026-01-05', '2026-01-20'),
      entry('B', '2026-01-01', '2026-02-01'),
      entry('A', '2026-01-01', '2026-01-10'),
      entry('A', '2026-01-09', '2026-01-15'),
      entry('B', '2026-01-03', '2026-02-01'),
      entry('C', '2026-01-03', '2026-03-01'),
      entry('C', '2026-01-04', null),
    ]);
    expect(slips.days).toEqual([10, 0, 0]);
    expect([slips.transitions, slips.slipped, slips.share, slips.meanSlipDays]).toEqual([3, 1, 1 / 3, 10]);
  });

  it('lists the slips by deal ID, then time, then sheet order, whatever order History is in (the simulation indexes into them)', () => {
    const slips = closeDateSlips([
      entry('Z', '2026-01-01', '2026-01-10'),
      entry('Z', '2026-01-02', '2026-01-13'),
      entry('A', '2026-01-01', '2026-01-10'),
      entry('A', '2026-01-01', '2026-01-15'),
      entry('A', '2026-01-01', '2026-01-12'),
    ]);
    // A's three rows share one instant, so sheet order holds: +5 days, then 3 days earlier (0). Z comes after A: +3.
    expect(slips.days).toEqual([5, 0, 3]);
  });

  it('moves half the wins of a sure deal into the next month when half the History changes slipped 10 days', () => {
    const history = [
      entry('H', '2026-01-01', '2026-01-10'),
      entry('H', '2026-01-02', '2026-01-20'),
      entry('H', '2026-01-03', '2026-01-20'),
    ];
    const deal = blankDeal({ id: 'S', stage: 'Lead', amount: 1000, probability: 1, expectedClose: date('2026-01-25') });
    const runs = 4000;
    const range = forecastRange([deal], history, DEFAULT_CONFIG, { by: 'month', asOf, runs, seed: 5 });
    expect(range.rows.map((r) => r.key)).toEqual(['2026-01', '2026-02']);
    // Each run lands in one month: Feb has 1000 with chance ½; se = 1000·√(¼ / runs).
    const se = 1000 * Math.sqrt(0.25 / runs);
    expect(Math.abs(range.rows[1].mean - 500)).toBeLessThan(3 * se);
    expect(range.rows[0].mean + range.rows[1].mean).toBeCloseTo(1000, 9);
    expect(range.total.p10).toBe(1000);
    const fixed = forecastRange([deal], history, DEFAULT_CONFIG, { by: 'month', asOf, runs, seed: 5, slips: false });
    expect(fixed.rows.map((r) => [r.key, r.mean])).toEqual([['2026-01', 1000]]);
  });
});

describe('forecastRange details', () => {
  it('puts an overdue deal on asOf and a deal with no close date last', () => {
    const deals = [
      blankDeal({ id: 'O', stage: 'Lead', amount: 100, probability: 1, expectedClose: date('2025-11-10') }),
      blankDeal({ id: 'N', stage: 'Lead', amount: 300, probability: 1 }),
      blankDeal({ id: 'L', stage: 'Lost', amount: 900, expectedClose: date('2026-03-01') }),
      blankDeal({ id: 'Z', stage: 'Lead', amount: null, expectedClose: date('2026-03-01') }),
    ];
    const range = forecastRange(deals, [], DEFAULT_CONFIG, { by: 'month', asOf: date('2026-01-15'), runs: 10 });
    expect(range.rows.map((r) => [r.key, r.mean])).toEqual([
      ['2026-01', 100],
      [NO_DATE, 300],
    ]);
    expect(range.deals).toBe(2);
    expect(range.total.mean).toBe(400);
    // Z is open but has no amount: left out and counted apart; L is lost and is neither.
    expect(range.withoutAmount).toBe(1);
  });

  it('counts deals with an amount where forecast() counts every open deal, with the same weighted total', () => {
    // Three open deals in February, one without an amount (and one with 0): forecast() counts 3, the range 1.
    const deals = [
      blankDeal({ id: 'A', stage: 'Proposal', amount: 1000, expectedClose: date('2026-02-10') }),
      blankDeal({ id: 'B', stage: 'Lead', amount: null, expectedClose: date('2026-02-11') }),
      blankDeal({ id: 'C', stage: 'Lead', amount: 0, expectedClose: date('2026-02-12') }),
    ];
    const [february] = forecast(deals, DEFAULT_CONFIG, { by: 'month' });
    const range = forecastRange(deals, [], DEFAULT_CONFIG, { by: 'month', asOf, runs: 10 });
    expect([february.deals, range.rows[0].deals, range.withoutAmount]).toEqual([3, 1, 2]);
    // 1000 × Proposal's 60% in both.
    expect([february.weighted, range.rows[0].weighted]).toEqual([600, 600]);
    expect(range.deals + range.withoutAmount).toBe(february.deals);
  });

  it('uses calibrated stage probabilities where History has enough deals, and the deal override before them', () => {
    // 30 closed deals reached Lead and 15 were won: Lead is calibrated to 0.5 (configured 0.1).
    const closed = Array.from({ length: 30 }, (_, i) => blankDeal({ id: `c${i}`, stage: i < 15 ? 'Won' : 'Lost' }));
    const history = closed.map((d) => entry(d.id, '2025-06-01', null));
    const open = [
      blankDeal({ id: 'a', stage: 'Lead', amount: 1000, expectedClose: date('2026-02-01') }),
      blankDeal({ id: 'b', stage: 'Lead', amount: 1000, probability: 0.9, expectedClose: date('2026-02-01') }),
      blankDeal({ id: 'c', stage: 'Qualified', amount: 1000, expectedClose: date('2026-02-01') }),
    ];
    const deals = [...closed, ...open];
    const options = { by: 'month' as const, asOf, runs: 10 };
    // By hand: 1000·0.5 + 1000·0.9 + 1000·0.2 (Qualified has no closed deals) = 1600; configured: 100 + 900 + 200 = 1200.
    expect(forecastRange(deals, history, DEFAULT_CONFIG, { ...options, probabilities: 'calibrated' }).rows[0].weighted).toBeCloseTo(
      1600,
      9,
    );
    expect(forecastRange(deals, history, DEFAULT_CONFIG, options).rows[0].weighted).toBeCloseTo(1200, 9);
  });

  it('lays out a tidy table, the total only when asked', () => {
    const deals = [blankDeal({ id: 'X', stage: 'Lead', amount: 100, probability: 1, expectedClose: date('2026-02-01') })];
    const range = forecastRange(deals, [], DEFAULT_CONFIG, { by: 'month', asOf, runs: 5 });
    expect(forecastRangeTable(range)).toEqual([[...FORECAST_RANGE_HEADERS], ['2026-02', 1, 100, 100, 0, 100, 100, 100, '']]);
    expect(forecastRangeTable(range, { includeTotal: true })[2][0]).toBe(TOTAL_KEY);
  });
});
