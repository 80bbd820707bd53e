/**
 * The Snapshots sheet: the open pipeline as it stood on a day, appended row by row
 * (one row per open deal per snapshot), so that a later backtest can compare the
 * forecast made then with what was won. This file takes a snapshot from Deals and
 * reads and writes the sheet as a tidy table. Reading is tolerant in the manner of
 * readHistory: columns by header name, a problem by row and column for every cell
 * that cannot be used, and no row dropped without one.
 *
 * Dates: the snapshot date is a day (UTC midnight of the day `at` falls on, see
 * dates.ts); the adapter passes "today" in the spreadsheet's timezone.
 */
import { cellText, isBlank, parseNumber, parseProbability, shorten } from './cells';
import { dateOrderNotes, decideDateOrder, readDateCell, startOfDay, type DateColumnOrder, type DateOrder, type DateParse } from './dates';
import { ownerEmail } from './deals';
import { stageLookup } from './forecast';
import { headerKey } from './headers';
import { findStage } from './stages';
import { intColumn } from './heap-columns';
import { historyIndex, perStageCode } from './history-index';
import type { Deal, HistoryEntry, PipelineConfig, Problem } from './types';

export const SNAPSHOTS_SHEET = 'Snapshots';

export const SNAPSHOTS_HEADERS = [
  'Snapshot date',
  'Deal ID',
  'Owner',
  'Stage',
  'Amount',
  'Probability',
  'Weighted',
  'Expected close',
] as const;

/** One open deal as it stood on a snapshot day. */
export interface SnapshotRow {
  /** The snapshot day (UTC midnight). */
  readonly at: Date;
  readonly dealId: string;
  readonly owner: string;
  /** Canonical stage name when known, else the text as written. */
  readonly stage: string;
  readonly amount: number | null;
  /** The probability used that day (deal override, else stage), 0..1; null when unreadable. */
  readonly probability: number | null;
  /** amount × probability as it was that day; 0 when the amount was blank. */
  readonly weighted: number;
  readonly expectedClose: Date | null;
  /** 1-based sheet row, 0 for rows not read from a sheet. */
  readonly row: number;
}

/** The open pipeline on `at`: one row per deal in an open stage (closed and unknown-stage deals are left out). */
export function takeSnapshot(deals: readonly Deal[], config: PipelineConfig, at: Date): SnapshotRow[] {
  const day = startOfDay(at);
  const rows: SnapshotRow[] = [];
  for (const deal of deals) {
    const stage = findStage(config, deal.stage);
    if (stage?.outcome !== 'open') continue;
    // dealProbability and weightedAmount, with the stage already found.
    const probability = deal.probability ?? stage.probability;
    rows.push({
      at: day,
      dealId: deal.id,
      owner: deal.owner,
      stage: stage.name,
      amount: deal.amount,
      probability,
      weighted: (deal.amount ?? 0) * probability,
      expectedClose: deal.expectedClose,
      row: 0,
    });
  }
  return rows;
}

/**
 * The snapshots a team would have taken on past `dates`, rebuilt from History, so that
 * a backtest can start from the History a team already has instead of waiting weeks
 * for snapshots to pile up.
 *
 * Each snapshot shows the pipeline as it stood when its day began (UTC midnight): only
 * History rows timestamped before that instant count. This matches backtest(), which
 * counts a win on the snapshot day itself as happening after the snapshot.
 * - A deal's stage that day is the To stage of its latest History row before the
 *   instant; its amount, expected close and probability are the ones that row
 *   recorded (a blank probability falls back to the stage's). Rows at the same
 *   instant keep sheet order.
 * - Left out: deals with no History row before the day (created later, or never
 *   logged), deals whose Created is on or after the day, deals in a won, lost or
 *   unknown stage by then, deals whose Closed on is before the day even if History
 *   missed the close, and History rows of deals no longer in Deals (their outcome is
 *   unknown, so a backtest could not score them).
 * - The owner is the deal's owner now (History records who moved a deal, not who owned it).
 * - History logs stage moves only, so an expected close a rep pushed out between two
 *   moves shows here as the old, overdue date until the next move. Snapshots taken on
 *   the day (takeSnapshot) see the new date; backtests over rebuilt ones find more
 *   overdue deals, which backtest() takes to close on the snapshot day.
 * Rows come by snapshot day (oldest first, each day once), then in Deals order.
 * Cost: the shared History index (historyIndex, built once), then O(dates × deals) with a cursor per deal.
 */
