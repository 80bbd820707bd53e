/**
 * The History sheet: an append-only log of stage moves, one row per stage a deal
 * entered. Conversion, cycle time, time in stage and staleness are all derived
 * from it. This file reads and writes it as a tidy table, and turns it into each
 * deal's path through the pipeline.
 */
import { cellText, isBlank, parseNumber, parseProbability, shorten } from './cells';
import { dateOrderNotes, decideDateOrder, readDateCell, type DateColumnOrder, type DateOrder } from './dates';
import { headerKey } from './headers';
import { findStage } from './stages';
import { historyIndex, moveDate, type HistoryIndex } from './history-index';
import type { Deal, HistoryEntry, PipelineConfig, Problem } from './types';

export const HISTORY_SHEET = 'History';

/**
 * The name the Excel add-in and the Office Script give the log: Excel reserves the
 * sheet name "History" (for shared-workbook change tracking) and refuses to create it.
 */
export const EXCEL_HISTORY_SHEET = 'Stage history';

export const HISTORY_HEADERS = [
  'Timestamp',
  'Deal ID',
  'From stage',
  'To stage',
  'Amount',
  'Expected close',
  'Probability',
  'Changed by',
  'Source',
] as const;

type HistoryColumn = 'at' | 'dealId' | 'from' | 'to' | 'amount' | 'expectedClose' | 'probability' | 'by' | 'source';
const COLUMNS: readonly HistoryColumn[] = ['at', 'dealId', 'from', 'to', 'amount', 'expectedClose', 'probability', 'by', 'source'];
const ALIASES: Readonly<Record<HistoryColumn, readonly string[]>> = {
  at: ['Timestamp', 'Date', 'Time', 'Changed at', 'When', 'Thời gian', 'Время', 'Дата'],
  dealId: ['Deal ID', 'Deal', 'ID', 'Mã giao dịch', 'ID сделки'],
  from: ['From stage', 'From', 'Từ giai đoạn', 'Из этапа', 'С этапа'],
  to: ['To stage', 'To', 'Stage', 'Sang giai đoạn', 'На этап', 'В этап'],
  amount: ['Amount', 'Value', 'Giá trị', 'Сумма'],
  expectedClose: ['Expected close', 'Close date', 'Ngày chốt dự kiến', 'Ожидаемое закрытие'],
  probability: ['Probability', 'Xác suất', 'Вероятность'],
  by: ['Changed by', 'By', 'User', 'Người đổi', 'Кто изменил'],
  source: ['Source', 'Nguồn', 'Источник'],
};

/**
 * Reads the History sheet. Rows with no timestamp, deal or target stage are reported, not
 * guessed. The entries come as a frozen array (make a copy to add or remove rows): the
 * History index the metrics share is built from it once and needs no check that it
 * still holds the same rows.
 */
