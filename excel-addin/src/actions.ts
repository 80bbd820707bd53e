/**
 * What the ribbon buttons and the task pane do, each as one Excel.run: set up the
 * workbook, move a deal, validate every deal, list stale deals per owner. They
 * translate between the sheet and the core and nothing more; the rules live in
 * src/core.
 */
import {
  DEALS_SHEET,
  DEAL_FIELDS,
  DEAL_HEADERS,
  DEFAULT_CONFIG,
  EXCEL_HISTORY_SHEET,
  HISTORY_HEADERS,
  STAGES_SHEET,
  checkMove,
  dealsHeader,
  digests,
  literalEntry,
  missingFields,
  moveEntry,
  nextStageOptions,
  parseDate,
  parseNumber,
  renderDigest,
  stagesToTable,
  staleDeals,
  validateDeals,
  type Deal,
  type DealField,
  type PipelineConfig,
  type Problem,
} from '../../src/core/index';
import { rememberStages } from './functions';
import { tellPane, type PaneFinding } from './pane-messages';
import { watchDeals } from './validation';
import {
  cellAddress,
  dealColumn,
  dealColumnLabel,
  dealsValueAt,
  HISTORY_SHEET_NAMES,
  readPipeline,
  selectCell,
  STAGES_MISSING,
  sheetReference,
  toExcelValue,
  wallClockInstant,
  wallClockSerial,
  writeMoves,
  type CellWrite,
  type PipelineBook,
} from './workbook';

/** Reads the workbook and keeps the Stages table for the custom functions. */
export async function loadBook(context: Excel.RequestContext): Promise<PipelineBook> {
  const book = await readPipeline(context);
  rememberStages(book.stagesValues);
  return book;
}

/** A deal as the move form lists it. */
export interface DealChoice {
  readonly row: number;
  readonly id: string;
  readonly name: string;
  readonly stage: string;
}

/** What the task pane shows: the configuration, the deals, and findings. */
export interface PaneSnapshot {
  readonly config: PipelineConfig;
  readonly deals: readonly DealChoice[];
  readonly hasDeals: boolean;
  /** STAGES_MISSING when the workbook has no Stages sheet (nothing can be moved), else ''. */
  readonly stagesMissing: string;
  readonly problems: readonly Problem[];
}

export async function snapshot(): Promise<PaneSnapshot> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    return {
      config: book.config,
      deals: book.dealsRead.deals.map((d) => ({ row: d.row, id: d.id, name: d.name, stage: d.stage })),
      hasDeals: book.hasDeals,
      stagesMissing: book.stagesMissing ? STAGES_MISSING : '',
      problems: book.problems,
    };
  });
}

/** The form for moving one deal: the stages it may go to and, per stage, the fields still missing. */
export interface MoveForm {
  readonly deal: DealChoice;
  readonly options: readonly { readonly stage: string; readonly missing: readonly { readonly field: DealField; readonly label: string }[]; readonly needsReason: boolean }[];
}

export function moveForm(config: PipelineConfig, deal: Deal, now: Date): MoveForm {
  const at = wallClockInstant(now);
  return {
    deal: { row: deal.row, id: deal.id, name: deal.name, stage: deal.stage },
    options: nextStageOptions(config, deal, at).map((stage) => {
      const probe = checkMove(config, deal, stage.name, at, { reason: '' });
      return {
        stage: stage.name,
        missing: missingFields(deal, stage).map((field) => ({ field, label: DEAL_HEADERS.en[field] })),
        needsReason: probe.reasons.some((r) => r.code === 'backward-needs-reason'),
      };
    }),
  };
}

/** The deal the pane picked: its Deal ID, and the 1-based Deals row it was listed on. */
export interface DealPick {
  readonly dealId: string;
  readonly row: number;
}

/**
 * Finds the picked deal in a fresh read of Deals, by its Deal ID: the user may have
 * sorted, inserted or deleted rows since the pane listed it, so the row is only where
 * to look first. A deal whose ID is gone, is on more than one row, or is blank (its
 * row is all that names it, and a sort changes that) is refused, and so is every move
 * while the Stages sheet is missing.
 */
