/**
 * Are the stage probabilities true? For each stage, the share of closed deals that
 * entered it and went on to win, with a Wilson 95% interval, set beside the
 * probability the Stages sheet gives it; a reliability table and a Brier score for
 * the configured probabilities; and a suggested probability where the counts are
 * large enough to say the configured one is wrong.
 *
 * What counts:
 * - A closed deal is a deal now in a won or lost stage (its outcome is that stage's).
 *   Open deals have no outcome yet and are left out.
 * - A deal "reached" a stage when its History path (dealPaths) entered it, or it is
 *   in that stage now. A stage it skipped is not reached; entering a stage twice
 *   counts once. A closed deal without History is placed by the funnel's rule
 *   (conversion.ts dealReach): a won deal reached every stage, a lost one the stages
 *   up to its "Lost at stage", else the first stage only (then later stages' observed
 *   shares are upper bounds, and `basis.atLeast` says so).
 * - The Brier score and the reliability table score one forecast per closed deal per
 *   open stage it reached: the stage's configured probability (not the deal's own
 *   override, since it is the stage probabilities being judged) against 1 for won,
 *   0 for lost. They are therefore built from the same counts as the stage rows.
 */
import { dealReach, type FunnelBasis } from './conversion';
import { stageLookup } from './forecast';
import { historyIndex, perStageCode } from './history-index';
import { funnelStages } from './stages';
import type { Deal, HistoryEntry, PipelineConfig, StageOutcome } from './types';

/** z for a two-sided 95% interval. */
export const WILSON_Z = 1.959964;

/**
 * A stage gets a suggested probability only when at least this many closed deals
 * reached it: below that the interval is too wide (about ±18 points at 50%) to
 * argue with the team's own figure.
 */
export const MIN_DEALS_FOR_SUGGESTION = 30;

/** One stage: how often deals that reached it were won, beside its configured probability. */
export interface StageCalibration {
  readonly stage: string;
  /** 'open' for the pipeline stages, 'won' for the won stage(s). */
  readonly outcome: StageOutcome;
  /** The stage's probability on the Stages sheet, 0..1. */
  readonly configured: number;
  /** Closed deals that reached the stage. */
  readonly reached: number;
  /** Of those, the deals now won. */
  readonly won: number;
  /** won ÷ reached; null when no closed deal reached the stage. */
  readonly observed: number | null;
  /** Wilson 95% interval of the observed share; null when reached is 0. */
  readonly low: number | null;
  readonly high: number | null;
  /**
   * The observed share rounded to a whole percent, given only for an open stage, when
   * reached ≥ MIN_DEALS_FOR_SUGGESTION and the configured probability lies outside [low, high].
   */
  readonly suggested: number | null;
}

/** Forecasts whose configured probability fell in [from, to), and how many came true. */
export interface ReliabilityBin {
  readonly from: number;
  /** Upper end; the last bin includes 1. */
  readonly to: number;
  /** (closed deal, open stage reached) pairs scored in this bin. */
  readonly forecasts: number;
  readonly meanConfigured: number;
  readonly won: number;
  /** won ÷ forecasts. */
  readonly observed: number;
}

export interface Calibration {
  /** Open stages in pipeline order, then the won stage(s). */
  readonly stages: StageCalibration[];
  /** Non-empty bins only, lowest first. */
  readonly reliability: ReliabilityBin[];
  /** Mean of (configured − outcome)² over the scored forecasts; null when there are none. 0 is perfect, 0.25 is a coin's 50%. */
  readonly brier: number | null;
  /** Number of forecasts the Brier score averages. */
  readonly forecasts: number;
  /** Deals now in a won or lost stage. */
  readonly closedDeals: number;
  /** Where the closed deals' stages came from, counted over closed deals only. */
  readonly basis: FunnelBasis;
}

export interface CalibrationOptions {
  /** Number of equal-width reliability bins over 0..1. Default 10. */
  readonly bins?: number;
}

/** Wilson score interval for `wins` successes out of `n`; null when n is 0. */
export function wilsonInterval(wins: number, n: number, z = WILSON_Z): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = wins / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n wins one end is exactly 0 or 1; floating point would land a hair inside.
  return { low: wins <= 0 ? 0 : Math.max(0, centre - half), high: wins >= n ? 1 : Math.min(1, centre + half) };
}

