import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import { REPORT_SHEETS, SMALL_DEALS, tempDir, writeSmallWorkbook, writeText, writeXlsx } from '../workbook/fixtures';
import { cli } from './helpers';

const dir = tempDir();

describe('check', () => {
  it('exits 0 on a clean file and never writes to it', async () => {
    const path = await writeSmallWorkbook(dir, 'clean.xlsx');
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const result = await cli(['check', path]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('6 deals, 0 History moves');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it('exits 1 and names sheet, row and column of each problem', async () => {
    const rows = SMALL_DEALS.map((row) => [...row]);
    rows[2][5] = 'lots';
    rows[3][4] = 'Closed Won';
    const path = await writeXlsx(join(dir, 'bad.xlsx'), { Deals: rows, Stages: stagesToTable(DEFAULT_CONFIG) });
    const result = await cli(['check', path]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('error   Deals row 3, Amount: "lots" is not a number');
    expect(result.out).toContain('error   Deals row 4, Stage: "Closed Won" is not a stage');
    expect(result.err).toBe('');
    const json = JSON.parse((await cli(['check', path, '--json'])).out);
    // Three errors: the amount, the unknown stage, and the one-line summary of stages Stages lacks.
    expect(json.errors).toBe(3);
  });

  it('exits 2 on an unreadable file with one line and no stack trace', async () => {
    const empty = await writeText(join(dir, 'empty.xlsx'), '');
    const result = await cli(['check', empty]);
    expect(result.code).toBe(2);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 2 on a wrong --columns value and on an unknown option', async () => {
    const path = await writeSmallWorkbook(dir, 'c.xlsx');
    expect((await cli(['check', path, '--columns', 'Owner'])).code).toBe(2);
    const bogus = await cli(['check', path, '--columns', 'Colour=Rep']);
    expect(bogus.err).toContain('"Colour" is not a Deals column');
    expect((await cli(['check', path, '--frobnicate'])).code).toBe(2);
  });

  it('maps CRM headers with --columns so a CSV export checks clean', async () => {
    const csv = await writeText(
      join(dir, 'crm.csv'),
      'Opp Number,Salesperson,Stage,Amount\nO-1,ann@example.com,Lead,100\nO-2,bob@example.com,Proposal,250\n',
    );
    const unmapped = await cli(['check', csv, '--json']);
    expect(JSON.parse(unmapped.out).problems.map((p: { code: string }) => p.code)).toContain('column-missing');
    const mapped = await cli(['check', csv, '--json', '--columns', 'Deal ID=Opp Number,Owner=Salesperson']);
    expect(JSON.parse(mapped.out).problems.filter((p: { code: string }) => p.code === 'column-missing')).toEqual([]);
  });
});

describe('report', () => {
  it('prints JSON with the hand-worked forecast', async () => {
    const path = await writeSmallWorkbook(dir, 'r.xlsx');
    const result = await cli(['report', path, '--json', '--as-of', '2026-11-23']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    // 1100 + 1800 + 3200, worked out in test/workbook/report.test.ts.
    expect(report.forecastByMonth.reduce((sum: number, r: { weighted: number }) => sum + r.weighted, 0)).toBe(6100);
    expect(report.asOf).toBe('2026-11-23');
  });

  it('writes tidy sheets with real numbers and keeps formula-looking text inert', async () => {
    const rows = SMALL_DEALS.map((row) => [...row]);
    rows[1][1] = '=HYPERLINK("http://evil.example","x")';
    rows[1][3] = '+ann@example.com';
    const path = await writeXlsx(join(dir, 'inj.xlsx'), { Deals: rows, Stages: stagesToTable(DEFAULT_CONFIG) });
    const out = join(dir, 'report.xlsx');
    const html = join(dir, 'report.html');
    const result = await cli(['report', path, '--out', out, '--html', html, '--as-of', '2026-11-23']);
    expect(result.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(REPORT_SHEETS);
    const facts = workbook.getWorksheet('Facts')!;
    // No History: one Facts row per deal, in the stage it is in since Stage changed.
    expect(facts.rowCount).toBe(1 + 6);
    expect(facts.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    expect(facts.getCell('B2').value).toBe('=HYPERLINK("http://evil.example","x")');
    expect(facts.getCell('H2').value).toEqual(new Date('2026-10-01T00:00:00Z'));
    const forecast = workbook.getWorksheet('Forecast')!;
    expect(forecast.getRow(2).values).toEqual([undefined, 'month', '2026-12', 2, 3000, 1100]);
    for (const sheet of workbook.worksheets) expect((sheet.model as unknown as { merges: string[] }).merges).toEqual([]);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('<script');
    expect(page).toContain('id="chart-funnel"');
  });

  it('writes CSV tables where formula-looking text starts with a quote', async () => {
    const rows = SMALL_DEALS.map((row) => [...row]);
    rows[1][1] = '=cmd|calc';
    rows[1][2] = '@SUM(A1)';
    const path = await writeXlsx(join(dir, 'csvinj.xlsx'), { Deals: rows, Stages: stagesToTable(DEFAULT_CONFIG) });
    const out = join(dir, 'csv');
    expect((await cli(['report', path, '--csv', out, '--as-of', '2026-11-23'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'calibration.csv',
      'conversion.csv',
      'facts.csv',
      'forecast-range.csv',
      'forecast.csv',
      'owner-results.csv',
      'owners.csv',
      'reliability.csv',
      'rotting-days.csv',
      'stale.csv',
      'won-by-period.csv',
    ]);
    const facts = readFileSync(join(out, 'facts.csv'), 'utf8').split('\r\n');
    expect(facts[0]).toBe(
      '\uFEFFDeal ID,Deal,Account,Owner,Stage,Stage order,Stage outcome,Entered,Left,Days ' +
        'in stage,Amount,Expected close,Current stage,Current outcome',
    );
    // D1 sat in Lead from Oct 1 to asOf Nov 23: 53 days; expected close Dec 10.
    expect(facts[1]).toBe("D1,'=cmd|calc,'@SUM(A1),ann@example.com,Lead,1,open,2026-10-01,,53,1000,2026-12-10,Lead,open");
  });

  it('refuses a workbook with no Deals sheet with exit 1', async () => {
    const path = await writeXlsx(join(dir, 'nodeals.xlsx'), { Stages: stagesToTable(DEFAULT_CONFIG) });
    const result = await cli(['report', path]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('has no Deals sheet');
  });
});

describe('template', () => {
  it('writes a workbook and will not overwrite one without --force', async () => {
    const out = join(dir, 'team.xlsx');
    expect((await cli(['template', out, '--lang', 'ru'])).code).toBe(0);
    const again = await cli(['template', out]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
    expect((await cli(['template', out, '--force'])).code).toBe(0);
    expect((await cli(['template', join(dir, 'x.xlsx'), '--lang', 'de'])).code).toBe(2);
  });

  it('lists --owners as typed, an address given twice in other cases once', async () => {
    const out = join(dir, 'owners.xlsx');
    expect((await cli(['template', out, '--owners', 'Alvaro.Ruiz@Example.com, bea@example.com,alvaro.ruiz@example.com'])).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const listed: string[] = [];
    book.getWorksheet('Owners')?.eachRow((row, n) => {
      if (n > 1) listed.push(String(row.getCell(1).value));
    });
    // By hand: the first spelling of Alvaro's address kept as typed; its lower-case repeat dropped.
    expect(listed).toEqual(['Alvaro.Ruiz@Example.com', 'bea@example.com']);
  });
});

describe('digest --dry-run', () => {
  it('writes one .eml per owner with stale deals', async () => {
    const path = await writeSmallWorkbook(dir, 'dg.xlsx');
    const out = join(dir, 'mail');
    const result = await cli(['digest', path, '--dry-run', '--out', out, '--as-of', '2026-11-23']);
    expect(result.code).toBe(0);
    const files = readdirSync(out).sort();
    // ann's D1 has sat in Lead since Oct 1 (53 days > 14 rotting days); bob's deals all moved within their limits or are closed.
    expect(files).toContain('ann@example.com.eml');
    const eml = readFileSync(join(out, 'ann@example.com.eml'), 'utf8');
    expect(eml).toContain('Content-Type: multipart/alternative');
    expect(eml).toContain('To: ann@example.com');
  });

  it('refuses to run without --dry-run', async () => {
    const path = await writeSmallWorkbook(dir, 'dg2.xlsx');
    const result = await cli(['digest', path]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--dry-run');
  });
});

describe('demo', () => {
  it('writes pipeline-demo.xlsx on the first run, reads it back later, and --fresh regenerates it', async () => {
    const cwd = tempDir();
    const first = await cli(['demo', '--as-of', '2026-11-23'], { cwd });
    expect(first.code).toBe(0);
    expect(first.out).toContain('Wrote pipeline-demo.xlsx');
    expect(first.out).toContain('1000 sample deals');
    for (const heading of [
      'Weighted forecast by expected close month',
      'Conversion funnel',
      'Stale deals per owner',
      'Win rate',
      'Sales cycle',
      'Velocity',
      'Calibration',
      'Forecast range',
      'Backtest over 26 snapshots',
    ]) {
      expect(first.out).toContain(heading);
    }
    expect(Math.max(...first.out.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(100);
    const mtime = statSync(join(cwd, 'pipeline-demo.xlsx')).mtimeMs;
    const second = await cli(['demo', '--as-of', '2026-11-23'], { cwd });
    expect(second.out).toContain('Reading pipeline-demo.xlsx');
    expect(statSync(join(cwd, 'pipeline-demo.xlsx')).mtimeMs).toBe(mtime);
    // Reading the file back gives the numbers the first run printed from the same file.
    const fromSummary = (text: string) => text.slice(text.indexOf('1000 deals, '));
    expect(fromSummary(second.out)).toBe(fromSummary(first.out));
    const fresh = await cli(['demo', '--fresh', '--as-of', '2026-11-23'], { cwd });
    expect(fresh.out).toContain('Wrote pipeline-demo.xlsx');
    expect(existsSync(join(cwd, 'pipeline-demo.xlsx'))).toBe(true);
  });
});
