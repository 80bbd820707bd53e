/**
 * A fake ExcelScript.Workbook for running the Office Script in tests: sheets hold
 * the values Excel would return from getValues() (dates as serial numbers), and
 * getUsedRange() trims blank rows and columns at the edges the way Excel does,
 * returning undefined for an empty sheet. getWorksheet() matches names ignoring
 * case, as Excel does.
 */
export type ScriptCell = string | number | boolean;

export interface FakeScriptRange {
  getValues(): ScriptCell[][];
  getRowIndex(): number;
}
export interface FakeScriptSheet {
  getName(): string;
  getUsedRange(valuesOnly?: boolean): FakeScriptRange | undefined;
}
export interface FakeScriptWorkbook {
  getWorksheet(name: string): FakeScriptSheet | undefined;
  /** How many times the script asked for each sheet. */
  readonly calls: Map<string, number>;
}

export function fakeScriptWorkbook(sheets: Record<string, ScriptCell[][]>): FakeScriptWorkbook {
  const calls = new Map<string, number>();
  return {
    calls,
    getWorksheet(name) {
      calls.set(name, (calls.get(name) ?? 0) + 1);
      const stored = Object.keys(sheets).find((key) => key.toLowerCase() === name.toLowerCase());
      if (stored === undefined) return undefined;
      const grid = sheets[stored];
      return {
        getName: () => stored,
        getUsedRange: () => {
          const rows = grid.map((row, index) => ({ row, index })).filter(({ row }) => row.some((cell) => cell !== ''));
          if (rows.length === 0) return undefined;
          const top = rows[0].index;
          const bottom = rows[rows.length - 1].index;
          const width = Math.max(...grid.map((row) => row.length));
          const values = grid.slice(top, bottom + 1).map((row) => Array.from({ length: width }, (_, c) => row[c] ?? ''));
          return { getValues: () => values.map((row) => [...row]), getRowIndex: () => top };
        },
      };
    },
  };
}