export function snapshotsFromHistory(
  deals: readonly Deal[],
  history: readonly HistoryEntry[],
  config: PipelineConfig,
  dates: readonly Date[],
): SnapshotRow[] {
  const lookup = stageLookup(config);
  // Each deal's moves in time order (ties in sheet order), from the index every metric shares.
  const index = historyIndex(deals, history);
  const stageOf = perStageCode(index, lookup);

  const days = [...new Set(dates.filter((d) => !Number.isNaN(d.getTime())).map((d) => startOfDay(d).getTime()))].sort((a, b) => a - b);
  // Per Deals row: its first and past-the-last move (an empty span without History) and a cursor.
  const first = intColumn(deals.length);
  const end = intColumn(deals.length);
  for (let r = 0; r < deals.length; r++) {
    const d = index.rowDeal[r];
    if (d >= 0 && d < index.recorded) {
      first[r] = index.start[d];
      end[r] = index.start[d + 1];
    }
  }
  const cursor = first.slice();
  const rows: SnapshotRow[] = [];
  for (const day of days) {
    const at = new Date(day);
    for (let r = 0; r < deals.length; r++) {
      // Days ascend, so each deal's cursor only moves forward.
      let m = cursor[r];
      while (m < end[r] && index.at[m] < day) m++;
      cursor[r] = m;
      if (m === first[r]) continue;
      const deal = deals[r];
      if (deal.created && deal.created.getTime() >= day) continue;
      if (deal.closedOn && deal.closedOn.getTime() < day) continue;
      const stage = stageOf[index.stage[m - 1]];
      if (stage?.outcome !== 'open') continue;
      const latest = history[index.source[m - 1]];
      const probability = latest.probability ?? stage.probability;
      rows.push({
        at,
        dealId: deal.id,
        owner: deal.owner,
        stage: stage.name,
        amount: latest.amount,
        probability,
        weighted: latest.amount === null ? 0 : latest.amount * probability,
        expectedClose: latest.expectedClose,
        row: 0,
      });
    }
  }
  return rows;
}

/** True when the rows already hold a snapshot of the day `at` falls on: a trigger that runs twice appends once. */
export function hasSnapshotOn(rows: readonly SnapshotRow[], at: Date): boolean {
  const day = startOfDay(at).getTime();
  return rows.some((r) => r.at.getTime() === day);
}

/** One Snapshots row as the tool writes it: real Dates and numbers, blanks as ''. */
export function snapshotRow(row: SnapshotRow): (string | number | Date)[] {
  return [row.at, row.dealId, row.owner, row.stage, row.amount ?? '', row.probability ?? '', row.weighted, row.expectedClose ?? ''];
}

/** The whole Snapshots sheet, header first. Append `rows.map(snapshotRow)` to an existing sheet instead. */
export function snapshotsToTable(rows: readonly SnapshotRow[]): (string | number | Date)[][] {
  return [[...SNAPSHOTS_HEADERS], ...rows.map(snapshotRow)];
}

