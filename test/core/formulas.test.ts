/**
 * The platform-free formulas behind the PIPELINE_* custom functions: small tables
 * worked by hand (header row included, as a spreadsheet passes them), and the
 * argument errors a user sees on the cell. The host has no Stages sheet, so the
 * default stages apply unless a Stages range is passed: Lead 10%, Qualified 20%,
 * Contacted 30%, Meeting/Demo 40%, Proposal 60%, Negotiation 80%, Won, Lost;
 * every open stage rots after 14 days except Meeting/Demo and Proposal (21).
 */
import { describe, expect, it } from 'vitest';
import {
  calibrationFormula,
  conversionFormula,
  winRateFormula,
  forecastFormula,
  forecastRangeFormula,
  FORMULA_MAX_RUNS,
  rottingSuggestFormula,
  velocityFormula,
  weightedFormula,
  type FormulaHost,
} from '../../src/core/formulas';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';

const NOW = new Date(Date.UTC(2026, 10, 23));
const host: FormulaHost = { loadStages: () => null, toCore: (d) => d, toCell: (d) => d, now: () => NOW };
const day = (month: number, date: number) => new Date(Date.UTC(2026, month - 1, date));

const DEALS_HEADER = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Probability', 'Expected close'];
const HISTORY_HEADER = ['Timestamp', 'Deal ID', 'From stage', 'To stage'];

/**
 * A: Proposal 1000 at its own 100%, B: Proposal 500 at its own 0%, both closing in December;
 * C: Qualified 300 at 100%, overdue since October; W: won.
 */
function pipeline(): unknown[][] {
  return [
    DEALS_HEADER,
    ['A', 'Acme', 'ann@example.com', 'Proposal', 1000, 1, day(12, 10)],
    ['B', 'Beta', 'bob@example.com', 'Proposal', 500, 0, day(12, 20)],
    ['C', 'Gamma', 'ann@example.com', 'Qualified', 300, '100%', day(10, 15)],
    ['W', 'Won deal', 'ann@example.com', 'Won', 999, '', day(9, 1)],
  ];
}

describe('weightedFormula and forecastFormula', () => {
  it('weights open deals by their own probability before their stage’s', () => {
    // 1000 × 100% + 500 × 0% + 300 × 100% = 1300; the won deal is not pipeline.
    expect(weightedFormula(pipeline(), '', host)).toBe(1300);
  });

  it('uses a Stages range argument over the defaults', () => {
    const deals = [
      DEALS_HEADER,
      ['A', 'Acme', 'ann@example.com', 'Proposal', 1000, '', ''],
      ['C', 'Gamma', 'ann@example.com', 'Qualified', 300, '', ''],
    ];
    const stages = stagesToTable({
      ...DEFAULT_CONFIG,
      stages: DEFAULT_CONFIG.stages.map((s) => (s.name === 'Proposal' ? { ...s, probability: 0.5 } : s)),
    });
    // Defaults: 1000 × 60% + 300 × 20% = 660; with Proposal at 50%: 500 + 60 = 560.
    expect(weightedFormula(deals, '', host)).toBeCloseTo(660, 9);
    expect(weightedFormula(deals, stages, host)).toBeCloseTo(560, 9);
    // By stage: Qualified holds C (300 × 20% = 60), Proposal holds A (1000 × 50% = 500).
    const table = forecastFormula(deals, 'stage', stages, host);
    expect(table[0]).toEqual(['Stage', 'Deals', 'Amount', 'Weighted']);
    expect(table.find((r) => r[0] === 'Qualified')).toEqual(['Qualified', 1, 300, expect.closeTo(60, 9)]);
    expect(table.find((r) => r[0] === 'Proposal')).toEqual(['Proposal', 1, 1000, 500]);
  });

  it('names the argument and what to type', () => {
    expect(() => forecastFormula(pipeline(), 'week', '', host)).toThrow(
      'PIPELINE_FORECAST: by must be one of "stage", "month", "quarter", "owner", "category"; got "week".',
    );
    expect(() => weightedFormula(42, '', host)).toThrow(
      'PIPELINE_WEIGHTED: deals must be a range with its header row, such as Deals!A:R; got the single value "42".',
    );
    expect(() => weightedFormula(pipeline().slice(1), '', host)).toThrow('no Stage column');
  });
});

