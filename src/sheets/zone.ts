/**
 * Spreadsheet time to core time and back. Sheets hands a date cell to a script as a
 * Date at local midnight in the spreadsheet's timezone; the core keeps every date as
 * UTC (a date-only value at UTC midnight). The adapter converts once, on the way in
 * and on the way out: a core Date holds the spreadsheet's wall-clock time as if it
 * were UTC, so "23 Nov 2026" is 2026-11-23T00:00Z whatever the timezone.
 */

/** Utilities.formatDate's shape, so tests and the Excel side can pass their own. */
export type FormatDate = (date: Date, timeZone: string, pattern: string) => string;

export interface SheetZone {
  readonly timeZone: string;
  /** A Date from a cell (local time) as the core holds it (wall clock as UTC). */
  toCore(date: Date): Date;
  /** A core Date (wall clock as UTC) as the instant Sheets stores for that local time. */
  toSheet(date: Date): Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * Builds a converter for one timezone. Offsets change at most twice a year, so the
 * offset is looked up with formatDate at the start of each week; a week whose start
 * and end agree is taken as uniform, and only the week of a clock change is looked
 * at day by day, then hour by hour. Converting 50k rows over a year makes about a
 * hundred calls, not one per cell.
 */
export function sheetZone(timeZone: string, format: FormatDate): SheetZone {
  const offsetAt = (t: number): number => {
    const text = format(new Date(t), timeZone, "yyyy-MM-dd'T'HH:mm:ss");
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
    if (!m) return 0;
    const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return wall - Math.floor(t / 1000) * 1000;
  };
  const memo = new Map<number, number>();
  /** The offset at the start of a span of `size` ms: spans are numbered from the epoch. */
  const at = (size: number, index: number): number => {
    const key = index * size;
    let value = memo.get(key);
    if (value === undefined) memo.set(key, (value = offsetAt(key)));
    return value;
  };
  const offset = (t: number): number => {
    for (const size of [WEEK_MS, DAY_MS]) {
      const index = Math.floor(t / size);
      const start = at(size, index);
      if (start === at(size, index + 1)) return start;
    }
    return at(HOUR_MS, Math.floor(t / HOUR_MS));
  };
  return {
    timeZone,
    toCore: (date) => new Date(date.getTime() + offset(date.getTime())),
    toSheet: (date) => {
      const wall = date.getTime();
      const first = wall - offset(wall);
      return new Date(wall - offset(first));
    },
  };
}

/** Every Date in a block of cells converted to core time; other cells untouched. */
export function cellsToCore(values: readonly (readonly unknown[])[], zone: SheetZone): unknown[][] {
  return values.map((row) => row.map((cell) => (cell instanceof Date ? zone.toCore(cell) : cell)));
}
