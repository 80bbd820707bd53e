/**
 * Reading the Deals sheet. Columns are found by header name (any order, English,
 * Vietnamese or Russian, or a mapping for a CRM export); unknown columns are kept
 * in `extra`. Every cell is coerced once; a cell that cannot be read gives a problem
 * that names the row, the column and what to type instead, and the rest of the row
 * is still read. No non-blank row is dropped without a problem that says so.
 */
import { currenciesFromAmounts } from './amount-currency';
import { cellText, isBlank, isEmail, parseNumber, parseProbability, shorten, withoutInvisibleMarks } from './cells';
import { dateOrderNotes, decideDateOrder, parseDate, readDateCell, type DateColumnOrder, type DateOrder } from './dates';
import { DEAL_FIELDS, DEAL_HEADERS, dealFieldFor, findHeaderRow, headerKey } from './headers';
import { findStage, parseCategory } from './stages';
import type { Deal, DealField, PipelineConfig, Problem, ForecastCategory } from './types';

export const DEALS_SHEET = 'Deals';

export interface DealReadOptions {
  readonly sheet?: string;
  /** Our column name (any alias) → the header used in this file, e.g. {"Owner": "Rep"}. */
  readonly columnMap?: Readonly<Record<string, string>>;
  /**
   * How to read 03/04/2026 in a column whose own dates do not show the order (--dates);
   * unset: the Stages sheet's Date order, else day first, said once per column.
   */
  readonly dateOrder?: DateOrder;
  /** Read "1.234" as a thousand and "1,5" as one and a half. */
  readonly decimalComma?: boolean;
  /** Sheet row number of values[0], when the values do not start on row 1. */
  readonly firstRow?: number;
  /** Headers read for something else (a CRM's Status or IsWon column): never taken for a field by alias. */
  readonly reservedHeaders?: readonly string[];
}

/** Where each known field sits in the header row, and which columns are the team's own. */
export interface DealColumns {
  /** 0-based index into values of the header row; -1 when the table is empty. */
  readonly headerIndex: number;
  readonly fields: ReadonlyMap<DealField, number>;
  /** Header text as typed, by column index. */
  readonly headers: readonly string[];
}

export interface DealsRead {
  readonly deals: Deal[];
  readonly problems: Problem[];
  readonly columns: DealColumns;
}

/** The Deals fields that hold dates: the reader and every writer of a typed date take this one list. */
export const DEAL_DATE_FIELDS = ['created', 'expectedClose', 'closedOn', 'nextStepDate', 'stageChanged', 'snoozeUntil'] as const;
const DATE_FIELDS = DEAL_DATE_FIELDS;
const DATE_HINT = 'type the date as 2026-11-23 or 23.11.2026';
/** 1950-01-01 UTC: no deal date lies before it, while a day count typed in a date cell (30 = 1900-01-29) does. */
const EARLIEST_DEAL_DATE = Date.UTC(1950, 0, 1);
const PROBABILITY_HINT = "type a percentage such as 30% or 0.3, or leave it blank to use the stage's probability";

/**
 * Finds the Deals columns in a header row. A `columnMap` entry wins over the built-in
 * aliases, and one header may feed two fields there ("Expected close=Close Date,Closed
 * on=Close Date"). When two columns name the same field by alias, the first is used and
 * the second is kept as a column of the team's own (reported as a warning by readDeals).
 * `reserved` headers are read for something else and never taken by alias.
 */
