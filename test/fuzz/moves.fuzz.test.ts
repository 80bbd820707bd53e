/**
 * Fuzzing the stage-move rules: checkMove, nextStageOptions and validateDeals over
 * random configurations (read from random Stages sheets, and built directly with
 * duplicate names, cycles in Allowed next, no won stage, NaN orders) and random deals
 * (built directly, and read from hostile Deals tables). Whatever they meet, they must
 * not throw, `ok` must mean "no reasons", every reason must say something, and the
 * two cases moves.ts documents must hold: an unknown target gives exactly one
 * 'unknown-stage' reason, and a move to the stage the deal is in gives exactly one
 * 'same-stage' reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankDeal, readDeals } from '../../src/core/deals';
import { DEAL_FIELDS } from '../../src/core/headers';
import { checkMove, missingFields, nextStageOptions, validateDeals, type MoveCheck, type MoveCode } from '../../src/core/moves';
import { DEFAULT_CONFIG, findStage, readStages } from '../../src/core/stages';
import { FORECAST_CATEGORIES, type Deal, type PipelineConfig, type PipelineRules, type Stage } from '../../src/core/types';
import { RUNS, cell, dateCell, dealsTable, stageText, stagesTable } from './arbitraries';

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || value instanceof Date) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

const MOVE_CODES: readonly MoveCode[] = [
  'unknown-stage',
  'unknown-from',
  'same-stage',
  'skip',
  'not-allowed-next',
  'backward-needs-reason',
  'reopen-closed',
  'required-field',
];

/** Names that collide once folded ("Lead" / "lead "), and one that is not in any config. */
const namePool = fc.constantFrom('Lead', 'lead ', 'Demo', 'Won', 'Lost', 'Review', 'Этап', 'Ghost');

const rules: fc.Arbitrary<PipelineRules> = fc.record({
  skippingAllowed: fc.boolean(),
  backwardNeedsReason: fc.boolean(),
  reopenAllowed: fc.boolean(),
  digestHour: fc.integer({ min: 0, max: 23 }),
  managerEmail: fc.constant(''),
  language: fc.constantFrom('en' as const, 'vi' as const, 'ru' as const),
});

/** A configuration no Stages sheet would give: duplicate names, NaN or equal orders, Allowed next naming missing stages. */
const rawConfig: fc.Arbitrary<PipelineConfig> = fc.record({
  stages: fc.array(
    fc.record({
      name: namePool,
      order: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constantFrom(Number.NaN, Infinity)),
      probability: fc.double({ min: 0, max: 1, noNaN: true }),
      rottingDays: fc.option(fc.nat(30), { nil: null }),
      category: fc.constantFrom(...FORECAST_CATEGORIES),
      outcome: fc.constantFrom('open' as const, 'won' as const, 'lost' as const),
      requiredFields: fc.subarray([...DEAL_FIELDS], { maxLength: 3 }),
      allowedNext: fc.array(namePool, { maxLength: 3 }),
    }) as fc.Arbitrary<Stage>,
    { maxLength: 7 },
  ),
  rules,
});

const config = fc.oneof(
  { arbitrary: stagesTable.map((values) => readStages(values).config), weight: 3 },
  { arbitrary: rawConfig, weight: 2 },
  { arbitrary: rules.map((r) => ({ stages: DEFAULT_CONFIG.stages, rules: r })), weight: 1 },
);

const maybeDate = fc.option(
  dateCell.filter((d) => !Number.isNaN(d.getTime())),
  { nil: null },
);
const someText = fc.oneof(fc.constant(''), fc.constantFrom(' ', 'call back', 'price'), fc.string({ maxLength: 8 }));

/** A deal as an adapter might build it, with any stage text and any mix of filled fields. */
const builtDeal: fc.Arbitrary<Deal> = fc
  .record({
    id: fc.constantFrom('D1', 'D2', ''),
    stage: fc.oneof(namePool, stageText, fc.constant('')),
    owner: fc.constantFrom('', 'ann@example.com'),
    amount: fc.option(fc.oneof(fc.nat(), fc.double({ noNaN: true })), { nil: null }),
    expectedClose: maybeDate,
    closedOn: maybeDate,
    nextStepDate: maybeDate,
    lostReason: someText,
    moveReason: someText,
    nextStep: someText,
  })
  .map((fields) => blankDeal({ ...fields, row: 2 }));

const target = fc.oneof(namePool, stageText, fc.string({ maxLength: 6 }), fc.constant(''));
const moveOptions = fc.record(
  { from: fc.option(fc.oneof(namePool, stageText, fc.constant('')), { nil: undefined }), reason: fc.option(someText, { nil: undefined }) },
  { requiredKeys: [] },
);
const AT = new Date(Date.UTC(2026, 10, 23));