export function findPickedDeal(book: PipelineBook, pick: DealPick): { readonly deal: Deal } | { readonly refused: string } {
  if (book.stagesMissing) return { refused: `${STAGES_MISSING} Nothing was moved.` };
  const idColumn = dealColumn(book, 'id');
  const onRow = book.dealsRead.deals.find((d) => d.row === pick.row);
  const typedId = (deal: Deal) => (idColumn === undefined ? '' : String(dealsValueAt(book, deal.row - 1, idColumn)).trim());
  if (onRow && onRow.id === pick.dealId && typedId(onRow) === '') {
    return { refused: `The deal on row ${pick.row} of Deals has no Deal ID, so the add-in cannot be sure it is still the deal you picked. Type a unique ID in its Deal ID column, then move it.` };
  }
  const matches = book.dealsRead.deals.filter((d) => d.id === pick.dealId && typedId(d) !== '');
  if (matches.length === 0) {
    return { refused: `Deal ${pick.dealId} is no longer on the Deals sheet (deleted, or its Deal ID changed); nothing was moved. Pick the deal again from the list.` };
  }
  if (matches.length > 1) {
    return { refused: `Deal ID ${pick.dealId} is on rows ${matches.map((d) => d.row).join(', ')} of Deals, so the add-in cannot tell which deal to move; give each deal its own ID, then move it. Nothing was moved.` };
  }
  return { deal: matches[0] };
}

/** Builds the move form for the picked deal, found by its Deal ID (see findPickedDeal); null when it cannot be found. */
export async function moveFormFor(pick: DealPick, now = new Date()): Promise<MoveForm | null> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const found = findPickedDeal(book, pick);
    return 'deal' in found ? moveForm(book.config, found.deal, now) : null;
  });
}

/** The 1-based sheet row of the active cell when it is on Deals, else null. */
export async function selectedDealRow(): Promise<number | null> {
  return Excel.run(async (context) => {
    const range = context.workbook.getActiveCell();
    range.load('rowIndex');
    range.worksheet.load('name');
    await context.sync();
    return range.worksheet.name === DEALS_SHEET ? range.rowIndex + 1 : null;
  });
}

export interface MoveRequest extends DealPick {
  readonly to: string;
  /** Values typed for missing fields, by field. */
  readonly fields: Readonly<Partial<Record<DealField, string>>>;
  readonly reason: string;
}

export interface MoveResult {
  readonly ok: boolean;
  readonly reasons: readonly string[];
}

const DATE_FIELDS: readonly DealField[] = ['created', 'expectedClose', 'closedOn', 'nextStepDate', 'stageChanged', 'snoozeUntil'];

/**
 * Moves a deal from the task pane: the deal is found by its Deal ID in a read made
 * in the same Excel.run as the write (findPickedDeal), the typed fields are read as
 * the core reads cells, the move is checked, and only a valid move is written (stage,
 * fields, reason, "Stage changed", the stage log) in one batch with events off, on the
 * row the deal is on now.
 */
