/**
 * Stage-to-stage conversion from History, in the manner of HubSpot's two funnel
 * reports: "any" counts a deal in every stage up to the furthest it reached (skips
 * count as passing through); "strict" counts a deal only in the unbroken run of
 * stages it entered in order from the first stage. The funnel is the open stages in
 * order, then won; visits to lost or unknown stages are ignored.
 */
import { stageLookup } from './forecast';
import { dealPaths, type StageVisit } from './history';
import { funnelStages } from './stages';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

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
 * Every deal with a path counts: deals in History (also those no longer on the Deals
 * sheet) and Deals rows without History. A Deals row with neither History nor dates
 * counts as having entered only its current stage.
 */
export function conversion(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig, options: ConversionOptions): ConversionRow[] {
  const funnel = funnelStages(config);
  const lookup = stageLookup(config);
  const funnelIndex = new Map(funnel.map((stage, index) => [stage.name, index]));
  const indexOf = (name: string): number => {
    const stage = lookup(name);
    return stage ? funnelIndex.get(stage.name) ?? -1 : -1;
  };

  const paths = dealPaths(deals, history);
  const undated: StageVisit[][] = [];
  for (const deal of deals) {
    if (!paths.has(deal.id) && deal.stage) undated.push([{ stage: deal.stage, at: new Date(0) }]);
  }

  // reached[k]: deals whose last counted funnel stage is k; summed from the end below.
  const reached = new Array<number>(funnel.length).fill(0);
  const seen = new Uint8Array(funnel.length);
  const count = (path: readonly StageVisit[]) => {
    const last = options.strict ? strictReach(path, indexOf, seen) : furthestReach(path, indexOf);
    if (last >= 0) reached[last]++;
  };
  for (const path of paths.values()) count(path);
  for (const path of undated) count(path);
  const counts = new Array<number>(funnel.length).fill(0);
  for (let k = funnel.length - 1, total = 0; k >= 0; k--) counts[k] = total += reached[k];

  return funnel.map((stage, k) => {
    const nextRate = k + 1 < funnel.length && counts[k] > 0 ? counts[k + 1] / counts[k] : null;
    const cumulativeRate = counts[0] > 0 ? counts[k] / counts[0] : null;
    return { stage: stage.name, deals: counts[k], nextRate, cumulativeRate, rate: options.mode === 'next' ? nextRate : cumulativeRate };
  });
}

/** The furthest funnel index a path ever entered; -1 when none. */
function furthestReach(path: readonly StageVisit[], indexOf: (name: string) => number): number {
  let furthest = -1;
  for (const visit of path) furthest = Math.max(furthest, indexOf(visit.stage));
  return furthest;
}

/**
 * The last index k such that the path's first visits to funnel stages, in time order,
 * begin 0, 1, …, k; -1 when the first funnel stage the deal entered was not the first.
 * `seen` is scratch space of the funnel's length, left zeroed again on return.
 */
function strictReach(path: readonly StageVisit[], indexOf: (name: string) => number, seen: Uint8Array): number {
  let expected = 0;
  const touched: number[] = [];
  for (const visit of path) {
    const index = indexOf(visit.stage);
    if (index < 0 || seen[index]) continue;
    seen[index] = 1;
    touched.push(index);
    if (index !== expected) break;
    expected++;
  }
  for (const index of touched) seen[index] = 0;
  return expected - 1;
}
