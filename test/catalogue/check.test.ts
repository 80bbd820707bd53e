/**
 * The bad-input catalogue through the command line: `check FILE` on each file of
 * the catalogue, and on each typed table written as an .xlsx (with a Stages sheet,
 * the defaults when the case has none) and, when a CSV can hold it, as a .csv. It
 * must exit 0 (clean or warnings), 1 (errors) or 2 (unreadable) as the catalogue
 * says, print each expected message on the line for its sheet, row and column, and
 * leave the file's bytes and modification time as they were.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { cli } from '../cli/helpers';
import { tempDir, writeXlsx } from '../workbook/fixtures';
import { CASES, HISTORY_SHEET_ON, findingsOn, where, type Case, type Table } from './cases';
import { makeFiles } from './make-files';

const dir = tempDir();
beforeAll(() => makeFiles(dir), 60_000);

/** A CSV line the way a spreadsheet saves it: fields with a comma, quote or line break are quoted. */
function csvText(table: Table): string {
  const field = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${table.map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

const csvable = (c: Case) =>
  c.csv !== false &&
  !c.stages &&
  !c.history &&
  c.deals!.length > 0 &&
  c.deals!.every((row) => row.every((v) => typeof v !== 'boolean' && !(v instanceof Date)));

/** Runs `check` and asserts what the catalogue says of it, and that the file is untouched. */
async function checkFile(c: Case, path: string): Promise<void> {
  const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
  const mtime = statSync(path).mtimeMs;
  // --all: check prints each kind of problem once with its first three rows; the catalogue looks for every row's line.
  const { code, out, err } = await cli(['check', path, '--all']);
  expect(code, `${c.id}\n${out}${err}`).toBe(c.exit);
  const lines = out.split('\n');
  for (const f of findingsOn(c, 'check')) {
    const line = lines.find((l) => l.includes(`${where(f)}: `) && l.includes(f.says));
    expect(line, `${c.id}: "${where(f)}: …${f.says}" in\n${out}`).toBeDefined();
    expect(line!.startsWith(f.severity === 'error' ? 'error ' : 'warning ')).toBe(true);
  }
  for (const text of c.checkSays ?? []) expect(c.exit === 2 ? err : out).toContain(text);
  expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(hash);
  expect(statSync(path).mtimeMs).toBe(mtime);
}

describe('check on the catalogue files', () => {
  for (const c of CASES.filter((c) => c.file && c.surfaces.includes('check'))) {
    it(`${c.id} ${c.title}`, () => checkFile(c, join(dir, c.file!)));
  }
});

describe('check on the typed tables, saved as .xlsx', () => {
  for (const c of CASES.filter((c) => !c.file && c.surfaces.includes('check'))) {
    it(`${c.id} ${c.title}`, async () => {
      const sheets: Record<string, unknown[][]> = { Stages: c.stages ?? stagesToTable(DEFAULT_CONFIG), Deals: c.deals! };
      if (c.history) sheets[HISTORY_SHEET_ON.check] = c.history;
      await checkFile(c, await writeXlsx(join(dir, `${c.id}.xlsx`), sheets));
    });
  }
});

describe('check on the typed tables, saved as .csv', () => {
  const cases = CASES.filter((c) => !c.file && c.surfaces.includes('check') && csvable(c));
  it('covers most typed cases', () => {
    // Left out: 16 with a Stages or History sheet (C44-C55, C64-C66, C71), C13 (a checkbox),
    // C18/C23/C24 (numbers in a date column), C32 (an empty sheet is an empty file, C59).
    expect(cases.length).toBe(CASES.filter((c) => !c.file).length - 21);
  });
  for (const c of cases) {
    it(`${c.id} ${c.title}`, async () => {
      const path = join(dir, `${c.id}.csv`);
      await writeFile(path, csvText(c.deals!));
      await checkFile(c, path);
    });
  }
});