export async function moveDeal(request: MoveRequest, now = new Date()): Promise<MoveResult> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    const found = findPickedDeal(book, request);
    if ('refused' in found) return { ok: false, reasons: [found.refused] };
    const deal = found.deal;
    const reasons: string[] = [];
    const updates: Record<string, unknown> = {};
    const cells: CellWrite[] = [];
    for (const [field, typed] of Object.entries(request.fields) as [DealField, string][]) {
      if (typed.trim() === '') continue;
      const column = dealColumn(book, field);
      const label = dealColumnLabel(book, field);
      if (column === undefined) {
        reasons.push(`The Deals sheet has no "${label}" column; add it, then move the deal again.`);
        continue;
      }
      if (field === 'amount') {
        const parsed = parseNumber(typed);
        if (!parsed.ok || parsed.value === null || parsed.value < 0) reasons.push(`${label}: "${typed}" is not an amount; type a number such as 12500.`);
        else {
          updates.amount = parsed.value;
          cells.push({ row: deal.row - 1, column, value: parsed.value });
        }
      } else if (DATE_FIELDS.includes(field)) {
        // In the Stages sheet's Date order, as the Deals sheet's own text dates are read: 03/04/2026 is 4 March under mdy.
        const parsed = parseDate(typed, book.config.rules.dateOrder);
        if (!parsed.ok || !parsed.date) reasons.push(`${label}: "${typed}" is not a date; type it as 2026-11-23.`);
        else {
          updates[field] = parsed.date;
          cells.push({ row: deal.row - 1, column, value: toExcelValue(parsed.date), numberFormat: 'yyyy-mm-dd' });
        }
      } else {
        // Owners are kept as typed, as readDeals keeps them (ownerKey compares addresses whatever their case).
        updates[field] = typed.trim();
        cells.push({ row: deal.row - 1, column, value: typed.trim() });
      }
    }
    const updated: Deal = { ...deal, ...updates };
    const at = wallClockInstant(now);
    const check = checkMove(book.config, updated, request.to, at, { reason: request.reason });
    if (!check.ok || reasons.length > 0) return { ok: false, reasons: [...reasons, ...check.reasons.map((r) => r.message)] };
    const to = check.to?.name ?? request.to;
    cells.push({ row: deal.row - 1, column: dealColumn(book, 'stage')!, value: to });
    const changed = dealColumn(book, 'stageChanged');
    if (changed !== undefined) cells.push({ row: deal.row - 1, column: changed, value: wallClockSerial(now), numberFormat: 'yyyy-mm-dd hh:mm' });
    const reasonColumn = dealColumn(book, 'moveReason');
    if (reasonColumn !== undefined && request.reason.trim()) cells.push({ row: deal.row - 1, column: reasonColumn, value: request.reason.trim() });
    await writeMoves(context, book, cells, [moveEntry(updated, deal.stage, to, at, '', 'menu', book.config)]);
    const moved = deal.row === request.row ? '' : ` (it is on row ${deal.row} now, not row ${request.row})`;
    tellPane({ kind: 'status', text: `${deal.id} moved from "${deal.stage}" to "${to}" and recorded in ${book.historySheet}${moved}.` });
    return { ok: true, reasons: [] };
  });
}

/** Every problem in Stages, Deals and the stage log plus the fields each deal's stage requires. */
export async function validateAll(): Promise<readonly PaneFinding[]> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    if (book.stagesMissing) {
      // Judged by the default stages, the deals would be held to rules that are not the team's.
      tellPane({ kind: 'findings', title: `Not validated. ${STAGES_MISSING}`, findings: [] });
      tellPane({ kind: 'show', section: 'findings' });
      return [];
    }
    const label = (field: DealField) => dealColumnLabel(book, field);
    // readDeals names a missing required column in English; it is named as label names it, as Sheets does.
    const named = book.problems.map((p) => {
      if (p.code !== 'required-column-missing') return p;
      const field = DEAL_FIELDS.find((f) => DEAL_HEADERS.en[f] === p.column);
      return field ? { ...p, column: label(field) } : p;
    });
    const problems = [...named, ...validateDeals(book.dealsRead.deals, book.config, DEALS_SHEET, label)];
    const findings = problems.map((p) => toFinding(book, p));
    tellPane({ kind: 'findings', title: findings.length ? `${findings.length} finding(s) in the workbook` : 'No problems found', findings });
    tellPane({ kind: 'show', section: 'findings' });
    return findings;
  });
}

function toFinding(book: PipelineBook, problem: Problem): PaneFinding {
  let address = '';
  if (problem.sheet === DEALS_SHEET && book.deals) {
    const index = book.dealsRead.columns.headers.findIndex((h) => h === problem.column);
    address = cellAddress(problem.row - 1, book.deals.columnIndex + Math.max(index, 0));
  } else {
    address = cellAddress(problem.row - 1, 0);
  }
  return { sheet: problem.sheet, address, row: problem.row, column: problem.column, message: problem.message, severity: problem.severity };
}

