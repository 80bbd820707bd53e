/**
 * The call counter every Apps Script fake shares. Each public method of a fake
 * records itself here, so a test or the benchmark can say how many service calls an
 * operation made, and how many of them moved cell data (reads and writes), which is
 * what costs time in the real runtime.
 */

import { ExecutionClock } from './execution';

/** What a call does: reads cells, writes cells or sheet structure, or anything else (handles, UI, locks, mail). */
export type CallKind = 'read' | 'write' | 'other';

const READS = new Set([
  'Range.getValues',
  'Range.getValue',
  'Range.getDisplayValues',
  'Range.getNotes',
  'Range.getNote',
  'Range.getFormulas',
  'Sheet.getLastRow',
  'Sheet.getLastColumn',
  'Sheet.getSheetValues',
  'Range.getDataValidation',
  'Sheet.getConditionalFormatRules',
  'Sheet.getCharts',
]);
const WRITES = new Set([
  'Range.setValues',
  'Range.setValue',
  'Range.setNote',
  'Range.setNotes',
  'Range.setDataValidation',
  'Range.setNumberFormat',
  'Range.setFontWeight',
  'Range.setFormula',
  'Range.setFormulas',
  'Range.clearNote',
  'Range.setBackground',
  'Sheet.appendRow',
  'Sheet.setFrozenRows',
  'Sheet.setConditionalFormatRules',
  'Sheet.insertChart',
  'Sheet.removeChart',
  'Sheet.insertColumnsAfter',
  'Sheet.insertRowsAfter',
  'Spreadsheet.insertSheet',
  'Spreadsheet.deleteSheet',
  'Spreadsheet.setNamedRange',
  'Sheet.setColumnWidth',
]);

export class CallLog {
  private readonly counts = new Map<string, number>();
  /** The OAuth scopes the script's manifest declares; null leaves scopes unchecked. */
  scopes: ReadonlySet<string> | null = null;
  /** The executions and their simulated time; every call goes through it (see execution.ts). */
  readonly clock = new ExecutionClock();

  /**
   * Throws as Apps Script does when a manifest with explicit oauthScopes lacks the one
   * a method needs: the call fails at run time, not at authorization.
   */
  requireScope(method: string, scope: string): void {
    if (this.scopes && !this.scopes.has(scope)) {
      throw new Error(`Exception: You do not have permission to call ${method}. Required permissions: ${scope}`);
    }
  }

  /**
   * Records one call of `name` ("Range.getValues"); inside an execution the call
   * takes its simulated time, and throws once the execution is past its limit.
   */
  hit(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.clock.call(name);
  }

  reset(): void {
    this.counts.clear();
  }

  /** Every call since the last reset. */
  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  count(nameOrKind: string): number {
    if (nameOrKind === 'read' || nameOrKind === 'write' || nameOrKind === 'other') {
      let sum = 0;
      for (const [name, n] of this.counts) if (kindOf(name) === nameOrKind) sum += n;
      return sum;
    }
    return this.counts.get(nameOrKind) ?? 0;
  }

  /** Reads plus writes: the calls that move cell data. */
  get data(): number {
    return this.count('read') + this.count('write');
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }
}

export function kindOf(name: string): CallKind {
  if (READS.has(name)) return 'read';
  if (WRITES.has(name)) return 'write';
  return 'other';
}
