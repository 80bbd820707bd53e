/**
 * The custom functions as Sheets calls them: top-level functions of the built
 * bundle, given 2D arrays with the header row (Date objects at local midnight in
 * the spreadsheet's timezone), returning numbers or arrays that spill.
 *
 * Fixture (see world.ts), default stages: D1 Qualified 1000 (20%), D2 Contacted no
 * amount, D3 Proposal 5000 (60%), D4 Lead no amount.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { sheetDate } from '../fakes/gas';
import { buildOnce, COL, pipelineWorld, TZ } from './world';

beforeAll(() => buildOnce());

function tables() {
  const { world, gas } = pipelineWorld();
  const deals = world.spreadsheet.sheet('Deals').dump();
  const history = world.spreadsheet.sheet('History').dump();
  return { world, gas, deals, history };
}

describe('PIPELINE_WEIGHTED and PIPELINE_FORECAST', () => {
  it('weights open deals by their stage probability', () => {
    const { gas, deals } = tables();
    // 1000 × 0.2 + 5000 × 0.6 = 3200.
    expect(gas.PIPELINE_WEIGHTED(deals)).toBe(3200);
  });

  it('takes the Stages range argument over the Stages sheet, and reads the sheet when it is left out', () => {
    const { world, gas, deals } = tables();
    const custom = stagesToTable({
      ...DEFAULT_CONFIG,
      stages: DEFAULT_CONFIG.stages.map((s) => (s.name === 'Qualified' ? { ...s, probability: 0.5 } : s)),
    });
    // 1000 × 0.5 + 5000 × 0.6 = 3500.
    expect(gas.PIPELINE_WEIGHTED(deals, custom)).toBe(3500);
    world.spreadsheet.sheet('Stages').put(3, 3, 0.5);
    expect(gas.PIPELINE_WEIGHTED(deals)).toBe(3500);
  });

  it('spills the forecast by stage with a header row', () => {
    const { gas, deals } = tables();
    expect(gas.PIPELINE_FORECAST(deals, 'stage')).toEqual([
      ['Stage', 'Deals', 'Amount', 'Weighted'],
      ['Lead', 1, 0, 0],
      ['Qualified', 1, 1000, 200],
      ['Contacted', 1, 0, 0],
      ['Meeting/Demo', 0, 0, 0],
      ['Proposal', 1, 5000, 3000],
      ['Negotiation', 0, 0, 0],
    ]);
  });

  it('groups by month in the spreadsheet timezone: a close on 1 December is December', () => {
    const { gas, deals } = tables();
    // Midnight of 1 Dec in Berlin is 30 Nov 23:00 UTC; read naively it would land in November.
    deals[1][COL.expectedClose - 1] = sheetDate(2026, 12, 1, TZ);
    expect(gas.PIPELINE_FORECAST(deals, 'MONTH')).toEqual([
      ['Month', 'Deals', 'Amount', 'Weighted'],
      ['2026-11', 1, 5000, 3000],
      ['2026-12', 1, 1000, 200],
      ['(no date)', 2, 0, 0],
    ]);
  });

  it('gives the same months when called again on the same cells, and leaves the cells it was given as they were', () => {
    const { gas, deals } = tables();
    // The host converts each Date cell in place; Sheets passes every call its own copy (the fake does too).
    deals[1][COL.expectedClose - 1] = sheetDate(2026, 12, 1, TZ);
    const before = deals.map((row) => row.map((cell) => (cell instanceof Date ? cell.getTime() : cell)));
    const first = gas.PIPELINE_FORECAST(deals, 'month');
    expect(gas.PIPELINE_FORECAST(deals, 'month')).toEqual(first);
    expect(first).toContainEqual(['2026-12', 1, 1000, 200]);
    expect(deals.map((row) => row.map((cell) => (cell instanceof Date ? cell.getTime() : cell)))).toEqual(before);
  });

  it('ignores the blank rows of a whole-column reference', () => {
    const { gas, deals } = tables();
    const padded = [...deals, ...Array.from({ length: 995 }, () => deals[0].map(() => ''))];
    expect(gas.PIPELINE_WEIGHTED(padded)).toBe(3200);
  });

  it('says which argument is wrong and what to type', () => {
    const { gas, deals } = tables();
    expect(() => gas.PIPELINE_FORECAST(deals, 'week')).toThrow(
      'PIPELINE_FORECAST: by must be one of "stage", "month", "quarter", "owner", "category"; got "week".',
    );
    expect(() => gas.PIPELINE_FORECAST('Deals', 'stage')).toThrow(
      'PIPELINE_FORECAST: deals must be a range with its header row, such as Deals!A:R; got the single value "Deals".',
    );
    expect(() => gas.PIPELINE_WEIGHTED(deals.slice(1))).toThrow('no Stage column');
  });
});

describe('PIPELINE_CONVERSION', () => {
  it('gives cumulative conversion from History, skips counting as passing through', () => {
    const { gas, history } = tables();
    // Furthest stages reached: D1 Qualified, D2 Contacted, D3 Proposal, D4 Lead.
    // Lead 4, Qualified 3, Contacted 2, Meeting/Demo 1, Proposal 1 → ÷ 4.
    expect(gas.PIPELINE_CONVERSION(history, 'cumulative', false)).toEqual([
      ['Stage', 'Deals', 'Cumulative rate'],
      ['Lead', 4, 1],
      ['Qualified', 3, 0.75],
      ['Contacted', 2, 0.5],
      ['Meeting/Demo', 1, 0.25],
      ['Proposal', 1, 0.25],
      ['Negotiation', 0, 0],
      ['Won', 0, 0],
    ]);
  });

  it('counts strictly only the unbroken run of stages from the first', () => {
    const { gas, history } = tables();
    // D3 went Lead → Proposal, so strictly it counts in Lead only: Lead 4, Qualified 2 (D1, D2), Contacted 1 (D2).
    const rows = gas.PIPELINE_CONVERSION(history, 'next', true) as unknown[][];
    expect(rows.slice(1, 4)).toEqual([
      ['Lead', 4, 0.5],
      ['Qualified', 2, 0.5],
      ['Contacted', 1, 0],
    ]);
  });

  it('refuses an unknown mode', () => {
    const { gas, history } = tables();
    expect(() => gas.PIPELINE_CONVERSION(history, 'weekly')).toThrow('mode must be one of "next", "cumulative"');
  });
});

describe('PIPELINE_WINRATE, PIPELINE_CYCLE, PIPELINE_VELOCITY', () => {
  it('counts won and lost deals', () => {
    const { gas, deals } = tables();
    const row = (id: string, stage: string, extra: Record<number, unknown> = {}) =>
      deals[0].map((_, i) => (i === 0 ? id : i === COL.stage - 1 ? stage : (extra[i + 1] ?? '')));
    const withClosed = [
      ...deals,
      row('D5', 'Won', { [COL.amount]: 3000 }),
      row('D6', 'Won', { [COL.amount]: 1000 }),
      row('D7', 'Lost', { [COL.lostReason]: 'Price' }),
    ];
    // 2 won, 1 lost: 2 ÷ 3.
    expect(gas.PIPELINE_WINRATE(withClosed)).toEqual([
      ['Won', 'Lost', 'Win rate'],
      [2, 1, 2 / 3],
    ]);
  });

  it('reports no cycle and no velocity rate before anything is won', () => {
    const { gas, deals, history } = tables();
    expect(gas.PIPELINE_CYCLE(deals, history)).toEqual([
      ['Won deals', 'Mean days', 'Median days'],
      [0, '', ''],
    ]);
    const velocity = gas.PIPELINE_VELOCITY(deals, history) as unknown[][];
    expect(velocity[0]).toEqual(['Open deals', 'Average won amount', 'Win rate', 'Average cycle days', 'Velocity per day']);
    expect(velocity[1][0]).toBe(4);
    expect(velocity[1][4]).toBe('');
  });
});

describe('PIPELINE_WINRATE and PIPELINE_VELOCITY with several currencies', () => {
  // A won 1,000 USD on 10 Feb 2026, B won 2,000 EUR on 20 Feb; EUR is 1.1 USD from 1 Jan 2026 and 1.2 from 1 Mar (local Date cells).
  const won = () => [
    ['Deal ID', 'Stage', 'Amount', 'Currency', 'Closed on'],
    ['A', 'Won', 1000, 'USD', sheetDate(2026, 2, 10, TZ)],
    ['B', 'Won', 2000, 'EUR', sheetDate(2026, 2, 20, TZ)],
  ];
  const rates = () => [
    ['Currency', 'Rate to USD', 'From'],
    ['EUR', 1.1, sheetDate(2026, 1, 1, TZ)],
    ['EUR', 1.2, sheetDate(2026, 3, 1, TZ)],
  ];

  it('splits the won revenue by currency without rates, and converts it with them (1,000 + 2,000 × 1.1 = 3,200)', () => {
    const { gas } = tables();
    expect(gas.PIPELINE_WINRATE(won(), '', '', '', 'month')).toEqual([
      ['Month', 'Currency', 'Won', 'Lost', 'Win rate', 'Won revenue'],
      ['2026-02', 'EUR', 1, 0, 1, 2000],
      ['2026-02', 'USD', 1, 0, 1, 1000],
    ]);
    const converted = gas.PIPELINE_WINRATE(won(), '', '', '', 'month', rates()) as unknown[][];
    expect(converted[0]).toEqual(['Month', 'Won', 'Lost', 'Win rate', 'Won revenue (USD)']);
    expect(converted[1][4]).toBeCloseTo(3200, 6);
  });

  it('gives the average won amount per currency without rates, and in USD with them ((1,000 + 2,200) ÷ 2 = 1,600)', () => {
    const { gas } = tables();
    const history = [['Timestamp', 'Deal ID', 'From stage', 'To stage']];
    expect((gas.PIPELINE_VELOCITY(won(), history) as unknown[][]).map((r) => r.slice(0, 3))).toEqual([
      ['Currency', 'Open deals', 'Average won amount'],
      ['EUR', 0, 2000],
      ['USD', 0, 1000],
    ]);
    const converted = gas.PIPELINE_VELOCITY(won(), history, '', rates()) as unknown[][];
    expect(converted[0][1]).toBe('Average won amount (USD)');
    expect(converted[1][1]).toBeCloseTo(1600, 6);
  });
});

describe('PIPELINE_STALE and PIPELINE_TIME_IN_STAGE', () => {
  it('lists stale deals by owner, most days first, as of a date cell', () => {
    const { gas, deals, history } = tables();
    const rows = gas.PIPELINE_STALE(deals, history, sheetDate(2026, 11, 23, TZ)) as unknown[][];
    expect(rows[0]).toEqual(['Deal ID', 'Deal', 'Owner', 'Stage', 'Days in stage', 'Rotting days', 'Flags', 'Row']);
    // Days to 23 Nov: D3 since 1 Oct = 53, D1 since 5 Oct = 49, D2 since 20 Sep = 64, D4 since 20 Oct = 34.
    expect(rows.slice(1).map((r) => [r[0], r[4], r[5], r[7]])).toEqual([
      ['D3', 53, 21, 4],
      ['D1', 49, 14, 2],
      ['D2', 64, 14, 3],
      ['D4', 34, 14, 5],
    ]);
  });

  it('judges staleness as of the date given', () => {
    const { gas, deals, history } = tables();
    // On 25 Oct: D1 20 days in Qualified (>14), D2 35 in Contacted (>14), D3 24 in Proposal (>21), D4 5 in Lead: three stale.
    expect((gas.PIPELINE_STALE(deals, history, sheetDate(2026, 10, 25, TZ)) as unknown[][]).length).toBe(4);
    expect(gas.PIPELINE_STALE(deals, history, sheetDate(2026, 10, 6, TZ))).toEqual([
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Days in stage', 'Rotting days', 'Flags', 'Row'],
      // On 6 Oct D2 has been 16 days in Contacted (rotting after 14).
      ['D2', 'Beta', 'bob@example.com', 'Contacted', 16, 14, 'rotting', 3],
    ]);
  });

  it('measures completed stays in each stage', () => {
    const { gas, deals, history } = tables();
    const rows = gas.PIPELINE_TIME_IN_STAGE(deals, history, sheetDate(2026, 11, 23, TZ)) as unknown[][];
    expect(rows[0]).toEqual(['Stage', 'Visits', 'Mean days', 'Median days']);
    // Lead stays: D1 1→5 Oct = 4, D2 1→10 Sep = 9, D3 1 Aug→1 Oct = 61: mean 74/3, median 9. Qualified: D2 10→20 Sep = 10.
    const lead = rows.find((r) => r[0] === 'Lead')!;
    expect(lead[1]).toBe(3);
    expect(lead[2]).toBeCloseTo(74 / 3, 9);
    expect(lead[3]).toBe(9);
    expect(rows.find((r) => r[0] === 'Qualified')).toEqual(['Qualified', 1, 10, 10]);
  });

  it('refuses an as_of that is not a date', () => {
    const { gas, deals, history } = tables();
    expect(() => gas.PIPELINE_STALE(deals, history, 'soon')).toThrow(
      'PIPELINE_STALE: as_of must be a date such as 2026-11-23; got "soon".',
    );
  });
});

describe('PIPELINE_FORECAST_RANGE, PIPELINE_CALIBRATION and PIPELINE_ROTTING_SUGGEST', () => {
  it('simulates certain deals into the months of their local close dates, with a Total row and the quota chance', () => {
    const { gas, deals, history } = tables();
    // D1 and D3 at their own 100%, closing far ahead (so that today's date does not matter).
    deals[1][COL.probability - 1] = 1;
    deals[3][COL.probability - 1] = 1;
    // Midnight of 1 Dec 2030 in Berlin is 30 Nov 23:00 UTC: still December.
    deals[1][COL.expectedClose - 1] = sheetDate(2030, 12, 1, TZ);
    deals[3][COL.expectedClose - 1] = sheetDate(2030, 11, 30, TZ);
    expect(gas.PIPELINE_FORECAST_RANGE(deals, history, 'month', 2000, 100, 1)).toEqual([
      ['Period', 'Deals', 'Weighted', 'Mean won', 'Standard error', 'P10', 'P50', 'P90', 'Chance of quota'],
      // D3 wins 5000 in every run (≥ 2000); D1 wins 1000 (< 2000); D2 and D4 have no amount and are not simulated.
      ['2030-11', 1, 5000, 5000, 0, 5000, 5000, 5000, 1],
      ['2030-12', 1, 1000, 1000, 0, 1000, 1000, 1000, 0],
      ['Total', 2, 6000, 6000, 0, 6000, 6000, 6000, 1],
    ]);
  });

  it('caps the runs at 1000 and says so', () => {
    const { gas, deals, history } = tables();
    expect(() => gas.PIPELINE_FORECAST_RANGE(deals, history, 'month', '', 5000)).toThrow(
      'PIPELINE_FORECAST_RANGE: runs must be a whole number from 1 to 1000 (more runs take longer to recalculate); got "5000".',
    );
  });

  it('calibrates the stage probabilities from History', () => {
    const { gas, deals, history } = tables();
    const row = (id: string, stage: string, extra: Record<number, unknown> = {}) =>
      deals[0].map((_, i) => (i === 0 ? id : i === COL.stage - 1 ? stage : (extra[i + 1] ?? '')));
    const at = (m: number, d: number) => sheetDate(2026, m, d, TZ, 10);
    const table = gas.PIPELINE_CALIBRATION(
      [...deals, row('D5', 'Won', { [COL.amount]: 800 }), row('D6', 'Lost', { [COL.lostReason]: 'Price' })],
      [
        ...history,
        [at(6, 1), 'D5', '', 'Lead', 800, '', 0.1, 'ann@example.com', 'edit'],
        [at(6, 9), 'D5', 'Lead', 'Qualified', 800, '', 0.2, 'ann@example.com', 'edit'],
        [at(7, 1), 'D5', 'Qualified', 'Won', 800, '', 1, 'ann@example.com', 'edit'],
        [at(6, 1), 'D6', '', 'Lead', '', '', 0.1, 'bob@example.com', 'edit'],
        [at(6, 20), 'D6', 'Lead', 'Lost', '', '', 0, 'bob@example.com', 'edit'],
      ],
    ) as unknown[][];
    // Closed: D5 (won: Lead, Qualified, Won) and D6 (lost: Lead). Lead 1 of 2 won; Qualified 1 of 1; Won 1 of 1.
    // Wilson 95% (worked in Python): 1/2 → 0.09453 … 0.90547; 1/1 → 0.20655 … 1.
    expect(table.find((r) => r[0] === 'Lead')).toEqual([
      'Lead',
      0.1,
      2,
      1,
      0.5,
      expect.closeTo(0.09453, 5),
      expect.closeTo(0.90547, 5),
      '',
    ]);
    expect(table.find((r) => r[0] === 'Qualified')).toEqual(['Qualified', 0.2, 1, 1, 1, expect.closeTo(0.20655, 5), 1, '']);
    expect(table.find((r) => r[0] === 'Won')).toEqual(['Won', 1, 1, 1, 1, expect.closeTo(0.20655, 5), 1, '']);
  });

  it('suggests rotting days from the stays that ended in an advance', () => {
    const { gas, deals, history } = tables();
    const rows = gas.PIPELINE_ROTTING_SUGGEST(deals, history) as unknown[][];
    expect(rows[0]).toEqual(['Stage', 'Configured rotting days', 'Advancing stays', 'Percentile days', 'Suggested rotting days']);
    // Lead stays that advanced: D1 4 days, D2 9, D3 61 (Lead → Proposal). 80th percentile: position 1.6 → 9 + 0.6 × 52 = 40.2.
    expect(rows[1]).toEqual(['Lead', 14, 3, expect.closeTo(40.2, 9), '']);
    // Qualified: D2 10 Sep → 20 Sep = 10 days. D1 has not left Qualified.
    expect(rows[2]).toEqual(['Qualified', 14, 1, 10, '']);
    expect(() => gas.PIPELINE_ROTTING_SUGGEST(deals, history, 'most')).toThrow(
      'percentile must be a share such as 80% or 0.8; got "most".',
    );
  });
});
