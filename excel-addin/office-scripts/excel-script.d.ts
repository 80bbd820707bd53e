/**
 * The part of the Office Scripts API (the ExcelScript namespace) that stale-digest.ts
 * uses, so that `tsc` checks the script the way Excel's Code Editor does. Excel
 * provides the real namespace at run time; the test fake in test/fakes/office
 * implements these same members.
 */
declare namespace ExcelScript {
  interface Workbook {
    /** The worksheet with this name, or undefined when there is none. */
    getWorksheet(name: string): Worksheet | undefined;
  }
  interface Worksheet {
    getName(): string;
    /** The used range; undefined when the sheet is empty. */
    getUsedRange(valuesOnly?: boolean): Range | undefined;
  }
  interface Range {
    getValues(): (string | number | boolean)[][];
    /** 0-based row of the range's first cell. */
    getRowIndex(): number;
  }
}
