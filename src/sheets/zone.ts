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
  /** toCore on the Date itself, for a Date no one else holds (a custom function's own argument). */
  shiftToCore(date: Date): void;
  /** A core Date (wall clock as UTC) as the instant Sheets stores for that local time. */
  toSheet(date: Date): Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** A zone's offset from UTC (ms, wall clock minus instant) at an instant. */
export type OffsetAt = (t: number) => number;

/**
 * Offsets from the script runtime's own timezone data (Intl, which V8 carries), or
 * null where the runtime has none for this zone. Costs no service call.
 */
export function runtimeOffsets(timeZone: string): OffsetAt | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  return (t) => {
    const part: Record<string, number> = {};
    for (const p of format.formatToParts(new Date(t))) part[p.type] = Number(p.value);
    const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour % 24, part.minute, part.second);
    return wall - Math.floor(t / 1000) * 1000;
  };
}

/**
 * Builds a converter for one timezone. Utilities.formatDate is the authority, and
 * each call of it is a round trip, so it is asked as little as the data allows:
 *
 * - When the runtime has its own timezone data (`runtime`), formatDate is asked
 *   twice for each calendar year the dates touch, on 1 January and 1 July (either
 *   side of any daylight-saving change). Where both answers agree with the
 *   runtime's, the runtime answers every lookup in that year: two calls a year,
 *   however many rows.
 * - Otherwise (no data, or a year where an answer disagrees) formatDate answers
 *   every lookup of that year. Offsets change at most twice a year, so the offset is looked up at the
 *   start of each week; a week whose start and end agree is taken as uniform, and
 *   only the week of a clock change is looked at day by day, then hour by hour.
 *   Converting 50k rows over a year then makes about a hundred calls, not one per
 *   cell.
 *
 * Either way the same weekly lookups decide each offset, so both paths give the
 * same dates.
 */
export function sheetZone(timeZone: string, format: FormatDate, runtime: OffsetAt | null = runtimeOffsets(timeZone)): SheetZone {
  const service: OffsetAt = (t) => {
    const text = format(new Date(t), timeZone, "yyyy-MM-dd'T'HH:mm:ss");
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
    if (!m) return 0;
    const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
    return wall - Math.floor(t / 1000) * 1000;
  };
  const memo = new Map<number, number>();
  /**
   * Whether the runtime's data agrees with formatDate in a calendar year, asked with two
   * formatDate calls (1 January and 1 July, one in each season) the first time a date
   * of that year is converted. Per year, because zones change their rules (Mexico
   * dropped summer time in 2022, Kazakhstan moved to UTC+5 in 2024), and the two
   * runtimes' data may disagree about one year and not another.
   */
  const agreesIn = new Map<number, boolean>();
  const offsetAt = (t: number): number => {
    if (!runtime) return service(t);
    const year = new Date(t).getUTCFullYear();
    let agrees = agreesIn.get(year);
    if (agrees === undefined) {
      agrees = [Date.UTC(year, 0, 1), Date.UTC(year, 6, 1)].every((probe) => safely(runtime, probe) === service(probe));
      agreesIn.set(year, agrees);
    }
    return agrees ? runtime(t) : service(t);
  };
  /** The offset at the start of a span of `size` ms: spans are numbered from the epoch. */
  const at = (size: number, index: number): number => {
    const key = index * size;
    let value = memo.get(key);
    if (value === undefined) {
      value = offsetAt(key);
      memo.set(key, value);
    }
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
    shiftToCore: (date) => {
      const t = date.getTime();
      const shift = offset(t);
      if (shift !== 0) date.setTime(t + shift);
    },
    toSheet: (date) => {
      const wall = date.getTime();
      const first = wall - offset(wall);
      return new Date(wall - offset(first));
    },
  };
}

/** The runtime's answer, or NaN (which agrees with nothing) where it throws. */
function safely(offsetAt: OffsetAt, t: number): number {
  try {
    return offsetAt(t);
  } catch {
    return Number.NaN;
  }
}

/** Every Date in a block of cells converted to core time; other cells untouched. */
export function cellsToCore(values: readonly (readonly unknown[])[], zone: SheetZone): unknown[][] {
  return values.map((row) => row.map((cell) => (cell instanceof Date ? zone.toCore(cell) : cell)));
}

/**
 * A History entry whose Expected close goes into the History sheet. The edit and the
 * move dialog read Deals cells without converting them: a Date cell's value is
 * written back as read. But a date the core read from text or a serial number
 * ("2027-03-04" pasted as plain text) is a core Date, midnight UTC, which west of UTC
 * shows as the day before: that one is turned into the sheet's midnight. The zone is
 * asked for only then, so a sheet of Date cells makes no extra call.
 */
export function entryForSheet<E extends { readonly expectedClose: Date | null }>(entry: E, cell: unknown, zone: () => SheetZone): E {
  if (!entry.expectedClose || cell instanceof Date) return entry;
  return { ...entry, expectedClose: zone().toSheet(entry.expectedClose) };
}