type SnapshotColumn = 'at' | 'dealId' | 'owner' | 'stage' | 'amount' | 'probability' | 'weighted' | 'expectedClose';
const COLUMNS: readonly SnapshotColumn[] = ['at', 'dealId', 'owner', 'stage', 'amount', 'probability', 'weighted', 'expectedClose'];
const ALIASES: Readonly<Record<SnapshotColumn, readonly string[]>> = {
  at: ['Snapshot date', 'Snapshot', 'Date', 'Taken on', 'Ngày chụp', 'Дата снимка', 'Дата'],
  dealId: ['Deal ID', 'Deal', 'ID', 'Mã giao dịch', 'ID сделки'],
  owner: ['Owner', 'Owner email', 'Rep', 'Phụ trách', 'Владелец', 'Менеджер'],
  stage: ['Stage', 'Giai đoạn', 'Этап'],
  amount: ['Amount', 'Value', 'Giá trị', 'Số tiền', 'Сумма'],
  probability: ['Probability', 'Xác suất', 'Вероятность'],
  weighted: ['Weighted', 'Weighted amount', 'Có trọng số', 'Взвешенная сумма'],
  expectedClose: ['Expected close', 'Close date', 'Ngày chốt dự kiến', 'Ожидаемое закрытие'],
};

/**
 * Where each column of SNAPSHOTS_HEADERS sits in a header row (0-based), found by name
 * and alias as readSnapshots finds it; undefined for a column the header lacks. An
 * adapter appending to a sheet whose columns a person reordered or renamed writes
 * `snapshotRow(row)[i]` to position `[i]`.
 */
export function snapshotColumnPositions(header: readonly unknown[]): (number | undefined)[] {
  const columns = new Map<SnapshotColumn, number>();
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    const column = COLUMNS.find((c) => !columns.has(c) && ALIASES[c].some((alias) => headerKey(alias) === key));
    if (column) columns.set(column, index);
  });
  return COLUMNS.map((c) => columns.get(c));
}

/**
 * Reads the Snapshots sheet. A row needs a snapshot date and a deal ID; without
 * either it is reported and skipped. Any other unreadable cell is reported and the
 * row is kept: a bad amount or probability leaves the Weighted cell to speak for the
 * forecast (or amount × probability when Weighted is blank); a bad expected close
 * leaves the row out of every period.
 */
