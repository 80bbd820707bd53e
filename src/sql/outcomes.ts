/**
 * How deals end, as SQL (the core's outcomes.ts): win rate over deals now in won
 * and lost stages; the sales cycle, whole UTC days from Created (or else the first
 * History move) to the first move into a won stage (or else Closed on), over deals
 * now won, leaving out any with no start, no end or an end before the start; and
 * velocity, open deals × average won amount × win rate ÷ mean cycle days. Velocity
 * holds an amount, so it is one row per currency (the core's velocity over that
 * currency's deals: their own win rate and cycle); win rate and cycle count every deal.
 */
import { CURRENCY_KEY, currencyOrder, dealStage, medianCtes, withCtes, type Cte } from './common';
import type { Dialect } from './dialect';

export type OutcomeView = 'win_rate' | 'sales_cycle' | 'velocity';

/**
 * cycle_days: each won Deals row whose cycle is known (wonCycleDays), with its
 * currency and owner for the views that group by them. Needs the cte deal_stage.
 */
export function cycleDaysCtes(d: Dialect): Cte[] {
  return [
    {
      // Only a recorded path counts: a deal with no History starts on Created and ends on Closed on.
      name: 'recorded',
      select: [
        'SELECT h.deal_id, MIN(h.moved_at) AS first_move,',
        "  MIN(CASE WHEN s.outcome = 'won' THEN h.moved_at END) AS won_move",
        `FROM ${d.table('stage_history')} AS h`,
        `LEFT JOIN ${d.table('stages')} AS s ON s.name = h.to_stage`,
        'GROUP BY h.deal_id',
      ].join('\n'),
    },
    {
      name: 'cycle_days',
      select: [
        'SELECT currency, owner, days FROM (',
        `  SELECT ${CURRENCY_KEY} AS currency, ds.owner, COALESCE(${d.dayOfTimestamp('r.won_move')}, ${d.dayOfDate('ds.closed_on')})`,
        `    - COALESCE(${d.dayOfDate('ds.created')}, ${d.dayOfTimestamp('r.first_move')}) AS days`,
        '  FROM deal_stage AS ds',
        '  LEFT JOIN recorded AS r ON r.deal_id = ds.deal_id',
        "  WHERE ds.stage_outcome = 'won'",
        ') AS lengths',
        'WHERE days >= 0',
      ].join('\n'),
    },
  ];
}

export function outcomeViews(d: Dialect): Record<OutcomeView, string> {
  const count = (condition: string) => `CAST(COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0) AS ${d.int})`;
  return {
    win_rate: withCtes(
      [dealStage(d)],
      [
        'SELECT won, lost, CASE WHEN won + lost > 0 THEN won / (won + lost) END AS rate FROM (',
        `  SELECT ${count("stage_outcome = 'won'")} AS won, ${count("stage_outcome = 'lost'")} AS lost FROM deal_stage`,
        ') AS closed',
      ].join('\n'),
    ),
    sales_cycle: withCtes(
      [dealStage(d), ...cycleDaysCtes(d), ...medianCtes('cycle_median', 'cycle_days', 'days')],
      [
        'SELECT',
        `  (SELECT CAST(COUNT(*) AS ${d.int}) FROM cycle_days) AS won_deals,`,
        `  (SELECT AVG(CAST(days AS ${d.float})) FROM cycle_days) AS mean_days,`,
        '  (SELECT median FROM cycle_median) AS median_days',
      ].join('\n'),
    ),
    velocity: withCtes(
      [
        dealStage(d),
        ...cycleDaysCtes(d),
        { name: 'cycle_mean', select: `SELECT currency, AVG(CAST(days AS ${d.float})) AS mean_days FROM cycle_days GROUP BY currency` },
        {
          name: 'pipeline',
          select: [
            `SELECT ${CURRENCY_KEY} AS currency, ${count("stage_outcome = 'open'")} AS open_deals,`,
            `  ${count("stage_outcome = 'won'")} AS won, ${count("stage_outcome = 'lost'")} AS lost,`,
            "  AVG(CASE WHEN stage_outcome = 'won' THEN amount END) AS average_won_amount",
            'FROM deal_stage',
            'GROUP BY 1',
          ].join('\n'),
        },
        {
          name: 'parts',
          select: [
            'SELECT p.currency, p.open_deals, p.average_won_amount, ' +
              'CASE WHEN p.won + p.lost > 0 THEN p.won / (p.won + p.lost) END AS win_rate,',
            '  c.mean_days AS average_cycle_days',
            'FROM pipeline AS p',
            'LEFT JOIN cycle_mean AS c ON c.currency = p.currency',
          ].join('\n'),
        },
      ],
      [
        `SELECT currency, ROW_NUMBER() OVER (ORDER BY ${currencyOrder('currency')}) AS sort_order,`,
        '  open_deals, average_won_amount, win_rate, average_cycle_days,',
        '  CASE WHEN average_won_amount IS NOT NULL AND win_rate IS NOT NULL ' +
          'AND average_cycle_days IS NOT NULL AND average_cycle_days <> 0',
        '    THEN open_deals * average_won_amount * win_rate / average_cycle_days END AS per_day',
        'FROM parts',
      ].join('\n'),
    ),
  };
}
