import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import { loadPipeline } from '../../src/workbook/pipeline';
import { tempDir, writeSmallWorkbook, writeXlsx } from './fixtures';

const dir = tempDir();

describe('loadPipeline', () => {
  it('reads the small workbook with its Stages and no History', async () => {
    const loaded = await loadPipeline(await writeSmallWorkbook(dir));
    if (!loaded.ok) throw new Error(loaded.reason);
    const p = loaded.pipeline;
    expect(p.deals.map((deal) => deal.id)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'D6']);
    expect(p.hasHistory).toBe(false);
    expect(p.sheets).toEqual({ deals: 'Deals', stages: 'Stages' });
    expect(p.problems.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('maps a CRM export with --columns and a preset stage set, and sums up stages Stages does not list', async () => {
    const path = await writeXlsx(join(dir, 'crm.xlsx'), {
      Export: [
        ['Opportunity ID', 'Rep', 'Phase', 'Value'],
        ['O-1', 'ann@example.com', 'Lead', 100],
        ['O-2', 'bob@example.com', 'Closed Won', 200],
        ['O-3', 'bob@example.com', 'Closed Won', 300],
      ],
    });
    const loaded = await loadPipeline(path, { columnMap: { 'Deal ID': 'Opportunity ID', Owner: 'Rep', Stage: 'Phase' }, stages: 'b2b' });
    if (!loaded.ok) throw new Error(loaded.reason);
    const p = loaded.pipeline;
    expect(p.deals.map((deal) => [deal.id, deal.owner, deal.amount])).toEqual([
      ['O-1', 'ann@example.com', 100],
      ['O-2', 'bob@example.com', 200],
      ['O-3', 'bob@example.com', 300],
    ]);
    expect(p.problems).toContainEqual(expect.objectContaining({ code: 'deals-sheet-guessed', sheet: 'Export' }));
    const summary = p.problems.find((x) => x.code === 'stages-disagree');
    // Two rows use "Closed Won", which b2b does not have.
    expect(summary?.message).toContain('"Closed Won" (2)');
    expect(p.problems.filter((x) => x.code === 'stage-unknown').map((x) => x.row)).toEqual([3, 4]);
  });

  it('reports a workbook with no Deals sheet and no Stages sheet', async () => {
    const path = await writeXlsx(join(dir, 'nodeals.xlsx'), { Stages: stagesToTable(DEFAULT_CONFIG), Dashboard: [['x']] });
    const loaded = await loadPipeline(path);
    if (!loaded.ok) throw new Error(loaded.reason);
    expect(loaded.pipeline.problems).toContainEqual(expect.objectContaining({ code: 'deals-sheet-missing', severity: 'error' }));
    const noStages = await writeXlsx(join(dir, 'nostages.xlsx'), {
      Deals: [
        ['Deal ID', 'Stage'],
        ['D1', 'Lead'],
      ],
    });
    const loaded2 = await loadPipeline(noStages);
    if (!loaded2.ok) throw new Error(loaded2.reason);
    expect(loaded2.pipeline.problems).toContainEqual(expect.objectContaining({ code: 'stages-sheet-missing', severity: 'warning' }));
  });

  it('refuses a --stages value that is neither a preset nor a readable file', async () => {
    const loaded = await loadPipeline(await writeSmallWorkbook(dir, 's2.xlsx'), { stages: 'no-such-preset' });
    expect(loaded).toEqual({ ok: false, reason: expect.stringMatching(/not a preset name.*Presets: b2b, saas/) });
  });
});
