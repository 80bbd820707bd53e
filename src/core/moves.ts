/**
 * The team's rules for stage moves. `checkMove` says whether a deal may go from its
 * stage to another, and gives every reason it may not (not only the first), each
 * with what to do instead. Menus, onEdit in Sheets and onChanged in Excel all ask
 * this one function.
 */
import { isBlank } from './cells';
import { DEAL_HEADERS } from './headers';
import { findStage, RULE_LABELS } from './stages';
import type { Deal, DealField, PipelineConfig, Problem, Stage } from './types';

export type MoveCode =
  | 'unknown-stage'
  | 'unknown-from'
  | 'same-stage'
  | 'skip'
  | 'not-allowed-next'
  | 'backward-needs-reason'
  | 'reopen-closed'
  | 'required-field';

export interface MoveReason {
  readonly code: MoveCode;
  readonly message: string;
  /** For 'required-field': the field that must be filled first. */
  readonly field?: DealField;
  /** For 'skip': the stages skipped, in order; for 'not-allowed-next': the stages allowed. */
  readonly stages?: readonly string[];
}

export interface MoveCheck {
  readonly ok: boolean;
  readonly reasons: readonly MoveReason[];
  /** The target stage as configured, when it exists. */
  readonly to?: Stage;
  /** 'forward', 'backward', 'close' (to won or lost), or 'reopen'. */
  readonly direction?: 'forward' | 'backward' | 'close' | 'reopen';
}

export interface MoveOptions {
  /** The stage the deal is leaving; defaults to deal.stage. */
  readonly from?: string;
  /** A reason typed in a dialog; otherwise the deal's Move reason column is used. */
  readonly reason?: string;
}

function fieldFilled(deal: Deal, field: DealField): boolean {
  const value = deal[field as keyof Deal];
  if (field === 'amount') return typeof value === 'number';
  return value instanceof Date || typeof value === 'number' || !isBlank(value);
}

/** Fields the target stage needs that the deal has not filled. */
export function missingFields(deal: Deal, stage: Stage): DealField[] {
  return stage.requiredFields.filter((field) => !fieldFilled(deal, field));
}

/**
 * Checks a move of `deal` to the stage named `toName` at time `at`. A move is
 * forward or backward by stage order among the open stages; moving to a lost stage
 * is allowed from any open stage; moving to a won stage is forward. An explicit
 * "Allowed next" list on the current stage replaces the skip rule for that stage.
 */
/**
 * checkMove's reasons in English, by code, with the data each names: written once here
 * and used as the catalogue's English too (src/workflows/catalogue/move-deal.ts), whose
 * Vietnamese and Russian follow the same signatures.
 */
export const MOVE_REASONS_EN = {
  unknownStage: (typed: string, stages: readonly string[]) => `"${typed}" is not a stage. Pick one of: ${stages.join(', ')}.`,
  sameStage: (stage: string) => `The deal is already in "${stage}".`,
  reopenClosed: (outcome: 'won' | 'lost', stage: string, rule: string) =>
    `The deal is already ${outcome} ("${stage}"), and reopening is not allowed. ` +
    `Create a new deal instead, or set "${rule}" to yes in Stages.`,
  reopenNeedsReason: (outcome: 'won' | 'lost', label: string) => `Reopening a ${outcome} deal needs a reason: type it in "${label}".`,
  notAllowedNext: (from: string, allowed: readonly string[]) => `From "${from}" a deal may go only to: ${allowed.join(', ')}.`,
  skip: (skipped: readonly string[]) => `Skipping stages is not allowed: move to "${skipped[0]}" first (skipped: ${skipped.join(', ')}).`,
  backwardNeedsReason: (from: string, to: string, label: string) =>
    `Moving back from "${from}" to "${to}" needs a reason: type it in "${label}", then change the stage again.`,
  requiredField: (stage: string, label: string) => `"${stage}" needs ${label}: fill it in first.`,
};
const say = MOVE_REASONS_EN;

