/**
 * One Apps Script world for a test or the benchmark: a spreadsheet and every service
 * fake sharing one call counter, the built dist/gas/Code.js loaded into a node:vm
 * context with those fakes as globals, and helpers that fire events the way Sheets
 * does (onEdit with e.value/e.oldValue for one cell, without them for a paste).
 * Every call of a top-level function of the bundle is one Apps Script execution of
 * the kind Sheets would start for it (contextOf: a simple trigger, a custom function,
 * a clock trigger or a user's click), so the fakes refuse what that kind may not do
 * (auth.ts). runExecution runs one call as one execution and reports its outcome:
 * its own start on the simulated clock, killed past its limit (30 s for a custom
 * function or a simple trigger, 6 minutes otherwise), its locks released at the end.
 * Two bundles loaded into one world are two executions sharing the spreadsheet and
 * the locks, as two users' triggers are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { AuthModeName, ExecutionContext, ExecutionKind } from './auth';
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
  MAIL_BODY_LIMIT_KB,
  MAIL_DAILY_QUOTA,
} from './services';

export * from './auth';
export * from './entry';
export * from './calls';
export * from './execution';
export * from './spreadsheet';
export * from './services';

export interface GasOptions {
  readonly locale?: string;
  readonly timeZone?: string;
  readonly user?: string;
  /**
   * The account the script runs as: a consumer account (gmail.com) may mail 100
   * recipients a day with bodies up to 200 KB, a Google Workspace account 1,500 and
   * 400 KB (https://developers.google.com/apps-script/guides/services/quotas). Default:
   * consumer, or Workspace when mailQuota is above 100.
   */
  readonly account?: 'consumer' | 'workspace';
  /** The recipients still allowed today (getRemainingDailyQuota); at most the account's daily quota. */
  readonly mailQuota?: number;
  /** The largest email body MailApp accepts, in KB: 200 to 400; default the account's. */
  readonly mailBodyLimitKb?: number;
  /** How the script is installed: bound to the spreadsheet (default), or as an Editor add-on. */
  readonly installedAs?: 'bound' | 'add-on';
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
    ScriptApp: new FakeScriptApp(log, options.installedAs === 'add-on' ? 'WEB_STORE_ADD_ON' : 'NONE'),
    MailApp: mailFor(log, options),
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

/** MailApp with the account's quota and body limit, checked against what the quotas page allows. */
function mailFor(log: CallLog, options: GasOptions): FakeMailApp {
  const account = options.account ?? ((options.mailQuota ?? 0) > MAIL_DAILY_QUOTA.consumer ? 'workspace' : 'consumer');
  const daily = MAIL_DAILY_QUOTA[account];
  const quota = options.mailQuota ?? daily;
  if (quota < 0 || quota > daily) throw new Error(`A ${account} account has ${daily} recipients a day, not ${quota}.`);
  return new FakeMailApp(log, quota, (options.mailBodyLimitKb ?? MAIL_BODY_LIMIT_KB[account]) * 1024);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BUNDLE_PATH = join(root, 'dist', 'gas', 'Code.js');

/** The oauthScopes the built manifest declares (the source one before a build). */
function manifestScopes(): string[] {
  const built = join(root, 'dist', 'gas', 'appsscript.json');
  const manifest = JSON.parse(readFileSync(existsSync(built) ? built : join(root, 'appsscript.json'), 'utf8')) as {
    oauthScopes?: string[];
  };
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
  const topLevel = new Set([...code.matchAll(/^function ([A-Za-z_$][\w$]*)\(/gm)].map((m) => m[1]));
  const customFunctions = new Set([...code.matchAll(/@customfunction[\s\S]*?\*\/\s*function ([A-Za-z_$][\w$]*)\(/g)].map((m) => m[1]));
  const wrapped = new Map<string, (...args: unknown[]) => unknown>();
  const globals = context as unknown as GasGlobals;
  return new Proxy(globals, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || typeof value !== 'function' || !topLevel.has(key)) return value;
      let call = wrapped.get(key);
      if (!call) {
        // A custom function's arguments are the cells' values serialized for that call: its own arrays and Dates.
        const own = customFunctions.has(key) ? (args: unknown[]) => args.map(serializedArgument) : (args: unknown[]) => args;
        call = (...args: unknown[]) => asExecution(world, contextOf(key, args[0], customFunctions), () => value(...own(args)));
        wrapped.set(key, call);
      }
      return call;
    },
  });
}

/**
 * A value as a custom function receives it: Sheets runs each call as an execution of
 * its own and passes a range as a new two-dimensional array of the cells' values, a
 * date cell as a new Date (https://developers.google.com/apps-script/guides/sheets/functions#data_types).
 * Nothing the test holds is shared with the script, so a function may change its
 * arguments (the Sheets host converts Date cells in place) without touching the test's.
 */
