/**
 * Calibration as SQL (the core's calibration.ts): for each funnel stage, the closed
 * deals (now in a won or lost stage) whose path entered it or that are in it now,
 * how many of them were won, the observed share with its Wilson 95% interval, and a
 * suggested probability where at least 30 closed deals reached an open stage and
 * its configured probability lies outside the interval. A second view scores the
 * configured probabilities: the reliability bins; a third holds the Brier score and
 * the calibration's FunnelBasis. A closed deal with History reached the stages its
 * recorded path entered and the one it is in; one without History is placed by the
 * funnel's rule (deal_reach in common.ts), counted over closed Deals rows only.
 * Float literals are cast to the dialect's double, so that DuckDB does not compute
 * them as exact decimals where the core uses doubles.
 */
import { MIN_DEALS_FOR_SUGGESTION, WILSON_Z } from '../core/index';
import { dealReach, dealStage, funnel, visits, withCtes, type Cte } from './common';
import type { Dialect } from './dialect';

export type CalibrationView = 'calibration_counts' | 'calibration' | 'calibration_reliability' | 'calibration_summary';

/** The counts by funnel stage: the view calibration_counts, read by the three calibration views. */
export function calibrationCountsSelect(d: Dialect): string {
  const ctes: Cte[] = [
    dealStage(d),
    ...visits(d),
    funnel(d),
    {
      name: 'closed',
      select:
        "SELECT seq, deal_id, stage, CASE WHEN stage_outcome = 'won' THEN 1 ELSE 0 END AS is_won " +
        "FROM deal_stage WHERE stage_outcome IN ('won', 'lost')",
    },
    {
      name: 'recorded_ids',
      select: `SELECT DISTINCT deal_id FROM ${d.table('stage_history')}`,
    },
    dealReach(d),
    {
      // Each closed Deals row once per funnel stage it reached: with History, along its recorded path or where it is
      // now; without, every funnel stage up to its reach.
      name: 'reached_pairs',
      select: [
        'SELECT DISTINCT seq, idx, is_won FROM (',
        '  SELECT c.seq, f.idx, c.is_won FROM closed AS c ' +
          'JOIN visits AS v ON v.deal_id = c.deal_id AND v.from_history = 1 JOIN funnel AS f ON f.name = v.stage',
        '  UNION ALL',
        '  SELECT c.seq, f.idx, c.is_won FROM closed AS c ' +
          'JOIN recorded_ids AS r ON r.deal_id = c.deal_id JOIN funnel AS f ON f.name = c.stage',
        '  UNION ALL',
        '  SELECT c.seq, f.idx, c.is_won FROM closed AS c ' +
          'JOIN deal_reach AS dr ON dr.seq = c.seq JOIN funnel AS f ON f.idx <= dr.reach_idx',
        ') AS pairs',
      ].join('\n'),
    },
    {
      name: 'stage_counts',
      select: [
        `SELECT f.name AS stage, f.idx, f.outcome, f.probability AS configured,`,
        `  CAST(COUNT(r.seq) AS ${d.int}) AS reached, CAST(COALESCE(SUM(r.is_won), 0) AS ${d.int}) AS won`,
        'FROM funnel AS f',
        'LEFT JOIN reached_pairs AS r ON r.idx = f.idx',
        'GROUP BY f.name, f.idx, f.outcome, f.probability',
      ].join('\n'),
    },
  ];
  return withCtes(ctes.slice(0, -1), ctes[ctes.length - 1].select);
}

function stageCounts(d: Dialect): Cte[] {
  return [
    { name: 'stage_counts', select: `SELECT * FROM ${d.table('calibration_counts')}` },
    dealStage(d),
    { name: 'closed', select: "SELECT seq, deal_id FROM deal_stage WHERE stage_outcome IN ('won', 'lost')" },
  ];
}

/**
 * The calibration's FunnelBasis over closed Deals rows: from_history have History,
 * the rest count by the funnel's rule; of those, the lost ones placed by their "Lost at
 * stage" and those at the first stage only (at_least). Unlike the funnel's basis, a
 * closed deal counts here even when it reaches no stage, as calibration.ts counts it.
 */
