/**
 * The Apps Script entry: exports only, no top-level work (Apps Script runs every
 * top-level statement on every execution). scripts/build-gas.mjs bundles this file
 * into the global PipelineSheets and writes a top-level function for each export
 * below, with the JSDoc copied, so Sheets finds the triggers, the menu callbacks,
 * the dialog's server call and the custom functions by name.
 */
import { continueDailyDigests as finishDigests, runDailyDigests } from './alerts';
import { handleEdit, type EditEvent } from './edit';
import { type FormulaHost, formulas } from '../core/index';
import {
  buildMenu,
  type OpenEvent,
  runDigestOff,
  runDigestOn,
  runDigestPreview,
  runDigestSendNow,
  runSetUp,
  runSnapshotOff,
  runSnapshotOn,
  runValidate,
} from './menu';
import { applyDealMove as applyMove, showMoveDialog, type MoveReply, type MoveRequest } from './move-dialog';
import { continueWeeklySnapshot as finishSnapshot, runWeeklySnapshot } from './snapshots';
import { readSheetValuesByName, STAGES_SHEET } from './workbook';
import { sheetZone, type SheetZone } from './zone';

function sheetsHost(): FormulaHost {
  let zone: SheetZone | undefined;
  const tz = () =>
    (zone ??= sheetZone(SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone(), (d, t, p) => Utilities.formatDate(d, t, p)));
  return {
    loadStages: () => readSheetValuesByName(SpreadsheetApp.getActiveSpreadsheet(), STAGES_SHEET),
    toCore: (date) => tz().toCore(date),
    // Sheets hands each custom function call its own copy of the cells (a fresh execution), so Dates may change in place.
    toCoreInPlace: (date) => tz().shiftToCore(date),
    toCell: (date) => tz().toSheet(date),
    now: () => tz().toCore(new Date()),
  };
}

/**
 * Simple trigger: adds the Pipeline menu (under Extensions when installed as an
 * Editor add-on). In AuthMode.NONE it builds the menu and touches nothing else.
 */
export function onOpen(e: OpenEvent) {
  buildMenu(e);
}

/** Runs when a user installs the Editor add-on from an open spreadsheet, where onOpen does not run: adds the menu. */
export function onInstall(e: OpenEvent) {
  onOpen(e);
}

/** Simple trigger: checks Stage edits on Deals; other edits return at once. */
export function onEdit(e: EditEvent) {
  handleEdit(e);
}

/** Menu: creates the missing sheets, headers, dropdown, highlight and Dashboard; never overwrites data. */
export function menuSetUpWorkbook() {
  runSetUp();
}

/** Menu: the "Move deal to stage…" dialog for the selected row. */
export function menuMoveDeal() {
  showMoveDialog(SpreadsheetApp.getActiveSpreadsheet());
}

/** Menu: lists every problem in a sidebar and marks the cells with notes. */
export function menuValidateDeals() {
  runValidate();
}

/** Menu: installs the daily digest trigger at the Digest hour from Stages (one trigger, however often it is clicked). */
export function menuDigestOn() {
  runDigestOn();
}

/** Menu: removes the daily digest trigger. */
export function menuDigestOff() {
  runDigestOff();
}

/** Menu: shows the current user's digest without sending it. */
export function menuDigestPreview() {
  runDigestPreview();
}

/** Menu: sends today's digests now (owners already sent to today are skipped). */
export function menuDigestSendNow() {
  runDigestSendNow();
}

/** Time-driven trigger: sends each owner's stale-deal digest once a day. */
export function sendDailyDigests(e: unknown) {
  void e;
  runDailyDigests(SpreadsheetApp.getActiveSpreadsheet());
}

/** One-off trigger: sends the digests a daily run left when it stopped before the 6-minute limit. */
export function continueDailyDigests(e: unknown) {
  void e;
  finishDigests(SpreadsheetApp.getActiveSpreadsheet());
}

/** Menu: installs the weekly snapshot trigger (one trigger, however often it is clicked) and takes today's snapshot. */
export function menuSnapshotOn() {
  runSnapshotOn();
}

/** Menu: removes the weekly snapshot trigger; the Snapshots sheet stays. */
export function menuSnapshotOff() {
  runSnapshotOff();
}

/** Time-driven trigger: appends the open pipeline to the Snapshots sheet every Monday (once per day at most). */
export function takeWeeklySnapshot(e: unknown) {
  void e;
  runWeeklySnapshot(SpreadsheetApp.getActiveSpreadsheet());
}

/** One-off trigger: appends the snapshot rows a weekly run left when it stopped before the 6-minute limit. */
export function continueWeeklySnapshot(e: unknown) {
  void e;
  finishSnapshot(SpreadsheetApp.getActiveSpreadsheet());
}