export function readHistory(
  values: readonly (readonly unknown[])[],
  config: PipelineConfig,
  options: { sheet?: string; dateOrder?: DateOrder; firstRow?: number } = {},
): { entries: HistoryEntry[]; problems: Problem[] } {
  const sheet = options.sheet ?? HISTORY_SHEET;
  const firstRow = options.firstRow ?? 1;
  const problems: Problem[] = [];
  const add = (row: number, column: string, code: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ sheet, row, column, code, message, severity });
  const headerIndex = values.findIndex((row) => row?.some((cell) => !isBlank(cell)));
  if (headerIndex < 0) return { entries: [], problems };
  const header = values[headerIndex];
  const columns = new Map<HistoryColumn, number>();
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    const column = COLUMNS.find((c) => !columns.has(c) && ALIASES[c].some((alias) => headerKey(alias) === key));
    if (column) columns.set(column, index);
  });
  const label = (column: HistoryColumn) =>
    columns.has(column) ? cellText(header[columns.get(column)!]) : HISTORY_HEADERS[COLUMNS.indexOf(column)];
  for (const needed of ['at', 'dealId', 'to'] as const) {
    if (!columns.has(needed)) {
      add(
        headerIndex + firstRow,
        label(needed),
        'history-column-missing',
        `The ${sheet} sheet has no "${label(needed)}" column; ` +
          `its moves cannot be used until the header row reads: ${HISTORY_HEADERS.join(', ')}.`,
      );
    }
  }
  if (!columns.has('at') || !columns.has('dealId') || !columns.has('to')) return { entries: [], problems };

  const entries: HistoryEntry[] = [];
  // Column positions looked up once, not per cell; -1 reads as a blank cell.
  const position = {} as Record<HistoryColumn, number>;
  for (const column of COLUMNS) position[column] = columns.get(column) ?? -1;
  let row: readonly unknown[] = [];
  // Each column's position in a local of its own: a keyed lookup per cell was a good part of a row's cost.
  const {
    at: atAt,
    dealId: dealAt,
    from: fromAt,
    to: toAt,
    amount: amountAt,
    expectedClose: closeAt,
    probability: probabilityAt,
    by: byAt,
    source: sourceAt,
  } = position;
  const cellAt = (index: number): unknown => (index < 0 ? undefined : row[index]);
  // Each date column's order (is 03/04/2026 March or April?) is decided from all of its own
  // text dates before any of them is read. Only text needs an order, and the tables the
  // platforms hand over hold real Dates, so the column is scanned for its text dates only
  // once a row shows it has one (every row is looked at, skipped ones included, before
  // any of its cells is read); a column with none gets the decision an empty scan gives,
  // which is the one a full scan gives when it finds no text.
  const dateSetting = options.dateOrder ?? config.rules.dateOrder;
  const decide = (column: number, from = headerIndex + 1) => decideDateOrder(values, column, from, firstRow, dateSetting);
  let atOrder: DateColumnOrder | undefined;
  let closeOrder: DateColumnOrder | undefined;
  const atOrderNow = () => (atOrder ??= decide(atAt));
  const closeOrderNow = () => (closeOrder ??= decide(closeAt));
  for (let r = headerIndex + 1; r < values.length; r++) {
    row = values[r] ?? [];
    const atCell = row[atAt];
    const closeCell = closeAt < 0 ? undefined : row[closeAt];
    // An empty text cell (what a blank is written as) is no evidence either way and reads as blank in any order.
    if (typeof atCell === 'string') atOrderNow();
    if (typeof closeCell === 'string' && closeCell !== '') closeOrderNow();
    if (row.every(isBlank)) continue;
    const sheetRow = r + firstRow;
    // A real Date (what Sheets, Excel and the .xlsx reader hand over) needs no parsing and no new object.
    let at: Date;
    if (atCell instanceof Date && !Number.isNaN(atCell.getTime())) at = atCell;
    else {
      const read = readDateCell(atCell, atOrderNow());
      if (!read.ok || !read.date) {
        add(
          sheetRow,
          label('at'),
          (!read.ok && read.code) || 'history-date',
          `${read.ok ? 'The timestamp is blank' : read.reason}; this move is skipped until it has a date such as 2026-11-23 14:05.`,
        );
        continue;
      }
      at = read.date;
    }
    const dealCell = cellAt(dealAt);
    const dealId = typeof dealCell === 'number' ? String(dealCell) : cellText(dealCell);
    if (!dealId) {
      add(sheetRow, label('dealId'), 'history-deal-missing', 'This move names no deal; it is skipped. Type the Deal ID.');
      continue;
    }
    const toText = cellText(cellAt(toAt));
    if (!toText) {
      add(sheetRow, label('to'), 'history-stage-missing', 'This move names no target stage; it is skipped.');
      continue;
    }
    const to = findStage(config, toText);
    if (!to)
      add(
        sheetRow,
        label('to'),
        'history-stage-unknown',
        `"${shorten(toText)}" is not a stage in the Stages sheet; this move counts for no stage until it is renamed there or here.`,
        'warning',
      );
    const toName = to?.name ?? toText;
    const fromText = cellText(cellAt(fromAt));
    const from = fromText ? (findStage(config, fromText)?.name ?? fromText) : '';
    const amountCell = cellAt(amountAt);
    // A finite number is the common case; parseNumber would return it unchanged.
    let amount: number | null;
    if (typeof amountCell === 'number' && Number.isFinite(amountCell)) amount = amountCell;
    else {
      const read = parseNumber(amountCell);
      amount = read.ok ? read.value : null;
      if (!read.ok)
        add(
          sheetRow,
          label('amount'),
          'history-amount',
          `${read.reason}; this move is kept without an amount. Type a number such as 12500.`,
          'warning',
        );
    }
    let expectedClose: Date | null = null;
    if (closeCell instanceof Date && !Number.isNaN(closeCell.getTime())) expectedClose = closeCell;
    else if (closeAt >= 0 && closeCell !== undefined && closeCell !== null && closeCell !== '') {
      const read = readDateCell(closeCell, closeOrderNow());
      if (read.ok) expectedClose = read.date;
      else
        add(
          sheetRow,
          label('expectedClose'),
          read.code ?? 'history-expected-close',
          `${read.reason}; this move is kept without an expected close. Type the date as 2026-11-23.`,
          'warning',
        );
    }
    const probabilityCell = cellAt(probabilityAt);
    let probability: number | null;
    // A fraction typed as a number (the common case) is read without parsing text.
    if (typeof probabilityCell === 'number' && probabilityCell >= 0 && probabilityCell <= 1)
      probability = Math.round(probabilityCell * 1e9) / 1e9;
    else {
      const read = parseProbability(probabilityCell);
      probability = read.ok ? read.value : null;
      if (!read.ok) {
        const why = read.reason.replace(/; type a percentage such as 30% or 0\.3$/, '');
        add(
          sheetRow,
          label('probability'),
          'history-probability',
          `${why}; this move is kept without a probability. Type a percentage such as 30% or 0.3.`,
          'warning',
        );
      }
    }
    entries.push({
      at,
      dealId,
      from,
      to: toName,
      amount,
      expectedClose,
      probability,
      by: cellText(cellAt(byAt)),
      source: cellText(cellAt(sourceAt)),
      row: sheetRow,
    });
  }
  // Frozen, so that the index remembered against it needs no check that its rows are still the same (row-snapshot.ts).
  Object.freeze(entries);
  // A column no row showed text in: the decision of an empty scan (see above).
  atOrder ??= decide(atAt, values.length);
  if (closeAt >= 0) closeOrder ??= decide(closeAt, values.length);
  for (const [column, order] of [
    ['at', atOrder],
    ['expectedClose', closeOrder],
  ] as const) {
    if (order) problems.push(...dateOrderNotes(order, sheet, headerIndex + firstRow, label(column)));
  }
  return { entries, problems };
}

