import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import {
  hasSnapshotOn,
  readSnapshots,
  snapshotColumnPositions,
  SNAPSHOTS_HEADERS,
  snapshotsFromHistory,
  snapshotsToTable,
  takeSnapshot,
} from '../../src/core/snapshots';
import type { HistoryEntry } from '../../src/core/types';
import { DEFAULT_CONFIG } from '../../src/core/stages';

const date = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('takeSnapshot', () => {
  const deals = [
    blankDeal({ id: 'D1', owner: 'ann@x.co', stage: 'Proposal', amount: 1000, expectedClose: date('2026-12-15') }),
    blankDeal({ id: 'D2', owner: 'bob@x.co', stage: 'lead', amount: 400, probability: 0.25 }),
    blankDeal({ id: 'D3', owner: 'ann@x.co', stage: 'Won', amount: 9000 }),
    blankDeal({ id: 'D4', owner: 'ann@x.co', stage: 'Prospecting', amount: 500 }),
    blankDeal({ id: 'D5', owner: 'ann@x.co', stage: 'Negotiation', amount: null }),
  ];
  const rows = takeSnapshot(deals, DEFAULT_CONFIG, new Date('2026-11-23T15:30:00Z'));

  it('keeps open deals only, on the snapshot day, with probability and weighted (by hand: 1000 × 60%, 400 × 25%)', () => {
    expect(rows.map((r) => [r.dealId, r.stage, r.probability, r.weighted])).toEqual([
      ['D1', 'Proposal', 0.6, 600],
      ['D2', 'Lead', 0.25, 100],
      ['D5', 'Negotiation', 0.8, 0],
    ]);
    expect(rows.every((r) => r.at.toISOString() === '2026-11-23T00:00:00.000Z')).toBe(true);
  });

  it('writes a tidy table that reads back unchanged', () => {
    const table = snapshotsToTable(rows);
    expect(table[0]).toEqual([...SNAPSHOTS_HEADERS]);
    expect(table[1]).toEqual([date('2026-11-23'), 'D1', 'ann@x.co', 'Proposal', 1000, 0.6, 600, date('2026-12-15')]);
    expect(table[3]).toEqual([date('2026-11-23'), 'D5', 'ann@x.co', 'Negotiation', '', 0.8, 0, '']);
    const back = readSnapshots(table, DEFAULT_CONFIG);
    expect(back.problems).toEqual([]);
    expect(back.snapshots.map((r) => ({ ...r, row: 0 }))).toEqual(rows);
    expect(back.snapshots.map((r) => r.row)).toEqual([2, 3, 4]);
  });

  it('knows whether a day already has a snapshot', () => {
    expect(hasSnapshotOn(rows, new Date('2026-11-23T22:00:00Z'))).toBe(true);
    expect(hasSnapshotOn(rows, date('2026-11-24'))).toBe(false);
  });
});