/** Called by the move dialog through google.script.run. */
export function applyDealMove(request: MoveRequest): MoveReply {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return applyMove(ss, request, Session.getActiveUser().getEmail());
}

/**
 * The weighted pipeline: the sum of amount × probability over open deals, where a
 * deal's own Probability beats its stage's.
 * Example: =PIPELINE_WEIGHTED(Deals!A:R)
 * @param {A1:R1000} deals The Deals table with its header row, e.g. Deals!A:R.
 * @param {A1:H20} stages Optional: the Stages table (e.g. Stages!A:H); the Stages sheet when left out.
 * @param {A1:C20} rates Optional: a Rates table (Currency, Rate to USD, optional From); needed when the deals are in several currencies.
 * @return {number} The weighted amount.
 * @customfunction
 */
export function PIPELINE_WEIGHTED(deals: unknown, stages: unknown, rates: unknown) {
  return formulas.weightedFormula(deals, stages, sheetsHost(), rates);
}

/**
 * The weighted forecast of open deals grouped by stage, month, quarter, owner or
 * forecast category. Spills a table: group, deals, amount, weighted.
 * Example: =PIPELINE_FORECAST(Deals!A:R, "month")
 * @param {A1:R1000} deals The Deals table with its header row, e.g. Deals!A:R.
 * @param {"month"} by "stage", "month", "quarter", "owner" or "category" (default "stage").
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @param {A1:C20} rates Optional: a Rates table (Currency, Rate to USD, optional From); without it, deals in several currencies are split
 * by currency.
 * @return A table with a header row.
 * @customfunction
 */
export function PIPELINE_FORECAST(deals: unknown, by: unknown, stages: unknown, rates: unknown) {
  return formulas.forecastFormula(deals, by, stages, sheetsHost(), rates);
}

/**
 * Stage-to-stage conversion from History. "next" gives each stage's rate to the
 * next stage, "cumulative" the rate from the first stage. Strict counts a deal only
 * in stages it entered in order; otherwise skipped stages count as passed.
 * Example: =PIPELINE_CONVERSION(History!A:I, "cumulative", FALSE)
 * @param {A1:I1000} history The History table with its header row, e.g. History!A:I.
 * @param {"next"} mode "next" or "cumulative" (default "next").
 * @param {FALSE} strict TRUE for strict, FALSE for any (default FALSE).
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @param {A1:R1000} deals Optional: the Deals table; deals without History then count by their outcome, and the Deals header says so.
 * @return A table: stage, deals, rate.
 * @customfunction
 */
export function PIPELINE_CONVERSION(history: unknown, mode: unknown, strict: unknown, stages: unknown, deals: unknown) {
  return formulas.conversionFormula(history, mode, strict, stages, sheetsHost(), deals);
}

/**
 * Win rate: won ÷ (won + lost), optionally only for deals closed between two dates.
 * Example: =PIPELINE_WINRATE(Deals!A:R, DATE(2026,1,1), DATE(2026,12,31))
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {DATE(2026,1,1)} from Optional: first close date counted.
 * @param {DATE(2026,12,31)} to Optional: last close date counted.
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @param {"quarter"} by Optional: "month" or "quarter" gives one row per close period with the won revenue (quarters follow the Stages
 * sheet's Fiscal year starts).
 * @param {A1:C20} rates Optional: a Rates table (Currency, Rate to USD, optional From) to convert the won revenue; without it, deals in
 * several currencies are split by currency.
 * @return A table: won, lost, win rate.
 * @customfunction
 */
export function PIPELINE_WINRATE(deals: unknown, from: unknown, to: unknown, stages: unknown, by: unknown, rates: unknown) {
  return formulas.winRateFormula(deals, from, to, stages, sheetsHost(), by, rates);
}

/**
 * Sales cycle: days from Created to won, mean and median.
 * Example: =PIPELINE_CYCLE(Deals!A:R, History!A:I)
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {A1:I1000} history The History table with its header row.
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @return A table: won deals, mean days, median days.
 * @customfunction
 */
export function PIPELINE_CYCLE(deals: unknown, history: unknown, stages: unknown) {
  return formulas.cycleFormula(deals, history, stages, sheetsHost());
}

/**
 * Sales velocity: open deals × average won amount × win rate ÷ average cycle days.
 * Example: =PIPELINE_VELOCITY(Deals!A:R, History!A:I)
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {A1:I1000} history The History table with its header row.
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @param {A1:C20} rates Optional: a Rates table (Currency, Rate to USD, optional From); without it, deals in several currencies get one row
 * per currency.
 * @return A table with the velocity and its parts.
 * @customfunction
 */
