/**
 * The BigQuery text is valid GoogleSQL as far as a BigQuery-dialect parser can tell
 * (node-sql-parser, database 'bigquery'): every CREATE VIEW statement parses, and so
 * does the body of the stale_deals table function (the parser does not know CREATE
 * TABLE FUNCTION, so its one-line wrapper is checked by shape). The same views run
 * in DuckDB in fixtures.test.ts; this guards the BigQuery side, which no test can run.
 */
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { bigQuery } from '../../src/sql/dialect';
import { viewScript, viewsFor } from '../../src/sql/views';

const parser = new Parser();
const parse = (sql: string) => parser.astify(sql, { database: 'bigquery' });

describe('the BigQuery views', () => {
  const views = viewsFor(bigQuery('sales'));

  it('are every view the report needs', () => {
    expect(views.map((v) => v.name)).toEqual([
      'deal_visits',
      'forecast_by_stage',
      'forecast_by_month',
      'forecast_by_quarter',
      'forecast_by_owner',
      'forecast_by_category',
      'conversion_any',
      'conversion_strict',
      'conversion_basis',
      'win_rate',
      'sales_cycle',
      'velocity',
      'currency_deals',
      'outcomes_by_month',
      'outcomes_by_quarter',
      'owner_performance',
      'total_won',
      'time_in_stage',
      'calibration_counts',
      'calibration',
      'calibration_reliability',
      'calibration_summary',
      'stale_deals',
    ]);
  });

  it.each(views.filter((v) => v.kind === 'view').map((v) => v.name))('%s parses as a BigQuery CREATE VIEW', (name) => {
    const view = views.find((v) => v.name === name)!;
    expect(() => parse(view.create)).not.toThrow();
    expect(view.create).toMatch(new RegExp(`^CREATE OR REPLACE VIEW \`sales\\.${name}\` AS\\n`));
  });

  it('stale_deals is a table function of the day whose body parses', () => {
    const stale = views.find((v) => v.name === 'stale_deals')!;
    expect(stale.create.startsWith('CREATE OR REPLACE TABLE FUNCTION `sales.stale_deals`(as_of DATE) AS (\n')).toBe(true);
    expect(stale.create.endsWith('\n);')).toBe(true);
    expect(() => parse(stale.select)).not.toThrow();
    expect(stale.select).toContain('UNIX_DATE(as_of)');
  });

  it('qualifies every table by the dataset', () => {
    const script = viewScript('bigquery', 'sales');
    expect(script).not.toMatch(/FROM (deals|stages|stage_history)\b/);
    expect(script).toContain('FROM `sales.deals`');
  });

  it('the parser does refuse broken SQL (so the checks above can fail)', () => {
    const broken = views.find((v) => v.name === 'forecast_by_month')!.create.replace('GROUP BY', 'GROUP');
    expect(() => parse(broken)).toThrow();
    expect(() => parse('SELECT a FROM `sales.deals` WHERE')).toThrow();
  });

  it('refuses a dataset name BigQuery would refuse', () => {
    expect(() => viewScript('bigquery', 'my-sales')).toThrow(/letters, digits and _/);
  });
});
