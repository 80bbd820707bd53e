/**
 * The Deals table in columns, built once per Deals array. Most metrics read the same
 * four or five fields of every deal (stage, amount, probability, a date, the owner);
 * reading them from one Deal object after another, and looking the stage up by its
 * name on each, was most of their cost. dealColumns turns a Deal[] into number
 * columns (heap-columns.ts says why plain arrays, not typed ones): amounts,
 * probabilities and dates as doubles, NaN for a blank, dates in epoch ms; and
 * integer codes (the stage as its position in config.stages, -1 when unknown;
 * owners, forecast-category overrides and currencies by code, each with its
 * dictionary), so a metric is one tight loop over numbers.
 *
 * The table is remembered per Deals array and configuration (a WeakMap keyed by the
 * array, so it goes when the array does), and used again only when the array still
 * holds exactly the same row objects (row-snapshot.ts), as historyIndex does: a caller
 * that edits a row object's fields in place must pass a new array. Callers must not change what it returns.
 */
import { doubleColumn, intColumn, intern, type NumberColumn } from './heap-columns';
import { rowSnapshot, sameRows } from './row-snapshot';
import { findStage } from './stages';
import { FORECAST_CATEGORIES, type Deal, type PipelineConfig, type Stage } from './types';

/** Outcome codes: the outcome of a deal's stage; UNKNOWN for a stage the Stages sheet does not list. */
export const UNKNOWN = 0;
export const OPEN = 1;
export const WON = 2;
export const LOST = 3;

export interface DealColumns {
  readonly length: number;
  /** Per deal: its stage's position in config.stages, -1 when blank or not a stage. */
  readonly stage: NumberColumn;
  /** Per deal: OPEN, WON, LOST or UNKNOWN. */
  readonly outcome: NumberColumn;
  /** Per deal: the amount, NaN when blank. */
  readonly amount: NumberColumn;
  /** Per deal: its own probability override, NaN when none. */
  readonly probability: NumberColumn;
  /** Per deal: its probability as the forecast uses it (own override, else its stage's, else 0). */
  readonly weight: NumberColumn;
  /** Dates in epoch ms, NaN when blank. */
  readonly created: NumberColumn;
  readonly expectedClose: NumberColumn;
  readonly closedOn: NumberColumn;
  readonly stageChanged: NumberColumn;
  /** Per deal: a code into ownerNames (the owner exactly as the Deal holds it, '' included). */
  readonly owner: NumberColumn;
  readonly ownerNames: readonly string[];
  /** Per deal: its forecast-category override as a position in FORECAST_CATEGORIES, -1 when none. */
  readonly category: NumberColumn;
  /** Per deal: a code into currencyNames (the currency as the Deal holds it, '' included). */
  readonly currency: NumberColumn;
  readonly currencyNames: readonly string[];
}

interface Remembered {
  readonly config: PipelineConfig;
  readonly rows: readonly Deal[];
  readonly columns: DealColumns;
}
const remembered = new WeakMap<readonly Deal[], Remembered>();

/** See the file comment. */
export function dealColumns(deals: readonly Deal[], config: PipelineConfig): DealColumns {
  const seen = remembered.get(deals);
  if (seen && seen.config === config && sameRows(seen.rows, deals)) return seen.columns;
  const columns = buildDealColumns(deals, config);
  remembered.set(deals, { config, rows: rowSnapshot(deals), columns });
  return columns;
}

const OUTCOME_CODE = { open: OPEN, won: WON, lost: LOST } as const;

function msOf(date: Date | null): number {
  return date === null ? NaN : date.getTime();
}

function buildDealColumns(deals: readonly Deal[], config: PipelineConfig): DealColumns {
  const n = deals.length;
  // Deals repeat a handful of stage names: each distinct name is looked up once.
  const stageOf = new Map<string, Stage | null>();
  const lookup = (name: string): Stage | null => {
    let found = stageOf.get(name);
    if (found === undefined) {
      found = findStage(config, name) ?? null;
      stageOf.set(name, found);
    }
    return found;
  };
  const position = new Map(config.stages.map((s, i) => [s, i] as const));
  const stage = intColumn(n);
  const outcome = intColumn(n);
  const amount = doubleColumn(n);
  const probability = doubleColumn(n);
  const weight = doubleColumn(n);
  const created = doubleColumn(n);
  const expectedClose = doubleColumn(n);
  const closedOn = doubleColumn(n);
  const stageChanged = doubleColumn(n);
  const owner = intColumn(n);
  const category = intColumn(n);
  const currency = intColumn(n);
  const ownerCodes = new Map<string, number>();
  const ownerNames: string[] = [];
  const currencyCodes = new Map<string, number>();
  const currencyNames: string[] = [];
  const categoryOf = new Map<string, number>(FORECAST_CATEGORIES.map((c, i) => [c, i] as const));
  for (let i = 0; i < n; i++) {
    const deal = deals[i];
    const found = lookup(deal.stage);
    stage[i] = found ? position.get(found)! : -1;
    outcome[i] = found ? OUTCOME_CODE[found.outcome] : UNKNOWN;
    amount[i] = deal.amount === null ? NaN : deal.amount;
    probability[i] = deal.probability === null ? NaN : deal.probability;
    weight[i] = deal.probability ?? found?.probability ?? 0;
    created[i] = msOf(deal.created);
    expectedClose[i] = msOf(deal.expectedClose);
    closedOn[i] = msOf(deal.closedOn);
    stageChanged[i] = msOf(deal.stageChanged);
    owner[i] = intern(ownerCodes, ownerNames, deal.owner);
    category[i] = deal.forecastCategory === null ? -1 : (categoryOf.get(deal.forecastCategory) ?? -1);
    currency[i] = intern(currencyCodes, currencyNames, deal.currency);
  }
  return {
    length: n,
    stage,
    outcome,
    amount,
    probability,
    weight,
    created,
    expectedClose,
    closedOn,
    stageChanged,
    owner,
    ownerNames,
    category,
    currency,
    currencyNames,
  };
}

/** Month codes (year × 12 + month, UTC) of epoch-ms times: one Date per distinct month is enough for a key. */
export function monthCode(ms: number): number {
  // Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), inverted: no Date object per deal.
  const z = Math.floor(ms / 86_400_000) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9; // 1..12
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + (month - 1);
}