describe('calibrationFormula', () => {
  // Closed deals: W1 Lead→Qualified→Won, W2 Lead→Won, L1 Lead→Qualified→Lost, L2 Lead→Lost. O1 is open and not counted.
  const deals = [
    DEALS_HEADER,
    ['W1', 'w1', 'a@x.com', 'Won', 100, '', ''],
    ['W2', 'w2', 'a@x.com', 'Won', 100, '', ''],
    ['L1', 'l1', 'a@x.com', 'Lost', 100, '', ''],
    ['L2', 'l2', 'a@x.com', 'Lost', 100, '', ''],
    ['O1', 'o1', 'a@x.com', 'Qualified', 100, '', ''],
  ];
  const history = [
    HISTORY_HEADER,
    [day(1, 1), 'W1', '', 'Lead'],
    [day(1, 5), 'W1', 'Lead', 'Qualified'],
    [day(2, 1), 'W1', 'Qualified', 'Won'],
    [day(1, 1), 'W2', '', 'Lead'],
    [day(2, 1), 'W2', 'Lead', 'Won'],
    [day(1, 1), 'L1', '', 'Lead'],
    [day(1, 9), 'L1', 'Lead', 'Qualified'],
    [day(3, 1), 'L1', 'Qualified', 'Lost'],
    [day(1, 1), 'L2', '', 'Lead'],
    [day(3, 1), 'L2', 'Lead', 'Lost'],
    [day(1, 1), 'O1', '', 'Lead'],
    [day(1, 2), 'O1', 'Lead', 'Qualified'],
  ];

  it('counts, for each stage, the closed deals that reached it and the share won, with a Wilson 95% interval', () => {
    const table = calibrationFormula(deals, history, '', host);
    expect(table[0]).toEqual([
      'Stage',
      'Configured probability',
      'Closed deals reached',
      'Won',
      'Observed win rate',
      'Low (95%)',
      'High (95%)',
      'Suggested probability',
    ]);
    const row = (stage: string) => table.find((r) => r[0] === stage)!;
    // Lead: all 4 closed deals reached it, 2 won: 2/4 = 0.5. Wilson (p=0.5, n=4, z=1.96) worked in Python: 0.15004 … 0.84996.
    // Configured 10% lies below the interval, but 4 deals are fewer than the 30 a suggestion needs, so none.
    expect(row('Lead')).toEqual(['Lead', 0.1, 4, 2, 0.5, expect.closeTo(0.15004, 5), expect.closeTo(0.84996, 5), '']);
    // Qualified: W1 and L1 reached it, 1 won: 1/2. Wilson (p=0.5, n=2): 0.09453 … 0.90547.
    expect(row('Qualified')).toEqual(['Qualified', 0.2, 2, 1, 0.5, expect.closeTo(0.09453, 5), expect.closeTo(0.90547, 5), '']);
    // No closed deal reached Contacted (O1 is open): blanks, not zeros.
    expect(row('Contacted')).toEqual(['Contacted', 0.3, 0, 0, '', '', '', '']);
    // Won: W1 and W2, both won: 2/2; Wilson (p=1, n=2): 0.34238 … 1.
    expect(row('Won')).toEqual(['Won', 1, 2, 2, 1, expect.closeTo(0.34238, 5), 1, '']);
    // Open stages in order, then Won; Lost has no row.
    expect(table.slice(1).map((r) => r[0])).toEqual(['Lead', 'Qualified', 'Contacted', 'Meeting/Demo', 'Proposal', 'Negotiation', 'Won']);
  });

  it('asks for the History columns it needs', () => {
    expect(() => calibrationFormula(deals, [['When', 'What']], '', host)).toThrow(
      'PIPELINE_CALIBRATION: the history range needs the columns Timestamp, Deal ID and To stage in its first row.',
    );
  });
});

