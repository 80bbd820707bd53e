/**
 * LibreOffice recalculates the Dashboard's plain formulas (headless, recalc forced on
 * load) in three workbooks: the blank template filled with the six hand-worked deals,
 * the template filled with 300 sample deals, and the demo workbook. Every stage and
 * month result must equal the core's forecast() for the same file, read back by the
 * core's own reader.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, NO_DATE, findStage, forecast, monthKey, staleDeals, startOfDay, type ForecastRow } from '../../src/core/index';
import { generateSample } from '../../src/sample/generate';
import { writeDemoWorkbook } from '../../src/cli/commands/demo';
import { buildPipelineWorkbook } from '../../src/workbook/pipeline-workbook';
import { loadPipeline } from '../../src/workbook/pipeline';
import type { DashboardMap } from '../../src/workbook/dashboard';
import { REPORT_SHEETS, SMALL_DEALS, tempDir, writeSmallWorkbook } from '../workbook/fixtures';
import { buildReport } from '../../src/workbook/report';
import { writeReportXlsx } from '../../src/workbook/report-xlsx';
import { cachedResults, recalculate } from './helpers/libreoffice';

const asOf = new Date(Date.UTC(2026, 10, 23));
const dir = tempDir();

/** Writes the blank template, then fills Deals by header name as a person pasting rows would, and pins the first month. */
async function fillTemplate(path: string, dealsTable: readonly (readonly unknown[])[], firstMonth: Date): Promise<DashboardMap> {
  const { workbook, dashboard } = buildPipelineWorkbook({ language: 'en', config: DEFAULT_CONFIG, firstMonth: null, months: 12 });
  await workbook.xlsx.writeFile(path);
  const filled = new ExcelJS.Workbook();
  await filled.xlsx.readFile(path);
  const deals = filled.getWorksheet('Deals')!;
  const templateHeader = (deals.getRow(1).values as unknown[]).slice(1).map(String);
  const sourceHeader = dealsTable[0].map(String);
  dealsTable.slice(1).forEach((row, r) => {
    templateHeader.forEach((header, c) => {
      const from = sourceHeader.indexOf(header);
      const value = from >= 0 ? row[from] : null;
      if (value !== null && value !== undefined && value !== '') deals.getCell(r + 2, c + 1).value = value as ExcelJS.CellValue;
    });
  });
  filled.getWorksheet('Dashboard')!.getCell('B3').value = firstMonth;
  await filled.xlsx.writeFile(path);
  return dashboard;
}

/**
 * A recalculated Dashboard cell's number, read from the XML LibreOffice saved: a
 * formula LibreOffice computed holds its result in <v> (a zero as <v>0</v>, which
 * exceljs drops); one it never computed has no <v>, and that fails here instead of
 * passing as 0.
 */
function resultOf(name: string, address: string): number {
  const cell = results.get(name)!.get(address);
  if (cell === undefined) throw new Error(`${name}: LibreOffice produced no result in Dashboard!${address}`);
  if (cell.type !== 'n')
    throw new Error(`${name}: Dashboard!${address} holds ${cell.type === 'e' ? 'the error' : 'the text'} ${cell.value}`);
  return Number(cell.value);
}

/** The core's month rows folded the way the Dashboard shows them. */
function expectedMonths(rows: readonly ForecastRow[], firstMonth: Date, months: number): Map<string, number> {
  const first = monthKey(firstMonth);
  const end = monthKey(new Date(Date.UTC(firstMonth.getUTCFullYear(), firstMonth.getUTCMonth() + months, 1)));
  const expected = new Map<string, number>([
    ['earlier', 0],
    ['later', 0],
    ['no-date', 0],
  ]);
  for (let m = 0; m < months; m++) expected.set(`month-${m}`, 0);
  for (const row of rows) {
    let key: string;
    if (row.key === NO_DATE) key = 'no-date';
    else if (row.key < first) key = 'earlier';
    else if (row.key >= end) key = 'later';
    else {
      const [y, mo] = row.key.split('-').map(Number);
      key = `month-${(y - firstMonth.getUTCFullYear()) * 12 + mo - 1 - firstMonth.getUTCMonth()}`;
    }
    expected.set(key, expected.get(key)! + row.weighted);
  }
  return expected;
}

interface Case {
  readonly name: string;
  readonly source: string;
  readonly map: DashboardMap;
  readonly firstMonth: Date;
}

