import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, detectDelimiter, readCsvText, readFileTables, workbookTables } from '../../src/workbook/read';
import { loadPipeline } from '../../src/workbook/pipeline';
import { SMALL_DEALS, d, tempDir, writeAwkwardCellsWorkbook, writeSmallWorkbook, writeText } from './fixtures';

const dir = tempDir();

describe('files that cannot be read', () => {
  it('says a file is empty, missing, or a folder', async () => {
    const empty = await writeText(join(dir, 'empty.xlsx'), '');
    expect(await readFileTables(empty)).toEqual({ ok: false, reason: expect.stringContaining('is empty') });
    expect(await readFileTables(join(dir, 'nope.xlsx'))).toEqual({ ok: false, reason: expect.stringContaining('does not exist') });
    expect(await readFileTables(dir)).toEqual({ ok: false, reason: expect.stringContaining('is a folder') });
  });

  it('recognises a password-protected workbook by its Compound File header and EncryptionInfo stream', async () => {
    const header = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const encrypted = await writeText(
      join(dir, 'locked.xlsx'),
      Buffer.concat([header, Buffer.alloc(500), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(100)]),
    );
    const read = await readFileTables(encrypted);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(/password-protected/);
    const legacy = await writeText(join(dir, 'old.xls'), Buffer.concat([header, Buffer.alloc(600)]));
    const old = await readFileTables(legacy);
    if (!old.ok) expect(old.reason).toMatch(/old binary Excel file/);
    else expect.fail('an .xls file must not read');
  });

  it('calls a damaged zip corrupt instead of crashing, and a renamed text file not a workbook', async () => {
    const broken = await writeText(join(dir, 'broken.xlsx'), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(300, 7)]));
    const read = await readFileTables(broken);
    if (!read.ok) expect(read.reason).toMatch(/could not be read as an \.xlsx workbook/);
    else expect.fail('a broken zip must not read');
    const renamed = await writeText(join(dir, 'renamed.xlsx'), 'Deal ID,Stage\nD1,Lead\n');
    const notXlsx = await readFileTables(renamed);
    if (!notXlsx.ok) expect(notXlsx.reason).toMatch(/not a valid \.xlsx/);
    else expect.fail('a text file named .xlsx must not read');
  });
});

