/**
 * Suggested rotting days: how long a deal that went on to advance usually sat in
 * each open stage. For each open stage, the given percentile (default the 80th) of
 * the days spent in it, over the stays that ended in a move to a later stage (a
 * later open stage, or a won stage; a move to lost or backwards is not an advance),
 * set beside the configured rotting days. A deal still sitting past that mark is
 * slower than four in five deals that made it through.
 *
 * Stays come from each deal's History path (historyIndex): a stay runs from entering
 * a stage to entering the next one. Days are whole calendar days between the two
 * UTC dates (daysBetween), or business days: the Mondays to Fridays after the day of
 * entry up to and including the day of leaving (public holidays are not known).
 * The percentile interpolates as PERCENTILE.INC does (quantileSorted).
 */
import { DAY_MS } from './dates';
import { stageLookup } from './forecast';
import { historyIndex, moveDate, perStageCode } from './history-index';
import { quantileSorted } from './random';
import { openStages } from './stages';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

/** Below this many advancing stays a stage gets its percentile but no suggestion. */
export const MIN_STAYS_FOR_SUGGESTION = 10;

export interface RottingSuggestOptions {
  /** 0..1; default 0.8. */
  readonly percentile?: number;
  /** 'calendar' (default) or 'business' (Monday to Friday) days. */
  readonly calendar?: 'calendar' | 'business';
}

export interface RottingSuggestion {
  readonly stage: string;
  /** The Stages sheet's rotting days; null = never rots. */
  readonly configuredDays: number | null;
  /** Stays in the stage that ended in an advance. */
  readonly stays: number;
  /** The percentile of those stays, in days (may be fractional); null with no stays. */
  readonly percentileDays: number | null;
  /** percentileDays rounded up to whole days, when stays ≥ MIN_STAYS_FOR_SUGGESTION; else null. */
  readonly suggestedDays: number | null;
}

/**
 * Mondays to Fridays in (from, to]: the working days that passed between two dates.
 * 0 when `to` is not after `from`. O(1).
 */
export function businessDaysBetween(from: Date, to: Date): number {
  const start = Math.floor(from.getTime() / DAY_MS);
  const end = Math.floor(to.getTime() / DAY_MS);
  if (end <= start) return 0;
  // Day 0 (1970-01-01) was a Thursday; weekday 0 = Monday … 6 = Sunday.
  const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;
  // Any 7 days in a row hold 5 weekdays; the leftover (at most 6 days) is counted one by one.
  const weeks = Math.floor((end - start) / 7);
  let count = weeks * 5;
  for (let day = start + weeks * 7 + 1; day <= end; day++) if (weekday(day) < 5) count++;
  return count;
}

/** See the file comment. One pass over the paths; a sort per stage. */
export function suggestRottingDays(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
  options: RottingSuggestOptions = {},
): RottingSuggestion[] {
  const percentile = options.percentile ?? 0.8;
  const business = options.calendar === 'business';
  const lookup = stageLookup(config);
  const stages = openStages(config);
  const durations = new Map<string, number[]>(stages.map((s) => [s.name, []]));

  const index = historyIndex(deals, history);
  const stageOf = perStageCode(index, lookup);
  const { stage: code, at } = index;
  for (let d = 0; d < index.ids.length; d++) {
    for (let m = index.start[d]; m + 1 < index.start[d + 1]; m++) {
      const here = stageOf[code[m]];
      const next = stageOf[code[m + 1]];
      if (!here || !next || here.outcome !== 'open') continue;
      const advanced = next.outcome === 'won' || (next.outcome === 'open' && next.order > here.order);
      if (!advanced) continue;
      const days = business
        ? businessDaysBetween(moveDate(index, m, deals, history), moveDate(index, m + 1, deals, history))
        : Math.floor(at[m + 1] / DAY_MS) - Math.floor(at[m] / DAY_MS);
      durations.get(here.name)?.push(days);
    }
  }

  return stages.map((stage) => {
    const sorted = Float64Array.from(durations.get(stage.name)!).sort();
    const days = quantileSorted(sorted, percentile);
    return {
      stage: stage.name,
      configuredDays: stage.rottingDays,
      stays: sorted.length,
      percentileDays: days,
      suggestedDays: days !== null && sorted.length >= MIN_STAYS_FOR_SUGGESTION ? Math.ceil(days - 1e-9) : null,
    };
  });
}

export const ROTTING_SUGGESTION_HEADERS = [
  'Stage',
  'Configured rotting days',
  'Advancing stays',
  'Percentile days',
  'Suggested rotting days',
] as const;

/** The suggestions as a tidy table, header first; blanks as ''. */
export function rottingSuggestionTable(rows: readonly RottingSuggestion[]): (string | number)[][] {
  return [
    [...ROTTING_SUGGESTION_HEADERS],
    ...rows.map((r) => [r.stage, r.configuredDays ?? '', r.stays, r.percentileDays ?? '', r.suggestedDays ?? '']),
  ];
}