/** Selects a finding's cell in the workbook. */
export async function goToFinding(finding: PaneFinding): Promise<void> {
  await Excel.run((context) => selectCell(context, finding.sheet, finding.address));
}

/** One owner's stale deals, with the email ready to compose. */
export interface OwnerStale {
  readonly owner: string;
  readonly addressOk: boolean;
  readonly subject: string;
  readonly text: string;
  readonly deals: readonly { readonly id: string; readonly name: string; readonly stage: string; readonly days: number | null; readonly flags: string }[];
  /** mailto: link with the digest text as the body (URL-encoded); '' when the owner is not an address. */
  readonly mailto: string;
}

/**
 * The longest mailto: link the pane makes, counted on the URL as it is handed to the
 * mail program (after URL-encoding); mail programs drop links much longer than this.
 * Encoding is what makes a link long: a Cyrillic or Vietnamese letter is 6 to 9
 * characters once encoded, so the cap must be on the encoded text.
 */
export const MAILTO_LINK_LIMIT = 1800;

/**
 * A mailto: link with the digest text as the body. When the whole link would pass
 * MAILTO_LINK_LIMIT, the body is cut at the last line that fits and ends with "…"
 * (the scheduled email carries the full digest); a body never ends in half a
 * character, since whole characters are encoded.
 */
export function mailtoLink(owner: string, subject: string, text: string): string {
  const head = `mailto:${encodeURIComponent(owner)}?subject=${encodeURIComponent(subject)}&body=`;
  const full = head + encodeURIComponent(text);
  if (full.length <= MAILTO_LINK_LIMIT) return full;
  const ellipsis = encodeURIComponent('\n…');
  const room = MAILTO_LINK_LIMIT - head.length - ellipsis.length;
  let body = '';
  let used = 0;
  for (const line of text.split('\n')) {
    const piece = encodeURIComponent(body === '' ? line : `\n${line}`);
    if (used + piece.length > room) break;
    body += body === '' ? line : `\n${line}`;
    used += piece.length;
  }
  if (body === '') {
    // Not even the first line fits: cut it by whole characters.
    for (const char of text) {
      const piece = encodeURIComponent(char);
      if (used + piece.length > room) break;
      body += char;
      used += piece.length;
    }
  }
  return `${head}${encodeURIComponent(body)}${ellipsis}`;
}

/** Stale deals per owner, or why there is no list. */
export interface StaleReport {
  readonly owners: readonly OwnerStale[];
  /** STAGES_MISSING when the workbook has no Stages sheet (the rotting days are the team's), else ''. */
  readonly refused: string;
}

/** Stale deals per owner as of `now`, each with its digest rendered by the core. */
export async function staleByOwner(now = new Date()): Promise<StaleReport> {
  return Excel.run(async (context) => {
    const book = await loadBook(context);
    if (book.stagesMissing) return { owners: [], refused: STAGES_MISSING };
    const asOf = wallClockInstant(now);
    const stale = staleDeals(book.dealsRead.deals, book.history, book.config, asOf);
    const owners = digests(stale, asOf).map((digest) => {
      const rendered = renderDigest(digest, book.config.rules.language);
      return {
        owner: digest.owner,
        addressOk: digest.addressOk,
        subject: rendered.subject,
        text: rendered.text,
        deals: digest.deals.map((s) => ({ id: s.deal.id, name: s.deal.name, stage: s.deal.stage, days: s.daysInStage, flags: s.flags.join(', ') })),
        mailto: digest.addressOk ? mailtoLink(digest.owner, rendered.subject, rendered.text) : '',
      };
    });
    return { owners, refused: '' };
  });
}

/**
 * The formulas the Dashboard sheet starts with, one per row: label, formula. They
 * name the stage log sheet the workbook has ("Stage history" unless it already
 * carries "History"), quoted as Excel needs: 'Stage history'!A:I.
 */