/** One History row as the tool writes it: real Dates and numbers, blanks as ''. */
export function historyRow(entry: HistoryEntry): (string | number | Date)[] {
  return [
    entry.at,
    entry.dealId,
    entry.from,
    entry.to,
    entry.amount ?? '',
    entry.expectedClose ?? '',
    entry.probability ?? '',
    entry.by,
    entry.source,
  ];
}

/** The whole History sheet, header first. */
export function historyToTable(entries: readonly HistoryEntry[]): (string | number | Date)[][] {
  return [[...HISTORY_HEADERS], ...entries.map(historyRow)];
}

/** The History row for a move the tool has just accepted. */
export function moveEntry(
  deal: Deal,
  from: string,
  to: string,
  at: Date,
  by: string,
  source: string,
  config: PipelineConfig,
): HistoryEntry {
  return {
    at,
    dealId: deal.id,
    from,
    to,
    amount: deal.amount,
    expectedClose: deal.expectedClose,
    probability: deal.probability ?? findStage(config, to)?.probability ?? null,
    by,
    source,
    row: 0,
  };
}

/** When a deal entered a stage. */
export interface StageVisit {
  readonly stage: string;
  readonly at: Date;
}

type Paths = ReadonlyMap<string, readonly StageVisit[]>;
const pathsOf = new WeakMap<HistoryIndex, { paths?: Paths; recorded?: ReadonlySet<string> }>();

