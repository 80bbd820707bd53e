// The shared History index (historyIndex) against the per-metric path code it replaced:
// the reference functions below are the old dealPaths build and the old metric walks over
// its StageVisit paths, kept here verbatim in spirit, and every figure must come out equal
// on the 10k sample, with History in sheet order and reversed (so paths need sorting and
// moves at one instant keep their sheet order).
import { describe, expect, it } from 'vitest';
import { calibration } from '../../src/core/calibration';
import { conversionFunnel } from '../../src/core/conversion';
import { daysBetween, elapsedDays } from '../../src/core/dates';
import { stageLookup } from '../../src/core/forecast';
import { dealPaths, dealsWithHistory, enteredCurrentStage, readHistory } from '../../src/core/history';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import { historyIndex } from '../../src/core/history-index';
import { wonCycleDays } from '../../src/core/outcomes';
import { suggestRottingDays } from '../../src/core/rotting-suggest';
import { generateSample } from '../../src/sample/generate';
import { snapshotsFromHistory } from '../../src/core/snapshots';
import { funnelStages, openStages } from '../../src/core/stages';
import { staleDeals } from '../../src/core/stale';
import { timeInStage } from '../../src/core/time-in-stage';
import type { Deal, HistoryEntry, PipelineConfig } from '../../src/core/types';

interface Visit {
  stage: string;
  at: Date;
}

/** The old buildDealPaths: group by deal, stable sort by time, deals without History from their own dates. */
function referencePaths(deals: readonly Deal[], history: readonly HistoryEntry[]): Map<string, Visit[]> {
  const paths = new Map<string, Visit[]>();
  for (const entry of history) {
    let path = paths.get(entry.dealId);
    if (!path) {
      path = [];
      paths.set(entry.dealId, path);
    }
    path.push({ stage: entry.to, at: entry.at });
  }
  for (const path of paths.values()) path.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const deal of deals) {
    if (paths.has(deal.id) || !deal.stage) continue;
    const at = deal.stageChanged ?? deal.created;
    if (at) paths.set(deal.id, [{ stage: deal.stage, at }]);
  }
  return paths;
}

/** The old conversion walk over recorded paths: reached counts per funnel index. */
function referenceReached(paths: Map<string, Visit[]>, recorded: Set<string>, config: PipelineConfig, strict: boolean): number[] {
  const lookup = stageLookup(config);
  const funnel = funnelStages(config);
  const indexOf = (name: string) => {
    const stage = lookup(name);
    return stage ? funnel.findIndex((s) => s.name === stage.name) : -1;
  };
  const reached = new Array<number>(funnel.length).fill(0);
  for (const [id, path] of paths) {
    if (!recorded.has(id)) continue;
    let last = -1;
    if (!strict) for (const visit of path) last = Math.max(last, indexOf(visit.stage));
    else {
      const seen = new Set<number>();
      let expected = 0;
      for (const visit of path) {
        const k = indexOf(visit.stage);
        if (k < 0 || seen.has(k)) continue;
        seen.add(k);
        if (k !== expected) break;
        expected++;
      }
      last = expected - 1;
    }
    if (last >= 0) reached[last]++;
  }
  return reached;
}

/** The old time-in-stage walk: stays per open stage, completed ones and (includeOpen) running ones. */
function referenceStays(paths: Map<string, Visit[]>, deals: readonly Deal[], config: PipelineConfig, asOf: Date): Map<string, number[]> {
  const lookup = stageLookup(config);
  const stays = new Map(openStages(config).map((s) => [s.name, [] as number[]]));
  const current = new Map<string, string>();
  for (const deal of deals) if (!current.has(deal.id)) current.set(deal.id, deal.stage);
  for (const [id, path] of paths) {
    let i = 0;
    while (i < path.length) {
      const stage = lookup(path[i].stage);
      let next = i + 1;
      while (next < path.length && (stage ? lookup(path[next].stage) === stage : path[next].stage === path[i].stage)) next++;
      const bucket = stage?.outcome === 'open' ? stays.get(stage.name) : undefined;
      if (bucket && next < path.length) bucket.push(elapsedDays(path[i].at, path[next].at));
      else if (bucket && lookup(current.get(id) ?? path[i].stage)?.outcome === 'open' && elapsedDays(path[i].at, asOf) >= 0)
        bucket.push(elapsedDays(path[i].at, asOf));
      i = next;
    }
  }
  return stays;
}

