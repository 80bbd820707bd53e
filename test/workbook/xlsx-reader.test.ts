import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeDemoWorkbook } from '../../src/cli/commands/demo';
import { readFileTables, workbookTables } from '../../src/workbook/read';
import { isDateFormatCode, readXlsx } from '../../src/workbook/xlsx-reader';
import { writeTidyWorkbook } from '../../src/workbook/xlsx-writer';
import { recalculate } from '../e2e/helpers/libreoffice';
import { LIBREOFFICE, leftOutWithout } from '../e2e/helpers/system-tools';
import {
  HISTORY_MOVES,
  d,
  storedZip,
  tempDir,
  writeAwkwardCellsWorkbook,
  writeHistoryWorkbook,
  writeSmallWorkbook,
  writeText,
  writeXlsx,
} from './fixtures';
import { SUITE_SEED } from '../fuzz/seed';

const dir = tempDir();

/** The tables exceljs's full reader gives: the independent reference for ours. */
async function viaExcelJs(path: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbookTables(workbook).map(({ name, rows, merges }) => ({ name, rows, merges: [...merges].sort() }));
}

async function viaOurReader(path: string) {
  return (await readXlsx(await readFile(path))).map(({ name, rows, merges }) => ({ name, rows, merges: [...merges].sort() }));
}

async function expectSameAsExcelJs(path: string) {
  const ours = await viaOurReader(path);
  expect(ours).toEqual(await viaExcelJs(path));
  return ours;
}

