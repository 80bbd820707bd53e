/**
 * The report: every figure the command line prints or writes, computed once from
 * the core and held as plain values, so that the terminal, the .xlsx, the HTML and
 * the JSON outputs show the same numbers. Nothing is computed here that the core
 * does not compute; this file only gathers and groups.
 */
import {
  backtest,
  calibratedProbabilities,
  calibration,
  conversionFunnel,
  forecastRange,
  suggestRottingDays,
  cycleDays,
  findStage,
  forecast,
  funnelBasisNote,
  isoDay,
  NO_OWNER,
  openStages,
  historyIndex,
  moveDate,
  staleDeals,
  timeInStage,
  velocity,
  weightedAmount,
  winRate,
  daysBetween,
  type Backtest,
  type BacktestSummary,
  type Calibration,
  type ConversionRow,
  type FunnelBasis,
  type ForecastRangeRow,
  type RottingSuggestion,
  type CycleStats,
  type ForecastRow,
  type StageTime,
  type StaleFlag,
  type Velocity,
  type WinRate,
  outcomesByPeriod,
  ownerPerformance,
  totalWon,
  type OwnerPerformance,
  type PeriodOutcome,
  type WonTotal,
  convertDeals,
  dealCurrencies,
  splitByCurrency,
  type Conversion,
} from '../core/index';
import type { Pipeline } from './pipeline';

/** One stale deal, flattened for tables. */
export interface StaleRow {
  readonly owner: string;
  readonly dealId: string;
  readonly deal: string;
  readonly account: string;
  readonly stage: string;
  readonly amount: number | null;
  readonly daysInStage: number | null;
  readonly rottingDays: number | null;
  readonly nextStepOverdueDays: number | null;
  readonly closeSlippedDays: number | null;
  readonly flags: readonly StaleFlag[];
  readonly row: number;
}

/** One owner's line in the Owners table. */
export interface OwnerRow {
  readonly owner: string;
  readonly openDeals: number;
  readonly pipeline: number;
  readonly weighted: number;
  readonly won: number;
  readonly lost: number;
  readonly winRate: number | null;
  readonly stale: number;
}

/** Open pipeline amount by stage (rows) and owner (columns), for the chart. */
export interface StageOwnerMatrix {
  readonly stages: readonly string[];
  readonly owners: readonly string[];
  /** amounts[stage][owner] */
  readonly amounts: readonly (readonly number[])[];
}

/** One Facts row: a deal entered a stage. */
export interface FactRow {
  readonly dealId: string;
  readonly deal: string;
  readonly account: string;
  readonly owner: string;
  readonly stage: string;
  readonly stageOrder: number | null;
  readonly stageOutcome: string;
  readonly entered: Date;
  readonly left: Date | null;
  /** Whole days until the deal left the stage, or until asOf while it is still there. */
  readonly daysInStage: number;
  readonly amount: number | null;
  readonly expectedClose: Date | null;
  readonly currentStage: string;
  readonly currentOutcome: string;
  /** The deal's Currency as typed ('' when none): Facts keep amounts as typed. */
  readonly currency: string;
}

/** How the forecast range, the backtest and the rotting suggestions are worked out (report's options). */
export interface ReportSettings {
  /** Periods of the forecast range and the backtest. */
  readonly rangeBy: 'month' | 'quarter';
  readonly runs: number;
  readonly seed: number;
  /** Won-revenue target per period; null for none. */
  readonly quota: number | null;
  readonly probabilities: 'configured' | 'calibrated';
  /** Days counted for the suggested rotting days. */
  readonly rottingDays: 'calendar' | 'business';
  /** First month (1-12) of the fiscal year, for quarters; null takes the Stages sheet's setting (else January). */
  readonly fiscalYearStartMonth: number | null;
}

export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  rangeBy: 'month',
  runs: 2000,
  seed: 1,
  quota: null,
  probabilities: 'configured',
  rottingDays: 'calendar',
  fiscalYearStartMonth: null,
};

/** The forecast range without the raw slip draws (which run to one number per History transition). */
export interface ReportForecastRange {
  readonly rows: readonly ForecastRangeRow[];
  readonly total: ForecastRangeRow;
  readonly runs: number;
  readonly seed: number;
  /** Open deals with an amount that were simulated. */
  readonly deals: number;
  /** Open deals without an amount, not simulated. */
  readonly withoutAmount: number;
  /** How often and how far expected close dates moved later in History. */
  readonly slips: {
    readonly transitions: number;
    readonly slipped: number;
    readonly share: number | null;
    readonly meanSlipDays: number | null;
  };
}

