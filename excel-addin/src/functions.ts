/**
 * The PIPELINE.* custom functions for Excel: the same set, argument order and
 * results as the Google Sheets add-on's PIPELINE_* functions, because both call the
 * platform-free formulas in src/core/formulas.ts, which call the core. This file
 * only translates: Excel passes ranges as 2D arrays and dates as serial numbers
 * (which the core reads as dates), an omitted argument arrives as null, and a bad
 * argument becomes a #VALUE! error that carries the formula's message.
 *
 * The JSDoc of each function is the source of functions.json: custom-functions-metadata
 * reads the @customfunction tag, the parameter names and types, and the descriptions.
 * When `stages` is left out, the Stages sheet the add-in last read is used (the
 * shared runtime keeps it); pass Stages!A:H to recalculate as soon as Stages changes.
 */
import { formulas } from '../../src/core/index';
import { toSerial } from '../../src/core/index';
import { type FormulaMemo, formulaMemo, recall } from './formula-memo';
import { wallClockInstant } from './workbook';

type StagesTable = readonly (readonly unknown[])[] | null;

/**
 * The one piece of state this add-in keeps between calls, and why it must stay state:
 * Excel calls a custom function with its own arguments only, so a function called
 * without `stages` cannot be handed the Stages table; and it cannot read the sheet
 * itself without turning every PIPELINE.* function async (a workbook read per
 * recalculation). So the task pane, which reads the workbook anyway (pane-state.ts
 * loadBook), leaves the Stages table it last read here, and the functions read it.
 * functions.js and taskpane.js are separate bundles on the same shared-runtime page
 * (manifest <Runtime lifetime="long">), each with its own copy of this module, so the
 * slot is a named property of the page's globalThis, not a module variable. Before
 * the pane has read the workbook the slot is empty and the functions use the default
 * stages, as the JSDoc of each says.
 */
interface SharedRuntimePage {
  pipelineStagesLastRead?: StagesTable;
}
const sharedRuntimePage = globalThis as SharedRuntimePage;

/** Called by the task pane after each read of the workbook: the Stages table functions use when `stages` is left out. */
export function shareStagesWithCustomFunctions(values: StagesTable): void {
  sharedRuntimePage.pipelineStagesLastRead = values;
}

/** Made on the first call, not at load: the task pane bundle imports this file too, and needs none of the formulas. */
let tablesRead: FormulaMemo | undefined;

const excelHost: formulas.FormulaHost = {
  loadStages: () => sharedRuntimePage.pipelineStagesLastRead ?? null,
  // No toCore: Excel passes dates as serial numbers (which the core reads as dates), so
  // its ranges are read as they are, with no pass over their cells.
  toCell: (date) => toSerial(date),
  now: () => wallClockInstant(new Date()),
  // One runtime serves every call (the shared runtime above): the Deals and History a
  // call read are reused by the next call over the same cells (formula-memo.ts).
  recall: (kind, grid, key, read) => {
    tablesRead ??= formulaMemo();
    return recall(tablesRead, kind, grid, key, read);
  },
};

/** Forgets the tables the functions last read, so the next call reads its ranges afresh (the bench's first-call figure). */
export function forgetTablesRead(): void {
  tablesRead?.slots.clear();
}

/** Runs a formula; a bad argument becomes #VALUE! with the formula's own message. */
function run<T>(formula: () => T): T {
  try {
    const result = formula();
    return (
      Array.isArray(result) ? result.map((row: unknown[]) => row.map((cell) => (cell instanceof Date ? toSerial(cell) : cell))) : result
    ) as T;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (typeof CustomFunctions !== 'undefined') {
      throw new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, message);
    }
    throw error;
  }
}

/**
 * The weighted pipeline: the sum of amount × probability over open deals, where a deal's own Probability beats its stage's.
 * @customfunction WEIGHTED
 * @param deals The Deals table with its header row, e.g. Deals!A:R.
 * @param [stages] The Stages table (e.g. Stages!A:H); the Stages sheet when left out.
 * @param [rates] A Rates table (Currency, Rate to USD, optional From); needed when the deals are in several currencies.
 * @returns The weighted amount.
 */
export function weighted(deals: any[][], stages?: any[][], rates?: any[][]): number {
  return run(() => formulas.weightedFormula(deals, stages, excelHost, rates));
}

/**
 * The weighted forecast of open deals by stage, month, quarter, owner or forecast category. Spills a table: group, deals, amount, weighted.
 * @customfunction FORECAST
 * @param deals The Deals table with its header row, e.g. Deals!A:R.
 * @param [by] "stage", "month", "quarter", "owner" or "category" (default "stage").
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @param [rates] A Rates table (Currency, Rate to USD, optional From); without it, deals in several currencies are split by currency.
 * @returns A table with a header row.
 */
export function forecast(deals: any[][], by?: string, stages?: any[][], rates?: any[][]): any[][] {
  return run(() => formulas.forecastFormula(deals, by, stages, excelHost, rates));
}

/**
 * Stage-to-stage conversion from the stage log (the Stage history sheet): "next" gives each stage's rate to the next
 * stage, "cumulative" the rate from the first stage.
 * @customfunction CONVERSION
 * @param history The Stage history table with its header row, e.g. 'Stage history'!A:I.
 * @param [mode] "next" or "cumulative" (default "next").
 * @param [strict] TRUE counts a deal only in stages it entered in order (default FALSE).
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @param [deals] The Deals table; deals without History then count by their outcome, and the Deals header says so.
 * @returns A table: stage, deals, rate.
 */
export function conversion(history: any[][], mode?: string, strict?: boolean, stages?: any[][], deals?: any[][]): any[][] {
  return run(() => formulas.conversionFormula(history, mode, strict, stages, excelHost, deals));
}

