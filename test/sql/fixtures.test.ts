/**
 * Every view in DuckDB equals the core on every fixture this suite can reach: the
 * workbook fixtures (test/workbook/fixtures.ts), every catalogue case that is typed
 * as tables (errors included: rows are kept or left out exactly as the readers
 * decide), a small sample for each stage preset, and hand-made edge cases for the
 * rules the SQL has to copy (duplicate IDs, moves at the same instant, repeated
 * moves, History-only deals, undated deals, snoozes and next steps, overrides).
 * Each is run at three report days so that the day-bound rules are crossed (the
 * catalogue's cases, which are about reading, at one).
 */
import { describe, expect, it } from 'vitest';
import {
  blankDeal,
  DEFAULT_CONFIG,
  PRESETS,
  readDeals,
  readHistory,
  readStages,
  type Deal,
  type HistoryEntry,
  type PipelineConfig,
} from '../../src/core/index';
import { generateSample } from '../../src/sample/generate';
import { CASES } from '../catalogue/cases';
import { HISTORY_DEALS, HISTORY_MOVES, SMALL_DEALS } from '../workbook/fixtures';
import { differences, type DataSet } from './compare';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const at = (iso: string) => new Date(`${iso}Z`);
const DAYS = [day('2026-09-15'), day('2026-11-23'), day('2027-03-01')];

function fromTables(config: PipelineConfig, deals: unknown[][], history?: unknown[][]): Omit<DataSet, 'asOf'> {
  return { config, deals: readDeals(deals, config).deals, history: history ? readHistory(history, config).entries : [] };
}

function move(dealId: string, to: string, when: string, row: number): HistoryEntry {
  return { at: at(when), dealId, from: '', to, amount: null, expectedClose: null, probability: null, by: '', source: 'edit', row };
}

