/**
 * "Take a snapshot", one workflow (src/workflows/snapshot.ts) through both adapters:
 * the Sheets weekly snapshot (the built bundle on the Apps Script fakes) and the
 * Excel ribbon command (takeSnapshot on the strict Office fake). The same pipeline
 * (both-platforms.ts) must give the same rows on both, none more on a same-day
 * re-run, the rows under a header in the sheet's own order, and nothing under a
 * header the tool cannot write under.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, fromSerial, isoDay, readDeals, SNAPSHOTS_HEADERS } from '../../src/core/index';
import { takeSnapshot } from '../../excel-addin/src/snapshot';
import { planSnapshot } from '../../src/workflows/snapshot';
import { clockEvent, sheetDate } from '../fakes/gas';
import { bothPlatformsAtNow, excelPipeline, NOW, serial, sheetsDay, sheetsPipeline, TZ } from './both-platforms';

bothPlatformsAtNow();

/**
 * By hand, the open deals on 2026-11-23 (S5 is Won, so left out), weighted = amount × the
 * stage's probability: S1 1000 × 20% = 200; S2 no amount, 0; S3 5000 × 60% = 3000; S4 no amount, 0.
 */
const EXPECTED = [
  ['2026-11-23', 'S1', 'ann@example.com', 'Qualified', 1000, 0.2, 200, '2026-12-15'],
  ['2026-11-23', 'S2', 'bob@example.com', 'Contacted', '', 0.3, 0, ''],
  ['2026-11-23', 'S3', 'ann@example.com', 'Proposal', 5000, 0.6, 3000, '2026-12-31'],
  ['2026-11-23', 'S4', 'not-an-email', 'Lead', '', 0.1, 0, ''],
];

/** Sheets rows with their Date cells as the Berlin day they show. */
const sheetsRows = (rows: unknown[][]) => rows.map((row) => row.map(sheetsDay));
/** Excel rows with the date columns (`at` its 0-based indexes) as the day their serial is. */
const excelRows = (rows: unknown[][], dateColumns = [0, 7]) =>
  rows.map((row) => row.map((cell, i) => (dateColumns.includes(i) && typeof cell === 'number' ? isoDay(fromSerial(cell)) : cell)));

