/**
 * The members of the Office Scripts API (the ExcelScript namespace) that
 * stale-digest.ts calls, declared as Microsoft publishes them, so that the test in
 * test/excel/office-script.test.ts checks the script the way Excel's Code Editor does
 * (TypeScript 4.0.3, strict). Excel provides the real namespace at run time; the fake
 * in test/fakes/office/excel-script.ts implements these same members.
 *
 * The published types say `Worksheet` and `Range` even where the method can return
 * undefined (the docs say so in words), so the script must test for undefined on its
 * own; these declarations keep that shape rather than a friendlier `| undefined`.
 */
declare namespace ExcelScript {
  /** https://learn.microsoft.com/javascript/api/office-scripts/excelscript/excelscript.workbook */
  interface Workbook {
    /**
     * Gets a worksheet using its name or ID. If the worksheet does not exist, then this
     * method returns undefined.
     */
    getWorksheet(key: string): Worksheet;
  }
  /** https://learn.microsoft.com/javascript/api/office-scripts/excelscript/excelscript.worksheet */
  interface Worksheet {
    /**
     * The used range is the smallest range that encompasses any cells that have a value
     * or formatting assigned to them. If the entire worksheet is blank, this function
     * returns undefined.
     * @param valuesOnly Optional. Considers only cells with values as used cells.
     */
    getUsedRange(valuesOnly?: boolean): Range;
  }
  /** https://learn.microsoft.com/javascript/api/office-scripts/excelscript/excelscript.range */
  interface Range {
    /** The raw values of the range: string, number or boolean; a cell with an error returns the error string. */
    getValues(): (string | number | boolean)[][];
    /** The row number of the first cell in the range. Zero-indexed. */
    getRowIndex(): number;
  }
}
/**
 * Office Scripts keep console.log: its lines show in the Code Editor's output, which is
 * where the script reports what it left out (a Rates sheet with problems).
 * https://learn.microsoft.com/office/dev/scripts/testing/troubleshooting
 */
declare const console: { log(...data: unknown[]): void };
