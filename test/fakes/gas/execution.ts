/**
 * Executions and their clock, as Apps Script runs a script: each trigger or menu
 * click is one execution with its own start, every service call takes some
 * simulated time (a cost per method name, 0 unless a test sets one), and a call made
 * once an execution has run past its limit (6 minutes; 30 seconds for a custom
 * function or a simple trigger) throws "Exceeded maximum execution time"; a call
 * the execution's kind may not make (auth.ts) throws Apps Script's message. At the
 * limit, the real runtime stops the script, which cannot catch its way out. Here every later call of the same execution throws too, so
 * no catch or finally block of the script can write anything after the kill, and
 * the harness (runExecution in index.ts) reports the execution as killed.
 *
 * The script sees the simulated time: the vm's Date (see scriptDate) adds the time
 * spent so far to the test's clock, so a script that checks its own elapsed time
 * behaves as it would in Apps Script. Outside an execution nothing changes: no
 * time passes and nothing is killed, so tests that never start one are unaffected.
 */

import { CUSTOM_FUNCTION_LIMIT_MS, refusal, SIMPLE_TRIGGER_LIMIT_MS, type ExecutionContext } from './auth';

/** The message Apps Script stops a script with at its runtime limit. */
export const TIME_LIMIT_MESSAGE = 'Exceeded maximum execution time';
/**
 * The runtime limit of one execution of a consumer or Workspace account's script: 6
 * minutes ("Script runtime", https://developers.google.com/apps-script/guides/services/quotas#current_limitations).
 */
export const TIME_LIMIT_MS = 6 * 60 * 1000;

/** The limit of an execution of this kind: 30 s for a custom function or a simple trigger, 6 minutes for the rest. */
export function limitFor(context: ExecutionContext | undefined, fullLimitMs = TIME_LIMIT_MS): number {
  if (context?.kind === 'custom-function') return CUSTOM_FUNCTION_LIMIT_MS;
  if (context?.kind === 'simple-trigger') return SIMPLE_TRIGGER_LIMIT_MS;
  return fullLimitMs;
}

/** Thrown from a service call made past the limit; the harness catches it and marks the execution killed. */
export class ExecutionKilled extends Error {
  constructor() {
    super(TIME_LIMIT_MESSAGE);
    this.name = 'Exception';
  }
}

export interface Execution {
  readonly id: number;
  /** The clock's offset when this execution started. */
  readonly startedAt: number;
  killed: boolean;
  /** What started it (a custom function, a simple trigger, a clock trigger, a user's click); unset means unrestricted. */
  context?: ExecutionContext;
}

/** A hook the test runs when a given service call is made (before it acts). */
interface CallHook {
  readonly name: string;
  readonly run: () => void;
  /** Calls of `name` still to pass before the hook runs. */
  skip: number;
  fired: boolean;
}

export class ExecutionClock {
  /** Simulated milliseconds spent inside executions since the outermost one began. */
  offset = 0;
  limitMs = TIME_LIMIT_MS;
  /** Milliseconds each call of a method takes, by name ("MailApp.sendEmail"); '*' for any other. */
  readonly costs = new Map<string, number>();
  /** The executions running, innermost last: a test may start one inside another to interleave them. */
  readonly running: Execution[] = [];
  private nextId = 1;
  private readonly hooks: CallHook[] = [];

  get current(): Execution | undefined {
    return this.running[this.running.length - 1];
  }

  /** The id locks are held under: the running execution, or 0 outside any. */
  get executionId(): number {
    return this.current?.id ?? 0;
  }

  /** Milliseconds the running execution has used. */
  get elapsed(): number {
    const run = this.current;
    return run ? this.offset - run.startedAt : 0;
  }

  begin(): Execution {
    if (this.running.length === 0) this.offset = 0;
    const run: Execution = { id: this.nextId++, startedAt: this.offset, killed: false };
    this.running.push(run);
    return run;
  }

  end(run: Execution): void {
    const at = this.running.indexOf(run);
    if (at >= 0) this.running.splice(at, 1);
    if (this.running.length === 0) this.offset = 0;
  }

  /** Time passes for every running execution (a call's cost, a lock wait, Utilities.sleep). */
  advance(ms: number): void {
    if (this.running.length > 0 && ms > 0) this.offset += ms;
  }

  /**
   * Runs `run` once, when the nth call named `name` from now is made, before that
   * call acts: another execution started there runs in the middle of this one.
   */
  onCall(name: string, run: () => void, nth = 1): void {
    this.hooks.push({ name, run, skip: nth - 1, fired: false });
  }

  /**
   * Called by CallLog.hit for every service call: a killed execution, or one past its
   * limit, throws; otherwise the call takes its time and any hook on it runs.
   */
  call(name: string): void {
    const run = this.current;
    if (run) {
      if (run.killed || this.elapsed > limitFor(run.context, this.limitMs)) {
        run.killed = true;
        throw new ExecutionKilled();
      }
      const refused = run.context ? refusal(run.context, name) : null;
      if (refused) throw new Error(refused);
      this.advance(this.costs.get(name) ?? this.costs.get('*') ?? 0);
    }
    for (const hook of this.hooks) {
      if (hook.fired || hook.name !== name) continue;
      if (hook.skip-- > 0) continue;
      hook.fired = true;
      hook.run();
    }
  }
}

/**
 * The Date the script sees: `new Date()` and `Date.now()` are the test's time plus
 * the simulated time spent in the running executions; everything else is the real
 * Date (a Proxy, so `x instanceof Date` holds for Dates made by the fakes and by
 * the tests, as in Apps Script's single isolate).
 */
export function scriptDate(clock: ExecutionClock, RealDate: DateConstructor = Date): DateConstructor {
  const now = () => RealDate.now() + clock.offset;
  return new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget);
    },
    apply(target, thisArg, args) {
      void thisArg;
      void args;
      // Date() called without new gives the current time as text.
      return new target(now()).toString();
    },
    get(target, key, receiver) {
      if (key === 'now') return now;
      return Reflect.get(target, key, receiver);
    },
  });
}
