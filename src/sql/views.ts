/**
 * Every view, in the order a script must create them (deal_visits and
 * calibration_counts are read by other views), and the whole script for one
 * dialect: what `pipeline-sheets sql` prints and what `report --engine duckdb` runs.
 * Every view that adds amounts has a `currency` column and adds only within it.
 */
import { calibrationViews } from './calibration';
import { dealVisitsSelect } from './common';
import { conversionViews } from './conversion';
import { dialectFor, type Dialect, type DialectName } from './dialect';
import { forecastViews } from './forecast';
import { outcomeViews } from './outcomes';
import { staleDealsSelect } from './stale';
import { timeInStageView } from './time-in-stage';
import { wonViews } from './won';

export interface ViewSql {
  readonly name: string;
  /** 'view' reads only the tables; 'day' also takes the report's day (as_of). */
  readonly kind: 'view' | 'day';
  /** The body: one SELECT (its day parameter, for 'day', is the bare name as_of). */
  readonly select: string;
  /** The statement that creates it. */
  readonly create: string;
}

export interface ViewOptions {
  readonly fiscalYearStartMonth?: number;
  readonly bins?: number;
}

export function viewsFor(d: Dialect, options: ViewOptions = {}): ViewSql[] {
  const selects: [string, string][] = [
    ['deal_visits', dealVisitsSelect(d)],
    ...Object.entries(forecastViews(d, options)),
    ...Object.entries(conversionViews(d)),
    ...Object.entries(outcomeViews(d)),
    ...Object.entries(wonViews(d, options)),
    ['time_in_stage', timeInStageView(d)],
    ...Object.entries(calibrationViews(d, options)),
  ];
  const views: ViewSql[] = selects.map(([name, select]) => ({ name, kind: 'view', select, create: d.createView(name, select) }));
  const stale = staleDealsSelect(d);
  views.push({ name: 'stale_deals', kind: 'day', select: stale, create: d.createDayFunction('stale_deals', stale) });
  return views;
}

/** The script `pipeline-sheets sql` writes. */
export function viewScript(dialect: DialectName, dataset?: string, options: ViewOptions = {}): string {
  const d = dialectFor(dialect, dataset);
  const head = [
    `-- Pipeline Sheets views (${dialect === 'bigquery' ? 'BigQuery GoogleSQL' : 'DuckDB'}), ` +
      'over the tables deals, stage_history and stages',
    '-- written by `pipeline-sheets export FILE --tables DIR`. Each view gives the same figures as `pipeline-sheets report`.',
    `-- stale_deals takes the report's day: SELECT * FROM ${d.table('stale_deals')}(DATE '2026-11-23') ORDER BY sort_order;`,
    '-- Views that add amounts have a currency column and add only within it: read them per currency, never summed across.',
    `-- Quarters (forecast_by_quarter, outcomes_by_quarter) start the year in month ${options.fiscalYearStartMonth ?? 1}.`,
  ];
  const create = d.createDataset();
  return [...head, ...(create ? [create] : []), '', ...viewsFor(d, options).map((v) => `-- ${v.name}\n${v.create}\n`)].join('\n');
}