const cases: Case[] = [];
const results = new Map<string, ReturnType<typeof cachedResults>>();
let reportCopy: ExcelJS.Workbook;

beforeAll(async () => {
  const sample = generateSample({ deals: 300, seed: 11, asOf });
  const small = join(dir, 'template-small.xlsx');
  cases.push({
    name: 'template + hand-worked deals',
    source: small,
    firstMonth: new Date(Date.UTC(2026, 11, 1)),
    map: await fillTemplate(small, SMALL_DEALS, new Date(Date.UTC(2026, 11, 1))),
  });
  const filled = join(dir, 'template-sample.xlsx');
  cases.push({
    name: 'template + 300 sample deals',
    source: filled,
    firstMonth: new Date(Date.UTC(2026, 8, 1)),
    map: await fillTemplate(filled, sample.dealsTable, new Date(Date.UTC(2026, 8, 1))),
  });
  const demo = join(dir, 'pipeline-demo.xlsx');
  await writeDemoWorkbook(demo, asOf);
  const demoBook = new ExcelJS.Workbook();
  await demoBook.xlsx.readFile(demo);
  const firstMonth = demoBook.getWorksheet('Dashboard')!.getCell('B3').value as Date;
  // The demo's Dashboard map is the template's layout for the same stages and month count.
  const months = [...Array(40).keys()].filter((r) =>
    demoBook
      .getWorksheet('Dashboard')!
      .getCell(`A${r + 1}`)
      .formula?.startsWith('DATE('),
  ).length;
  const demoMap = buildPipelineWorkbook({
    language: 'en',
    config: DEFAULT_CONFIG,
    dealsTable: sample.dealsTable,
    firstMonth,
    months,
  }).dashboard;
  cases.push({ name: 'demo workbook', source: demo, firstMonth, map: demoMap });

  // The report workbook (written by our own tidy-table writer) goes through the same soffice call.
  const smallWorkbook = await writeSmallWorkbook(dir, 'small-for-report.xlsx');
  const smallLoaded = await loadPipeline(smallWorkbook);
  if (!smallLoaded.ok) throw new Error(smallLoaded.reason);
  const reportFile = join(dir, 'report.xlsx');
  await writeReportXlsx(reportFile, buildReport(smallLoaded.pipeline, asOf), smallLoaded.pipeline, asOf);

  const outputs = await recalculate([...cases.map((c) => c.source), reportFile], join(dir, 'recalculated'), 'xlsx');
  reportCopy = new ExcelJS.Workbook();
  await reportCopy.xlsx.readFile(outputs[cases.length]);
  for (let i = 0; i < cases.length; i++) results.set(cases[i].name, cachedResults(outputs[i], 'Dashboard'));
}, 240_000);

