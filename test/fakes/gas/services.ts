/**
 * Faithful fakes of the Apps Script services other than SpreadsheetApp: ScriptApp
 * (installable triggers, which the real service never de-duplicates), MailApp (a
 * daily quota that falls with each recipient and a send that throws once it is
 * spent or when the body is over the account's size limit), LockService (a lock another execution can hold), PropertiesService,
 * CacheService, Session, HtmlService, Utilities.formatDate (Java SimpleDateFormat
 * patterns in a named timezone), Charts and Logger. Every call is counted.
 */
import type { CallLog } from './calls';

export interface FakeTrigger {
  getHandlerFunction(): string;
  getUniqueId(): string;
  getEventType(): string;
  getTriggerSource(): string;
  /** Test view of the trigger's id (not counted). */
  readonly id: string;
  /** Test view of how the trigger was built. */
  readonly spec: {
    readonly everyDays?: number;
    readonly everyWeeks?: number;
    readonly weekDay?: string;
    readonly atHour?: number;
    readonly timeZone?: string;
    readonly afterMs?: number;
    readonly at?: Date;
  };
}

/** The scopes Apps Script's reference lists for the methods the fakes check. */
export const SCOPES = {
  userEmail: 'https://www.googleapis.com/auth/userinfo.email',
  triggers: 'https://www.googleapis.com/auth/script.scriptapp',
  mail: 'https://www.googleapis.com/auth/script.send_mail',
} as const;

