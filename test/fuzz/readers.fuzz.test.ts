/**
 * Fuzzing the core's table readers (Deals, Stages, History, Snapshots) and the cell
 * readers under them with hostile, ragged and sparse tables. What must hold for any
 * input: nothing throws; every non-blank row below the header is read (a deal, entry
 * or snapshot carrying that row number) or named by a problem, and a blank row is
 * neither; every problem has a row ≥ 1, a column and a message short enough to read;
 * the input is left exactly as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, isBlank, parseNumber, parseProbability, parseYesNo } from '../../src/core/cells';
import { decideDateOrder, parseDate } from '../../src/core/dates';
import { headerKey } from '../../src/core/headers';
import { readDeals } from '../../src/core/deals';
import { readHistory } from '../../src/core/history';
import { readSnapshots } from '../../src/core/snapshots';
import { DEFAULT_CONFIG, findStage, readStages, stageKey } from '../../src/core/stages';
import type { Deal, Problem } from '../../src/core/types';
import {
  RULE_CELLS,
  RUNS,
  cell,
  dealsTable,
  describeTable,
  historyHeader,
  historyLikeCell,
  sheet,
  snapshotsSheet,
  stagesSheet,
  stagesTable,
} from './arbitraries';

/**
 * The longest message a problem may carry. The longest fixed text (readHistory's
 * missing-column message, which lists all nine headers) is under 300 characters, and
 * each echoed cell is cut to 40 by `shorten`; a 12k-character cell must not pass through whole.
 */
const MAX_MESSAGE = 600;

/** `listed`: stage names a message lists on purpose ("pick one of: …"), which count beside the bound. */
function expectWellFormed(problems: readonly Problem[], listed: readonly { name: string }[] = DEFAULT_CONFIG.stages): void {
  const allowance = listed.reduce((sum, s) => sum + s.name.length + 2, 0);
  for (const problem of problems) {
    expect(problem.row, problem.message).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(problem.row)).toBe(true);
    expect(typeof problem.column).toBe('string');
    expect(problem.column.length, `${problem.code} on row ${problem.row} names no column`).toBeGreaterThan(0);
    expect(problem.message.trim().length).toBeGreaterThan(0);
    expect(problem.message.length, `${problem.code}: ${problem.message.slice(0, 120)}…`).toBeLessThanOrEqual(MAX_MESSAGE + allowance);
  }
}

const blankRow = (row: readonly unknown[] | undefined) => row === undefined || row.every(isBlank);

/**
 * Rows below `headerIndex`: each non-blank one is in `read` or has a problem; a blank one
 * is never read, and has no error (a sheet-level warning such as "a header but no deals
 * below it" may point at the first row under the header). `offset` turns a 0-based index
 * into the sheet row number.
 */
function expectEveryRowAccounted(
  values: readonly (readonly unknown[])[],
  headerIndex: number,
  offset: number,
  read: readonly number[],
  problems: readonly Problem[],
): void {
  const readRows = new Set(read);
  const reportedRows = new Set(problems.map((p) => p.row));
  const errorRows = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.row));
  for (let i = headerIndex + 1; i < values.length; i++) {
    const sheetRow = i + offset;
    if (blankRow(values[i])) {
      expect(readRows.has(sheetRow) || errorRows.has(sheetRow), `blank row ${sheetRow} was read or has an error`).toBe(false);
    } else {
      expect(readRows.has(sheetRow) || reportedRows.has(sheetRow), `row ${sheetRow} was neither read nor reported`).toBe(true);
    }
  }
}

const readOptions = fc.record({
  firstRow: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  dateOrder: fc.option(fc.constantFrom('dmy' as const, 'mdy' as const, 'ymd' as const), { nil: undefined }),
  decimalComma: fc.option(fc.boolean(), { nil: undefined }),
  columnMap: fc.option(
    fc.dictionary(
      fc.constantFrom('Owner', 'Stage', 'Amount', 'Deal ID', 'Nonsense', ''),
      fc.constantFrom('Rep', 'Status', 'Value', 'Amount', 'Stage', '', 'Region'),
    ),
    { nil: undefined },
  ),
});

describe('cell readers on hostile cells', () => {
  it('never throw, and an accepted value is usable: a finite number, a probability in 0..1, a real date', () => {
    fc.assert(
      fc.property(cell, fc.boolean(), fc.constantFrom('dmy' as const, 'mdy' as const, 'ymd' as const), (value, decimalComma, order) => {
        expect(typeof isBlank(value)).toBe('boolean');
        expect(typeof cellText(value)).toBe('string');
        const number = parseNumber(value, decimalComma);
        if (number.ok) expect(number.value === null || Number.isFinite(number.value)).toBe(true);
        else expect(number.reason.length).toBeGreaterThan(0);
        const probability = parseProbability(value);
        if (probability.ok) expect(probability.value === null || (probability.value >= 0 && probability.value <= 1)).toBe(true);
        else expect(probability.reason.length).toBeGreaterThan(0);
        const yesNo = parseYesNo(value);
        if (!yesNo.ok) expect(yesNo.reason.length).toBeGreaterThan(0);
        const date = parseDate(value, order);
        if (date.ok) expect(date.date === null || !Number.isNaN(date.date.getTime())).toBe(true);
        else expect(date.reason.length).toBeGreaterThan(0);
        // A blank-looking cell reads as "nothing", never as a bad value.
        if (isBlank(value) && typeof value !== 'boolean') {
          expect(number).toEqual({ ok: true, value: null });
          expect(date).toEqual({ ok: true, date: null });
        }
      }),
      { numRuns: RUNS.tables * 10 },
    );
  });
});