/** The backtest of the Snapshots sheet, by owner and by stage; null in the report when there are no snapshots. */
export interface ReportBacktest {
  readonly snapshots: number;
  readonly byOwner: Backtest;
  readonly byStage: Backtest;
  /**
   * All groups together, with the stages' observed win rates (calibratedProbabilities)
   * in place of the configured probabilities: how much of the bias the probabilities
   * explain. Null when no stage has enough closed deals to learn from.
   */
  readonly withObservedWinRates: BacktestSummary | null;
}

export interface PipelineReport {
  readonly file: string;
  readonly asOf: string;
  readonly deals: number;
  readonly historyMoves: number;
  readonly hasHistory: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly forecastByMonth: readonly ForecastRow[];
  readonly forecastByStage: readonly ForecastRow[];
  readonly forecastByOwner: readonly ForecastRow[];
  readonly conversion: readonly ConversionRow[];
  /** Where the funnel's counts came from (History, or the deals' outcomes), and whether they are lower bounds. */
  readonly conversionBasis: FunnelBasis;
  /** The funnel's basis in one sentence (funnelBasisNote), for every page that shows the funnel. */
  readonly conversionNote: string;
  /** Won deals ÷ all deals in a known stage: the funnel's first stage → Won share. */
  readonly wonOfAllDeals: number | null;
  /** won ÷ (won + lost): not the same as wonOfAllDeals while deals are open. */
  readonly winRate: WinRate;
  readonly cycle: CycleStats;
  readonly velocity: Velocity;
  readonly timeInStage: readonly StageTime[];
  /** Won and lost deals, win rate and won revenue by the month and the (fiscal) quarter of Closed on. */
  readonly outcomesByMonth: readonly PeriodOutcome[];
  readonly outcomesByQuarter: readonly PeriodOutcome[];
  /** The fiscal year's first month the quarters use (the option, else the Stages sheet, else 1). */
  readonly fiscalYearStartMonth: number;
  /** Per owner: won revenue, average won amount, cycle, open weighted pipeline. */
  readonly ownerPerformance: readonly OwnerPerformance[];
  /** Every won deal's amount added up. */
  readonly totalWon: WonTotal;
  readonly stale: readonly StaleRow[];
  readonly owners: readonly OwnerRow[];
  readonly pipelineByStageOwner: StageOwnerMatrix;
  readonly settings: ReportSettings;
  readonly calibration: Calibration;
  readonly forecastRange: ReportForecastRange;
  /** Null when the file has no snapshots. */
  readonly backtest: ReportBacktest | null;
  readonly rottingSuggestions: readonly RottingSuggestion[];
  /** Which currency the amounts are in, and how they got there. */
  readonly currency: ReportCurrency;
  /** With amounts in several currencies and no rates: one report per currency for the amount tables; else empty. */
  readonly byCurrency: readonly CurrencyReport[];
}

/** One currency's part of a split report. */
export interface CurrencyReport {
  readonly currency: string;
  readonly report: PipelineReport;
}

/**
 * Which currency the amounts are in. 'single': one currency (or none named) in the file;
 * 'converted': every amount was converted into `currency` with the rates; 'split': more
 * than one currency and no rates, so the amount tables are in `byCurrency`, one report
 * per currency, and the top level's amounts are left blank rather than added up.
 */
export interface ReportCurrency {
  readonly mode: 'single' | 'converted' | 'split';
  /** The one currency of every amount ('' when the file names none, or when split). */
  readonly currency: string;
  /** The currencies the deals use, as found in the file. */
  readonly currencies: readonly string[];
  /** What converting did; null unless converted. */
  readonly conversion: Conversion | null;
  /** Where the rates came from (the Rates sheet or the --rates file); '' without rates. */
  readonly ratesSource: string;
}

