/**
 * The last table a formula host read, remembered for the next call. Excel runs every
 * custom function of a workbook in one long-lived JavaScript runtime (the shared
 * runtime, whose globals every call sees:
 * https://learn.microsoft.com/office/dev/add-ins/tutorials/share-data-and-events-between-custom-functions-and-the-task-pane-tutorial),
 * and a sheet with PIPELINE.FORECAST, PIPELINE.CYCLE and PIPELINE.STALE over the same
 * Deals and History ranges hands each call the same cells again, as a fresh array. So
 * a host that keeps a FormulaMemo reads Deals, History, Stages and Rates once and
 * reuses what it read while the cells stay the same. Apps Script starts each custom
 * function in a fresh runtime, where a memo would only cost a copy, so its host has none.
 *
 * The check cannot return a stale answer: the memo keeps its own copy of every cell
 * (not the caller's arrays, which a caller may change in place) and reuses a read only
 * when each cell of the new range is the same value (Object.is for text, numbers
 * and booleans, so 0 and -0 differ; the same instant for a Date) and the read was made
 * under the same key (the configuration object, itself remembered the same way).
 * What it returns is shared between calls, so callers must not change it.
 */

type Grid = readonly (readonly unknown[])[];

interface Slot {
  readonly key: unknown;
  /** Row lengths, then every cell row by row. */
  readonly widths: Int32Array;
  readonly cells: unknown[];
  readonly value: unknown;
}

/** The last read of each kind of table ('deals', 'history', 'stages', 'rates'). */
export interface FormulaMemo {
  readonly slots: Map<string, Slot>;
}

export function formulaMemo(): FormulaMemo {
  return { slots: new Map() };
}

/**
 * What `read()` returns for this range under this key: the remembered value when the
 * memo last read this kind of table from the very same cells under the same key, else
 * a fresh read, which is then remembered. Without a memo, simply `read()`.
 */
export function recall<T>(memo: FormulaMemo | undefined, kind: string, grid: Grid, key: unknown, read: () => T): T {
  if (!memo) return read();
  const slot = memo.slots.get(kind);
  if (slot && slot.key === key && sameCells(slot, grid)) return slot.value as T;
  // Forget the old read first, so a failing read leaves nothing stale behind.
  memo.slots.delete(kind);
  // The cells as given, taken before the read, so that nothing the read does can change them.
  const cells = snapshot(grid);
  const value = read();
  memo.slots.set(kind, { key, ...cells, value });
  return value;
}

function snapshot(grid: Grid): { widths: Int32Array; cells: unknown[] } {
  const widths = new Int32Array(grid.length);
  let total = 0;
  for (let r = 0; r < grid.length; r++) total += widths[r] = grid[r].length;
  const cells = new Array<unknown>(total);
  let at = 0;
  for (const row of grid) for (let c = 0; c < row.length; c++) cells[at++] = copyCell(row[c]);
  return { widths, cells };
}

/** A Date is copied, so that a caller setting the time on its own Date cannot change the memo's. */
function copyCell(cell: unknown): unknown {
  return cell instanceof Date ? new Date(cell.getTime()) : cell;
}

function sameCells(slot: Slot, grid: Grid): boolean {
  if (slot.widths.length !== grid.length) return false;
  let at = 0;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    if (row.length !== slot.widths[r]) return false;
    for (let c = 0; c < row.length; c++) {
      const before = slot.cells[at++];
      const now = row[c];
      if (Object.is(before, now)) continue;
      if (!(before instanceof Date && now instanceof Date && Object.is(before.getTime(), now.getTime()))) return false;
    }
  }
  return true;
}