export function checkMove(config: PipelineConfig, deal: Deal, toName: string, at: Date, options: MoveOptions = {}): MoveCheck {
  void at;
  const reasons: MoveReason[] = [];
  const to = findStage(config, toName);
  const fromName = options.from ?? deal.stage;
  const from = fromName ? findStage(config, fromName) : undefined;
  if (!to) {
    reasons.push({
      code: 'unknown-stage',
      message: say.unknownStage(
        toName,
        config.stages.map((s) => s.name),
      ),
    });
    return { ok: false, reasons };
  }
  if (fromName && !from) {
    // The old stage is unknown (a typo, or a renamed stage): only the target's own rules can be checked.
    reasons.push(...requiredReasons(deal, to));
    return { ok: reasons.length === 0, reasons, to, direction: 'forward' };
  }
  if (from && from.name === to.name) {
    reasons.push({ code: 'same-stage', message: say.sameStage(to.name) });
    return { ok: false, reasons, to };
  }
  const reason = (options.reason ?? deal.moveReason ?? '').trim();
  let direction: MoveCheck['direction'] = 'forward';

  if (from && from.outcome !== 'open' && from.outcome === to.outcome && from.allowedNext.includes(to.name)) {
    // Steps after the close that the team listed (signed → delivering → review) are not a reopening.
    direction = 'close';
  } else if (from && from.outcome !== 'open') {
    direction = 'reopen';
    if (!config.rules.reopenAllowed) {
      reasons.push({
        code: 'reopen-closed',
        message: say.reopenClosed(from.outcome, from.name, RULE_LABELS.reopenAllowed),
      });
    } else if (!reason) {
      reasons.push({ code: 'backward-needs-reason', message: say.reopenNeedsReason(from.outcome, DEAL_HEADERS.en.moveReason) });
    }
  } else if (from) {
    if (to.outcome === 'lost') direction = 'close';
    else if (to.order < from.order) direction = 'backward';
    else direction = to.outcome === 'won' ? 'close' : 'forward';

    if (from.allowedNext.length > 0) {
      if (!from.allowedNext.includes(to.name)) {
        reasons.push({ code: 'not-allowed-next', message: say.notAllowedNext(from.name, from.allowedNext), stages: from.allowedNext });
      }
    } else if (direction !== 'backward' && to.outcome !== 'lost' && !config.rules.skippingAllowed) {
      const skipped = config.stages.filter((s) => s.outcome === 'open' && s.order > from.order && s.order < to.order);
      if (skipped.length > 0) {
        reasons.push({
          code: 'skip',
          message: say.skip(skipped.map((s) => s.name)),
          stages: skipped.map((s) => s.name),
        });
      }
    }
    if (direction === 'backward' && config.rules.backwardNeedsReason && !reason) {
      reasons.push({
        code: 'backward-needs-reason',
        message: say.backwardNeedsReason(from.name, to.name, DEAL_HEADERS.en.moveReason),
      });
    }
  }
  reasons.push(...requiredReasons(deal, to));
  return { ok: reasons.length === 0, reasons, to, direction };
}

function requiredReasons(deal: Deal, to: Stage): MoveReason[] {
  return missingFields(deal, to).map((field) => ({
    code: 'required-field' as const,
    field,
    message: say.requiredField(to.name, DEAL_HEADERS.en[field]),
  }));
}

/** The stages a dialog should offer for a deal: those checkMove would accept, ignoring missing fields and reasons. */
export function nextStageOptions(config: PipelineConfig, deal: Deal, at: Date): Stage[] {
  return config.stages.filter((s) => {
    const check = checkMove(config, deal, s.name, at, { reason: 'x' });
    return check.reasons.every((r) => r.code === 'required-field');
  });
}

/**
 * Problems with deals as they stand, for "Validate all deals": fields the current
 * stage requires but the row lacks. Unreadable cells are reported by readDeals.
 */
export function validateDeals(
  deals: readonly Deal[],
  config: PipelineConfig,
  sheet = 'Deals',
  columnLabel: (field: DealField) => string = (f) => DEAL_HEADERS.en[f],
): Problem[] {
  const problems: Problem[] = [];
  for (const deal of deals) {
    const stage = findStage(config, deal.stage);
    if (!stage) continue;
    for (const field of missingFields(deal, stage)) {
      problems.push({
        sheet,
        row: deal.row,
        column: columnLabel(field),
        code: 'required-missing',
        message: `Deals in "${stage.name}" need ${DEAL_HEADERS.en[field]}; fill it in.`,
        severity: 'warning',
      });
    }
  }
  return problems;
}
