/**
 * The pipeline formulas, free of any spreadsheet platform: each takes the 2D arrays
 * a spreadsheet passes to a custom function (header row included) and returns a
 * number or a 2D array that spills, header row first. Bad arguments throw an Error
 * whose message says which argument and what to type, which Sheets shows on the
 * cell. The Apps Script wrappers in main.ts (and any other host) only supply a
 * FormulaHost: where the Stages table is when no range is given, and how the host's
 * date cells map to core dates.
 */
import { calibration, calibrationTable } from './calibration';
import { cellText, isBlank, parseNumber, parseProbability, parseYesNo } from './cells';
import { parseDate } from './dates';
import { readDeals } from './deals';
import { forecast, type ForecastGrouping } from './forecast';
import { forecastRange, forecastRangeTable } from './forecast-range';
import { conversionFunnel } from './conversion';
import { readHistory } from './history';
import { cycleDays, velocity, winRate } from './outcomes';
import { outcomesByPeriod, periodOutcomeTable } from './won-metrics';
import { convertDeals, dealCurrencies, readRates, splitByCurrency } from './currency';
import { rottingSuggestionTable, suggestRottingDays } from './rotting-suggest';
import { readStages, DEFAULT_CONFIG } from './stages';
import { staleDeals } from './stale';
import { timeInStage } from './time-in-stage';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

export type Grid = readonly (readonly unknown[])[];
export type SpillCell = string | number | boolean | Date;
export type Spill = SpillCell[][];

export interface FormulaHost {
  /** The Stages table when the formula was given none; null when the workbook has no Stages sheet. */
  readonly loadStages: () => Grid | null;
  /**
   * A date cell as the core holds it (Sheets: local midnight → UTC midnight). None: the
   * host's Date cells are core dates already and its ranges are read as they are.
   */
  readonly toCore?: (date: Date) => Date;
  /**
   * toCore done on the cell's own Date, for a host whose ranges are the call's own
   * copies (Sheets serializes a custom function's arguments afresh for each call): no
   * row is copied and no Date is made, which in a 50k-deal sheet outside UTC is about a
   * third of a call. Given, it is used for the ranges instead of toCore.
   */
  readonly toCoreInPlace?: (date: Date) => void;
  /** A core date as the host writes it into a cell. */
  readonly toCell: (date: Date) => SpillCell;
  /** Now, in core time. */
  readonly now: () => Date;
  /**
   * The most simulated runs PIPELINE_FORECAST_RANGE accepts, and its default; 1000
   * (FORMULA_MAX_RUNS) when not given. A spreadsheet recalculates a custom function
   * on every change to its inputs, and Apps Script stops one after 30 s.
   */
  readonly maxRuns?: number;
  /**
   * For a host whose runtime outlives one call (Excel's shared runtime): `read()`'s
   * answer for a range of a kind ('deals', 'history', 'stages', 'rates') read under
   * `key`, which the host may give back from an earlier call over the very same cells
   * (excel-addin/src/formula-memo.ts). None: every call reads its ranges.
   */
  readonly recall?: <T>(kind: string, grid: Grid, key: unknown, read: () => T) => T;
}

/** The default cap on simulated runs in a spreadsheet (see FormulaHost.maxRuns). */
export const FORMULA_MAX_RUNS = 1000;

const GROUPINGS: readonly ForecastGrouping[] = ['stage', 'month', 'quarter', 'owner', 'category'];
const GROUP_LABELS: Readonly<Record<ForecastGrouping, string>> = {
  stage: 'Stage',
  month: 'Month',
  quarter: 'Quarter',
  owner: 'Owner',
  category: 'Forecast category',
};

export class FormulaArgumentError extends Error {}

function fail(fn: string, message: string): never {
  throw new FormulaArgumentError(`${fn}: ${message}`);
}

function omitted(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A range argument: a 2D array with a header row. Trailing blank rows (whole-column references) are dropped. */
export function tableArg(fn: string, name: string, value: unknown, example: string): unknown[][] {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) {
    const got = omitted(value) ? 'nothing' : `the single value "${cellText(value)}"`;
    fail(fn, `${name} must be a range with its header row, such as ${example}; got ${got}.`);
  }
  let end = value.length;
  while (end > 1 && (value[end - 1] as unknown[]).every((cell) => isBlank(cell))) end--;
  return (value as unknown[][]).slice(0, end);
}