/**
 * Each deal's path: the stages it entered, oldest first, keyed by deal ID. Entries
 * for the same deal are sorted by time, so the order of History rows does not matter
 * (ties keep sheet order). A deal with no History is assumed to have entered its
 * current stage on Stage changed, or else on Created.
 *
 * The metrics read the shared index (historyIndex) directly; this object form is made
 * from it, once per index, for callers that want StageVisits. Callers must not change
 * what it returns.
 */
export function dealPaths(deals: readonly Deal[], history: readonly HistoryEntry[]): Paths {
  const index = historyIndex(deals, history);
  const memo = pathsOf.get(index) ?? {};
  pathsOf.set(index, memo);
  if (memo.paths) return memo.paths;
  const paths = new Map<string, StageVisit[]>();
  for (let d = 0; d < index.ids.length; d++) {
    const path: StageVisit[] = [];
    for (let m = index.start[d]; m < index.start[d + 1]; m++)
      path.push({ stage: index.stageNames[index.stage[m]], at: moveDate(index, m, deals, history) });
    paths.set(index.ids[d], path);
  }
  memo.paths = paths;
  return paths;
}

/** The IDs of deals that have History, to tell a recorded path from one made up from a deal's own dates. */
export function dealsWithHistory(deals: readonly Deal[], history: readonly HistoryEntry[]): ReadonlySet<string> {
  const index = historyIndex(deals, history);
  const memo = pathsOf.get(index) ?? {};
  pathsOf.set(index, memo);
  if (!memo.recorded) memo.recorded = new Set(index.ids.slice(0, index.recorded));
  return memo.recorded;
}

/** enteredCurrentStage read from the shared index: the same Date objects, without building a path. */
export function enteredCurrentStageIn(
  index: HistoryIndex,
  deal: Deal,
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
): Date | null {
  return enteredCurrentStageAt(index, index.byId.get(deal.id) ?? -1, deal, deals, history);
}

/** enteredCurrentStageIn for the deal at position `d` of the index (-1: none), as index.rowDeal gives it. */
export function enteredCurrentStageAt(
  index: HistoryIndex,
  d: number,
  deal: Deal,
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
): Date | null {
  if (d >= 0) {
    for (let m = index.start[d + 1] - 1; m >= index.start[d]; m--) {
      if (index.stageNames[index.stage[m]] === deal.stage) return laterOf(moveDate(index, m, deals, history), deal.stageChanged);
    }
  }
  return deal.stageChanged ?? deal.created;
}

/** The last time a deal entered the stage it is in now, from History or the deal's own dates. */
export function enteredCurrentStage(deal: Deal, path: readonly StageVisit[] | undefined): Date | null {
  if (path) {
    for (let i = path.length - 1; i >= 0; i--) if (path[i].stage === deal.stage) return laterOf(path[i].at, deal.stageChanged);
  }
  return deal.stageChanged ?? deal.created;
}

function laterOf(a: Date, b: Date | null): Date {
  return b && b.getTime() > a.getTime() ? b : a;
}

/**
 * The stage a deal was in according to History: the `to` of its latest move.
 * Used when a paste replaced many Stage cells at once and the old values are gone.
 */
export function lastStageInHistory(history: readonly HistoryEntry[], dealId: string): string | undefined {
  return latestStages(history).get(dealId);
}

/** Every deal's stage after its latest History move, in one pass: for a paste over many rows. */
export function latestStages(history: readonly HistoryEntry[]): Map<string, string> {
  const latest = new Map<string, HistoryEntry>();
  for (const entry of history) {
    const seen = latest.get(entry.dealId);
    if (!seen || entry.at.getTime() >= seen.at.getTime()) latest.set(entry.dealId, entry);
  }
  return new Map([...latest].map(([id, entry]) => [id, entry.to]));
}