/** Computes the whole report for `asOf` (UTC midnight of the report's day); see ReportCurrency for amounts in several currencies. */
export function buildReport(pipeline: Pipeline, asOf: Date, options: Partial<ReportSettings> = {}): PipelineReport {
  const currencies = dealCurrencies(pipeline.deals);
  const rates = pipeline.rates ?? null;
  if (rates) {
    const { deals, conversion } = convertDeals(pipeline.deals, rates);
    const currency: ReportCurrency = {
      mode: 'converted',
      currency: rates.base,
      currencies,
      conversion,
      ratesSource: pipeline.ratesSource ?? '',
    };
    return buildOne({ ...pipeline, deals }, asOf, options, currency, []);
  }
  if (currencies.length <= 1)
    return buildOne(
      pipeline,
      asOf,
      options,
      { mode: 'single', currency: currencies[0] ?? '', currencies, conversion: null, ratesSource: '' },
      [],
    );
  // Each currency's amounts come from a report on its own deals; the top level keeps the counts and no amount.
  const byCurrency = splitByCurrency(pipeline.deals).map(({ currency, deals }) => {
    const ids = new Set(deals.map((d) => d.id));
    const own: Pipeline = { ...pipeline, deals, snapshots: pipeline.snapshots.filter((s) => ids.has(s.dealId)) };
    return {
      currency,
      report: buildOne(own, asOf, options, { mode: 'single', currency, currencies: [currency], conversion: null, ratesSource: '' }, []),
    };
  });
  const counts: Pipeline = {
    ...pipeline,
    deals: pipeline.deals.map((d) => (d.amount === null ? d : { ...d, amount: null })),
    snapshots: [],
  };
  return buildOne(counts, asOf, options, { mode: 'split', currency: '', currencies, conversion: null, ratesSource: '' }, byCurrency);
}

