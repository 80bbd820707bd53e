/**
 * Appending snapshots to files on disk: the rows land under the right headers, every
 * other sheet keeps its values, the old file is kept as .bak, a second snapshot on one
 * day is refused with the file untouched, a workbook with charts is not rewritten in
 * place, and a CSV's snapshots go to a sibling file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, SNAPSHOTS_HEADERS, stagesToTable } from '../../src/core/index';
import { loadPipeline } from '../../src/workbook/pipeline';
import { partsLostOnRewrite, snapshotFile, zipEntryNames } from '../../src/workbook/snapshot-file';
import { d, SMALL_DEALS, tempDir, writeText, writeXlsx } from './fixtures';

const today = d('2026-11-23');

/** Every cell value of every sheet but Snapshots, by sheet and address. */
async function valuesOutsideSnapshots(path: string): Promise<Record<string, unknown>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const values: Record<string, unknown> = {};
  for (const sheet of workbook.worksheets) {
    if (sheet.name === 'Snapshots') continue;
    sheet.eachRow((row) => row.eachCell((cell) => (values[`${sheet.name}!${cell.address}`] = cell.value)));
  }
  return values;
}

/** A team's workbook: the small Deals, Stages, a sheet of their own with a formula, and a Snapshots sheet whose columns they reordered. */
async function teamWorkbook(dir: string): Promise<string> {
  return writeXlsx(
    join(dir, 'team.xlsx'),
    {
      Deals: SMALL_DEALS,
      Stages: stagesToTable(DEFAULT_CONFIG),
      Notes: [
        ['Note', 'When', 'Amount'],
        ['=not a formula, typed text', d('2026-11-01'), 12.5],
      ],
      Snapshots: [
        ['Deal ID', 'Snapshot date', 'Weighted', 'Stage', 'Owner', 'Amount', 'Probability', 'Expected close'],
        ['D9', d('2026-11-16'), 50, 'Lead', 'zed@example.com', 500, 0.1, null],
      ],
    },
    (workbook) => {
      workbook.getWorksheet('Notes')!.getCell('D2').value = { formula: 'C2*2', result: 25 };
    },
  );
}

describe('snapshotFile on a workbook', () => {
  it('appends the open deals under the sheet’s own headers and keeps every other sheet', async () => {
    const dir = tempDir();
    const path = await teamWorkbook(dir);
    const original = readFileSync(path);
    const before = await valuesOutsideSnapshots(path);
    const result = await snapshotFile(path, { at: today });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // Open deals D1, D2, D3, D6; weighted by hand: 1000 × 10%, 2000 × 50% (own), 3000 × 60%, 4000 × 80%.
    expect(result.rows.map((r) => [r.dealId, r.weighted])).toEqual([
      ['D1', 100],
      ['D2', 1000],
      ['D3', 1800],
      ['D6', 3200],
    ]);
    expect(result.created).toBe(false);
    expect(result.backup).toBe(`${path}.bak`);
    expect(readFileSync(`${path}.bak`).equals(original)).toBe(true);
    expect(await valuesOutsideSnapshots(path)).toEqual(before);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.getWorksheet('Snapshots')!;
    expect(sheet.getRow(2).values).toEqual([undefined, 'D9', d('2026-11-16'), 50, 'Lead', 'zed@example.com', 500, 0.1]);
    // Deal ID, Snapshot date, Weighted, Stage, Owner, Amount, Probability, Expected close: the sheet's order.
    expect(sheet.getRow(4).values).toEqual([undefined, 'D2', today, 1000, 'Proposal', 'bob@example.com', 2000, 0.5, d('2026-12-20')]);
    const loaded = await loadPipeline(path);
    expect(loaded.ok && loaded.pipeline.snapshots.length).toBe(5);

    // The same day again: refused, and the file is the one just written, byte for byte.
    const written = readFileSync(path);
    const again = await snapshotFile(path, { at: new Date('2026-11-23T17:00:00Z') });
    expect(again).toMatchObject({ ok: false, kind: 'refused' });
    expect(!again.ok && again.reason).toContain('already holds a snapshot of 2026-11-23');
    expect(readFileSync(path).equals(written)).toBe(true);
  });

  it('adds a Snapshots sheet with the standard headers, and with --out leaves the input alone', async () => {
    const dir = tempDir();
    const path = await writeXlsx(join(dir, 'plain.xlsx'), { Deals: SMALL_DEALS, Stages: stagesToTable(DEFAULT_CONFIG) });
    const original = readFileSync(path);
    const out = join(dir, 'with-snapshot.xlsx');
    const result = await snapshotFile(path, { at: today, out });
    expect(result).toMatchObject({ ok: true, created: true, backup: null, target: out });
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(existsSync(`${path}.bak`)).toBe(false);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.getWorksheet('Snapshots')!.getRow(1).values).toEqual([undefined, ...SNAPSHOTS_HEADERS]);
    expect(workbook.getWorksheet('Snapshots')!.rowCount).toBe(1 + 4);
    expect(await valuesOutsideSnapshots(out)).toEqual(await valuesOutsideSnapshots(path));
  });

  it('will not rewrite in place a workbook holding parts it cannot keep', async () => {
    const dir = tempDir();
    // A zip whose entries name a chart and a pivot table (stored, empty entries).
    const path = join(dir, 'charts.xlsx');
    writeFileSync(path, storedZip(['[Content_Types].xml', 'xl/workbook.xml', 'xl/charts/chart1.xml', 'xl/pivotTables/pivotTable1.xml']));
    const original = readFileSync(path);
    expect(zipEntryNames(original)).toEqual([
      '[Content_Types].xml',
      'xl/workbook.xml',
      'xl/charts/chart1.xml',
      'xl/pivotTables/pivotTable1.xml',
    ]);
    expect(partsLostOnRewrite(original)).toEqual(['charts', 'pivot tables']);
    const result = await snapshotFile(path, { at: today });
    expect(result).toMatchObject({ ok: false, kind: 'refused' });
    expect(!result.ok && result.reason).toContain('charts, pivot tables');
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(existsSync(`${path}.bak`)).toBe(false);
  });

  it('finds nothing to lose in a workbook exceljs wrote', async () => {
    const path = await writeXlsx(join(tempDir(), 'p.xlsx'), { Deals: SMALL_DEALS });
    expect(zipEntryNames(readFileSync(path))).toContain('xl/workbook.xml');
    expect(partsLostOnRewrite(readFileSync(path))).toEqual([]);
  });
});