describe('readDeals', () => {
  it('never throws, reads or reports every non-blank row below the header, and leaves the table as it was', () => {
    fc.assert(
      fc.property(dealsTable, readOptions, (values, options) => {
        const before = describeTable(values);
        const { deals, problems, columns } = readDeals(values, DEFAULT_CONFIG, options);
        expect(describeTable(values)).toBe(before);
        expectWellFormed(problems);
        const offset = options.firstRow ?? 1;
        if (columns.headerIndex < 0) {
          expect(values.every((row) => blankRow(row))).toBe(true);
          expect(deals).toEqual([]);
          return;
        }
        expectEveryRowAccounted(
          values,
          columns.headerIndex,
          offset,
          deals.map((d) => d.row),
          problems,
        );
        for (const deal of deals) {
          expect(deal.id.length).toBeGreaterThan(0);
          // A stage the config knows is written with its configured name.
          if (findStage(DEFAULT_CONFIG, deal.stage)) expect(DEFAULT_CONFIG.stages.map((s) => s.name)).toContain(deal.stage);
          expect(deal.amount === null || (Number.isFinite(deal.amount) && deal.amount >= 0)).toBe(true);
          for (const date of [deal.created, deal.expectedClose, deal.closedOn, deal.nextStepDate, deal.stageChanged, deal.snoozeUntil]) {
            expect(date === null || !Number.isNaN(date.getTime())).toBe(true);
          }
        }
      }),
      { numRuns: RUNS.tables },
    );
  });

  it('reads a config from any Stages table the same way, whatever the deals', () => {
    fc.assert(
      fc.property(stagesTable, dealsTable, (stagesValues, dealsValues) => {
        const { config } = readStages(stagesValues);
        const { deals, problems, columns } = readDeals(dealsValues, config);
        expectWellFormed(problems, config.stages);
        if (columns.headerIndex >= 0)
          expectEveryRowAccounted(
            dealsValues,
            columns.headerIndex,
            1,
            deals.map((d) => d.row),
            problems,
          );
      }),
      { numRuns: RUNS.tables },
    );
  });

  it('reads each row the same alone as in its table: no row changes how another is read, bar the cross-row checks', () => {
    // Cross-row by design: a Deal ID seen on another row, and a date column's order, which its other dates decide
    // (03/04/2026 is March 4 under 12/31/2026, April 3 alone; 31/12/2026 is left out under two month-first dates).
    const crossRow = new Set(['id-duplicate', 'date-order-contradicted']);
    const dateFields = ['created', 'expectedClose', 'closedOn', 'nextStepDate', 'stageChanged', 'snoozeUntil'] as const;
    fc.assert(
      fc.property(dealsTable, (values) => {
        const full = readDeals(values, DEFAULT_CONFIG);
        const h = full.columns.headerIndex;
        if (h < 0) return;
        for (let i = h + 1; i < values.length; i++) {
          if (blankRow(values[i])) continue;
          // The row alone under its header, numbered as in the sheet: values[1] is sheet row i + 1.
          const alone = readDeals([values[h], values[i]], DEFAULT_CONFIG, { firstRow: i });
          if (alone.columns.headerIndex !== 0) continue; // the row names more columns than the header, so it would be taken for the header
          const sheetRow = i + 1;
          // A date column decided another way alone than in the table reads this row's date another way:
          // that field is left out of the comparison.
          const decidedApart = dateFields.filter((field) => {
            const index = full.columns.fields.get(field);
            return (
              index !== undefined &&
              decideDateOrder(values, index, h + 1, 1).order !== decideDateOrder([values[h], values[i]], index, 1, i).order
            );
          });
          const comparable = (deals: readonly Deal[]) =>
            deals.map((d) => ({ ...d, ...Object.fromEntries(decidedApart.map((f) => [f, null])) }));
          const ofRow = (problems: readonly Problem[]) =>
            problems.filter((p) => p.row === sheetRow && !crossRow.has(p.code)).map((p) => `${p.column}|${p.code}|${p.message}`);
          // Compared as JSON text with a short label: a diff of deals holding 12,000-character cells takes vitest minutes per shrink step.
          const same = JSON.stringify(comparable(alone.deals)) === JSON.stringify(comparable(full.deals.filter((d) => d.row === sheetRow)));
          expect(same, `row ${sheetRow}: the deal differs when read alone`).toBe(true);
          const sameProblems = JSON.stringify(ofRow(alone.problems)) === JSON.stringify(ofRow(full.problems));
          expect(
            sameProblems,
            `row ${sheetRow}: ${ofRow(alone.problems).join('; ').slice(0, 300)} ≠ ${ofRow(full.problems).join('; ').slice(0, 300)}`,
          ).toBe(true);
        }
      }),
      { numRuns: Math.ceil(RUNS.tables / 3) },
    );
  });
});

