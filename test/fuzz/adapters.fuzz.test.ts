/**
 * Fuzzing the pure cell conversions at the platform edges: Sheets' cellsToCore (local
 * Dates to core dates), the workbook's fromExcelValue / toExcelValue / csvField
 * (exceljs and CSV cells), and the Excel add-in's toExcelValue (core values to what
 * Office.js accepts). They run on every cell of every table, so none may throw, none
 * may change the table's shape, and none may let text become a live formula.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toExcelValue as toOfficeValue } from '../../excel-addin/src/workbook';
import { cellsToCore, sheetZone } from '../../src/sheets/zone';
import { csvField, fromExcelValue, looksLikeFormula, toExcelValue } from '../../src/workbook/cells';
import { formatDate } from '../fakes/gas';
import { RUNS, cell, dataRow, describeTable } from './arbitraries';

const isCoreCell = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date;

describe('Sheets: cellsToCore', () => {
  // Sheets hands a script only Dates a cell can hold: valid, and within a few thousand years (not JS's ±275,000-year limit,
  // where the week-start lookup would step past the last valid Date). Other dates become blanks here.
  const sheetsDate = (c: unknown) => !(c instanceof Date) || Math.abs(c.getTime()) < 3e14;
  const block = fc.array(
    fc.oneof(fc.array(cell, { maxLength: 6 }), dataRow(4)).map((row) => row.map((c) => (sheetsDate(c) ? c : ''))),
    { maxLength: 12 },
  );
  // Zones with half-hour and 45-minute offsets and odd DST rules; Sheets only ever reports a valid IANA zone.
  const zones = fc.constantFrom(
    'UTC',
    'America/New_York',
    'Asia/Ho_Chi_Minh',
    'Europe/Moscow',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/St_Johns',
  );

  it("never throws, keeps the block's shape, converts Dates only, and leaves its input as it was", () => {
    fc.assert(
      fc.property(block, zones, fc.boolean(), (values, timeZone, withRuntime) => {
        const before = describeTable(values);
        const zone = withRuntime ? sheetZone(timeZone, formatDate) : sheetZone(timeZone, formatDate, null);
        const core = cellsToCore(values, zone);
        expect(describeTable(values)).toBe(before);
        expect(core.length).toBe(values.length);
        core.forEach((row, r) => {
          expect(row.length).toBe(values[r].length);
          row.forEach((value, c) => {
            const original = values[r][c];
            if (original instanceof Date) expect(value).toBeInstanceOf(Date);
            else expect(Object.is(value, original)).toBe(true);
          });
        });
      }),
      { numRuns: RUNS.tables },
    );
  });
});

describe('workbook: exceljs and CSV cells', () => {
  // What exceljs hands over: plain values, formulas with or without a cached result, rich text, hyperlinks, errors, and odd objects.
  const excelValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { arbitrary: cell, weight: 4 },
      { arbitrary: fc.record({ formula: fc.string(), result: tie('value') }, { requiredKeys: ['formula'] }), weight: 1 },
      { arbitrary: fc.record({ sharedFormula: fc.string(), result: tie('value') }, { requiredKeys: [] }), weight: 1 },
      {
        arbitrary: fc.record({
          richText: fc.array(fc.record({ text: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()) }, { requiredKeys: [] }), {
            maxLength: 3,
          }),
        }),
        weight: 1,
      },
      { arbitrary: fc.record({ text: tie('value'), hyperlink: fc.string() }), weight: 1 },
      { arbitrary: fc.record({ error: fc.constantFrom('#N/A', '#REF!', '#DIV/0!') }), weight: 1 },
      { arbitrary: fc.constantFrom({}, [], { richText: 'not an array' }, Object.create(null)), weight: 1 },
    ),
  })).value;

  it('fromExcelValue never throws and always gives a core cell', () => {
    fc.assert(
      fc.property(excelValue, (value) => {
        expect(isCoreCell(fromExcelValue(value))).toBe(true);
      }),
      { numRuns: RUNS.tables * 3 },
    );
  });

  it('toExcelValue never throws, writes no non-finite number, and keeps text as text', () => {
    fc.assert(
      fc.property(cell, (value) => {
        const written = toExcelValue(value);
        expect(written === null || ['string', 'number', 'boolean'].includes(typeof written) || written instanceof Date).toBe(true);
        if (typeof written === 'number') expect(Number.isFinite(written)).toBe(true);
        // exceljs writes a string as a string cell, so "=HYPERLINK(…)" stays inert; no object (a formula) is ever made.
        if (typeof value === 'string' && value !== '') expect(written).toBe(value);
      }),
      { numRuns: RUNS.tables * 3 },
    );
  });

  it('csvField never throws (an Invalid Date is a blank field), and text a spreadsheet would run as a formula gets a leading quote', () => {
    fc.assert(
      fc.property(cell, fc.constantFrom(',', ';', '\t'), (value, delimiter) => {
        const field = csvField(value, delimiter);
        expect(typeof field).toBe('string');
        if (typeof value === 'string' && looksLikeFormula(value)) expect(field.replace(/^"/, '').startsWith("'")).toBe(true);
        // A field that holds the delimiter, a quote or a line end is quoted, so it stays one field.
        if (/[",\r\n;]/.test(field.replace(/^"|"$/g, '')) || field.slice(1, -1).includes(delimiter))
          expect(field.startsWith('"') && field.endsWith('"')).toBe(true);
      }),
      { numRuns: RUNS.tables * 3 },
    );
  });
});

describe('Excel add-in: toExcelValue', () => {
  it('never throws, gives what Office.js accepts (text, a number, a boolean), and a finite serial for every valid Date', () => {
    fc.assert(
      fc.property(cell, (value) => {
        const written = toOfficeValue(value);
        expect(['string', 'number', 'boolean']).toContain(typeof written);
        if (value instanceof Date && !Number.isNaN(value.getTime())) expect(Number.isFinite(written)).toBe(true);
        // NaN reaches Excel as an error; an Invalid Date or a non-finite number is written blank.
        if (typeof written === 'number') expect(Number.isFinite(written)).toBe(true);
        if (value === null || value === undefined) expect(written).toBe('');
      }),
      { numRuns: RUNS.tables * 3 },
    );
  });
});