export function readSnapshots(
  values: readonly (readonly unknown[])[],
  config: PipelineConfig,
  options: { sheet?: string; dateOrder?: DateOrder; firstRow?: number } = {},
): { snapshots: SnapshotRow[]; problems: Problem[] } {
  const sheet = options.sheet ?? SNAPSHOTS_SHEET;
  const firstRow = options.firstRow ?? 1;
  const problems: Problem[] = [];
  const add = (row: number, column: string, code: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ sheet, row, column, code, message, severity });
  const headerIndex = values.findIndex((row) => row?.some((cell) => !isBlank(cell)));
  if (headerIndex < 0) return { snapshots: [], problems };
  const header = values[headerIndex];
  const columns = new Map<SnapshotColumn, number>();
  snapshotColumnPositions(header).forEach((index, i) => {
    if (index !== undefined) columns.set(COLUMNS[i], index);
  });
  const label = (column: SnapshotColumn) =>
    columns.has(column) ? cellText(header[columns.get(column)!]) : SNAPSHOTS_HEADERS[COLUMNS.indexOf(column)];
  const missing = (['at', 'dealId'] as const).filter((c) => !columns.has(c));
  for (const column of missing) {
    add(
      headerIndex + firstRow,
      label(column),
      'snapshot-column-missing',
      `The ${sheet} sheet has no "${label(column)}" column; ` +
        `its rows cannot be used until the header row reads: ${SNAPSHOTS_HEADERS.join(', ')}.`,
    );
  }
  if (missing.length) return { snapshots: [], problems };
  if (!columns.has('weighted') && !(columns.has('amount') && columns.has('probability'))) {
    add(
      headerIndex + firstRow,
      label('weighted'),
      'snapshot-column-missing',
      `The ${sheet} sheet ` +
        `has no "${label('weighted')}" column (nor both Amount and Probability), so every forecast reads as 0. Add the column.`,
      'warning',
    );
  }

  // Each date column's order (is 03/04/2026 March or April?) is decided from its own dates before any row is read.
  const dateSetting = options.dateOrder ?? config.rules.dateOrder;
  const dateColumns: Partial<Record<'at' | 'expectedClose', DateColumnOrder>> = {};
  for (const column of ['at', 'expectedClose'] as const) {
    const index = columns.get(column);
    if (index !== undefined) dateColumns[column] = decideDateOrder(values, index, headerIndex + 1, firstRow, dateSetting);
  }
  const snapshots: SnapshotRow[] = [];
  for (let r = headerIndex + 1; r < values.length; r++) {
    const row = values[r] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    const sheetRow = r + firstRow;
    const cell = (column: SnapshotColumn) => (columns.has(column) ? row[columns.get(column)!] : undefined);
    const date = (column: 'at' | 'expectedClose'): DateParse => {
      const order = dateColumns[column];
      return order ? readDateCell(cell(column), order) : { ok: true, date: null };
    };
    const at = date('at');
    if (!at.ok || !at.date) {
      add(
        sheetRow,
        label('at'),
        (!at.ok && at.code) || 'snapshot-date',
        `${at.ok ? 'The snapshot date is blank' : at.reason}; this row is skipped until it has a date such as 2026-11-23.`,
      );
      continue;
    }
    const rawId = cell('dealId');
    const dealId = typeof rawId === 'number' ? String(rawId) : cellText(rawId);
    if (!dealId) {
      add(sheetRow, label('dealId'), 'snapshot-deal-missing', 'This row names no deal; it is skipped. Type the Deal ID.');
      continue;
    }
    const stageText = cellText(cell('stage'));
    const stage = stageText ? findStage(config, stageText) : undefined;
    if (stageText && !stage) {
      const untilRenamed = 'this row counts for no stage in a backtest by stage until it is renamed there or here';
      add(
        sheetRow,
        label('stage'),
        'snapshot-stage-unknown',
        `"${shorten(stageText)}" is not a stage in the Stages sheet; ${untilRenamed}.`,
        'warning',
      );
    }

    const amount = parseNumber(cell('amount'));
    if (!amount.ok) add(sheetRow, label('amount'), 'snapshot-amount', `${amount.reason}; type the amount as a number such as 12000.`);
    const probability = parseProbability(cell('probability'));
    if (!probability.ok) add(sheetRow, label('probability'), 'snapshot-probability', `${probability.reason}.`);
    const weightedCell = parseNumber(cell('weighted'));
    if (!weightedCell.ok)
      add(
        sheetRow,
        label('weighted'),
        'snapshot-weighted',
        `${weightedCell.reason}; type a number, or leave it blank to use Amount × Probability.`,
      );
    const amountValue = amount.ok ? amount.value : null;
    const probabilityValue = probability.ok ? probability.value : null;
    let weighted: number;
    if (weightedCell.ok && weightedCell.value !== null) weighted = weightedCell.value;
    else if (amountValue !== null && probabilityValue !== null) weighted = amountValue * probabilityValue;
    else {
      weighted = 0;
      if (amountValue !== null || !amount.ok || !probability.ok || !weightedCell.ok) {
        add(
          sheetRow,
          label('weighted'),
          'snapshot-weighted-unknown',
          'The weighted amount cannot be worked out from this row, so it counts as 0 in backtests; ' +
            'fill in Weighted, or Amount and Probability.',
          'warning',
        );
      }
    }
    const expectedClose = date('expectedClose');
    if (!expectedClose.ok)
      add(
        sheetRow,
        label('expectedClose'),
        expectedClose.code ?? 'snapshot-expected-close',
        `${expectedClose.reason}; type the date as 2026-11-23. This row is left out of every period until then.`,
      );

    snapshots.push({
      at: startOfDay(at.date),
      dealId,
      owner: ownerEmail(cell('owner')),
      stage: stage?.name ?? stageText,
      amount: amountValue,
      probability: probabilityValue,
      weighted,
      expectedClose: expectedClose.ok ? expectedClose.date : null,
      row: sheetRow,
    });
  }
  for (const column of ['at', 'expectedClose'] as const) {
    const order = dateColumns[column];
    if (order) problems.push(...dateOrderNotes(order, sheet, headerIndex + firstRow, label(column)));
  }
  return { snapshots, problems };
}
