// The formula memo: a read is reused only for the very same cells under the same key,
// whoever owns the arrays and whatever they did to them in place.
import { describe, expect, it } from 'vitest';
import { formulaMemo, recall } from '../../excel-addin/src/formula-memo';

/** A read that counts how often it ran and returns a new object each time. */
function counter() {
  let reads = 0;
  return {
    read: () => ({ read: ++reads }),
    get reads() {
      return reads;
    },
  };
}

const grid = () => [
  ['Deal ID', 'Amount', 'Created'],
  ['D-1', 1000, new Date(Date.UTC(2026, 10, 2))],
  ['D-2', 0, 46296],
];

describe('recall', () => {
  it('reads once for the same cells handed over again as a fresh array, as Excel does', () => {
    const memo = formulaMemo();
    const count = counter();
    const first = recall(memo, 'deals', grid(), 'config', count.read);
    const second = recall(memo, 'deals', grid(), 'config', count.read);
    expect(count.reads).toBe(1);
    expect(second).toBe(first);
  });

  it('reads again when one cell of the same array was changed in place', () => {
    const memo = formulaMemo();
    const count = counter();
    const cells = grid();
    recall(memo, 'deals', cells, 'config', count.read);
    cells[2][1] = 5;
    expect(recall(memo, 'deals', cells, 'config', count.read)).toEqual({ read: 2 });
  });

  it('reads again when a Date cell was moved by a day in place', () => {
    const memo = formulaMemo();
    const count = counter();
    const cells = grid();
    recall(memo, 'deals', cells, 'config', count.read);
    (cells[1][2] as Date).setUTCDate(3);
    expect(recall(memo, 'deals', cells, 'config', count.read)).toEqual({ read: 2 });
    // An equal Date in a new object is the same cell.
    cells[1][2] = new Date(Date.UTC(2026, 10, 3));
    expect(recall(memo, 'deals', cells, 'config', count.read)).toEqual({ read: 2 });
  });

  it('tells 0 from -0, a longer row and another key apart', () => {
    const memo = formulaMemo();
    const count = counter();
    recall(memo, 'deals', grid(), 'config', count.read);
    const negative = grid();
    negative[2][1] = -0;
    expect(recall(memo, 'deals', negative, 'config', count.read)).toEqual({ read: 2 });
    const longer = grid();
    longer[2].push('');
    expect(recall(memo, 'deals', longer, 'config', count.read)).toEqual({ read: 3 });
    expect(recall(memo, 'deals', longer, 'other config', count.read)).toEqual({ read: 4 });
    // One slot per kind: History does not push Deals out.
    expect(recall(memo, 'history', [['Timestamp']], null, count.read)).toEqual({ read: 5 });
    expect(recall(memo, 'deals', longer, 'other config', count.read)).toEqual({ read: 4 });
  });

  it('keeps nothing when the read throws, and reads every time without a memo', () => {
    const memo = formulaMemo();
    const count = counter();
    recall(memo, 'deals', grid(), 'config', count.read);
    expect(() =>
      recall(memo, 'deals', [['other']], 'config', () => {
        throw new Error('bad range');
      }),
    ).toThrow('bad range');
    expect(recall(memo, 'deals', grid(), 'config', count.read)).toEqual({ read: 2 });
    recall(undefined, 'deals', grid(), 'config', count.read);
    recall(undefined, 'deals', grid(), 'config', count.read);
    expect(count.reads).toBe(4);
  });
});
