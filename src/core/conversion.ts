/**
 * Stage-to-stage conversion from History, in the manner of HubSpot's two funnel
 * reports: "any" counts a deal in every stage up to the furthest it reached (skips
 * count as passing through); "strict" counts a deal only in the unbroken run of
 * stages it entered in order from the first stage. The funnel is the open stages in
 * order, then won; visits to lost or unknown stages are ignored.
 *
 * A deal without History (most CRM exports and hand-kept sheets) is counted by its
 * outcome (dealReach): it reached the first stage; an open deal reached every stage up
 * to the one it is in; a won deal reached every stage; a lost deal reached the stages
 * up to its "Lost at stage" when the file has that column, otherwise the first stage
 * only, so the counts past the first stage are "at least". Either way, the funnel's
 * first-stage-to-Won share is won ÷ all deals, which is not the win rate (won ÷ closed):
 * FunnelBasis says which rule held so that every page can say so.
 */
import { stageLookup } from './forecast';
import { historyIndex, perStageCode, type HistoryIndex } from './history-index';
import { funnelStages } from './stages';
import type { Deal, HistoryEntry, PipelineConfig, Stage } from './types';

/** Where a funnel's counts came from. */
export interface FunnelBasis {
  /**
   * 'history': every deal counted has History; 'deals': none has; 'mixed': some have;
   * 'none': no deal was counted (the file has no deals, or none in a stage of the set).
   */
  readonly source: 'history' | 'deals' | 'mixed' | 'none';
  /** Deals counted from History paths. */
  readonly fromHistory: number;
  /** Deals counted by their outcome, with no History. */
  readonly withoutHistory: number;
  /** Lost deals without History placed by their "Lost at stage". */
  readonly lostAtKnown: number;
  /** Lost deals without History and no known last stage: counted at the first stage only. */
  readonly lostAtFirstOnly: number;
  /** True when counts past the first stage may be too low (lostAtFirstOnly > 0). */
  readonly atLeast: boolean;
}

/** A funnel and where its counts came from. */
export interface Funnel {
  readonly rows: ConversionRow[];
  readonly basis: FunnelBasis;
}

/**
 * The furthest funnel index a deal without History reached, by the rule in the file
 * comment; -1 for a deal in no known stage. `lostAt` says whether a lost deal's last
 * stage was known.
 */
export function dealReach(
  deal: Deal,
  lookup: (name: string) => Stage | undefined,
  funnelIndex: (name: string) => number,
  funnelLength: number,
): { index: number; lostAt: 'known' | 'first' | null } {
  const stage = lookup(deal.stage);
  if (!stage) return { index: -1, lostAt: null };
  if (stage.outcome === 'won') return { index: funnelLength - 1, lostAt: null };
  if (stage.outcome === 'open') return { index: Math.max(0, funnelIndex(stage.name)), lostAt: null };
  const at = deal.lostAtStage ? funnelIndex(deal.lostAtStage) : -1;
  // A lost deal "lost at Won" makes no sense; it reached the last open stage at most.
  return at >= 0 ? { index: Math.min(at, funnelLength - 2), lostAt: 'known' } : { index: 0, lostAt: 'first' };
}

/**
 * One line on the funnel's basis, for a page's heading or note. `deals` (the deals in
 * the file) lets a funnel that counted none say why: no deals, or none in the stage set.
 */
export function funnelBasisNote(basis: FunnelBasis, deals?: number): string {
  if (basis.source === 'none') return `no deal is counted: ${noneCountedWhy(deals)}`;
  const placeThem = 'a "Lost at stage" column would place them';
  const lostRule = basis.atLeast
    ? `lost deals at the first stage only (${basis.lostAtFirstOnly} of them; ${placeThem}), so later stages show at least these counts`
    : basis.lostAtKnown > 0
      ? 'lost deals up to their "Lost at stage"'
      : '';
  if (basis.source === 'history') return 'from History: each deal counts in every stage up to the furthest it entered';
  const lostPart = lostRule ? `, ${lostRule}` : '';
  const rule = `every deal counts at the first stage, open deals up to their stage, won deals at every stage${lostPart}`;
  if (basis.source === 'deals') return `no History: ${rule}; first stage → Won is won ÷ all deals, not the win rate (won ÷ closed)`;
  return `from History for ${basis.fromHistory} deals; for the ${basis.withoutHistory} without History, ${rule}`;
}

/** Why a funnel counted no deal, from the number of deals in the file when known. */
export function noneCountedWhy(deals?: number): string {
  if (deals === 0) return 'the file has no deals yet';
  if (deals === undefined) return 'the file has no deals, or none is in a stage of the stage set';
  return `none of the ${deals} deal${deals === 1 ? '' : 's'} is in a stage of the stage set`;
}

export interface ConversionOptions {
  readonly mode: 'next' | 'cumulative';
  readonly strict?: boolean;
}