export function serializedArgument(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(serializedArgument);
  if (value instanceof Date) return new Date(value.getTime());
  return value;
}

/**
 * The kind of execution Apps Script starts for a call of a top-level function, told
 * from its name and its event, as Sheets tells it: onOpen/onEdit/onSelectionChange
 * are simple triggers (authMode from the event: LIMITED, or NONE for an add-on not
 * yet used in the document); onInstall runs in AuthMode.FULL; a @customfunction is a
 * custom function; an event with a triggerUid and no range is an installable clock
 * trigger's (https://developers.google.com/apps-script/guides/triggers/events#time-driven_events);
 * anything else is a user's click (a menu item, a dialog's google.script.run).
 */
export function contextOf(name: string, event: unknown, customFunctions: ReadonlySet<string>): ExecutionContext {
  const e = (event && typeof event === 'object' ? event : {}) as { authMode?: unknown; triggerUid?: unknown; range?: unknown };
  if (name === 'onOpen' || name === 'onEdit' || name === 'onSelectionChange') {
    return { kind: 'simple-trigger', authMode: e.authMode === 'NONE' ? 'NONE' : 'LIMITED' };
  }
  if (customFunctions.has(name)) return { kind: 'custom-function', authMode: 'CUSTOM_FUNCTION' };
  if (typeof e.triggerUid === 'string' && e.triggerUid !== '' && e.range === undefined) return { kind: 'time-driven', authMode: 'FULL' };
  return { kind: 'full', authMode: 'FULL' };
}

/**
 * Runs a call of the bundle as an execution of `context`'s kind. Inside an execution
 * a test started (runExecution), the call joins it, giving it its kind if it had
 * none. Otherwise it is an execution of its own, ended when the call returns; what
 * the script throws (a refused call, the kill at the limit) reaches the test.
 */
function asExecution<T>(world: GasWorld, context: ExecutionContext, call: () => T): T {
  const clock = world.log.clock;
  const running = clock.current;
  if (running) {
    running.context ??= context;
    return call();
  }
  const run = clock.begin();
  run.context = context;
  try {
    return call();
  } finally {
    clock.end(run);
    releaseLocks(world, run.id);
  }
}

function releaseLocks(world: GasWorld, id: number): void {
  for (const state of [world.LockService.document, world.LockService.script, world.LockService.user]) {
    if (state.holder === id) state.holder = null;
  }
}

/**
 * The event an installable time-driven trigger passes
 * (https://developers.google.com/apps-script/guides/triggers/events#time-driven_events).
 */
export function clockEvent(at = new Date(), triggerUid = '4242'): Record<string, unknown> {
  return {
    authMode: 'FULL',
    triggerUid,
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    'day-of-month': at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
    timezone: 'UTC',
  };
}

/** The event onOpen gets: LIMITED for a bound script or an add-on used in the document, NONE for an add-on not yet used there. */
export function openEvent(world: GasWorld, authMode: AuthModeName = 'LIMITED'): Record<string, unknown> {
  return { authMode, source: world.spreadsheet, triggerUid: '', user: { getEmail: () => world.Session.activeUser } };
}

export type { ExecutionKind };

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
export function runExecution<T>(world: GasWorld, call: () => T, context?: ExecutionContext): ExecutionOutcome<T> {
  const clock = world.log.clock;
  const run = clock.begin();
  run.context = context;
  let value: T | undefined;
  let error: unknown;
  try {
    value = call();
  } catch (thrown) {
    if (!(thrown instanceof ExecutionKilled)) error = thrown;
  }
  const elapsedMs = clock.offset - run.startedAt;
  clock.end(run);
  releaseLocks(world, run.id);
  return { value: run.killed ? undefined : value, killed: run.killed, error, elapsedMs };
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
export function userEdit(
  world: GasWorld,
  sheet: FakeSheet,
  row: number,
  column: number,
  values: readonly (readonly unknown[])[],
): EditEvent {
  const single = values.length === 1 && values[0].length === 1;
  const old = sheet.cell(row, column);
  values.forEach((cells, r) => {
    cells.forEach((v, c) => {
      sheet.enter(row + r, column + c, v);
    });
  });
  const range = new FakeRange(sheet, row, column, values.length, values[0].length);
  const email = world.Session.activeUser;
  const event: Record<string, unknown> = {
    range,
    source: world.spreadsheet,
    user: {
      getEmail: () => {
        world.log.hit('User.getEmail');
        return email;
      },
    },
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
