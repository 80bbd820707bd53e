/**
 * Pieces of SQL that several view families share: the stage each deal is in, the
 * funnel, and each deal's path (the core's dealPaths). A view is built as
 * `WITH <ctes> SELECT …`, so each piece here is one named CTE.
 */
import { NO_CURRENCY } from '../core/index';
import type { Dialect } from './dialect';

/** One `name AS (select)` entry of a WITH clause. */
export interface Cte {
  readonly name: string;
  readonly select: string;
}

export function withCtes(ctes: readonly Cte[], select: string): string {
  if (ctes.length === 0) return select;
  return `WITH\n${ctes.map((c) => `${c.name} AS (\n${indent(c.select)}\n)`).join(',\n')}\n${select}`;
}

export function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

/** The literal of the core's NO_DATE and NO_OWNER keys (forecast.ts). */
export const NO_DATE_SQL = "'(no date)'";
export const NO_OWNER_SQL = "'(no owner)'";
/** The core's NO_CURRENCY group, for deals with a blank Currency. */
export const NO_CURRENCY_SQL = `'${NO_CURRENCY}'`;

/**
 * The currency a deal's amounts are counted in: the column as exported (trimmed and
 * upper-cased, as splitByCurrency groups it), or NO_CURRENCY when blank. Every view
 * that adds amounts groups by it, so that amounts are never added across currencies.
 */
export const CURRENCY_KEY = `COALESCE(currency, ${NO_CURRENCY_SQL})`;

/** Orders currencies as dealCurrencies does: by code, NO_CURRENCY last. */
export function currencyOrder(column: string): string {
  return `CASE WHEN ${column} = ${NO_CURRENCY_SQL} THEN 1 ELSE 0 END, ${column}`;
}

/** Every currency the deals use (any stage), for views that list each currency even where it has no deal to count. */
export function currencies(d: Dialect): Cte {
  return { name: 'currencies', select: `SELECT DISTINCT ${CURRENCY_KEY} AS currency FROM ${d.table('deals')}` };
}

/**
 * Each deal with the stage it is in: the findStage match is an exact name match,
 * because the tables hold the Stages sheet's spelling of every stage it knows
 * (tables.ts). A deal in no known stage keeps NULL stage columns.
 */
export function dealStage(d: Dialect): Cte {
  return {
    name: 'deal_stage',
    select: [
      'SELECT d.*, s.position AS stage_position, s.probability AS stage_probability, s.rotting_days AS stage_rotting_days,',
      '  s.category AS stage_category, s.outcome AS stage_outcome',
      `FROM ${d.table('deals')} AS d`,
      `LEFT JOIN ${d.table('stages')} AS s ON s.name = d.stage`,
    ].join('\n'),
  };
}

/** The funnel (funnelStages): open stages, then won, by place on the Stages sheet; idx counts from 0. */
export function funnel(d: Dialect): Cte {
  return {
    name: 'funnel',
    select:
      'SELECT name, position, outcome, probability, ' +
      `ROW_NUMBER() OVER (ORDER BY position) - 1 AS idx\nFROM ${d.table('stages')}\nWHERE outcome <> 'lost'`,
  };
}

/**
 * How far each Deals row WITHOUT History reached in the funnel (conversion.ts
 * dealReach), one row per Deals row in a known stage when the funnel has stages:
 * reach_idx is the last funnel index it counts in: every stage for a won deal (the
 * funnel's last), its own stage for an open deal, and for a lost deal its "Lost at
 * stage" (at most the stage before the last), else the first stage only. lost_at is
 * 'known' or 'first' for lost deals (FunnelBasis counts them), NULL otherwise. A
 * reach_idx of -1 (a lost deal "lost at" the only funnel stage) counts nowhere.
 * Needs the ctes deal_stage and funnel.
 */