describe('forecastRangeFormula', () => {
  it('gives certain deals a range of one value, moves an overdue deal to this month, and adds a Total row', () => {
    const table = forecastRangeFormula(pipeline(), [HISTORY_HEADER], 'month', 800, 50, 7, '', '', host);
    expect(table).toEqual([
      ['Period', 'Deals', 'Weighted', 'Mean won', 'Standard error', 'P10', 'P50', 'P90', 'Chance of quota'],
      // C (300 at 100%) was due 15 Oct, before today (23 Nov): it closes this month. 300 < 800: never reaches the quota.
      ['2026-11', 1, 300, 300, 0, 300, 300, 300, 0],
      // A always wins 1000, B (0%) never wins; 2 deals, weighted 1000 × 1 + 500 × 0 = 1000 ≥ 800 in every run.
      ['2026-12', 2, 1000, 1000, 0, 1000, 1000, 1000, 1],
      // Together: 1300 in every run.
      ['Total', 3, 1300, 1300, 0, 1300, 1300, 1300, 1],
    ]);
  });

  it('leaves the quota chance blank without a quota', () => {
    const table = forecastRangeFormula(pipeline(), [HISTORY_HEADER], 'quarter', '', '', '', '', '', host);
    // November and December fall in 2026-Q4: all three open deals, 1300 in every run.
    expect(table.slice(1)).toEqual([
      ['2026-Q4', 3, 1300, 1300, 0, 1300, 1300, 1300, ''],
      ['Total', 3, 1300, 1300, 0, 1300, 1300, 1300, ''],
    ]);
  });

  it('runs 1000 times by default, and its mean agrees with the weighted forecast', () => {
    const deals = [DEALS_HEADER, ['A', 'Acme', 'ann@example.com', 'Proposal', 1000, '', day(12, 10)]];
    const [, december] = forecastRangeFormula(deals, [HISTORY_HEADER], '', '', '', '', '', '', host) as number[][];
    const n = FORMULA_MAX_RUNS;
    // Each run wins 1000 or 0, so the mean is 1000 × (wins ÷ n) and the standard error of a
    // two-valued sample is √(1000² × wins × (n − wins) ÷ (n (n − 1)) ÷ n): it matches only for n = 1000.
    const wins = (december[3] * n) / 1000;
    expect(Number.isInteger(Math.round(wins * 1e6) / 1e6)).toBe(true);
    expect(december[4]).toBeCloseTo(Math.sqrt((1000 ** 2 * wins * (n - wins)) / (n * (n - 1)) / n), 9);
    // The analytic weighted amount is 1000 × 60% = 600; the simulated mean lies within 4 standard errors of it.
    expect(december[2]).toBe(600);
    expect(Math.abs(december[3] - 600)).toBeLessThan(4 * december[4]);
    // With between 10% and 50% of runs at 0, P10 is 0 and P50 and P90 are 1000.
    expect(december.slice(5, 8)).toEqual([0, 1000, 1000]);
  });

  it('gives the same table for the same seed', () => {
    const deals = [
      DEALS_HEADER,
      ['A', 'Acme', 'a@x.com', 'Proposal', 1000, '', day(12, 10)],
      ['B', 'Beta', 'a@x.com', 'Lead', 700, '', day(12, 1)],
    ];
    expect(forecastRangeFormula(deals, [HISTORY_HEADER], 'month', '', 200, 3, '', '', host)).toEqual(
      forecastRangeFormula(deals, [HISTORY_HEADER], 'month', '', 200, 3, '', '', host),
    );
  });

  it('names each bad argument and what to type', () => {
    const run = (by: unknown, quota: unknown, runs: unknown, seed: unknown, probabilities: unknown) => () =>
      forecastRangeFormula(pipeline(), [HISTORY_HEADER], by, quota, runs, seed, probabilities, '', host);
    expect(run('week', '', '', '', '')).toThrow('PIPELINE_FORECAST_RANGE: by must be one of "month", "quarter"; got "week".');
    expect(run('', -5, '', '', '')).toThrow(
      'PIPELINE_FORECAST_RANGE: quota must be an amount of 0 or more, such as 250000, or left blank; got "-5".',
    );
    expect(run('', '', 5000, '', '')).toThrow(
      'PIPELINE_FORECAST_RANGE: runs must be a whole number from 1 to 1000 (more runs take longer to recalculate); got "5000".',
    );
    expect(run('', '', 2.5, '', '')).toThrow('runs must be a whole number');
    expect(run('', '', '', 'abc', '')).toThrow('PIPELINE_FORECAST_RANGE: seed must be a whole number from 0 to 4294967295; got "abc".');
    expect(run('', '', '', '', 'guessed')).toThrow(
      'PIPELINE_FORECAST_RANGE: probabilities must be one of "configured", "calibrated"; got "guessed".',
    );
  });

  it('lets a host raise the cap on runs', () => {
    const deals = [DEALS_HEADER, ['A', 'Acme', 'a@x.com', 'Proposal', 1000, 1, day(12, 10)]];
    // A certain deal: 1000 in each of the 5000 runs the host allows.
    const table = forecastRangeFormula(deals, [HISTORY_HEADER], 'month', '', 5000, '', '', '', { ...host, maxRuns: 5000 });
    expect(table[1]).toEqual(['2026-12', 1, 1000, 1000, 0, 1000, 1000, 1000, '']);
  });
});

