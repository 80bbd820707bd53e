/**
 * The three tidy tables the SQL views read: `deals`, `stage_history` and `stages`,
 * one row per deal, per History move and per stage, with their column types for
 * BigQuery and DuckDB. This file turns the core's values (what readDeals,
 * readHistory and readStages return) into typed rows, and the rows into CSV text
 * (ISO dates, plain numbers, an empty field for null) that `bq load` and DuckDB's
 * read_csv both take.
 *
 * Two columns exist only so that SQL can reproduce the core's order: `seq` is the
 * row's position in the table as the core read it (History moves at the same instant
 * keep this order, and the first of two deals sharing an ID is the one with the
 * lower seq); `position` is a stage's place on the Stages sheet. Stage names are
 * written as the Stages sheet spells them (findStage), as the readers already do
 * for every stage they know, so that the views can join on the name.
 */
import { type Deal, findStage, type HistoryEntry, type PipelineConfig } from '../core/index';

export type ColumnKind = 'string' | 'int' | 'float' | 'date' | 'timestamp';

export interface Column<T> {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly description: string;
  /** The value for one row; null for an empty field. */
  readonly value: (item: T, seq: number) => string | number | Date | null;
}

export interface TableSpec<T> {
  readonly name: 'deals' | 'stage_history' | 'stages';
  readonly columns: readonly Column<T>[];
}

export interface StageRow {
  readonly position: number;
  readonly name: string;
  readonly order: number;
  readonly probability: number;
  readonly rottingDays: number | null;
  readonly category: string;
  readonly outcome: string;
}

const text = (value: string) => (value === '' ? null : value);

/** Whole-day values: the readers hold them at UTC midnight; a time of day would be dropped here. */
const day = (value: Date | null) => value;

export function dealsTable(config: PipelineConfig): TableSpec<Deal> {
  const stageName = stageNamer(config);
  return {
    name: 'deals',
    columns: [
      { name: 'seq', kind: 'int', description: 'Position of the row in Deals as read (0 = first).', value: (_, seq) => seq },
      { name: 'sheet_row', kind: 'int', description: 'Row number on the Deals sheet.', value: (d) => d.row },
      { name: 'deal_id', kind: 'string', description: 'Deal ID (row-N when the row had none).', value: (d) => d.id },
      { name: 'deal_name', kind: 'string', description: 'Deal name.', value: (d) => text(d.name) },
      { name: 'account', kind: 'string', description: 'Account.', value: (d) => text(d.account) },
      {
        name: 'owner',
        kind: 'string',
        description: 'Owner as first typed (spellings of one email address are grouped under the first); empty when blank.',
        value: (d) => text(d.owner),
      },
      {
        name: 'stage',
        kind: 'string',
        description: 'Stage as the Stages sheet names it, or as typed when it lists no such stage.',
        value: (d) => text(stageName(d.stage)),
      },
      { name: 'amount', kind: 'float', description: 'Amount; empty when blank or unreadable.', value: (d) => d.amount },
      // Upper-cased and trimmed as splitByCurrency (currency.ts) groups it, so that the views group on the column as it is.
      {
        name: 'currency',
        kind: 'string',
        description: 'Currency code, upper case; empty when blank.',
        value: (d) => text(d.currency.trim().toUpperCase()),
      },
      {
        name: 'probability',
        kind: 'float',
        description: "The deal's own probability (0..1), beating the stage's; empty = the stage's.",
        value: (d) => d.probability,
      },
      {
        name: 'forecast_category',
        kind: 'string',
        description: "The deal's own forecast category; empty = the stage's.",
        value: (d) => d.forecastCategory,
      },
      { name: 'created', kind: 'date', description: 'Created (UTC day).', value: (d) => day(d.created) },
      { name: 'expected_close', kind: 'date', description: 'Expected close (UTC day).', value: (d) => day(d.expectedClose) },
      { name: 'closed_on', kind: 'date', description: 'Closed on (UTC day).', value: (d) => day(d.closedOn) },
      { name: 'next_step', kind: 'string', description: 'Next step.', value: (d) => text(d.nextStep) },
      { name: 'next_step_date', kind: 'date', description: 'Next step date (UTC day).', value: (d) => day(d.nextStepDate) },
      { name: 'stage_changed', kind: 'date', description: 'Stage changed (UTC day).', value: (d) => day(d.stageChanged) },
      { name: 'lost_reason', kind: 'string', description: 'Lost reason.', value: (d) => text(d.lostReason) },
      {
        name: 'lost_at_stage',
        kind: 'string',
        description:
          'Lost at stage: the last stage a lost deal reached, as the Stages ' +
          'sheet names it; places a lost deal without History in the funnel.',
        value: (d) => text(stageName(d.lostAtStage ?? '')),
      },
      { name: 'snooze_until', kind: 'date', description: 'Snooze until (UTC day).', value: (d) => day(d.snoozeUntil) },
    ],
  };
}

