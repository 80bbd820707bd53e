/**
 * A fake Excel for the add-in's unit tests, built on office-addin-mock. Each
 * Excel.run gets a fresh OfficeMockObject context made from the fake's sheets, so
 * the mock's own rules apply: a property must be loaded and synced before it is
 * read. The mock marks such a read by returning an error string; this fake turns
 * that into a thrown error (as Office.js throws PropertyNotLoaded), so a missing
 * load() or sync() fails the test instead of passing a string along.
 *
 * Writes (values, numberFormat, formulas) are queued and applied to the sheets at
 * context.sync(), in order with `context.runtime.enableEvents`, and each is logged
 * with whether events were on at that moment. Only the Excel API the add-in uses is
 * here: worksheets.getItem/getItemOrNullObject/add, getUsedRange, getRangeByIndexes,
 * getRange, getActiveCell, select, activate, freezePanes, onChanged.
 *
 * Values are stored as Excel stores a typed entry: a string that starts with =, +, -
 * or @ (and is not a plain number) becomes a formula, listed in `formulaCells`; a
 * leading apostrophe makes the rest plain text and is not kept. With `echoOwnWrites`
 * the fake behaves like an Excel that ignores enableEvents (an older build, another
 * instance of the add-in): every values write on a sheet with an onChanged handler
 * queues the event Excel would send, which `fireEchoes()` delivers.
 *
 * Sheet names follow Excel's rules: they are matched ignoring case, and
 * worksheets.add() refuses a name Excel refuses ("History" in any case, which Excel
 * keeps for shared-workbook change tracking; more than 31 characters; any of
 * : \ / ? * [ ]; empty; an apostrophe first or last) or one already taken. As in
 * Office.js the error surfaces at the next context.sync(): the queued operations
 * before the add() are applied, those after it are dropped, and sync() rejects with
 * an OfficeExtension-like error (`code` InvalidArgument or ItemAlreadyExists). The
 * constructor takes any names, so a test can hold a workbook made elsewhere, such as
 * a converted file with a "History" sheet.
 */
import { OfficeMockObject } from 'office-addin-mock';

export type Cell = string | number | boolean;

/** One write the add-in made, as applied at sync. */
export interface FakeWrite {
  readonly sheet: string;
  readonly kind: 'values' | 'numberFormat' | 'formulas';
  /** 0-based top-left cell. */
  readonly row: number;
  readonly column: number;
  readonly data: readonly (readonly (Cell | null)[])[];
  readonly eventsEnabled: boolean;
}

const MOCK_ERRORS = ['Error, property was not loaded', 'Error, context.sync() was not called'];

interface QueuedSet {
  readonly target: object;
  readonly prop: string;
  readonly value: unknown;
}

/** An operation Excel would refuse when the batch runs: sync() rejects with it. */
interface QueuedFailure {
  readonly failure: OfficeError;
}

/** The shape of an OfficeExtension.Error as Office.js rejects context.sync() with it. */
export class OfficeError extends Error {
  override readonly name = 'RichApi.Error';
  readonly debugInfo: { readonly code: string; readonly message: string; readonly errorLocation: string };

  constructor(
    readonly code: string,
    message: string,
    errorLocation: string,
  ) {
    super(message);
    this.debugInfo = { code, message, errorLocation };
  }
}

/** Why Excel refuses a new worksheet name, or null when it takes it. */
export function worksheetNameProblem(name: string): string | null {
  if (name === '') return 'a sheet name cannot be empty';
  if (name.length > 31) return `"${name}" is longer than 31 characters`;
  if (/[:\\/?*[\]]/.test(name)) return `"${name}" contains one of : \\ / ? * [ ]`;
  if (name.startsWith("'") || name.endsWith("'")) return `"${name}" starts or ends with an apostrophe`;
  if (name.toLowerCase() === 'history') return `"${name}" is reserved by Excel`;
  return null;
}

interface RangeInfo {
  readonly sheet: string;
  readonly row: number;
  readonly column: number;
}

