/**
 * What managers ask first, as SQL (the core's won-metrics.ts), one set of rows per
 * currency since each holds amounts (CURRENCY_KEY; the core is handed one currency's
 * deals, splitByCurrency): won and lost deals, the win rate and the won revenue by the
 * month and the (fiscal) quarter of Closed on ("(no date)" last); each owner's results
 * (won revenue, average won amount, mean and median cycle, open deals and their
 * weighted amount; owners in code-unit order, "(no owner)" last); and the total won.
 * currency_deals lists the currencies in the core's order (dealCurrencies) with their
 * deal counts, which is what a report needs to split itself by currency.
 */
import { NO_DATE_SQL, NO_OWNER_SQL, currencyOrder, CURRENCY_KEY, dealStage, medianCtes, withCtes } from './common';
import type { Dialect } from './dialect';
import { quarterKeySql } from './forecast';
import { cycleDaysCtes } from './outcomes';

export type WonView = 'currency_deals' | 'outcomes_by_month' | 'outcomes_by_quarter' | 'owner_performance' | 'total_won';

export function wonViews(d: Dialect, options: { fiscalYearStartMonth?: number } = {}): Record<WonView, string> {
  const count = (condition: string) => `CAST(COALESCE(SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0) AS ${d.int})`;
  const wonSum = (value: string) => `COALESCE(SUM(CASE WHEN stage_outcome = 'won' THEN ${value} ELSE 0 END), 0)`;
  const byPeriod = (key: string) =>
    withCtes(
      [
        dealStage(d),
        {
          name: 'grouped',
          select: [
            `SELECT ${CURRENCY_KEY} AS currency, CASE WHEN closed_on IS NULL THEN ${NO_DATE_SQL} ELSE ${key} END AS key,`,
            `  ${count("stage_outcome = 'won'")} AS won, ${count("stage_outcome = 'lost'")} AS lost, ` +
              `${wonSum('COALESCE(amount, 0)')} AS won_amount`,
            'FROM deal_stage',
            "WHERE stage_outcome IN ('won', 'lost')",
            'GROUP BY 1, 2',
          ].join('\n'),
        },
      ],
      [
        'SELECT currency, key, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ' +
          `CASE WHEN key = ${NO_DATE_SQL} THEN 1 ELSE 0 END, key) AS sort_order,`,
        '  won, lost, CASE WHEN won + lost > 0 THEN won / (won + lost) END AS win_rate, won_amount',
        'FROM grouped',
      ].join('\n'),
    );
  return {
    currency_deals: withCtes(
      [
        {
          name: 'counted',
          select: `SELECT ${CURRENCY_KEY} AS currency, CAST(COUNT(*) AS ${d.int}) AS deals FROM ${d.table('deals')} GROUP BY 1`,
        },
      ],
      `SELECT currency, ROW_NUMBER() OVER (ORDER BY ${currencyOrder('currency')}) AS sort_order, deals FROM counted`,
    ),
    outcomes_by_month: byPeriod(d.monthKey('closed_on')),
    outcomes_by_quarter: byPeriod(quarterKeySql(d, 'closed_on', options.fiscalYearStartMonth)),
    owner_performance: withCtes(
      [
        dealStage(d),
        ...cycleDaysCtes(d),
        { name: 'owner_cycles', select: `SELECT currency, COALESCE(owner, ${NO_OWNER_SQL}) AS owner, days FROM cycle_days` },
        ...medianCtes('cycle_median', 'owner_cycles', 'days', 'currency, owner'),
        {
          name: 'cycle_mean',
          select: `SELECT currency, owner, AVG(CAST(days AS ${d.float})) AS mean_days FROM owner_cycles GROUP BY currency, owner`,
        },
        {
          name: 'owned',
          select: [
            `SELECT ${CURRENCY_KEY} AS currency, COALESCE(owner, ${NO_OWNER_SQL}) AS owner,`,
            `  ${count("stage_outcome = 'won'")} AS won, ${count("stage_outcome = 'lost'")} AS lost,`,
            `  ${wonSum('COALESCE(amount, 0)')} AS won_amount,`,
            "  AVG(CASE WHEN stage_outcome = 'won' THEN amount END) AS average_won_amount,",
            `  ${count("stage_outcome = 'open'")} AS open_deals,`,
            "  COALESCE(SUM(CASE WHEN stage_outcome = 'open' THEN COALESCE(amount, 0) * " +
              'COALESCE(probability, stage_probability) ELSE 0 END), 0) AS open_weighted',
            'FROM deal_stage',
            'WHERE stage_outcome IS NOT NULL',
            'GROUP BY 1, 2',
          ].join('\n'),
        },
      ],
      [
        'SELECT o.currency, o.owner, ROW_NUMBER() OVER (PARTITION BY o.currency ORDER BY ' +
          `CASE WHEN o.owner = ${NO_OWNER_SQL} THEN 1 ELSE 0 END, o.owner) AS sort_order,`,
        '  o.won, o.lost, CASE WHEN o.won + o.lost > 0 THEN o.won / (o.won + o.lost) END AS win_rate, o.won_amount, o.average_won_amount,',
        '  c.mean_days AS mean_cycle_days, m.median AS median_cycle_days, o.open_deals, o.open_weighted',
        'FROM owned AS o',
        'LEFT JOIN cycle_mean AS c ON c.currency = o.currency AND c.owner = o.owner',
        'LEFT JOIN cycle_median AS m ON m.currency = o.currency AND m.owner = o.owner',
      ].join('\n'),
    ),
    total_won: withCtes(
      [dealStage(d)],
      [
        `SELECT currency, ROW_NUMBER() OVER (ORDER BY ${currencyOrder('currency')}) AS sort_order, deals, amount, without_amount FROM (`,
        `  SELECT ${CURRENCY_KEY} AS currency, ${count("stage_outcome = 'won'")} AS deals,`,
        `    ${wonSum('COALESCE(amount, 0)')} AS amount, ${count("stage_outcome = 'won' AND amount IS NULL")} AS without_amount`,
        '  FROM deal_stage',
        '  GROUP BY 1',
        ') AS totals',
      ].join('\n'),
    ),
  };
}