describe('CSV', () => {
  it('detects ; and , outside quotes', () => {
    expect(detectDelimiter('"Name; with semicolon",Stage,Amount\n')).toBe(',');
    expect(detectDelimiter('\uFEFFDeal ID;Stage;Amount\n')).toBe(';');
  });

  it('reads a ;-separated file with a BOM and decimal commas', async () => {
    const text = '\uFEFFDeal ID;Stage;Amount;Expected close\nD1;Lead;1.234,50;23.11.2026\nD2;Proposal;"2 000,25";2026-12-01\n';
    const path = await writeText(join(dir, 'eu.csv'), text);
    const loaded = await loadPipeline(path);
    if (!loaded.ok) throw new Error(loaded.reason);
    // 1.234,50 with a decimal comma is 1234.5; "2 000,25" is 2000.25.
    expect(loaded.pipeline.deals.map((deal) => deal.amount)).toEqual([1234.5, 2000.25]);
    expect(loaded.pipeline.deals[0].expectedClose?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(loaded.pipeline.deals[0].id).toBe('D1');
  });

  it('reads a ,-separated file where 1,234 is a thousand and more', () => {
    const read = readCsvText('Deal ID,Amount\nD1,"1,234"\n', 'x.csv');
    expect(read.ok && read.file.decimalComma).toBe(false);
    expect(readCsvText('\uFEFF  \n', 'blank.csv')).toEqual({ ok: false, reason: 'blank.csv is empty (no header row).' });
  });
});

describe('xlsx cells', () => {
  it('reads formula results, merged cells (with a warning), dates typed as text, and moved columns', async () => {
    const path = await writeAwkwardCellsWorkbook(join(dir, 'cells.xlsx'));
    const loaded = await loadPipeline(path);
    if (!loaded.ok) throw new Error(loaded.reason);
    const [a1, a2] = loaded.pipeline.deals;
    expect(a2.amount).toBe(1500);
    // The merged owner cell E2:E3 gives both rows the first cell's owner.
    expect(a2.owner).toBe('ann@example.com');
    expect(a2.stage).toBe('Lead');
    expect(a1.expectedClose?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(loaded.pipeline.problems).toContainEqual(
      expect.objectContaining({ code: 'merged-cells', row: 2, column: 'E', severity: 'warning' }),
    );
  });

  it('gives the same tables as the exceljs full reader, merged ranges included, for a file of any size', async () => {
    const path = await writeSmallWorkbook(dir, 'stream.xlsx');
    const read = await readFileTables(path);
    if (!read.ok) throw new Error(read.reason);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    expect(read.file.sheets).toEqual(workbookTables(workbook));
    expect(read.file.sheets.map((s) => s.name)).toEqual(['Deals', 'Stages']);
    expect(read.file.sheets[0].rows[1][8]).toEqual(d('2026-12-10'));
    expect(read.file.sheets[0].rows.length).toBe(SMALL_DEALS.length);
  });
});

describe('CSV encodings', () => {
  // Committed fixtures: the same four Spanish deals saved as UTF-8, Windows-1252 (what Excel on Windows saves as "CSV"), and UTF-16 LE and
  // BE with a BOM.
  const fixtures = join(__dirname, '..', 'fixtures', 'encodings');
  const expectedRows = [
    ['ES-1', 'Renovación anual', 'Café Olé S.A.', 'ana@example.com', 'Negociación', '12000', '2026-12-15'],
    ['ES-2', 'Ampliación 5.000 €', 'Señor Núñez e Hijos', 'jose@example.com', 'Calificación', '8000', '2027-01-20'],
  ];

  it.each([
    ['deals-utf-8.csv', 'utf-8', undefined],
    ['deals-windows-1252.csv', 'windows-1252', 'is not valid UTF-8, so it was read as Windows-1252'],
    ['deals-utf-16le.csv', 'utf-16le', undefined],
    ['deals-utf-16be.csv', 'utf-16be', undefined],
  ])('reads %s as %s, accents and € intact', async (name, encoding, note) => {
    const read = await readFileTables(join(fixtures, name));
    if (!read.ok) return expect.fail(read.reason);
    expect(read.file.encoding).toBe(encoding);
    if (note) expect(read.file.encodingNote).toContain(note);
    else expect(read.file.encodingNote).toBeUndefined();
    const rows = read.file.sheets[0].rows;
    expect(rows[0][0]).toBe('Deal ID');
    expect(rows.slice(1, 3)).toEqual(expectedRows);
  });

  it('reads the Windows-1252 bytes that Latin-1 lacks (0x80-0x9F): the euro sign, curly quotes, dashes', () => {
    // Per the WHATWG index-windows-1252: 0x80 €, 0x93 “, 0x94 ”, 0x96 –, 0x8A Š, 0x9F Ÿ; 0x81 has no character and stays U+0081.
    const bytes = Buffer.from([0x80, 0x20, 0x93, 0x4f, 0x4b, 0x94, 0x20, 0x96, 0x20, 0x8a, 0x9f, 0x81]);
    expect(decodeCsvBytes(bytes, 'x.csv')).toMatchObject({ ok: true, text: '€ “OK” – ŠŸ\u0081', encoding: 'windows-1252' });
    expect(decodeCsvBytes(bytes, 'x.csv', 'cp1252')).toMatchObject({ ok: true, text: '€ “OK” – ŠŸ\u0081' });
  });

  it('decodes a UTF-8 BOM away, and says nothing of a file that is plain UTF-8', () => {
    const text = 'Deal ID,Stage\r\nD1,Negociación\r\n';
    const withBom = decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'x.csv');
    expect(withBom).toEqual({ ok: true, text, encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.from(text), 'x.csv')).toEqual({ ok: true, text, encoding: 'utf-8' });
  });

  it('reads the encoding that --encoding names instead of guessing, and refuses a name it does not know', () => {
    const bytes = Buffer.from('Stage\r\nNegociaci\xf3n\r\n', 'latin1');
    // Told UTF-8, the ó byte (0xF3) is not UTF-8 and shows as U+FFFD: the override is obeyed, not second-guessed.
    expect(decodeCsvBytes(bytes, 'x.csv', 'utf-8')).toEqual({ ok: true, text: 'Stage\r\nNegociaci\uFFFDn\r\n', encoding: 'utf-8' });
    expect(decodeCsvBytes(bytes, 'x.csv', 'latin1')).toEqual({ ok: true, text: 'Stage\r\nNegociación\r\n', encoding: 'windows-1252' });
    expect(decodeCsvBytes(bytes, 'x.csv', 'klingon')).toEqual({
      ok: false,
      reason: '--encoding klingon: not an encoding this tool knows; use utf-8, utf-16le, utf-16be or windows-1252.',
    });
  });

  it('reads UTF-16 without a BOM only when told, and says how', async () => {
    const bytes = Buffer.from('Deal ID,Stage\r\nD1,Lead\r\n', 'utf16le');
    const path = await writeText(join(dir, 'no-bom-utf16.csv'), bytes);
    const guessed = await readFileTables(path);
    expect(guessed).toEqual({ ok: false, reason: expect.stringContaining('pass --encoding utf-16le (or utf-16be)') });
    const told = await readFileTables(path, { encoding: 'utf-16le' });
    if (!told.ok) return expect.fail(told.reason);
    expect(told.file.sheets[0].rows).toEqual([
      ['Deal ID', 'Stage'],
      ['D1', 'Lead'],
    ]);
  });
});
