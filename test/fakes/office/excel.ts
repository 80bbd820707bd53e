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
 *
 * More of Office.js's refusals, each checked at context.sync() as Excel checks them
 * when the batch runs (the assignment itself never throws):
 * - A values, formulas or numberFormat array whose shape differs from the range's is
 *   refused with InvalidArgument ("The number of rows or columns in the input array
 *   doesn't match the size or dimensions of the range."); the writes queued before it
 *   are applied, those after it are dropped. Each row must be an array as long as the
 *   range is wide; null in a cell leaves that cell unchanged.
 *   https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-values-member
 *   https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-ranges-set-get-values
 *   https://learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling (InvalidArgument)
 * - Excel on the web caps a request and a response at 5 MB: a batch whose written data
 *   is larger is refused whole with RequestPayloadSizeLimitExceeded, and a sync whose
 *   loaded data is larger rejects with ResponsePayloadSizeLimitExceeded. The size is
 *   the UTF-8 length of the JSON of the values written or loaded, counted against
 *   5,000,000 bytes (the docs say "5MB"; the smaller reading is the strict one). Set
 *   `platform = 'desktop'` to lift it: the limit applies to Excel on the web only.
 *   https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins
 *   https://learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling
 *   (RequestPayloadSizeLimitExceeded, ResponsePayloadSizeLimitExceeded)
 * - worksheet.onChanged event args carry `source` and `triggerSource` as Excel sets
 *   them: the user's own edit is source "Local", triggerSource "Unknown"; a co-author's
 *   edit (edit(..., { remote: true })) is source "Remote"; an event Excel sends for
 *   this add-in's own write is triggerSource "ThisLocalAddin" (ExcelApi 1.14; set
 *   `echoTriggerSource` to undefined for an older build that lacks the property, or to
 *   "Unknown" for a write made by another copy of the add-in).
 *   https://learn.microsoft.com/javascript/api/excel/excel.worksheetchangedeventargs
 *   https://learn.microsoft.com/javascript/api/excel/excel.eventtriggersource
 *   https://learn.microsoft.com/javascript/api/excel/excel.eventsource
 */
import { OfficeMockObject } from 'office-addin-mock';
import { chartCollection, RANGE_INFO, type FakeExcelChart } from './charts';

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

/** An operation applied as a whole at sync (charts.ts). */
interface QueuedApply {
  readonly apply: () => void;
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
  readonly rowCount: number;
  readonly columnCount: number;
}

/** Excel on the web's cap on a request or a response (see the file comment). */
export const WEB_PAYLOAD_LIMIT = 5_000_000;

/** UTF-8 bytes of a value as JSON, the measure the payload limit is checked with here. */
export function payloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
}