/**
 * Win rate: won ÷ (won + lost), optionally only for deals closed between two dates.
 * @customfunction WINRATE
 * @param deals The Deals table with its header row.
 * @param [from] First close date counted.
 * @param [to] Last close date counted.
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @param [by] "month" or "quarter" gives one row per close period with the won revenue (quarters follow the Stages
 *   sheet's Fiscal year starts).
 * @param [rates] A Rates table (Currency, Rate to USD, optional From) to convert the won revenue; without it, deals in
 *   several currencies are split by currency.
 * @returns A table: won, lost, win rate.
 */
export function winrate(deals: any[][], from?: any, to?: any, stages?: any[][], by?: string, rates?: any[][]): any[][] {
  return run(() => formulas.winRateFormula(deals, from, to, stages, excelHost, by, rates));
}

/**
 * Sales cycle: days from Created to won, mean and median.
 * @customfunction CYCLE
 * @param deals The Deals table with its header row.
 * @param history The Stage history table with its header row.
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @returns A table: won deals, mean days, median days.
 */
export function cycle(deals: any[][], history: any[][], stages?: any[][]): any[][] {
  return run(() => formulas.cycleFormula(deals, history, stages, excelHost));
}

/**
 * Sales velocity: open deals × average won amount × win rate ÷ average cycle days.
 * @customfunction VELOCITY
 * @param deals The Deals table with its header row.
 * @param history The Stage history table with its header row.
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @param [rates] A Rates table (Currency, Rate to USD, optional From); without it, deals in several currencies get one row per currency.
 * @returns A table with the velocity and its parts.
 */
export function velocity(deals: any[][], history: any[][], stages?: any[][], rates?: any[][]): any[][] {
  return run(() => formulas.velocityFormula(deals, history, stages, excelHost, rates));
}

/**
 * Stale deals: open deals past their stage's rotting days, with an overdue next step, or with a slipped close date.
 * @customfunction STALE
 * @param deals The Deals table with its header row.
 * @param history The Stage history table with its header row.
 * @param [as_of] The day to judge by (default today).
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @returns A table: deal ID, deal, owner, stage, days in stage, rotting days, flags, row.
 */
export function stale(deals: any[][], history: any[][], as_of?: any, stages?: any[][]): any[][] {
  return run(() => formulas.staleFormula(deals, history, as_of, stages, excelHost));
}

/**
 * Time in stage: how many days deals spend in each stage, mean and median.
 * @customfunction TIME_IN_STAGE
 * @param deals The Deals table with its header row.
 * @param history The Stage history table with its header row.
 * @param [as_of] The day to measure to (default today).
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @returns A table: stage, visits, mean days, median days.
 */
export function timeInStage(deals: any[][], history: any[][], as_of?: any, stages?: any[][]): any[][] {
  return run(() => formulas.timeInStageFormula(deals, history, as_of, stages, excelHost));
}

/**
 * Calibration: for each stage, the closed deals that reached it, how many were won, the observed win rate with its 95%
 * interval beside the configured probability, and a suggested probability where at least 30 closed deals say the
 * configured one is wrong.
 * @customfunction CALIBRATION
 * @param deals The Deals table with its header row.
 * @param history The Stage history table with its header row.
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @returns A table: stage, configured probability, closed deals reached, won, observed win rate, low, high, suggested probability.
 */
export function calibration(deals: any[][], history: any[][], stages?: any[][]): any[][] {
  return run(() => formulas.calibrationFormula(deals, history, stages, excelHost));
}

/**
 * Forecast ranges: a seeded simulation of the open deals with close-date slips from Stage history; per month or quarter
 * and in a Total row, the weighted amount, mean won revenue, P10, P50, P90 and the chance of reaching the quota. At most
 * 1000 runs (the default); the same seed gives the same table.
 * @customfunction FORECAST_RANGE
 * @param deals The Deals table with its header row.
 * @param history The Stage history table with its header row.
 * @param [by] "month" or "quarter" (default "month").
 * @param [quota] The won revenue to reach in each period.
 * @param [runs] Simulated runs, 1 to 1000 (default 1000).
 * @param [seed] A whole number; change it for another sample (default 1).
 * @param [probabilities] "configured" (the Stages sheet) or "calibrated" (learned from Stage history where 30+ closed deals allow).
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @param [rates] A Rates table (Currency, Rate to USD, optional From); needed when the deals are in several currencies
 *   (the quota is then in its base currency).
 * @returns A table: period, deals, weighted, mean won, standard error, P10, P50, P90, chance of quota.
 */
export function forecastRange(
  deals: any[][],
  history: any[][],
  by?: string,
  quota?: number,
  runs?: number,
  seed?: number,
  probabilities?: string,
  stages?: any[][],
  rates?: any[][],
): any[][] {
  return run(() => formulas.forecastRangeFormula(deals, history, by, quota, runs, seed, probabilities, stages, excelHost, rates));
}

/**
 * Suggested rotting days: for each open stage, the 80th percentile (or another) of the days deals that went on to
 * advance spent in it, beside the configured rotting days; a suggestion once a stage has 10 such stays.
 * @customfunction ROTTING_SUGGEST
 * @param deals The Deals table with its header row.
 * @param history The Stage history table with its header row.
 * @param [percentile] A share such as 0.8 (default 0.8).
 * @param [calendar] "calendar" or "business" days (default "calendar").
 * @param [stages] The Stages table; the Stages sheet when left out.
 * @returns A table: stage, configured rotting days, advancing stays, percentile days, suggested rotting days.
 */
export function rottingSuggest(deals: any[][], history: any[][], percentile?: number, calendar?: string, stages?: any[][]): any[][] {
  return run(() => formulas.rottingSuggestFormula(deals, history, percentile, calendar, stages, excelHost));
}
