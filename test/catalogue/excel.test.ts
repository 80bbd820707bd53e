/**
 * The bad-input catalogue in Excel: each typed case is put in the Office fake as
 * Excel hands cells to an add-in (a date is its serial day number, a blank is ''),
 * with the case's Stages or the defaults and History as "Stage history", and the task
 * pane's "Validate all" runs. Each expected message must come back at its sheet,
 * row, column and cell address, and the add-in must write nothing at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { validateAll } from '../../excel-addin/src/actions';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { CASES, HISTORY_SHEET_ON, findingsOn, type Case, type Table } from './cases';

/** 1899-12-30 is day 0 of Excel's 1900 date system; 86 400 000 ms in a day. */
const serial = (date: Date) => date.getTime() / 86_400_000 + 25_569;
const cells = (table: Table): Cell[][] => table.map((row) => row.map((v) => (v === null ? '' : v instanceof Date ? serial(v) : v)));
const letter = (index: number) => String.fromCharCode(65 + index);

let fake: FakeExcel;
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

function load(c: Case): void {
  const sheets: Record<string, Cell[][]> = { Deals: cells(c.deals!) };
  // Without a Stages sheet the add-in validates nothing; a case without its own gets the defaults, as in sheets.test.ts.
  sheets.Stages = cells(c.stages ?? stagesToTable(DEFAULT_CONFIG));
  if (c.history) sheets[HISTORY_SHEET_ON.excel] = cells(c.history);
  fake = new FakeExcel(sheets);
  (globalThis as { Excel?: unknown }).Excel = fake.global;
}

describe('Validate all in the Excel task pane on each catalogue case', () => {
  for (const c of CASES.filter((c) => c.surfaces.includes('excel'))) {
    it(`${c.id} ${c.title}`, async () => {
      load(c);
      const before = structuredClone([...fake.sheets.entries()]);
      const findings = await validateAll();
      for (const f of findingsOn(c, 'excel')) {
        const hit = findings.find((x) => x.sheet === f.sheet && x.row === f.row && x.column === f.column && x.message.includes(f.says));
        expect(hit, `${c.id}: ${f.sheet} row ${f.row}, ${f.column}: ${f.says}\n${JSON.stringify(findings, null, 1)}`).toBeDefined();
        expect(hit!.severity).toBe(f.severity);
        if (f.sheet !== 'Deals') continue;
        // The cell the pane selects: the finding's column, or column A when the sheet lacks that column.
        const header = c.deals!.find((r) => r.includes(f.column)) ?? [];
        expect(hit!.address).toBe(`${letter(Math.max(header.indexOf(f.column), 0))}${f.row}`);
      }
      if (c.checkSays?.includes('No problems found.')) expect(findings).toEqual([]);
      expect(fake.writes).toEqual([]);
      expect([...fake.sheets.entries()]).toEqual(before);
    });
  }
});