describe('rottingSuggestFormula', () => {
  // Three deals left Lead for Qualified after 2, 4 and 10 days.
  const deals = [
    DEALS_HEADER,
    ['R1', 'r1', 'a@x.com', 'Qualified', '', '', ''],
    ['R2', 'r2', 'a@x.com', 'Qualified', '', '', ''],
    ['R3', 'r3', 'a@x.com', 'Qualified', '', '', ''],
  ];
  const history = [
    HISTORY_HEADER,
    [day(3, 2), 'R1', '', 'Lead'],
    [day(3, 4), 'R1', 'Lead', 'Qualified'],
    [day(3, 2), 'R2', '', 'Lead'],
    [day(3, 6), 'R2', 'Lead', 'Qualified'],
    [day(3, 2), 'R3', '', 'Lead'],
    [day(3, 12), 'R3', 'Lead', 'Qualified'],
  ];

  it('takes the 80th percentile of the stays that ended in an advance, as PERCENTILE.INC does', () => {
    const table = rottingSuggestFormula(deals, history, '', '', '', host);
    expect(table[0]).toEqual(['Stage', 'Configured rotting days', 'Advancing stays', 'Percentile days', 'Suggested rotting days']);
    // Sorted stays 2, 4, 10: position 0.8 × (3 − 1) = 1.6, so 4 + 0.6 × (10 − 4) = 7.6. Three stays are fewer than 10: no suggestion.
    expect(table[1]).toEqual(['Lead', 14, 3, expect.closeTo(7.6, 9), '']);
    // Nobody has left Qualified yet.
    expect(table[2]).toEqual(['Qualified', 14, 0, '', '']);
  });

  it('reads the percentile as a share or a percentage, and counts business days on request', () => {
    // The median of 2, 4, 10 is 4, whether typed as 50% or 50.
    expect(rottingSuggestFormula(deals, history, '50%', '', '', host)[1][3]).toBe(4);
    expect(rottingSuggestFormula(deals, history, 50, '', '', host)[1][3]).toBe(4);
    // 2 Mar 2026 is a Monday. Weekdays after it up to 4 Mar: 2; to 6 Mar: 4; to 12 Mar: Tue–Fri, Mon–Thu = 8. Median 4.
    expect(rottingSuggestFormula(deals, history, 0.5, 'business', '', host)[1][3]).toBe(4);
    // The 100th percentile: 10 calendar days, 8 business days.
    expect(rottingSuggestFormula(deals, history, 1, 'business', '', host)[1][3]).toBe(8);
  });

  it('names each bad argument', () => {
    expect(() => rottingSuggestFormula(deals, history, 'most', '', '', host)).toThrow(
      'PIPELINE_ROTTING_SUGGEST: percentile must be a share such as 80% or 0.8; got "most".',
    );
    expect(() => rottingSuggestFormula(deals, history, '', 'lunar', '', host)).toThrow(
      'PIPELINE_ROTTING_SUGGEST: calendar must be one of "calendar", "business"; got "lunar".',
    );
  });
});