export function dealReach(d: Dialect): Cte {
  return {
    name: 'deal_reach',
    select: [
      'SELECT ds.seq, ds.deal_id, ds.stage_outcome,',
      "  CASE WHEN ds.stage_outcome = 'won' THEN fn.n - 1",
      "    WHEN ds.stage_outcome = 'open' THEN COALESCE(fo.idx, 0)",
      '    WHEN fl.idx IS NOT NULL THEN LEAST(fl.idx, fn.n - 2)',
      '    ELSE 0 END AS reach_idx,',
      "  CASE WHEN ds.stage_outcome <> 'lost' THEN NULL WHEN fl.idx IS NOT NULL THEN 'known' ELSE 'first' END AS lost_at",
      'FROM deal_stage AS ds',
      'CROSS JOIN (SELECT COUNT(*) AS n FROM funnel) AS fn',
      'LEFT JOIN funnel AS fo ON fo.name = ds.stage',
      'LEFT JOIN funnel AS fl ON fl.name = ds.lost_at_stage',
      'WHERE ds.stage_outcome IS NOT NULL AND fn.n > 0',
      `  AND ds.deal_id NOT IN (SELECT h.deal_id FROM ${d.table('stage_history')} AS h)`,
    ].join('\n'),
  };
}

/**
 * Every deal's path as the core's dealPaths builds it: each History move (deal,
 * stage entered, instant), and for an ID with no History, one visit to its stage on
 * Stage changed or else Created, taken from the first Deals row with that ID that
 * has a stage and one of those dates. `pos` orders a path by time, ties in History
 * order (the core's stable sort). from_history is 1 for a recorded move, 0 for a
 * visit made up from a deal's dates (the funnel and calibration count only recorded
 * paths; a deal without History goes by deal_reach). It is a view of its own, deal_visits, because
 * conversion, time in stage, stale deals and calibration all read it.
 */
export function dealVisitsSelect(d: Dialect): string {
  const ctes: Cte[] = [
    {
      name: 'derived_visits',
      select: [
        'SELECT deal_id, stage, at_ms FROM (',
        `  SELECT deal_id, stage, ${d.msOfDate('COALESCE(stage_changed, created)')} AS at_ms,`,
        '    ROW_NUMBER() OVER (PARTITION BY deal_id ORDER BY seq) AS first_row',
        `  FROM ${d.table('deals')}`,
        '  WHERE stage IS NOT NULL AND COALESCE(stage_changed, created) IS NOT NULL',
        `    AND deal_id NOT IN (SELECT h.deal_id FROM ${d.table('stage_history')} AS h)`,
        ') AS candidates',
        'WHERE first_row = 1',
      ].join('\n'),
    },
    {
      name: 'visits',
      select: [
        'SELECT deal_id, stage, at_ms, ROW_NUMBER() OVER (PARTITION BY deal_id ORDER BY at_ms, seq) AS pos, from_history FROM (',
        `  SELECT deal_id, to_stage AS stage, ${d.msOfTimestamp('moved_at')} AS at_ms, ` +
          `seq, 1 AS from_history FROM ${d.table('stage_history')}`,
        '  UNION ALL',
        '  SELECT deal_id, stage, at_ms, -1 AS seq, 0 AS from_history FROM derived_visits',
        ') AS all_visits',
      ].join('\n'),
    },
  ];
  return withCtes(ctes.slice(0, 1), ctes[1].select);
}

/** The shared view deal_visits under the CTE name the view families use. */
export function visits(d: Dialect): Cte[] {
  return [{ name: 'visits', select: `SELECT deal_id, stage, at_ms, pos, from_history FROM ${d.table('deal_visits')}` }];
}

/**
 * The median of `value` in `source` per `groupBy` (or overall), as outcomes.ts median
 * does it: the middle value, or the mean of the two middle values. Exact and portable
 * (BigQuery has no exact median aggregate): rank the values, then average the one or
 * two in the middle.
 */
export function medianCtes(name: string, source: string, value: string, groupBy?: string): Cte[] {
  const partition = groupBy ? `PARTITION BY ${groupBy} ` : '';
  return [
    {
      name: `${name}_ranked`,
      select:
        `SELECT ${groupBy ? `${groupBy}, ` : ''}${value} AS value, ` +
        `ROW_NUMBER() OVER (${partition}ORDER BY ${value}) AS rn, COUNT(*) OVER (${partition.trim()}) AS n FROM ${source}`,
    },
    {
      name,
      select:
        `SELECT ${groupBy ? `${groupBy}, ` : ''}AVG(value) AS median FROM ${name}_ranked ` +
        `WHERE rn = FLOOR((n + 1) / 2) OR rn = CEIL((n + 1) / 2)${groupBy ? ` GROUP BY ${groupBy}` : ''}`,
    },
  ];
}