function choiceArg<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[], fallback?: T): T {
  if (omitted(value) && fallback !== undefined) return fallback;
  const text = cellText(value).toLowerCase();
  const found = allowed.find((a) => a === text);
  if (!found)
    fail(
      fn,
      `${name} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${omitted(value) ? 'nothing' : `"${cellText(value)}"`}.`,
    );
  return found;
}

function booleanArg(fn: string, name: string, value: unknown, fallback: boolean): boolean {
  if (omitted(value)) return fallback;
  const parsed = parseYesNo(value);
  if (!parsed.ok || parsed.value === null) fail(fn, `${name} must be TRUE or FALSE; got "${cellText(value)}".`);
  return parsed.value;
}

/** A whole number within [min, max]; the fallback when omitted. */
function wholeArg(fn: string, name: string, value: unknown, min: number, max: number, fallback: number, hint: string): number {
  if (omitted(value)) return fallback;
  const parsed = parseNumber(value);
  const n = parsed.ok ? parsed.value : null;
  if (n === null || !Number.isInteger(n) || n < min || n > max) {
    fail(fn, `${name} must be a whole number from ${min} to ${max}${hint}; got "${cellText(value)}".`);
  }
  return n;
}

function dateArg(fn: string, name: string, value: unknown, host: FormulaHost): Date | undefined {
  if (omitted(value)) return undefined;
  const parsed = parseDate(value instanceof Date && host.toCore ? host.toCore(value) : value);
  if (!parsed.ok || !parsed.date) fail(fn, `${name} must be a date such as 2026-11-23; got "${cellText(value)}".`);
  return parsed.date;
}

/**
 * The range with each Date cell as the core holds it. Only rows that hold a Date are
 * copied: Excel passes dates as serial numbers, so its 50k-row ranges are read in place.
 */
function toCoreCells(values: Grid, host: FormulaHost): readonly (readonly unknown[])[] {
  const inPlace = host.toCoreInPlace;
  if (inPlace) {
    for (const row of values) for (const cell of row) if (cell instanceof Date) inPlace(cell);
    return values;
  }
  const toCore = host.toCore;
  // A host without a conversion takes Date cells as they are: its ranges need no look at all.
  if (!toCore) return values;
  const out: (readonly unknown[])[] = new Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const row = values[r];
    let hasDate = false;
    for (let c = 0; c < row.length && !hasDate; c++) hasDate = row[c] instanceof Date;
    out[r] = hasDate ? row.map((cell) => (cell instanceof Date ? toCore(cell) : cell)) : row;
  }
  return out;
}

/** `read()`, or the host's remembered answer for the same cells (FormulaHost.recall). */
function recalled<T>(host: FormulaHost, kind: string, grid: Grid, key: unknown, read: () => T): T {
  return host.recall ? host.recall(kind, grid, key, read) : read();
}

/** The configuration from a Stages range argument, else from the host's Stages sheet, else the defaults. */
export function configArg(fn: string, value: unknown, host: FormulaHost): PipelineConfig {
  const values = omitted(value) ? host.loadStages() : tableArg(fn, 'stages', value, 'Stages!A:H');
  return values ? recalled(host, 'stages', values, null, () => readStages(values).config) : DEFAULT_CONFIG;
}

function dealsArg(fn: string, value: unknown, config: PipelineConfig, host: FormulaHost): Deal[] {
  const grid = tableArg(fn, 'deals', value, 'Deals!A:R');
  const read = recalled(host, 'deals', grid, config, () => readDeals(toCoreCells(grid, host), config));
  const missing = read.problems.find((p) => p.code === 'column-missing' && p.severity === 'error');
  if (missing)
    fail(fn, `the deals range has no Stage column in its first row; include the header row (Deal ID, Deal, Owner, Stage, Amount, …).`);
  return read.deals;
}