describe('conversionFormula with a Deals range', () => {
  // pipeline(): A, B at Proposal, C at Qualified, W won; plus L lost with no last stage; no History.
  // Cumulative: Lead 5 (all); Qualified..Proposal: A, B, C/A, B + W; Won 1 of 5 = 20% (won ÷ all deals).
  const deals = [...pipeline(), ['L', 'Lost deal', 'bob@example.com', 'Lost', 200, '', day(9, 5)]];

  it('counts deals without History by their outcome and says so in the Deals header', () => {
    const table = conversionFormula('', 'cumulative', false, undefined, host, deals);
    expect(table[0]).toEqual(['Stage', 'Deals (no History, at least)', 'Cumulative rate']);
    expect(table.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['Lead', 5],
      ['Qualified', 4],
      ['Contacted', 3],
      ['Meeting/Demo', 3],
      ['Proposal', 3],
      ['Negotiation', 1],
      ['Won', 1],
    ]);
    expect(table.at(-1)![2]).toBe(0.2);
  });

  it('keeps the History-only table as it was without a Deals range', () => {
    const history = [HISTORY_HEADER, [day(1, 2), 'A', '', 'Lead'], [day(1, 3), 'A', 'Lead', 'Won']];
    expect(conversionFormula(history, 'next', false, undefined, host)[0]).toEqual(['Stage', 'Deals', 'Next-stage rate']);
    expect(conversionFormula(history, 'next', false, undefined, host, [DEALS_HEADER, ['A', 'Acme', '', 'Won', 1, '', '']])[0][1]).toBe(
      'Deals (from History)',
    );
  });
});

describe('winRateFormula by close period', () => {
  // Closed on: W1 won 100 (Feb 10), W2 won 300 (Apr 5), L1 lost (Apr 20); fiscal year from April (Stages setting).
  const deals = [
    ['Deal ID', 'Stage', 'Amount', 'Closed on'],
    ['W1', 'Won', 100, day(2, 10)],
    ['W2', 'Won', 300, day(4, 5)],
    ['L1', 'Lost', 50, day(4, 20)],
  ];
  const stages = [...stagesToTable(DEFAULT_CONFIG), ['Fiscal year starts', 'April']];

  it('gives won, lost, win rate and won revenue per month and per fiscal quarter (by hand)', () => {
    expect(winRateFormula(deals, '', '', stages, host, 'month')).toEqual([
      ['Month', 'Won', 'Lost', 'Win rate', 'Won revenue'],
      ['2026-02', 1, 0, 1, 100],
      ['2026-04', 1, 1, 0.5, 300],
    ]);
    // February is in Q4 of the fiscal year April 2025 - March 2026 (named 2026); April opens the next one's Q1.
    expect(
      winRateFormula(deals, '', '', stages, host, 'quarter')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['2026-Q4', '2027-Q1']);
    expect(winRateFormula(deals, '', '', stages, host)).toEqual([
      ['Won', 'Lost', 'Win rate'],
      [2, 1, 2 / 3],
    ]);
  });
});

