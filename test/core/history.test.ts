import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { dealPaths, enteredCurrentStage, historyToTable, lastStageInHistory, readHistory } from '../../src/core/history';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import type { HistoryEntry } from '../../src/core/types';

const at = (iso: string) => new Date(iso);
const entry = (dealId: string, from: string, to: string, when: string): HistoryEntry => ({
  at: at(when),
  dealId,
  from,
  to,
  amount: 100,
  expectedClose: null,
  probability: null,
  by: 'a@b.co',
  source: 'edit',
  row: 0,
});

describe('History', () => {
  it('writes and reads back a tidy table', () => {
    const entries = [entry('D-1', '', 'Lead', '2026-01-02T10:00:00Z'), entry('D-1', 'Lead', 'Qualified', '2026-01-05T09:30:00Z')];
    const { entries: back, problems } = readHistory(historyToTable(entries), DEFAULT_CONFIG);
    expect(problems).toEqual([]);
    expect(back.map((e) => ({ ...e, row: 0 }))).toEqual(entries);
    expect(back.map((e) => e.row)).toEqual([2, 3]);
  });

  it('reports rows it cannot use, by row and column, and keeps the others', () => {
    const { entries, problems } = readHistory(
      [
        ['Timestamp', 'Deal ID', 'From stage', 'To stage'],
        ['not a date', 'D-1', '', 'Lead'],
        ['2026-01-02', '', '', 'Lead'],
        ['2026-01-02', 'D-1', '', ''],
        ['2026-01-02', 'D-1', '', 'Prospect'],
        ['2026-01-03', 'D-1', 'Lead', 'Qualified'],
      ],
      DEFAULT_CONFIG,
    );
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'Timestamp', 'history-date'],
      [3, 'Deal ID', 'history-deal-missing'],
      [4, 'To stage', 'history-stage-missing'],
      [5, 'To stage', 'history-stage-unknown'],
    ]);
    expect(entries.map((e) => e.to)).toEqual(['Prospect', 'Qualified']);
  });

  it('decides each date column from all of its text dates, those of later and skipped rows included', () => {
    // Only month first reads 04/13 (row 4) and 12/25 (row 3, skipped for its blank deal):
    // so row 2's 03/04 is March 4 and its 05/06 is May 6, though row 2 comes first.
    const { entries, problems } = readHistory(
      [
        ['Timestamp', 'Deal ID', 'From stage', 'To stage', 'Amount', 'Expected close'],
        ['03/04/2026', 'A', '', 'Lead', '', '05/06/2026'],
        [new Date('2026-01-01T00:00:00Z'), '', '', 'Lead', '', '12/25/2026'],
        ['04/13/2026', 'B', '', 'Lead', '', new Date('2026-07-01T00:00:00Z')],
      ],
      DEFAULT_CONFIG,
    );
    expect(entries.map((e) => [e.dealId, e.at.toISOString().slice(0, 10), e.expectedClose?.toISOString().slice(0, 10)])).toEqual([
      ['A', '2026-03-04', '2026-05-06'],
      ['B', '2026-04-13', '2026-07-01'],
    ]);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'Deal ID', 'history-deal-missing'],
      [1, 'Timestamp', 'date-order-from-column'],
      [1, 'Expected close', 'date-order-from-column'],
    ]);
  });

  it('says which columns are missing', () => {
    const { problems } = readHistory([['When', 'Who']], DEFAULT_CONFIG);
    expect(problems.map((p) => p.column)).toEqual(['Deal ID', 'To stage']);
  });

  it('orders a path by time, whatever the row order', () => {
    const paths = dealPaths(
      [],
      [entry('D-1', 'Lead', 'Qualified', '2026-01-05T00:00:00Z'), entry('D-1', '', 'Lead', '2026-01-01T00:00:00Z')],
    );
    expect(paths.get('D-1')!.map((v) => v.stage)).toEqual(['Lead', 'Qualified']);
  });

  it('falls back to Stage changed, then Created, for deals without History', () => {
    const deal = blankDeal({ id: 'D-9', stage: 'Proposal', created: at('2026-01-01T00:00:00Z'), stageChanged: at('2026-02-01T00:00:00Z') });
    const paths = dealPaths([deal], []);
    expect(paths.get('D-9')).toEqual([{ stage: 'Proposal', at: at('2026-02-01T00:00:00Z') }]);
    expect(enteredCurrentStage(blankDeal({ stage: 'Lead', created: at('2026-01-01T00:00:00Z') }), undefined)).toEqual(
      at('2026-01-01T00:00:00Z'),
    );
  });

  it('finds the last stage a deal entered, for pastes that lost the old value', () => {
    const history = [
      entry('D-1', '', 'Lead', '2026-01-01T00:00:00Z'),
      entry('D-1', 'Lead', 'Contacted', '2026-01-09T00:00:00Z'),
      entry('D-2', '', 'Won', '2026-01-10T00:00:00Z'),
    ];
    expect(lastStageInHistory(history, 'D-1')).toBe('Contacted');
    expect(lastStageInHistory(history, 'D-3')).toBeUndefined();
  });
});