function historyArg(fn: string, value: unknown, config: PipelineConfig, host: FormulaHost): HistoryEntry[] {
  const grid = tableArg(fn, 'history', value, 'History!A:I');
  const read = recalled(host, 'history', grid, config, () => readHistory(toCoreCells(grid, host), config));
  const missing = read.problems.find((p) => p.code === 'history-column-missing');
  if (missing) fail(fn, `the history range needs the columns Timestamp, Deal ID and To stage in its first row.`);
  return read.entries;
}

const blank = (value: number | null): SpillCell => (value === null ? '' : value);

/**
 * The deals in one currency: converted with a rates range when one is given (every
 * amount then in its base currency); as they are when they share one currency; null
 * when they use several and no rates were given, so the caller keeps them apart.
 */
function oneCurrency(
  fn: string,
  deals: Deal[],
  rates: unknown,
  config: PipelineConfig,
  host: FormulaHost,
): { deals: Deal[]; currency: string } | null {
  if (!omitted(rates)) {
    // Text From dates ("09/01/2026") are read in the Stages sheet's Date order, as the deals' dates are.
    const grid = tableArg(fn, 'rates', rates, 'Rates!A:C');
    const read = recalled(host, 'rates', grid, config, () => readRates(toCoreCells(grid, host), { dateOrder: config.rules.dateOrder }));
    if (!read.rates) fail(fn, `rates: ${read.problems[0]?.message ?? 'give a range with Currency and Rate to USD columns.'}`);
    const { deals: converted, conversion } = convertDeals(deals, read.rates);
    if (conversion.noRate.length > 0)
      fail(fn, `rates has no rate for ${conversion.noRate.map((n) => n.currency).join(', ')}; add a row for each.`);
    return { deals: converted, currency: read.rates.base };
  }
  const currencies = dealCurrencies(deals);
  return currencies.length <= 1 ? { deals, currency: currencies[0] ?? '' } : null;
}

/** " (USD)" after an amount header when a rates range converted the amounts; '' otherwise. */
function unitSuffix(rates: unknown, currency: string): string {
  return omitted(rates) || !currency ? '' : ` (${currency})`;
}

/** Why several currencies are refused, and which argument takes the rates. */
function cannotAdd(fn: string, deals: Deal[], position: string, instead: string): never {
  fail(
    fn,
    `the deals are in ${dealCurrencies(deals).join(', ')}, which cannot be added up; ` +
      `give a rates range (Currency, Rate to USD) as the ${position} argument${instead}.`,
  );
}

/** Sum of amount × probability over open deals (a deal's own probability beats its stage's), never across currencies. */
export function weightedFormula(deals: unknown, stages: unknown, host: FormulaHost, rates?: unknown): number {
  const fn = 'PIPELINE_WEIGHTED';
  const config = configArg(fn, stages, host);
  const read = dealsArg(fn, deals, config, host);
  const one = oneCurrency(fn, read, rates, config, host);
  if (!one) cannotAdd(fn, read, 'third', ', or use PIPELINE_FORECAST, which splits by currency');
  return forecast(one.deals, config, { by: 'stage' }).reduce((sum, row) => sum + row.weighted, 0);
}

/**
 * The weighted forecast by stage, month, quarter, owner or category. With a rates range
 * the amounts are converted and the headers name the currency; with several currencies
 * and no rates each group is split by currency, in a Currency column.
 */
export function forecastFormula(deals: unknown, by: unknown, stages: unknown, host: FormulaHost, rates?: unknown): Spill {
  const fn = 'PIPELINE_FORECAST';
  const grouping = choiceArg(fn, 'by', by, GROUPINGS, 'stage');
  const config = configArg(fn, stages, host);
  const read = dealsArg(fn, deals, config, host);
  const options = { by: grouping, fiscalYearStartMonth: config.rules.fiscalYearStartMonth };
  const one = oneCurrency(fn, read, rates, config, host);
  if (!one) {
    const rows = splitByCurrency(read).flatMap(({ currency, deals: own }) =>
      forecast(own, config, options)
        .filter((r) => r.deals > 0)
        .map((r) => [r.key, currency, r.deals, r.amount, r.weighted]),
    );
    return [[GROUP_LABELS[grouping], 'Currency', 'Deals', 'Amount', 'Weighted'], ...rows];
  }
  const rows = forecast(one.deals, config, options);
  const unit = unitSuffix(rates, one.currency);
  return [
    [GROUP_LABELS[grouping], 'Deals', `Amount${unit}`, `Weighted${unit}`],
    ...rows.map((r) => [r.key, r.deals, r.amount, r.weighted]),
  ];
}