describe('weightedFormula and forecastFormula with several currencies', () => {
  // Open at Proposal (60%): X 1,000 EUR and Y 100,000,000 VND, both closing in December.
  const deals = [
    ['Deal ID', 'Stage', 'Amount', 'Currency', 'Expected close'],
    ['X', 'Proposal', 1000, 'EUR', day(12, 10)],
    ['Y', 'Proposal', 100_000_000, 'VND', day(12, 20)],
  ];
  const rates = [
    ['Currency', 'Rate to USD'],
    ['EUR', 1.1],
    ['VND', 0.00004],
  ];

  it('refuses to add the currencies up without rates, and converts with them (1,100 + 4,000 = 5,100 × 60% = 3,060)', () => {
    expect(() => weightedFormula(deals, undefined, host)).toThrow('the deals are in EUR, VND, which cannot be added up');
    expect(weightedFormula(deals, undefined, host, rates)).toBeCloseTo(3060, 6);
  });

  it('splits the forecast by currency without rates, and names the currency with them', () => {
    expect(forecastFormula(deals, 'month', undefined, host)).toEqual([
      ['Month', 'Currency', 'Deals', 'Amount', 'Weighted'],
      ['2026-12', 'EUR', 1, 1000, 600],
      ['2026-12', 'VND', 1, 100_000_000, 60_000_000],
    ]);
    const converted = forecastFormula(deals, 'month', undefined, host, rates);
    expect(converted[0]).toEqual(['Month', 'Deals', 'Amount (USD)', 'Weighted (USD)']);
    expect(converted[1][2]).toBeCloseTo(5100, 6);
  });
});

describe('calibrationFormula without History', () => {
  it('counts closed deals by their outcome and says so in the Reached header', () => {
    // pipeline()'s W (won) plus L (lost, no last stage); empty History: Lead reached by both, 1 won.
    const deals = [...pipeline(), ['L', 'Lost deal', 'bob@example.com', 'Lost', 200, '', day(9, 5)]];
    const table = calibrationFormula(deals, [HISTORY_HEADER], undefined, host);
    expect(table[0][2]).toBe('Closed deals reached (no History: by outcome, at least)');
    expect(table[1].slice(0, 4)).toEqual(['Lead', 0.1, 2, 1]);
  });
});