export function dashboardFormulas(historySheet: string = EXCEL_HISTORY_SHEET): readonly (readonly [string, string])[] {
  const history = `${sheetReference(historySheet)}!A:I`;
  return [
    ['Weighted pipeline', '=PIPELINE.WEIGHTED(Deals!A:R, Stages!A:H)'],
    ['Forecast by month', '=PIPELINE.FORECAST(Deals!A:R, "month", Stages!A:H)'],
    ['Conversion', `=PIPELINE.CONVERSION(${history}, "next", FALSE, Stages!A:H)`],
    ['Stale deals', `=PIPELINE.STALE(Deals!A:R, ${history}, , Stages!A:H)`],
  ];
}

/**
 * Creates the sheets a pipeline needs, never touching one that exists: Stages (the
 * chosen stages and rules), Deals and Stage history (header rows), Dashboard
 * (formulas, each in its own block of rows so the tables can spill). A workbook that
 * already has a "History" sheet keeps it as its log and gets no "Stage history".
 * Then it starts watching Deals and asks Excel to load the add-in with this workbook
 * from now on.
 */
export async function setUpWorkbook(config: PipelineConfig = DEFAULT_CONFIG): Promise<readonly string[]> {
  const { made: created, historySheet } = await Excel.run(async (context) => {
    const names = [STAGES_SHEET, DEALS_SHEET, 'Dashboard', ...HISTORY_SHEET_NAMES];
    const sheets = names.map((name) => context.workbook.worksheets.getItemOrNullObject(name));
    for (const sheet of sheets) sheet.load('isNullObject');
    await context.sync();
    const [stagesSheet, dealsSheet, dashboardSheet, ...historySheets] = sheets;
    const existingHistory = HISTORY_SHEET_NAMES.find((_, i) => !historySheets[i].isNullObject);
    const made: string[] = [];
    context.runtime.enableEvents = false;
    try {
      const write = (name: string, rows: (string | number)[][], formats?: string[][], asFormulas = false) => {
        const sheet = context.workbook.worksheets.add(name);
        const range = sheet.getRangeByIndexes(0, 0, rows.length, Math.max(...rows.map((r) => r.length)));
        if (asFormulas) range.formulas = rows;
        else range.values = rows.map((row) => row.map(literalEntry));
        if (formats) range.numberFormat = formats;
        sheet.freezePanes.freezeRows(1);
        made.push(name);
      };
      if (stagesSheet.isNullObject) {
        const table = stagesToTable(config);
        write(STAGES_SHEET, table, table.map((row, i) => row.map((_, c) => (c === 2 && i > 0 && i <= config.stages.length ? '0%' : 'General'))));
      }
      // dealsHeader() lists every Deals field, Move reason last.
      if (dealsSheet.isNullObject) write(DEALS_SHEET, [dealsHeader(undefined, config.rules.language)]);
      if (!existingHistory) write(EXCEL_HISTORY_SHEET, [[...HISTORY_HEADERS]]);
      if (dashboardSheet.isNullObject) {
        const formulas = dashboardFormulas(existingHistory ?? EXCEL_HISTORY_SHEET);
        const rows: string[][] = [['What', 'Formula']];
        formulas.forEach(([label, formula], i) => {
          rows.push([label, formula]);
          if (i < formulas.length - 1) for (let k = 0; k < 14; k++) rows.push(['', '']);
        });
        write('Dashboard', rows, undefined, true);
      }
      await context.sync();
    } finally {
      context.runtime.enableEvents = true;
      await context.sync();
    }
    await watchDeals(context);
    return { made, historySheet: existingHistory ?? EXCEL_HISTORY_SHEET };
  });
  if (typeof Office !== 'undefined' && Office.addin?.setStartupBehavior) {
    await Office.addin.setStartupBehavior(Office.StartupBehavior.load);
  }
  tellPane({ kind: 'status', text: created.length ? `Created: ${created.join(', ')}.` : `The workbook already has Stages, Deals, ${historySheet} and Dashboard.` });
  return created;
}

