/**
 * The commands over a real file: `export` writes the three tables and their schema,
 * says first what it leaves out, and lists every problem; the exported CSV loaded
 * into DuckDB gives the core's figures; `sql` prints each dialect's script;
 * `report --engine duckdb` prints the same summary and calibration tables as the
 * core engine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PipelineDuckDb } from '../../src/sql/duckdb';
import { cli } from '../cli/helpers';
import { tempDir, writeHistoryWorkbook, writeText } from '../workbook/fixtures';

describe('export', () => {
  it('writes typed CSV and a bq load schema; the tables give the core figures in DuckDB', async () => {
    const dir = tempDir();
    const file = await writeHistoryWorkbook(dir);
    const tables = join(dir, 'tables');
    const result = await cli(['export', file, '--tables', tables]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('deals.csv (4 rows)');
    expect(result.out).toContain('stage_history.csv (10 rows)');
    expect(result.out).toContain('stages.csv (8 rows)');
    const deals = readFileSync(join(tables, 'deals.csv'), 'utf8').split('\n');
    expect(deals[0]).toBe(
      'seq,sheet_row,deal_id,deal_name,account,owner,stage,amount,currency,probability,forecast_category,created,' +
        'expected_close,closed_on,next_step,next_step_date,stage_changed,lost_reason,lost_at_stage,snooze_until',
    );
    // A1 from HISTORY_DEALS: ISO days, a plain number, empty fields for blanks.
    expect(deals[1]).toBe('0,2,A1,Pilot,,ann@example.com,Won,2000,,,,2026-09-01,2026-10-01,2026-10-01,,,,,,');
    const history = readFileSync(join(tables, 'stage_history.csv'), 'utf8').split('\n');
    expect(history[1]).toBe('0,2,2026-09-01 10:00:00.000,A1,,Lead,,,,,');
    const schema = JSON.parse(readFileSync(join(tables, 'deals.schema.json'), 'utf8'));
    expect(schema.find((f: { name: string }) => f.name === 'expected_close')).toMatchObject({ type: 'DATE', mode: 'NULLABLE' });
    expect(JSON.parse(readFileSync(join(tables, 'schema.json'), 'utf8')).stage_history.duckdb.moved_at).toBe('TIMESTAMP');

    const db = await PipelineDuckDb.open();
    try {
      await db.loadCsv(tables);
      const figures = await db.figures(new Date('2026-11-23T00:00:00Z'));
      // By hand: A1 won, A2 and A3 lost; A4 open in Proposal at 1000 × 60%; A1's cycle Sep 1 → Oct 1 = 30 days.
      expect(figures.winRate).toEqual({ won: 1, lost: 2, rate: 1 / 3 });
      expect(figures.byCurrency.map((c) => c.currency)).toEqual(['(no currency)']);
      expect(figures.byCurrency[0].forecastByMonth).toEqual([{ key: '2026-12', deals: 1, amount: 1000, weighted: 600 }]);
      expect(figures.cycle).toEqual({ count: 1, meanDays: 30, medianDays: 30 });
    } finally {
      db.close();
    }
  });

  it('says first which History rows and deals no figure counts, then lists each problem as check does', async () => {
    const dir = tempDir();
    const file = await writeText(
      join(dir, 'deals.csv'),
      [
        'Deal ID,Deal,Owner,Stage,Amount',
        'D1,Pilot,ann@example.com,Lead,1000',
        'D2,Trial,bob@example.com,Somewhere,500',
        'D3,Other,ann@example.com,Proposal,lots',
      ].join('\n'),
    );
    const result = await cli(['export', file, '--tables', join(dir, 'tables')]);
    expect(result.code).toBe(0);
    const lines = result.err.trim().split('\n');
    expect(lines[0]).toMatch(/^1 deal is in deals with a blank stage or one the Stages sheet does not list/);
    expect(result.err).toMatch(/Deals row 3, Stage: "Somewhere" is not a stage/);
    expect(result.err).toMatch(/Deals row 4, Amount/);
    const csv = readFileSync(join(dir, 'tables', 'deals.csv'), 'utf8').split('\n');
    // Kept as read: the unknown stage as typed, the unreadable amount empty.
    expect(csv[2]).toContain(',Somewhere,500,');
    expect(csv[3]).toContain(',Proposal,,');
  });

  it('says each guess once, lists each kind of problem once, and suggests check with the user’s own options', async () => {
    const dir = tempDir();
    // Created holds only dates that read either way (01/02 … 05/02), so its day-first guess is one warning; five owners are not addresses.
    const rows = [
      'Deal ID,Owner,Stage,Amount,Created',
      ...[1, 2, 3, 4, 5].map((n) => `D${n},Rep ${n},Lead,${n === 5 ? 'lots' : 1000},0${n}/02/2026`),
    ];
    const file = await writeText(join(dir, 'guess.csv'), rows.join('\n'));
    const result = await cli(['export', file, '--tables', join(dir, 'tables'), '--stages', 'b2b', '--as-of', '2026-11-23']);
    expect(result.code).toBe(0);
    expect(result.err.match(/read either way round/g)).toHaveLength(1);
    expect(result.err).toContain('5 warnings of one kind (owner-not-email); the first 3:');
    expect(result.err).toContain('… and 2 more rows like these (--all lists every row).');
    expect(result.err).toContain(`Run: pipeline-sheets check ${file} --stages b2b --as-of 2026-11-23`);
  });

  it('wants --tables', async () => {
    const result = await cli(['export', 'x.xlsx']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('--tables');
  });
});

describe('sql', () => {
  it('prints the BigQuery script for a dataset and the DuckDB script', async () => {
    const bq = await cli(['sql', '--dialect', 'bigquery', '--dataset', 'sales']);
    expect(bq.code).toBe(0);
    expect(bq.out).toContain('CREATE OR REPLACE VIEW `sales.forecast_by_month` AS');
    expect(bq.out).toContain('CREATE OR REPLACE TABLE FUNCTION `sales.stale_deals`(as_of DATE)');
    const duck = await cli(['sql', '--dialect', 'duckdb']);
    expect(duck.out).toContain('CREATE OR REPLACE MACRO stale_deals(as_of) AS TABLE');
    const bad = await cli(['sql', '--dialect', 'bigquery', '--dataset', 'my sales']);
    expect(bad.code).toBe(2);
    // A fiscal year that starts in April shifts the quarter views, and the script's header says so.
    const april = await cli(['sql', '--dialect', 'duckdb', '--fiscal-year-start', 'April']);
    expect(april.out).toContain('start the year in month 4.');
    expect((await cli(['sql', '--fiscal-year-start', 'Foo'])).code).toBe(2);
  });
});

describe('report --engine duckdb', () => {
  it('prints the summary and calibration tables the core engine prints', async () => {
    const dir = tempDir();
    const file = await writeHistoryWorkbook(dir);
    const core = await cli(['report', file, '--as-of', '2026-11-23']);
    const duck = await cli(['report', file, '--as-of', '2026-11-23', '--engine', 'duckdb']);
    expect(duck.code).toBe(0);
    // Both engines first say how the file was read (the same lines); then DuckDB says what it leaves out.
    const lines = duck.out.split('\n');
    const said = lines.findIndex((line) => /forecast range, backtest and rotting days are not SQL views/.test(line));
    expect(said).toBeGreaterThanOrEqual(0);
    // What to type for the rest: report with the user's own reading options, without --engine.
    expect(lines[said]).toContain(`not SQL views: pipeline-sheets report ${file} --as-of 2026-11-23 gives them.`);
    const preamble = lines.slice(0, said).join('\n');
    const printed = lines
      .slice(said + 1)
      .join('\n')
      .trimEnd();
    expect(printed.length).toBeGreaterThan(500);
    expect(core.out.startsWith(said > 0 ? `${preamble}\n${printed}` : printed)).toBe(true);
  });

  it('refuses the file outputs, which need the core', async () => {
    const dir = tempDir();
    const file = await writeHistoryWorkbook(dir);
    const result = await cli(['report', file, '--engine', 'duckdb', '--out', join(dir, 'r.xlsx')]);
    expect(result.code).toBe(2);
  });
});
