/**
 * What the columnar caches (dealColumns, historyIndex) remember of the rows they were
 * built from, so that they are used again only while an array holds exactly the same
 * row objects: a replaced, added or removed row means a rebuild. A frozen array (what
 * readHistory hands back) cannot change, so it is its own snapshot and the check is
 * its identity; any other array is copied once and compared row by row, by identity,
 * on each use (about a millisecond per 400,000 rows, and a copy of the array held).
 */

/** The rows as they are now, to hand to sameRows later. */
export function rowSnapshot<T>(rows: readonly T[]): readonly T[] {
  return Object.isFrozen(rows) ? rows : rows.slice();
}

/** True when `now` holds exactly the row objects `before` (a rowSnapshot) held, in the same order. */
export function sameRows<T>(before: readonly T[], now: readonly T[]): boolean {
  if (before === now) return Object.isFrozen(now);
  const n = now.length;
  if (before.length !== n) return false;
  for (let i = 0; i < n; i++) if (before[i] !== now[i]) return false;
  return true;
}