describe('the same tables as exceljs', () => {
  it('reads formula results, merged cells, dates typed as text, and moved columns', async () => {
    // A NOW() formula never calculated: no cached result.
    const path = await writeAwkwardCellsWorkbook(join(dir, 'cells.xlsx'), (workbook) => {
      workbook.getWorksheet('Deals')!.getCell('G2').value = { formula: 'NOW()' };
    });
    const [, deals] = await expectSameAsExcelJs(path);
    // Written by hand above: the formula's cached 1500, the merge's first value in E3, no result for NOW() → blank.
    expect(deals.rows[2][1]).toBe(1500);
    expect(deals.rows[2][4]).toBe('ann@example.com');
    expect(deals.rows[1][6]).toBeNull();
    expect(deals.merges).toEqual(['E2:E3']);
  });

  it('reads rich text, hyperlinks, error values, booleans, shared formulas, custom date formats and times', async () => {
    const path = await writeXlsx(
      join(dir, 'kinds.xlsx'),
      { Deals: [['Deal ID', 'Note', 'Link', 'Check', 'Won', 'Due', 'At', 'Share']] },
      (workbook) => {
        const sheet = workbook.getWorksheet('Deals')!;
        sheet.getCell('B2').value = { richText: [{ text: 'Big ', font: { bold: true } }, { text: 'deal & co' }] };
        sheet.getCell('C2').value = { text: 'Acme site', hyperlink: 'https://acme.example/' };
        sheet.getCell('D2').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
        sheet.getCell('D3').value = { formula: 'A1/0', result: { error: '#DIV/0!' } } as ExcelJS.CellFormulaValue;
        sheet.getCell('E2').value = true;
        sheet.getCell('E3').value = false;
        sheet.getCell('F2').value = d('2026-11-23');
        sheet.getCell('F2').numFmt = 'dd"d"/mm/yyyy';
        sheet.getCell('F3').value = 46349;
        sheet.getCell('F3').numFmt = '[$-409]#,##0 "days"';
        sheet.getCell('G2').value = new Date('2026-11-23T14:05:00Z');
        sheet.getCell('G2').numFmt = 'yyyy-mm-dd hh:mm';
        sheet.getCell('H2').value = {
          formula: 'F3*2',
          result: 92698,
          shareType: 'shared',
          ref: 'H2:H3',
        } as unknown as ExcelJS.CellFormulaValue;
        sheet.getCell('H3').value = { sharedFormula: 'H2', result: 7 } as ExcelJS.CellSharedFormulaValue;
        sheet.getCell('A4').value = { formula: '"x"&"y"', result: 'xy' };
        sheet.getCell('A5').value = { formula: 'TRUE()', result: true };
      },
    );
    const [deals] = await expectSameAsExcelJs(path);
    // Each value as set above: serial 46349 is 2026-11-23 (25569 is 1970-01-01, plus 20780 days).
    expect(deals.rows[1]).toEqual([
      null,
      'Big deal & co',
      'Acme site',
      '#N/A',
      true,
      d('2026-11-23'),
      new Date('2026-11-23T14:05:00Z'),
      92698,
    ]);
    expect(deals.rows[2].slice(3)).toEqual(['#DIV/0!', false, 46349, null, 7]);
    expect(deals.rows[3][0]).toBe('xy');
    expect(deals.rows[4][0]).toBe(true);
  });

  it('reads the 1904 date system', async () => {
    const path = await writeXlsx(join(dir, '1904.xlsx'), { Deals: [['Created'], [d('2026-11-23')]] }, (workbook) => {
      workbook.properties.date1904 = true;
    });
    const [deals] = await expectSameAsExcelJs(path);
    // Stored as 46349 − 1462 = 44887 days after 1904-01-01, read back as the same day.
    expect(deals.rows[1][0]).toEqual(d('2026-11-23'));
  });

  it('reads the small, history and demo workbooks', async () => {
    await expectSameAsExcelJs(await writeSmallWorkbook(dir));
    const history = await expectSameAsExcelJs(await writeHistoryWorkbook(dir));
    expect(history.find((s) => s.name === 'Stage history')!.rows.length).toBe(HISTORY_MOVES.length);
    const demo = join(dir, 'demo.xlsx');
    await writeDemoWorkbook(demo, d('2026-11-23'), 200);
    const sheets = await expectSameAsExcelJs(demo);
    expect(sheets.map((s) => s.name)).toContain('Deals');
  });

  it('reads workbooks from the exceljs streaming writer with shared strings on and off', async () => {
    for (const useSharedStrings of [true, false]) {
      const path = join(dir, `stream-${useSharedStrings}.xlsx`);
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings });
      const sheet = workbook.addWorksheet('Deals');
      sheet.addRow(['Deal ID', 'Amount', 'Created', 'Note']).commit();
      for (let i = 1; i <= 50; i++) sheet.addRow([`D${i}`, i * 1.5, d('2026-01-01'), i % 3 ? `note <${i}> & "more"` : null]).commit();
      sheet.commit();
      await workbook.commit();
      const [deals] = await expectSameAsExcelJs(path);
      // Row 3 holds deal 2: 2 × 1.5 = 3.
      expect(deals.rows[2]).toEqual(['D2', 3, d('2026-01-01'), 'note <2> & "more"']);
    }
  });

  it('reads a workbook from our own writer', async () => {
    const path = join(dir, 'tidy.xlsx');
    await writeTidyWorkbook(path, [
      {
        name: 'Facts',
        columns: [
          { header: 'Deal ID' },
          { header: 'Amount', format: '#,##0.00' },
          { header: 'Day', format: 'yyyy-mm-dd' },
          { header: 'Won' },
        ],
        rows: [
          ['D1', 1234.5, d('2026-11-23'), true],
          ['D2 & <co>', -7, null, false],
          [null, 1e20, d('1999-12-31'), null],
        ],
      },
    ]);
    const [facts] = await expectSameAsExcelJs(path);
    expect(facts.rows[2]).toEqual(['D2 & <co>', -7, null, false]);
  });
});