const asOf = new Date('2026-11-23T00:00:00Z');
const sample = generateSample({ deals: 10_000, seed: 42, asOf });
const { config } = sample;
const deals = sample.deals;
const inOrder = sample.history;
const reversed = [...sample.history].reverse();

describe.each([
  ['sheet order', inOrder],
  ['reversed', reversed],
])('historyIndex on the 10k sample, History in %s', (_, history) => {
  const reference = referencePaths(deals, history);
  const recorded = new Set(history.map((h) => h.dealId));

  it('holds every path of the old build: same deals, same order, same stages and instants', () => {
    const index = historyIndex(deals, history);
    expect(index.ids).toEqual([...reference.keys()]);
    expect(index.recorded).toBe(recorded.size);
    const paths = dealPaths(deals, history);
    expect([...paths.keys()]).toEqual([...reference.keys()]);
    for (const [id, path] of reference) {
      const got = paths.get(id)!;
      expect(got.map((v) => v.stage)).toEqual(path.map((v) => v.stage));
      // The very same Date objects, not copies.
      got.forEach((v, k) => {
        expect(v.at).toBe(path[k].at);
      });
    }
    expect(dealsWithHistory(deals, history)).toEqual(recorded);
  });

  it('gives conversion (any and strict) the counts of the old path walk', () => {
    for (const strict of [false, true]) {
      const rows = conversionFunnel(deals, history, config, { mode: 'next', strict }).rows;
      const reached = referenceReached(reference, recorded, config, strict);
      const fromHistory = reached.map((_, k) => reached.slice(k).reduce((a, b) => a + b, 0));
      // Deals without History add to the same counts; the sample has History for every deal.
      expect(recorded.size).toBe(new Set(deals.map((d) => d.id)).size);
      expect(rows.map((r) => r.deals)).toEqual(fromHistory);
    }
  });

  it('gives time in stage the stays of the old path walk', () => {
    const stays = referenceStays(reference, deals, config, asOf);
    const rows = timeInStage(deals, history, config, asOf, { includeOpen: true });
    for (const row of rows) {
      const days = stays.get(row.stage)!;
      expect(row.visits).toBe(days.length);
      expect(row.meanDays).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 9);
    }
  });

  it('gives stale deals, cycle, calibration, rotting suggestions and snapshots the old answers', () => {
    for (const item of staleDeals(deals, history, config, asOf)) {
      expect(item.enteredStage).toBe(enteredCurrentStage(item.deal, reference.get(item.deal.id)));
    }
    const lookup = stageLookup(config);
    const cycle = wonCycleDays(deals, history, config);
    for (const deal of deals) {
      if (lookup(deal.stage)?.outcome !== 'won') continue;
      const path = recorded.has(deal.id) ? reference.get(deal.id) : undefined;
      const start = deal.created ?? path?.[0].at ?? null;
      const end = path?.find((v) => lookup(v.stage)?.outcome === 'won')?.at ?? deal.closedOn;
      const days = start && end && daysBetween(start, end) >= 0 ? daysBetween(start, end) : null;
      expect(cycle(deal)).toBe(days);
    }
    // Calibration: a closed deal reached each funnel stage its path entered, and its own.
    const funnel = funnelStages(config);
    const reachedByStage = funnel.map(() => 0);
    for (const deal of deals) {
      const current = lookup(deal.stage);
      if (!current || current.outcome === 'open') continue;
      const names = new Set([...(reference.get(deal.id) ?? []).map((v) => lookup(v.stage)?.name), current.name]);
      funnel.forEach((s, k) => {
        reachedByStage[k] += names.has(s.name) ? 1 : 0;
      });
    }
    expect(calibration(deals, history, config).stages.map((s) => s.reached)).toEqual(reachedByStage);
    // Rotting: advancing stays per open stage.
    const advancing = new Map(openStages(config).map((s) => [s.name, 0]));
    for (const path of reference.values()) {
      for (let i = 0; i + 1 < path.length; i++) {
        const here = lookup(path[i].stage);
        const next = lookup(path[i + 1].stage);
        if (!here || !next || here.outcome !== 'open') continue;
        if (next.outcome === 'won' || (next.outcome === 'open' && next.order > here.order))
          advancing.set(here.name, advancing.get(here.name)! + 1);
      }
    }
    expect(suggestRottingDays(deals, history, config).map((s) => s.stays)).toEqual([...advancing.values()]);
    // Snapshots: a deal's stage on a day is the To of its latest move before that day.
    const day = new Date('2026-06-01T00:00:00Z');
    const rows = snapshotsFromHistory(deals, history, config, [day]);
    const expected = new Map<string, string>();
    for (const deal of deals) {
      const before = (reference.get(deal.id) ?? []).filter((v) => recorded.has(deal.id) && v.at.getTime() < day.getTime());
      if (!before.length) continue;
      if ((deal.created && deal.created >= day) || (deal.closedOn && deal.closedOn < day)) continue;
      const stage = lookup(before[before.length - 1].stage);
      if (stage?.outcome === 'open') expected.set(deal.id, stage.name);
    }
    expect(new Map(rows.map((r) => [r.dealId, r.stage]))).toEqual(expected);
  });
});

