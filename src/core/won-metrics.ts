/**
 * What managers ask first: how many deals were won and lost, the win rate and the won
 * revenue by close month or quarter (a fiscal year may start in any month); each
 * owner's won revenue, average won amount, average and median cycle and open weighted
 * pipeline; and the total won revenue. Closed deals are grouped by Closed on (a closed
 * deal without it is grouped under NO_DATE, never dropped); owners by Deal.owner, which
 * readDeals has already grouped (see ownerKey). Amounts are added as they are: callers
 * hand in deals of one currency (currency.ts).
 */
import { monthKey, quarterKey } from './dates';
import { NO_DATE, NO_OWNER, stageLookup, weightedAmount } from './forecast';
import { mean, median, wonCycleDays } from './outcomes';
import type { Deal, HistoryEntry, PipelineConfig } from './types';

/** Won and lost deals closed in one month or quarter. */
export interface PeriodOutcome {
  /** "2026-11", "2026-Q4" (fiscal), or NO_DATE for closed deals without Closed on. */
  readonly key: string;
  readonly won: number;
  readonly lost: number;
  /** won ÷ (won + lost); null when none closed. */
  readonly winRate: number | null;
  /** Sum of the won deals' amounts (a blank amount adds 0). */
  readonly wonAmount: number;
}

export interface PeriodOutcomeOptions {
  readonly by: 'month' | 'quarter';
  /** First month (1-12) of the fiscal year, for quarters. Default 1. */
  readonly fiscalYearStartMonth?: number;
}

/** Won and lost deals by the period of their Closed on, oldest first, NO_DATE last. */
export function outcomesByPeriod(deals: readonly Deal[], config: PipelineConfig, options: PeriodOutcomeOptions): PeriodOutcome[] {
  const lookup = stageLookup(config);
  const fiscal = options.fiscalYearStartMonth ?? 1;
  const groups = new Map<string, { won: number; lost: number; wonAmount: number }>();
  for (const deal of deals) {
    const outcome = lookup(deal.stage)?.outcome;
    if (outcome !== 'won' && outcome !== 'lost') continue;
    const key = deal.closedOn ? (options.by === 'month' ? monthKey(deal.closedOn) : quarterKey(deal.closedOn, fiscal)) : NO_DATE;
    let group = groups.get(key);
    if (!group) {
      group = { won: 0, lost: 0, wonAmount: 0 };
      groups.set(key, group);
    }
    if (outcome === 'won') {
      group.won++;
      group.wonAmount += deal.amount ?? 0;
    } else group.lost++;
  }
  const keys = [...groups.keys()].filter((k) => k !== NO_DATE).sort();
  if (groups.has(NO_DATE)) keys.push(NO_DATE);
  return keys.map((key) => {
    const g = groups.get(key)!;
    return { key, won: g.won, lost: g.lost, winRate: g.won + g.lost > 0 ? g.won / (g.won + g.lost) : null, wonAmount: g.wonAmount };
  });
}

/** One owner's results. */
export interface OwnerPerformance {
  /** The owner as first typed, or NO_OWNER. */
  readonly owner: string;
  readonly won: number;
  readonly lost: number;
  readonly winRate: number | null;
  readonly wonAmount: number;
  /** Mean amount of the won deals that have one; null when none has. */
  readonly averageWonAmount: number | null;
  /** Mean and median days from Created to won (cycleDays' rule), over won deals whose cycle is known. */
  readonly meanCycleDays: number | null;
  readonly medianCycleDays: number | null;
  readonly openDeals: number;
  /** Σ amount × probability over the owner's open deals. */
  readonly openWeighted: number;
}

/** Per owner, in code-unit order of the owner, NO_OWNER last. */
export function ownerPerformance(deals: readonly Deal[], history: readonly HistoryEntry[], config: PipelineConfig): OwnerPerformance[] {
  const lookup = stageLookup(config);
  const cycle = wonCycleDays(deals, history, config);
  const owners = new Map<
    string,
    { won: number; lost: number; wonAmount: number; wonAmounts: number[]; cycles: number[]; openDeals: number; openWeighted: number }
  >();
  for (const deal of deals) {
    const outcome = lookup(deal.stage)?.outcome;
    if (!outcome) continue;
    const key = deal.owner || NO_OWNER;
    let o = owners.get(key);
    if (!o) {
      o = { won: 0, lost: 0, wonAmount: 0, wonAmounts: [], cycles: [], openDeals: 0, openWeighted: 0 };
      owners.set(key, o);
    }
    if (outcome === 'won') {
      o.won++;
      o.wonAmount += deal.amount ?? 0;
      if (deal.amount !== null) o.wonAmounts.push(deal.amount);
      const days = cycle(deal);
      if (days !== null) o.cycles.push(days);
    } else if (outcome === 'lost') o.lost++;
    else {
      o.openDeals++;
      o.openWeighted += weightedAmount(deal, config);
    }
  }
  const keys = [...owners.keys()].filter((k) => k !== NO_OWNER).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (owners.has(NO_OWNER)) keys.push(NO_OWNER);
  return keys.map((owner) => {
    const o = owners.get(owner)!;
    return {
      owner,
      won: o.won,
      lost: o.lost,
      winRate: o.won + o.lost > 0 ? o.won / (o.won + o.lost) : null,
      wonAmount: o.wonAmount,
      averageWonAmount: mean(o.wonAmounts),
      meanCycleDays: mean(o.cycles),
      medianCycleDays: median(o.cycles),
      openDeals: o.openDeals,
      openWeighted: o.openWeighted,
    };
  });
}

/** All won deals: how many, their amounts added, and how many of them have no amount. */
export interface WonTotal {
  readonly deals: number;
  readonly amount: number;
  readonly withoutAmount: number;
}

export function totalWon(deals: readonly Deal[], config: PipelineConfig): WonTotal {
  const lookup = stageLookup(config);
  let count = 0;
  let amount = 0;
  let withoutAmount = 0;
  for (const deal of deals) {
    if (lookup(deal.stage)?.outcome !== 'won') continue;
    count++;
    if (deal.amount === null) withoutAmount++;
    else amount += deal.amount;
  }
  return { deals: count, amount, withoutAmount };
}

export const PERIOD_OUTCOME_HEADERS = ['Won', 'Lost', 'Win rate', 'Won revenue'] as const;

/** outcomesByPeriod as a tidy table, header first: Month or Quarter, Won, Lost, Win rate, Won revenue. */
export function periodOutcomeTable(rows: readonly PeriodOutcome[], by: 'month' | 'quarter'): (string | number)[][] {
  return [
    [by === 'month' ? 'Month' : 'Quarter', ...PERIOD_OUTCOME_HEADERS],
    ...rows.map((r) => [r.key, r.won, r.lost, r.winRate ?? '', r.wonAmount]),
  ];
}

export const OWNER_PERFORMANCE_HEADERS = [
  'Owner',
  'Won',
  'Lost',
  'Win rate',
  'Won revenue',
  'Average won amount',
  'Mean cycle days',
  'Median cycle days',
  'Open deals',
  'Open weighted',
] as const;

/** ownerPerformance as a tidy table, header first; unknown values blank. */
export function ownerPerformanceTable(rows: readonly OwnerPerformance[]): (string | number)[][] {
  return [
    [...OWNER_PERFORMANCE_HEADERS],
    ...rows.map((r) => [
      r.owner,
      r.won,
      r.lost,
      r.winRate ?? '',
      r.wonAmount,
      r.averageWonAmount ?? '',
      r.meanCycleDays ?? '',
      r.medianCycleDays ?? '',
      r.openDeals,
      r.openWeighted,
    ]),
  ];
}