describe('random tables', () => {
  const text = fc.string({
    unit: fc.constantFrom('a', 'Z', ' ', '<', '>', '&', '"', "'", ';', '\n', '\t', '😀', 'ש', '\u200b', '_', 'x', '0', 'ä', '中'),
    maxLength: 12,
  });
  const cell = fc.oneof(
    text,
    fc.constantFrom(0, -1, 0.1, 1e-7, 1e20, -123.456, 46349),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc
      .date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => new Date(Math.round(date.getTime() / 1000) * 1000)),
    fc.constant(null),
  );
  const table = fc.array(fc.array(cell, { maxLength: 6 }), { minLength: 1, maxLength: 8 });

  it('reads back whatever exceljs wrote, exactly as exceljs reads it', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(table, fc.boolean(), async (rows, sharedStrings) => {
        const path = join(dir, `random-${run++}.xlsx`);
        if (sharedStrings) await writeXlsx(path, { Deals: rows });
        else {
          // exceljs decodes &lt; in t="str" text twice (a bug of its own), so that path gets no text holding an entity.
          const safe = rows.map((row) => row.map((v) => (typeof v === 'string' && /&[a-z]*;/.test(v) ? 'x' : v)));
          const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
          const sheet = workbook.addWorksheet('Deals');
          for (const row of safe) sheet.addRow(row).commit();
          sheet.commit();
          await workbook.commit();
        }
        await expectSameAsExcelJs(path);
      }),
      { numRuns: 60, seed: SUITE_SEED },
    );
  });
});

describe('files that are not sound zips', () => {
  async function reasonFor(name: string, bytes: Buffer): Promise<string> {
    const read = await readFileTables(await writeText(join(dir, name), bytes));
    if (read.ok) expect.fail(`${name} must not read`);
    expect(read.reason).not.toMatch(/\n|\bat \S+ \(|node:internal/);
    return read.reason;
  }

  it('says a truncated workbook is truncated', async () => {
    const whole = await readFile(await writeSmallWorkbook(dir, 'whole.xlsx'));
    expect(await reasonFor('cut.xlsx', whole.subarray(0, Math.floor(whole.length / 2)))).toMatch(
      /could not be read as an \.xlsx workbook: the zip directory .* is missing \(the file is truncated/,
    );
  });

  it('says a damaged part is damaged', async () => {
    const whole = Buffer.from(await readFile(await writeSmallWorkbook(dir, 'whole2.xlsx')));
    // Overwrite the start of the Deals sheet's deflated data (its local header is first in the file):
    // the deflate stream or its checksum fails.
    const header = whole.indexOf('xl/worksheets/sheet1.xml') - 30;
    expect(whole.readUInt32LE(header)).toBe(0x04034b50);
    const dataStart = header + 30 + whole.readUInt16LE(header + 26) + whole.readUInt16LE(header + 28);
    for (let i = dataStart + 10; i < dataStart + 60; i++) whole[i] = 0x55;
    expect(await reasonFor('damaged.xlsx', whole)).toMatch(
      /could not be read as an \.xlsx workbook: the part .* (does not decompress|fails its checksum|is \d+ bytes)/,
    );
  });

  it('refuses an encrypted zip entry with a message saying so', async () => {
    const whole = Buffer.from(await readFile(await writeSmallWorkbook(dir, 'whole3.xlsx')));
    // Set bit 0 (encrypted) of the general-purpose flags in every central directory header.
    for (
      let at = whole.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at >= 0;
      at = whole.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    )
      whole[at + 8] |= 1;
    expect(await reasonFor('zipcrypto.xlsx', whole)).toMatch(/is encrypted \(a zip password\)/);
  });

  it('says a zip without a workbook part is not a workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Deals');
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    // Rename xl/workbook.xml in the central directory and root relationships so that it is not found.
    const renamed = Buffer.from(bytes.toString('latin1').split('xl/workbook.xml').join('xl/workbook.xmz'), 'latin1');
    expect(await reasonFor('noworkbook.xlsx', renamed)).toMatch(/the zip holds no xl\/workbook\.xmz|no xl\/workbook/);
  });
});

