/**
 * The demo's backtest line and the forecast range's note, on a pipeline built in
 * memory so that every figure in the words can be worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { backtestLine, renderForecastRange, renderFunnel, renderSummary } from '../../src/cli/summary';
import { blankDeal } from '../../src/core/deals';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import type { Deal, HistoryEntry } from '../../src/core/types';
import type { Pipeline } from '../../src/workbook/pipeline';
import { buildReport } from '../../src/workbook/report';

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
const asOf = date('2026-11-23');

/**
 * 40 closed deals that all started in Lead: W1..W10 won, L1..L30 lost, so Lead's observed
 * win rate is 10 ÷ 40 = 25% (40 ≥ 30 closed deals: enough to learn from). W1 (1000, expected
 * Oct 20) was in the Oct 1 snapshot in Lead at 10%; W2 (2000) was not in it and won in October
 * too. Open: O1 (Proposal, 500) and O2 (Lead, no amount).
 */
function pipeline(): Pipeline {
  const deals: Deal[] = [];
  const history: HistoryEntry[] = [];
  const move = (dealId: string, to: string, at: string, from = ''): HistoryEntry => ({
    at: date(at),
    dealId,
    from,
    to,
    amount: null,
    expectedClose: null,
    probability: null,
    by: '',
    source: 'test',
    row: 0,
  });
  for (let i = 1; i <= 10; i++) {
    const closed = i <= 2 ? '2026-10-20' : '2026-06-10';
    deals.push(
      blankDeal({
        id: `W${i}`,
        owner: 'ann',
        stage: 'Won',
        amount: i === 2 ? 2000 : 1000,
        created: date('2026-05-01'),
        closedOn: date(closed),
      }),
    );
    history.push(move(`W${i}`, 'Lead', i === 2 ? '2026-10-05' : '2026-05-01'), move(`W${i}`, 'Won', closed, 'Lead'));
  }
  for (let i = 1; i <= 30; i++) {
    deals.push(
      blankDeal({
        id: `L${i}`,
        owner: 'ann',
        stage: 'Lost',
        amount: 100,
        created: date('2026-05-01'),
        closedOn: date('2026-06-01'),
        lostReason: 'Price',
      }),
    );
    history.push(move(`L${i}`, 'Lead', '2026-05-01'), move(`L${i}`, 'Lost', '2026-06-01', 'Lead'));
  }
  deals.push(blankDeal({ id: 'O1', owner: 'ann', stage: 'Proposal', amount: 500, expectedClose: date('2026-12-10') }));
  deals.push(blankDeal({ id: 'O2', owner: 'ann', stage: 'Lead' }));
  const snapshots = [
    {
      at: date('2026-10-01'),
      dealId: 'W1',
      owner: 'ann',
      stage: 'Lead',
      amount: 1000,
      probability: 0.1,
      weighted: 100,
      expectedClose: date('2026-10-20'),
      row: 2,
    },
  ];
  return {
    file: 'memory.xlsx',
    kind: 'xlsx',
    config: DEFAULT_CONFIG,
    deals,
    history,
    hasHistory: true,
    snapshots,
    problems: [],
    sheets: {},
  };
}

describe('backtestLine', () => {
  it("gives the bias against what the forecast's deals won, the bias with observed win rates, and the wins counted apart", () => {
    const report = buildReport(pipeline(), asOf);
    // October from the Oct 1 snapshot: forecast 1000 × 10% = 100 against W1's 1000: 90% low, off by 90%.
    // With Lead's observed 25%: 250 against 1000, 75% low. W2 (2000) was not in the snapshot: 2000 of 3000 = 66.7%.
    expect(report.backtest!.withObservedWinRates!.forecast).toBeCloseTo(250, 9);
    expect(backtestLine(report).replace(/\n/g, ' ')).toBe(
      'Backtest over 1 snapshot: the weighted forecast ran 90.0% low against what its deals won, off by 90.0% of it per month (WAPE). ' +
        'With the win rates History shows (Calibration) instead of the set probabilities ' +
        'it would have run 75.0% low; the rest is close dates and chance. ' +
        'Wins the forecast could not see are counted apart: 66.7% of what was won came ' +
        'from deals opened after a snapshot. (report shows it by owner and stage)',
    );
  });
});