function buildOne(
  pipeline: Pipeline,
  asOf: Date,
  options: Partial<ReportSettings>,
  currency: ReportCurrency,
  byCurrency: readonly CurrencyReport[],
): PipelineReport {
  const { deals, history, config } = pipeline;
  const settings: ReportSettings = { ...DEFAULT_REPORT_SETTINGS, ...withoutUndefined(options) };
  const stale = staleDeals(deals, history, config, asOf);
  const staleRows: StaleRow[] = stale.map((s) => ({
    owner: s.deal.owner || NO_OWNER,
    dealId: s.deal.id,
    deal: s.deal.name,
    account: s.deal.account,
    stage: s.deal.stage,
    amount: s.deal.amount,
    daysInStage: s.daysInStage,
    rottingDays: s.rottingDays,
    nextStepOverdueDays: s.nextStepOverdueDays,
    closeSlippedDays: s.closeSlippedDays,
    flags: s.flags,
    row: s.deal.row,
  }));

  const owners = new Map<string, { openDeals: number; pipeline: number; weighted: number; won: number; lost: number; stale: number }>();
  const ownerOf = (owner: string) => {
    const key = owner || NO_OWNER;
    let entry = owners.get(key);
    if (!entry) {
      entry = { openDeals: 0, pipeline: 0, weighted: 0, won: 0, lost: 0, stale: 0 };
      owners.set(key, entry);
    }
    return entry;
  };
  const open = openStages(config).map((s) => s.name);
  const ownerNames = new Set<string>();
  const matrix = new Map<string, Map<string, number>>();
  for (const deal of deals) {
    const stage = findStage(config, deal.stage);
    if (!stage) continue;
    const entry = ownerOf(deal.owner);
    if (stage.outcome === 'won') entry.won++;
    else if (stage.outcome === 'lost') entry.lost++;
    else {
      entry.openDeals++;
      entry.pipeline += deal.amount ?? 0;
      entry.weighted += weightedAmount(deal, config);
      const owner = deal.owner || NO_OWNER;
      ownerNames.add(owner);
      let row = matrix.get(stage.name);
      if (!row) {
        row = new Map();
        matrix.set(stage.name, row);
      }
      row.set(owner, (row.get(owner) ?? 0) + (deal.amount ?? 0));
    }
  }
  for (const s of staleRows) ownerOf(s.owner === NO_OWNER ? '' : s.owner).stale++;
  const ownerRows: OwnerRow[] = [...owners.entries()]
    .sort(([a], [b]) => (a === NO_OWNER ? 1 : b === NO_OWNER ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([owner, e]) => ({ owner, ...e, winRate: e.won + e.lost > 0 ? e.won / (e.won + e.lost) : null }));
  const matrixOwners = [...ownerNames].sort();

  const range = forecastRange(deals, history, config, {
    by: settings.rangeBy,
    asOf,
    runs: settings.runs,
    seed: settings.seed,
    quota: settings.quota,
    probabilities: settings.probabilities,
  });
  const snapshots = pipeline.snapshots;
  const calibrated = calibration(deals, history, config);
  const learned = calibratedProbabilities(calibrated);
  const backtestOf = (by: 'owner' | 'stage', probabilities?: ReadonlyMap<string, number>) =>
    backtest(snapshots, deals, config, { by, period: settings.rangeBy, asOf, probabilities });

  const problems = pipeline.problems;
  const funnel = conversionFunnel(deals, history, config, { mode: 'next' });
  const firstStage = funnel.rows[0]?.deals ?? 0;
  const fiscalStart = settings.fiscalYearStartMonth ?? config.rules.fiscalYearStartMonth ?? 1;
  return {
    file: pipeline.file,
    asOf: isoDay(asOf),
    deals: deals.length,
    historyMoves: history.length,
    hasHistory: pipeline.hasHistory,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    forecastByMonth: forecast(deals, config, { by: 'month' }),
    forecastByStage: forecast(deals, config, { by: 'stage' }),
    forecastByOwner: forecast(deals, config, { by: 'owner' }),
    conversion: funnel.rows,
    conversionBasis: funnel.basis,
    conversionNote: funnelBasisNote(funnel.basis, deals.length),
    wonOfAllDeals: firstStage > 0 ? (funnel.rows.at(-1)?.deals ?? 0) / firstStage : null,
    winRate: winRate(deals, config),
    cycle: cycleDays(deals, history, config),
    velocity: velocity(deals, history, config),
    timeInStage: timeInStage(deals, history, config, asOf),
    outcomesByMonth: outcomesByPeriod(deals, config, { by: 'month' }),
    outcomesByQuarter: outcomesByPeriod(deals, config, { by: 'quarter', fiscalYearStartMonth: fiscalStart }),
    fiscalYearStartMonth: fiscalStart,
    ownerPerformance: ownerPerformance(deals, history, config),
    totalWon: totalWon(deals, config),
    stale: staleRows,
    owners: ownerRows,
    pipelineByStageOwner: {
      stages: open,
      owners: matrixOwners,
      amounts: open.map((stage) => matrixOwners.map((owner) => matrix.get(stage)?.get(owner) ?? 0)),
    },
    settings,
    calibration: calibrated,
    forecastRange: {
      rows: range.rows,
      total: range.total,
      runs: range.runs,
      seed: range.seed,
      deals: range.deals,
      withoutAmount: range.withoutAmount,
      slips: {
        transitions: range.slips.transitions,
        slipped: range.slips.slipped,
        share: range.slips.share,
        meanSlipDays: range.slips.meanSlipDays,
      },
    },
    backtest:
      snapshots.length > 0
        ? {
            snapshots: new Set(snapshots.map((s) => s.at.getTime())).size,
            byOwner: backtestOf('owner'),
            byStage: backtestOf('stage'),
            withObservedWinRates: learned.size > 0 ? backtestOf('owner', learned).total : null,
          }
        : null,
    rottingSuggestions: suggestRottingDays(deals, history, config, { calendar: settings.rottingDays }),
    currency,
    byCurrency,
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The pivot-ready Facts rows: one per deal per stage entered, from the deal's path
 * in History (or, with no History, the stage it is in since Stage changed or Created).
 */
export function* factRows(pipeline: Pipeline, asOf: Date): Generator<FactRow> {
  const { deals, history, config } = pipeline;
  // The shared History index (the one the metrics used): each deal's moves in time order, with no path objects made.
  const index = historyIndex(deals, history);
  for (const deal of deals) {
    const d = index.byId.get(deal.id);
    if (d === undefined) continue;
    const current = findStage(config, deal.stage);
    const end = index.start[d + 1];
    for (let m = index.start[d]; m < end; m++) {
      const visit = { stage: index.stageNames[index.stage[m]], at: moveDate(index, m, deals, history) };
      const stage = findStage(config, visit.stage);
      const left = m + 1 < end ? moveDate(index, m + 1, deals, history) : null;
      yield {
        dealId: deal.id,
        deal: deal.name,
        account: deal.account,
        owner: deal.owner,
        stage: visit.stage,
        stageOrder: stage?.order ?? null,
        stageOutcome: stage?.outcome ?? '',
        entered: visit.at,
        left,
        daysInStage: Math.max(0, daysBetween(visit.at, left ?? (stage && stage.outcome !== 'open' ? visit.at : asOf))),
        amount: deal.amount,
        expectedClose: deal.expectedClose,
        currentStage: deal.stage,
        currentOutcome: current?.outcome ?? '',
        currency: deal.currency,
      };
    }
  }
}
