// The columnar Deals table (dealColumns) against the per-Deal-object code it replaced:
// the reference functions below are the old forecast, win rate, cycle and velocity loops
// over Deal objects, and every figure must come out exactly equal (same sums in the same
// order) on the 10k sample and on hand-made edge cases: unknown and blank stages, blank
// amounts, probability and category overrides, a blank owner beside one typed
// "(no owner)", won deals without Closed on, fiscal quarters, and deals without History.
import { describe, expect, it } from 'vitest';
import { blankDeal, readDeals, readHistory } from '../../src/core';
import { dealColumns, LOST, OPEN, UNKNOWN, WON } from '../../src/core/deal-columns';
import { daysBetween, monthKey, quarterKey } from '../../src/core/dates';
import { forecast, NO_DATE, NO_OWNER, stageLookup, type ForecastGrouping } from '../../src/core/forecast';
import { closeDateSlips } from '../../src/core/forecast-range';
import { cycleDays, velocity, winRate } from '../../src/core/outcomes';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import type { Deal, HistoryEntry, PipelineConfig } from '../../src/core/types';
import { generateSample } from '../../src/sample/generate';

/** The old forecast: a Map of groups keyed by text, filled deal by deal. */
function referenceForecast(
  deals: readonly Deal[],
  config: PipelineConfig,
  by: ForecastGrouping,
  includeWon = false,
  fiscal = 1,
): Map<string, [number, number, number]> {
  const lookup = stageLookup(config);
  const groups = new Map<string, [number, number, number]>();
  for (const deal of deals) {
    const stage = lookup(deal.stage);
    if (!stage || stage.outcome === 'lost') continue;
    const won = stage.outcome === 'won';
    if (won && !includeWon) continue;
    const probability = won ? 1 : (deal.probability ?? stage.probability ?? 0);
    const close = won ? (deal.closedOn ?? deal.expectedClose) : deal.expectedClose;
    const key =
      by === 'stage'
        ? stage.name
        : by === 'month'
          ? close
            ? monthKey(close)
            : NO_DATE
          : by === 'quarter'
            ? close
              ? quarterKey(close, fiscal)
              : NO_DATE
            : by === 'owner'
              ? deal.owner || NO_OWNER
              : (deal.forecastCategory ?? stage.category);
    const group = groups.get(key) ?? [0, 0, 0];
    groups.set(key, group);
    group[0] += 1;
    group[1] += deal.amount ?? 0;
    group[2] += (deal.amount ?? 0) * probability;
  }
  return groups;
}

/** The old cycle rule: Created (else the first History move) to the first move into a won stage (else Closed on). */
function referenceCycle(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig): number[] {
  const lookup = stageLookup(config);
  const paths = new Map<string, HistoryEntry[]>();
  for (const entry of history) paths.set(entry.dealId, [...(paths.get(entry.dealId) ?? []), entry]);
  for (const path of paths.values()) path.sort((a, b) => a.at.getTime() - b.at.getTime());
  const days: number[] = [];
  for (const deal of deals) {
    if (lookup(deal.stage)?.outcome !== 'won') continue;
    const path = paths.get(deal.id);
    let start = deal.created;
    let end = deal.closedOn;
    if (path) {
      start ??= path[0].at;
      const won = path.find((e) => lookup(e.to)?.outcome === 'won');
      if (won) end = won.at;
    }
    if (!start || !end) continue;
    const length = daysBetween(start, end);
    if (length >= 0) days.push(length);
  }
  return days;
}

function expectForecastsEqual(deals: readonly Deal[], config: PipelineConfig, fiscal = 1): void {
  for (const by of ['stage', 'month', 'quarter', 'owner', 'category'] as const) {
    for (const includeWon of [false, true]) {
      const rows = forecast(deals, config, { by, includeWon, fiscalYearStartMonth: fiscal });
      const reference = referenceForecast(deals, config, by, includeWon, fiscal);
      for (const row of rows)
        expect([row.key, row.deals, row.amount, row.weighted]).toEqual([row.key, ...(reference.get(row.key) ?? [0, 0, 0])]);
      // Every group the old loop made is a row (stage rows also list empty stages).
      for (const key of reference.keys()) expect(rows.some((r) => r.key === key)).toBe(true);
    }
  }
}

const asOf = new Date('2026-11-23T00:00:00Z');
const sample = generateSample({ deals: 10_000, seed: 42, asOf });
const deals = readDeals(sample.dealsTable, sample.config).deals;
const history = readHistory(sample.historyTable, sample.config).entries;