/**
 * The funnel from History alone, or, with the optional Deals range, also the deals
 * without History by their outcome (conversion.ts). The Deals column's header then
 * says which rule held: "Deals (from History)", "Deals (no History)" or "… at least"
 * when lost deals with no known last stage count at the first stage only.
 */
export function conversionFormula(
  history: unknown,
  mode: unknown,
  strict: unknown,
  stages: unknown,
  host: FormulaHost,
  deals?: unknown,
): Spill {
  const fn = 'PIPELINE_CONVERSION';
  const chosen = choiceArg(fn, 'mode', mode, ['next', 'cumulative'] as const, 'next');
  const isStrict = booleanArg(fn, 'strict', strict, false);
  const config = configArg(fn, stages, host);
  const dealRows = omitted(deals) ? [] : dealsArg(fn, deals, config, host);
  const historyRows = omitted(history) && dealRows.length > 0 ? [] : historyArg(fn, history, config, host);
  const { rows, basis } = conversionFunnel(dealRows, historyRows, config, { mode: chosen, strict: isStrict });
  const counted =
    basis.source === 'history'
      ? 'from History'
      : basis.source === 'deals'
        ? 'no History'
        : basis.source === 'none'
          ? 'none counted'
          : 'History and outcomes';
  const dealsHeader = omitted(deals) ? 'Deals' : `Deals (${counted}${basis.atLeast ? ', at least' : ''})`;
  return [
    ['Stage', dealsHeader, chosen === 'next' ? 'Next-stage rate' : 'Cumulative rate'],
    ...rows.map((r) => [r.stage, r.deals, blank(r.rate)]),
  ];
}

/**
 * Won, lost and won ÷ (won + lost), for deals closed between `from` and `to`; with `by`
 * "month" or "quarter" (quarters follow the Stages sheet's Fiscal year starts), one row
 * per close period with the won revenue as well: converted with a rates range (the
 * header names the currency), else one row per period and currency when the deals use
 * several.
 */
export function winRateFormula(
  deals: unknown,
  from: unknown,
  to: unknown,
  stages: unknown,
  host: FormulaHost,
  by?: unknown,
  rates?: unknown,
): Spill {
  const fn = 'PIPELINE_WINRATE';
  const config = configArg(fn, stages, host);
  const period = { from: dateArg(fn, 'from', from, host), to: dateArg(fn, 'to', to, host) };
  const grouping = choiceArg(fn, 'by', by, ['total', 'month', 'quarter'] as const, 'total');
  const rows = dealsArg(fn, deals, config, host);
  if (grouping !== 'total') {
    const start = period.from?.getTime() ?? -Infinity;
    const end = period.to?.getTime() ?? Infinity;
    const inPeriod =
      period.from || period.to ? rows.filter((d) => d.closedOn && d.closedOn.getTime() >= start && d.closedOn.getTime() <= end) : rows;
    const options = { by: grouping, fiscalYearStartMonth: config.rules.fiscalYearStartMonth };
    const one = oneCurrency(fn, inPeriod, rates, config, host);
    if (!one) {
      const rows = splitByCurrency(inPeriod).flatMap(({ currency, deals: own }) =>
        periodOutcomeTable(outcomesByPeriod(own, config, options), grouping)
          .slice(1)
          .map(([key, ...rest]) => [key, currency, ...rest]),
      );
      const [label, ...headers] = periodOutcomeTable([], grouping)[0];
      // Periods in order, each period's currencies in code order (the sort is stable).
      rows.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
      return [[label, 'Currency', ...headers], ...rows];
    }
    const table = periodOutcomeTable(outcomesByPeriod(one.deals, config, options), grouping).map((row) => [...row]);
    table[0][table[0].length - 1] += unitSuffix(rates, one.currency);
    return table;
  }
  const result = winRate(rows, config, period);
  return [
    ['Won', 'Lost', 'Win rate'],
    [result.won, result.lost, blank(result.rate)],
  ];
}