export function historyTable(config: PipelineConfig): TableSpec<HistoryEntry> {
  const stageName = stageNamer(config);
  return {
    name: 'stage_history',
    columns: [
      {
        name: 'seq',
        kind: 'int',
        description: 'Position of the move in History as read; moves at the same instant keep this order.',
        value: (_, seq) => seq,
      },
      {
        name: 'sheet_row',
        kind: 'int',
        description: 'Row number on the History sheet (0 when not read from a sheet).',
        value: (h) => h.row,
      },
      { name: 'moved_at', kind: 'timestamp', description: 'When the deal entered to_stage (UTC).', value: (h) => h.at },
      { name: 'deal_id', kind: 'string', description: 'Deal ID.', value: (h) => h.dealId },
      {
        name: 'from_stage',
        kind: 'string',
        description: 'Stage the deal left; empty when it was created in to_stage.',
        value: (h) => text(stageName(h.from)),
      },
      {
        name: 'to_stage',
        kind: 'string',
        description: 'Stage the deal entered, as the Stages sheet names it when it lists it.',
        value: (h) => stageName(h.to),
      },
      { name: 'amount', kind: 'float', description: 'Amount at the move.', value: (h) => h.amount },
      { name: 'expected_close', kind: 'date', description: 'Expected close at the move (UTC day).', value: (h) => h.expectedClose },
      { name: 'probability', kind: 'float', description: 'Probability at the move (0..1).', value: (h) => h.probability },
      { name: 'changed_by', kind: 'string', description: 'Who moved it.', value: (h) => text(h.by) },
      { name: 'source', kind: 'string', description: 'edit, menu, import, paste or sample.', value: (h) => text(h.source) },
    ],
  };
}

export function stagesTable(): TableSpec<StageRow> {
  return {
    name: 'stages',
    columns: [
      { name: 'position', kind: 'int', description: 'Place on the Stages sheet (0 = first); funnels follow it.', value: (s) => s.position },
      { name: 'name', kind: 'string', description: 'Stage name.', value: (s) => s.name },
      { name: 'stage_order', kind: 'float', description: 'The Order column of the Stages sheet.', value: (s) => s.order },
      { name: 'probability', kind: 'float', description: 'Win probability, 0..1.', value: (s) => s.probability },
      { name: 'rotting_days', kind: 'float', description: 'Days before a deal rots here; empty = never.', value: (s) => s.rottingDays },
      { name: 'category', kind: 'string', description: 'Pipeline, Best case, Commit, Closed or Omitted.', value: (s) => s.category },
      { name: 'outcome', kind: 'string', description: 'open, won or lost.', value: (s) => s.outcome },
    ],
  };
}

/**
 * The stage rows. A later stage whose name folds to an earlier one's ("Demo" and
 * "demo") is never found by findStage, so it holds no deal; it is kept (funnels and
 * the forecast list it) under its own name.
 */
