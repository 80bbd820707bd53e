/**
 * Runs that must finish within Apps Script's 6-minute limit per execution: a digest
 * or snapshot run checks its own elapsed time and stops at RUN_BUDGET_MS, leaving
 * the rest for a one-off trigger a minute later (ScriptApp's timeBased().after()).
 * What is already done is read back from the sheet the run writes (the Alerts log,
 * the Snapshots sheet), so the next run neither repeats nor skips anything, and no
 * state is kept elsewhere. The margin of 1.5 minutes covers the slowest single step
 * (one batch write, one email) after the last check. A big run (several snapshot
 * blocks, many emails) arms its continuation before it starts and removes it when
 * it ends, so that even a run Apps Script stops at the limit, where no code of the
 * script runs any more, is finished a minute later.
 */

/** How long a run works before it stops and leaves the rest to a continuation: 4.5 of the 6 minutes. */
export const RUN_BUDGET_MS = 4.5 * 60 * 1000;
/** When the continuation runs: Apps Script's after() is a minimum; it may come a little later. */
export const CONTINUE_AFTER_MS = 60 * 1000;

/** Milliseconds since `startedAt` (Date.now() at the start of the run). */
export function elapsedSince(startedAt: number): number {
  return Date.now() - startedAt;
}

/** Makes sure one one-off trigger will call `handler` soon; a second stop of the same run adds none. */
export function scheduleContinuation(handler: string): void {
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (trigger.getHandlerFunction() === handler) return;
  }
  ScriptApp.newTrigger(handler).timeBased().after(CONTINUE_AFTER_MS).create();
}

/** Digest runs with more emails than this arm their continuation first: the digest workflow decides it. */
export { ARM_AFTER_EMAILS } from '../workflows/digests';

/** Deletes every trigger that calls one of `handlers`; returns how many there were. */
export function removeTriggers(...handlers: string[]): number {
  let removed = 0;
  for (const trigger of ScriptApp.getProjectTriggers()) {
    if (handlers.includes(trigger.getHandlerFunction())) {
      ScriptApp.deleteTrigger(trigger);
      removed++;
    }
  }
  return removed;
}
