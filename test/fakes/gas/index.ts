/**
 * One Apps Script world for a test or the benchmark: a spreadsheet and every service
 * fake sharing one call counter, the built dist/gas/Code.js loaded into a node:vm
 * context with those fakes as globals, and helpers that fire events the way Sheets
 * does (onEdit with e.value/e.oldValue for one cell, without them for a paste).
 * runExecution runs one call of the bundle as one Apps Script execution: with its
 * own start on the simulated clock, killed past 6 minutes, its locks released at
 * the end. Two bundles loaded into one world are two executions sharing the
 * spreadsheet and the locks, as two users' triggers are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { CallLog } from './calls';
import { ExecutionKilled, scriptDate } from './execution';
import { FakeRange, FakeSpreadsheet, FakeSpreadsheetApp, FakeUi, type FakeSheet } from './spreadsheet';
import {
  FakeCacheService,
  FakeCharts,
  FakeConsole,
  FakeHtmlService,
  FakeLockService,
  FakeLogger,
  FakeMailApp,
  FakePropertiesService,
  FakeScriptApp,
  FakeSession,
  FakeUtilities,
  formatDate,
} from './services';

export * from './calls';
export * from './execution';
export * from './spreadsheet';
export * from './services';

export interface GasOptions {
  readonly locale?: string;
  readonly timeZone?: string;
  readonly user?: string;
  readonly mailQuota?: number;
  /** The manifest's oauthScopes; default: those of the built dist/gas/appsscript.json. */
  readonly scopes?: readonly string[];
}

export interface GasWorld {
  readonly log: CallLog;
  readonly spreadsheet: FakeSpreadsheet;
  readonly ui: FakeUi;
  readonly SpreadsheetApp: FakeSpreadsheetApp;
  readonly ScriptApp: FakeScriptApp;
  readonly MailApp: FakeMailApp;
  readonly LockService: FakeLockService;
  readonly PropertiesService: FakePropertiesService;
  readonly CacheService: FakeCacheService;
  readonly Session: FakeSession;
  readonly HtmlService: FakeHtmlService;
  readonly Utilities: FakeUtilities;
  readonly Logger: FakeLogger;
  /** What the script wrote with console.*, which Apps Script keeps in the execution's log. */
  readonly console: FakeConsole;
  /** The globals to give the bundle. */
  readonly globals: Record<string, unknown>;
}