describe('amounts in several currencies are never added up (issue 12)', () => {
  // A won 1,000 USD (10 Feb), B won 2,000 EUR (20 Feb); rates: 1 EUR = 1.1 USD.
  const won = [
    ['Deal ID', 'Stage', 'Amount', 'Currency', 'Closed on'],
    ['A', 'Won', 1000, 'USD', day(2, 10)],
    ['B', 'Won', 2000, 'EUR', day(2, 20)],
  ];
  const rates = [
    ['Currency', 'Rate to USD'],
    ['EUR', 1.1],
  ];

  it('PIPELINE_VELOCITY splits by currency without rates, and converts with them ((1,000 + 2,200) / 2 = 1,600)', () => {
    const split = velocityFormula(won, [HISTORY_HEADER], undefined, host);
    expect(split[0]).toEqual(['Currency', 'Open deals', 'Average won amount', 'Win rate', 'Average cycle days', 'Velocity per day']);
    expect(split.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['EUR', 0, 2000, 1],
      ['USD', 0, 1000, 1],
    ]);
    const converted = velocityFormula(won, [HISTORY_HEADER], undefined, host, rates);
    expect(converted[0]).toEqual(['Open deals', 'Average won amount (USD)', 'Win rate', 'Average cycle days', 'Velocity per day (USD)']);
    expect(converted[1][1]).toBeCloseTo(1600, 6);
  });

  it('PIPELINE_WINRATE by month splits the won revenue by currency without rates, and converts with them (1,000 + 2,200 = 3,200)', () => {
    expect(winRateFormula(won, '', '', undefined, host, 'month')).toEqual([
      ['Month', 'Currency', 'Won', 'Lost', 'Win rate', 'Won revenue'],
      ['2026-02', 'EUR', 1, 0, 1, 2000],
      ['2026-02', 'USD', 1, 0, 1, 1000],
    ]);
    const converted = winRateFormula(won, '', '', undefined, host, 'month', rates);
    expect(converted[0]).toEqual(['Month', 'Won', 'Lost', 'Win rate', 'Won revenue (USD)']);
    expect(converted[1].slice(0, 4)).toEqual(['2026-02', 2, 0, 1]);
    expect(converted[1][4]).toBeCloseTo(3200, 6);
  });

  // Open at Proposal (60%), closing 10 Dec: E 3,000 EUR and U 500 USD.
  const open = [
    ['Deal ID', 'Stage', 'Amount', 'Probability', 'Currency', 'Expected close'],
    ['E', 'Proposal', 3000, '', 'EUR', day(12, 10)],
    ['U', 'Proposal', 500, '', 'USD', day(12, 10)],
  ];

  it('PIPELINE_FORECAST_RANGE refuses several currencies without rates, and converts with them ((3,300 + 500) × 60% = 2,280)', () => {
    expect(() => forecastRangeFormula(open, [HISTORY_HEADER], 'month', '', 50, 7, '', undefined, host)).toThrow(
      'PIPELINE_FORECAST_RANGE: the deals are in EUR, USD, which cannot be added up',
    );
    const table = forecastRangeFormula(open, [HISTORY_HEADER], 'month', '', 50, 7, '', undefined, host, rates);
    expect(table[0].slice(0, 4)).toEqual(['Period', 'Deals', 'Weighted (USD)', 'Mean won (USD)']);
    expect(table[1].slice(0, 2)).toEqual(['2026-12', 2]);
    expect(table[1][2]).toBeCloseTo(2280, 6);
  });

  it("PIPELINE_FORECAST_RANGE quarters follow the Stages sheet's Fiscal year starts, as PIPELINE_FORECAST does", () => {
    // FY from July: 10 Dec 2026 is in Oct-Dec, the second quarter of the year July 2026 - June 2027 (named 2027).
    const stages = [...stagesToTable(DEFAULT_CONFIG), ['Fiscal year starts', 'July']];
    const one = [DEALS_HEADER, ['A', 'Acme', 'ann@example.com', 'Proposal', 1000, '', day(12, 10)]];
    expect(forecastFormula(one, 'quarter', stages, host)[1][0]).toBe('2027-Q2');
    expect(forecastRangeFormula(one, [HISTORY_HEADER], 'quarter', '', 50, 7, '', stages, host)[1][0]).toBe('2027-Q2');
  });

  it("reads the rates range's From dates in the Stages sheet's Date order ((1,100 + 1,000) × 60% = 1,260 under mdy)", () => {
    // Under mdy, 09/01/2026 is 1 September: the EUR rate on 1 August is still 1.1 (read day first it would be 1.2: 1,320).
    const stages = [...stagesToTable(DEFAULT_CONFIG), ['Date order', 'mdy']];
    const deals = [
      ['Deal ID', 'Stage', 'Amount', 'Currency', 'Expected close'],
      ['A', 'Proposal', 1000, 'EUR', day(8, 1)],
      ['B', 'Proposal', 1000, 'USD', day(8, 1)],
    ];
    const dated = [
      ['Currency', 'Rate to USD', 'From'],
      ['EUR', 1.1, '01/01/2026'],
      ['EUR', 1.2, '09/01/2026'],
    ];
    expect(weightedFormula(deals, stages, host, dated)).toBeCloseTo(1260, 6);
  });
});
