/**
 * The weighted forecast: amount × probability, where a deal's own probability beats
 * its stage's, grouped by stage, close month, close quarter, owner or forecast category.
 * Only deals in a known stage are counted; lost deals never are, won deals only when
 * asked for (at 100%). Every row is one group; a blank amount counts as 0.
 */
import { dealColumns, monthCode, OPEN, WON } from './deal-columns';
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
    if (found === undefined) {
      found = findStage(config, name) ?? null;
      memo.set(name, found);
    }
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

/** See ForecastOptions. Rows come in stage order, date order, or by key; NO_DATE last. */
export function forecast(deals: readonly Deal[], config: PipelineConfig, options: ForecastOptions): ForecastRow[] {
  const includeWon = options.includeWon ?? false;
  const fiscalStart = options.fiscalYearStartMonth ?? 1;
  const by = options.by;
  const columns = dealColumns(deals, config);
  const { outcome, weight, amount, closedOn, expectedClose } = columns;
  // Each deal's group code (a stage, a month, an owner…) becomes a key once per distinct code.
  const keyOf = (code: number): string => {
    switch (by) {
      case 'stage':
        return config.stages[code].name;
      case 'month':
      case 'quarter': {
        if (code < 0) return NO_DATE;
        const date = new Date(Date.UTC(Math.floor(code / 12), code % 12, 1));
        return by === 'month' ? monthKey(date) : quarterKey(date, fiscalStart);
      }
      case 'owner':
        return columns.ownerNames[code] || NO_OWNER;
      case 'category':
        return code < FORECAST_CATEGORIES.length ? FORECAST_CATEGORIES[code] : config.stages[code - FORECAST_CATEGORIES.length].category;
    }
  };
  const groupOfCode = new Map<number, number>();
  const groupOfKey = new Map<string, number>();
  const keys: string[] = [];
  const counts: number[] = [];
  const amounts: number[] = [];
  const weighted: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    const o = outcome[i];
    if (o === OPEN || (o === WON && includeWon)) {
      const won = o === WON;
      let code: number;
      if (by === 'stage') code = columns.stage[i];
      else if (by === 'month' || by === 'quarter') {
        const t = won && !Number.isNaN(closedOn[i]) ? closedOn[i] : expectedClose[i];
        code = Number.isNaN(t) ? -1 : monthCode(t);
      } else if (by === 'owner') code = columns.owner[i];
      else code = columns.category[i] >= 0 ? columns.category[i] : FORECAST_CATEGORIES.length + columns.stage[i];
      let g = groupOfCode.get(code);
      if (g === undefined) {
        const key = keyOf(code);
        g = groupOfKey.get(key);
        if (g === undefined) {
          g = keys.length;
          groupOfKey.set(key, g);
          keys.push(key);
          counts.push(0);
          amounts.push(0);
          weighted.push(0);
        }
        groupOfCode.set(code, g);
      }
      const a = Number.isNaN(amount[i]) ? 0 : amount[i];
      counts[g] += 1;
      amounts[g] += a;
      weighted[g] += a * (won ? 1 : weight[i]);
    }
  }

  const row = (key: string): ForecastRow => {
    const g = groupOfKey.get(key);
    return g === undefined
      ? { key, deals: 0, amount: 0, weighted: 0 }
      : { key, deals: counts[g], amount: amounts[g], weighted: weighted[g] };
  };
  switch (by) {
    case 'stage': {
      // Every stage that can hold counted deals, even empty ones, so a chart keeps a stable axis.
      const shown = includeWon ? config.stages.filter((s) => s.outcome !== 'lost') : openStages(config);
      return shown.map((s) => row(s.name));
    }
    case 'category':
      return FORECAST_CATEGORIES.filter((c) => groupOfKey.has(c)).map(row);
    case 'owner':
      return sortedKeys(groupOfKey, NO_OWNER).map(row);
    default:
      // "2026-11" and "2026-Q4" sort chronologically as text.
      return sortedKeys(groupOfKey, NO_DATE).map(row);
  }
}

/** Keys in code-unit order (locale-independent, so every platform agrees), with `last` at the end. */
function sortedKeys(groups: ReadonlyMap<string, unknown>, last: string): string[] {
  const keys = [...groups.keys()].filter((k) => k !== last).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (groups.has(last)) keys.push(last);
  return keys;
}