export function createGas(options: GasOptions = {}): GasWorld {
  const log = new CallLog();
  log.scopes = new Set(options.scopes ?? manifestScopes());
  const ui = new FakeUi(log);
  const spreadsheet = new FakeSpreadsheet(log, ui, options.locale ?? 'en_US', options.timeZone ?? 'Etc/UTC');
  spreadsheet.runAs = options.user ?? 'ann@example.com';
  const world = {
    log,
    spreadsheet,
    ui,
    SpreadsheetApp: new FakeSpreadsheetApp(spreadsheet),
    ScriptApp: new FakeScriptApp(log),
    MailApp: new FakeMailApp(log, options.mailQuota ?? 100),
    LockService: new FakeLockService(log),
    PropertiesService: new FakePropertiesService(log),
    CacheService: new FakeCacheService(log),
    Session: new FakeSession(log, options.user ?? 'ann@example.com', options.timeZone ?? 'Etc/UTC'),
    HtmlService: new FakeHtmlService(log),
    Utilities: new FakeUtilities(log),
    Logger: new FakeLogger(log),
    console: new FakeConsole(),
  };
  const globals: Record<string, unknown> = { ...world, Charts: FakeCharts };
  delete globals.log;
  delete globals.spreadsheet;
  delete globals.ui;
  return { ...world, globals };
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BUNDLE_PATH = join(root, 'dist', 'gas', 'Code.js');

/** The oauthScopes the built manifest declares (the source one before a build). */
function manifestScopes(): string[] {
  const built = join(root, 'dist', 'gas', 'appsscript.json');
  const manifest = JSON.parse(readFileSync(existsSync(built) ? built : join(root, 'appsscript.json'), 'utf8')) as { oauthScopes?: string[] };
  return manifest.oauthScopes ?? [];
}

/** The top-level functions of the bundle, as Apps Script would call them. */
export type GasGlobals = Record<string, (...args: unknown[]) => unknown>;

/**
 * Loads the built Code.js into a fresh vm context holding the fakes. The context
 * shares this realm's Date, so Dates from the fakes and from the script are one kind,
 * as they are in Apps Script's single V8 isolate; `new Date()` and `Date.now()` in
 * the script add the simulated time of the running execution.
 */
export function loadBundle(world: GasWorld, code = readFileSync(BUNDLE_PATH, 'utf8')): GasGlobals {
  const context = vm.createContext({ console: world.console, ...world.globals, Date: scriptDate(world.log.clock, Date) });
  vm.runInContext(code, context, { filename: 'Code.js' });
  return context as unknown as GasGlobals;
}

export interface ExecutionOutcome<T> {
  /** What the call returned; undefined when it threw or was killed. */
  readonly value: T | undefined;
  /** True when the execution ran past its limit and Apps Script stopped it. */
  readonly killed: boolean;
  /** What the script threw other than the kill (Apps Script would log it and, for a trigger, email its owner). */
  readonly error: unknown;
  /** Simulated milliseconds the execution took. */
  readonly elapsedMs: number;
}

/**
 * Runs `call` (one top-level function of a bundle) as one execution. A kill past the
 * limit ends it, whatever the script's catch and finally blocks tried; any other
 * error is reported, not thrown, as Apps Script records a failed execution. The
 * locks the execution held are released when it ends.
 */
export function runExecution<T>(world: GasWorld, call: () => T): ExecutionOutcome<T> {
  const clock = world.log.clock;
  const run = clock.begin();
  let value: T | undefined;
  let error: unknown;
  try {
    value = call();
  } catch (thrown) {
    if (!(thrown instanceof ExecutionKilled)) error = thrown;
  }
  const elapsedMs = clock.offset - run.startedAt;
  clock.end(run);
  for (const state of [world.LockService.document, world.LockService.script, world.LockService.user]) {
    if (state.holder === run.id) state.holder = null;
  }
  return { value: run.killed ? undefined : value, killed: run.killed, error, elapsedMs };
}

/** A Date for a calendar day (month 1-12) at local midnight in `timeZone`, as Sheets returns date cells. */
export function sheetDate(year: number, month: number, day: number, timeZone = 'Etc/UTC', hour = 0, minute = 0): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let t = guess;
  for (let i = 0; i < 3; i++) {
    const local = formatDate(new Date(t), timeZone, "yyyy-MM-dd'T'HH:mm:ss");
    const [d, time] = local.split('T');
    const [y, m, dd] = d.split('-').map(Number);
    const [h, mi, s] = time.split(':').map(Number);
    t -= Date.UTC(y, m - 1, dd, h, mi, s) - guess;
  }
  return new Date(t);
}

export interface EditEvent {
  readonly range: FakeRange;
  readonly source: FakeSpreadsheet;
  readonly value?: unknown;
  readonly oldValue?: unknown;
  readonly user: { getEmail(): string };
  readonly authMode: string;
  readonly triggerUid: string;
}

/**
 * Types `values` into `sheet` at (row, column) as a user would, then returns the
 * event Sheets passes to onEdit: value and oldValue only for a single cell (and
 * oldValue only when the cell was not blank), e.range covering the whole block.
 * Writing the cells is not counted.
 */
export function userEdit(world: GasWorld, sheet: FakeSheet, row: number, column: number, values: readonly (readonly unknown[])[]): EditEvent {
  const single = values.length === 1 && values[0].length === 1;
  const old = sheet.cell(row, column);
  values.forEach((cells, r) => cells.forEach((v, c) => sheet.enter(row + r, column + c, v)));
  const range = new FakeRange(sheet, row, column, values.length, values[0].length);
  const email = world.Session.activeUser;
  const event: Record<string, unknown> = {
    range,
    source: world.spreadsheet,
    user: { getEmail: () => (world.log.hit('User.getEmail'), email) },
    authMode: 'LIMITED',
    triggerUid: '',
  };
  if (single) {
    const value = values[0][0];
    if (value !== '' && value !== null && value !== undefined) event.value = value instanceof Date ? value.toISOString() : String(value);
    if (old !== '') event.oldValue = old instanceof Date ? old.toISOString() : String(old);
  }
  return event as unknown as EditEvent;
}