describe('readStages', () => {
  it('never throws, always gives at least one stage, and reads or reports every row of the stage table', () => {
    fc.assert(
      fc.property(stagesSheet, ({ values, headerIndex, fullHeader }) => {
        const before = describeTable(values);
        const { config, problems } = readStages(values);
        expect(describeTable(values)).toBe(before);
        expectWellFormed(problems);
        expect(config.stages.length).toBeGreaterThan(0);
        // Stage names are unique once folded, and Allowed next only names stages that exist.
        const keys = config.stages.map((s) => stageKey(s.name));
        expect(new Set(keys).size).toBe(keys.length);
        for (const s of config.stages) {
          for (const next of s.allowedNext) expect(config.stages.some((t) => t.name === next)).toBe(true);
          expect(Number.isFinite(s.order)).toBe(true);
          expect(s.probability >= 0 && s.probability <= 1).toBe(true);
        }
        expect(config.rules.digestHour >= 0 && config.rules.digestHour <= 23).toBe(true);

        // The stage table runs from the header to the first blank row; each row in it is a stage or a problem.
        // Checked when the header names all eight columns, so no stage row below can be taken for the header.
        if (!fullHeader || problems.some((p) => p.code === 'no-stages')) return;
        // The Stage column's aliases, as in stages.ts; the first header cell that is one of them.
        const nameColumn = values[headerIndex].findIndex((c) =>
          ['Stage', 'Stage name', 'Name', 'Giai đoạn', 'Этап', 'Название этапа'].map(headerKey).includes(headerKey(c)),
        );
        const reported = new Set(problems.map((p) => p.row));
        const ruleKeys = RULE_CELLS.map(headerKey);
        const isRule = (row: readonly unknown[]) => ruleKeys.includes(headerKey(row[0]));
        let i = headerIndex + 1;
        for (; i < values.length && !blankRow(values[i]) && !isRule(values[i]); i++) {
          const name = cellText(values[i][nameColumn]);
          const isStage = name !== '' && config.stages.some((s) => s.name === name);
          expect(isStage || reported.has(i + 1), `stage row ${i + 1} was neither read nor reported`).toBe(true);
        }
        // Below the table, a row is a rule (read into config.rules, or reported) or it is reported as ignored.
        for (; i < values.length; i++) {
          if (blankRow(values[i]) || isRule(values[i])) continue;
          expect(reported.has(i + 1), `row ${i + 1} below the stage table was neither read nor reported`).toBe(true);
        }
      }),
      { numRuns: RUNS.tables },
    );
  });
});

const historyValues = historyHeader.chain((header) =>
  sheet(fc.constant(header), 25).chain((generated) =>
    // Some rows get cells that usually read (a date, a deal, a stage), so entries are made as well as problems.
    fc
      .array(fc.array(historyLikeCell, { minLength: header.length, maxLength: header.length }), { maxLength: 10 })
      .map((readable) => ({ values: [...generated.values, ...readable], headerIndex: generated.headerIndex })),
  ),
);

describe('readHistory', () => {
  it('never throws, reads or reports every non-blank row, and leaves the table as it was', () => {
    fc.assert(
      fc.property(historyValues, fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }), ({ values, headerIndex }, firstRow) => {
        const before = describeTable(values);
        const { entries, problems } = readHistory(values, DEFAULT_CONFIG, { firstRow });
        expect(describeTable(values)).toBe(before);
        expectWellFormed(problems);
        // Without Timestamp, Deal ID or To stage no row can be used: one problem on the header row says so for all.
        if (problems.some((p) => p.code === 'history-column-missing')) {
          expect(entries).toEqual([]);
          return;
        }
        expectEveryRowAccounted(
          values,
          headerIndex,
          firstRow ?? 1,
          entries.map((e) => e.row),
          problems,
        );
        for (const entry of entries) {
          expect(Number.isNaN(entry.at.getTime())).toBe(false);
          expect(entry.dealId.length).toBeGreaterThan(0);
          expect(entry.to.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS.tables },
    );
  });
});

describe('readSnapshots', () => {
  it('never throws, reads or reports every non-blank row, and leaves the table as it was', () => {
    fc.assert(
      fc.property(snapshotsSheet, ({ values, headerIndex }) => {
        const before = describeTable(values);
        const { snapshots, problems } = readSnapshots(values, DEFAULT_CONFIG);
        expect(describeTable(values)).toBe(before);
        expectWellFormed(problems);
        if (problems.some((p) => p.code === 'snapshot-column-missing' && p.severity === 'error')) {
          expect(snapshots).toEqual([]);
          return;
        }
        expectEveryRowAccounted(
          values,
          headerIndex,
          1,
          snapshots.map((s) => s.row),
          problems,
        );
        for (const snapshot of snapshots) expect(Number.isFinite(snapshot.weighted)).toBe(true);
      }),
      { numRuns: RUNS.tables },
    );
  });
});