export function cycleFormula(deals: unknown, history: unknown, stages: unknown, host: FormulaHost): Spill {
  const fn = 'PIPELINE_CYCLE';
  const config = configArg(fn, stages, host);
  const result = cycleDays(dealsArg(fn, deals, config, host), historyArg(fn, history, config, host), config);
  return [
    ['Won deals', 'Mean days', 'Median days'],
    [result.count, blank(result.meanDays), blank(result.medianDays)],
  ];
}

/**
 * Sales velocity: open deals × average won amount × win rate ÷ average cycle days. With
 * a rates range the amounts are converted and the headers name the currency; with
 * several currencies and no rates, one row per currency (each its own velocity).
 */
export function velocityFormula(deals: unknown, history: unknown, stages: unknown, host: FormulaHost, rates?: unknown): Spill {
  const fn = 'PIPELINE_VELOCITY';
  const config = configArg(fn, stages, host);
  const read = dealsArg(fn, deals, config, host);
  const entries = historyArg(fn, history, config, host);
  const line = (own: Deal[]): SpillCell[] => {
    const v = velocity(own, entries, config);
    return [v.openDeals, blank(v.averageWonAmount), blank(v.winRate), blank(v.averageCycleDays), blank(v.perDay)];
  };
  const one = oneCurrency(fn, read, rates, config, host);
  if (!one) {
    return [
      ['Currency', 'Open deals', 'Average won amount', 'Win rate', 'Average cycle days', 'Velocity per day'],
      ...splitByCurrency(read).map(({ currency, deals: own }) => [currency, ...line(own)]),
    ];
  }
  const unit = unitSuffix(rates, one.currency);
  return [['Open deals', `Average won amount${unit}`, 'Win rate', 'Average cycle days', `Velocity per day${unit}`], line(one.deals)];
}

export function staleFormula(deals: unknown, history: unknown, asOf: unknown, stages: unknown, host: FormulaHost): Spill {
  const fn = 'PIPELINE_STALE';
  const config = configArg(fn, stages, host);
  const when = dateArg(fn, 'as_of', asOf, host) ?? host.now();
  const stale = staleDeals(dealsArg(fn, deals, config, host), historyArg(fn, history, config, host), config, when);
  return [
    ['Deal ID', 'Deal', 'Owner', 'Stage', 'Days in stage', 'Rotting days', 'Flags', 'Row'],
    ...stale.map((s) => [
      s.deal.id,
      s.deal.name,
      s.deal.owner,
      s.deal.stage,
      blank(s.daysInStage),
      blank(s.rottingDays),
      s.flags.join(', '),
      s.deal.row,
    ]),
  ];
}

export function timeInStageFormula(deals: unknown, history: unknown, asOf: unknown, stages: unknown, host: FormulaHost): Spill {
  const fn = 'PIPELINE_TIME_IN_STAGE';
  const config = configArg(fn, stages, host);
  const when = dateArg(fn, 'as_of', asOf, host) ?? host.now();
  const rows = timeInStage(dealsArg(fn, deals, config, host), historyArg(fn, history, config, host), config, when);
  return [['Stage', 'Visits', 'Mean days', 'Median days'], ...rows.map((r) => [r.stage, r.visits, blank(r.meanDays), blank(r.medianDays)])];
}

/**
 * Calibration: for each stage, how many closed deals reached it, how many of them
 * were won, the observed win rate with its Wilson 95% interval beside the
 * configured probability, and a suggested probability where the counts say the
 * configured one is wrong (see core/calibration.ts).
 */
export function calibrationFormula(deals: unknown, history: unknown, stages: unknown, host: FormulaHost): Spill {
  const fn = 'PIPELINE_CALIBRATION';
  const config = configArg(fn, stages, host);
  const result = calibration(dealsArg(fn, deals, config, host), historyArg(fn, history, config, host), config);
  const table = calibrationTable(result);
  // Closed deals without History count by the funnel's rule; the Reached header says so.
  const basis = result.basis;
  if (basis.source !== 'history') {
    const without = basis.source === 'deals' ? 'no History' : `${basis.withoutHistory} without History`;
    table[0][2] = `Closed deals reached (${without}: by outcome${basis.atLeast ? ', at least' : ''})`;
  }
  return table;
}