describe('LibreOffice recalculates the Dashboard to the core numbers', () => {
  it('matches the hand-worked forecast of the six small deals', () => {
    const name = 'template + hand-worked deals';
    const map = cases[0].map;
    // Lead: 1000×10%; Proposal: 2000×50% (D2's own probability wins) + 3000×60%; Negotiation: 4000×80%.
    expect(resultOf(name, `D${map.stageRows.get('Lead')}`)).toBeCloseTo(100, 6);
    expect(resultOf(name, `D${map.stageRows.get('Proposal')}`)).toBeCloseTo(2800, 6);
    expect(resultOf(name, `D${map.stageRows.get('Negotiation')}`)).toBeCloseTo(3200, 6);
    expect(resultOf(name, `B${map.stageRows.get('Proposal')}`)).toBe(2);
    expect(resultOf(name, `D${map.stageTotalRow}`)).toBeCloseTo(6100, 6);
    // December 2026 (first month): D1 100 + D2 1000; January: D3 1800; no date: D6 3200.
    const total = (key: string) => resultOf(name, `${map.monthTotalColumn}${map.monthRows.get(key)}`);
    expect(total('month-0')).toBeCloseTo(1100, 6);
    expect(total('month-1')).toBeCloseTo(1800, 6);
    expect(total('no-date')).toBeCloseTo(3200, 6);
    expect(total('earlier')).toBe(0);
  });

  it('fails on a cell LibreOffice left without a result instead of reading it as 0', () => {
    const name = 'template + hand-worked deals';
    // Z99 is outside the Dashboard: no formula, no <v>. A zero LibreOffice computed (Earlier's total) is a real 0.
    expect(() => resultOf(name, 'Z99')).toThrow('LibreOffice produced no result in Dashboard!Z99');
    expect(results.get(name)!.get(`${cases[0].map.monthTotalColumn}${cases[0].map.monthRows.get('earlier')}`)).toEqual({
      type: 'n',
      value: '0',
    });
  });

  for (const name of ['template + hand-worked deals', 'template + 300 sample deals', 'demo workbook']) {
    it(`${name}: every stage and month cell equals forecast() over the same file`, async () => {
      const c = cases.find((x) => x.name === name)!;
      const loaded = await loadPipeline(c.source);
      if (!loaded.ok) throw new Error(loaded.reason);
      const { deals, config } = loaded.pipeline;
      const byStage = forecast(deals, config, { by: 'stage' });
      expect(byStage.length).toBe(c.map.stageRows.size);
      for (const row of byStage) {
        const r = c.map.stageRows.get(row.key)!;
        expect(resultOf(name, `B${r}`), `${row.key} deals`).toBe(row.deals);
        expect(resultOf(name, `C${r}`), `${row.key} amount`).toBeCloseTo(row.amount, 6);
        expect(resultOf(name, `D${r}`), `${row.key} weighted`).toBeCloseTo(row.weighted, 6);
      }
      const expected = expectedMonths(forecast(deals, config, { by: 'month' }), c.firstMonth, c.map.months);
      for (const [key, weighted] of expected) {
        expect(resultOf(name, `${c.map.monthTotalColumn}${c.map.monthRows.get(key)}`), key).toBeCloseTo(weighted, 6);
      }
      const grand = byStage.reduce((sum, row) => sum + row.weighted, 0);
      expect(grand).toBeGreaterThan(0);
      expect(resultOf(name, `${c.map.monthTotalColumn}${c.map.monthTotalRow}`)).toBeCloseTo(grand, 6);
    });
  }
});

describe('LibreOffice computes the funnel and stale deals per owner of the demo Dashboard', () => {
  it("counts each stage's deals now at it or past it, Lost left out (counted here deal by deal)", async () => {
    const c = cases.find((x) => x.name === 'demo workbook')!;
    const loaded = await loadPipeline(c.source);
    if (!loaded.ok) throw new Error(loaded.reason);
    const { deals, config } = loaded.pipeline;
    const orderOf = (stage: string) => findStage(config, stage)?.order ?? -1;
    for (const [stage, row] of c.map.funnelRows) {
      const reached = deals.filter((d) => findStage(config, d.stage)?.outcome !== 'lost' && orderOf(d.stage) >= orderOf(stage)).length;
      expect(resultOf(c.name, `B${row}`), stage).toBe(reached);
    }
  });

  it("counts each owner's rotting deals as the core's staleDeals does today (LibreOffice's TODAY(), UTC on this machine)", async () => {
    const c = cases.find((x) => x.name === 'demo workbook')!;
    const loaded = await loadPipeline(c.source);
    if (!loaded.ok) throw new Error(loaded.reason);
    const { deals, history, config } = loaded.pipeline;
    const expected = new Map<string, number>();
    for (const s of staleDeals(deals, history, config, startOfDay(new Date()))) {
      if (s.flags.includes('rotting')) expected.set(s.deal.owner, (expected.get(s.deal.owner) ?? 0) + 1);
    }
    const shown = new Map<string, number>();
    for (const row of c.map.staleOwnerRows) {
      const owner = results.get(c.name)!.get(`A${row}`)?.value ?? '';
      if (owner !== '') shown.set(owner, resultOf(c.name, `B${row}`));
    }
    expect(shown.size).toBeGreaterThan(0);
    expect([...shown].filter(([, n]) => n > 0).sort()).toEqual([...expected].sort());
  });
});

describe('LibreOffice opens the report workbook', () => {
  it('finds the tidy sheets with real numbers and dates', () => {
    expect(reportCopy.worksheets.map((w) => w.name)).toEqual(REPORT_SHEETS);
    const facts = reportCopy.getWorksheet('Facts')!;
    // Six deals, no History: one Facts row each, plus the header.
    expect(facts.actualRowCount).toBe(7);
    expect(facts.getCell('H2').value).toEqual(new Date('2026-10-01T00:00:00Z'));
    const forecastSheet = reportCopy.getWorksheet('Forecast')!;
    // 2026-12: 1000×10% + 2000×50%.
    expect(forecastSheet.getRow(2).values).toEqual([undefined, 'month', '2026-12', 2, 3000, 1100]);
  });
});
