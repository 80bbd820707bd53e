// The PIPELINE.* custom functions: the numbers come from the core through the
// shared formulas, and a bad argument becomes #VALUE! with the formula's message.
import { afterEach, describe, expect, it } from 'vitest';
import {
  calibration,
  cycle,
  forecast,
  forecastRange,
  shareStagesWithCustomFunctions,
  rottingSuggest,
  weighted,
  winrate,
} from '../../excel-addin/src/functions';
import { dealsSheet } from './fixtures';

class FakeCustomFunctionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

afterEach(() => {
  delete (globalThis as { CustomFunctions?: unknown }).CustomFunctions;
  shareStagesWithCustomFunctions(null);
});

describe('PIPELINE.WEIGHTED', () => {
  it('sums amount × stage probability over open deals', () => {
    // D-1 Qualified 1000 × 20% = 200, D-2 Contacted 5000 × 30% = 1500, D-3 has no amount: 1700.
    expect(weighted(dealsSheet())).toBeCloseTo(1700, 9);
  });

  it('uses the Stages table the add-in last read when none is passed', () => {
    // Same stages, but Qualified at 50%: 1000 × 50% + 5000 × 30% = 2000.
    shareStagesWithCustomFunctions([
      ['Stage', 'Order', 'Probability', 'Outcome'],
      ['Lead', 1, 0.1, 'open'],
      ['Qualified', 2, 0.5, 'open'],
      ['Contacted', 3, 0.3, 'open'],
      ['Won', 4, 1, 'won'],
    ]);
    expect(weighted(dealsSheet())).toBeCloseTo(2000, 9);
  });

  it('turns a bad argument into #VALUE! with a message that says what to pass', () => {
    (globalThis as { CustomFunctions?: unknown }).CustomFunctions = {
      Error: FakeCustomFunctionError,
      ErrorCode: { invalidValue: '#VALUE!' },
    };
    let caught: unknown;
    try {
      weighted('Deals' as unknown as unknown[][]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FakeCustomFunctionError);
    expect((caught as FakeCustomFunctionError).code).toBe('#VALUE!');
    expect((caught as Error).message).toContain('deals must be a range with its header row');
  });
});

describe('the shared runtime remembers the last tables read', () => {
  it('answers anew when one cell of the same range changed in place', () => {
    const deals = dealsSheet();
    // D-1 Qualified 1000 × 20% + D-2 Contacted 5000 × 30% = 1700.
    expect(weighted(deals)).toBeCloseTo(1700, 9);
    expect(weighted(dealsSheet())).toBeCloseTo(1700, 9);
    // D-1's amount typed over with 2000: 2000 × 20% + 1500 = 1900.
    deals[1][4] = 2000;
    expect(weighted(deals)).toBeCloseTo(1900, 9);
    // And back: the first answer again.
    deals[1][4] = 1000;
    expect(weighted(deals)).toBeCloseTo(1700, 9);
  });

  it('answers anew when a History timestamp changed in place', () => {
    const header = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Created'];
    const deals = [header, ['W1', 'x', 'a@example.com', 'Won', 500, 47546]];
    // W1 entered Lead on 47546 (2030-03-04) and Won 10 days later: a 10-day cycle.
    const history = [
      ['Timestamp', 'Deal ID', 'From stage', 'To stage'],
      [47546, 'W1', '', 'Lead'],
      [47556, 'W1', 'Lead', 'Won'],
    ];
    expect(cycle(deals, history)).toEqual([
      ['Won deals', 'Mean days', 'Median days'],
      [1, 10, 10],
    ]);
    // Won moved to 47560: 14 days.
    history[2][0] = 47560;
    expect(cycle(deals, history)[1]).toEqual([1, 14, 14]);
  });
});

describe('PIPELINE.FORECAST and PIPELINE.WINRATE spill tables', () => {
  it('groups by stage with a header row', () => {
    const table = forecast(dealsSheet(), 'stage');
    expect(table[0]).toEqual(['Stage', 'Deals', 'Amount', 'Weighted']);
    // Qualified: one deal, 1000 at 20% = 200.
    expect(table.find((row) => row[0] === 'Qualified')).toEqual(['Qualified', 1, 1000, 200]);
  });

  it('gives an empty rate when no deal has closed', () => {
    // No deal is in Won or Lost: 0 won, 0 lost, rate blank.
    expect(winrate(dealsSheet())).toEqual([
      ['Won', 'Lost', 'Win rate'],
      [0, 0, ''],
    ]);
  });
});

describe('PIPELINE.FORECAST_RANGE, PIPELINE.CALIBRATION and PIPELINE.ROTTING_SUGGEST', () => {
  const header = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Probability', 'Expected close'];
  const historyHeader = ['Timestamp', 'Deal ID', 'From stage', 'To stage'];

  it('reads serial close dates and spills a range per month with a Total row', () => {
    // 47832 = 2030-12-15. E1 is certain (100%), E2 is certain but has no close date.
    const deals = [header, ['E1', 'x', 'a@example.com', 'Proposal', 1000, 1, 47832], ['E2', 'y', 'a@example.com', 'Proposal', 400, 1, '']];
    expect(forecastRange(deals, [historyHeader], 'month', undefined, 10, 1)).toEqual([
      ['Period', 'Deals', 'Weighted', 'Mean won', 'Standard error', 'P10', 'P50', 'P90', 'Chance of quota'],
      ['2030-12', 1, 1000, 1000, 0, 1000, 1000, 1000, ''],
      ['(no date)', 1, 400, 400, 0, 400, 400, 400, ''],
      // 1000 + 400 in every run.
      ['Total', 2, 1400, 1400, 0, 1400, 1400, 1400, ''],
    ]);
  });

  it('turns more than 1000 runs into #VALUE! with the cap in the message', () => {
    (globalThis as { CustomFunctions?: unknown }).CustomFunctions = {
      Error: FakeCustomFunctionError,
      ErrorCode: { invalidValue: '#VALUE!' },
    };
    const deals = [header, ['E1', 'x', 'a@example.com', 'Proposal', 1000, 1, 47832]];
    expect(() => forecastRange(deals, [historyHeader], 'month', undefined, 5000)).toThrow('runs must be a whole number from 1 to 1000');
  });

  it('converts with a rates range whose From dates are serials, the quota and amounts in its base currency', () => {
    // 47827 = 2030-12-10, 47484 = 2030-01-01, 47849 = 2031-01-01. F1 3,000 EUR and F2 500 USD, certain, closing 10 Dec 2030.
    const deals = [
      ['Deal ID', 'Stage', 'Amount', 'Probability', 'Currency', 'Expected close'],
      ['F1', 'Proposal', 3000, 1, 'EUR', 47827],
      ['F2', 'Proposal', 500, 1, 'USD', 47827],
    ];
    // EUR is 1.1 from 2030 and 1.2 from 2031: on 10 Dec 2030, 3,000 × 1.1 + 500 = 3,800 in every run.
    const rates = [
      ['Currency', 'Rate to USD', 'From'],
      ['EUR', 1.1, 47484],
      ['EUR', 1.2, 47849],
    ];
    const table = forecastRange(deals, [historyHeader], 'month', 3000, 10, 1, undefined, undefined, rates);
    expect(table[0]).toEqual([
      'Period',
      'Deals',
      'Weighted (USD)',
      'Mean won (USD)',
      'Standard error (USD)',
      'P10 (USD)',
      'P50 (USD)',
      'P90 (USD)',
      'Chance of quota',
    ]);
    expect(table[1][0]).toBe('2030-12');
    expect(table[1][2]).toBeCloseTo(3800, 6);
    expect(table[1][8]).toBe(1);
    // Without the rates range the two currencies are refused, on the cell.
    (globalThis as { CustomFunctions?: unknown }).CustomFunctions = {
      Error: FakeCustomFunctionError,
      ErrorCode: { invalidValue: '#VALUE!' },
    };
    expect(() => forecastRange(deals, [historyHeader], 'month')).toThrow('the deals are in EUR, USD, which cannot be added up');
  });

  it('calibrates from serial timestamps', () => {
    // 47546 = 2030-03-04. C1 won after Lead and Qualified; C2 lost from Lead.
    const deals = [header, ['C1', 'x', 'a@example.com', 'Won', 500, '', ''], ['C2', 'y', 'a@example.com', 'Lost', 500, '', '']];
    const history = [
      historyHeader,
      [47546, 'C1', '', 'Lead'],
      [47550, 'C1', 'Lead', 'Qualified'],
      [47560, 'C1', 'Qualified', 'Won'],
      [47546, 'C2', '', 'Lead'],
      [47556, 'C2', 'Lead', 'Lost'],
    ];
    const table = calibration(deals, history);
    // Lead: both closed deals reached it, one won: 1/2.
    expect(table.find((r) => r[0] === 'Lead')!.slice(0, 5)).toEqual(['Lead', 0.1, 2, 1, 0.5]);
    // Qualified: only C1, won: 1/1.
    expect(table.find((r) => r[0] === 'Qualified')!.slice(0, 5)).toEqual(['Qualified', 0.2, 1, 1, 1]);
  });

  it('suggests rotting days in whole serial days', () => {
    // Lead stays before Qualified: 4 and 10 days. 80th percentile: 4 + 0.8 × 6 = 8.8.
    const deals = [header, ['R1', 'x', 'a@example.com', 'Qualified', '', '', ''], ['R2', 'y', 'a@example.com', 'Qualified', '', '', '']];
    const history = [
      historyHeader,
      [47546, 'R1', '', 'Lead'],
      [47550, 'R1', 'Lead', 'Qualified'],
      [47546, 'R2', '', 'Lead'],
      [47556, 'R2', 'Lead', 'Qualified'],
    ];
    expect(rottingSuggest(deals, history)[1]).toEqual(['Lead', 14, 2, expect.closeTo(8.8, 9), '']);
  });
});