export class FakeScriptApp {
  readonly triggers: FakeTrigger[] = [];
  readonly InstallationSource = {
    APPS_MARKETPLACE_DOMAIN_ADD_ON: 'APPS_MARKETPLACE_DOMAIN_ADD_ON',
    NONE: 'NONE',
    WEB_STORE_ADD_ON: 'WEB_STORE_ADD_ON',
  };
  readonly EventType = { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT' };
  readonly TriggerSource = { CLOCK: 'CLOCK', SPREADSHEETS: 'SPREADSHEETS' };
  readonly AuthMode = { NONE: 'NONE', LIMITED: 'LIMITED', FULL: 'FULL', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION' };
  readonly WeekDay = {
    MONDAY: 'MONDAY',
    TUESDAY: 'TUESDAY',
    WEDNESDAY: 'WEDNESDAY',
    THURSDAY: 'THURSDAY',
    FRIDAY: 'FRIDAY',
    SATURDAY: 'SATURDAY',
    SUNDAY: 'SUNDAY',
  };
  private nextId = 1;
  /** NONE for a bound script ("Script is not running as an add-on"), else how the add-on was installed. */
  constructor(
    private readonly log: CallLog,
    public installationSource = 'NONE',
  ) {}

  /** https://developers.google.com/apps-script/reference/script/script-app#getInstallationSource() */
  getInstallationSource(): string {
    this.log.hit('ScriptApp.getInstallationSource');
    return this.installationSource;
  }

  getProjectTriggers(): FakeTrigger[] {
    this.log.hit('ScriptApp.getProjectTriggers');
    this.log.requireScope('ScriptApp.getProjectTriggers', SCOPES.triggers);
    return [...this.triggers];
  }
  deleteTrigger(trigger: FakeTrigger): void {
    this.log.hit('ScriptApp.deleteTrigger');
    this.log.requireScope('ScriptApp.deleteTrigger', SCOPES.triggers);
    const index = this.triggers.findIndex((t) => t.id === trigger.id);
    if (index < 0) throw new Error('Exception: The trigger could not be found.');
    this.triggers.splice(index, 1);
  }
  newTrigger(functionName: string) {
    this.log.hit('ScriptApp.newTrigger');
    this.log.requireScope('ScriptApp.newTrigger', SCOPES.triggers);
    const spec: {
      everyDays?: number;
      everyWeeks?: number;
      weekDay?: string;
      atHour?: number;
      timeZone?: string;
      afterMs?: number;
      at?: Date;
    } = {};
    const log = this.log;
    const create = (): FakeTrigger => {
      log.hit('ClockTriggerBuilder.create');
      // The real limit: 20 triggers per user per script.
      if (this.triggers.length >= 20)
        throw new Error('Exception: This script has too many triggers. Triggers must be deleted from the script before more can be added.');
      if (
        spec.everyDays === undefined &&
        spec.everyWeeks === undefined &&
        spec.weekDay === undefined &&
        spec.afterMs === undefined &&
        spec.at === undefined
      ) {
        throw new Error('Exception: The trigger needs a schedule such as everyDays() or onWeekDay().');
      }
      const id = String(this.nextId++);
      const trigger: FakeTrigger = {
        getHandlerFunction: () => {
          log.hit('Trigger.getHandlerFunction');
          return functionName;
        },
        getUniqueId: () => {
          log.hit('Trigger.getUniqueId');
          return id;
        },
        getEventType: () => {
          log.hit('Trigger.getEventType');
          return 'CLOCK';
        },
        getTriggerSource: () => {
          log.hit('Trigger.getTriggerSource');
          return 'CLOCK';
        },
        id,
        spec: { ...spec },
      };
      this.triggers.push(trigger);
      return trigger;
    };
    const clock = {
      everyDays(days: number) {
        log.hit('ClockTriggerBuilder.everyDays');
        spec.everyDays = days;
        return clock;
      },
      everyWeeks(weeks: number) {
        log.hit('ClockTriggerBuilder.everyWeeks');
        spec.everyWeeks = weeks;
        return clock;
      },
      onWeekDay(day: string) {
        log.hit('ClockTriggerBuilder.onWeekDay');
        if (!['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].includes(day))
          throw new Error('Exception: Invalid argument: day');
        spec.weekDay = day;
        return clock;
      },
      atHour(hour: number) {
        log.hit('ClockTriggerBuilder.atHour');
        if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error('Exception: Invalid argument: hour');
        spec.atHour = hour;
        return clock;
      },
      nearMinute(minute: number) {
        log.hit('ClockTriggerBuilder.nearMinute');
        void minute;
        return clock;
      },
      /** A one-off trigger at least this long after now; the reference sets no upper bound. */
      after(durationMs: number) {
        log.hit('ClockTriggerBuilder.after');
        if (!Number.isInteger(durationMs) || durationMs < 0) throw new Error('Exception: Invalid argument: durationMilliseconds');
        spec.afterMs = durationMs;
        return clock;
      },
      at(date: Date) {
        log.hit('ClockTriggerBuilder.at');
        if (!(date instanceof Date)) throw new Error('Exception: Invalid argument: date');
        spec.at = new Date(date.getTime());
        return clock;
      },
      inTimezone(tz: string) {
        log.hit('ClockTriggerBuilder.inTimezone');
        spec.timeZone = tz;
        return clock;
      },
      create,
    };
    return {
      timeBased() {
        log.hit('TriggerBuilder.timeBased');
        return clock;
      },
    };
  }
}

export interface SentMail {
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly htmlBody: string;
  readonly name: string;
}

/**
 * The mail limits of https://developers.google.com/apps-script/guides/services/quotas:
 * "Email recipients per day" 100 (consumer) or 1,500 (Workspace), "Email body size"
 * 200 KB or 400 KB per message.
 */
export const MAIL_DAILY_QUOTA = { consumer: 100, workspace: 1500 } as const;
export const MAIL_BODY_LIMIT_KB = { consumer: 200, workspace: 400 } as const;
/** What MailApp throws for a body over the limit. */
export const BODY_SIZE_MESSAGE = 'Exception: Limit Exceeded: Email Body Size.';

/** UTF-8 bytes of a string: the size a mail body travels as. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export class FakeMailApp {
  readonly sent: SentMail[] = [];
  /**
   * `bodyLimitBytes`: the largest body accepted, between 200 and 400 KB. The quotas
   * page gives one size per message; the fake counts the plain and the HTML body
   * together, the stricter reading.
   */
  constructor(
    private readonly log: CallLog,
    public quota: number = MAIL_DAILY_QUOTA.consumer,
    public bodyLimitBytes: number = MAIL_BODY_LIMIT_KB.consumer * 1024,
  ) {
    if (bodyLimitBytes < MAIL_BODY_LIMIT_KB.consumer * 1024 || bodyLimitBytes > MAIL_BODY_LIMIT_KB.workspace * 1024) {
      throw new Error(`The email body limit is 200 KB (consumer) to 400 KB (Workspace), not ${bodyLimitBytes / 1024} KB.`);
    }
  }

  getRemainingDailyQuota(): number {
    this.log.hit('MailApp.getRemainingDailyQuota');
    this.log.requireScope('MailApp.getRemainingDailyQuota', SCOPES.mail);
    return this.quota;
  }
  sendEmail(
    messageOrTo: string | { to: string; subject: string; body?: string; htmlBody?: string; name?: string },
    subject?: string,
    body?: string,
    options: { htmlBody?: string; name?: string } = {},
  ): void {
    this.log.hit('MailApp.sendEmail');
    this.log.requireScope('MailApp.sendEmail', SCOPES.mail);
    const message =
      typeof messageOrTo === 'string' ? { to: messageOrTo, subject: subject ?? '', body: body ?? '', ...options } : messageOrTo;
    if (!message.to) throw new Error('Exception: Failed to send email: no recipient');
    const recipients = message.to.split(',').map((r) => r.trim());
    for (const r of recipients) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r)) throw new Error(`Exception: Invalid email: ${r}`);
    }
    if (utf8Bytes(message.body ?? '') + utf8Bytes(message.htmlBody ?? '') > this.bodyLimitBytes) throw new Error(BODY_SIZE_MESSAGE);
    if (this.quota < recipients.length) throw new Error('Exception: Service invoked too many times for one day: email.');
    this.quota -= recipients.length;
    this.sent.push({
      to: message.to,
      subject: message.subject,
      body: message.body ?? '',
      htmlBody: message.htmlBody ?? '',
      name: message.name ?? '',
    });
  }
}

