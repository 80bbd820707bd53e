/**
 * Time in stage as SQL (the core's time-in-stage.ts, completed stays, as the report
 * shows it): a stay runs from entering a stage until the next move into another
 * stage, in fractional days; repeated moves into the stage a deal is already in
 * extend one stay. One row per open stage in Stages order: visits, mean and median days.
 */
import { medianCtes, visits, withCtes } from './common';
import type { Dialect } from './dialect';

export function timeInStageView(d: Dialect): string {
  return withCtes(
    [
      ...visits(d),
      {
        name: 'run_starts',
        select: [
          'SELECT deal_id, stage, at_ms, pos FROM (',
          '  SELECT deal_id, stage, at_ms, pos, LAG(stage) OVER (PARTITION BY deal_id ORDER BY pos) AS previous_stage FROM visits',
          ') AS marked',
          'WHERE previous_stage IS NULL OR previous_stage <> stage',
        ].join('\n'),
      },
      {
        name: 'stays',
        select: [
          'SELECT stage, (next_ms - at_ms) / 86400000 AS days FROM (',
          '  SELECT stage, at_ms, LEAD(at_ms) OVER (PARTITION BY deal_id ORDER BY pos) AS next_ms FROM run_starts',
          ') AS runs',
          'WHERE next_ms IS NOT NULL',
        ].join('\n'),
      },
      ...medianCtes('stay_median', 'stays', 'days', 'stage'),
      {
        name: 'stay_totals',
        select: `SELECT stage, CAST(COUNT(*) AS ${d.int}) AS visits, AVG(days) AS mean_days FROM stays GROUP BY stage`,
      },
    ],
    [
      'SELECT s.name AS stage, ROW_NUMBER() OVER (ORDER BY s.position) AS sort_order,',
      `  COALESCE(t.visits, 0) AS visits, t.mean_days, m.median AS median_days`,
      `FROM ${d.table('stages')} AS s`,
      'LEFT JOIN stay_totals AS t ON t.stage = s.name',
      'LEFT JOIN stay_median AS m ON m.stage = s.name',
      "WHERE s.outcome = 'open'",
    ].join('\n'),
  );
}
