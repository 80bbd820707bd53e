/**
 * How long deals stay in each stage, from the path History records. A stay lasts
 * from entering a stage until the next move (fractional days); a stay that is still
 * running counts, up to `asOf`, only when asked for. Won and lost stages have no
 * time in them worth measuring and get no row.
 */
import { DAY_MS } from './dates';
import { stageLookup } from './forecast';
import { historyIndex, perStageCode } from './history-index';
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

  const index = historyIndex(deals, history);
  const { stage: stageCode, at } = index;
  const stageOf = perStageCode(index, lookup);
  const bucketOf = stageOf.map((stage) => (stage?.outcome === 'open' ? stays.get(stage.name) : undefined));
  const asOfMs = asOf.getTime();
  for (let d = 0; d < index.ids.length; d++) {
    const end = index.start[d + 1];
    let i = index.start[d];
    while (i < end) {
      const code = stageCode[i];
      const stage = stageOf[code];
      let next = i + 1;
      // Same stage: the same Stage when the name is known, else the same spelling (the same code).
      while (next < end && (stage ? stageOf[stageCode[next]] === stage : stageCode[next] === code)) next++;
      const bucket = bucketOf[code];
      if (bucket) {
        if (next < end) {
          bucket.push((at[next] - at[i]) / DAY_MS);
        } else if (options.includeOpen) {
          const now = lookup(currentStage.get(index.ids[d]) ?? index.stageNames[code]);
          const days = (asOfMs - at[i]) / DAY_MS;
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
