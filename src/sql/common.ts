/**
 * Pieces of SQL that several view families share: the stage each deal is in, the
 * funnel, and each deal's path (the core's dealPaths). A view is built as
 * `WITH <ctes> SELECT …`, so each piece here is one named CTE.
 */
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
    select: `SELECT name, position, outcome, probability, ROW_NUMBER() OVER (ORDER BY position) - 1 AS idx\nFROM ${d.table('stages')}\nWHERE outcome <> 'lost'`,
  };
}

/**
 * Every deal's path as the core's dealPaths builds it: each History move (deal,
 * stage entered, instant), and for an ID with no History, one visit to its stage on
 * Stage changed or else Created, taken from the first Deals row with that ID that
 * has a stage and one of those dates. `pos` orders a path by time, ties in History
 * order (the core's stable sort). It is a view of its own, deal_visits, because
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
        'SELECT deal_id, stage, at_ms, ROW_NUMBER() OVER (PARTITION BY deal_id ORDER BY at_ms, seq) AS pos FROM (',
        `  SELECT deal_id, to_stage AS stage, ${d.msOfTimestamp('moved_at')} AS at_ms, seq FROM ${d.table('stage_history')}`,
        '  UNION ALL',
        '  SELECT deal_id, stage, at_ms, -1 AS seq FROM derived_visits',
        ') AS all_visits',
      ].join('\n'),
    },
  ];
  return withCtes(ctes.slice(0, 1), ctes[1].select);
}

/** The shared view deal_visits under the CTE name the view families use. */
export function visits(d: Dialect): Cte[] {
  return [{ name: 'visits', select: `SELECT deal_id, stage, at_ms, pos FROM ${d.table('deal_visits')}` }];
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
      select: `SELECT ${groupBy ? `${groupBy}, ` : ''}${value} AS value, ROW_NUMBER() OVER (${partition}ORDER BY ${value}) AS rn, COUNT(*) OVER (${partition.trim()}) AS n FROM ${source}`,
    },
    {
      name,
      select: `SELECT ${groupBy ? `${groupBy}, ` : ''}AVG(value) AS median FROM ${name}_ranked WHERE rn = FLOOR((n + 1) / 2) OR rn = CEIL((n + 1) / 2)${groupBy ? ` GROUP BY ${groupBy}` : ''}`,
    },
  ];
}
