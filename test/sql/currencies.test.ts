/**
 * A pipeline in two currencies (VND and USD) with no History, as a hand-kept sheet or
 * a CRM export has it, with a "Lost at stage" column for one of its two lost deals:
 * every view equals the core, per currency for what holds amounts, and the figures
 * below are worked out by hand (each comment says how). The fiscal year starts in
 * April, so the quarter views are fiscal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, NO_OWNER, readDeals } from '../../src/core/index';
import { cli } from '../cli/helpers';
import { tempDir } from '../workbook/fixtures';
import { differences } from './compare';

// Funnel index: Lead 0, Qualified 1, Contacted 2, Meeting/Demo 3, Proposal 4, Negotiation 5, Won 6.
const DEALS = [
  ['Deal ID', 'Owner', 'Stage', 'Amount', 'Currency', 'Created', 'Expected close', 'Closed on', 'Lost at stage'],
  ['V1', 'ann@example.vn', 'Won', 250000000, 'VND', '2026-02-01', '', '2026-03-01', ''],
  ['V2', 'ann@example.vn', 'Proposal', 100000000, 'VND', '2026-11-01', '2026-12-15', '', ''],
  ['V3', 'binh@example.vn', 'Lost', 40000000, 'VND', '2026-04-01', '', '2026-05-10', 'Contacted'],
  ['V4', 'binh@example.vn', 'Negotiation', '', 'VND', '', '2027-01-20', '', ''],
  ['U1', 'sam@example.com', 'Won', 3000, 'USD', '2026-05-01', '', '2026-06-01', ''],
  ['U2', 'sam@example.com', 'Won', 7000, 'USD', '2026-04-01', '', '2026-04-21', ''],
  ['U3', 'sam@example.com', 'Lost', 1500, 'USD', '2026-03-01', '', '2026-06-15', ''],
  ['U4', '', 'Lead', 2000, 'usd', '2026-10-01', '2026-12-01', '', ''],
];
const AS_OF = new Date('2026-11-23T00:00:00Z');

describe('two currencies, no History', () => {
  const read = readDeals(DEALS, DEFAULT_CONFIG);

  it('every view equals the core, amounts per currency', async () => {
    expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const { diffs, sql } = await differences({
      config: DEFAULT_CONFIG,
      deals: read.deals,
      history: [],
      asOf: AS_OF,
      fiscalYearStartMonth: 4,
    });
    expect(diffs).toEqual([]);

    // Reach (no History): V1, U1, U2 won → 6; V2 → 4; V4 → 5; V3 lost at Contacted → 2; U3 lost, no stage → 0; U4 → 0.
    expect(sql.conversionAny.map((r) => r.deals)).toEqual([8, 6, 6, 5, 5, 4, 3]);
    expect(sql.conversionStrict.map((r) => r.deals)).toEqual([8, 6, 6, 5, 5, 4, 3]);
    expect(sql.conversionBasis).toEqual({
      source: 'deals',
      fromHistory: 0,
      withoutHistory: 8,
      lostAtKnown: 1,
      lostAtFirstOnly: 1,
      atLeast: true,
    });
    // Closed: V1, U1, U2 won, V3 and U3 lost. Qualified is reached by V1, U1, U2 and V3 (lost at Contacted): 3 of 4 won.
    expect(sql.calibration.stages.map((s) => [s.stage, s.reached, s.won])).toEqual([
      ['Lead', 5, 3],
      ['Qualified', 4, 3],
      ['Contacted', 4, 3],
      ['Meeting/Demo', 3, 3],
      ['Proposal', 3, 3],
      ['Negotiation', 3, 3],
      ['Won', 3, 3],
    ]);
    expect(sql.calibration.basis).toEqual({
      source: 'deals',
      fromHistory: 0,
      withoutHistory: 5,
      lostAtKnown: 1,
      lostAtFirstOnly: 1,
      atLeast: true,
    });
    expect(sql.winRate).toEqual({ won: 3, lost: 2, rate: 0.6 });

    const [usd, vnd] = sql.byCurrency;
    expect([usd.currency, usd.deals, vnd.currency, vnd.deals]).toEqual(['USD', 4, 'VND', 4]);
    // VND open: V2 100,000,000 × 60% = 60,000,000; V4 has no amount (0). USD open: U4 2,000 × 10% = 200.
    expect(vnd.forecastByMonth).toEqual([
      { key: '2026-12', deals: 1, amount: 100_000_000, weighted: 60_000_000 },
      { key: '2027-01', deals: 1, amount: 0, weighted: 0 },
    ]);
    expect(usd.forecastByMonth).toEqual([{ key: '2026-12', deals: 1, amount: 2000, weighted: 200 }]);
    // Fiscal year from April: Dec 2026 is the 3rd quarter of FY2027, Jan 2027 its 4th.
    expect(vnd.forecastByQuarter.map((r) => r.key)).toEqual(['2027-Q3', '2027-Q4']);
    // Won: VND V1 250,000,000 (Mar 2026 = FY2026 Q4); USD U2 7,000 (Apr = FY2027 Q1) and U1 3,000 with U3 lost (Jun = Q1).
    expect(vnd.totalWon).toEqual({ deals: 1, amount: 250_000_000, withoutAmount: 0 });
    expect(usd.totalWon).toEqual({ deals: 2, amount: 10_000, withoutAmount: 0 });
    expect(usd.outcomesByQuarter).toEqual([{ key: '2027-Q1', won: 2, lost: 1, winRate: 2 / 3, wonAmount: 10_000 }]);
    expect(vnd.outcomesByQuarter.map((r) => [r.key, r.won, r.lost, r.wonAmount])).toEqual([
      ['2026-Q4', 1, 0, 250_000_000],
      ['2027-Q1', 0, 1, 0],
    ]);
    // Owners, USD: sam won U1 (31 days) and U2 (20 days): mean and median 25.5, average won 5,000; U4 has no owner.
    expect(
      usd.ownerPerformance.map((o) => [
        o.owner,
        o.won,
        o.lost,
        o.wonAmount,
        o.averageWonAmount,
        o.meanCycleDays,
        o.medianCycleDays,
        o.openDeals,
        o.openWeighted,
      ]),
    ).toEqual([
      ['sam@example.com', 2, 1, 10_000, 5000, 25.5, 25.5, 0, 0],
      [NO_OWNER, 0, 0, 0, null, null, null, 1, 200],
    ]);
    // Velocity, VND: 2 open × 250,000,000 average won × 1/2 win rate ÷ 28 days (Feb 1 → Mar 1).
    expect(vnd.velocity.perDay).toBeCloseTo((2 * 250_000_000 * 0.5) / 28, 6);
    // USD: 1 open × 5,000 × 2/3 ÷ 25.5.
    expect(usd.velocity.perDay).toBeCloseTo((5000 * 2) / 3 / 25.5, 9);
    // Stale on Nov 23: V2 22 days in Proposal (rots after 21), U4 53 days in Lead (after 14); each in its own currency.
    expect(vnd.stale.map((s) => [s.dealId, s.daysInStage, s.amount])).toEqual([['V2', 22, 100_000_000]]);
    expect(usd.stale.map((s) => [s.dealId, s.daysInStage, s.amount])).toEqual([['U4', 53, 2000]]);
  }, 60_000);

  it('report --engine duckdb splits by currency as the core report does, and says so first', async () => {
    const dir = tempDir();
    const file = join(dir, 'deals.csv');
    writeFileSync(file, DEALS.map((r) => r.join(',')).join('\n'));
    const args = ['report', file, '--as-of', '2026-11-23', '--fiscal-year-start', '4'];
    const core = await cli(args);
    const duck = await cli([...args, '--engine', 'duckdb']);
    expect(duck.code).toBe(0);
    const lines = duck.out.split('\n');
    const said = lines.findIndex((line) => /not SQL views/.test(line));
    const printed = lines
      .slice(said + 1)
      .join('\n')
      .trimEnd();
    expect(core.out).toContain(printed);
    // Before any amount: the split, in the report's own words.
    const firstAmount = printed.search(/[0-9],[0-9]{3}/);
    expect(printed.indexOf('Amounts are in 2 currencies (USD, VND)')).toBeGreaterThan(-1);
    expect(printed.indexOf('Amounts are in 2 currencies (USD, VND)')).toBeLessThan(firstAmount);
    expect(printed).toContain('Won revenue   250,000,000 VND from 1 won deal');
    expect(printed).toContain('Won revenue   10,000 USD from 2 won deals');
    // Never a sum across currencies (250,000,000 + 10,000).
    expect(printed).not.toContain('250,010,000');
    const json = JSON.parse((await cli([...args, '--engine', 'duckdb', '--json'])).out);
    expect(json.currency).toMatchObject({ mode: 'split', currencies: ['USD', 'VND'] });
    expect(
      json.byCurrency.map((p: { currency: string; report: { totalWon: { amount: number } } }) => [p.currency, p.report.totalWon.amount]),
    ).toEqual([
      ['USD', 10_000],
      ['VND', 250_000_000],
    ]);
  }, 60_000);

  // By hand: V1 250,000,000 VND × 0.00004 = 10,000 USD.
  it('report --engine duckdb converts with --rates as the core report does', async () => {
    const dir = tempDir();
    const file = join(dir, 'deals.csv');
    writeFileSync(file, DEALS.map((r) => r.join(',')).join('\n'));
    const rates = join(dir, 'rates.csv');
    writeFileSync(rates, 'Currency,Rate to USD\nVND,0.00004\n');
    const args = ['report', file, '--as-of', '2026-11-23', '--rates', rates];
    const core = await cli(args);
    const duck = await cli([...args, '--engine', 'duckdb']);
    const lines = duck.out.split('\n');
    const printed = lines
      .slice(lines.findIndex((line) => /not SQL views/.test(line)) + 1)
      .join('\n')
      .trimEnd();
    expect(core.out).toContain(printed);
    // V1, V2 and V3 have an amount to convert; V4 has none.
    expect(printed.indexOf('Amounts in USD: 3 deals converted')).toBeGreaterThan(-1);
    expect(printed.indexOf('Amounts in USD: 3 deals converted')).toBeLessThan(printed.indexOf('Weighted forecast'));
    // Won: 10,000 (V1) + 3,000 (U1) + 7,000 (U2) = 20,000 USD.
    expect(printed).toContain('Won revenue   20,000 USD from 3 won deals');
  }, 60_000);

  it('export says first that amounts are in two currencies, and writes Lost at stage and the currency as grouped', async () => {
    const dir = tempDir();
    const file = join(dir, 'deals.csv');
    writeFileSync(file, DEALS.map((r) => r.join(',')).join('\n'));
    const result = await cli(['export', file, '--tables', join(dir, 'tables')]);
    expect(result.code).toBe(0);
    expect(result.err.split('\n')[0]).toMatch(
      /^Amounts are in 2 currencies \(USD, VND\) and are written as typed: every view that adds amounts groups them by its currency column/,
    );
    const csv = readFileSync(join(dir, 'tables', 'deals.csv'), 'utf8').split('\n');
    const header = csv[0].split(',');
    const column = (line: string, name: string) => line.split(',')[header.indexOf(name)];
    expect(column(csv[3], 'lost_at_stage')).toBe('Contacted');
    expect(column(csv[3], 'deal_id')).toBe('V3');
    // U4 typed "usd": upper-cased as splitByCurrency groups it.
    expect([column(csv[8], 'deal_id'), column(csv[8], 'currency')]).toEqual(['U4', 'USD']);
  });
});
