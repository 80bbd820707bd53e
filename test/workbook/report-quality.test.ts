/**
 * The report's calibration, forecast range, backtest and rotting days on the
 * four-deal History workbook (fixtures.ts), each figure worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { buildReport } from '../../src/workbook/report';
import { loadPipeline, type Pipeline } from '../../src/workbook/pipeline';
import { renderReportHtml } from '../../src/workbook/report-html';
import { writeReportXlsx } from '../../src/workbook/report-xlsx';
import { d, tempDir, writeHistoryWorkbook } from './fixtures';

const asOf = d('2026-11-23');

async function historyPipeline(snapshots = true): Promise<Pipeline> {
  const loaded = await loadPipeline(await writeHistoryWorkbook(tempDir(), 'h.xlsx', { snapshots }));
  if (!loaded.ok) throw new Error(loaded.reason);
  return loaded.pipeline;
}

describe('calibration in the report', () => {
  it('counts closed deals by stage reached, with Wilson intervals and the Brier score', async () => {
    const { calibration } = buildReport(await historyPipeline(), asOf);
    // Closed: A1 (won), A2, A3 (lost). Lead: all 3 reached, 1 won. Proposal: A1 and A3, 1 won. A4 is open, left out.
    expect(calibration.closedDeals).toBe(3);
    const lead = calibration.stages.find((s) => s.stage === 'Lead')!;
    const proposal = calibration.stages.find((s) => s.stage === 'Proposal')!;
    expect([lead.reached, lead.won, proposal.reached, proposal.won]).toEqual([3, 1, 2, 1]);
    // Wilson 1 of 3, z = 1.96: centre (1/3 + 1.9208/3) ÷ 2.2805 = 0.4269, half 0.8595 × √(0.0741 + 0.1067) = 0.3654.
    expect(lead.low).toBeCloseTo(0.0615, 3);
    expect(lead.high).toBeCloseTo(0.7923, 3);
    // Too few deals (< 30) for any suggestion.
    expect(calibration.stages.every((s) => s.suggested === null)).toBe(true);
    // Brier: Lead 10% for 3 deals: 0.9² + 2 × 0.1² = 0.83; Proposal 60% for 2: 0.4² + 0.6² = 0.52; (0.83 + 0.52) ÷ 5 = 0.27.
    expect(calibration.brier).toBeCloseTo(0.27, 10);
    expect(calibration.forecasts).toBe(5);
  });
});

describe('forecast range in the report', () => {
  it('simulates the one open deal: 1000 won or nothing, the quota chance is the share of runs that won', async () => {
    const report = buildReport(await historyPipeline(), asOf, { runs: 500, seed: 7, quota: 1000 });
    const range = report.forecastRange;
    expect(range.rows.map((r) => r.key)).toEqual(['2026-12']);
    const december = range.rows[0];
    // A4: 1000 × Proposal's 60% = 600 weighted. Each run wins 0 or 1000, about 40% zeros.
    expect(december.weighted).toBe(600);
    expect(december.p10).toBe(0);
    expect(december.p90).toBe(1000);
    // Reaching 1000 means winning A4, so the chance equals the mean ÷ 1000 (a second way to the same number).
    expect(december.quotaChance).toBeCloseTo(december.mean / 1000, 12);
    // History has no expected close dates, so there is nothing to slip.
    expect(range.slips.transitions).toBe(0);
    expect(range.runs).toBe(500);
    // Same seed, same inputs: the same range.
    expect(buildReport(await historyPipeline(), asOf, { runs: 500, seed: 7, quota: 1000 }).forecastRange).toEqual(range);
  });

  it('defaults to 2000 runs, seed 1 and configured probabilities', async () => {
    const report = buildReport(await historyPipeline(), asOf);
    expect(report.settings).toEqual({
      rangeBy: 'month',
      runs: 2000,
      seed: 1,
      quota: null,
      probabilities: 'configured',
      rottingDays: 'calendar',
      fiscalYearStartMonth: null,
    });
    expect(report.forecastRange.runs).toBe(2000);
    expect(report.forecastRange.rows[0].quotaChance).toBeNull();
  });
});

describe('backtest in the report', () => {
  it('compares the Sep 15 snapshot with what was won in October', async () => {
    const report = buildReport(await historyPipeline(), asOf);
    // Forecast for 2026-10: A1's 1200; actual: A1 won 2000 on Oct 1. Bias −800, relative −800 ÷ 2000 = −40%, MAPE 40%.
    const owner = report.backtest!.byOwner;
    expect(owner.groups.map((g) => [g.group, g.forecast, g.actual, g.bias])).toEqual([['ann@example.com', 1200, 2000, -800]]);
    expect(owner.total.relativeBias).toBeCloseTo(-0.4, 12);
    expect(owner.total.mape).toBeCloseTo(0.4, 12);
    // One pair: WAPE = |1200 − 2000| ÷ 2000, the same 40%. No other deal won in October: nothing counted apart.
    expect(owner.total.wape).toBeCloseTo(0.4, 12);
    expect([owner.total.wonNotInSnapshot, owner.total.wonWithoutDateOrAmount]).toEqual([0, 0]);
    // Three closed deals are far below the 30 a stage needs for an observed win rate: no second backtest.
    expect(report.backtest!.withObservedWinRates).toBeNull();
    expect(report.backtest!.byStage.groups.map((g) => g.group)).toEqual(['Proposal']);
    expect(report.backtest!.snapshots).toBe(1);
  });

  it('is null without snapshots', async () => {
    expect(buildReport(await historyPipeline(false), asOf).backtest).toBeNull();
  });
});

describe('rotting days in the report', () => {
  it('takes the 80th percentile of Lead stays that advanced, in calendar or business days', async () => {
    // Lead → Proposal: A1 Sep 1 → Sep 11 (10 days), A3 Sep 3 → Sep 23 (20), A4 Sep 7 → Oct 7 (30). A2 went to Lost: not an advance.
    // 80th percentile of [10, 20, 30]: position 0.8 × 2 = 1.6, so 20 + 0.6 × 10 = 26.
    const calendar = buildReport(await historyPipeline(), asOf).rottingSuggestions.find((r) => r.stage === 'Lead')!;
    expect([calendar.stays, calendar.percentileDays, calendar.suggestedDays, calendar.configuredDays]).toEqual([3, 26, null, 14]);
    // Weekdays after the entry day up to the leaving day: Tue Sep 1 → Fri Sep 11: 8; Thu Sep 3 → Wed Sep 23: 14;
    // Mon Sep 7 → Wed Oct 7: 22. Percentile 14 + 0.6 × 8 = 18.8.
    const business = buildReport(await historyPipeline(), asOf, { rottingDays: 'business' }).rottingSuggestions.find(
      (r) => r.stage === 'Lead',
    )!;
    expect(business.percentileDays).toBeCloseTo(18.8, 10);
  });
});

describe('report outputs', () => {
  it('writes the quality sheets with the hand-worked numbers', async () => {
    const pipeline = await historyPipeline();
    const report = buildReport(pipeline, asOf, { quota: 1000 });
    const path = join(tempDir(), 'report.xlsx');
    await writeReportXlsx(path, report, pipeline, asOf);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Forecast',
      'Conversion',
      'Stale',
      'Owners',
      'Won by period',
      'Owner results',
      'Calibration',
      'Reliability',
      'Forecast range',
      'Backtest',
      'Backtest detail',
      'Rotting days',
      'Facts',
    ]);
    const calibration = workbook.getWorksheet('Calibration')!;
    expect(calibration.getRow(1).values).toEqual([
      undefined,
      'Stage',
      'Configured probability',
      'Closed deals reached',
      'Won',
      'Observed win rate',
      'Low (95%)',
      'High (95%)',
      'Suggested probability',
    ]);
    // Lead: 10% set, 3 reached, 1 won, 1/3 observed; no suggestion (blank cell).
    const lead = calibration.getRow(2).values as unknown[];
    expect(lead.slice(1, 6)).toEqual(['Lead', 0.1, 3, 1, 1 / 3]);
    expect(lead[8]).toBeUndefined();
    const backtest = workbook.getWorksheet('Backtest')!;
    // By owner: ann 1 pair, forecast 1200, actual 2000, bias −800; then the (all) row; then by stage.
    expect((backtest.getRow(2).values as unknown[]).slice(1, 7)).toEqual(['owner', 'ann@example.com', 1, 1200, 2000, -800]);
    expect(backtest.getColumn(2).values.slice(2)).toEqual(['ann@example.com', '(all)', 'Proposal', '(all)']);
    // Then relative bias −40%, WAPE 40% and MAPE 40% (one pair), 1 pair with a win, nothing won apart.
    expect((backtest.getRow(1).values as unknown[]).slice(7)).toEqual([
      'Relative bias',
      'WAPE',
      'MAPE',
      'Pairs with actual',
      'Won, not in snapshot',
      'Won, no date or amount',
    ]);
    expect((backtest.getRow(2).values as unknown[]).slice(7)).toEqual([-0.4, 0.4, 0.4, 1, 0, 0]);
    const detail = workbook.getWorksheet('Backtest detail')!;
    expect((detail.getRow(2).values as unknown[]).slice(1)).toEqual([
      'owner',
      d('2026-09-15'),
      '2026-10',
      'ann@example.com',
      1200,
      2000,
      -800,
      0,
      0,
    ]);
    const range = workbook.getWorksheet('Forecast range')!;
    // 2026-12 and the Total row, both the single open deal: weighted 600.
    expect(range.getColumn(1).values.slice(2)).toEqual(['2026-12', 'Total']);
    expect(range.getCell('C2').value).toBe(600);
    const rotting = workbook.getWorksheet('Rotting days')!;
    expect((rotting.getRow(2).values as unknown[]).slice(1)).toEqual(['Lead', 14, 3, 26, undefined, 'calendar']);
  });

  it('draws one range band per period and the backtest tables in the HTML', async () => {
    const pipeline = await historyPipeline();
    const html = renderReportHtml(buildReport(pipeline, asOf));
    expect(html).toContain('id="chart-range"');
    // One band (a rect of class "band") per period: just 2026-12 here.
    expect(html.match(/class="band"/g)).toHaveLength(1);
    expect(html).toContain('<h2>Backtest</h2>');
    // The range counts deals with an amount (the one open deal, A4); the backtest gives WAPE, here 40% (one pair).
    expect(html).toContain('<th class="num">With amount</th>');
    expect(html).toContain('off by 40.0% of it (WAPE)');
    expect(html).not.toContain('<script');
  });
});
