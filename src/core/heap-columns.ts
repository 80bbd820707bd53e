/**
 * Number columns for the columnar core (deal-columns.ts, history-index.ts), kept on the
 * JS heap as plain arrays filled once, not as typed arrays. A typed array's memory lives
 * outside the JS heap, and V8 answers every 64 MB of such memory allocated since the
 * last full collection by marking the whole heap (external memory pressure: an
 * ArrayBuffer reports its size through AdjustAmountOfExternalAllocatedMemory, see
 * https://github.com/nodejs/node/issues/1671). With 1M deals the input tables hold about
 * 2.6 GB, and each such mark took 2–3 s: the Deal columns and the History index each
 * landed in one. An array made by `new Array(n).fill(x)` keeps its numbers unboxed
 * (doubles when x is NaN, small integers when x is an integer), reads as fast in a loop
 * as a typed array, and counts against the heap's own limit, which grows with the heap.
 * Callers must not change a column they are handed.
 */

/** A column of numbers; see the file comment. */
export type NumberColumn = readonly number[];

/** A column of `length` doubles, each NaN until set: the blank of a date or an amount. */
export function doubleColumn(length: number): number[] {
  return new Array<number>(length).fill(NaN);
}

/** A column of `length` small integers (codes, positions, counts), each 0 until set. */
export function intColumn(length: number): number[] {
  return new Array<number>(length).fill(0);
}

/** The code of `key` (its position in `names`), added at the end when new: strings interned as 0, 1, 2… in the order first seen. */
export function intern(codes: Map<string, number>, names: string[], key: string): number {
  let c = codes.get(key);
  if (c === undefined) {
    c = names.length;
    codes.set(key, c);
    names.push(key);
  }
  return c;
}