export function findDealColumns(
  header: readonly unknown[],
  columnMap: Readonly<Record<string, string>> = {},
  reserved: readonly string[] = [],
): {
  fields: Map<DealField, number>;
  duplicates: { field: DealField; index: number }[];
} {
  const mapped = new Map<string, DealField[]>();
  for (const [ours, theirs] of Object.entries(columnMap)) {
    const field = dealFieldFor(ours);
    if (!field) continue;
    const key = headerKey(theirs);
    mapped.set(key, [...(mapped.get(key) ?? []), field]);
  }
  const skip = new Set(reserved.map(headerKey));
  const fields = new Map<DealField, number>();
  const duplicates: { field: DealField; index: number }[] = [];
  // Mapped names first, so that "Owner=Rep" beats a stray column that happens to be called "Email".
  header.forEach((cell, index) => {
    for (const field of mapped.get(headerKey(cell)) ?? []) if (!fields.has(field)) fields.set(field, index);
  });
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    if (!key || mapped.has(key) || skip.has(key)) return;
    const field = dealFieldFor(cell);
    if (!field) return;
    if (fields.has(field)) {
      if (fields.get(field) !== index) duplicates.push({ field, index });
    } else if (![...fields.values()].includes(index)) {
      fields.set(field, index);
    }
  });
  return { fields, duplicates };
}

/**
 * The owner as typed, trimmed; the address alone out of "Ann Lee <ann@example.com>".
 * Case is kept: "Álvaro" stays "Álvaro", and a CRM's case-sensitive owner ID stays
 * apart from one that differs only in case. ownerKey says which owners are the same.
 */
export function ownerEmail(value: unknown): string {
  const text = cellText(value);
  const angle = /<([^<>]+)>/.exec(text);
  return (angle ? angle[1] : text).trim();
}

/**
 * What makes two owners the same: an email address compared without case (mail
 * servers treat addresses so in practice), anything else by its exact trimmed text.
 */
export function ownerKey(owner: string): string {
  const trimmed = owner.trim();
  const lower = trimmed.toLowerCase();
  return isEmail(lower) ? lower : trimmed;
}

type AddProblem = (row: number, column: string, code: string, message: string, severity?: Problem['severity']) => void;

/** What the header row says: where each field is, and what to call a column in a problem. */
interface DealLayout {
  readonly headerIndex: number;
  readonly headerRow: number;
  readonly headers: readonly string[];
  readonly fields: ReadonlyMap<DealField, number>;
  /** Column index of each field, -1 when the table has none. */
  readonly at: Readonly<Record<DealField, number>>;
  /** Columns of the team's own (headed, not a known field), kept in `extra`. */
  readonly extraIndexes: readonly number[];
  readonly label: (field: DealField) => string;
}

/** Reads the Deals table. See the file comment for what is accepted. */
export function readDeals(values: readonly (readonly unknown[])[], config: PipelineConfig, options: DealReadOptions = {}): DealsRead {
  const sheet = options.sheet ?? DEALS_SHEET;
  const firstRow = options.firstRow ?? 1;
  const problems: Problem[] = [];
  const add: AddProblem = (row, column, code, message, severity = 'error') =>
    problems.push({ sheet, row, column, code, message, severity });

  const layout = readDealHeader(values, options, sheet, firstRow, add);
  if (!layout) return { deals: [], problems, columns: { headerIndex: -1, fields: new Map(), headers: [] } };
  const { headerIndex, headerRow, headers, fields, label } = layout;
  const dateSetting = options.dateOrder ?? config.rules.dateOrder;
  // Step 2: each date column's order (is 03/04/2026 March or April?), decided from the column's whole run of
  // dates so that all its dates read alike (see decideDateOrder). Only text needs it, so a column is scanned
  // when its first text cell is read, from row `from`: a column of Date cells (what Sheets, Excel and the .xlsx
  // reader hand over) never is. The map holds the date columns in the order of DATE_FIELDS, which its notes follow.
  const dateColumns = new Map<number, DateColumnOrder | undefined>();
  for (const field of DATE_FIELDS) if (fields.has(field)) dateColumns.set(fields.get(field)!, undefined);
  const decided: DecidedColumn = (index, from) => {
    let column = dateColumns.get(index);
    if (!column) {
      column = decideDateOrder(values, index, from, firstRow, dateSetting);
      dateColumns.set(index, column);
    }
    return column;
  };
  const { deals, textAmounts, stages } = readDealRows(values, config, layout, decided, dateSetting, options, firstRow, add);

  // A column never asked held no text in a non-blank row, and a blank row shows no order: a scan from past the end decides the same.
  for (const index of dateColumns.keys()) problems.push(...dateOrderNotes(decided(index, values.length), sheet, headerRow, headers[index]));
  // Every non-blank row below the header is a deal, so none means a header with nothing under it.
  if (deals.length === 0) {
    add(
      headerRow + 1,
      label('id'),
      'deals-header-only',
      `The ${sheet} sheet has a header but no deals below it. Add one row per deal under the header.`,
      'warning',
    );
  }
  problems.push(
    ...missingRequiredColumns(
      stages,
      config,
      fields,
      headerRow,
      layout.extraIndexes.map((i) => headers[i]),
      sheet,
    ),
  );
  // "USD 12,000.00" and "EUR 7,000.00": the currency typed in an amount (see amount-currency.ts); only text names one.
  const typed = textAmounts
    ? currenciesFromAmounts(deals, values, {
        sheet,
        firstRow,
        headerRow,
        amountColumn: fields.get('amount'),
        amountHeader: label('amount'),
        currencyColumn: fields.get('currency'),
        currencyHeader: label('currency'),
      })
    : { deals, problems: [] };
  problems.push(...typed.problems);
  return { deals: typed.deals, problems, columns: { headerIndex, fields, headers } };
}