export class FakeExcel {
  readonly sheets = new Map<string, Cell[][]>();
  readonly formats = new Map<string, string[][]>();
  readonly writes: FakeWrite[] = [];
  readonly handlers: ((event: unknown) => Promise<unknown> | unknown)[] = [];
  /** The sheet each of `handlers` was added on, by index. */
  readonly handlerSheets: string[] = [];
  selected: { sheet: string; address: string } | null = null;
  activeCell: { sheet: string; row: number } = { sheet: 'Deals', row: 0 };
  eventsEnabled = true;
  /** Cells ("Sheet!A1") that a values write turned into a formula, with the text written. */
  readonly formulaCells = new Map<string, string>();
  /** Deliver onChanged events for the add-in's own writes even with events off (see the file comment). */
  echoOwnWrites = false;
  readonly pendingEvents: Excel.WorksheetChangedEventArgs[] = [];
  syncs = 0;
  runs = 0;

  constructor(sheets: Record<string, Cell[][]> = {}) {
    for (const [name, values] of Object.entries(sheets)) this.sheets.set(name, values.map((row) => [...row]));
  }

  /** The global `Excel` the add-in calls. */
  get global(): { run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T> } {
    return { run: (batch) => this.run(batch) };
  }

  /** The stored name of a sheet, found ignoring case as Excel does; undefined when there is none. */
  sheetName(name: string): string | undefined {
    const wanted = name.toLowerCase();
    return [...this.sheets.keys()].find((stored) => stored.toLowerCase() === wanted);
  }

  /** A cell's value (0-based), '' when outside the sheet. */
  cell(sheet: string, row: number, column: number): Cell {
    return this.sheets.get(sheet)?.[row]?.[column] ?? '';
  }

  /** The user types into cells: the sheet changes, and the event Excel would send comes back. */
  edit(sheet: string, row: number, column: number, values: Cell[][]): Excel.WorksheetChangedEventArgs {
    const before = this.cell(sheet, row, column);
    this.put(sheet, row, column, values);
    const single = values.length === 1 && values[0].length === 1;
    const address = rangeAddress(row, column, values.length, values[0].length);
    return {
      address,
      changeType: 'RangeEdited',
      source: 'Local',
      type: 'WorksheetChanged',
      worksheetId: sheet,
      triggerSource: 'ThisLocalAddin',
      // Excel gives valueBefore/valueAfter for a single cell only.
      details: single ? ({ valueBefore: before, valueAfter: values[0][0] } as Excel.ChangedEventDetail) : undefined,
    } as unknown as Excel.WorksheetChangedEventArgs;
  }

  /** Delivers the queued echo events to the handlers, one by one, until none is left (a handler's writes may queue more). */
  async fireEchoes(limit = 50): Promise<number> {
    let fired = 0;
    while (this.pendingEvents.length > 0 && fired < limit) {
      const event = this.pendingEvents.shift()!;
      for (const [i, handler] of this.handlers.entries()) if (this.handlerSheets[i] === event.worksheetId) await handler(event);
      fired++;
    }
    return fired;
  }

  async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    this.runs++;
    const queue: (QueuedSet | QueuedFailure)[] = [];
    const ranges = new Map<object, RangeInfo>();
    const created: OfficeMockObject[] = [];
    const fake = this;
    let runtime: object | null = null;

    const makeRange = (sheet: string, row: number, column: number, rowCount: number, columnCount: number): OfficeMockObject => {
      const grid = fake.sheets.get(sheet) ?? [];
      const values = Array.from({ length: rowCount }, (_, r) => Array.from({ length: columnCount }, (_, c) => grid[row + r]?.[column + c] ?? ''));
      const mock = new OfficeMockObject({
        values,
        formulas: values,
        numberFormat: values.map((line) => line.map(() => 'General')),
        rowIndex: row,
        columnIndex: column,
        rowCount,
        columnCount,
        address: `${sheet}!${rangeAddress(row, column, rowCount, columnCount)}`,
        worksheet: { name: sheet },
        select() {
          fake.selected = { sheet, address: rangeAddress(row, column, rowCount, columnCount) };
        },
      });
      ranges.set(mock, { sheet, row, column });
      created.push(mock);
      return mock;
    };

    const makeSheet = (name: string) => ({
      name,
      isNullObject: false,
      usedRange: usedRangeData(fake.sheets.get(name) ?? []),
      getUsedRange() {
        return (this as unknown as { usedRange: unknown }).usedRange;
      },
      getRangeByIndexes: (row: number, column: number, rowCount: number, columnCount: number) => makeRange(name, row, column, rowCount, columnCount),
      getRange: (address: string) => {
        const block = parseRange(address);
        return makeRange(name, block.row, block.column, block.rowCount, block.columnCount);
      },
      activate: () => undefined,
      freezePanes: { freezeRows: () => undefined },
      onChanged: {
        add: (handler: (event: unknown) => unknown) => {
          fake.handlers.push(handler as (event: unknown) => Promise<unknown>);
          fake.handlerSheets.push(name);
        },
      },
    });

