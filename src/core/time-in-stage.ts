/**
 * How long deals stay in each stage, from the path History records. A stay lasts
 * from entering a stage until the next move (fractional days); a stay that is still
 * running counts, up to `asOf`, only when asked for. Won and lost stages have no
 * time in them worth measuring and get no row.
 */
import { elapsedDays } from './dates';
import { stageLookup } from './forecast';
import { dealPaths } from './history';
import { median, mean } from './outcomes';
import { openStages } from './stages';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

export interface StageTime {
  readonly stage: string;
  /** Completed stays (and, with includeOpen, stays still running at asOf). */
  readonly visits: number;
  readonly meanDays: number | null;
  readonly medianDays: number | null;
}

/**
 * One row per open stage, in pipeline order. Repeated moves into the stage a deal is
 * already in (a History row written twice) extend one stay rather than start a new one.
 * A deal still running is one whose Deals row is in an open stage, or, for a deal that
 * is only in History, whose last move was into an open stage.
 */
export function timeInStage(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
  asOf: Date,
  options: { includeOpen?: boolean } = {},
): StageTime[] {
  const lookup = stageLookup(config);
  const stages = openStages(config);
  const stays = new Map<string, number[]>(stages.map((stage) => [stage.name, []]));
  // Only stays still running need the deal's current stage.
  const currentStage = new Map<string, string>();
  if (options.includeOpen) for (const deal of deals) if (!currentStage.has(deal.id)) currentStage.set(deal.id, deal.stage);

  for (const [dealId, path] of dealPaths(deals, history)) {
    let i = 0;
    while (i < path.length) {
      const start = path[i];
      let next = i + 1;
      const stage = lookup(start.stage);
      while (next < path.length && (stage ? lookup(path[next].stage) === stage : path[next].stage === start.stage)) next++;
      const bucket = stage?.outcome === 'open' ? stays.get(stage.name) : undefined;
      if (bucket) {
        if (next < path.length) {
          bucket.push(elapsedDays(start.at, path[next].at));
        } else if (options.includeOpen) {
          const now = lookup(currentStage.get(dealId) ?? start.stage);
          const days = elapsedDays(start.at, asOf);
          if (now?.outcome === 'open' && days >= 0) bucket.push(days);
        }
      }
      i = next;
    }
  }

  return stages.map((stage) => {
    const days = stays.get(stage.name)!;
    return { stage: stage.name, visits: days.length, meanDays: mean(days), medianDays: median(days) };
  });
}