/** See the file comment. One pass over History (sorted once by historyIndex) and one over Deals. */
export function calibration(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
  options: CalibrationOptions = {},
): Calibration {
  const binCount = Math.max(1, Math.floor(options.bins ?? 10));
  const lookup = stageLookup(config);
  const stages = funnelStages(config);
  const index = new Map(stages.map((s, i) => [s.name, i]));
  const reached = new Array<number>(stages.length).fill(0);
  const won = new Array<number>(stages.length).fill(0);
  const indexOf = (name: string) => {
    const stage = lookup(name);
    return stage ? (index.get(stage.name) ?? -1) : -1;
  };
  const moves = historyIndex(deals, history);
  // Each stage code's funnel index, looked up once per distinct name rather than per move.
  const funnelOf = Int32Array.from(perStageCode(moves, indexOf));
  const seen = new Uint8Array(stages.length);
  let closedDeals = 0;
  let fromHistory = 0;
  let lostAtKnown = 0;
  let lostAtFirstOnly = 0;

  for (let r = 0; r < deals.length; r++) {
    const deal = deals[r];
    const current = lookup(deal.stage);
    if (!current || current.outcome === 'open') continue;
    closedDeals++;
    const isWon = current.outcome === 'won' ? 1 : 0;
    seen.fill(0);
    const d = moves.rowDeal[r];
    if (d >= 0 && d < moves.recorded) {
      fromHistory++;
      for (let m = moves.start[d]; m < moves.start[d + 1]; m++) {
        const k = funnelOf[moves.stage[m]];
        if (k >= 0) seen[k] = 1;
      }
      const k = index.get(current.name);
      if (k !== undefined) seen[k] = 1;
    } else if (stages.length > 0) {
      const reach = dealReach(deal, lookup, indexOf, stages.length);
      if (reach.lostAt === 'known') lostAtKnown++;
      else if (reach.lostAt === 'first') lostAtFirstOnly++;
      for (let i = 0; i <= reach.index; i++) seen[i] = 1;
    }
    for (let i = 0; i < stages.length; i++) {
      if (!seen[i]) continue;
      reached[i]++;
      won[i] += isWon;
    }
  }

  const rows: StageCalibration[] = stages.map((stage, i) => {
    const n = reached[i];
    const interval = wilsonInterval(won[i], n);
    const observed = n > 0 ? won[i] / n : null;
    // Only open stages get a suggestion: a won stage's probability is 1 by definition. The
    // tolerance keeps a rounding error at the interval's end from counting as "outside".
    const outside =
      stage.outcome === 'open' &&
      interval !== null &&
      (stage.probability < interval.low - 1e-9 || stage.probability > interval.high + 1e-9);
    return {
      stage: stage.name,
      outcome: stage.outcome,
      configured: stage.probability,
      reached: n,
      won: won[i],
      observed,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
      suggested: observed !== null && n >= MIN_DEALS_FOR_SUGGESTION && outside ? Math.round(observed * 100) / 100 : null,
    };
  });

  const binForecasts = new Array<number>(binCount).fill(0);
  const binWins = new Array<number>(binCount).fill(0);
  const binProbability = new Array<number>(binCount).fill(0);
  let squaredError = 0;
  let forecasts = 0;
  stages.forEach((stage, i) => {
    if (stage.outcome !== 'open' || reached[i] === 0) return;
    const p = stage.probability;
    const wins = won[i];
    const losses = reached[i] - wins;
    squaredError += wins * (1 - p) ** 2 + losses * p * p;
    forecasts += reached[i];
    // The epsilon keeps 0.3 × 10 = 2.9999… in the 30% bin.
    const bin = Math.min(binCount - 1, Math.floor(p * binCount + 1e-9));
    binForecasts[bin] += reached[i];
    binWins[bin] += wins;
    binProbability[bin] += p * reached[i];
  });
  const reliability: ReliabilityBin[] = [];
  for (let b = 0; b < binCount; b++) {
    if (binForecasts[b] === 0) continue;
    reliability.push({
      from: b / binCount,
      to: (b + 1) / binCount,
      forecasts: binForecasts[b],
      meanConfigured: binProbability[b] / binForecasts[b],
      won: binWins[b],
      observed: binWins[b] / binForecasts[b],
    });
  }

  const withoutHistory = closedDeals - fromHistory;
  const basis: FunnelBasis = {
    // As the funnel says it: no closed deal at all is 'none', not 'from History'.
    source: closedDeals === 0 ? 'none' : withoutHistory === 0 ? 'history' : fromHistory === 0 ? 'deals' : 'mixed',
    fromHistory,
    withoutHistory,
    lostAtKnown,
    lostAtFirstOnly,
    atLeast: lostAtFirstOnly > 0,
  };
  return { stages: rows, reliability, brier: forecasts > 0 ? squaredError / forecasts : null, forecasts, closedDeals, basis };
}

/**
 * Probabilities learned from History, by stage name: the observed win share of each
 * open stage that at least MIN_DEALS_FOR_SUGGESTION closed deals reached. Stages
 * with fewer are absent, so a caller falls back to the configured probability.
 */
export function calibratedProbabilities(result: Calibration, minDeals = MIN_DEALS_FOR_SUGGESTION): Map<string, number> {
  const learned = new Map<string, number>();
  for (const row of result.stages) {
    if (row.outcome === 'open' && row.observed !== null && row.reached >= minDeals) learned.set(row.stage, row.observed);
  }
  return learned;
}

export const CALIBRATION_HEADERS = [
  'Stage',
  'Configured probability',
  'Closed deals reached',
  'Won',
  'Observed win rate',
  'Low (95%)',
  'High (95%)',
  'Suggested probability',
] as const;

/** The stage rows as a tidy table, header first; probabilities as fractions, blanks as ''. */
export function calibrationTable(result: Calibration): (string | number)[][] {
  return [
    [...CALIBRATION_HEADERS],
    ...result.stages.map((r) => [r.stage, r.configured, r.reached, r.won, r.observed ?? '', r.low ?? '', r.high ?? '', r.suggested ?? '']),
  ];
}

export const RELIABILITY_HEADERS = [
  'Configured from',
  'Configured to',
  'Forecasts',
  'Mean configured probability',
  'Won',
  'Observed win share',
] as const;

/** The reliability bins as a tidy table, header first. */
export function reliabilityTable(result: Calibration): (string | number)[][] {
  return [[...RELIABILITY_HEADERS], ...result.reliability.map((b) => [b.from, b.to, b.forecasts, b.meanConfigured, b.won, b.observed])];
}