describe('readSnapshots', () => {
  it('reads typed text in any column order, and reports each unusable cell by row and column', () => {
    const { snapshots, problems } = readSnapshots(
      [
        ['Deal ID', 'Snapshot date', 'Stage', 'Amount', 'Probability', 'Weighted', 'Expected close', 'Owner'],
        ['D1', '23.11.2026', 'proposal', '1 200', '30%', '', '15.12.2026', 'Ann Lee <Ann@X.co>'],
        ['D2', 'soon', 'Lead', 100, 0.1, 10, '', ''],
        ['', '2026-11-23', 'Lead', 100, 0.1, 10, '', ''],
        ['D3', '2026-11-23', 'Prospect', 'lots', 0.1, '', 'someday', ''],
        ['D4', '2026-11-23', 'Lead', 500, 'high', 75, '', ''],
        [],
      ],
      DEFAULT_CONFIG,
    );
    expect(problems.map((p) => [p.row, p.column, p.code, p.severity])).toEqual([
      [3, 'Snapshot date', 'snapshot-date', 'error'],
      [4, 'Deal ID', 'snapshot-deal-missing', 'error'],
      [5, 'Stage', 'snapshot-stage-unknown', 'warning'],
      [5, 'Amount', 'snapshot-amount', 'error'],
      [5, 'Weighted', 'snapshot-weighted-unknown', 'warning'],
      [5, 'Expected close', 'snapshot-expected-close', 'error'],
      [6, 'Probability', 'snapshot-probability', 'error'],
    ]);
    // D1: blank Weighted is 1200 × 30% = 360; D3 keeps its row with no amount; D4 keeps its Weighted cell.
    expect(snapshots.map((r) => [r.row, r.dealId, r.owner, r.stage, r.amount, r.probability, r.weighted, r.expectedClose])).toEqual([
      [2, 'D1', 'Ann@X.co', 'Proposal', 1200, 0.3, 360, date('2026-12-15')],
      [5, 'D3', '', 'Prospect', null, 0.1, 0, null],
      [6, 'D4', '', 'Lead', 500, null, 75, null],
    ]);
  });

  it('says which essential columns are missing', () => {
    const { snapshots, problems } = readSnapshots(
      [
        ['When', 'Stage'],
        ['2026-11-23', 'Lead'],
      ],
      DEFAULT_CONFIG,
    );
    expect(snapshots).toEqual([]);
    expect(problems.map((p) => [p.column, p.code])).toEqual([
      ['Snapshot date', 'snapshot-column-missing'],
      ['Deal ID', 'snapshot-column-missing'],
    ]);
  });

  it('reads an empty sheet as no snapshots', () => {
    expect(readSnapshots([], DEFAULT_CONFIG)).toEqual({ snapshots: [], problems: [] });
  });
});

