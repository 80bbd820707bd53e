import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readHistory, type HistoryEntry } from '../../src/core/index';
import { buildReport, factRows } from '../../src/workbook/report';
import { loadPipeline, type Pipeline } from '../../src/workbook/pipeline';
import { d, tempDir, writeSmallWorkbook } from './fixtures';

const asOf = d('2026-11-23');

async function small(): Promise<Pipeline> {
  const loaded = await loadPipeline(await writeSmallWorkbook(tempDir()));
  if (!loaded.ok) throw new Error(loaded.reason);
  return loaded.pipeline;
}

describe('buildReport', () => {
  it('gives the hand-worked forecast of the small pipeline', async () => {
    const report = buildReport(await small(), asOf);
    // 2026-12: D1 1000×10% + D2 2000×50% (own probability) = 1100; 2027-01: D3 3000×60% = 1800; no date: D6 4000×80% = 3200.
    expect(report.forecastByMonth.map((r) => [r.key, r.deals, r.amount, r.weighted])).toEqual([
      ['2026-12', 2, 3000, 1100],
      ['2027-01', 1, 3000, 1800],
      ['(no date)', 1, 4000, 3200],
    ]);
    // One won (D4), one lost (D5).
    expect(report.winRate).toMatchObject({ won: 1, lost: 1, rate: 0.5 });
  });

  it('sums owners by hand: ann has D1 and D3 open, D5 lost; bob has D2 and D6 open, D4 won', async () => {
    const report = buildReport(await small(), asOf);
    expect(report.owners.map((o) => [o.owner, o.openDeals, o.pipeline, o.weighted, o.won, o.lost])).toEqual([
      // ann: 1000 + 3000; weighted 100 + 1800.  bob: 2000 + 4000; weighted 1000 + 3200.
      ['ann@example.com', 2, 4000, 1900, 0, 1],
      ['bob@example.com', 2, 6000, 4200, 1, 0],
    ]);
    // Pipeline by stage and owner: Proposal holds ann's 3000 and bob's 2000.
    const m = report.pipelineByStageOwner;
    expect(m.amounts[m.stages.indexOf('Proposal')]).toEqual([3000, 2000]);
  });
});

describe('factRows', () => {
  it('gives one row per stage entered, with the days until the next move or asOf', async () => {
    const pipeline = await small();
    const history: HistoryEntry[] = readHistory(
      [
        ['Timestamp', 'Deal ID', 'From stage', 'To stage'],
        [d('2026-09-01'), 'D2', '', 'Lead'],
        [d('2026-10-01'), 'D2', 'Lead', 'Qualified'],
        [d('2026-11-01'), 'D2', 'Qualified', 'Proposal'],
      ],
      DEFAULT_CONFIG,
    ).entries;
    const facts = [...factRows({ ...pipeline, deals: pipeline.deals.filter((x) => x.id === 'D2'), history }, asOf)];
    // Sep 1 → Oct 1 is 30 days, Oct 1 → Nov 1 is 31, Nov 1 → Nov 23 (asOf, still in Proposal) is 22.
    expect(facts.map((f) => [f.stage, f.daysInStage, f.left?.toISOString().slice(0, 10) ?? null])).toEqual([
      ['Lead', 30, '2026-10-01'],
      ['Qualified', 31, '2026-11-01'],
      ['Proposal', 22, null],
    ]);
  });
});
