/**
 * FirstRows against a Map, the obvious way to say which row first held a key: any run
 * of keys (ascending for a while, then not; repeated; differing only in case or by an
 * invisible mark) gives the same first rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FirstRows } from '../../src/core/first-rows';

/** Feeds keys (one per row) to FirstRows and to a Map; returns both answers per row. */
function both(keys: readonly string[]): { index: number[]; model: number[] } {
  const index = new FirstRows(keys.length, (row) => keys[row]);
  const seen = new Map<string, number>();
  const model: number[] = [];
  const got: number[] = [];
  keys.forEach((key, row) => {
    got.push(index.firstOrAdd(key, row));
    const first = seen.get(key);
    model.push(first ?? -1);
    if (first === undefined) seen.set(key, row);
  });
  return { index: got, model };
}

describe('FirstRows', () => {
  it('answers as a Map does, whatever the order of the keys', () => {
    const key = fc.oneof(fc.constantFrom('D-1', 'D-2', 'D-10', 'd-1', 'D-1\u200e', ''), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.boolean(), (keys, sortFirst) => {
        // Runs sorted shorter first keep FirstRows on its ascending path longer before a repeat sends it to the index.
        const run = sortFirst ? [...keys].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)) : keys;
        const { index, model } = both(run);
        expect(index).toEqual(model);
      }),
      { numRuns: 500 },
    );
  });

  it('names the first row of a repeat met in an ascending run, and after the order breaks', () => {
    // Rows 0-2 ascend; row 3 repeats row 1; row 4 is new; row 5 repeats row 4; row 6 repeats row 0.
    expect(both(['A', 'B', 'C', 'B', 'AA', 'AA', 'A']).index).toEqual([-1, -1, -1, 1, -1, 4, 0]);
    // A repeat straight after its first row, while still ascending.
    expect(both(['A', 'A']).index).toEqual([-1, 0]);
    // A counter past 9 still ascends (shorter first); 10 again after it is a repeat of row 1.
    expect(both(['9', '10', '11', '10']).index).toEqual([-1, -1, -1, 1]);
    // Same length, lower: out of order, and new.
    expect(both(['B2', 'B1', 'A1', 'B2']).index).toEqual([-1, -1, -1, 0]);
  });

  it('keeps 50,000 distinct keys apart, and finds each again', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `OPP-${(i * 7919) % 50_000}`);
    const { index, model } = both([...keys, ...keys.slice(0, 100)]);
    expect(index).toEqual(model);
    expect(index.slice(50_000)).toEqual(keys.slice(0, 100).map((_, i) => i));
  });
});