describe('snapshotsFromHistory', () => {
  const at = (iso: string) => new Date(`${iso}Z`);
  const move = (
    when: string,
    dealId: string,
    to: string,
    amount: number | null,
    expectedClose: string | null,
    probability: number | null,
  ): HistoryEntry => ({
    at: at(when),
    dealId,
    from: '',
    to,
    amount,
    expectedClose: expectedClose ? date(expectedClose) : null,
    probability,
    by: '',
    source: 'edit',
    row: 0,
  });
  // Deliberately out of time order: the function sorts by deal and time itself.
  const history: HistoryEntry[] = [
    move('2026-10-10T11:00', 'D1', 'Negotiation', 1200, '2026-11-15', 0.5),
    move('2026-09-01T10:00', 'D1', 'Lead', null, null, null),
    move('2026-09-20T10:00', 'D1', 'Proposal', 1000, '2026-10-31', 0.6),
    move('2026-11-05T09:00', 'D1', 'Won', 1200, '2026-11-15', 1),
    move('2026-09-25T09:00', 'D2', 'Lead', 400, '2026-12-01', null),
    move('2026-09-25T09:00', 'D2', 'Lead', 500, '2026-12-01', null),
    move('2026-09-15T08:00', 'D3', 'Lead', 300, null, null),
    move('2026-09-30T08:00', 'D3', 'Lost', 300, null, 0),
    move('2026-09-10T08:00', 'D4', 'Lead', 2000, null, null),
    move('2026-09-02T08:00', 'D5', 'Lead', 999, null, null),
    move('2026-09-01T08:00', 'D7', 'Lead', 800, '2026-10-20', 0.1),
  ];
  const deals = [
    blankDeal({ id: 'D1', owner: 'ann@x.co', stage: 'Won', created: date('2026-09-01'), closedOn: date('2026-11-05') }),
    blankDeal({ id: 'D2', owner: 'bob@x.co', stage: 'Lead', created: date('2026-09-25') }),
    blankDeal({ id: 'D3', owner: 'ann@x.co', stage: 'Lost', created: date('2026-09-15'), closedOn: date('2026-09-30') }),
    // History says Lead from Sep 10, but Created says Oct 5: the deal did not exist before Oct 5.
    blankDeal({ id: 'D4', owner: 'ann@x.co', stage: 'Lead', created: date('2026-10-05') }),
    // No History at all: nothing to rebuild from.
    blankDeal({ id: 'D6', owner: 'bob@x.co', stage: 'Lead', created: date('2026-08-01') }),
    // Lost on Sep 28 by its Closed on, though History never logged the move.
    blankDeal({ id: 'D7', owner: 'bob@x.co', stage: 'Lost', created: date('2026-09-01'), closedOn: date('2026-09-28') }),
  ];
  const rows = snapshotsFromHistory(deals, history, DEFAULT_CONFIG, [
    date('2026-10-15'),
    new Date('2026-09-20T18:00:00Z'),
    date('2026-10-01'),
    date('2026-10-01'),
  ]);
  const table = rows.map((r) => [
    r.at.toISOString().slice(0, 10),
    r.dealId,
    r.owner,
    r.stage,
    r.amount,
    r.probability,
    r.weighted,
    r.expectedClose?.toISOString().slice(0, 10) ?? null,
  ]);

  it('rebuilds the open pipeline at the start of each day, by hand', () => {
    expect(table).toEqual([
      // Sep 20 at 00:00: D1 still in Lead (its Proposal move came at 10:00), no amount, Lead's 10%.
      // D3 Lead 300 × 10% = 30. D7 Lead 800 × 10% = 80 (it closed on Sep 28, after this day).
      // D2 not yet created; D4's Created (Oct 5) is after the day; D5 is not in Deals; D6 has no History.
      ['2026-09-20', 'D1', 'ann@x.co', 'Lead', null, 0.1, 0, null],
      ['2026-09-20', 'D3', 'ann@x.co', 'Lead', 300, 0.1, 30, null],
      ['2026-09-20', 'D7', 'bob@x.co', 'Lead', 800, 0.1, 80, '2026-10-20'],
      // Oct 1 (asked twice, taken once): D1 from its Sep 20 row, 1000 × 60% = 600; D2's later row of
      // the two at 09:00 wins, 500 × Lead's 10% = 50; D3 lost on Sep 30; D7 closed on Sep 28.
      ['2026-10-01', 'D1', 'ann@x.co', 'Proposal', 1000, 0.6, 600, '2026-10-31'],
      ['2026-10-01', 'D2', 'bob@x.co', 'Lead', 500, 0.1, 50, '2026-12-01'],
      // Oct 15: D1 from its Oct 10 row with its own 50%, 1200 × 50% = 600; D4 now exists, 2000 × 10% = 200.
      ['2026-10-15', 'D1', 'ann@x.co', 'Negotiation', 1200, 0.5, 600, '2026-11-15'],
      ['2026-10-15', 'D2', 'bob@x.co', 'Lead', 500, 0.1, 50, '2026-12-01'],
      ['2026-10-15', 'D4', 'ann@x.co', 'Lead', 2000, 0.1, 200, null],
    ]);
  });

  it('matches takeSnapshot of the deals as they stood, for a deal whose History is complete', () => {
    // D1 on Oct 15 rebuilt from History equals a live snapshot of D1 as it was that day.
    const then = blankDeal({
      id: 'D1',
      owner: 'ann@x.co',
      stage: 'Negotiation',
      amount: 1200,
      probability: 0.5,
      expectedClose: date('2026-11-15'),
    });
    const live = takeSnapshot([then], DEFAULT_CONFIG, date('2026-10-15'));
    expect(rows.filter((r) => r.dealId === 'D1' && r.at.getTime() === date('2026-10-15').getTime())).toEqual(live);
  });

  it('gives no rows for no dates, and none before any History', () => {
    expect(snapshotsFromHistory(deals, history, DEFAULT_CONFIG, [])).toEqual([]);
    expect(snapshotsFromHistory(deals, history, DEFAULT_CONFIG, [date('2026-08-31')])).toEqual([]);
  });
});

describe('snapshotColumnPositions', () => {
  it('finds reordered and aliased columns as readSnapshots does', () => {
    // "Date" is an alias of Snapshot date, "Rep" of Owner; Probability and Expected close are absent; "Notes" is the team's own.
    expect(snapshotColumnPositions(['Deal ID', 'Notes', 'Date', 'Stage', 'Rep', 'Weighted', 'Amount'])).toEqual([
      2,
      0,
      4,
      3,
      6,
      undefined,
      5,
      undefined,
    ]);
    expect(snapshotColumnPositions([...SNAPSHOTS_HEADERS])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
