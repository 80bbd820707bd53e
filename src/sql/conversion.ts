/**
 * Stage-to-stage conversion as SQL (the core's conversion.ts). Every path counts:
 * each deal ID with History or a dated Deals row, plus each Deals row with a stage
 * but neither (it entered only its current stage). "any" counts a path in every
 * funnel stage up to the furthest it entered; "strict" counts it up to the end of
 * the unbroken run 0, 1, …, k of first entries into funnel stages, in time order.
 * Each view gives, per funnel stage: deals, next_rate (next ÷ this) and
 * cumulative_rate (this ÷ first), NULL where the core gives null.
 */
import { funnel, visits, withCtes, type Cte } from './common';
import type { Dialect } from './dialect';

export type ConversionView = 'conversion_any' | 'conversion_strict';

/** Funnel visits of each path (a deal ID), plus the one-visit paths of undated Deals rows (keyed by seq, marked undated). */
function pathVisits(d: Dialect): Cte {
  return {
    name: 'path_visits',
    select: [
      "SELECT 0 AS undated, v.deal_id AS path, f.idx, v.pos FROM visits AS v JOIN funnel AS f ON f.name = v.stage",
      'UNION ALL',
      `SELECT 1 AS undated, CAST(dl.seq AS ${d.string}) AS path, f.idx, 1 AS pos`,
      `FROM ${d.table('deals')} AS dl JOIN funnel AS f ON f.name = dl.stage`,
      'WHERE dl.deal_id NOT IN (SELECT v2.deal_id FROM visits AS v2)',
    ].join('\n'),
  };
}

/** reach: the last funnel index each path counts up to (paths that reach none are absent). */
function reachAny(): Cte {
  return { name: 'reach', select: 'SELECT undated, path, MAX(idx) AS last_idx FROM path_visits GROUP BY undated, path' };
}

function reachStrict(): Cte[] {
  return [
    { name: 'first_entries', select: 'SELECT undated, path, idx, MIN(pos) AS first_pos FROM path_visits GROUP BY undated, path, idx' },
    {
      name: 'ranked',
      select: 'SELECT undated, path, idx, ROW_NUMBER() OVER (PARTITION BY undated, path ORDER BY first_pos) - 1 AS rank_in_path FROM first_entries',
    },
    {
      // The run breaks at the first entry out of turn; without a break it covers every entry.
      name: 'reach',
      select: [
        'SELECT undated, path, last_idx FROM (',
        '  SELECT undated, path, COALESCE(MIN(CASE WHEN idx <> rank_in_path THEN rank_in_path END), COUNT(*)) - 1 AS last_idx',
        '  FROM ranked GROUP BY undated, path',
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
      funnel(d),
      pathVisits(d),
      ...reach,
      { name: 'reached', select: 'SELECT last_idx, COUNT(*) AS paths FROM reach GROUP BY last_idx' },
      {
        // counts[k] = paths whose last stage is k or later: a running sum from the funnel's end.
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

export function conversionViews(d: Dialect): Record<ConversionView, string> {
  return { conversion_any: funnelCounts(d, [reachAny()]), conversion_strict: funnelCounts(d, reachStrict()) };
}
