import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlank } from '../../src/core/cells';
import { readDeals } from '../../src/core/deals';
import { readHistory } from '../../src/core/history';
import { checkMove } from '../../src/core/moves';
import { DEFAULT_CONFIG, readStages } from '../../src/core/stages';

// Hostile cells: formulas, huge and odd numbers, dates (also invalid), control and RTL text.
const cell = fc.oneof(
  fc.constantFrom('', ' ', 'Lead', 'Won', 'Lost', 'Proposal', '=1+1', '@SUM(A1)', '-5', '30%', '31.02.2026', '2026-11-23', '\u200b', '‮evil', '<script>alert(1)</script>', 'a@b.co'),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false }),
);
const header = fc.shuffledSubarray(['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Probability', 'Created', 'Expected close', 'Region', 'Forecast category'], { minLength: 1 });
const table = header.chain((h) => fc.array(fc.array(cell, { minLength: h.length, maxLength: h.length }), { maxLength: 30 }).map((rows) => [h, ...rows] as unknown[][]));

describe('readers never throw, and every non-blank row is read or reported', () => {
  it('readDeals', () => {
    fc.assert(
      fc.property(table, (values) => {
        const { deals, problems, columns } = readDeals(values, DEFAULT_CONFIG);
        const dataRows = values.map((row, i) => ({ row, sheetRow: i + 1 })).filter(({ row, sheetRow }) => sheetRow - 1 > columns.headerIndex && !row.every(isBlank));
        const accounted = new Set([...deals.map((d) => d.row), ...problems.map((p) => p.row)]);
        for (const { sheetRow } of dataRows) expect(accounted.has(sheetRow)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('readHistory', () => {
    const historyTable = fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 30 }).map((rows) => [['Timestamp', 'Deal ID', 'From stage', 'To stage'], ...rows]);
    fc.assert(
      fc.property(historyTable, (values) => {
        const { entries, problems } = readHistory(values, DEFAULT_CONFIG);
        const accounted = new Set([...entries.map((e) => e.row), ...problems.map((p) => p.row)]);
        values.forEach((row, i) => {
          if (i > 0 && !row.every(isBlank)) expect(accounted.has(i + 1)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
  it('readStages and checkMove', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 15 }), fc.string(), (values, target) => {
        const { config } = readStages([['Stage', 'Order', 'Probability', 'Rotting days', 'Forecast category', 'Outcome', 'Required fields', 'Allowed next'], ...values]);
        expect(config.stages.length).toBeGreaterThan(0);
        const { deals } = readDeals([['Deal ID', 'Stage'], ['x', values[0]?.[0] ?? '']], config);
        for (const deal of deals) {
          const check = checkMove(config, deal, target, new Date());
          expect(check.ok || check.reasons.length > 0).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
