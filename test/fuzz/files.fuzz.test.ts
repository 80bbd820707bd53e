/**
 * Fuzzing the file readers the command line opens: readCsvText on random text, a CSV
 * round trip (toCsv → readCsvText), an .xlsx round trip (writeTidyWorkbook → readXlsx)
 * with hostile cells, and readXlsx on damaged workbooks (bytes flipped, cut short).
 * What must hold: no throw out of readCsvText or readFileTables, a reason a person can
 * read when a file cannot be read, and every cell written comes back as the writer
 * promises (text as text, finite numbers as numbers, dates in a date column as Dates,
 * booleans as booleans, blanks and non-finite numbers as empty cells).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isoDateOrTime, looksLikeFormula, toCsv, type CoreCell } from '../../src/workbook/cells';
import { readCsvText, readFileTables } from '../../src/workbook/read';
import { FORMATS } from '../../src/workbook/tables';
import { readXlsx } from '../../src/workbook/xlsx-reader';
import { writeTidyWorkbook } from '../../src/workbook/xlsx-writer';
import { RUNS, cell, oddText } from './arbitraries';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows with their trailing empty cells dropped: writers and readers differ on where a row ends, not on what it holds. */
function trimmed(rows: readonly (readonly CoreCell[])[]): CoreCell[][] {
  const out = rows.map((row) => {
    const cells = [...row];
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
  while (out.length && out[out.length - 1].length === 0) out.pop();
  return out;
}

describe('readCsvText', () => {
  // Text made of the characters that matter to a CSV parser, plus hostile text.
  const token = fc.oneof(
    fc.constantFrom(',', ';', '\t', '"', '""', '\r\n', '\n', '\r', '\uFEFF', ' ', 'a', '1,5', "'=1+1", 'Deal ID', 'Stage'),
    oddText,
    fc.string({ maxLength: 5, unit: 'binary' }),
  );
  const csvText = fc.array(token, { maxLength: 60 }).map((parts) => parts.join(''));

  it('never throws on any text: it gives tables of text and blanks, or a reason that names the file', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        const read = readCsvText(text, 'deals.csv');
        if (!read.ok) {
          expect(read.reason).toContain('deals.csv');
          return;
        }
        for (const sheet of read.file.sheets)
          for (const row of sheet.rows) for (const value of row) expect(value === null || typeof value === 'string').toBe(true);
        expect(read.file.decimalComma).toBe(read.file.delimiter === ';');
      }),
      { numRuns: RUNS.files * 4 },
    );
  });

  it('reads back what toCsv wrote: each text as written, formula-looking text behind a quote, blanks as empty cells', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      oddText,
      fc.constantFrom('', ' ', '=1+1', '-5', '@x', 'a;b', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere'),
    );
    // The first row has two plain cells, so the delimiter is found from an unquoted comma as in any real export.
    const rows = fc.tuple(
      fc.constantFrom(['Deal ID', 'Stage'], ['Deal ID', 'Stage', 'Amount']),
      fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
    );
    fc.assert(
      fc.property(rows, ([header, body]) => {
        const written = [header, ...body];
        const read = readCsvText(toCsv(written), 'round.csv');
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        const expected = written.map((row) =>
          row.map((value): CoreCell => (value === '' ? null : looksLikeFormula(value) ? `'${value}` : value)),
        );
        expect(trimmed(read.file.sheets[0].rows)).toEqual(trimmed(expected));
      }),
      { numRuns: RUNS.files },
    );
  });
});

/** What writeTidyWorkbook promises a reader for a cell in a column with `format`. */
function expectedXlsxCell(value: unknown, dateColumn: boolean): CoreCell | 'serial' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // A number in a date column is a serial day, as in Excel: days since 1899-12-30 (25569 days before 1970), to the millisecond.
    // Excel shows no date for a serial below 0 or past 9999-12-31 (2958465), so the reader keeps that number for readDeals to report.
    if (dateColumn) return value >= 0 && value < 2_958_466 ? new Date(Math.round((value - 25_569) * 86_400_000)) : value;
    return Object.is(value, -0) ? 0 : value;
  }
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    // Outside Excel's calendar (before 1899-12-30, after 9999-12-31) the writer keeps the date as its ISO text.
    const serial = value.getTime() / 86_400_000 + 25_569;
    if (!(serial >= 0 && serial < 2_958_466)) return isoDateOrTime(value);
    return dateColumn ? value : 'serial';
  }
  // Controls, CR and U+FFFE/U+FFFF travel as Excel's _xHHHH_ escapes and come back as written; UTF-8 turns a lone surrogate into U+FFFD.
  return String(value).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

