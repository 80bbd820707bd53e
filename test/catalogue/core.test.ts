/**
 * The bad-input catalogue through the core readers: readStages, readDeals and
 * readHistory for the tables a user typed, readFileTables first for the files. For
 * each case: every expected message is there at its sheet, row and column; every
 * error the readers give is in the catalogue (so the list stays complete); values
 * typed in an accepted way read as the catalogue says; every non-blank row is a deal
 * or has a problem; and the input (array or file bytes) is exactly as before.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBlank } from '../../src/core/cells';
import { readDeals, type DealsRead } from '../../src/core/deals';
import { readHistory } from '../../src/core/history';
import { DEFAULT_CONFIG, readStages } from '../../src/core/stages';
import type { PipelineConfig, Problem } from '../../src/core/types';
import { readFileTables } from '../../src/workbook/read';
import { tempDir } from '../workbook/fixtures';
import { CASES, findingsOn, where, type Case, type Table } from './cases';
import { BLANK_ROWS, makeFiles } from './make-files';

const dir = tempDir();
beforeAll(() => makeFiles(dir), 60_000);

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const DIRECTION_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

interface Read {
  readonly problems: Problem[];
  readonly deals: DealsRead | null;
  readonly dealRows: Table | null;
}

function readTables(
  stages: Table | undefined,
  deals: Table | undefined,
  history: Table | undefined,
  options: { decimalComma?: boolean } = {},
): Read {
  const problems: Problem[] = [];
  let config: PipelineConfig = DEFAULT_CONFIG;
  if (stages) {
    const read = readStages(stages);
    config = read.config;
    problems.push(...read.problems);
  }
  const dealsRead = deals ? readDeals(deals, config, options) : null;
  if (dealsRead) problems.push(...dealsRead.problems);
  if (history) problems.push(...readHistory(history, config).problems);
  return { problems, deals: dealsRead, dealRows: deals ?? null };
}

/** What every case must satisfy once read. */
function expectCatalogued(c: Case, read: Read): void {
  const expected = findingsOn(c, 'core');
  for (const f of expected) {
    const hit = read.problems.find((p) => p.sheet === f.sheet && p.row === f.row && p.column === f.column && p.code === f.code);
    expect(hit, `${c.id}: ${where(f)} ${f.code} in ${JSON.stringify(read.problems)}`).toBeDefined();
    expect(hit!.severity).toBe(f.severity);
    expect(hit!.message).toContain(f.says);
  }
  // The catalogue lists every error: an error it does not name is a new behaviour to document.
  const unlisted = read.problems.filter(
    (p) => p.severity === 'error' && !expected.some((f) => f.sheet === p.sheet && f.row === p.row && f.code === p.code),
  );
  expect(unlisted, c.id).toEqual([]);
  for (const p of read.problems) {
    expect(p.message.length, `${c.id}: ${p.message.slice(0, 80)}`).toBeLessThan(400);
    expect(p.message).not.toMatch(DIRECTION_MARKS);
  }

  if (!read.deals || !read.dealRows) return;
  const { deals, columns } = read.deals;
  if (c.dealCount !== undefined) expect(deals.length).toBe(c.dealCount);
  for (const r of c.reads ?? []) {
    const deal = deals.find((d) => d.row === r.row);
    expect(deal, `${c.id}: a deal on row ${r.row}`).toBeDefined();
    expect(deal![r.field]).toEqual(r.value);
  }
  const accounted = new Set([...deals.map((d) => d.row), ...read.problems.filter((p) => p.sheet === 'Deals').map((p) => p.row)]);
  read.dealRows.forEach((row, i) => {
    if (i > columns.headerIndex && !row.every(isBlank))
      expect(accounted.has(i + 1), `${c.id}: row ${i + 1} is neither a deal nor a problem`).toBe(true);
  });
}

describe('the catalogue holds at least 40 numbered cases, each with its message', () => {
  it('numbers them C01, C02, … without gaps, and every finding has a message fragment', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    // Counted by hand: C01 … C68.
    expect(CASES.map((c) => c.id)).toEqual(CASES.map((_, i) => `C${String(i + 1).padStart(2, '0')}`));
    for (const c of CASES) for (const f of c.findings) expect(f.says.length, `${c.id} ${f.code}`).toBeGreaterThan(10);
  });
});

describe('tables typed by a user, through readStages, readDeals and readHistory', () => {
  for (const c of CASES.filter((c) => !c.file && c.surfaces.includes('core'))) {
    it(`${c.id} ${c.title}`, () => {
      const before = structuredClone({ stages: c.stages, deals: c.deals, history: c.history });
      const read = readTables(c.stages, c.deals, c.history);
      expectCatalogued(c, read);
      expect({ stages: c.stages, deals: c.deals, history: c.history }).toEqual(before);
    });
  }
});

describe('files, through readFileTables and then the readers', () => {
  for (const c of CASES.filter((c) => c.file && c.surfaces.includes('core'))) {
    it(`${c.id} ${c.title}`, async () => {
      const path = join(dir, c.file!);
      const hash = sha256(path);
      const file = await readFileTables(path);
      expect(sha256(path)).toBe(hash);
      if (c.exit === 2) {
        expect(file.ok).toBe(false);
        for (const text of c.checkSays ?? []) expect(file.ok ? '' : file.reason).toContain(text);
        return;
      }
      expect(file.ok).toBe(true);
      if (!file.ok) return;
      const sheet = (name: string) => file.file.sheets.find((s) => s.name === name)?.rows;
      expectCatalogued(c, readTables(sheet('Stages'), sheet('Deals'), sheet('History'), { decimalComma: file.file.decimalComma }));
    });
  }

  it('C35 holds its 50 000 blank rows as rows (so the case tests what it says)', async () => {
    const file = await readFileTables(join(dir, 'blank-rows-50k.xlsx'));
    // Header + 3 deals + 50 000 formatted rows.
    expect(file.ok && file.file.sheets[0].rows.length).toBe(4 + BLANK_ROWS);
  });

  it('C36 the file reader reports the merged range and fills it with its first value', async () => {
    const file = await readFileTables(join(dir, 'merged-stage.xlsx'));
    const deals = file.ok ? file.file.sheets.find((s) => s.name === 'Deals')! : null;
    expect(deals?.merges).toEqual(['D2:D4']);
    expect(deals?.rows.slice(1).map((row) => row[3])).toEqual(['Proposal', 'Proposal', 'Proposal']);
  });
});