describe('date formats', () => {
  it('keeps a date-formatted number Excel cannot show as a date (below 0, past 9999-12-31) as the number', async () => {
    const path = join(dir, 'far-dates.xlsx');
    // Serial 2958465 is 9999-12-31 (Excel's last day); 2958466 and 1e308 show as #### in Excel, -1 too.
    await writeTidyWorkbook(path, [
      { name: 'Deals', columns: [{ header: 'Created', format: 'yyyy-mm-dd' }], rows: [[2958465], [2958466], [1e308], [-1]] },
    ]);
    const [deals] = await readXlsx(await readFile(path));
    expect(deals.rows.slice(1)).toEqual([[new Date(Date.UTC(9999, 11, 31))], [2958466], [1e308], [-1]]);
  });

  it("writes a Date outside Excel's calendar as its ISO text, so nothing is lost", async () => {
    const path = join(dir, 'old-dates.xlsx');
    await writeTidyWorkbook(path, [
      { name: 'Deals', columns: [{ header: 'Created', format: 'yyyy-mm-dd' }], rows: [[d('1899-12-29')], [d('1900-03-01')]] },
    ]);
    const [deals] = await readXlsx(await readFile(path));
    expect(deals.rows.slice(1)).toEqual([['1899-12-29'], [d('1900-03-01')]]);
  });

  it('tells date formats from number formats the way exceljs does', () => {
    expect(['yyyy-mm-dd', 'd-mmm-yy', 'h:mm', '[h]:mm:ss', 'dd"d"/mm/yyyy', '[$-409]mmm yyyy'].every(isDateFormatCode)).toBe(true);
    expect(['0.00', '#,##0 "days"', '[Red]0%', '@', 'General', '0.00E+00'].some(isDateFormatCode)).toBe(false);
  });
});

describe('LibreOffice', () => {
  it.skipIf(leftOutWithout(LIBREOFFICE))(
    'reads a workbook LibreOffice saved from a CSV the same as exceljs',
    async () => {
      const csv = join(dir, 'lo-deals.csv');
      await writeFile(
        csv,
        'Deal ID,Amount,Created,Note\r\n' +
          'D1,1500,2026-11-23,"a & b"\r\n' +
          'D2,-2.5,,"line ""quoted"""\r\n' +
          ',,,\r\n' +
          'D4,1e-7,2026-01-31,ünïcødé 😀\r\n',
      );
      const [xlsx] = await recalculate([csv], join(dir, 'lo-out'));
      const [sheet] = await expectSameAsExcelJs(xlsx);
      // LibreOffice turns ISO dates into date-formatted numbers: 2026-11-23 as a Date at UTC midnight.
      expect(sheet.rows[1]).toEqual(['D1', 1500, d('2026-11-23'), 'a & b']);
    },
    180_000,
  );
});

describe('a sheet larger than one 8 MB chunk', () => {
  it('reads every row whole across the chunk cuts, non-ASCII text included, with progress up to 1', async () => {
    const path = join(dir, 'big-sheet.xlsx');
    // Inline strings (no shared strings) make ~200 bytes of XML a row: 60,000 rows ≈ 12 MB, two chunk cuts at least.
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
    const sheet = writer.addWorksheet('Deals');
    sheet.addRow(['Deal', 'Amount', 'Note']).commit();
    const rows = 60_000;
    const note = (i: number) => `Ünïcödé ${i} — ✓ ${'x'.repeat(i % 50)} <&> 😀`;
    for (let i = 1; i <= rows; i++) sheet.addRow([`D-${i}`, i * 1.5, note(i)]).commit();
    sheet.commit();
    await writer.commit();

    const progress: number[] = [];
    const [read] = await readXlsx(await readFile(path), { onRows: (_, share) => progress.push(share) });
    expect(read.rows).toHaveLength(rows + 1);
    // Every row as written (worked out from the generator, not from another reader).
    for (const i of [1, 2, 9_999, 30_000, 45_678, rows]) expect(read.rows[i]).toEqual([`D-${i}`, i * 1.5, note(i)]);
    expect(read.rows.every((row, i) => i === 0 || (row.length === 3 && row[0] === `D-${i}`))).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((share, i) => i === 0 || share >= progress[i - 1])).toBe(true);
  }, 60_000);
});