export function PIPELINE_VELOCITY(deals: unknown, history: unknown, stages: unknown, rates: unknown) {
  return formulas.velocityFormula(deals, history, stages, sheetsHost(), rates);
}

/**
 * Stale deals: open deals past their stage's rotting days, with an overdue next
 * step, or with a slipped close date.
 * Example: =PIPELINE_STALE(Deals!A:R, History!A:I)
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {A1:I1000} history The History table with its header row.
 * @param {TODAY()} as_of Optional: the day to judge by (default today).
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @return A table: deal ID, deal, owner, stage, days in stage, rotting days, flags, row.
 * @customfunction
 */
export function PIPELINE_STALE(deals: unknown, history: unknown, as_of: unknown, stages: unknown) {
  return formulas.staleFormula(deals, history, as_of, stages, sheetsHost());
}

/**
 * Time in stage: how many days deals spend in each stage, mean and median.
 * Example: =PIPELINE_TIME_IN_STAGE(Deals!A:R, History!A:I)
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {A1:I1000} history The History table with its header row.
 * @param {TODAY()} as_of Optional: the day to measure to (default today).
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @return A table: stage, visits, mean days, median days.
 * @customfunction
 */
export function PIPELINE_TIME_IN_STAGE(deals: unknown, history: unknown, as_of: unknown, stages: unknown) {
  return formulas.timeInStageFormula(deals, history, as_of, stages, sheetsHost());
}

/**
 * Are the stage probabilities true? For each stage: the closed deals that reached
 * it, how many were won, the observed win rate with its 95% interval beside the
 * configured probability, and a suggested probability where at least 30 closed
 * deals say the configured one is outside the interval.
 * Example: =PIPELINE_CALIBRATION(Deals!A:R, History!A:I)
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {A1:I1000} history The History table with its header row.
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @return A table: stage, configured probability, closed deals reached, won, observed win rate, low, high, suggested probability.
 * @customfunction
 */
export function PIPELINE_CALIBRATION(deals: unknown, history: unknown, stages: unknown) {
  return formulas.calibrationFormula(deals, history, stages, sheetsHost());
}

/**
 * How wide is the forecast? A seeded simulation of the open deals, with close-date
 * slips drawn from History: for each month or quarter, and in a last Total row, the
 * weighted amount, the mean won revenue, P10, P50, P90 and the chance of reaching the
 * quota. At most 1000 runs (the default), so that it recalculates quickly; the same
 * seed gives the same table.
 * Example: =PIPELINE_FORECAST_RANGE(Deals!A:R, History!A:I, "quarter", 250000)
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {A1:I1000} history The History table with its header row.
 * @param {"month"} by "month" or "quarter" (default "month").
 * @param {250000} quota Optional: the won revenue to reach in each period.
 * @param {1000} runs Optional: simulated runs, 1 to 1000 (default 1000).
 * @param {1} seed Optional: a whole number; change it for another sample (default 1).
 * @param {"configured"} probabilities "configured" (the Stages sheet) or "calibrated" (learned from History where 30+ closed deals allow).
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @param {A1:C20} rates Optional: a Rates table (Currency, Rate to USD, optional From); needed when the deals are in several currencies
 * (the quota is then in its base currency).
 * @return A table: period, deals, weighted, mean won, standard error, P10, P50, P90, chance of quota.
 * @customfunction
 */
export function PIPELINE_FORECAST_RANGE(
  deals: unknown,
  history: unknown,
  by: unknown,
  quota: unknown,
  runs: unknown,
  seed: unknown,
  probabilities: unknown,
  stages: unknown,
  rates: unknown,
) {
  return formulas.forecastRangeFormula(deals, history, by, quota, runs, seed, probabilities, stages, sheetsHost(), rates);
}

/**
 * Suggested rotting days: for each open stage, the 80th percentile (or another) of
 * the days deals that went on to advance spent in it, beside the configured rotting
 * days. A suggestion is given once a stage has 10 such stays.
 * Example: =PIPELINE_ROTTING_SUGGEST(Deals!A:R, History!A:I, 80%, "business")
 * @param {A1:R1000} deals The Deals table with its header row.
 * @param {A1:I1000} history The History table with its header row.
 * @param {0.8} percentile Optional: a share such as 80% or 0.8 (default 80%).
 * @param {"calendar"} calendar "calendar" or "business" days (default "calendar").
 * @param {A1:H20} stages Optional: the Stages table; the Stages sheet when left out.
 * @return A table: stage, configured rotting days, advancing stays, percentile days, suggested rotting days.
 * @customfunction
 */
export function PIPELINE_ROTTING_SUGGEST(deals: unknown, history: unknown, percentile: unknown, calendar: unknown, stages: unknown) {
  return formulas.rottingSuggestFormula(deals, history, percentile, calendar, stages, sheetsHost());
}
