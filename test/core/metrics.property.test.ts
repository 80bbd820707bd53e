import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conversion } from '../../src/core/conversion';
import { DAY_MS } from '../../src/core/dates';
import { blankDeal } from '../../src/core/deals';
import { forecast, type ForecastGrouping } from '../../src/core/forecast';
import { cycleDays, velocity, winRate } from '../../src/core/outcomes';
import { DEFAULT_CONFIG, findStage } from '../../src/core/stages';
import { timeInStage } from '../../src/core/time-in-stage';
import { FORECAST_CATEGORIES, type Deal, type HistoryEntry } from '../../src/core/types';
import { SUITE_SEED } from '../fuzz/seed';

const START = Date.UTC(2026, 0, 1);
const GROUPINGS: readonly ForecastGrouping[] = ['stage', 'month', 'quarter', 'owner', 'category'];
const stageName = fc.constantFrom(...DEFAULT_CONFIG.stages.map((s) => s.name), 'proposal', 'Zombie');
const someDay = fc.option(
  fc.integer({ min: 0, max: 400 }).map((d) => new Date(START + d * DAY_MS)),
  { nil: null },
);

const dealRows = fc
  .array(
    fc.record({
      stage: stageName,
      owner: fc.constantFrom('', 'ann@x.com', 'bo@x.com'),
      amount: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
      probability: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      forecastCategory: fc.option(fc.constantFrom(...FORECAST_CATEGORIES), { nil: null }),
      created: someDay,
      expectedClose: someDay,
      closedOn: someDay,
      stageChanged: someDay,
    }),
    { maxLength: 12 },
  )
  .map((rows): Deal[] => rows.map((row, i) => blankDeal({ ...row, id: `D${i}`, row: i + 2 })));

// Deal IDs D0..D13, so some moves belong to deals no longer on the Deals sheet. Each move
// gets its own minute, so no deal has two moves at one instant (where sheet order decides).
const historyRows = fc
  .array(fc.record({ deal: fc.integer({ min: 0, max: 13 }), to: stageName, day: fc.integer({ min: 0, max: 300 }) }), { maxLength: 40 })
  .map((rows): HistoryEntry[] =>
    rows.map((r, i) => ({
      at: new Date(START + r.day * DAY_MS + i * 60_000),
      dealId: `D${r.deal}`,
      from: '',
      to: r.to,
      amount: null,
      expectedClose: null,
      probability: null,
      by: '',
      source: 'edit',
      row: i + 2,
    })),
  );

const tables = fc.tuple(dealRows, historyRows);
const asOf = new Date(START + 200 * DAY_MS);

function everyMetric(deals: readonly Deal[], history: readonly HistoryEntry[]) {
  return {
    forecast: GROUPINGS.flatMap((by) => [
      forecast(deals, DEFAULT_CONFIG, { by }),
      forecast(deals, DEFAULT_CONFIG, { by, includeWon: true, fiscalYearStartMonth: 4 }),
    ]),
    conversion: [false, true].flatMap((strict) =>
      (['next', 'cumulative'] as const).map((mode) => conversion(deals, history, DEFAULT_CONFIG, { mode, strict })),
    ),
    winRate: [winRate(deals, DEFAULT_CONFIG), winRate(deals, DEFAULT_CONFIG, { from: new Date(START + 100 * DAY_MS) })],
    cycleDays: cycleDays(deals, history, DEFAULT_CONFIG),
    velocity: velocity(deals, history, DEFAULT_CONFIG),
    timeInStage: [
      timeInStage(deals, history, DEFAULT_CONFIG, asOf),
      timeInStage(deals, history, DEFAULT_CONFIG, asOf, { includeOpen: true }),
    ],
  };
}

/** Sums taken in another order may differ in the last bits; compare to 10 significant digits. */
function rounded(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v));
}

describe('metric properties', () => {
  it('the weighted forecast never exceeds the open amount, and every grouping adds up to the same totals', () => {
    fc.assert(
      fc.property(dealRows, (deals) => {
        // Independent total: amounts of deals in a known open stage.
        const openAmount = deals.reduce(
          (sum, d) => (findStage(DEFAULT_CONFIG, d.stage)?.outcome === 'open' ? sum + (d.amount ?? 0) : sum),
          0,
        );
        const totals = GROUPINGS.map((by) => forecast(deals, DEFAULT_CONFIG, { by })).map((rows) => ({
          amount: rows.reduce((s, r) => s + r.amount, 0),
          weighted: rows.reduce((s, r) => s + r.weighted, 0),
        }));
        for (const total of totals) {
          expect(total.amount).toBe(openAmount);
          expect(total.weighted).toBeLessThanOrEqual(openAmount * (1 + 1e-12));
          expect(total.weighted).toBeCloseTo(totals[0].weighted, 6);
        }
      }),
      { numRuns: 300, seed: SUITE_SEED },
    );
  });

  it('every rate lies in [0, 1]', () => {
    const inUnit = (rate: number | null) => rate === null || (rate >= 0 && rate <= 1);
    fc.assert(
      fc.property(tables, ([deals, history]) => {
        const metrics = everyMetric(deals, history);
        for (const rows of metrics.conversion) {
          for (const row of rows) expect(inUnit(row.nextRate) && inUnit(row.cumulativeRate) && inUnit(row.rate)).toBe(true);
        }
        for (const w of metrics.winRate) expect(inUnit(w.rate)).toBe(true);
        expect(inUnit(metrics.velocity.winRate)).toBe(true);
      }),
      { numRuns: 300, seed: SUITE_SEED },
    );
  });

  it('funnel counts never increase along the funnel, and strict never counts more than any', () => {
    fc.assert(
      fc.property(tables, ([deals, history]) => {
        const strict = conversion(deals, history, DEFAULT_CONFIG, { mode: 'cumulative', strict: true }).map((r) => r.deals);
        const any = conversion(deals, history, DEFAULT_CONFIG, { mode: 'cumulative' }).map((r) => r.deals);
        for (let k = 1; k < strict.length; k++) {
          expect(strict[k]).toBeLessThanOrEqual(strict[k - 1]);
          expect(any[k]).toBeLessThanOrEqual(any[k - 1]);
        }
        strict.forEach((count, k) => {
          expect(count).toBeLessThanOrEqual(any[k]);
        });
      }),
      { numRuns: 300, seed: SUITE_SEED },
    );
  });

  it('shuffling Deals rows and History rows changes no result', () => {
    const shuffled = tables.chain(([deals, history]) =>
      fc.tuple(
        fc.constant(deals),
        fc.constant(history),
        fc.shuffledSubarray(deals, { minLength: deals.length, maxLength: deals.length }),
        fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }),
      ),
    );
    fc.assert(
      fc.property(shuffled, ([deals, history, dealsShuffled, historyShuffled]) => {
        expect(rounded(everyMetric(dealsShuffled, historyShuffled))).toBe(rounded(everyMetric(deals, history)));
      }),
      { numRuns: 300, seed: SUITE_SEED },
    );
  });
});