export interface ConversionRow {
  /** Funnel stages: open stages in order, then won. */
  readonly stage: string;
  /** Deals counted as having reached this stage. */
  readonly deals: number;
  /** deals(next stage) ÷ deals(this stage); null for the last stage or when deals = 0. */
  readonly nextRate: number | null;
  /** deals(this stage) ÷ deals(first stage); null when the first stage has none. */
  readonly cumulativeRate: number | null;
  /** nextRate or cumulativeRate, as options.mode asks. */
  readonly rate: number | null;
}

/**
 * Every deal counts: deals in History (also those no longer on the Deals sheet) by
 * their path, Deals rows without History by dealReach. The rows only; conversionFunnel
 * also says where they came from.
 */
export function conversion(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
  options: ConversionOptions,
): ConversionRow[] {
  return conversionFunnel(deals, history, config, options).rows;
}

/** The funnel rows and their basis; see the file comment for the rule without History. */
export function conversionFunnel(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
  options: ConversionOptions,
): Funnel {
  const funnel = funnelStages(config);
  const lookup = stageLookup(config);
  const funnelIndex = new Map(funnel.map((stage, index) => [stage.name, index]));
  const indexOf = (name: string): number => {
    const stage = lookup(name);
    return stage ? (funnelIndex.get(stage.name) ?? -1) : -1;
  };

  const index = historyIndex(deals, history);
  // Each stage code's funnel index, looked up once per distinct name rather than per move.
  const funnelOf = Int32Array.from(perStageCode(index, indexOf));

  // reached[k]: deals whose last counted funnel stage is k; summed from the end below.
  const reached = new Array<number>(funnel.length).fill(0);
  const seen = new Uint8Array(funnel.length);
  let fromHistory = 0;
  let withoutHistory = 0;
  let lostAtKnown = 0;
  let lostAtFirstOnly = 0;
  for (let d = 0; d < index.recorded; d++) {
    fromHistory++;
    const last = options.strict ? strictReach(index, d, funnelOf, seen) : furthestReach(index, d, funnelOf);
    if (last >= 0) reached[last]++;
  }
  if (funnel.length > 0) {
    for (let r = 0; r < deals.length; r++) {
      const deal = deals[r];
      // The Deals row's deal in the index (rowDeal), so no lookup by ID: recorded ones were counted above.
      if (!deal.stage || (index.rowDeal[r] >= 0 && index.rowDeal[r] < index.recorded)) continue;
      const reach = dealReach(deal, lookup, indexOf, funnel.length);
      if (reach.index < 0) continue;
      withoutHistory++;
      if (reach.lostAt === 'known') lostAtKnown++;
      else if (reach.lostAt === 'first') lostAtFirstOnly++;
      reached[reach.index]++;
    }
  }
  const counts = new Array<number>(funnel.length).fill(0);
  for (let k = funnel.length - 1, total = 0; k >= 0; k--) counts[k] = total += reached[k];

  const rows = funnel.map((stage, k) => {
    const nextRate = k + 1 < funnel.length && counts[k] > 0 ? counts[k + 1] / counts[k] : null;
    const cumulativeRate = counts[0] > 0 ? counts[k] / counts[0] : null;
    return { stage: stage.name, deals: counts[k], nextRate, cumulativeRate, rate: options.mode === 'next' ? nextRate : cumulativeRate };
  });
  const source = fromHistory + withoutHistory === 0 ? 'none' : withoutHistory === 0 ? 'history' : fromHistory === 0 ? 'deals' : 'mixed';
  return { rows, basis: { source, fromHistory, withoutHistory, lostAtKnown, lostAtFirstOnly, atLeast: lostAtFirstOnly > 0 } };
}

/** The furthest funnel index deal d's path ever entered; -1 when none. */
function furthestReach(index: HistoryIndex, d: number, funnelOf: Int32Array): number {
  let furthest = -1;
  const { stage } = index;
  for (let m = index.start[d], end = index.start[d + 1]; m < end; m++) {
    const k = funnelOf[stage[m]];
    if (k > furthest) furthest = k;
  }
  return furthest;
}

/**
 * The last index k such that deal d's first visits to funnel stages, in time order,
 * begin 0, 1, …, k; -1 when the first funnel stage the deal entered was not the first.
 * `seen` is scratch space of the funnel's length, left zeroed again on return.
 */
function strictReach(index: HistoryIndex, d: number, funnelOf: Int32Array, seen: Uint8Array): number {
  let expected = 0;
  const from = index.start[d];
  let m = from;
  for (const end = index.start[d + 1]; m < end; m++) {
    const k = funnelOf[index.stage[m]];
    if (k < 0 || seen[k]) continue;
    seen[k] = 1;
    if (k !== expected) break;
    expected++;
  }
  // Clear what was marked (the stopping move included).
  for (let n = from; n <= m && n < index.start[d + 1]; n++) {
    const k = funnelOf[index.stage[n]];
    if (k >= 0) seen[k] = 0;
  }
  return expected - 1;
}
