import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import {
  businessDaysBetween,
  MIN_STAYS_FOR_SUGGESTION,
  rottingSuggestionTable,
  ROTTING_SUGGESTION_HEADERS,
  suggestRottingDays,
} from '../../src/core/rotting-suggest';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import type { HistoryEntry } from '../../src/core/types';

const DAY = 86_400_000;
const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
const plus = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
const move = (dealId: string, to: string, at: Date): HistoryEntry => ({
  at,
  dealId,
  from: '',
  to,
  amount: null,
  expectedClose: null,
  probability: null,
  by: '',
  source: 'edit',
  row: 0,
});

describe('businessDaysBetween', () => {
  it('counts the weekdays after the first day up to the last (by hand: Fri 20 Nov 2026 → Mon 23 Nov = 1)', () => {
    expect(businessDaysBetween(date('2026-11-20'), date('2026-11-23'))).toBe(1);
    expect(businessDaysBetween(date('2026-11-23'), date('2026-11-30'))).toBe(5);
    expect(businessDaysBetween(date('2026-11-23'), date('2026-11-23'))).toBe(0);
    expect(businessDaysBetween(date('2026-11-23'), date('2026-11-20'))).toBe(0);
  });

  it('agrees with counting day by day with getUTCDay over 400 pairs (independent method)', () => {
    const start = date('2026-01-01');
    for (let a = 0; a < 20; a++) {
      for (let b = 0; b < 20; b++) {
        const from = plus(start, a * 3);
        const to = plus(from, b * 2 + (a % 3));
        let count = 0;
        for (let d = plus(from, 1); d <= to; d = plus(d, 1)) if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) count++;
        expect(businessDaysBetween(from, to)).toBe(count);
      }
    }
  });
});

describe('suggestRottingDays', () => {
  const start = date('2026-03-02'); // a Monday
  const history: HistoryEntry[] = [];
  // Ten Lead stays of 1..10 days, each followed by Qualified.
  for (let i = 1; i <= 10; i++) history.push(move(`L${i}`, 'Lead', start), move(`L${i}`, 'Qualified', plus(start, i)));
  // Not advances: Lead → Lost after 100 days, and Qualified → Lead (backwards) after 50.
  history.push(move('X', 'Lead', start), move('X', 'Lost', plus(start, 100)));
  history.push(move('Y', 'Qualified', start), move('Y', 'Lead', plus(start, 50)));
  // Contacted: Fri → Mon, Fri → Tue, Mon → Mon two weeks later (calendar 3, 4, 14; business 1, 2, 10); to Won counts.
  history.push(move('C1', 'Contacted', date('2026-03-06')), move('C1', 'Won', date('2026-03-09')));
  history.push(move('C2', 'Contacted', date('2026-03-06')), move('C2', 'Meeting/Demo', date('2026-03-10')));
  history.push(move('C3', 'Contacted', date('2026-03-02')), move('C3', 'Proposal', date('2026-03-16')));
  const deals = [blankDeal({ id: 'open', stage: 'Negotiation', stageChanged: start })];

  it('takes the 80th percentile of advancing stays (by hand: PERCENTILE.INC of 1..10 at 0.8 = 8 + 0.2 = 8.2, so 9 days)', () => {
    const rows = suggestRottingDays(deals, history, DEFAULT_CONFIG);
    const lead = rows.find((r) => r.stage === 'Lead')!;
    expect(lead.stays).toBe(10);
    expect(lead.percentileDays).toBeCloseTo(8.2, 12);
    expect(lead.suggestedDays).toBe(9);
    expect(lead.configuredDays).toBe(14);
    expect(rows.map((r) => r.stage)).toEqual(['Lead', 'Qualified', 'Contacted', 'Meeting/Demo', 'Proposal', 'Negotiation']);
  });

  it(`gives the percentile but no suggestion below ${MIN_STAYS_FOR_SUGGESTION} stays, and nothing for a stage nobody left`, () => {
    const rows = suggestRottingDays(deals, history, DEFAULT_CONFIG);
    const contacted = rows.find((r) => r.stage === 'Contacted')!;
    // 3, 4, 14 at 0.8: position 1.6 → 4 + 0.6 × 10 = 10.
    expect([contacted.stays, contacted.percentileDays, contacted.suggestedDays]).toEqual([3, 10, null]);
    const negotiation = rows.find((r) => r.stage === 'Negotiation')!;
    expect([negotiation.stays, negotiation.percentileDays, negotiation.suggestedDays]).toEqual([0, null, null]);
    expect(rows.find((r) => r.stage === 'Qualified')!.stays).toBe(0);
  });

  it('counts business days when asked (by hand: 1, 2, 10 → median 2; calendar 3, 4, 14 → median 4)', () => {
    const business = suggestRottingDays(deals, history, DEFAULT_CONFIG, { percentile: 0.5, calendar: 'business' });
    const calendar = suggestRottingDays(deals, history, DEFAULT_CONFIG, { percentile: 0.5 });
    expect(business.find((r) => r.stage === 'Contacted')!.percentileDays).toBe(2);
    expect(calendar.find((r) => r.stage === 'Contacted')!.percentileDays).toBe(4);
  });

  it('lays out a tidy table', () => {
    const table = rottingSuggestionTable(suggestRottingDays(deals, history, DEFAULT_CONFIG));
    expect(table[0]).toEqual([...ROTTING_SUGGESTION_HEADERS]);
    expect(table[1][0]).toBe('Lead');
    expect(table[1][4]).toBe(9);
    expect(table[6]).toEqual(['Negotiation', 14, 0, '', '']);
  });
});