/** Step 1: the header row, its fields, and the problems with it; null for an empty table (said as a warning). */
function readDealHeader(
  values: readonly (readonly unknown[])[],
  options: DealReadOptions,
  sheet: string,
  firstRow: number,
  add: AddProblem,
): DealLayout | null {
  const headerIndex = findHeaderRow(values, (row) => findDealColumns(row, options.columnMap, options.reservedHeaders).fields.size);
  if (headerIndex < 0) {
    add(
      firstRow,
      DEAL_HEADERS.en.id,
      'deals-empty',
      `The ${sheet} sheet is empty. Add a header row (Deal ID, Deal, Owner, Stage, Amount, …) and one row per deal.`,
      'warning',
    );
    return null;
  }
  const header = values[headerIndex];
  const headers = header.map((cell) => cellText(cell));
  const { fields, duplicates } = findDealColumns(header, options.columnMap, options.reservedHeaders);
  const headerRow = headerIndex + firstRow;
  for (const dup of duplicates) {
    add(
      headerRow,
      headers[dup.index],
      'column-duplicate',
      `Column "${headers[dup.index]}" also means ${DEAL_HEADERS.en[dup.field]}, ` +
        `which column "${headers[fields.get(dup.field)!]}" already holds; this one is kept as your own column. Rename one of them.`,
      'warning',
    );
  }
  for (const essential of ['stage', 'id'] as const) {
    if (!fields.has(essential)) {
      const nameStage =
        'Name the column "Stage" (in a file for the command line, --columns "Stage=Your header" maps your own name instead).';
      const byRow = 'each deal is known by its row number instead, which breaks History when rows move. Add a "Deal ID" column.';
      const message =
        essential === 'stage'
          ? `No "${DEAL_HEADERS.en.stage}" column was found in row ${headerRow}, so no deal has a stage. ${nameStage}`
          : `No "${DEAL_HEADERS.en.id}" column was found in row ${headerRow}; ${byRow}`;
      add(headerRow, DEAL_HEADERS.en[essential], 'column-missing', message, essential === 'stage' ? 'error' : 'warning');
    }
  }
  const at = {} as Record<DealField, number>;
  for (const field of [...DEAL_FIELDS, 'lostAtStage' as const]) at[field] = fields.get(field) ?? -1;
  const knownIndexes = new Set(fields.values());
  return {
    headerIndex,
    headerRow,
    headers,
    fields,
    at,
    extraIndexes: headers.map((_, i) => i).filter((i) => !knownIndexes.has(i) && headers[i] !== ''),
    label: (field) => (fields.has(field) ? headers[fields.get(field)!] || DEAL_HEADERS.en[field] : DEAL_HEADERS.en[field]),
  };
}

/** A date column's decision, made the first time it is asked, scanning values[from..]. */
type DecidedColumn = (index: number, from: number) => DateColumnOrder;

