/**
 * Stage-to-stage conversion as SQL (the core's conversion.ts). Each deal ID with
 * History counts by its recorded path (also IDs no longer on Deals): "any" counts it
 * in every funnel stage up to the furthest it entered; "strict" up to the end of the
 * unbroken run 0, 1, …, k of first entries into funnel stages, in time order. Each
 * Deals row without History counts by its outcome (deal_reach in common.ts: every
 * stage for a won deal, its own stage for an open one, a lost one up to its "Lost at
 * stage" or else the first stage only), the same in both modes. Each view gives, per
 * funnel stage: deals, next_rate (next ÷ this) and cumulative_rate (this ÷ first),
 * NULL where the core gives null; conversion_basis gives the FunnelBasis: which rule
 * held and whether the counts past the first stage are "at least".
 */
import { dealReach, dealStage, funnel, visits, withCtes, type Cte } from './common';
import type { Dialect } from './dialect';

export type ConversionView = 'conversion_any' | 'conversion_strict' | 'conversion_basis';

/** Funnel visits of each recorded path (a deal ID with History). */
function pathVisits(): Cte {
  return {
    name: 'path_visits',
    select: 'SELECT v.deal_id AS path, f.idx, v.pos FROM visits AS v JOIN funnel AS f ON f.name = v.stage WHERE v.from_history = 1',
  };
}

/** reach: the last funnel index each recorded path counts up to (paths that reach none are absent). */
function reachAny(): Cte {
  return { name: 'reach', select: 'SELECT path, MAX(idx) AS last_idx FROM path_visits GROUP BY path' };
}

function reachStrict(): Cte[] {
  return [
    { name: 'first_entries', select: 'SELECT path, idx, MIN(pos) AS first_pos FROM path_visits GROUP BY path, idx' },
    {
      name: 'ranked',
      select: 'SELECT path, idx, ROW_NUMBER() OVER (PARTITION BY path ORDER BY first_pos) - 1 AS rank_in_path FROM first_entries',
    },
    {
      // The run breaks at the first entry out of turn; without a break it covers every entry.
      name: 'reach',
      select: [
        'SELECT path, last_idx FROM (',
        '  SELECT path, COALESCE(MIN(CASE WHEN idx <> rank_in_path THEN rank_in_path END), COUNT(*)) - 1 AS last_idx',
        '  FROM ranked GROUP BY path',
        ') AS runs',
        'WHERE last_idx >= 0',
      ].join('\n'),
    },
  ];
}

function funnelCounts(d: Dialect, reach: Cte[]): string {
  return withCtes(
    [
      ...visits(d),
      dealStage(d),
      funnel(d),
      dealReach(d),
      pathVisits(),
      ...reach,
      {
        name: 'reached',
        select: [
          'SELECT last_idx, COUNT(*) AS paths FROM (',
          '  SELECT last_idx FROM reach',
          '  UNION ALL',
          '  SELECT reach_idx AS last_idx FROM deal_reach WHERE reach_idx >= 0',
          ') AS ends',
          'GROUP BY last_idx',
        ].join('\n'),
      },
      {
        // counts[k] = deals whose last stage is k or later: a running sum from the funnel's end.
        name: 'counts',
        select: [
          'SELECT f.name AS stage, f.idx, SUM(COALESCE(r.paths, 0)) OVER (ORDER BY f.idx DESC) AS deals',
          'FROM funnel AS f',
          'LEFT JOIN reached AS r ON r.last_idx = f.idx',
        ].join('\n'),
      },
    ],
    [
      'SELECT c.stage, c.idx + 1 AS sort_order, c.deals,',
      '  CASE WHEN n.deals IS NOT NULL AND c.deals > 0 THEN n.deals / c.deals END AS next_rate,',
      '  CASE WHEN first_stage.deals > 0 THEN c.deals / first_stage.deals END AS cumulative_rate',
      'FROM counts AS c',
      'LEFT JOIN counts AS n ON n.idx = c.idx + 1',
      'CROSS JOIN (SELECT deals FROM counts WHERE idx = 0) AS first_stage',
    ].join('\n'),
  );
}

/**
 * FunnelBasis, in one row: source is 'none' when no deal counted at all, 'history' when no Deals row counted by its
 * outcome, 'deals' when no deal ID counted by History, else 'mixed'; at_least when a
 * lost deal without History or "Lost at stage" was counted at the first stage only.
 */
function basis(d: Dialect): string {
  const count = (where: string) => `CAST(COUNT(CASE WHEN ${where} THEN 1 END) AS ${d.int})`;
  return withCtes(
    [
      dealStage(d),
      funnel(d),
      dealReach(d),
      {
        name: 'counted',
        select: [
          `SELECT (SELECT CAST(COUNT(DISTINCT h.deal_id) AS ${d.int}) FROM ${d.table('stage_history')} AS h) AS from_history,`,
          `  ${count('reach_idx >= 0')} AS without_history,`,
          `  ${count("reach_idx >= 0 AND lost_at = 'known'")} AS lost_at_known,`,
          `  ${count("reach_idx >= 0 AND lost_at = 'first'")} AS lost_at_first_only`,
          'FROM deal_reach',
        ].join('\n'),
      },
    ],
    [
      "SELECT CASE WHEN from_history + without_history = 0 THEN 'none' " +
        "WHEN without_history = 0 THEN 'history' WHEN from_history = 0 THEN 'deals' ELSE 'mixed' END AS source,",
      '  from_history, without_history, lost_at_known, lost_at_first_only, lost_at_first_only > 0 AS at_least',
      'FROM counted',
    ].join('\n'),
  );
}

export function conversionViews(d: Dialect): Record<ConversionView, string> {
  return { conversion_any: funnelCounts(d, [reachAny()]), conversion_strict: funnelCounts(d, reachStrict()), conversion_basis: basis(d) };
}