describe('historyIndex remembering', () => {
  it('gives the same index for the same arrays, and a fresh one once a row is added or replaced', () => {
    const history = [...inOrder];
    const first = historyIndex(deals, history);
    expect(historyIndex(deals, history)).toBe(first);
    history.push({ ...history[0], at: new Date(asOf), to: 'Won' });
    const second = historyIndex(deals, history);
    expect(second).not.toBe(first);
    expect(second.start[second.byId.get(history[0].dealId)! + 1] - second.start[second.byId.get(history[0].dealId)!]).toBe(
      first.start[first.byId.get(history[0].dealId)! + 1] - first.start[first.byId.get(history[0].dealId)!] + 1,
    );
    const otherDeals = [...deals];
    otherDeals[0] = { ...deals[0] };
    expect(historyIndex(otherDeals, history)).not.toBe(second);
  });

  it('sorts a deal out of time order, keeping sheet order for moves at one instant', () => {
    const move = (to: string, at: string, row: number): HistoryEntry => ({
      at: new Date(at),
      dealId: 'A',
      from: '',
      to,
      amount: null,
      expectedClose: null,
      probability: null,
      by: '',
      source: 'edit',
      row,
    });
    const index = historyIndex([], [move('Qualified', '2026-02-01', 2), move('Lead', '2026-01-01', 3), move('Proposal', '2026-01-01', 4)]);
    expect([...index.stage].map((c) => index.stageNames[c])).toEqual(['Lead', 'Proposal', 'Qualified']);
    expect([...index.source]).toEqual([1, 2, 0]);
  });

  it('makes up a one-move path for a deal without History, from Stage changed or else Created', () => {
    const a = { ...deals[0], id: 'NEW-1', stage: 'Proposal', stageChanged: new Date('2026-03-02'), created: new Date('2026-01-01') };
    const b = { ...deals[0], id: 'NEW-2', stage: 'Lead', stageChanged: null, created: new Date('2026-01-05') };
    const c = { ...deals[0], id: 'NEW-3', stage: 'Lead', stageChanged: null, created: null };
    const index = historyIndex([a, b, c], []);
    expect(index.ids).toEqual(['NEW-1', 'NEW-2']);
    expect(index.recorded).toBe(0);
    expect([...index.at]).toEqual([Date.parse('2026-03-02'), Date.parse('2026-01-05')]);
    expect(index.stageNames).toEqual(['Proposal', 'Lead']);
  });
});

describe('historyIndex rowDeal', () => {
  it("gives each Deals row its deal's position, as byId does, repeated IDs and rows without a path included", () => {
    const base = { ...deals[0], stageChanged: null, created: new Date('2026-01-05') };
    const rows = [
      { ...base, id: 'X', stage: '' }, // no stage: no path of its own, but row 3 gives X one
      { ...base, id: inOrder[0].dealId }, // has History
      { ...base, id: 'Y', stage: 'Lead', created: null }, // no date: no path at all
      { ...base, id: 'X', stage: 'Lead' },
      { ...base, id: 'X', stage: 'Proposal' }, // a repeat: the first row with a stage made the path
    ];
    const index = historyIndex(rows, inOrder);
    expect([...index.rowDeal]).toEqual(rows.map((row) => index.byId.get(row.id) ?? -1));
    expect(index.rowDeal[0]).toBe(index.rowDeal[3]);
    expect(index.rowDeal[2]).toBe(-1);
    expect(index.ids.slice(index.recorded)).toEqual(['X']);
  });
});