/**
 * One lock per scope. It is held by an execution (its id from the execution clock,
 * 0 outside any), so two executions of the bundle sharing one world contend for it
 * as two Apps Script executions do; a test can also mark it as held by an execution
 * it does not run. When an execution ends, the harness releases what it held, as
 * Apps Script does.
 */
export class FakeLockState {
  heldByOther = false;
  /** The execution holding the lock, or null. */
  holder: number | null = null;
  /** How many times a tryLock/waitLock was refused. */
  refused = 0;
  get heldByUs(): boolean {
    return this.holder !== null;
  }
}

export class FakeLock {
  constructor(
    private readonly log: CallLog,
    private readonly state: FakeLockState,
  ) {}
  tryLock(timeoutMs: number): boolean {
    this.log.hit('Lock.tryLock');
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new Error('Exception: Invalid argument: timeoutInMillis');
    return this.acquire(timeoutMs);
  }
  waitLock(timeoutMs: number): void {
    this.log.hit('Lock.waitLock');
    if (!this.acquire(timeoutMs)) throw new Error('Exception: Lock timeout: another process was holding the lock for too long.');
  }
  /** Another holder keeps the lock for the whole wait: the wait costs its full timeout in simulated time. */
  private acquire(timeoutMs: number): boolean {
    const me = this.log.clock.executionId;
    if (this.state.heldByOther || (this.state.holder !== null && this.state.holder !== me)) {
      this.state.refused++;
      this.log.clock.advance(timeoutMs);
      return false;
    }
    this.state.holder = me;
    return true;
  }
  hasLock(): boolean {
    this.log.hit('Lock.hasLock');
    return this.state.holder === this.log.clock.executionId;
  }
  releaseLock(): void {
    this.log.hit('Lock.releaseLock');
    if (this.state.holder === this.log.clock.executionId) this.state.holder = null;
  }
}

export class FakeLockService {
  readonly document = new FakeLockState();
  readonly script = new FakeLockState();
  readonly user = new FakeLockState();
  constructor(private readonly log: CallLog) {}
  getDocumentLock(): FakeLock {
    this.log.hit('LockService.getDocumentLock');
    return new FakeLock(this.log, this.document);
  }
  getScriptLock(): FakeLock {
    this.log.hit('LockService.getScriptLock');
    return new FakeLock(this.log, this.script);
  }
  getUserLock(): FakeLock {
    this.log.hit('LockService.getUserLock');
    return new FakeLock(this.log, this.user);
  }
}