/** An owner cell read once per distinct text: the address as typed, and the key that says which owners are the same. */
interface OwnerRead {
  readonly typed: string;
  readonly key: string;
}

/** A deal's ID as typed: the text of the cell, a number as JavaScript writes it; '' when blank. */
function idText(cell: unknown): string {
  return typeof cell === 'number' ? String(cell) : cellText(cell);
}

/** What the row loop hands back besides the deals, so that no later step walks the rows again. */
interface DealRows {
  readonly deals: Deal[];
  /** Whether any amount cell holds text: the only kind that can name a currency. */
  readonly textAmounts: boolean;
  /** Each distinct stage the deals hold, in the order first met. */
  readonly stages: Set<string>;
}

/** Step 3: one Deal per non-blank row, each cell coerced once, each problem said by row and column. */
function readDealRows(
  values: readonly (readonly unknown[])[],
  config: PipelineConfig,
  layout: DealLayout,
  decided: DecidedColumn,
  dateSetting: DateOrder | undefined,
  options: DealReadOptions,
  firstRow: number,
  add: AddProblem,
): DealRows {
  const { at, headers, extraIndexes, label } = layout;
  const deals: Deal[] = [];
  let textAmounts = false;
  const stages = new Set<string>();
  const ownerSpellings = new Map<string, { owner: string; row: number; noted: Set<string> }>();
  const ownerReads = new Map<unknown, OwnerRead>();
  const emailOwners = new Map<string, boolean>();
  const stageNames = config.stages.map((s) => s.name).join(', ');
  // Each field's column, read out of `at` once: at[field] with a field that varies is a keyed lookup per cell.
  const { id: idAt, name: nameAt, account: accountAt, owner: ownerAt, stage: stageAt, amount: amountAt, currency: currencyAt } = at;
  const { probability: probabilityAt, forecastCategory: categoryAt, lostAtStage: lostAtStageAt, nextStep: nextStepAt } = at;
  const { lostReason: lostReasonAt, moveReason: moveReasonAt, created: createdAt, expectedClose: expectedCloseAt } = at;
  const { closedOn: closedOnAt, nextStepDate: nextStepDateAt, stageChanged: stageChangedAt, snoozeUntil: snoozeUntilAt } = at;
  const hasId = idAt >= 0;
  const hasStage = stageAt >= 0;
  const hasLostAtStage = lostAtStageAt >= 0;

  // The readers below are made once, not per row, and read the current row.
  let row: readonly unknown[] = [];
  let sheetRow = 0;
  const valueAt = (index: number): unknown => (index < 0 ? undefined : row[index]);
  const textAt = (index: number) => cellText(valueAt(index));
  const number = (field: 'amount'): number | null => {
    const value = valueAt(amountAt);
    // A finite, non-negative number is the common case; parseNumber would return it unchanged.
    if (typeof value === 'number' && value >= 0 && value < Infinity) return value;
    // Blank is null there too, and names no currency.
    if (value === '') return null;
    if (typeof value === 'string') textAmounts = true;
    const parsed = parseNumber(value, options.decimalComma);
    if (!parsed.ok) {
      add(sheetRow, label(field), 'amount-not-number', `${parsed.reason}; type a number such as 12500 (no text in this column).`);
      return null;
    }
    if (parsed.value !== null && parsed.value < 0) {
      add(sheetRow, label(field), 'amount-negative', `The amount ${parsed.value} is negative; type the deal's value as a positive number.`);
      return null;
    }
    return parsed.value;
  };
  const date = (field: (typeof DATE_FIELDS)[number], index: number): Date | null => {
    const value = valueAt(index);
    // A real Date (what Sheets, Excel and the .xlsx reader hand over) needs no parsing, and a blank no reading.
    if (value instanceof Date) {
      if (value.getTime() >= EARLIEST_DEAL_DATE) return value;
    } else if (value === '' || value === undefined || value === null) return null;
    // Only text (or an odd object read as text) depends on the column's order; a number, a boolean or a Date does not.
    const anyOrder = value instanceof Date || typeof value === 'number' || typeof value === 'boolean';
    const column = anyOrder ? undefined : decided(index, layout.headerIndex + 1);
    const parsed = column ? readDateCell(value, column) : parseDate(value, dateSetting);
    if (!parsed.ok) {
      if (parsed.code) add(sheetRow, label(field), parsed.code, `${parsed.reason}.`);
      else add(sheetRow, label(field), 'date-invalid', `${parsed.reason}; ${DATE_HINT}.`);
      return null;
    }
    // A small number in a date column is a day count or an amount typed in the wrong column, not a day in 1900.
    if (parsed.date && parsed.date.getTime() < EARLIEST_DEAL_DATE) {
      const typed = typeof value === 'number' ? `The number ${value}` : `"${shorten(cellText(value))}"`;
      add(
        sheetRow,
        label(field),
        'date-implausible',
        `${typed} reads as the date ${parsed.date.toISOString().slice(0, 10)}, before 1950, so it is left out; ${DATE_HINT}.`,
      );
      return null;
    }
    return parsed.date;
  };

  // IDs that ascend, shorter first then in code-unit order (D-9, D-10, D-11: a counter's), cannot repeat, so
  // nothing is looked up until one is out of order; then the rows above are read into a Map of first rows.
  let lastId = '';
  let firstRowOfId: Map<string, number> | undefined;
  const readId = (): string => {
    let id = idText(valueAt(idAt));
    if (!id) {
      id = `row-${sheetRow}`;
      if (hasId)
        add(
          sheetRow,
          label('id'),
          'id-missing',
          `This deal has no ID; it is called "${id}" for now. Type a unique ID so History can follow it.`,
          'warning',
        );
      return id;
    }
    // Compared without invisible marks (a pasted "D1" + a direction mark is still D1); the ID itself stays as typed.
    const key = withoutInvisibleMarks(id);
    if (!firstRowOfId) {
      if (key.length > lastId.length || (key.length === lastId.length && key > lastId)) {
        lastId = key;
        return id;
      }
      // The rows above, read again as this function read them.
      firstRowOfId = new Map();
      for (let r = layout.headerIndex + 1; r < sheetRow - firstRow; r++) {
        const above = idText(values[r]?.[idAt]);
        if (above && !firstRowOfId.has(withoutInvisibleMarks(above))) firstRowOfId.set(withoutInvisibleMarks(above), r + firstRow);
      }
    }
    const first = firstRowOfId.get(key);
    if (first === undefined) firstRowOfId.set(key, sheetRow);
    else
      add(
        sheetRow,
        label('id'),
        'id-duplicate',
        `Deal ID "${shorten(key)}" is also ` +
          `on row ${first}; give each deal its own ID. Both rows are read, and History moves for this ID apply to both.`,
      );
    return id;
  };

  const readStage = (): string => {
    let stage = textAt(stageAt);
    if (!hasStage) return stage;
    if (!stage) add(sheetRow, label('stage'), 'stage-missing', `This deal has no stage; pick one of: ${stageNames}.`);
    else {
      const known = findStage(config, stage);
      if (known) stage = known.name;
      else
        add(
          sheetRow,
          label('stage'),
          'stage-unknown',
          `"${shorten(withoutInvisibleMarks(stage))}" is not a stage in the Stages sheet; pick one of: ${stageNames}, or add it to Stages.`,
        );
    }
    return stage;
  };

  const readOwner = (): string => {
    const cell = valueAt(ownerAt);
    // Owners repeat: each distinct cell is parsed once (text cells by value; others are rare).
    let read = typeof cell === 'string' || cell === undefined ? ownerReads.get(cell) : undefined;
    if (!read) {
      const typed = ownerEmail(cell);
      read = { typed, key: ownerKey(typed) };
      if ((typeof cell === 'string' || cell === undefined) && ownerReads.size < MAX_REMEMBERED_OWNERS) ownerReads.set(cell, read);
    }
    const typedOwner = read.typed;
    // Spellings of one owner (ANN@x.com, ann@x.com) are grouped under the first seen; each other spelling is noted once.
    const firstSpelling = ownerSpellings.get(read.key);
    let owner = typedOwner;
    if (!firstSpelling) ownerSpellings.set(read.key, { owner: typedOwner, row: sheetRow, noted: new Set() });
    else if (firstSpelling.owner !== typedOwner) {
      owner = firstSpelling.owner;
      if (!firstSpelling.noted.has(typedOwner)) {
        firstSpelling.noted.add(typedOwner);
        add(
          sheetRow,
          label('owner'),
          'owner-spelling',
          `"${shorten(typedOwner)}" is the same address as "${shorten(owner)}" (row ${firstSpelling.row}), ` +
            `so their deals are counted together under "${shorten(owner)}", the first spelling seen.`,
          'warning',
        );
      }
    }
    if (owner) {
      let email = emailOwners.get(owner);
      if (email === undefined) {
        email = isEmail(owner.toLowerCase());
        if (emailOwners.size < MAX_REMEMBERED_OWNERS) emailOwners.set(owner, email);
      }
      if (!email)
        add(
          sheetRow,
          label('owner'),
          'owner-not-email',
          `"${shorten(owner)}" is not an email address, so this owner gets no digest; type an address such as ann@example.com.`,
          'warning',
        );
    }
    return owner;
  };

  const readProbability = (): number | null => {
    const cell = valueAt(probabilityAt);
    // A fraction typed as a number is the common case: parseProbability's rounding, without its parsing.
    if (typeof cell === 'number' && cell >= 0 && cell <= 1) return Math.round(cell * 1e9) / 1e9;
    const parsed = parseProbability(cell);
    if (parsed.ok) return parsed.value;
    // The reader's own hint names only the formats; the full one also says that blank is fine.
    const reason = parsed.reason.replace(/; type a percentage such as 30% or 0\.3$/, '');
    add(sheetRow, label('probability'), 'probability-invalid', `${reason}; ${PROBABILITY_HINT}.`);
    return null;
  };

  const readCategory = (): ForecastCategory | null => {
    if (isBlank(valueAt(categoryAt))) return null;
    const category = parseCategory(valueAt(categoryAt)) ?? null;
    if (!category) {
      const choices = 'type Pipeline, Best case, Commit, Closed or Omitted, or leave it blank';
      add(
        sheetRow,
        label('forecastCategory'),
        'category-unknown',
        `"${shorten(textAt(categoryAt))}" is not a forecast category; ${choices}.`,
      );
    }
    return category;
  };

  const readExtra = (): Record<string, unknown> => {
    const extra: Record<string, unknown> = {};
    for (const i of extraIndexes) {
      if (isBlank(row[i])) continue;
      // A column headed "__proto__" would replace extra's prototype (or vanish) on assignment: define it as a plain key.
      if (headers[i] === '__proto__')
        Object.defineProperty(extra, '__proto__', { value: row[i], enumerable: true, writable: true, configurable: true });
      else extra[headers[i]] = row[i];
    }
    return extra;
  };

  const readLostAtStage = (): string => {
    const lostAtStage = textAt(lostAtStageAt);
    const known = lostAtStage ? findStage(config, lostAtStage) : undefined;
    if (known) return known.name;
    if (lostAtStage)
      add(
        sheetRow,
        label('lostAtStage'),
        'lost-at-stage-unknown',
        `"${shorten(withoutInvisibleMarks(lostAtStage))}" is not a stage in the Stages sheet, ` +
          `so the funnel counts this lost deal at the first stage only; pick one of: ${stageNames}.`,
        'warning',
      );
    return lostAtStage;
  };

  for (let r = layout.headerIndex + 1; r < values.length; r++) {
    row = values[r] ?? [];
    if (row.every(isBlank)) continue;
    sheetRow = r + firstRow;
    // Fields are read in the order their problems have always been listed.
    const id = readId();
    const stage = readStage();
    stages.add(stage);
    const owner = readOwner();
    const probability = readProbability();
    const forecastCategory = readCategory();
    const extra = readExtra();
    const lostAtStage = hasLostAtStage ? readLostAtStage() : '';
    const name = textAt(nameAt);
    const account = textAt(accountAt);
    const amount = number('amount');
    const currency = textAt(currencyAt).toUpperCase();
    const created = date('created', createdAt);
    const expectedClose = date('expectedClose', expectedCloseAt);
    const closedOn = date('closedOn', closedOnAt);
    const nextStep = textAt(nextStepAt);
    const nextStepDate = date('nextStepDate', nextStepDateAt);
    const stageChanged = date('stageChanged', stageChangedAt);
    const lostReason = textAt(lostReasonAt);
    const snoozeUntil = date('snoozeUntil', snoozeUntilAt);
    const moveReason = textAt(moveReasonAt);
    // Only a file with a "Lost at stage" column gives its deals the field; each table's deals share one shape.
    deals.push(
      hasLostAtStage
        ? {
            row: sheetRow,
            id,
            name,
            account,
            owner,
            stage,
            amount,
            currency,
            probability,
            forecastCategory,
            created,
            expectedClose,
            closedOn,
            nextStep,
            nextStepDate,
            stageChanged,
            lostReason,
            snoozeUntil,
            moveReason,
            lostAtStage,
            extra,
          }
        : {
            row: sheetRow,
            id,
            name,
            account,
            owner,
            stage,
            amount,
            currency,
            probability,
            forecastCategory,
            created,
            expectedClose,
            closedOn,
            nextStep,
            nextStepDate,
            stageChanged,
            lostReason,
            snoozeUntil,
            moveReason,
            extra,
          },
    );
  }
  return { deals, textAmounts, stages };
}