describe('historyIndex over the frozen array readHistory hands back', () => {
  // The same index over the reader's array and over a copy of it (checked row by row):
  // rows skipped for a problem, an unknown stage, a numeric deal ID, a text timestamp
  // and rows out of time order included.
  const table = [
    ['Timestamp', 'Deal ID', 'From stage', 'To stage', 'Amount', 'Expected close', 'Probability'],
    [new Date('2026-02-01T10:00:00Z'), 'A', 'Lead', 'qualified', 100, new Date('2026-03-01'), 0.3],
    [new Date('2026-01-01T10:00:00Z'), 'A', '', 'Lead', '1,200', '2026-03-01', '20%'],
    ['not a date', 'A', '', 'Lead', 1, '', ''],
    [],
    [new Date('2026-01-03T00:00:00Z'), 17, '', 'Prospecting', 'lots', 'soon', '150%'],
    ['2026-01-02 09:00', 'B', '', 'Lead', null, null, null],
    [new Date('2026-01-04T00:00:00Z'), '', '', 'Lead'],
    [new Date('2026-01-02T09:00:00Z'), 'B', 'Lead', 'Won', 5, undefined, 1],
  ];
  const someDeals = [
    { ...deals[0], id: 'B', stage: 'Won' },
    { ...deals[0], id: 'C', stage: 'Proposal', stageChanged: new Date('2026-01-09'), created: null },
  ];
  const shape = (index: ReturnType<typeof historyIndex>) => ({
    ids: index.ids,
    recorded: index.recorded,
    byId: [...index.byId],
    start: [...index.start],
    stages: [...index.stage].map((c) => index.stageNames[c]),
    at: [...index.at],
    source: [...index.source],
  });

  it('equals the index built from the entries; the reader hands a frozen array, and a copy with a row replaced is rebuilt', () => {
    const { entries } = readHistory(table, DEFAULT_CONFIG);
    expect(entries.map((e) => e.dealId)).toEqual(['A', 'A', '17', 'B', 'B']);
    const fromReader = historyIndex(someDeals, entries);
    expect(shape(fromReader)).toEqual(shape(historyIndex(someDeals, [...entries])));
    expect(shape(fromReader).stages).toEqual(['Lead', 'Qualified', 'Prospecting', 'Lead', 'Won', 'Proposal']);
    expect(historyIndex(someDeals, entries)).toBe(fromReader);
    // Other Deals rows: a fresh index over the same History, which leaves the first unchanged.
    const otherDeals = historyIndex([], entries);
    expect(otherDeals.ids).toEqual(['A', '17', 'B']);
    expect(fromReader.ids).toEqual(['A', '17', 'B', 'C']);
    // The reader's array cannot change; a copy can, and a row replaced in it means a rebuild.
    expect(Object.isFrozen(entries)).toBe(true);
    expect(() => {
      (entries as HistoryEntry[])[0] = { ...entries[0], dealId: 'D' };
    }).toThrow(TypeError);
    const copy = [...entries];
    const fromCopy = historyIndex(someDeals, copy);
    expect(historyIndex(someDeals, copy)).toBe(fromCopy);
    copy[0] = { ...copy[0], dealId: 'D' };
    const rebuilt = historyIndex(someDeals, copy);
    expect(rebuilt).not.toBe(fromCopy);
    expect(shape(rebuilt)).toEqual(shape(historyIndex(someDeals, [...copy])));
    expect(rebuilt.ids).toEqual(['D', 'A', '17', 'B', 'C']);
  });

  it('reads each cell as before: values, blanks and problems by row and column', () => {
    const { entries, problems } = readHistory(table, DEFAULT_CONFIG);
    expect(entries.map((e) => [e.row, e.from, e.to, e.amount, e.expectedClose?.toISOString() ?? null, e.probability])).toEqual([
      [2, 'Lead', 'Qualified', 100, '2026-03-01T00:00:00.000Z', 0.3],
      [3, '', 'Lead', 1200, '2026-03-01T00:00:00.000Z', 0.2],
      [6, '', 'Prospecting', null, null, null],
      [7, '', 'Lead', null, null, null],
      [9, 'Lead', 'Won', 5, null, 1],
    ]);
    expect(problems.map((p) => [p.row, p.column, p.code, p.severity])).toEqual([
      [4, 'Timestamp', 'history-date', 'error'],
      [6, 'To stage', 'history-stage-unknown', 'warning'],
      [6, 'Amount', 'history-amount', 'warning'],
      [6, 'Expected close', 'history-expected-close', 'warning'],
      [6, 'Probability', 'history-probability', 'warning'],
      [8, 'Deal ID', 'history-deal-missing', 'error'],
    ]);
  });
});
