/**
 * The bad-input catalogue in Google Sheets: each typed case is loaded into the
 * Apps Script fake (Stages: the case's or the defaults; spreadsheet time zone UTC,
 * so a Date cell is the day the case names), and the menu item "Validate all deals"
 * is run through the built bundle. The sidebar must list each expected message on
 * the row of its sheet, row and column, HTML-escaped; the cell must carry it as a
 * note (a column the sheet lacks has no cell, so none gets a note); a note the user
 * wrote must survive; and no value on any sheet may change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { createGas, loadBundle } from '../fakes/gas';
import { buildOnce } from '../sheets/world';
import { CASES, findingsOn, type Case, type Table } from './cases';

beforeAll(() => buildOnce(), 120_000);

/** The five characters HTML needs escaped, written out here rather than taken from the product. */
const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const cells = (table: Table) => table.map((row) => row.map((v) => (v === null ? '' : v)));
const USER_NOTE = 'Header checked by Ann';
/** readDeals' codes for a column the Deals sheet lacks. */
const MISSING_COLUMN = ['column-missing', 'required-column-missing'];

function run(c: Case) {
  const world = createGas({ timeZone: 'Etc/UTC' });
  const ss = world.spreadsheet;
  ss.sheet('Stages').load(cells(c.stages ?? stagesToTable(DEFAULT_CONFIG)));
  const deals = ss.sheet('Deals');
  deals.load(cells(c.deals!));
  deals.putNote(1, 1, USER_NOTE);
  const before = { deals: deals.dump(), stages: ss.sheet('Stages').dump() };
  loadBundle(world).menuValidateDeals();
  const sidebar = world.ui.shown.find((s) => s.kind === 'sidebar');
  return { world, deals, before, sidebar };
}

describe('Validate all deals on each catalogue case', () => {
  for (const c of CASES.filter((c) => c.surfaces.includes('sheets'))) {
    it(`${c.id} ${c.title}`, () => {
      const { world, deals, before, sidebar } = run(c);
      expect(sidebar, c.id).toBeDefined();
      const rows = sidebar!.content.split('<tr').slice(1);
      for (const f of findingsOn(c, 'sheets')) {
        const cellsHtml = `<td>${html(f.sheet)}</td><td>${f.row}</td><td>${html(f.column)}</td><td>`;
        const row = rows.find((r) => r.includes(cellsHtml) && r.includes(html(f.says)));
        expect(row, `${c.id}: ${cellsHtml}…${f.says}`).toBeDefined();
        expect(row!.startsWith(` class="${f.severity}">`)).toBe(true);
        if (f.sheet !== 'Deals') continue;
        const header = c.deals!.find((r) => r.includes(f.column));
        // A column the sheet lacks, or a row below its data range (a header with no deals, C33; an empty
        // sheet's data range is still A1, C32), has no cell for a note: the sidebar alone says so (C02, C03, C56).
        if (MISSING_COLUMN.includes(f.code) || (f.code === 'required-missing' && !header) || f.row > Math.max(c.deals!.length, 1)) {
          expect(
            [...deals.notes.values()].filter((note) => note.includes(f.says)),
            `${c.id}: no note for ${f.column}`,
          ).toEqual([]);
          continue;
        }
        // The note sits on the finding's cell; a finding on no column (an empty sheet, C32) sits in column A.
        const column = Math.max((header ?? []).indexOf(f.column), 0) + 1;
        expect(deals.notes.get(`${f.row},${column}`), `${c.id}: note on row ${f.row}, column ${column}`).toContain(f.says);
      }
      if (c.checkSays?.includes('No problems found.')) expect(sidebar!.content).toContain('No problems found.');
      expect(deals.notes.get('1,1')!.endsWith(USER_NOTE)).toBe(true);
      expect(deals.dump()).toEqual(before.deals);
      expect(world.spreadsheet.sheet('Stages').dump()).toEqual(before.stages);
    });
  }
});