/** Why Excel refuses a 2-D array for a range of this size, or null when the shape fits. */
export function shapeProblem(data: unknown, rowCount: number, columnCount: number): string | null {
  if (!Array.isArray(data)) return `a ${rowCount}×${columnCount} range takes a 2-D array, not ${JSON.stringify(data)}`;
  const bad = data.findIndex((line) => !Array.isArray(line) || line.length !== columnCount);
  if (data.length === rowCount && bad < 0) return null;
  const shownColumns =
    bad >= 0 && Array.isArray(data[bad]) ? (data[bad] as unknown[]).length : Array.isArray(data[0]) ? (data[0] as unknown[]).length : '?';
  const shape = `${data.length}×${shownColumns}`;
  return (
    `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${shape} for a ` +
    `${rowCount}×${columnCount} range)`
  );
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
  /** The triggerSource an echo carries (see the file comment); undefined leaves the property out. */
  echoTriggerSource: 'ThisLocalAddin' | 'Unknown' | undefined = 'ThisLocalAddin';
  /** 'web' enforces Excel on the web's 5 MB payload limit; 'desktop' does not. */
  platform: 'web' | 'desktop' = 'web';
  /** The largest request and response a sync has carried so far, in bytes (see payloadBytes); refused ones are not counted. */
  readonly largestPayload = { request: 0, response: 0 };
  readonly pendingEvents: Excel.WorksheetChangedEventArgs[] = [];
  /** Charts added with worksheet.charts.add, as applied at sync (charts.ts). */
  readonly charts: FakeExcelChart[] = [];
  syncs = 0;
  runs = 0;

  constructor(sheets: Record<string, Cell[][]> = {}) {
    for (const [name, values] of Object.entries(sheets))
      this.sheets.set(
        name,
        values.map((row) => [...row]),
      );
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

  /**
   * The user types into cells: the sheet changes, and the event Excel would send comes
   * back. `remote` makes it a co-author's edit, which Excel reports as source "Remote".
   */
  edit(
    sheet: string,
    row: number,
    column: number,
    values: Cell[][],
    options: { readonly remote?: boolean } = {},
  ): Excel.WorksheetChangedEventArgs {
    const before = this.cell(sheet, row, column);
    this.put(sheet, row, column, values);
    const single = values.length === 1 && values[0].length === 1;
    const address = rangeAddress(row, column, values.length, values[0].length);
    return {
      address,
      changeType: 'RangeEdited',
      source: options.remote ? 'Remote' : 'Local',
      type: 'WorksheetChanged',
      worksheetId: sheet,
      // A person's edit is not this add-in's: Excel says "Unknown" (EventTriggerSource).
      triggerSource: 'Unknown',
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
    const queue: (QueuedSet | QueuedFailure | QueuedApply)[] = [];
    const ranges = new Map<object, RangeInfo>();
    const created: OfficeMockObject[] = [];
    /** Properties load() asked for since the last sync: what the response will carry. */
    const loads: { readonly target: object; readonly names: readonly string[] }[] = [];
    const fake = this;
    let runtime: object | null = null;

    const makeRange = (sheet: string, row: number, column: number, rowCount: number, columnCount: number): OfficeMockObject => {
      const grid = fake.sheets.get(sheet) ?? [];
      const values = Array.from({ length: rowCount }, (_, r) =>
        Array.from({ length: columnCount }, (_, c) => grid[row + r]?.[column + c] ?? ''),
      );
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
      ranges.set(mock, { sheet, row, column, rowCount, columnCount });
      Object.defineProperty(mock, RANGE_INFO, { value: { sheet, row, column, rowCount, columnCount } });
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
      getRangeByIndexes: (row: number, column: number, rowCount: number, columnCount: number) =>
        makeRange(name, row, column, rowCount, columnCount),
      getRange: (address: string) => {
        const block = parseRange(address);
        return makeRange(name, block.row, block.column, block.rowCount, block.columnCount);
      },
      activate: () => undefined,
      freezePanes: { freezeRows: () => undefined },
      charts: chartCollection(name, fake.charts, (operation) => queue.push(operation)),
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
            if (stored === undefined || !self.items[stored])
              throw new OfficeError('ItemNotFound', `There is no worksheet "${name}".`, 'WorksheetCollection.getItem');
            return self.items[stored];
          },
          add(name: string) {
            const refused = worksheetNameProblem(name);
            const taken = fake.sheetName(name);
            const failing = queue.some((item) => 'failure' in item);
            if (refused !== null || taken !== undefined || failing) {
              // Excel runs nothing of the batch after a refused operation; the sheet handed back only collects writes that are dropped.
              if (!failing) {
                const failure =
                  refused !== null
                    ? new OfficeError(
                        'InvalidArgument',
                        `The argument is invalid or missing or has an incorrect format: ${refused}.`,
                        'WorksheetCollection.add',
                      )
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
        const request = queue.reduce((sum, item) => sum + ('value' in item ? payloadBytes(item.value) : 0), 0);
        if (fake.platform === 'web' && request > WEB_PAYLOAD_LIMIT) {
          // The request never reaches the workbook: nothing of the batch is applied.
          queue.length = 0;
          loads.length = 0;
          throw new OfficeError(
            'RequestPayloadSizeLimitExceeded',
            `The request payload size has exceeded the limit (${request} bytes; Excel on the web takes 5 MB).`,
            'RequestContext.sync',
          );
        }
        fake.largestPayload.request = Math.max(fake.largestPayload.request, request);
        for (const set of queue.splice(0)) {
          if ('failure' in set) {
            queue.length = 0;
            loads.length = 0;
            throw set.failure;
          }
          if ('apply' in set) {
            set.apply();
            continue;
          }
          if (set.target === runtime && set.prop === 'enableEvents') fake.eventsEnabled = Boolean(set.value);
          const info = ranges.get(set.target);
          if (info && (set.prop === 'values' || set.prop === 'numberFormat' || set.prop === 'formulas')) {
            const refused = shapeProblem(set.value, info.rowCount, info.columnCount);
            if (refused !== null) {
              queue.length = 0;
              loads.length = 0;
              throw new OfficeError('InvalidArgument', `${refused}.`, `Range.${set.prop}`);
            }
            const data = set.value as (Cell | null)[][];
            fake.writes.push({
              sheet: info.sheet,
              kind: set.prop,
              row: info.row,
              column: info.column,
              data,
              eventsEnabled: fake.eventsEnabled,
            });
            if (set.prop === 'numberFormat') fake.putFormats(info.sheet, info.row, info.column, data as (string | null)[][]);
            else if (set.prop === 'values') fake.putTyped(info.sheet, info.row, info.column, data);
            else fake.put(info.sheet, info.row, info.column, data);
          }
        }
        await OfficeMockObject.prototype.sync.call(rawContext);
        for (const mock of created) await mock.sync();
        // The mock finishes nested syncs in later microtasks; let them all run.
        await new Promise((resolve) => setTimeout(resolve, 0));
        const response = loads
          .splice(0)
          .reduce(
            (sum, load) =>
              sum + load.names.reduce((bytes, name) => bytes + payloadBytes((load.target as Record<string, unknown>)[name]), 0),
            0,
          );
        if (fake.platform === 'web' && response > WEB_PAYLOAD_LIMIT) {
          throw new OfficeError(
            'ResponsePayloadSizeLimitExceeded',
            `The response payload size has exceeded the limit (${response} bytes; Excel on the web takes 5 MB).`,
            'RequestContext.sync',
          );
        }
        fake.largestPayload.response = Math.max(fake.largestPayload.response, response);
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
              if (prop === 'load') loads.push({ target, names: loadedNames(args[0]) });
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
      ...(this.echoTriggerSource === undefined ? {} : { triggerSource: this.echoTriggerSource }),
      details: single ? ({ valueBefore: before, valueAfter: stored[0][0] } as Excel.ChangedEventDetail) : undefined,
    } as unknown as Excel.WorksheetChangedEventArgs);
  }

  private put(sheet: string, row: number, column: number, data: readonly (readonly (Cell | null)[])[]): void {
    const grid = this.sheets.get(sheet) ?? [];
    this.sheets.set(sheet, grid);
    data.forEach((line, r) => {
      line.forEach((value, c) => {
        if (value === null) return; // Office.js leaves a cell unchanged for null
        while (grid.length <= row + r) grid.push([]);
        const target = grid[row + r];
        while (target.length < column + c) target.push('');
        target[column + c] = value;
      });
    });
  }

  private putFormats(sheet: string, row: number, column: number, data: readonly (readonly (string | null)[])[]): void {
    const grid = this.formats.get(sheet) ?? [];
    this.formats.set(sheet, grid);
    data.forEach((line, r) => {
      line.forEach((value, c) => {
        if (value === null) return;
        while (grid.length <= row + r) grid.push([]);
        grid[row + r][column + c] = value;
      });
    });
  }
}

/** The property names a load() call asks for: "a, b", ["a", "b"] or { a: true }. */
function loadedNames(argument: unknown): string[] {
  if (typeof argument === 'string')
    return argument
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
  if (Array.isArray(argument)) return argument.map(String);
  if (argument && typeof argument === 'object') return Object.keys(argument);
  return [];
}

function usedRangeData(grid: readonly (readonly Cell[])[]) {
  let top = -1;
  let bottom = -1;
  let left = Infinity;
  let right = -1;
  grid.forEach((line, r) => {
    line.forEach((value, c) => {
      if (value === '' || value === null || value === undefined) return;
      if (top < 0) top = r;
      bottom = r;
      left = Math.min(left, c);
      right = Math.max(right, c);
    });
  });
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
