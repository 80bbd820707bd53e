/**
 * The Stages sheet's settings as the task pane's Settings section lists them, term and
 * value. Kept apart from taskpane.ts (plain DOM code) so that what the pane says about
 * each setting can be checked without a page: every setting the add-in acts on is
 * listed, including "Date order" (how the Deals sheet's and the move form's ambiguous
 * dates are read) and "Fiscal year starts" (the quarters of PIPELINE.WINRATE by quarter).
 */
import type { PipelineRules } from '../../src/core/index';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORDERS: Readonly<Record<NonNullable<PipelineRules['dateOrder']>, string>> = {
  dmy: 'dmy (day first: 03/04/2026 is 3 April)',
  mdy: 'mdy (month first: 03/04/2026 is 4 March)',
  ymd: 'ymd (year first)',
};

/** The pane's [term, value] pairs for the rules of the Stages sheet. */
export function settingsEntries(rules: PipelineRules): [string, string][] {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const month = rules.fiscalYearStartMonth ?? 1;
  return [
    ['Skipping allowed', yes(rules.skippingAllowed)],
    ['Backward moves need a reason', yes(rules.backwardNeedsReason)],
    ['Reopening won/lost allowed', yes(rules.reopenAllowed)],
    ['Language', rules.language],
    ['Manager email', rules.managerEmail || '(none)'],
    ['Date order', rules.dateOrder ? ORDERS[rules.dateOrder] : '(not set: a column whose dates all read either way is read day first)'],
    ['Fiscal year starts', month === 1 ? 'January (not set)' : MONTHS[month - 1]],
  ];
}