describe('dealColumns', () => {
  it('holds each deal as numbers and codes', () => {
    const d = (over: Partial<Deal>) => blankDeal({ id: 'x', ...over });
    const rows = [
      d({
        stage: 'Qualified',
        amount: 100,
        probability: 0.5,
        owner: 'ann@example.com',
        currency: 'USD',
        expectedClose: new Date('2026-12-01T00:00:00Z'),
      }),
      d({ stage: 'Won', owner: 'bob@example.com', forecastCategory: 'Commit' }),
      d({ stage: 'Lost', owner: 'ann@example.com', currency: 'EUR' }),
      d({ stage: 'Nowhere' }),
    ];
    const columns = dealColumns(rows, DEFAULT_CONFIG);
    expect([...columns.outcome]).toEqual([OPEN, WON, LOST, UNKNOWN]);
    expect(columns.stage[3]).toBe(-1);
    expect(DEFAULT_CONFIG.stages[columns.stage[0]].name).toBe('Qualified');
    expect([...columns.amount].map((a) => (Number.isNaN(a) ? null : a))).toEqual([100, null, null, null]);
    expect(columns.weight[0]).toBe(0.5);
    expect(columns.expectedClose[0]).toBe(Date.UTC(2026, 11, 1));
    expect(Number.isNaN(columns.expectedClose[1])).toBe(true);
    expect([...columns.owner].map((c) => columns.ownerNames[c])).toEqual(['ann@example.com', 'bob@example.com', 'ann@example.com', '']);
    expect([...columns.currency].map((c) => columns.currencyNames[c])).toEqual(['USD', '', 'EUR', '']);
    expect(columns.category[1]).toBe(2); // Commit, the third of FORECAST_CATEGORIES
    expect(columns.category[0]).toBe(-1);
  });

  it('gives the same table for the same array and configuration, and a fresh one otherwise', () => {
    const rows = deals.slice(0, 50);
    const first = dealColumns(rows, sample.config);
    expect(dealColumns(rows, sample.config)).toBe(first);
    expect(dealColumns(rows, { ...sample.config })).not.toBe(first);
    rows[3] = { ...rows[3], amount: 1 };
    const again = dealColumns(rows, sample.config);
    expect(again).not.toBe(first);
    expect(again.amount[3]).toBe(1);
    rows.push(rows[0]);
    expect(dealColumns(rows, sample.config).length).toBe(51);
  });
});

describe('metrics over the columns equal the old per-deal loops', () => {
  it('on the 10k sample', () => {
    expectForecastsEqual(deals, sample.config);
    expectForecastsEqual(deals, sample.config, 4);
    const reference = referenceCycle(deals, history, sample.config);
    const cycle = cycleDays(deals, history, sample.config);
    expect(cycle.count).toBe(reference.length);
    expect(cycle.meanDays).toBe(reference.reduce((a, b) => a + b, 0) / reference.length);
    const wonAmounts = deals
      .filter((d) => stageLookup(sample.config)(d.stage)?.outcome === 'won' && d.amount !== null)
      .map((d) => d.amount!);
    expect(velocity(deals, history, sample.config).averageWonAmount).toBe(wonAmounts.reduce((a, b) => a + b, 0) / wonAmounts.length);
  });

  it('on edge cases', () => {
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    const rows = [
      blankDeal({ id: 'A', stage: 'Qualified', amount: 1000, owner: '', expectedClose: day('2026-03-31') }),
      blankDeal({ id: 'B', stage: 'Qualified', amount: 500, owner: NO_OWNER, probability: 0.9, expectedClose: day('2026-04-01') }),
      blankDeal({ id: 'C', stage: 'Proposal', amount: null, owner: 'ann@example.com', forecastCategory: 'Commit' }),
      blankDeal({ id: 'D', stage: 'Won', amount: 700, created: day('2026-01-10'), expectedClose: day('2026-02-01') }),
      blankDeal({ id: 'E', stage: 'Won', amount: 300, created: day('2026-01-10'), closedOn: day('2026-01-20') }),
      blankDeal({ id: 'F', stage: 'Lost', amount: 900, closedOn: day('2026-02-02') }),
      blankDeal({ id: 'G', stage: '', amount: 50 }),
      blankDeal({ id: 'H', stage: 'Unheard of', amount: 60 }),
      blankDeal({ id: 'I', stage: 'Won', closedOn: day('2025-12-31') }),
    ];
    expectForecastsEqual(rows, DEFAULT_CONFIG);
    expectForecastsEqual(rows, DEFAULT_CONFIG, 4);
    expect(winRate(rows, DEFAULT_CONFIG)).toEqual({ won: 3, lost: 1, rate: 0.75 });
    // Closed on in January 2026: E only (D has none, so a period leaves it out).
    expect(winRate(rows, DEFAULT_CONFIG, { from: day('2026-01-01'), to: day('2026-01-31') })).toEqual({ won: 1, lost: 0, rate: 1 });
    // E: Jan 10 → Jan 20 = 10 days; D and I have no end or no start.
    expect(cycleDays(rows, [], DEFAULT_CONFIG)).toEqual({ count: 1, meanDays: 10, medianDays: 10 });
    expect(cycleDays(rows, [], DEFAULT_CONFIG)).toEqual(summary(referenceCycle(rows, [], DEFAULT_CONFIG)));
  });
});

function summary(days: number[]): { count: number; meanDays: number | null; medianDays: number | null } {
  const sorted = [...days].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    count: days.length,
    meanDays: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
    medianDays: days.length ? (sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2) : null,
  };
}

describe('closeDateSlips over the shared History index', () => {
  it('gives the same draws in the same order as grouping History itself, in sheet order and reversed', () => {
    for (const rows of [history, [...history].reverse()]) {
      expect(closeDateSlips(rows, deals)).toEqual(closeDateSlips(rows));
    }
    expect(closeDateSlips(history).transitions).toBeGreaterThan(0);
  });
});