/**
 * Forecast ranges: a seeded Monte Carlo over the open deals, with close-date slips
 * drawn from History. One row per month or quarter and a last "Total" row: deals,
 * the analytic weighted amount, the mean won revenue and its standard error, P10,
 * P50, P90 and the chance of reaching the quota (blank without one). `runs`
 * defaults to, and may not exceed, host.maxRuns (1000 unless the host says
 * otherwise); the same seed and inputs give the same table on every recalculation.
 * Quarters follow the Stages sheet's Fiscal year starts. Deals in several currencies
 * need a rates range (the amounts, and the quota, are then in its base currency).
 */
export function forecastRangeFormula(
  deals: unknown,
  history: unknown,
  by: unknown,
  quota: unknown,
  runs: unknown,
  seed: unknown,
  probabilities: unknown,
  stages: unknown,
  host: FormulaHost,
  rates?: unknown,
): Spill {
  const fn = 'PIPELINE_FORECAST_RANGE';
  const period = choiceArg(fn, 'by', by, ['month', 'quarter'] as const, 'month');
  let target: number | null = null;
  if (!omitted(quota)) {
    const parsed = parseNumber(quota);
    if (!parsed.ok || parsed.value === null || parsed.value < 0)
      fail(fn, `quota must be an amount of 0 or more, such as 250000, or left blank; got "${cellText(quota)}".`);
    target = parsed.value;
  }
  const maxRuns = host.maxRuns ?? FORMULA_MAX_RUNS;
  const runCount = wholeArg(fn, 'runs', runs, 1, maxRuns, maxRuns, ' (more runs take longer to recalculate)');
  const seedValue = wholeArg(fn, 'seed', seed, 0, 2 ** 32 - 1, 1, '');
  const source = choiceArg(fn, 'probabilities', probabilities, ['configured', 'calibrated'] as const, 'configured');
  const config = configArg(fn, stages, host);
  const read = dealsArg(fn, deals, config, host);
  const one = oneCurrency(fn, read, rates, config, host);
  if (!one) cannotAdd(fn, read, 'ninth', ', or one range per currency');
  const result = forecastRange(one.deals, historyArg(fn, history, config, host), config, {
    by: period,
    fiscalYearStartMonth: config.rules.fiscalYearStartMonth,
    asOf: host.now(),
    runs: runCount,
    seed: seedValue,
    quota: target,
    probabilities: source,
  });
  const table = forecastRangeTable(result, { includeTotal: true });
  const unit = unitSuffix(rates, one.currency);
  // Every column from Weighted to P90 is an amount; Period, Deals and Chance of quota are not.
  if (unit) table[0] = table[0].map((h, i) => (i >= 2 && i <= 7 ? `${h}${unit}` : h));
  return table;
}

/**
 * Suggested rotting days: for each open stage, the given percentile (default 80%)
 * of the days deals that went on to advance spent in it, in calendar or business
 * days, beside the configured rotting days (see core/rotting-suggest.ts).
 */
export function rottingSuggestFormula(
  deals: unknown,
  history: unknown,
  percentile: unknown,
  calendar: unknown,
  stages: unknown,
  host: FormulaHost,
): Spill {
  const fn = 'PIPELINE_ROTTING_SUGGEST';
  let share = 0.8;
  if (!omitted(percentile)) {
    const parsed = parseProbability(percentile);
    if (!parsed.ok || parsed.value === null) fail(fn, `percentile must be a share such as 80% or 0.8; got "${cellText(percentile)}".`);
    share = parsed.value;
  }
  const days = choiceArg(fn, 'calendar', calendar, ['calendar', 'business'] as const, 'calendar');
  const config = configArg(fn, stages, host);
  const rows = suggestRottingDays(dealsArg(fn, deals, config, host), historyArg(fn, history, config, host), config, {
    percentile: share,
    calendar: days,
  });
  return rottingSuggestionTable(rows);
}
