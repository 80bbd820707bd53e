import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import { checkMove, nextStageOptions, validateDeals } from '../../src/core/moves';
import { DEFAULT_CONFIG, readStages, stagesToTable } from '../../src/core/stages';
import type { PipelineConfig } from '../../src/core/types';

const now = new Date('2026-11-23T10:00:00Z');
const ready = blankDeal({ id: 'D-1', owner: 'a@b.co', amount: 1000, expectedClose: new Date('2026-12-31T00:00:00Z') });
const codes = (config: PipelineConfig, from: string, to: string, deal = ready, reason?: string) =>
  checkMove(config, { ...deal, stage: from }, to, now, { reason }).reasons.map((r) => r.code);

describe('checkMove with the default rules (no skipping, backward needs a reason)', () => {
  it('accepts the next stage', () => {
    expect(checkMove(DEFAULT_CONFIG, { ...ready, stage: 'Proposal' }, 'Negotiation', now)).toMatchObject({
      ok: true,
      reasons: [],
      direction: 'forward',
    });
  });
  it('refuses a skip and names the stage to go to first', () => {
    const check = checkMove(DEFAULT_CONFIG, { ...ready, stage: 'Lead' }, 'Proposal', now);
    expect(check.ok).toBe(false);
    expect(check.reasons[0].message).toContain('move to "Qualified" first');
  });
  it('refuses an unknown target and the same stage', () => {
    expect(codes(DEFAULT_CONFIG, 'Lead', 'Prospecting')).toEqual(['unknown-stage']);
    expect(codes(DEFAULT_CONFIG, 'Lead', 'lead')).toEqual(['same-stage']);
  });
  it('asks a reason for a backward move, and accepts one given in the dialog or the Move reason column', () => {
    expect(codes(DEFAULT_CONFIG, 'Proposal', 'Qualified')).toEqual(['backward-needs-reason']);
    expect(codes(DEFAULT_CONFIG, 'Proposal', 'Qualified', ready, 'budget frozen')).toEqual([]);
    expect(codes(DEFAULT_CONFIG, 'Proposal', 'Qualified', { ...ready, moveReason: 'budget frozen' })).toEqual([]);
  });
  it('lets any open deal be lost, but only with a lost reason', () => {
    expect(codes(DEFAULT_CONFIG, 'Lead', 'Lost')).toEqual(['required-field']);
    expect(codes(DEFAULT_CONFIG, 'Lead', 'Lost', { ...ready, lostReason: 'no budget' })).toEqual([]);
  });
  it('returns every reason at once: a skip and two missing fields', () => {
    const bare = blankDeal({ id: 'D-2', owner: 'a@b.co' });
    expect(codes(DEFAULT_CONFIG, 'Contacted', 'Proposal', bare)).toEqual(['skip', 'required-field', 'required-field']);
    const fields = checkMove(DEFAULT_CONFIG, { ...bare, stage: 'Contacted' }, 'Proposal', now).reasons.map((r) => r.field);
    expect(fields).toEqual([undefined, 'amount', 'expectedClose']);
  });
  it('refuses to reopen a won or lost deal unless the rules allow it', () => {
    expect(codes(DEFAULT_CONFIG, 'Won', 'Negotiation')).toEqual(['reopen-closed']);
    const reopen = { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, reopenAllowed: true } };
    expect(codes(reopen, 'Lost', 'Lead')).toEqual(['backward-needs-reason']);
    expect(codes(reopen, 'Lost', 'Lead', ready, 'came back')).toEqual([]);
  });
  it('refuses Won straight from Proposal when skipping is forbidden (Negotiation is skipped)', () => {
    expect(codes(DEFAULT_CONFIG, 'Proposal', 'Won')).toEqual(['skip']);
    expect(codes(DEFAULT_CONFIG, 'Negotiation', 'Won')).toEqual([]);
  });
  it('checks only the target when the old stage is unknown (a typo being fixed)', () => {
    expect(codes(DEFAULT_CONFIG, 'Laed', 'Lead')).toEqual([]);
  });
});

describe('checkMove with team rules', () => {
  const table = stagesToTable(DEFAULT_CONFIG);
  const skipping = readStages(table.map((row) => (row[0] === 'Skipping allowed' ? ['Skipping allowed', 'yes'] : row))).config;
  it('allows skipping when the team allows it', () => {
    expect(codes(skipping, 'Lead', 'Proposal')).toEqual([]);
  });
  it('follows an explicit allowed-next list over the skip rule', () => {
    const withList = readStages(table.map((row) => (row[0] === 'Lead' ? [...row.slice(0, 7), 'Qualified, Lost'] : row))).config;
    expect(codes(withList, 'Lead', 'Contacted')).toEqual(['not-allowed-next']);
    expect(codes(withList, 'Lead', 'Qualified')).toEqual([]);
  });
});

describe('helpers for dialogs and validation', () => {
  it('offers the next stage, earlier stages and Lost from Proposal', () => {
    const names = nextStageOptions(DEFAULT_CONFIG, { ...ready, stage: 'Proposal' }, now).map((s) => s.name);
    expect(names).toEqual(['Lead', 'Qualified', 'Contacted', 'Meeting/Demo', 'Negotiation', 'Lost']);
  });
  it('lists fields a deal lacks for the stage it is in', () => {
    const problems = validateDeals([blankDeal({ row: 7, stage: 'Lost' })], DEFAULT_CONFIG);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([[7, 'Lost reason', 'required-missing']]);
  });
});

describe('steps after a close', () => {
  it('lets a won deal go on to a won stage its allowed-next list names, and nowhere else', () => {
    // Agency-style: signed (won) → delivering (won) → done (won), chained by Allowed next.
    const { config } = readStages([
      ['Stage', 'Order', 'Probability', 'Outcome', 'Allowed next'],
      ['Talking', 1, 0.3, 'open', ''],
      ['Signed', 2, 1, 'won', 'Delivering'],
      ['Delivering', 3, 1, 'won', 'Done'],
      ['Done', 4, 1, 'won', ''],
      ['Gone', 5, 0, 'lost', ''],
    ]);
    expect(codes(config, 'Signed', 'Delivering')).toEqual([]);
    expect(codes(config, 'Signed', 'Done')).toEqual(['reopen-closed']);
    expect(codes(config, 'Signed', 'Talking')).toEqual(['reopen-closed']);
  });
});