function basisCtes(d: Dialect): Cte[] {
  const count = (where: string) => `CAST(COUNT(CASE WHEN ${where} THEN 1 END) AS ${d.int})`;
  return [
    funnel(d),
    dealReach(d),
    {
      name: 'basis',
      select: [
        'SELECT closed_deals, from_history, closed_deals - from_history AS without_history, lost_at_known, lost_at_first_only,',
        "  CASE WHEN closed_deals = 0 THEN 'none' " +
          "WHEN closed_deals - from_history = 0 THEN 'history' WHEN from_history = 0 THEN 'deals' ELSE 'mixed' END AS source,",
        '  lost_at_first_only > 0 AS at_least',
        'FROM (',
        `  SELECT CAST(COUNT(*) AS ${d.int}) AS closed_deals,`,
        `    ${count(`c.deal_id IN (SELECT h.deal_id FROM ${d.table('stage_history')} AS h)`)} AS from_history,`,
        `    ${count("dr.lost_at = 'known'")} AS lost_at_known,`,
        `    ${count("dr.lost_at = 'first'")} AS lost_at_first_only`,
        '  FROM closed AS c',
        '  LEFT JOIN deal_reach AS dr ON dr.seq = c.seq',
        ') AS counted',
      ].join('\n'),
    },
  ];
}

export function calibrationViews(d: Dialect, options: { bins?: number } = {}): Record<CalibrationView, string> {
  const float = (value: number) => `CAST(${value} AS ${d.float})`;
  const n = `CAST(reached AS ${d.float})`;
  const wins = `CAST(won AS ${d.float})`;
  const z = float(WILSON_Z);
  const bins = Math.max(1, Math.floor(options.bins ?? 10));
  return {
    calibration_counts: calibrationCountsSelect(d),
    calibration: withCtes(
      [
        ...stageCounts(d),
        {
          // wilsonInterval, operation for operation.
          name: 'wilson',
          select: [
            'SELECT *,',
            `  (p + z2 / (2 * ${n})) / denominator AS centre,`,
            `  (${z} / denominator) * SQRT((p * (1 - p)) / ${n} + z2 / (4 * ${n} * ${n})) AS half`,
            'FROM (',
            `  SELECT *, 1 + z2 / ${n} AS denominator FROM (`,
            `    SELECT *, ${wins} / ${n} AS p, ${z} * ${z} AS z2 FROM stage_counts WHERE reached > 0`,
            '  ) AS shares',
            ') AS parts',
          ].join('\n'),
        },
        {
          name: 'intervals',
          select: [
            'SELECT stage, p AS observed,',
            '  CASE WHEN won <= 0 THEN 0 ELSE GREATEST(0, centre - half) END AS low,',
            '  CASE WHEN won >= reached THEN 1 ELSE LEAST(1, centre + half) END AS high',
            'FROM wilson',
          ].join('\n'),
        },
      ],
      [
        'SELECT c.stage, c.idx + 1 AS sort_order, c.outcome, c.configured, c.reached, c.won, i.observed, i.low, i.high,',
        `  CASE WHEN c.outcome = 'open' AND c.reached >= ${MIN_DEALS_FOR_SUGGESTION}`,
        `    AND (c.configured < i.low - ${float(1e-9)} OR c.configured > i.high + ${float(1e-9)})`,
        '    THEN ROUND(i.observed * 100) / 100 END AS suggested',
        'FROM stage_counts AS c',
        'LEFT JOIN intervals AS i ON i.stage = c.stage',
      ].join('\n'),
    ),
    calibration_reliability: withCtes(
      [
        ...stageCounts(d),
        {
          name: 'scored',
          select: [
            `SELECT LEAST(${bins - 1}, CAST(FLOOR(configured * ${bins} + ${float(1e-9)}) AS ${d.int})) AS bin, configured, reached, won`,
            "FROM stage_counts WHERE outcome = 'open' AND reached > 0",
          ].join('\n'),
        },
      ],
      [
        `SELECT bin + 1 AS sort_order, bin / ${float(bins)} AS range_from, (bin + 1) / ${float(bins)} AS range_to,`,
        `  CAST(SUM(reached) AS ${d.int}) AS forecasts, SUM(configured * reached) / SUM(reached) AS mean_configured,`,
        `  CAST(SUM(won) AS ${d.int}) AS won, SUM(won) / CAST(SUM(reached) AS ${d.float}) AS observed`,
        'FROM scored',
        'GROUP BY bin',
      ].join('\n'),
    ),
    calibration_summary: withCtes(
      [
        ...stageCounts(d),
        ...basisCtes(d),
        {
          name: 'scored',
          select: [
            `SELECT SUM(won * ((1 - configured) * (1 - configured)) + (reached - won) * configured * configured) AS squared_error,`,
            `  SUM(reached) AS forecasts`,
            "FROM stage_counts WHERE outcome = 'open' AND reached > 0",
          ].join('\n'),
        },
      ],
      [
        'SELECT CASE WHEN forecasts > 0 THEN squared_error / forecasts END AS brier, ' +
          `CAST(COALESCE(forecasts, 0) AS ${d.int}) AS forecasts,`,
        '  b.closed_deals, b.source, b.from_history, b.without_history, b.lost_at_known, b.lost_at_first_only, b.at_least',
        'FROM scored',
        'CROSS JOIN basis AS b',
      ].join('\n'),
    ),
  };
}