describe('renderForecastRange', () => {
  it('labels the count for what it is and says how many open deals without an amount were left out', () => {
    const text = renderForecastRange(buildReport(pipeline(), asOf, { runs: 10 }));
    // O1 is simulated (1 with an amount); O2 has none: 1 left out of the weighted forecast's 2 open deals.
    // Weighted: O1's 500 × Proposal's 60% = 300, the same as the weighted forecast's total.
    expect(text).toContain('With amount');
    expect(text.replace(/\n/g, ' ')).toContain(
      'The 1 open deal without an amount is left out (it can win nothing), ' +
        "so the counts are below the weighted forecast's 2; Weighted adds up to the same 300.",
    );
  });

  it('leaves out a period no run won anything in and no deal is expected in, and keeps one with deals', () => {
    const report = buildReport(pipeline(), asOf, { runs: 10 });
    const december = report.forecastRange.rows.find((row) => row.key === '2026-12')!;
    // A month only slip draws could reach: no deal expected, no run won anything.
    const empty = { ...december, key: '2027-04', deals: 0, weighted: 0, mean: 0, standardError: 0, p10: 0, p50: 0, p90: 0 };
    const text = renderForecastRange({
      ...report,
      forecastRange: { ...report.forecastRange, rows: [...report.forecastRange.rows, empty] },
    });
    expect(text).not.toContain('2027-04');
    expect(text).toContain('2026-12');
  });
});

describe('renderFunnel', () => {
  /** 4 deals, no History: W won, L lost, P at Proposal, Q at Qualified. */
  function withoutHistory(): Pipeline {
    const deals = [
      blankDeal({ id: 'W', stage: 'Won' }),
      blankDeal({ id: 'L', stage: 'Lost' }),
      blankDeal({ id: 'P', stage: 'Proposal' }),
      blankDeal({ id: 'Q', stage: 'Qualified' }),
    ];
    return {
      file: 'crm.csv',
      kind: 'csv',
      config: DEFAULT_CONFIG,
      deals,
      history: [],
      hasHistory: false,
      snapshots: [],
      problems: [],
      sheets: {},
    };
  }

  it('says the counts come from the deals\' outcomes, not History, and are "at least"', () => {
    const text = renderFunnel(buildReport(withoutHistory(), asOf));
    expect(text).not.toContain('from History');
    expect(text).toContain('at least; no History');
    // Lead 4 (all), Won 1: 1 ÷ 4 = 25.0% from first.
    expect(text).toMatch(/Lead\s+4\s+75\.0%\s+100\.0%/);
    expect(text).toMatch(/Won\s+1\s+–\s+25\.0%/);
  });

  it("labels the win rate won ÷ closed beside the funnel's won ÷ all deals", () => {
    // 1 won of 2 closed = 50.0%; 1 won of 4 deals = 25.0%.
    expect(renderSummary(buildReport(withoutHistory(), asOf))).toContain(
      "Win rate      50.0%  (won ÷ closed: 1 won, 1 lost); the funnel's 25.0% is won ÷ all deals",
    );
  });

  it('keeps "from History" when every deal has History, and says so when some have none', () => {
    const all = pipeline();
    // O1 and O2 (open) have no History: the heading says how they were counted.
    expect(renderFunnel(buildReport(all, asOf)).replace(/\n/g, ' ')).toContain('from History, and from the outcome of deals without it');
    const recorded = { ...all, deals: all.deals.filter((d) => !d.id.startsWith('O')) };
    expect(renderFunnel(buildReport(recorded, asOf))).toContain('Conversion funnel (deals that reached each stage, from History)');
  });
});
