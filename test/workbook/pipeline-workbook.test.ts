import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, DEAL_FIELDS, DEAL_HEADERS } from '../../src/core/index';
import { buildPipelineWorkbook } from '../../src/workbook/pipeline-workbook';
import { columnLetter } from '../../src/core/a1';
import { loadPipeline } from '../../src/workbook/pipeline';
import { SMALL_DEALS, tempDir } from './fixtures';

const dir = tempDir();

async function roundTrip(path: string, input: Parameters<typeof buildPipelineWorkbook>[0]) {
  const built = buildPipelineWorkbook(input);
  await built.workbook.xlsx.writeFile(path);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return { built, workbook };
}

describe('the pipeline workbook', () => {
  it('has dropdowns from Stages and Owners, a rotting rule, frozen headers and formats', async () => {
    const { workbook } = await roundTrip(join(dir, 'template.xlsx'), {
      language: 'en',
      config: DEFAULT_CONFIG,
      owners: ['ann@example.com'],
      firstMonth: null,
    });
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Dashboard', 'Deals', 'Stages', 'Stage history', 'Owners']);
    const deals = workbook.getWorksheet('Deals')!;
    expect(deals.getRow(1).values).toEqual([undefined, ...DEAL_FIELDS.map((f) => DEAL_HEADERS.en[f])]);
    expect(deals.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Stage is column E (5th field), Owner column D: both validated against their lists.
    const validations = (deals as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    // exceljs reads the range E2:E5000 back cell by cell.
    expect(validations.E2).toMatchObject({ type: 'list', formulae: ['Stages!$A$2:$A$9'] });
    expect(validations.E5000).toMatchObject({ type: 'list', formulae: ['Stages!$A$2:$A$9'] });
    expect(validations.E5001).toBeUndefined();
    expect(validations.D2).toMatchObject({ type: 'list', formulae: ['Owners!$A$2:$A$200'] });
    const rules = (deals as unknown as { conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[] })
      .conditionalFormattings;
    // The rule covers every Deals column; Stage changed's letter comes from its position; rotting days are column D of Stages.
    const changed = columnLetter(DEAL_FIELDS.indexOf('stageChanged') + 1);
    expect(rules[0].ref).toBe(`A2:${columnLetter(DEAL_FIELDS.length)}5000`);
    expect(rules[0].rules[0].formulae[0]).toContain(`TODAY()-$${changed}2>IFERROR(VLOOKUP($E2,Stages!$A$2:$D$9,4,FALSE),0)`);
    expect(deals.getColumn(6).numFmt).toBe('#,##0.00');
    expect(deals.getColumn(8).numFmt).toBe('0%');
    expect(deals.getColumn(11).numFmt).toBe('yyyy-mm-dd');
    expect(workbook.getWorksheet('Dashboard')!.getCell('B3').value).toMatchObject({ formula: 'DATE(YEAR(TODAY()),MONTH(TODAY()),1)' });
  });

  it('writes Vietnamese and Russian headers and sheet names that the reader finds again', async () => {
    for (const language of ['vi', 'ru'] as const) {
      const path = join(dir, `t-${language}.xlsx`);
      const { workbook } = await roundTrip(path, { language, config: DEFAULT_CONFIG, firstMonth: null });
      expect(workbook.getWorksheet(language === 'vi' ? 'Giao dịch' : 'Сделки')!.getCell('E1').value).toBe(DEAL_HEADERS[language].stage);
      const loaded = await loadPipeline(path);
      if (!loaded.ok) throw new Error(loaded.reason);
      expect(loaded.pipeline.config.stages.map((s) => s.name)).toEqual(DEFAULT_CONFIG.stages.map((s) => s.name));
      // The template has a header and no deals yet, which is the one thing said (row 2, under the ID header).
      expect(loaded.pipeline.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, DEAL_HEADERS[language].id, 'deals-header-only']]);
    }
  });

  it('writes user text that looks like a formula as a plain string cell', async () => {
    const rows = SMALL_DEALS.map((row) => [...row]);
    rows[1][1] = '=HYPERLINK("http://evil.example","click")';
    rows[2][2] = '@SUM(1,2)';
    const { workbook } = await roundTrip(join(dir, 'inject.xlsx'), {
      language: 'en',
      config: DEFAULT_CONFIG,
      dealsTable: rows,
      firstMonth: null,
    });
    const deals = workbook.getWorksheet('Deals')!;
    expect(deals.getCell('B2').type).toBe(ExcelJS.ValueType.String);
    expect(deals.getCell('B2').value).toBe('=HYPERLINK("http://evil.example","click")');
    expect(deals.getCell('C3').type).toBe(ExcelJS.ValueType.String);
  });

  it('lays the Dashboard out by stage (open stages only) and by month with earlier, later and no-date rows', () => {
    const { dashboard } = buildPipelineWorkbook({
      language: 'en',
      config: DEFAULT_CONFIG,
      dealsTable: SMALL_DEALS,
      firstMonth: new Date(Date.UTC(2026, 11, 1)),
      months: 3,
    });
    expect([...dashboard.stageRows.keys()]).toEqual(['Lead', 'Qualified', 'Contacted', 'Meeting/Demo', 'Proposal', 'Negotiation']);
    expect([...dashboard.monthRows.keys()]).toEqual(['earlier', 'month-0', 'month-1', 'month-2', 'later', 'no-date']);
    // Six stage columns B..G, then the total in H.
    expect(dashboard.monthTotalColumn).toBe('H');
  });
});
