/**
 * A1 notation, written once for every writer (Sheets, Excel, the .xlsx files): the
 * letters of a column and a sheet name as a formula reference. Both spreadsheets
 * accept a quoted name anywhere, and need the quotes when the name holds anything
 * but letters, digits and underscores ("Stage history", "Đơn hàng", "Q1-2026").
 */

/** Column letters of a 1-based column number: 1 → A, 26 → Z, 28 → AB. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A sheet name as a formula reference: quoted (inner apostrophes doubled) unless it is a plain word. */
export function sheetReference(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
