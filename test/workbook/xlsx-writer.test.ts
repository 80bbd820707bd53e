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
        columns: [
          { header: 'Deal' },
          { header: 'Amount', format: FORMATS.money },
          { header: 'Entered', format: FORMATS.date },
          { header: 'Won' },
        ],
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
    // The bell character (U+0007) is not allowed in XML: it travels as Excel's _x0007_ and comes back.
    expect(sheet.getCell('A3').value).toBe('<b>&"x"\u0007');
    expect(sheet.getCell('A4').value).toBe('  padded  ');
    expect(sheet.getCell('B2').value).toBe(1234.5);
    expect(sheet.getCell('B2').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('C2').value).toEqual(d('2026-11-23'));
    expect(sheet.getCell('D2').value).toBe(true);
    expect(sheet.getCell('B3').value).toBeNull();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(workbook.getWorksheet('Empty')!.getCell('A1').value).toBe('Only header');
    const read = await readFileTables(path);
    if (!read.ok) throw new Error(read.reason);
    expect(read.file.sheets[0].rows[1]).toEqual(['=1+1', 1234.5, d('2026-11-23'), true]);
  });

  it('gives back CR, control characters and a typed "_x0041_" exactly, as Excel escapes them', async () => {
    const path = join(tempDir(), 'escapes.xlsx');
    const texts = ['line 1\r\nline 2', 'bell\u0007', 'code _x0041_ stays', 'tab\tand\nLF'];
    await writeTidyWorkbook(path, [{ name: 'Notes', columns: [{ header: 'Note' }], rows: texts.map((t) => [t]) }]);
    const read = await readFileTables(path);
    if (!read.ok) throw new Error(read.reason);
    expect(read.file.sheets[0].rows.slice(1).map((r) => r[0])).toEqual(texts);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    // exceljs, a second reader, agrees on every one.
    expect([2, 3, 4, 5].map((row) => workbook.getWorksheet('Notes')!.getCell(`A${row}`).value)).toEqual(texts);
  });

  it('reads back numbers of every shape and text repeated down a column, across sheets and chunks', async () => {
    const path = join(tempDir(), 'numbers.xlsx');
    // Numbers the byte writer formats itself (whole, negative) and those it leaves to String() (fractions, ≥ 1e15, exponents).
    const numbers = [
      0,
      -0.5,
      -3,
      7,
      10,
      99,
      100,
      123456789012345,
      999999999999999,
      1e15,
      2 ** 53,
      1e21,
      0.1 + 0.2,
      46349.541666666664,
      -1234.56,
      5e-7,
    ];
    // 8000 rows (about 1.3 MB of XML) push the sheet past one 1 MB chunk; the text repeats down the column in runs of three and also
    // appears in column C.
    const rows = Array.from({ length: 8000 }, (_, i) => [
      `deal ${Math.floor(i / 3)}`,
      numbers[i % numbers.length],
      i % 2 ? 'deal 0' : 'Ünïcödé ✓',
      d('2026-11-23'),
    ]);
    await writeTidyWorkbook(path, [
      {
        name: 'Numbers',
        columns: [{ header: 'Deal' }, { header: 'Value' }, { header: 'Other' }, { header: 'Day', format: FORMATS.date }],
        rows,
      },
      { name: 'Again', columns: [{ header: 'Deal' }], rows: [['deal 0'], ['Ünïcödé ✓']] },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('Numbers')!;
    expect(sheet.rowCount).toBe(8001);
    for (let i = 0; i < rows.length; i++) {
      const row = sheet.getRow(i + 2);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual(rows[i]);
    }
    expect(
      workbook
        .getWorksheet('Again')!
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[])[1]),
    ).toEqual(['Deal', 'deal 0', 'Ünïcödé ✓']);
  });
});