describe('snapshotFile on a CSV', () => {
  it('writes deals.snapshots.csv beside it, appends the next day, and never touches the deals file', async () => {
    const dir = tempDir();
    const csv = await writeText(
      join(dir, 'deals.csv'),
      'Deal ID,Owner,Stage,Amount,Expected ' +
        'close\nC1,ann@example.com,Proposal,1000,2026-12-15\nC2,bob@example.com,Won,500,\nC3,bob@example.com,Lead,200,\n',
    );
    const deals = readFileSync(csv);
    const first = await snapshotFile(csv, { at: today });
    expect(first).toMatchObject({ ok: true, created: true, backup: null, target: join(dir, 'deals.snapshots.csv') });
    // C1: 1000 × 60% = 600; C3: 200 × 10% = 20; C2 is won.
    expect(readFileSync(join(dir, 'deals.snapshots.csv'), 'utf8').split('\r\n')).toEqual([
      '\uFEFFSnapshot date,Deal ID,Owner,Stage,Amount,Probability,Weighted,Expected close',
      '2026-11-23,C1,ann@example.com,Proposal,1000,0.6,600,2026-12-15',
      '2026-11-23,C3,bob@example.com,Lead,200,0.1,20,',
      '',
    ]);
    const second = await snapshotFile(csv, { at: d('2026-11-30') });
    expect(second).toMatchObject({ ok: true, created: false, backup: join(dir, 'deals.snapshots.csv.bak') });
    expect((await snapshotFile(csv, { at: d('2026-11-30') })).ok).toBe(false);
    expect(readFileSync(csv).equals(deals)).toBe(true);
    const loaded = await loadPipeline(csv);
    // Two days of two open deals each, read back with the deals.
    expect(loaded.ok && loaded.pipeline.snapshots.map((s) => s.dealId)).toEqual(['C1', 'C3', 'C1', 'C3']);
  });
});

/** A zip of empty, stored entries: enough for the central-directory scan and the "is this a zip" check. */
function storedZip(names: readonly string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const bytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(bytes.length, 26);
    locals.push(local, bytes);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(bytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, bytes);
    offset += 30 + bytes.length;
  }
  const size = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