describe('repeated text and days', () => {
  it('reads back more distinct short texts than the interning table holds, and whole days beside times of day', async () => {
    const path = join(dir, 'interning.xlsx');
    // 20,000 unique IDs pass through the 16,384-slot table between the repeated stages; text with
    // references (&amp;) and CRs takes the long way. 9 days repeat down a column; times of day do not.
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
    const sheet = writer.addWorksheet('Stage history');
    sheet.addRow(['Deal ID', 'Stage', 'Day', 'Timestamp', 'Note']).commit();
    const stages = ['Lead', 'Qualified', 'Proposal & terms', 'Won'];
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + (i % 9)));
    const time = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    const note = (i: number) => (i % 5 === 0 ? `line\r\nnext ${i % 7}` : `n${i % 11}`);
    const rows = 20_000;
    for (let i = 1; i <= rows; i++) sheet.addRow([`ID-${i}`, stages[i % 4], day(i), time(i), note(i)]).commit();
    sheet.commit();
    await writer.commit();

    const [read] = await expectSameAsExcelJs(path);
    // Every row as written (worked out from the generator): CR LF is read as LF, as XML requires.
    for (let i = 1; i <= rows; i++)
      expect(read.rows[i]).toEqual([`ID-${i}`, stages[i % 4], day(i), time(i), note(i).replace('\r\n', '\n')]);
    // A day read twice is the same day, whichever Date object holds it; a time of day stays its own.
    expect((read.rows[1][2] as Date).getTime()).toBe((read.rows[10][2] as Date).getTime());
    expect((read.rows[1][3] as Date).getTime()).not.toBe((read.rows[10][3] as Date).getTime());
  }, 60_000);
});

describe('sheets written by other tools', () => {
  it('reads a namespace-prefixed sheet of inline strings larger than a chunk (OpenXML SDK / Apache POI style)', async () => {
    const rows = 70_000;
    const sheetRows: string[] = [];
    for (let i = 1; i <= rows; i++) {
      sheetRows.push(
        `<x:row r="${i}"><x:c r="A${i}" t="inlineStr"><x:is><x:t>Deal ${i} — ✓</x:t></x:is></x:c>` +
          `<x:c r="B${i}"><x:v>${i}</x:v></x:c></x:row>`,
      );
    }
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const packageRel = 'http://schemas.openxmlformats.org/package/2006/relationships';
    const zip = storedZip({
      '_rels/.rels':
        `<Relationships xmlns="${packageRel}"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/>` +
        `</Relationships>`,
      'xl/workbook.xml':
        `<x:workbook xmlns:x="${main}" xmlns:r="${rel}"><x:sheets><x:sheet name="Export" sheetId="1" r:id="rId1"/></x:sheets>` +
        `</x:workbook>`,
      'xl/_rels/workbook.xml.rels':
        `<Relationships xmlns="${packageRel}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `</Relationships>`,
      'xl/worksheets/sheet1.xml':
        `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${main}"><x:sheetData>${sheetRows.join('')}</x:sheetData>` +
        `</x:worksheet>`,
    });
    expect(zip.length).toBeGreaterThan(8 * 1024 * 1024);
    const [sheet] = await readXlsx(zip);
    expect(sheet.name).toBe('Export');
    expect(sheet.rows).toHaveLength(rows);
    for (const i of [1, 2, 35_000, 61_234, rows]) expect(sheet.rows[i - 1]).toEqual([`Deal ${i} — ✓`, i]);
  }, 60_000);
});

