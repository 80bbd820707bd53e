/**
 * The weighted forecast: amount × probability, where a deal's own probability beats
 * its stage's, grouped by stage, close month, close quarter, owner or forecast category.
 * Only deals in a known stage are counted; lost deals never are, won deals only when
 * asked for (at 100%). Every row is one group; a blank amount counts as 0.
 */
import { monthKey, quarterKey } from './dates';
import { findStage, openStages } from './stages';
import { FORECAST_CATEGORIES, type Deal, type PipelineConfig, type Stage } from './types';

export type ForecastGrouping = 'stage' | 'month' | 'quarter' | 'owner' | 'category';

export interface ForecastOptions {
  readonly by: ForecastGrouping;
  /** Add won deals at 100% (month/quarter by Closed on, else Expected close). Default false: open deals only. */
  readonly includeWon?: boolean;
  /** First month (1-12) of the fiscal year, for quarters. Default 1. */
  readonly fiscalYearStartMonth?: number;
}

export interface ForecastRow {
  /** Stage name, "2026-11", "2026-Q4", owner email, or category; NO_DATE for deals with no close date. */
  readonly key: string;
  readonly deals: number;
  readonly amount: number;
  readonly weighted: number;
}

export const NO_DATE = '(no date)';
/** The owner key of deals with a blank Owner; it sorts after every address. */
export const NO_OWNER = '(no owner)';

/**
 * A stage finder for one run of a metric: History and Deals repeat the same few
 * stage names hundreds of thousands of times, so each distinct name goes through
 * findStage's folding once.
 */
export function stageLookup(config: PipelineConfig): (name: string) => Stage | undefined {
  const memo = new Map<string, Stage | null>();
  return (name) => {
    let found = memo.get(name);
    if (found === undefined) memo.set(name, (found = findStage(config, name) ?? null));
    return found ?? undefined;
  };
}

function probabilityIn(deal: Deal, stage: Stage | undefined): number {
  return deal.probability ?? stage?.probability ?? 0;
}

/** The probability used for a deal: its own override, else its stage's, else 0 for an unknown stage. */
export function dealProbability(deal: Deal, config: PipelineConfig): number {
  return probabilityIn(deal, findStage(config, deal.stage));
}

/** amount × dealProbability; 0 when the amount is blank. */
export function weightedAmount(deal: Deal, config: PipelineConfig): number {
  return (deal.amount ?? 0) * dealProbability(deal, config);
}

interface Group {
  deals: number;
  amount: number;
  weighted: number;
}

/** See ForecastOptions. Rows come in stage order, date order, or by key; NO_DATE last. */
export function forecast(deals: readonly Deal[], config: PipelineConfig, options: ForecastOptions): ForecastRow[] {
  const includeWon = options.includeWon ?? false;
  const fiscalStart = options.fiscalYearStartMonth ?? 1;
  const lookup = stageLookup(config);
  const groups = new Map<string, Group>();

  for (const deal of deals) {
    const stage = lookup(deal.stage);
    if (!stage || stage.outcome === 'lost') continue;
    const won = stage.outcome === 'won';
    if (won && !includeWon) continue;
    const probability = won ? 1 : probabilityIn(deal, stage);
    const closeDate = won ? deal.closedOn ?? deal.expectedClose : deal.expectedClose;
    let key: string;
    switch (options.by) {
      case 'stage':
        key = stage.name;
        break;
      case 'month':
        key = closeDate ? monthKey(closeDate) : NO_DATE;
        break;
      case 'quarter':
        key = closeDate ? quarterKey(closeDate, fiscalStart) : NO_DATE;
        break;
      case 'owner':
        key = deal.owner || NO_OWNER;
        break;
      case 'category':
        key = deal.forecastCategory ?? stage.category;
        break;
    }
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { deals: 0, amount: 0, weighted: 0 }));
    const amount = deal.amount ?? 0;
    group.deals += 1;
    group.amount += amount;
    group.weighted += amount * probability;
  }

  const row = (key: string): ForecastRow => {
    const group = groups.get(key) ?? { deals: 0, amount: 0, weighted: 0 };
    return { key, deals: group.deals, amount: group.amount, weighted: group.weighted };
  };
  switch (options.by) {
    case 'stage': {
      // Every stage that can hold counted deals, even empty ones, so a chart keeps a stable axis.
      const shown = includeWon ? config.stages.filter((s) => s.outcome !== 'lost') : openStages(config);
      return shown.map((s) => row(s.name));
    }
    case 'category':
      return FORECAST_CATEGORIES.filter((c) => groups.has(c)).map(row);
    case 'owner':
      return sortedKeys(groups, NO_OWNER).map(row);
    default:
      // "2026-11" and "2026-Q4" sort chronologically as text.
      return sortedKeys(groups, NO_DATE).map(row);
  }
}

/** Keys in code-unit order (locale-independent, so every platform agrees), with `last` at the end. */
function sortedKeys(groups: ReadonlyMap<string, unknown>, last: string): string[] {
  const keys = [...groups.keys()].filter((k) => k !== last).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (groups.has(last)) keys.push(last);
  return keys;
}
