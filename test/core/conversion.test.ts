import { describe, expect, it } from 'vitest';
import { conversion, conversionFunnel, funnelBasisNote } from '../../src/core/conversion';
import { readDeals } from '../../src/core/deals';
import { winRate } from '../../src/core/outcomes';
import { blankDeal } from '../../src/core/deals';
import { DEFAULT_CONFIG, readStages } from '../../src/core/stages';
import type { HistoryEntry } from '../../src/core/types';

const { config } = readStages([
  ['Stage', 'Order', 'Probability', 'Outcome'],
  ['Lead', 1, 0.1, 'open'],
  ['Qualified', 2, 0.3, 'open'],
  ['Proposal', 3, 0.6, 'open'],
  ['Won', 4, 1, 'won'],
  ['Lost', 5, 0, 'lost'],
]);

const move = (dealId: string, to: string, day: number): HistoryEntry => ({
  at: new Date(Date.UTC(2026, 0, day, 9)),
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

// D1 walks every stage. D2 skips Qualified, then is lost. D3 is created at Qualified.
// D4 goes back from Qualified to Lead and forward again, then is lost.
const history: HistoryEntry[] = [
  move('D1', 'Lead', 1),
  move('D1', 'Qualified', 2),
  move('D1', 'Proposal', 3),
  move('D1', 'Won', 4),
  move('D2', 'Lead', 1),
  move('D2', 'Proposal', 5),
  move('D2', 'Lost', 6),
  move('D3', 'Qualified', 2),
  move('D3', 'Proposal', 7),
  move('D4', 'Lead', 1),
  move('D4', 'Qualified', 3),
  move('D4', 'Lead', 4),
  move('D4', 'Qualified', 5),
  move('D4', 'Lost', 8),
];
const deals = [
  blankDeal({ id: 'D1', stage: 'Won' }),
  blankDeal({ id: 'D2', stage: 'Lost' }),
  blankDeal({ id: 'D3', stage: 'Proposal' }),
  blankDeal({ id: 'D4', stage: 'Lost' }),
];

describe('conversion', () => {
  it('"any" counts a deal in every stage up to the furthest it reached', () => {
    // Furthest: D1 Won, D2 Proposal, D3 Proposal, D4 Qualified.
    // Lead 4, Qualified 4, Proposal 3 (D1-D3), Won 1.
    const rows = conversion(deals, history, config, { mode: 'next' });
    expect(rows.map((r) => [r.stage, r.deals])).toEqual([
      ['Lead', 4],
      ['Qualified', 4],
      ['Proposal', 3],
      ['Won', 1],
    ]);
    expect(rows.map((r) => r.nextRate)).toEqual([1, 0.75, 1 / 3, null]); // 4/4, 3/4, 1/3
    expect(rows.map((r) => r.rate)).toEqual(rows.map((r) => r.nextRate));
    expect(rows.map((r) => r.cumulativeRate)).toEqual([1, 1, 0.75, 0.25]); // 4/4, 4/4, 3/4, 1/4
  });

  it('"strict" counts a deal only in the run of stages it entered in order from the first', () => {
    // D1: Lead, Qualified, Proposal, Won. D2: Lead only (its next new stage was Proposal, a skip).
    // D3: nowhere (it started at Qualified). D4: Lead, Qualified (going back does not break the run).
    // Lead 3 (D1, D2, D4), Qualified 2 (D1, D4), Proposal 1, Won 1.
    const rows = conversion(deals, history, config, { mode: 'cumulative', strict: true });
    expect(rows.map((r) => [r.stage, r.deals])).toEqual([
      ['Lead', 3],
      ['Qualified', 2],
      ['Proposal', 1],
      ['Won', 1],
    ]);
    expect(rows.map((r) => r.rate)).toEqual([1, 2 / 3, 1 / 3, 1 / 3]);
    expect(rows.map((r) => r.nextRate)).toEqual([2 / 3, 0.5, 1, null]);
  });

  it('reads History in time order, not sheet order', () => {
    const reversed = [...history].reverse();
    expect(conversion(deals, reversed, config, { mode: 'next', strict: true }).map((r) => r.deals)).toEqual([3, 2, 1, 1]);
  });

  it('counts a Deals row with no History at its current stage', () => {
    // D5 sits at Proposal with no History and no dates: it counts by its outcome, Lead..Proposal, in both
    // modes (strict has no order to check without History): any (5, 5, 4, 1), strict (3+1, 2+1, 1+1, 1).
    const more = [...deals, blankDeal({ id: 'D5', stage: 'Proposal' })];
    expect(conversion(more, history, config, { mode: 'next' }).map((r) => r.deals)).toEqual([5, 5, 4, 1]);
    expect(conversion(more, history, config, { mode: 'next', strict: true }).map((r) => r.deals)).toEqual([4, 3, 2, 1]);
  });

  it('ignores lost and unknown stages, and gives null rates when nothing reached the first stage', () => {
    const odd = [move('X', 'Lost', 1), move('Y', 'Prospecting', 1)];
    const rows = conversion([], odd, config, { mode: 'cumulative' });
    expect(rows.map((r) => [r.deals, r.nextRate, r.cumulativeRate])).toEqual([
      [0, null, null],
      [0, null, null],
      [0, null, null],
      [0, null, null],
    ]);
  });

  it('sees new History rows added to the same array between calls', () => {
    const growing = [move('N', 'Lead', 1)];
    expect(conversion([], growing, config, { mode: 'next' }).map((r) => r.deals)).toEqual([1, 0, 0, 0]);
    growing.push(move('N', 'Qualified', 2));
    expect(conversion([], growing, config, { mode: 'next' }).map((r) => r.deals)).toEqual([1, 1, 0, 0]);
  });

  it('uses the default funnel of six open stages, then Won', () => {
    const rows = conversion([blankDeal({ id: 'A', stage: 'Contacted' })], [], DEFAULT_CONFIG, { mode: 'next' });
    // A at Contacted counts in Lead, Qualified and Contacted.
    expect(rows.map((r) => [r.stage, r.deals])).toEqual([
      ['Lead', 1],
      ['Qualified', 1],
      ['Contacted', 1],
      ['Meeting/Demo', 0],
      ['Proposal', 0],
      ['Negotiation', 0],
      ['Won', 0],
    ]);
  });
});

describe('conversion without History', () => {
  // A CRM export: 2 won, 3 lost, 3 open (one each at Lead, Qualified, Proposal); no History, no "Lost at stage".
  const crm = readDeals(
    [
      ['Deal ID', 'Stage'],
      ['A', 'Won'],
      ['B', 'Won'],
      ['C', 'Lost'],
      ['E', 'Lost'],
      ['F', 'Lost'],
      ['G', 'Lead'],
      ['H', 'Qualified'],
      ['I', 'Proposal'],
    ],
    config,
  ).deals;

  it('counts every deal at the first stage, won deals at every stage, lost deals at the first only', () => {
    // Lead: all 8. Qualified: H, I + 2 won = 4. Proposal: I + 2 won = 3. Won: 2.
    const funnel = conversionFunnel(crm, [], config, { mode: 'cumulative' });
    expect(funnel.rows.map((r) => [r.stage, r.deals])).toEqual([
      ['Lead', 8],
      ['Qualified', 4],
      ['Proposal', 3],
      ['Won', 2],
    ]);
    expect(funnel.basis).toEqual({ source: 'deals', fromHistory: 0, withoutHistory: 8, lostAtKnown: 0, lostAtFirstOnly: 3, atLeast: true });
    expect(funnelBasisNote(funnel.basis)).toMatch(/^no History: .*at least/);
  });

  it('makes first stage → Won equal won ÷ all deals, while the win rate is won ÷ closed', () => {
    const won = conversionFunnel(crm, [], config, { mode: 'cumulative' }).rows.at(-1)!;
    expect(won.cumulativeRate).toBe(2 / 8); // 2 won of 8 deals
    expect(winRate(crm, config).rate).toBe(2 / 5); // 2 won of 5 closed
  });

  it('places a lost deal up to its "Lost at stage" (en, vi and ru headers)', () => {
    // C was lost at Proposal, E at Qualified, F has no last stage. Lead 8; Qualified H, I, 2 won, C, E = 6;
    // Proposal I, 2 won, C = 4; Won 2. Only F counts at the first stage only, so the table is still "at least".
    for (const header of ['Lost at stage', 'Stage before lost', 'Thua ở giai đoạn', 'Этап до проигрыша']) {
      const rows = [
        ['Deal ID', 'Stage', header],
        ['A', 'Won', ''],
        ['B', 'Won', ''],
        ['C', 'Lost', 'proposal'],
        ['E', 'Lost', 'Qualified'],
        ['F', 'Lost', ''],
        ['G', 'Lead', ''],
        ['H', 'Qualified', ''],
        ['I', 'Proposal', ''],
      ];
      const read = readDeals(rows, config);
      expect(read.deals.find((d) => d.id === 'C')!.lostAtStage).toBe('Proposal');
      const funnel = conversionFunnel(read.deals, [], config, { mode: 'next' });
      expect(funnel.rows.map((r) => r.deals)).toEqual([8, 6, 4, 2]);
      expect(funnel.basis).toMatchObject({ lostAtKnown: 2, lostAtFirstOnly: 1, atLeast: true });
    }
  });

  it('warns about a "Lost at stage" that names no stage, and counts that deal at the first stage', () => {
    const read = readDeals(
      [
        ['Deal ID', 'Stage', 'Lost at stage'],
        ['C', 'Lost', 'Demo call'],
      ],
      config,
    );
    expect(read.problems.map((p) => [p.code, p.row, p.column])).toEqual([['lost-at-stage-unknown', 2, 'Lost at stage']]);
    expect(conversionFunnel(read.deals, [], config, { mode: 'next' }).rows.map((r) => r.deals)).toEqual([1, 0, 0, 0]);
  });

  it('says "from History" only when every deal counted has History', () => {
    expect(conversionFunnel(deals, history, config, { mode: 'next' }).basis.source).toBe('history');
    const mixed = conversionFunnel([...deals, blankDeal({ id: 'D9', stage: 'Lost' })], history, config, { mode: 'next' });
    // D9 is lost with no History: it adds to Lead only (4 + 1).
    expect(mixed.rows.map((r) => r.deals)).toEqual([5, 4, 3, 1]);
    expect(mixed.basis).toMatchObject({ source: 'mixed', fromHistory: 4, withoutHistory: 1, lostAtFirstOnly: 1 });
  });
});

describe('a funnel that counts no deal', () => {
  it('says "none", not "from History", when no deal is in a stage of the stage set', () => {
    // Two deals in stages the set lacks, no History: nothing is counted anywhere.
    const odd = [blankDeal({ id: 'X', stage: 'Prospecting' }), blankDeal({ id: 'Y', stage: 'Closed Won' })];
    const funnel = conversionFunnel(odd, [], config, { mode: 'next' });
    expect(funnel.rows.map((r) => r.deals)).toEqual([0, 0, 0, 0]);
    expect(funnel.basis).toEqual({ source: 'none', fromHistory: 0, withoutHistory: 0, lostAtKnown: 0, lostAtFirstOnly: 0, atLeast: false });
    expect(funnelBasisNote(funnel.basis, odd.length)).toBe('no deal is counted: none of the 2 deals is in a stage of the stage set');
    expect(funnelBasisNote(funnel.basis)).not.toMatch(/History/);
  });

  it('says the file has no deals when it has none', () => {
    const funnel = conversionFunnel([], [], config, { mode: 'next' });
    expect(funnel.basis.source).toBe('none');
    expect(funnelBasisNote(funnel.basis, 0)).toBe('no deal is counted: the file has no deals yet');
  });
});
