/**
 * Which row first held each key (a Deal ID), for a table read once from top to bottom.
 * While the keys ascend, shorter before longer and then in code-unit order (D-9, D-10,
 * D-11, or 0998, 0999, 1000: as a counter or a CRM numbers them), none can repeat, so
 * nothing is looked up: the rows are only listed.
 * At the first key out of order, those rows go into a hash index, and every key from
 * then on is looked up there. The index keeps a 32-bit hash of each key and its row in
 * typed arrays sized once for the table: a new key costs a hash and a probe, allocates
 * nothing and compares no text (a Map or Set of 100,000 strings costs several times
 * more). Keys are compared only when their hashes match, by reading the earlier row's
 * key back through `keyAt`.
 */
export class FirstRows {
  /** The rows added while the keys were ascending (until the index is built). */
  private ascending: Int32Array | null;
  private count = 0;
  private last = '';
  private hashes: Int32Array | null = null;
  /** Row + 1 of the key in each slot; 0 for an empty slot. */
  private rows: Int32Array | null = null;
  private mask = 0;

  /** `capacity`: at most how many keys will be added; `keyAt(row)`: the key an earlier row was added with. */
  constructor(
    private readonly capacity: number,
    private readonly keyAt: (row: number) => string,
  ) {
    this.ascending = new Int32Array(capacity);
  }

  /** The first row that held `key`; -1 when none did, and then `row` becomes its first. */
  firstOrAdd(key: string, row: number): number {
    if (this.ascending) {
      const last = this.last;
      if (this.count === 0 || key.length > last.length || (key.length === last.length && key > last)) {
        this.last = key;
        this.ascending[this.count++] = row;
        return -1;
      }
      this.buildIndex(this.ascending, this.count);
    }
    const hash = hashOf(key);
    const hashes = this.hashes!;
    const rows = this.rows!;
    const mask = this.mask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = rows[slot];
      if (held === 0) {
        hashes[slot] = hash;
        rows[slot] = row + 1;
        return -1;
      }
      if (hashes[slot] === hash && this.keyAt(held - 1) === key) return held - 1;
    }
  }

  /** The index of the rows listed so far, whose keys are all different (they were ascending). */
  private buildIndex(listed: Int32Array, count: number): void {
    // At most half full, so a probe run stays short.
    let size = 16;
    while (size < this.capacity * 2) size *= 2;
    const hashes = new Int32Array(size);
    const rows = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < count; i++) {
      const hash = hashOf(this.keyAt(listed[i]));
      let slot = hash & mask;
      while (rows[slot] !== 0) slot = (slot + 1) & mask;
      hashes[slot] = hash;
      rows[slot] = listed[i] + 1;
    }
    this.hashes = hashes;
    this.rows = rows;
    this.mask = mask;
    this.ascending = null;
  }
}

/** FNV-1a over the UTF-16 code units, then mixed so that the low bits (the slot) depend on every unit. */
function hashOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}