export function stageRows(config: PipelineConfig): StageRow[] {
  return config.stages.map((s, position) => ({
    position,
    name: s.name,
    order: s.order,
    probability: s.probability,
    rottingDays: s.rottingDays,
    category: s.category,
    outcome: s.outcome,
  }));
}

/** A stage name as the Stages sheet spells it; a table repeats a few names millions of times, so each is looked up once. */
function stageNamer(config: PipelineConfig): (name: string) => string {
  const spelled = new Map<string, string>();
  return (name) => {
    if (!name) return name;
    let found = spelled.get(name);
    if (found === undefined) {
      found = findStage(config, name)?.name ?? name;
      if (spelled.size < 10_000) spelled.set(name, found);
    }
    return found;
  };
}

/** "2026-11-23" by day number: a table repeats a few thousand days millions of times. */
const dayText = new Map<number, string>();
const DAY_MS = 86_400_000;

function isoDayOf(day: number): string {
  let text = dayText.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayText.size < 100_000) dayText.set(day, text);
  }
  return text;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** "14:05:00.000" by ms since midnight: moves repeat a few thousand times of day. */
const timeText = new Map<number, string>();

function timeOfDay(rest: number): string {
  let text = timeText.get(rest);
  if (text === undefined) {
    const hours = pad(Math.floor(rest / 3_600_000), 2);
    const minutes = pad(Math.floor(rest / 60_000) % 60, 2);
    const seconds = pad(Math.floor(rest / 1000) % 60, 2);
    text = `${hours}:${minutes}:${seconds}.${pad(rest % 1000, 3)}`;
    if (timeText.size < 100_000) timeText.set(rest, text);
  }
  return text;
}

/** One field as CSV: RFC 4180 quoting, dates as 2026-11-23, instants as 2026-11-23 14:05:00.000 (UTC). */
export function csvField(value: string | number | Date | null, kind: ColumnKind): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const ms = value.getTime();
    if (!Number.isFinite(ms)) return '';
    const day = Math.floor(ms / DAY_MS);
    if (kind === 'date') return isoDayOf(day);
    return `${isoDayOf(day)} ${timeOfDay(ms - day * DAY_MS)}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The header line and one line per item, each ending in \n, yielded in blocks of
 * about `blockRows` lines so that 1M rows never become one string (and the consumer
 * is called per block, not per line).
 */
export function* csvLines<T>(spec: TableSpec<T>, items: readonly T[], blockRows = 4096): Generator<string> {
  yield `${spec.columns.map((c) => c.name).join(',')}\n`;
  const { columns } = spec;
  const fields: string[] = new Array(columns.length);
  let block: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let c = 0; c < columns.length; c++) fields[c] = csvField(columns[c].value(items[i], i), columns[c].kind);
    block.push(fields.join(','));
    if (block.length === blockRows) {
      yield `${block.join('\n')}\n`;
      block = [];
    }
  }
  if (block.length > 0) yield `${block.join('\n')}\n`;
}

/** BigQuery's `bq load --schema` JSON: https://cloud.google.com/bigquery/docs/schemas#specifying_a_json_schema_file */
export function bigQuerySchema<T>(spec: TableSpec<T>): { name: string; type: string; mode: string; description: string }[] {
  const type: Record<ColumnKind, string> = { string: 'STRING', int: 'INT64', float: 'FLOAT64', date: 'DATE', timestamp: 'TIMESTAMP' };
  return spec.columns.map((c) => ({ name: c.name, type: type[c.kind], mode: 'NULLABLE', description: c.description }));
}

/** DuckDB column types, for read_csv's `columns` (https://duckdb.org/docs/stable/data/csv/overview). */
export function duckDbTypes<T>(spec: TableSpec<T>): Record<string, string> {
  const type: Record<ColumnKind, string> = { string: 'VARCHAR', int: 'BIGINT', float: 'DOUBLE', date: 'DATE', timestamp: 'TIMESTAMP' };
  return Object.fromEntries(spec.columns.map((c) => [c.name, type[c.kind]]));
}
