/**
 * "Validate all deals": reads Deals once, lists every problem (unreadable cells, and
 * fields a deal's stage requires but the row lacks) in a sidebar by row and column,
 * and marks each cell with a note. The tool's notes start with a mark, so a re-run
 * replaces them and a user's own notes stay as they were. A problem about a column
 * the sheet lacks (no Stage column, no Amount column a stage requires) has no cell to
 * sit on, so it is listed in the sidebar only, under the column's proper header in
 * the spreadsheet's language ("Amount", not the internal "amount").
 */
import { cellText } from '../core/cells';
import { escapeHtml } from '../core/digest';
import { readDeals } from '../core/deals';
import { validateDeals } from '../core/moves';
import { DEAL_FIELDS, DEAL_HEADERS } from '../core/headers';
import type { DealField, Language, Problem } from '../core/types';
import { NOTE_MARK, NOTE_SEPARATOR, userNote, withToolNote } from './edit';
import type { SheetsLabels } from '../workflows/catalogue/index';
import { DEALS_SHEET, loadConfig, STAGES_SHEET, type Spreadsheet } from './workbook';
import { cellsToCore, type SheetZone } from './zone';

export interface Validation {
  readonly problems: readonly Problem[];
  /** Cells that got a note. */
  readonly marked: number;
}

/** readDeals' codes for a column the Deals sheet lacks: said in the sidebar, with no note. */
const MISSING_COLUMN_CODES = new Set(['column-missing', 'required-column-missing']);

export function validateAll(ss: Spreadsheet, zone: SheetZone, language: Language = 'en'): Validation {
  const loaded = loadConfig(ss);
  const stagesMissing: Problem[] = loaded.missing
    ? [{ sheet: STAGES_SHEET, row: 1, column: '', code: 'stages-missing', message: 'There is no Stages sheet (deleted or renamed), so the default stages were used. Rename it back, or run "Set up workbook" to create it.', severity: 'error' }]
    : [];
  const stages = { ...loaded, problems: [...stagesMissing, ...loaded.problems] };
  const sheet = ss.getSheetByName(DEALS_SHEET);
  if (!sheet) {
    const missing: Problem = { sheet: DEALS_SHEET, row: 1, column: '', code: 'deals-missing', message: 'There is no Deals sheet; run "Set up workbook" first.', severity: 'error' };
    return { problems: [...stages.problems, missing], marked: 0 };
  }
  const range = sheet.getDataRange();
  const values = range.getValues();
  const read = readDeals(cellsToCore(values, zone), stages.config);
  const headers = read.columns.headers;
  // A column the sheet lacks is named as Set up workbook would name it, so the user can add it as shown.
  const absent = new Set<string>();
  const label = (field: DealField) => {
    const index = read.columns.fields.get(field);
    if (index !== undefined) return headers[index];
    absent.add(DEAL_HEADERS[language][field]);
    return DEAL_HEADERS[language][field];
  };
  const readProblems = read.problems.map((p) => {
    if (p.code !== 'required-column-missing') return p;
    const field = DEAL_FIELDS.find((f) => DEAL_HEADERS.en[f] === p.column);
    return field ? { ...p, column: label(field) } : p;
  });
  const problems = [...stages.problems, ...readProblems, ...validateDeals(read.deals, stages.config, DEALS_SHEET, label)];

  const notes = range.getNotes().map((row) => row.map(userNote));
  const ours = new Set<string>();
  let marked = 0;
  for (const problem of problems) {
    if (problem.sheet !== DEALS_SHEET || MISSING_COLUMN_CODES.has(problem.code) || absent.has(cellText(problem.column))) continue;
    const r = problem.row - 1;
    let c = headers.indexOf(problem.column);
    if (c < 0) c = 0;
    if (r < 0 || r >= notes.length || c >= notes[r].length) continue;
    const key = `${r},${c}`;
    if (ours.has(key)) {
      const own = userNote(notes[r][c]);
      const message = notes[r][c].slice(NOTE_MARK.length, own ? notes[r][c].indexOf(NOTE_SEPARATOR) : undefined);
      notes[r][c] = withToolNote(own, `${message}\n${problem.message}`);
    } else {
      notes[r][c] = withToolNote(notes[r][c], problem.message);
      ours.add(key);
      marked++;
    }
  }
  range.setNotes(notes);
  return { problems, marked };
}
