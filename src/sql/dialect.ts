/**
 * The few places where BigQuery's GoogleSQL and DuckDB's SQL differ, so that every
 * view is written once. Everything else in src/sql is plain SQL both accept: CTEs,
 * window functions, CASE, COALESCE, CONCAT, FLOOR, SQRT, ROUND.
 *
 * Dates: every table holds date-only values as DATE and History instants as a
 * TIMESTAMP in UTC (see tables.ts). The views compare whole days by day number (days
 * since 1970-01-01, as the core's daysBetween floors each instant to its UTC day)
 * and measure fractional days by epoch milliseconds, as the core's elapsedDays does.
 */

export type DialectName = 'bigquery' | 'duckdb';

export interface Dialect {
  readonly name: DialectName;
  /** A table or view name, qualified by the dataset (BigQuery) or schema (DuckDB) when one is given. */
  table(name: string): string;
  readonly int: string;
  readonly float: string;
  readonly string: string;
  /** Days since 1970-01-01 of a DATE. */
  dayOfDate(expr: string): string;
  /** Days since 1970-01-01 of the UTC day a TIMESTAMP falls on. */
  dayOfTimestamp(expr: string): string;
  /** Epoch milliseconds of a TIMESTAMP. */
  msOfTimestamp(expr: string): string;
  /** Epoch milliseconds of UTC midnight of a DATE. */
  msOfDate(expr: string): string;
  /** The TIMESTAMP of epoch milliseconds. */
  timestampOfMs(expr: string): string;
  /** "2026-11" for a DATE. */
  monthKey(expr: string): string;
  /** floor(a ÷ b) for whole numbers, as a whole number. */
  floorDiv(a: string, b: string): string;
  /** `CREATE OR REPLACE VIEW` statement. */
  createView(name: string, select: string): string;
  /**
   * A view that takes the report's day: a table function in BigQuery
   * (`SELECT * FROM ds.stale_deals(DATE '2026-11-23')`), a table macro in DuckDB
   * (`SELECT * FROM stale_deals(DATE '2026-11-23')`). Inside `select` the day is `as_of`.
   */
  createDayFunction(name: string, select: string): string;
  /** How the body of a day function names its parameter. */
  readonly asOf: string;
  /** Schema/dataset creation, or '' when there is nothing to create. */
  createDataset(): string;
}

/** An identifier as BigQuery or DuckDB accepts it unquoted: letters, digits and underscores. */
export function checkIdentifier(name: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,1023}$/.test(name)) {
    throw new Error(
      `${what} "${name}" must start with a letter or _ and hold only letters, digits and _ (BigQuery's rule for dataset names).`,
    );
  }
  return name;
}

/**
 * BigQuery. Dataset names: https://cloud.google.com/bigquery/docs/datasets#dataset-naming ;
 * table functions: https://cloud.google.com/bigquery/docs/table-functions ;
 * UNIX_DATE / UNIX_MILLIS: https://cloud.google.com/bigquery/docs/reference/standard-sql/date_functions
 */
export function bigQuery(dataset: string): Dialect {
  checkIdentifier(dataset, 'The dataset');
  const table = (name: string) => `\`${dataset}.${name}\``;
  return {
    name: 'bigquery',
    table,
    int: 'INT64',
    float: 'FLOAT64',
    string: 'STRING',
    dayOfDate: (e) => `UNIX_DATE(${e})`,
    dayOfTimestamp: (e) => `UNIX_DATE(DATE(${e}))`,
    msOfTimestamp: (e) => `UNIX_MILLIS(${e})`,
    msOfDate: (e) => `(UNIX_DATE(${e}) * 86400000)`,
    timestampOfMs: (e) => `TIMESTAMP_MILLIS(${e})`,
    monthKey: (e) => `FORMAT_DATE('%Y-%m', ${e})`,
    floorDiv: (a, b) => `CAST(FLOOR((${a}) / (${b})) AS INT64)`,
    createView: (name, select) => `CREATE OR REPLACE VIEW ${table(name)} AS\n${select};`,
    createDayFunction: (name, select) => `CREATE OR REPLACE TABLE FUNCTION ${table(name)}(as_of DATE) AS (\n${select}\n);`,
    asOf: 'as_of',
    createDataset: () => `CREATE SCHEMA IF NOT EXISTS \`${dataset}\`;`,
  };
}

/**
 * DuckDB. Table macros: https://duckdb.org/docs/stable/sql/statements/create_macro ;
 * epoch_ms: https://duckdb.org/docs/stable/sql/functions/timestamp ; date subtraction
 * gives whole days: https://duckdb.org/docs/stable/sql/functions/date
 */
export function duckDb(schema?: string): Dialect {
  if (schema !== undefined) checkIdentifier(schema, 'The schema');
  const table = (name: string) => (schema ? `${schema}.${name}` : name);
  return {
    name: 'duckdb',
    table,
    int: 'BIGINT',
    float: 'DOUBLE',
    string: 'VARCHAR',
    dayOfDate: (e) => `(${e} - DATE '1970-01-01')`,
    dayOfTimestamp: (e) => `(CAST(${e} AS DATE) - DATE '1970-01-01')`,
    msOfTimestamp: (e) => `epoch_ms(${e})`,
    msOfDate: (e) => `((${e} - DATE '1970-01-01') * 86400000)`,
    timestampOfMs: (e) => `make_timestamp(${e} * 1000)`,
    monthKey: (e) => `strftime(${e}, '%Y-%m')`,
    floorDiv: (a, b) => `CAST(FLOOR((${a}) / (${b})) AS BIGINT)`,
    createView: (name, select) => `CREATE OR REPLACE VIEW ${table(name)} AS\n${select};`,
    createDayFunction: (name, select) => `CREATE OR REPLACE MACRO ${table(name)}(as_of) AS TABLE\n${select};`,
    asOf: 'as_of',
    createDataset: () => (schema ? `CREATE SCHEMA IF NOT EXISTS ${schema};` : ''),
  };
}

export function dialectFor(name: DialectName, dataset?: string): Dialect {
  return name === 'bigquery' ? bigQuery(dataset ?? 'pipeline') : duckDb(dataset);
}