describe('today’s snapshot on both platforms', () => {
  it('appends the same rows (figures by hand), with the header, to a new Snapshots sheet', async () => {
    const sheets = sheetsPipeline();
    sheets.gas.takeWeeklySnapshot(clockEvent());
    const sheetsTable = sheets.world.spreadsheet.sheet('Snapshots').dump();

    const fake = excelPipeline();
    const result = await takeSnapshot(NOW);
    const excelTable = fake.sheets.get('Snapshots')!;

    expect(sheetsTable[0]).toEqual([...SNAPSHOTS_HEADERS]);
    expect(excelTable[0]).toEqual([...SNAPSHOTS_HEADERS]);
    expect(sheetsRows(sheetsTable.slice(1))).toEqual(EXPECTED);
    expect(excelRows(excelTable.slice(1))).toEqual(EXPECTED);
    expect(result).toEqual({
      appended: 4,
      alreadyToday: false,
      problem: '',
      message: "Today's snapshot added 4 open deal(s) to the Snapshots sheet.",
    });
    // Excel: the pipeline read (2 syncs; the first also says Snapshots is missing), then one write with the new sheet.
    expect(fake.syncs).toBe(3);
    // The date columns are shown as dates: 2026-11-23 is serial 46349.
    const dates = fake.writes.find((w) => w.sheet === 'Snapshots' && w.kind === 'numberFormat')!;
    expect(dates.data[1]).toEqual(['yyyy-mm-dd', null, null, null, null, null, null, 'yyyy-mm-dd']);
    expect(excelTable[1][0]).toBe(serial([2026, 11, 23]));
    expect(serial([2026, 11, 23])).toBe(46349);
  });

  it('adds nothing on a second run the same day, on either platform', async () => {
    const sheets = sheetsPipeline();
    sheets.gas.takeWeeklySnapshot(clockEvent());
    vi.setSystemTime(new Date('2026-11-23T15:00:00Z'));
    sheets.gas.menuSnapshotOn();
    expect(sheets.world.spreadsheet.sheet('Snapshots').dump()).toHaveLength(5);
    expect(sheets.world.ui.shown.at(-1)!.content).toContain('Today already has a snapshot in the Snapshots sheet.');

    const fake = excelPipeline();
    await takeSnapshot(NOW);
    const syncs = fake.syncs;
    const again = await takeSnapshot(new Date('2026-11-23T15:00:00Z'));
    expect(again).toEqual({
      appended: 0,
      alreadyToday: true,
      problem: '',
      message: 'Today already has a snapshot in the Snapshots sheet.',
    });
    expect(fake.sheets.get('Snapshots')).toHaveLength(5);
    // The pipeline read (2) and the Snapshots read (1); no write.
    expect(fake.syncs - syncs).toBe(3);
  });

  it('finishes a snapshot a stopped run left half done: only the deals today lacks, on both', async () => {
    // S1 and S2 were written before the run stopped; S3 and S4 are still to come.
    const sheets = sheetsPipeline();
    const day = (m: number, d: number) => sheetDate(2026, m, d, TZ);
    const table = sheets.world.spreadsheet.sheet('Snapshots');
    table.load([
      [...SNAPSHOTS_HEADERS],
      [day(11, 23), 'S1', 'ann@example.com', 'Qualified', 1000, 0.2, 200, day(12, 15)],
      [day(11, 23), 'S2', 'bob@example.com', 'Contacted', '', 0.3, 0, ''],
    ]);
    sheets.gas.takeWeeklySnapshot(clockEvent());
    expect(sheetsRows(table.dump().slice(1))).toEqual(EXPECTED);

    const fake = excelPipeline({
      sheets: {
        Snapshots: [
          [...SNAPSHOTS_HEADERS],
          [46349, 'S1', 'ann@example.com', 'Qualified', 1000, 0.2, 200, 46371],
          [46349, 'S2', 'bob@example.com', 'Contacted', '', 0.3, 0, ''],
        ],
      },
    });
    expect((await takeSnapshot(NOW)).appended).toBe(2);
    expect(excelRows(fake.sheets.get('Snapshots')!.slice(1))).toEqual(EXPECTED);
  });

  it('writes under a header in the sheet’s own order, leaving a column of the user’s blank, on both', async () => {
    const header = ['Deal ID', 'Snapshot date', 'Owner', 'Stage', 'Amount', 'Probability', 'Weighted', 'Expected close', 'Note'];
    // S1's row as the header orders it: the date second, the user's Note column last and blank.
    const s1 = ['S1', '2026-11-23', 'ann@example.com', 'Qualified', 1000, 0.2, 200, '2026-12-15', ''];

    const sheets = sheetsPipeline();
    sheets.world.spreadsheet.sheet('Snapshots').load([header]);
    sheets.gas.takeWeeklySnapshot(clockEvent());
    const sheetsTable = sheets.world.spreadsheet.sheet('Snapshots').dump();
    expect(sheetsTable).toHaveLength(5);
    expect(sheetsRows(sheetsTable)[1]).toEqual(s1);

    const fake = excelPipeline({ sheets: { Snapshots: [header] } });
    await takeSnapshot(NOW);
    const excelTable = fake.sheets.get('Snapshots')!;
    expect(excelTable).toHaveLength(5);
    expect(excelRows(excelTable, [1, 7])[1]).toEqual(s1);
  });

  it('adds nothing under a header without a Deal ID column, and says what the header must hold, on both', async () => {
    const header = ['Snapshot date', 'Owner', 'Stage', 'Amount', 'Probability', 'Weighted', 'Expected close'];
    const columns = SNAPSHOTS_HEADERS.join(', ');
    const said = `The Snapshots sheet has no "Deal ID" column; nothing was added. Its header row must hold: ${columns}.`;

    const sheets = sheetsPipeline();
    sheets.world.spreadsheet.sheet('Snapshots').load([header]);
    sheets.gas.menuSnapshotOn();
    expect(sheets.world.spreadsheet.sheet('Snapshots').dump()).toEqual([header]);
    expect(sheets.world.ui.shown.at(-1)!.content).toContain(said);

    const fake = excelPipeline({ sheets: { Snapshots: [header] } });
    const result = await takeSnapshot(NOW);
    expect(result.problem).toBe(said);
    expect(fake.sheets.get('Snapshots')).toEqual([header]);
  });

  it('says in the workbook’s language what it added (Stages → Language: Vietnamese)', async () => {
    const fake = excelPipeline();
    const stages = fake.sheets.get('Stages')!;
    const languageRow = stages.findIndex((row) => row[0] === 'Language');
    stages[languageRow][1] = 'vi';
    const result = await takeSnapshot(NOW);
    expect(result.appended).toBe(4);
    expect(result.message).not.toBe("Today's snapshot added 4 open deal(s) to the Snapshots sheet.");
    expect(result.message).toContain('4');
  });
});

describe('the plan', () => {
  it('writes in blocks of 1,000 rows and arms a continuation only for more than one block, never from a continuation', () => {
    const table = [['Deal ID', 'Owner', 'Stage'], ...Array.from({ length: 1001 }, (_, i) => [`B${i}`, 'ann@example.com', 'Lead'])];
    const deals = readDeals(table, DEFAULT_CONFIG).deals;
    const plan = (count: number, continuing: boolean) =>
      planSnapshot({
        deals: deals.slice(0, count),
        config: DEFAULT_CONFIG,
        today: new Date(Date.UTC(2026, 10, 23)),
        existing: null,
        continuing,
      });
    expect(plan(1000, false)).toMatchObject({ batch: 1000, armContinuation: false });
    expect(plan(1001, false)).toMatchObject({ batch: 1000, armContinuation: true });
    expect(plan(1001, true).armContinuation).toBe(false);
    expect(plan(1001, false).rows).toHaveLength(1001);
  });
});
