/**
 * Writes the three tables to a folder as CSV (deals.csv, stage_history.csv,
 * stages.csv) with schema.json beside them: for each table, BigQuery's
 * `bq load --schema` field list and DuckDB's column types. Rows are written in
 * blocks, with the stream's back-pressure respected, so a million deals never sit
 * in memory as one string.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Deal, HistoryEntry, PipelineConfig } from '../core/index';
import { bigQuerySchema, csvLines, dealsTable, duckDbTypes, historyTable, stageRows, stagesTable, type TableSpec } from './tables';

export interface TablesInput {
  readonly config: PipelineConfig;
  readonly deals: readonly Deal[];
  readonly history: readonly HistoryEntry[];
}

export interface WrittenTable {
  readonly table: string;
  readonly file: string;
  readonly rows: number;
}

export const SCHEMA_FILE = 'schema.json';

/** The tables' specs and rows, in the order they are written. */
export function tableSpecs(input: TablesInput): { spec: TableSpec<never>; items: readonly unknown[] }[] {
  return [
    { spec: dealsTable(input.config) as TableSpec<never>, items: input.deals },
    { spec: historyTable(input.config) as TableSpec<never>, items: input.history },
    { spec: stagesTable() as TableSpec<never>, items: stageRows(input.config) },
  ];
}

export async function writeTables(dir: string, input: TablesInput): Promise<WrittenTable[]> {
  await mkdir(dir, { recursive: true });
  const written: WrittenTable[] = [];
  const schema: Record<string, { bigquery: unknown; duckdb: unknown }> = {};
  for (const { spec, items } of tableSpecs(input)) {
    const file = join(dir, `${spec.name}.csv`);
    await writeLines(file, csvLines(spec, items as never[]));
    written.push({ table: spec.name, file, rows: items.length });
    schema[spec.name] = { bigquery: bigQuerySchema(spec), duckdb: duckDbTypes(spec) };
  }
  await writeFile(join(dir, SCHEMA_FILE), `${JSON.stringify(schema, null, 2)}\n`, 'utf8');
  // bq load wants one plain field list per table: write those too.
  for (const [table, both] of Object.entries(schema)) {
    await writeFile(join(dir, `${table}.schema.json`), `${JSON.stringify(both.bigquery, null, 2)}\n`, 'utf8');
  }
  return written;
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let block = '';
  for (const line of lines) {
    block += line;
    if (block.length > 1 << 20) {
      if (!stream.write(block)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      block = '';
    }
  }
  stream.end(block);
  await done;
}
