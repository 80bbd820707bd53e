/**
 * The weighted forecast as SQL (the core's forecast.ts, open deals only, as the
 * report shows it): amount × probability, where the deal's own probability beats
 * its stage's; lost and won deals and deals in no known stage are not counted; a
 * blank amount counts as 0. One view per grouping: stage (every open stage, even
 * empty, in Stages order), close month and quarter (by Expected close, "(no date)"
 * last), owner ("(no owner)" last) and forecast category (in the core's order, only
 * categories that have deals). Amounts in different currencies are never added:
 * every view is grouped by `currency` too (CURRENCY_KEY), and gives for each currency
 * what the core's forecast gives for that currency's deals (splitByCurrency); the
 * stage view lists every open stage for every currency the deals use. Each row
 * carries `sort_order`, the core's row order within its currency.
 */
import { FORECAST_CATEGORIES } from '../core/index';
import { currencies, CURRENCY_KEY, dealStage, NO_DATE_SQL, NO_OWNER_SQL, withCtes, type Cte } from './common';
import type { Dialect } from './dialect';

export type ForecastView = 'forecast_by_stage' | 'forecast_by_month' | 'forecast_by_quarter' | 'forecast_by_owner' | 'forecast_by_category';

function counted(): Cte {
  return {
    name: 'counted',
    select: [
      `SELECT ${CURRENCY_KEY} AS currency, stage, owner, expected_close,`,
      '  COALESCE(forecast_category, stage_category) AS category,',
      '  COALESCE(amount, 0) AS amount, COALESCE(amount, 0) * COALESCE(probability, stage_probability) AS weighted',
      'FROM deal_stage',
      "WHERE stage_outcome = 'open'",
    ].join('\n'),
  };
}

/** "2026-Q4" with quarters counted from the fiscal year's first month, as dates.ts quarterKey does. */
export function quarterKeySql(d: Dialect, date: string, fiscalYearStartMonth = 1): string {
  const start = fiscalYearStartMonth - 1;
  const month0 = `(EXTRACT(MONTH FROM ${date}) - 1)`;
  const shifted = `MOD(${month0} - ${start} + 12, 12)`;
  const year =
    fiscalYearStartMonth === 1
      ? `EXTRACT(YEAR FROM ${date})`
      : `(EXTRACT(YEAR FROM ${date}) + CASE WHEN ${month0} < ${start} THEN 0 ELSE 1 END)`;
  return `CONCAT(CAST(${year} AS ${d.string}), '-Q', CAST(${d.floorDiv(shifted, '3')} + 1 AS ${d.string}))`;
}

function groupedBy(d: Dialect, key: string, sortKey: string): string {
  return withCtes(
    [dealStage(d), counted()],
    [
      `SELECT currency, key, ROW_NUMBER() OVER (PARTITION BY currency ORDER BY ${sortKey}) AS sort_order, deals, amount, weighted FROM (`,
      `  SELECT currency, ${key} AS key, COUNT(*) AS deals, SUM(amount) AS amount, SUM(weighted) AS weighted`,
      '  FROM counted',
      '  GROUP BY 1, 2',
      ') AS grouped',
    ].join('\n'),
  );
}

export function forecastViews(d: Dialect, options: { fiscalYearStartMonth?: number } = {}): Record<ForecastView, string> {
  const lastKey = (literal: string) => `CASE WHEN key = ${literal} THEN 1 ELSE 0 END, key`;
  const categoryRank = `CASE key ${FORECAST_CATEGORIES.map((c, i) => `WHEN '${c}' THEN ${i}`).join(' ')} END`;
  return {
    forecast_by_stage: withCtes(
      [dealStage(d), counted(), currencies(d)],
      [
        'SELECT cur.currency, s.name AS key, ' +
          'ROW_NUMBER() OVER (PARTITION BY cur.currency ORDER BY s.position) AS sort_order, COUNT(c.stage) AS deals,',
        '  COALESCE(SUM(c.amount), 0) AS amount, COALESCE(SUM(c.weighted), 0) AS weighted',
        `FROM ${d.table('stages')} AS s`,
        'CROSS JOIN currencies AS cur',
        'LEFT JOIN counted AS c ON c.stage = s.name AND c.currency = cur.currency',
        "WHERE s.outcome = 'open'",
        'GROUP BY cur.currency, s.name, s.position',
      ].join('\n'),
    ),
    forecast_by_month: groupedBy(
      d,
      `CASE WHEN expected_close IS NULL THEN ${NO_DATE_SQL} ELSE ${d.monthKey('expected_close')} END`,
      lastKey(NO_DATE_SQL),
    ),
    forecast_by_quarter: groupedBy(
      d,
      `CASE WHEN expected_close IS NULL THEN ${NO_DATE_SQL} ELSE ${quarterKeySql(d, 'expected_close', options.fiscalYearStartMonth)} END`,
      lastKey(NO_DATE_SQL),
    ),
    forecast_by_owner: groupedBy(d, `COALESCE(owner, ${NO_OWNER_SQL})`, lastKey(NO_OWNER_SQL)),
    forecast_by_category: groupedBy(d, 'category', categoryRank),
  };
}