describe('attribute spelling', () => {
  it('reads r = "D1" with spaces around = as column D', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const packageRel = 'http://schemas.openxmlformats.org/package/2006/relationships';
    const zip = storedZip({
      'xl/workbook.xml': `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels':
        `<Relationships xmlns="${packageRel}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `</Relationships>`,
      'xl/worksheets/sheet1.xml':
        `<worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1"><v>1</v></c><c r = 'D1' ><v>7</v></c></row></sheetData>` +
        `</worksheet>`,
    });
    const [sheet] = await readXlsx(zip);
    expect(sheet.rows).toEqual([[1, null, null, 7]]);
  });
});

describe('formula cells from other producers', () => {
  it('gives a formula cell with t="s" the shared string its cached value points at', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const packageRel = 'http://schemas.openxmlformats.org/package/2006/relationships';
    const zip = storedZip({
      'xl/workbook.xml': `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels':
        `<Relationships xmlns="${packageRel}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      'xl/sharedStrings.xml': `<sst xmlns="${main}" count="2" uniqueCount="2"><si><t>Lead</t></si><si><t>Won</t></si></sst>`,
      'xl/worksheets/sheet1.xml':
        `<worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><f>A1</f><v>1</v></c></row>` +
        `</sheetData></worksheet>`,
    });
    const [sheet] = await readXlsx(zip);
    expect(sheet.rows).toEqual([['Won', 'Won']]);
  });
});

describe('damaged worksheet XML: counterexamples found by test/fuzz/xlsx-xml.fuzz.test.ts', () => {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const packageRel = 'http://schemas.openxmlformats.org/package/2006/relationships';
  const book = (sheetData: string, strings = '', end = '</sheetData></worksheet>') =>
    storedZip({
      'xl/workbook.xml': `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels':
        `<Relationships xmlns="${packageRel}"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      'xl/sharedStrings.xml': `<sst xmlns="${main}">${strings}</sst>`,
      'xl/worksheets/sheet1.xml': `<worksheet xmlns="${main}"><sheetData>${sheetData}${end}`,
    });

  // Before the fix: the first two lost the row's cells without a word, the next two ran out of memory
  // (300 million rows, column ZZZZZZ), and the last four never finished (the search wrapped to the chunk's start).
  it.each([
    ['<row r="abc"><c r="A1"><v>1</v></c></row>', '', 'a row is numbered "abc", but rows run from 1 to 1048576'],
    ['<row r="0"><c r="A1"><v>1</v></c></row>', '', 'a row is numbered "0", but rows run from 1 to 1048576'],
    ['<row r="300000000"><c r="A1"><v>1</v></c></row>', '', 'a row is numbered "300000000", but rows run from 1 to 1048576'],
    ['<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>', '', 'a cell in row 1 lies beyond column XFD, the last a worksheet has'],
    ['<row r="1"><c r="A1"><v>1</c></row>', '', 'a value in row 1 is cut short'],
    ['<row r="1"><c r="A1"><f>A2</c></row>', '', 'a formula in row 1 is cut short'],
    ['<row r="1"><c r="A1" t="s"><v>0</v></c></row>', '<si><t>cut</si>', 'a piece of text (<t>) is cut short'],
  ])('%s %s is refused with a reason', async (sheetData, strings, reason) => {
    await expect(readXlsx(book(sheetData, strings))).rejects.toThrow(reason);
  });

  it('a sheet that ends inside a row tag is refused (it used to rescan the chunk from its start for ever)', async () => {
    await expect(readXlsx(book('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"', '', ''))).rejects.toThrow(
      'the row after row 1 is cut short',
    );
  });

  it('still reads the last row a worksheet has (1048576) and column XFD', async () => {
    const [sheet] = await readXlsx(book('<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>'));
    // XFD is column 16384 (24·26² + 6·26 + 4 = 16384), so the value sits at index 16383 of the last row.
    expect(sheet.rows).toHaveLength(1_048_576);
    expect(sheet.rows[1_048_575]).toHaveLength(16_384);
    expect(sheet.rows[1_048_575][16_383]).toBe(7);
  });
});