/** What checkMove promises for any input; see moves.ts. */
function expectDocumentedMove(
  cfg: PipelineConfig,
  deal: Deal,
  toName: string,
  options: { from?: string; reason?: string },
  check: MoveCheck,
): void {
  expect(check.ok).toBe(check.reasons.length === 0);
  for (const reason of check.reasons) {
    expect(MOVE_CODES).toContain(reason.code);
    expect(reason.message.trim().length).toBeGreaterThan(0);
    if (reason.code === 'required-field') {
      expect(check.to).toBeDefined();
      expect(missingFields(deal, check.to!)).toContain(reason.field);
    }
  }
  const to = findStage(cfg, toName);
  const fromName = options.from ?? deal.stage;
  const from = fromName ? findStage(cfg, fromName) : undefined;
  if (!to) {
    // Unknown target: one reason, which names the stages there are.
    expect(check.reasons.map((r) => r.code)).toEqual(['unknown-stage']);
    expect(check.to).toBeUndefined();
    return;
  }
  expect(check.to).toBe(to);
  if (fromName && !from) {
    // Unknown current stage: only the target's own required fields are checked.
    expect(check.reasons.every((r) => r.code === 'required-field')).toBe(true);
    return;
  }
  if (from && from.name === to.name) {
    expect(check.reasons.map((r) => r.code)).toEqual(['same-stage']);
    return;
  }
  const codes = check.reasons.map((r) => r.code);
  // A reason typed for the move satisfies every "needs a reason" rule.
  if ((options.reason ?? deal.moveReason).trim()) expect(codes).not.toContain('backward-needs-reason');
  if (cfg.rules.skippingAllowed) expect(codes).not.toContain('skip');
  if (cfg.rules.reopenAllowed) expect(codes).not.toContain('reopen-closed');
  if (!from || from.allowedNext.length === 0) expect(codes).not.toContain('not-allowed-next');
}

describe('checkMove, nextStageOptions and validateDeals on random configurations and deals', () => {
  it('checkMove never throws, changes neither the deal nor the configuration, and keeps its documented promises', () => {
    fc.assert(
      fc.property(config, builtDeal, target, moveOptions, (cfg, deal, toName, options) => {
        // Frozen, so any write to them throws here (test files are ES modules, in strict mode).
        deepFreeze(cfg);
        deepFreeze(deal);
        expectDocumentedMove(cfg, deal, toName, options, checkMove(cfg, deal, toName, AT, options));
        nextStageOptions(cfg, deal, AT);
        validateDeals([deal], cfg);
      }),
      { numRuns: RUNS.moves },
    );
  });

  it('a move to the stage the deal is in is refused with exactly one reason, however the name is spelt', () => {
    const inAStage = config
      .filter((cfg) => cfg.stages.length > 0)
      .chain((cfg) =>
        fc.tuple(
          fc.constant(cfg),
          fc.constantFrom(...cfg.stages),
          builtDeal,
          fc.constantFrom(
            (n: string) => n,
            (n: string) => ` ${n.toUpperCase()} `,
            (n: string) => n.toLowerCase().replace(/ /g, '_'),
          ),
        ),
      );
    fc.assert(
      fc.property(inAStage, ([cfg, stage, deal, spell]) => {
        const current = findStage(cfg, stage.name)!;
        const check = checkMove(cfg, { ...deal, stage: stage.name }, spell(current.name), AT);
        // Case, spaces and underscores fold away, so the target is the stage the deal is in.
        expect(check.reasons.map((r) => r.code)).toEqual(['same-stage']);
        expect(check.ok).toBe(false);
      }),
      { numRuns: RUNS.moves },
    );
  });

  it('nextStageOptions never throws, never offers the current stage, and offers every stage checkMove accepts', () => {
    fc.assert(
      fc.property(config, builtDeal, (cfg, deal) => {
        const options = nextStageOptions(cfg, deal, AT);
        for (const option of options) expect(cfg.stages).toContain(option);
        const current = deal.stage ? findStage(cfg, deal.stage) : undefined;
        if (current) expect(options.map((s) => s.name)).not.toContain(current.name);
        for (const s of cfg.stages) {
          if (findStage(cfg, s.name) !== s) continue; // a duplicate name: checkMove finds the first
          if (checkMove(cfg, deal, s.name, AT, { reason: 'x' }).ok) expect(options).toContain(s);
        }
      }),
      { numRuns: RUNS.moves },
    );
  });

  it('deals read from hostile Deals tables go through checkMove and validateDeals without a throw', () => {
    fc.assert(
      fc.property(config, dealsTable, target, (cfg, values, toName) => {
        const { deals } = readDeals(values, cfg);
        for (const deal of deals) expectDocumentedMove(cfg, deal, toName, {}, checkMove(cfg, deal, toName, AT));
        const problems = validateDeals(deals, cfg);
        const rows = new Set(deals.map((d) => d.row));
        for (const problem of problems) {
          expect(rows.has(problem.row)).toBe(true);
          expect(problem.column.length).toBeGreaterThan(0);
          expect(problem.message.trim().length).toBeGreaterThan(0);
          expect(problem.severity).toBe('warning');
        }
        // Only deals in a known stage can miss that stage's fields.
        for (const problem of problems) expect(findStage(cfg, deals.find((d) => d.row === problem.row)!.stage)).toBeDefined();
      }),
      { numRuns: RUNS.tables },
    );
  });

  it('hostile values of the right types in every deal field do not make checkMove throw', () => {
    // What an adapter that builds a Deal itself could pass: any text in text fields,
    // NaN or ±Infinity as the amount, Invalid Date as a date.
    const text = fc.oneof(
      cell.filter((c): c is string => typeof c === 'string'),
      stageText,
    );
    const hostileDeal = fc
      .record({
        id: text,
        stage: text,
        owner: text,
        lostReason: text,
        moveReason: text,
        nextStep: text,
        amount: fc.option(fc.double(), { nil: null }),
        probability: fc.option(fc.double(), { nil: null }),
        expectedClose: fc.option(dateCell, { nil: null }),
        closedOn: fc.option(dateCell, { nil: null }),
      })
      .map((fields) => blankDeal({ ...fields, row: 2 }));
    fc.assert(
      fc.property(config, hostileDeal, target, moveOptions, (cfg, deal, toName, options) => {
        expectDocumentedMove(cfg, deal, toName, options, checkMove(cfg, deal, toName, AT, options));
        nextStageOptions(cfg, deal, AT);
        validateDeals([deal], cfg);
      }),
      { numRuns: RUNS.moves },
    );
  });
});
