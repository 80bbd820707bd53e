import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readFileTables } from '../../src/workbook/read';
import { writeTidyWorkbook } from '../../src/workbook/xlsx-writer';
import { FORMATS } from '../../src/workbook/tables';
import { d, tempDir } from './fixtures';

describe('writeTidyWorkbook', () => {
  it('writes text, numbers, dates and blanks that exceljs reads back, with formats and a frozen header', async () => {
    const path = join(tempDir(), 'tidy.xlsx');
    await writeTidyWorkbook(path, [
      {
        name: "Ann's deals",
        columns: [{ header: 'Deal' }, { header: 'Amount', format: FORMATS.money }, { header: 'Entered', format: FORMATS.date }, { header: 'Won' }],
        rows: [
          ['=1+1', 1234.5, d('2026-11-23'), true],
          ['<b>&"x"\u0007', null, d('2027-01-05'), false],
          ['  padded  ', -3, null, null],
        ],
      },
      { name: 'Empty', columns: [{ header: 'Only header' }], rows: [] },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet("Ann's deals")!;
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A2').value).toBe('=1+1');
    // The bell character (U+0007) is not allowed in XML, so it is dropped.
    expect(sheet.getCell('A3').value).toBe('<b>&"x"');
    expect(sheet.getCell('A4').value).toBe('  padded  ');
    expect(sheet.getCell('B2').value).toBe(1234.5);
    expect(sheet.getCell('B2').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('C2').value).toEqual(d('2026-11-23'));
    expect(sheet.getCell('D2').value).toBe(true);
    expect(sheet.getCell('B3').value).toBeNull();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(workbook.getWorksheet('Empty')!.getCell('A1').value).toBe('Only header');
    const streamed = await readFileTables(path, { streamAboveBytes: 0 });
    if (!streamed.ok) throw new Error(streamed.reason);
    expect(streamed.file.sheets[0].rows[1]).toEqual(['=1+1', 1234.5, d('2026-11-23'), true]);
  });
});