/** Edge cases, each named for the rule it tests; the expected figures are the core's. */
const EDGES: Record<string, { deals: Deal[]; history: HistoryEntry[] }> = {
  'duplicate IDs share one History path; the first dated row makes the path of an ID without History': {
    deals: [
      blankDeal({ row: 2, id: 'X', stage: 'Proposal', amount: 100, created: day('2026-09-01') }),
      blankDeal({ row: 3, id: 'X', stage: 'Won', amount: 200, created: day('2026-09-05'), closedOn: day('2026-10-01') }),
      blankDeal({ row: 4, id: 'Y', stage: '', amount: 50 }),
      blankDeal({ row: 5, id: 'Y', stage: 'Lead', stageChanged: day('2026-10-02') }),
      blankDeal({ row: 6, id: 'Y', stage: 'Proposal', stageChanged: day('2026-10-20') }),
      blankDeal({ row: 7, id: 'Z', stage: 'Lost', lostReason: 'Price' }),
      blankDeal({ row: 8, id: 'Z', stage: 'Negotiation' }),
    ],
    history: [move('X', 'Lead', '2026-09-01T09:00', 2), move('X', 'Proposal', '2026-09-10T09:00', 3)],
  },
  'moves at the same instant keep History order; repeated moves extend one stay; skips count in "any" only': {
    deals: [
      blankDeal({ row: 2, id: 'A', stage: 'Proposal', amount: 1000, created: day('2026-08-01') }),
      blankDeal({ row: 3, id: 'B', stage: 'Won', amount: 3000, created: day('2026-08-03'), closedOn: day('2026-09-30') }),
      blankDeal({ row: 4, id: 'C', stage: 'Lost', amount: 10, lostReason: 'Timing' }),
    ],
    history: [
      move('A', 'Qualified', '2026-08-05T10:00', 5),
      move('A', 'Lead', '2026-08-05T10:00', 6),
      move('A', 'Lead', '2026-08-06T10:00', 7),
      move('A', 'Proposal', '2026-08-20T16:30', 8),
      move('B', 'Lead', '2026-08-03T08:00', 2),
      move('B', 'Contacted', '2026-08-09T12:00', 3),
      move('B', 'Won', '2026-09-02T12:00', 4),
      move('B', 'Proposal', '2026-09-01T12:00', 9),
      move('C', 'Lead', '2026-08-02T00:00', 10),
      move('C', 'Ghost stage', '2026-08-04T00:00', 11),
      move('C', 'Lost', '2026-08-07T00:00', 12),
      move('GONE', 'Lead', '2026-07-01T00:00', 13),
      move('GONE', 'Qualified', '2026-07-11T06:00', 14),
    ],
  },
  'snoozes and future next steps hold a deal back; dated today they do not; overdue steps and slipped closes flag': {
    deals: [
      blankDeal({
        row: 2,
        id: 'S1',
        owner: 'ann@example.com',
        stage: 'Lead',
        stageChanged: day('2026-09-01'),
        snoozeUntil: day('2026-11-23'),
      }),
      blankDeal({
        row: 3,
        id: 'S2',
        owner: 'ann@example.com',
        stage: 'Lead',
        stageChanged: day('2026-09-01'),
        snoozeUntil: day('2026-11-24'),
      }),
      blankDeal({
        row: 4,
        id: 'S3',
        owner: 'bob@example.com',
        stage: 'Proposal',
        stageChanged: day('2026-09-01'),
        nextStepDate: day('2026-11-24'),
      }),
      blankDeal({
        row: 5,
        id: 'S4',
        owner: 'bob@example.com',
        stage: 'Proposal',
        stageChanged: day('2026-09-01'),
        nextStepDate: day('2026-11-23'),
      }),
      blankDeal({
        row: 6,
        id: 'S5',
        owner: '',
        stage: 'Negotiation',
        created: day('2026-11-01'),
        expectedClose: day('2026-11-22'),
        nextStepDate: day('2026-11-20'),
      }),
      blankDeal({ row: 7, id: 'S6', owner: '', stage: 'Negotiation', expectedClose: day('2026-11-01') }),
      blankDeal({ row: 8, id: 'S7', owner: 'cy@example.com', stage: 'Qualified', stageChanged: day('2026-11-20') }),
    ],
    history: [
      move('S7', 'Qualified', '2026-10-01T23:59', 2),
      move('S7', 'Lead', '2026-10-15T00:00', 3),
      move('S7', 'Qualified', '2026-10-20T12:00', 4),
    ],
  },
  'overrides: the deal probability beats the stage one; its category beats the stage one; blank amounts count 0': {
    deals: [
      blankDeal({
        row: 2,
        id: 'P1',
        owner: 'ann@example.com',
        stage: 'Lead',
        amount: 1000,
        probability: 0.9,
        forecastCategory: 'Commit',
        expectedClose: day('2026-12-31'),
      }),
      blankDeal({ row: 3, id: 'P2', owner: 'ann@example.com', stage: 'Negotiation', amount: null, expectedClose: day('2027-01-01') }),
      blankDeal({
        row: 4,
        id: 'P3',
        owner: 'zed@example.com',
        stage: 'Proposal',
        amount: 1234.56,
        probability: 0,
        expectedClose: day('2026-03-31'),
      }),
      blankDeal({ row: 5, id: 'P4', owner: '', stage: 'Made up', amount: 999 }),
      blankDeal({ row: 6, id: 'P5', owner: 'ann@example.com', stage: 'Won', amount: 77.7, closedOn: day('2026-01-01') }),
    ],
    history: [],
  },
  'nothing at all': { deals: [], history: [] },
};

async function expectEqual(name: string, data: Omit<DataSet, 'asOf'>): Promise<void> {
  for (const asOf of DAYS) {
    const { diffs } = await differences({ ...data, asOf });
    expect({ name, asOf: asOf.toISOString().slice(0, 10), diffs }).toEqual({ name, asOf: asOf.toISOString().slice(0, 10), diffs: [] });
  }
}

describe('SQL views equal the core', () => {
  it.each(Object.keys(EDGES))('edge case: %s', async (name) => {
    await expectEqual(name, { config: DEFAULT_CONFIG, ...EDGES[name] });
  });

  it('on the workbook fixtures (the small pipeline and the four deals with History)', async () => {
    await expectEqual('small', fromTables(DEFAULT_CONFIG, SMALL_DEALS));
    await expectEqual('history', fromTables(DEFAULT_CONFIG, HISTORY_DEALS, HISTORY_MOVES));
  });

  it('on every catalogue case typed as tables', async () => {
    const cases = CASES.filter((c) => c.deals);
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const config = c.stages ? readStages(c.stages).config : DEFAULT_CONFIG;
      const { diffs } = await differences({ ...fromTables(config, c.deals!, c.history), asOf: DAYS[1] });
      expect({ case: c.id, diffs }).toEqual({ case: c.id, diffs: [] });
    }
  }, 120_000);

  it.each(PRESETS.map((p) => p.id))(
    'on a 400-deal sample of the %s stages',
    async (id) => {
      const preset = PRESETS.find((p) => p.id === id)!;
      const sample = generateSample({ deals: 400, seed: 7, config: preset.config });
      await expectEqual(id, { config: sample.config, deals: sample.deals, history: sample.history });
    },
    60_000,
  );
});