export class FakeProperties {
  readonly store = new Map<string, string>();
  constructor(private readonly log: CallLog) {}
  getProperty(key: string): string | null {
    this.log.hit('Properties.getProperty');
    return this.store.get(key) ?? null;
  }
  setProperty(key: string, value: string): this {
    this.log.hit('Properties.setProperty');
    this.store.set(key, String(value));
    return this;
  }
  deleteProperty(key: string): this {
    this.log.hit('Properties.deleteProperty');
    this.store.delete(key);
    return this;
  }
  getProperties(): Record<string, string> {
    this.log.hit('Properties.getProperties');
    return Object.fromEntries(this.store);
  }
  setProperties(values: Record<string, string>): this {
    this.log.hit('Properties.setProperties');
    for (const [k, v] of Object.entries(values)) this.store.set(k, String(v));
    return this;
  }
}

export class FakePropertiesService {
  readonly document: FakeProperties;
  readonly script: FakeProperties;
  readonly user: FakeProperties;
  constructor(private readonly log: CallLog) {
    this.document = new FakeProperties(log);
    this.script = new FakeProperties(log);
    this.user = new FakeProperties(log);
  }
  getDocumentProperties(): FakeProperties {
    this.log.hit('PropertiesService.getDocumentProperties');
    return this.document;
  }
  getScriptProperties(): FakeProperties {
    this.log.hit('PropertiesService.getScriptProperties');
    return this.script;
  }
  getUserProperties(): FakeProperties {
    this.log.hit('PropertiesService.getUserProperties');
    return this.user;
  }
}

export class FakeCache {
  readonly store = new Map<string, string>();
  constructor(private readonly log: CallLog) {}
  get(key: string): string | null {
    this.log.hit('Cache.get');
    return this.store.get(key) ?? null;
  }
  put(key: string, value: string, seconds = 600): void {
    this.log.hit('Cache.put');
    void seconds;
    // The real cache refuses values over 100 KB.
    if (String(value).length > 100 * 1024) throw new Error('Exception: Argument too large: value');
    this.store.set(key, String(value));
  }
  remove(key: string): void {
    this.log.hit('Cache.remove');
    this.store.delete(key);
  }
}

export class FakeCacheService {
  readonly document: FakeCache;
  readonly script: FakeCache;
  readonly user: FakeCache;
  constructor(private readonly log: CallLog) {
    this.document = new FakeCache(log);
    this.script = new FakeCache(log);
    this.user = new FakeCache(log);
  }
  getDocumentCache(): FakeCache {
    this.log.hit('CacheService.getDocumentCache');
    return this.document;
  }
  getScriptCache(): FakeCache {
    this.log.hit('CacheService.getScriptCache');
    return this.script;
  }
  getUserCache(): FakeCache {
    this.log.hit('CacheService.getUserCache');
    return this.user;
  }
}

export class FakeSession {
  constructor(
    private readonly log: CallLog,
    public activeUser = 'ann@example.com',
    public scriptTimeZone = 'Etc/UTC',
    public userLocale = 'en',
  ) {}
  getActiveUser(): { getEmail(): string } {
    this.log.hit('Session.getActiveUser');
    this.log.requireScope('Session.getActiveUser', SCOPES.userEmail);
    const email = this.activeUser;
    const log = this.log;
    return {
      getEmail: () => {
        log.hit('User.getEmail');
        return email;
      },
    };
  }
  getEffectiveUser(): { getEmail(): string } {
    this.log.hit('Session.getEffectiveUser');
    this.log.requireScope('Session.getEffectiveUser', SCOPES.userEmail);
    const email = this.activeUser;
    const log = this.log;
    return {
      getEmail: () => {
        log.hit('User.getEmail');
        return email;
      },
    };
  }
  getScriptTimeZone(): string {
    this.log.hit('Session.getScriptTimeZone');
    return this.scriptTimeZone;
  }
  getActiveUserLocale(): string {
    this.log.hit('Session.getActiveUserLocale');
    return this.userLocale;
  }
}