    const items: Record<string, unknown> = {};
    for (const name of this.sheets.keys()) items[name] = makeSheet(name);
    const context = new OfficeMockObject({
      workbook: {
        worksheets: {
          items,
          getItemOrNullObject(name: string) {
            const self = this as unknown as { items: Record<string, unknown> };
            const stored = fake.sheetName(name);
            if (stored !== undefined && self.items[stored]) return self.items[stored];
            const missing = new OfficeMockObject({ isNullObject: true });
            created.push(missing);
            return missing;
          },
          getItem(name: string) {
            const self = this as unknown as { items: Record<string, unknown> };
            const stored = fake.sheetName(name);
            if (stored === undefined || !self.items[stored]) throw new OfficeError('ItemNotFound', `There is no worksheet "${name}".`, 'WorksheetCollection.getItem');
            return self.items[stored];
          },
          add(name: string) {
            const refused = worksheetNameProblem(name);
            const taken = fake.sheetName(name);
            const failing = queue.some((item) => 'failure' in item);
            if (refused !== null || taken !== undefined || failing) {
              // Excel runs nothing of the batch after a refused operation; the sheet handed back only collects writes that are dropped.
              if (!failing) {
                const failure = refused !== null
                  ? new OfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format: ${refused}.`, 'WorksheetCollection.add')
                  : new OfficeError('ItemAlreadyExists', `A worksheet named "${taken}" already exists.`, 'WorksheetCollection.add');
                queue.push({ failure });
              }
              const doomed = new OfficeMockObject(makeSheet(name));
              created.push(doomed);
              return doomed;
            }
            fake.sheets.set(name, []);
            const sheet = new OfficeMockObject(makeSheet(name));
            created.push(sheet);
            (this as unknown as { items: Record<string, unknown> }).items[name] = sheet;
            return sheet;
          },
        },
        getActiveCell: () => makeRange(fake.activeCell.sheet, fake.activeCell.row, 0, 1, 1),
      },
      runtime: { enableEvents: true },
      sync: async () => {
        fake.syncs++;
        for (const set of queue.splice(0)) {
          if ('failure' in set) {
            queue.length = 0;
            throw set.failure;
          }
          if (set.target === runtime && set.prop === 'enableEvents') fake.eventsEnabled = Boolean(set.value);
          const info = ranges.get(set.target);
          if (info && (set.prop === 'values' || set.prop === 'numberFormat' || set.prop === 'formulas')) {
            const data = set.value as (Cell | null)[][];
            fake.writes.push({ sheet: info.sheet, kind: set.prop, row: info.row, column: info.column, data, eventsEnabled: fake.eventsEnabled });
            if (set.prop === 'numberFormat') fake.putFormats(info.sheet, info.row, info.column, data as (string | null)[][]);
            else if (set.prop === 'values') fake.putTyped(info.sheet, info.row, info.column, data);
            else fake.put(info.sheet, info.row, info.column, data);
          }
        }
        await OfficeMockObject.prototype.sync.call(rawContext);
        for (const mock of created) await mock.sync();
        // The mock finishes nested syncs in later microtasks; let them all run.
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    });
    const rawContext = context;
    runtime = (context as unknown as { runtime: object }).runtime;

    const wrap = (value: unknown, path: string): unknown => {
      if (!(value instanceof OfficeMockObject)) return value;
      return new Proxy(value, {
        get(target, prop, receiver) {
          if (typeof prop === 'symbol') return Reflect.get(target, prop, receiver);
          const found = (target as Record<string, unknown>)[prop];
          if (typeof found === 'function') {
            return (...args: unknown[]) => {
              const result = (found as (...a: unknown[]) => unknown).apply(target, args);
              return result instanceof Promise ? result : wrap(result, `${path}.${prop}()`);
            };
          }
          if (typeof found === 'string' && MOCK_ERRORS.includes(found)) {
            throw new Error(`PropertyNotLoaded: ${path}.${prop}: ${found}`);
          }
          return wrap(found, `${path}.${prop}`);
        },
        set(target, prop, value) {
          if (typeof prop === 'string') queue.push({ target, prop, value });
          (target as unknown as Record<string | symbol, unknown>)[prop] = value;
          return true;
        },
      });
    };
    return batch(wrap(context, 'context') as Excel.RequestContext);
  }

  /**
   * A values write, read as Excel reads typed entries (see the file comment); queues
   * the echo event when `echoOwnWrites` is on and a handler listens.
   */
  private putTyped(sheet: string, row: number, column: number, data: readonly (readonly (Cell | null)[])[]): void {
    const before = this.cell(sheet, row, column);
    const stored = data.map((line, r) =>
      line.map((value, c) => {
        if (typeof value !== 'string') return value;
        const key = `${sheet}!${rangeAddress(row + r, column + c)}`;
        this.formulaCells.delete(key);
        if (value.startsWith("'")) return value.slice(1);
        if (/^[=+\-@]/.test(value) && !Number.isFinite(Number(value))) this.formulaCells.set(key, value);
        return value;
      }),
    );
    this.put(sheet, row, column, stored);
    if (!this.echoOwnWrites || !this.handlerSheets.includes(sheet) || data.length === 0) return;
    const single = data.length === 1 && data[0].length === 1;
    this.pendingEvents.push({
      address: rangeAddress(row, column, data.length, data[0].length),
      changeType: 'RangeEdited',
      source: 'Local',
      type: 'WorksheetChanged',
      worksheetId: sheet,
      details: single ? ({ valueBefore: before, valueAfter: stored[0][0] } as Excel.ChangedEventDetail) : undefined,
    } as unknown as Excel.WorksheetChangedEventArgs);
  }

  private put(sheet: string, row: number, column: number, data: readonly (readonly (Cell | null)[])[]): void {
    const grid = this.sheets.get(sheet) ?? [];
    this.sheets.set(sheet, grid);
    data.forEach((line, r) =>
      line.forEach((value, c) => {
        if (value === null) return; // Office.js leaves a cell unchanged for null
        while (grid.length <= row + r) grid.push([]);
        const target = grid[row + r];
        while (target.length < column + c) target.push('');
        target[column + c] = value;
      }),
    );
  }

  private putFormats(sheet: string, row: number, column: number, data: readonly (readonly (string | null)[])[]): void {
    const grid = this.formats.get(sheet) ?? [];
    this.formats.set(sheet, grid);
    data.forEach((line, r) =>
      line.forEach((value, c) => {
        if (value === null) return;
        while (grid.length <= row + r) grid.push([]);
        grid[row + r][column + c] = value;
      }),
    );
  }
}

function usedRangeData(grid: readonly (readonly Cell[])[]) {
  let top = -1;
  let bottom = -1;
  let left = Infinity;
  let right = -1;
  grid.forEach((line, r) =>
    line.forEach((value, c) => {
      if (value === '' || value === null || value === undefined) return;
      if (top < 0) top = r;
      bottom = r;
      left = Math.min(left, c);
      right = Math.max(right, c);
    }),
  );
  if (top < 0) return { values: [['']], rowIndex: 0, columnIndex: 0, rowCount: 1, columnCount: 1 };
  const values = [];
  for (let r = top; r <= bottom; r++) {
    const line = [];
    for (let c = left; c <= right; c++) line.push(grid[r]?.[c] ?? '');
    values.push(line);
  }
  return { values, rowIndex: top, columnIndex: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
}

function letters(column: number): string {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** "E5" or "E5:E9" for a 0-based block. */
export function rangeAddress(row: number, column: number, rowCount = 1, columnCount = 1): string {
  const first = `${letters(column)}${row + 1}`;
  return rowCount === 1 && columnCount === 1 ? first : `${first}:${letters(column + columnCount - 1)}${row + rowCount}`;
}

function parseRange(address: string): { row: number; column: number; rowCount: number; columnCount: number } {
  const match = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(address.replace(/^.*!/, '').replace(/\$/g, ''));
  if (!match) throw new Error(`InvalidArgument: the fake cannot read the address "${address}"`);
  const col = (text: string) => [...text].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const row = Number(match[2]) - 1;
  const column = col(match[1]);
  return { row, column, rowCount: match[4] ? Number(match[4]) - row : 1, columnCount: match[3] ? col(match[3]) - column + 1 : 1 };
}
