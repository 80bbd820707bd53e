/**
 * The Stages sheet's settings as the task pane's Settings section lists them, term and
 * value, in the pane's language. Kept apart from taskpane.ts (DOM code) so that what
 * the pane says about each setting can be checked without a page: every setting the
 * add-in acts on is listed, including "Date order" (how the Deals sheet's and the move
 * form's ambiguous dates are read) and "Fiscal year starts" (the quarters of
 * PIPELINE.WINRATE by quarter).
 */
import type { PipelineRules } from '../../src/core/index';
import { PANE_WORDS, type PaneWords } from '../../src/workflows/catalogue/index';

/** The pane's [term, value] pairs for the rules of the Stages sheet. */
export function settingsEntries(rules: PipelineRules, words: PaneWords = PANE_WORDS.en): [string, string][] {
  const yes = (b: boolean) => (b ? words.yes : words.no);
  const month = rules.fiscalYearStartMonth ?? 1;
  const terms = words.rules;
  return [
    [terms.skippingAllowed, yes(rules.skippingAllowed)],
    [terms.backwardNeedsReason, yes(rules.backwardNeedsReason)],
    [terms.reopenAllowed, yes(rules.reopenAllowed)],
    [terms.language, rules.language],
    [terms.managerEmail, rules.managerEmail || words.none],
    [terms.dateOrder, rules.dateOrder ? words.dateOrders[rules.dateOrder] : words.dateOrderUnset],
    [terms.fiscalYearStarts, month === 1 ? words.januaryUnset : words.months[month - 1]],
  ];
}
