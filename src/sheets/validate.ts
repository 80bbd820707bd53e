/**
 * "Validate all deals": the Sheets side of the workflow in
 * src/workflows/validate-all.ts, which finds the problems (unreadable cells, and
 * fields a deal's stage requires but the row lacks) and labels them with the sheet's
 * own headers. This file reads Stages and Deals once, marks each problem's cell with
 * a note and returns the list for the sidebar. The tool's notes start with a mark, so
 * a re-run replaces them and a user's own notes stay as they were. A problem with no
 * cell (a column the sheet lacks) is listed in the sidebar only, under the header Set
 * up workbook would write in the spreadsheet's language. Without a Stages sheet the
 * workflow refuses, and the sidebar says why.
 *
 * History's own problems are not read here: the Excel add-in lists them because it
 * reads the log anyway, while here they would cost two more service calls per run
 * (the sheet and its values), which the bench's budget for this menu does not allow.
 * `pipeline-sheets check` lists them.
 */
import { DEALS_SHEET, readDeals, STAGES_SHEET, type Language, type Problem } from '../core/index';
import { validateAllDeals } from '../workflows/validate-all';
import { NOTE_MARK, NOTE_SEPARATOR, userNote, withToolNote } from './edit';
import { HISTORY_SHEET, loadConfig, type Spreadsheet } from './workbook';
import { cellsToCore, type SheetZone } from './zone';

export interface Validation {
  readonly problems: readonly Problem[];
  /** Cells that got a note. */
  readonly marked: number;
}

export function validateAll(ss: Spreadsheet, zone: SheetZone, language: Language = 'en'): Validation {
  const stages = loadConfig(ss);
  const profile = { historySheet: HISTORY_SHEET, changedBy: '', language };
  const request = {
    config: stages.config,
    stagesMissing: stages.missing,
    stagesProblems: stages.problems,
    historyProblems: [],
    headerLanguage: language,
  };
  if (stages.missing) {
    const refused = validateAllDeals({ ...request, deals: null }, profile).refused;
    return {
      problems: [{ sheet: STAGES_SHEET, row: 1, column: '', code: 'stages-missing', message: refused, severity: 'error' }],
      marked: 0,
    };
  }
  const sheet = ss.getSheetByName(DEALS_SHEET);
  if (!sheet) return { problems: validateAllDeals({ ...request, deals: null }, profile).findings, marked: 0 };
  const range = sheet.getDataRange();
  const values = range.getValues();
  const plan = validateAllDeals({ ...request, deals: readDeals(cellsToCore(values, zone), stages.config) }, profile);

  const notes = range.getNotes().map((row) => row.map(userNote));
  const ours = new Set<string>();
  let marked = 0;
  for (const finding of plan.findings) {
    if (finding.columnIndex === null) continue;
    const r = finding.row - 1;
    const c = finding.columnIndex;
    if (r < 0 || r >= notes.length || c >= notes[r].length) continue;
    const key = `${r},${c}`;
    if (ours.has(key)) {
      const own = userNote(notes[r][c]);
      const message = notes[r][c].slice(NOTE_MARK.length, own ? notes[r][c].indexOf(NOTE_SEPARATOR) : undefined);
      notes[r][c] = withToolNote(own, `${message}\n${finding.message}`);
    } else {
      notes[r][c] = withToolNote(notes[r][c], finding.message);
      ours.add(key);
      marked++;
    }
  }
  range.setNotes(notes);
  return { problems: plan.findings, marked };
}
