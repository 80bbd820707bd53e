/**
 * Deals with no movement: days since a deal entered its stage against that stage's
 * rotting days, held back by a future next-step date or a snooze; plus overdue next
 * steps and slipped close dates. Every comparison is by whole calendar day (UTC), so
 * a next step dated today is neither overdue nor "in the future", and a deal snoozed
 * until today comes back today.
 */
import { daysBetween } from './dates';
import { enteredCurrentStageAt } from './history';
import { historyIndex } from './history-index';
import { findStage } from './stages';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

export type StaleFlag = 'rotting' | 'overdue-next-step' | 'slipped-close';

export interface StaleDeal {
  readonly deal: Deal;
  /** When the deal entered its current stage; null when nothing says. */
  readonly enteredStage: Date | null;
  /** Whole days from enteredStage to asOf. */
  readonly daysInStage: number | null;
  readonly rottingDays: number | null;
  /** Days past the next-step date, when overdue. */
  readonly nextStepOverdueDays: number | null;
  /** Days past the expected close date, when slipped. */
  readonly closeSlippedDays: number | null;
  readonly flags: readonly StaleFlag[];
}

/** True when `date` falls on a later calendar day than `asOf`. */
function laterDay(date: Date | null, asOf: Date): boolean {
  return date !== null && daysBetween(asOf, date) > 0;
}

/** Open deals with at least one flag, by owner, then most days in stage first. */
export function staleDeals(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig, asOf: Date): StaleDeal[] {
  const index = historyIndex(deals, history);
  const result: StaleDeal[] = [];
  for (let r = 0; r < deals.length; r++) {
    const deal = deals[r];
    // findStage remembers each spelling it has folded: deals repeat a handful of stage names.
    const stage = findStage(config, deal.stage);
    if (stage?.outcome !== 'open') continue;
    // A snooze is the owner saying "not now" about the whole deal.
    if (laterDay(deal.snoozeUntil, asOf)) continue;

    const enteredStage = enteredCurrentStageAt(index, index.rowDeal[r], deal, deals, history);
    const daysInStage = enteredStage ? daysBetween(enteredStage, asOf) : null;
    const flags: StaleFlag[] = [];
    if (stage.rottingDays !== null && daysInStage !== null && daysInStage > stage.rottingDays && !laterDay(deal.nextStepDate, asOf)) {
      flags.push('rotting');
    }
    const overdue = deal.nextStepDate ? daysBetween(deal.nextStepDate, asOf) : 0;
    if (overdue > 0) flags.push('overdue-next-step');
    const slipped = deal.expectedClose ? daysBetween(deal.expectedClose, asOf) : 0;
    if (slipped > 0) flags.push('slipped-close');
    if (flags.length === 0) continue;
    result.push({
      deal,
      enteredStage,
      daysInStage,
      rottingDays: stage.rottingDays,
      nextStepOverdueDays: overdue > 0 ? overdue : null,
      closeSlippedDays: slipped > 0 ? slipped : null,
      flags,
    });
  }
  return result.sort(
    (a, b) =>
      (a.deal.owner < b.deal.owner ? -1 : a.deal.owner > b.deal.owner ? 1 : 0) ||
      (b.daysInStage ?? -Infinity) - (a.daysInStage ?? -Infinity) ||
      a.deal.row - b.deal.row,
  );
}