/** Distinct owner spellings remembered while reading (a bound on memory for a pathological sheet). */
const MAX_REMEMBERED_OWNERS = 100_000;

/**
 * One warning per column that a deal's stage requires but the header row lacks
 * (typically a renamed header such as "Amt"): without it, every such deal is told
 * to fill in a field it may have filled in under another name.
 */
function missingRequiredColumns(
  stages: Iterable<string>,
  config: PipelineConfig,
  fields: ReadonlyMap<DealField, number>,
  headerRow: number,
  ownColumns: readonly string[],
  sheet: string,
): Problem[] {
  const firstStage = new Map<DealField, string>();
  // Each stage once (readDealRows lists them), not each deal.
  for (const name of stages) {
    const stage = findStage(config, name);
    for (const field of stage?.requiredFields ?? []) if (!fields.has(field) && !firstStage.has(field)) firstStage.set(field, stage!.name);
  }
  const unknown = ownColumns.length
    ? ` Columns not recognised: ${ownColumns
        .slice(0, 5)
        .map((h) => `"${shorten(h)}"`)
        .join(', ')}${ownColumns.length > 5 ? ', …' : ''}.`
    : '';
  return [...firstStage].map(([field, stage]) => ({
    sheet,
    row: headerRow,
    column: DEAL_HEADERS.en[field],
    code: 'required-column-missing',
    message:
      `No "${DEAL_HEADERS.en[field]}" column was found in row ${headerRow}, but deals in "${stage}" need it. ` +
      `Name a column "${DEAL_HEADERS.en[field]}" (or rename yours to it).${unknown}`,
    severity: 'warning' as const,
  }));
}

/** A deal with every field blank; handy for adapters and tests that fill a few fields. */
export function blankDeal(overrides: Partial<Deal> = {}): Deal {
  return {
    row: 0,
    id: '',
    name: '',
    account: '',
    owner: '',
    stage: '',
    amount: null,
    currency: '',
    probability: null,
    forecastCategory: null,
    created: null,
    expectedClose: null,
    closedOn: null,
    nextStep: '',
    nextStepDate: null,
    stageChanged: null,
    lostReason: '',
    snoozeUntil: null,
    moveReason: '',
    extra: {},
    ...overrides,
  };
}

/** The Deals header row the tool writes in a new sheet. */
export function dealsHeader(fields: readonly DealField[] = DEAL_FIELDS, language: keyof typeof DEAL_HEADERS = 'en'): string[] {
  return fields.map((field) => DEAL_HEADERS[language][field]);
}