export class FakeHtmlOutput {
  private title = '';
  width = 0;
  height = 0;
  constructor(
    private readonly log: CallLog,
    private content: string,
  ) {}
  getContent(): string {
    this.log.hit('HtmlOutput.getContent');
    return this.content;
  }
  append(html: string): this {
    this.log.hit('HtmlOutput.append');
    this.content += html;
    return this;
  }
  setTitle(title: string): this {
    this.log.hit('HtmlOutput.setTitle');
    this.title = title;
    return this;
  }
  getTitle(): string {
    this.log.hit('HtmlOutput.getTitle');
    return this.title;
  }
  setWidth(width: number): this {
    this.log.hit('HtmlOutput.setWidth');
    this.width = width;
    return this;
  }
  setHeight(height: number): this {
    this.log.hit('HtmlOutput.setHeight');
    this.height = height;
    return this;
  }
}

export class FakeHtmlService {
  constructor(private readonly log: CallLog) {}
  createHtmlOutput(html = ''): FakeHtmlOutput {
    this.log.hit('HtmlService.createHtmlOutput');
    return new FakeHtmlOutput(this.log, html);
  }
}

/**
 * Java SimpleDateFormat as Utilities.formatDate understands it, for the letters a
 * script is likely to use: y M d H h m s S a E Z X and 'quoted text'.
 */
export function formatDate(date: Date, timeZone: string, pattern: string): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new Error("Exception: The parameters (String,String,String) don't match the method signature for Utilities.formatDate.");
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const y = Number(part('year'));
  const mo = Number(part('month'));
  const d = Number(part('day'));
  const h = Number(part('hour'));
  const mi = Number(part('minute'));
  const s = Number(part('second'));
  const offsetMinutes = Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(date.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'y':
        out += n === 2 ? pad(y % 100, 2) : pad(y, n);
        break;
      case 'M':
        out += n >= 3 ? new Intl.DateTimeFormat('en-US', { timeZone, month: n === 3 ? 'short' : 'long' }).format(date) : pad(mo, n);
        break;
      case 'd':
        out += pad(d, n);
        break;
      case 'H':
        out += pad(h, n);
        break;
      case 'h':
        out += pad(h % 12 === 0 ? 12 : h % 12, n);
        break;
      case 'm':
        out += pad(mi, n);
        break;
      case 's':
        out += pad(s, n);
        break;
      case 'S':
        out += pad(date.getUTCMilliseconds(), n);
        break;
      case 'a':
        out += h < 12 ? 'AM' : 'PM';
        break;
      case 'E':
        out += part('weekday');
        break;
      case 'Z':
        out += `${sign}${pad(Math.floor(abs / 60), 2)}${pad(abs % 60, 2)}`;
        break;
      case 'X':
        out += offsetMinutes === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
        break;
      default:
        if (/[A-Za-z]/.test(ch)) throw new Error(`Exception: Illegal pattern character '${ch}'`);
        out += ch.repeat(n);
    }
  }
  return out;
}

export class FakeUtilities {
  constructor(private readonly log: CallLog) {}
  formatDate(date: Date, timeZone: string, pattern: string): string {
    this.log.hit('Utilities.formatDate');
    return formatDate(date, timeZone, pattern);
  }
  sleep(ms: number): void {
    this.log.hit('Utilities.sleep');
    this.log.clock.advance(ms);
  }
}

export class FakeLogger {
  readonly lines: string[] = [];
  constructor(private readonly calls: CallLog) {}
  log(format: unknown, ...values: unknown[]): this {
    this.calls.hit('Logger.log');
    this.lines.push([format, ...values].map(String).join(' '));
    return this;
  }
}

/**
 * console as the script sees it: each line goes to the execution's log (the
 * Executions page, or the trigger's failure email when the run fails). Not a service
 * call, so not counted.
 */
export class FakeConsole {
  readonly lines: { readonly level: 'log' | 'info' | 'warn' | 'error'; readonly text: string }[] = [];
  log(...values: unknown[]): void {
    this.lines.push({ level: 'log', text: values.map(String).join(' ') });
  }
  info(...values: unknown[]): void {
    this.lines.push({ level: 'info', text: values.map(String).join(' ') });
  }
  warn(...values: unknown[]): void {
    this.lines.push({ level: 'warn', text: values.map(String).join(' ') });
  }
  error(...values: unknown[]): void {
    this.lines.push({ level: 'error', text: values.map(String).join(' ') });
  }
}

export { FakeCharts } from './charts';