describe('xlsx round trip: writeTidyWorkbook, then readXlsx', () => {
  const header = fc.oneof(fc.constantFrom('Deal ID', 'Stage', 'Amount', 'Created'), oddText, fc.string({ minLength: 1, maxLength: 10 }));
  const workbook = fc.integer({ min: 1, max: 5 }).chain((width) =>
    fc.record({
      headers: fc.array(header, { minLength: width, maxLength: width }),
      dateColumns: fc.array(fc.boolean(), { minLength: width, maxLength: width }),
      rows: fc.array(fc.array(cell, { maxLength: width }), { maxLength: 12 }),
    }),
  );

  it('every cell comes back as the writer promises, and reading the file twice gives the same tables', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(workbook, async ({ headers, dateColumns, rows }) => {
        const path = join(dir, `round-${run++}.xlsx`);
        const columns = headers.map((h, i) => ({ header: h, format: dateColumns[i] ? FORMATS.date : undefined }));
        await writeTidyWorkbook(path, [{ name: 'Deals', columns, rows }]);
        const [sheet] = await readXlsx(await readFile(path));
        expect(sheet.name).toBe('Deals');
        headers.forEach((h, c) => {
          expect(sheet.rows[0][c] ?? null, `header ${c + 1}`).toEqual(expectedXlsxCell(h, false));
        });
        rows.forEach((row, r) => {
          const back = sheet.rows[r + 1] ?? [];
          headers.forEach((_, c) => {
            const expected = expectedXlsxCell(row[c], dateColumns[c]);
            const actual = back[c] ?? null;
            if (expected === 'serial') expect(typeof actual).toBe('number');
            else if (expected instanceof Date) {
              // The serial is written with ~15 significant digits: a millisecond either way.
              expect(actual).toBeInstanceOf(Date);
              const [got, want] = [(actual as Date).getTime(), expected.getTime()];
              expect(Math.abs(got - want), `row ${r + 2}, column ${c + 1}`).toBeLessThanOrEqual(1);
            } else expect(actual, `row ${r + 2}, column ${c + 1}`).toEqual(expected);
          });
        });
        const again = await readFileTables(path);
        expect(again.ok).toBe(true);
        if (again.ok) expect(trimmed(again.file.sheets[0].rows).length).toBe(trimmed(sheet.rows).length);
      }),
      { numRuns: RUNS.xlsx },
    );
  });

  it('a damaged workbook (bytes changed or cut short) gives sheets or a reason, never a throw or a hang', async () => {
    const path = join(dir, 'base.xlsx');
    await writeTidyWorkbook(path, [
      {
        name: 'Deals',
        columns: [{ header: 'Deal ID' }, { header: 'Created', format: FORMATS.date }],
        rows: [
          ['D1', new Date(Date.UTC(2026, 10, 23))],
          ['D2', 46_000],
        ],
      },
    ]);
    const good = await readFile(path);
    // Flips land anywhere, but more often in the zip's own bookkeeping (the first local header, and the central
    // directory and end record in the last bytes), where a wrong size or offset could send a reader astray.
    const position = fc.oneof(
      fc.nat(good.length - 1),
      fc.integer({ min: 0, max: 63 }),
      fc.integer({ min: Math.max(0, good.length - 800), max: good.length - 1 }),
    );
    const damage = fc.oneof(
      fc.record({ cut: fc.integer({ min: 0, max: good.length - 1 }) }),
      fc.record({ flips: fc.array(fc.tuple(position, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(damage, async (how) => {
        const bytes = Buffer.from(good);
        const damaged = 'cut' in how ? bytes.subarray(0, how.cut) : bytes;
        if ('flips' in how) for (const [at, value] of how.flips) damaged[at] = value;
        const file = join(dir, `damaged-${run++}.xlsx`);
        writeFileSync(file, damaged);
        const read = await readFileTables(file);
        if (!read.ok) expect(read.reason).toContain(file);
      }),
      { numRuns: RUNS.damaged },
    );
  });
});
