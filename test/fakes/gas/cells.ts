/**
 * How the fake Sheets stores what a script writes and hands back what it reads: the
 * cell value type, column letters and numbers, copies of read values (a Date read is
 * a new Date, as Apps Script returns), and the coercion of a written value (null and
 * undefined become blank, an object becomes its text).
 */
export type Cell = unknown;

/** "A" → 1, "AB" → 28. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** 1 → "A", 28 → "AB". */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function copyCell(value: Cell): Cell {
  return value instanceof Date ? new Date(value.getTime()) : value;
}

/** Normalises what a script writes the way Sheets stores it: null/undefined become blank. */
export function storeCell(value: Cell): Cell {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return new Date(value.getTime());
  if (typeof value === 'object') return String(value);
  return value;
}
