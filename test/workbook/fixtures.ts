/**
 * Small workbooks written on the fly for the workbook and command-line tests: a
 * six-deal pipeline whose forecast is worked out by hand in the tests, and helpers
 * to write any tables to .xlsx or .csv in a temporary folder.
 */
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import { crc32 } from '../../src/workbook/crc32';

export const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Deals of the hand-worked example (default stages: Lead 10%, Proposal 60%, Negotiation 80%). */
export const SMALL_DEALS: unknown[][] = [
  [
    'Deal ID',
    'Deal',
    'Account',
    'Owner',
    'Stage',
    'Amount',
    'Probability',
    'Created',
    'Expected close',
    'Closed on',
    'Stage changed',
    'Lost reason',
  ],
  ['D1', 'Pilot', 'Acme', 'ann@example.com', 'Lead', 1000, null, d('2026-10-01'), d('2026-12-10'), null, d('2026-10-01'), null],
  ['D2', 'Rollout', 'Beta', 'bob@example.com', 'Proposal', 2000, 0.5, d('2026-09-01'), d('2026-12-20'), null, d('2026-11-01'), null],
  ['D3', 'Upgrade', 'Gamma', 'ann@example.com', 'Proposal', 3000, null, d('2026-09-15'), d('2027-01-05'), null, d('2026-11-10'), null],
  [
    'D4',
    'Renewal',
    'Delta',
    'bob@example.com',
    'Won',
    5000,
    null,
    d('2026-08-01'),
    d('2026-10-30'),
    d('2026-11-01'),
    d('2026-11-01'),
    null,
  ],
  [
    'D5',
    'Trial',
    'Epsilon',
    'ann@example.com',
    'Lost',
    700,
    null,
    d('2026-08-10'),
    d('2026-10-01'),
    d('2026-10-05'),
    d('2026-10-05'),
    'Price',
  ],
  ['D6', 'Expansion', 'Zeta', 'bob@example.com', 'Negotiation', 4000, null, d('2026-07-01'), null, null, d('2026-11-15'), null],
];

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pipeline-test-'));
}

/** Writes sheets (name → rows) as an .xlsx file and returns its path. */
export async function writeXlsx(
  path: string,
  sheets: Record<string, unknown[][]>,
  edit?: (workbook: ExcelJS.Workbook) => void,
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row.map((v) => (v === '' ? null : v)));
  }
  edit?.(workbook);
  await workbook.xlsx.writeFile(path);
  return path;
}

/**
 * Awkward cells in one workbook: a formula with its cached result (B3 = 1500), the
 * Owner cells E2:E3 merged, a date typed as text, columns out of order, and default
 * Stages. `edit` adds more before it is written.
 */
export function writeAwkwardCellsWorkbook(path: string, edit?: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  return writeXlsx(
    path,
    {
      Stages: stagesToTable(DEFAULT_CONFIG),
      Deals: [
        ['Notes', 'Amount', 'Stage', 'Deal ID', 'Owner', 'Expected close'],
        ['', 500, 'Lead', 'A1', 'ann@example.com', '23.11.2026'],
        ['', null, 'lead', 'A2', null, d('2026-12-01')],
      ],
    },
    (workbook) => {
      const deals = workbook.getWorksheet('Deals')!;
      deals.getCell('B3').value = { formula: 'B2*3', result: 1500 };
      deals.mergeCells('E2:E3');
      edit?.(workbook);
    },
  );
}

/** The small pipeline as a workbook with Deals and Stages (no History). */
export async function writeSmallWorkbook(dir: string, name = 'small.xlsx'): Promise<string> {
  return writeXlsx(join(dir, name), { Deals: SMALL_DEALS, Stages: stagesToTable(DEFAULT_CONFIG) });
}

export async function writeText(path: string, text: string | Buffer): Promise<string> {
  await writeFile(path, text);
  return path;
}

const at = (iso: string) => new Date(`${iso}Z`);

/**
 * A four-deal pipeline with History and one snapshot, for calibration, the forecast
 * range, the backtest and rotting days worked out by hand (default stages: Lead 10%,
 * Proposal 60%). A1 won, A2 and A3 lost, A4 open in Proposal (1000, closing 2026-12-10).
 */
export const HISTORY_DEALS: unknown[][] = [
  ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Created', 'Expected close', 'Closed on', 'Lost reason'],
  ['A1', 'Pilot', 'ann@example.com', 'Won', 2000, d('2026-09-01'), d('2026-10-01'), d('2026-10-01'), null],
  ['A2', 'Trial', 'bob@example.com', 'Lost', 500, d('2026-09-02'), null, d('2026-09-20'), 'Price'],
  ['A3', 'Upgrade', 'ann@example.com', 'Lost', 700, d('2026-09-03'), d('2026-10-15'), d('2026-10-10'), 'Timing'],
  ['A4', 'Rollout', 'bob@example.com', 'Proposal', 1000, d('2026-09-07'), d('2026-12-10'), null, null],
];

export const HISTORY_MOVES: unknown[][] = [
  ['Timestamp', 'Deal ID', 'From stage', 'To stage'],
  [at('2026-09-01T10:00'), 'A1', '', 'Lead'],
  [at('2026-09-02T10:00'), 'A2', '', 'Lead'],
  [at('2026-09-03T10:00'), 'A3', '', 'Lead'],
  [at('2026-09-07T10:00'), 'A4', '', 'Lead'],
  [at('2026-09-11T10:00'), 'A1', 'Lead', 'Proposal'],
  [at('2026-09-20T10:00'), 'A2', 'Lead', 'Lost'],
  [at('2026-09-23T10:00'), 'A3', 'Lead', 'Proposal'],
  [at('2026-10-01T10:00'), 'A1', 'Proposal', 'Won'],
  [at('2026-10-07T10:00'), 'A4', 'Lead', 'Proposal'],
  [at('2026-10-10T10:00'), 'A3', 'Proposal', 'Lost'],
];

/** One snapshot of Sep 15: A1 in Proposal at 2000 × 60% = 1200, expected to close 2026-10-05. */
export const HISTORY_SNAPSHOTS: unknown[][] = [
  ['Snapshot date', 'Deal ID', 'Owner', 'Stage', 'Amount', 'Probability', 'Weighted', 'Expected close'],
  [d('2026-09-15'), 'A1', 'ann@example.com', 'Proposal', 2000, 0.6, 1200, d('2026-10-05')],
];

/** The four-deal pipeline as a workbook: Deals, Stages, History (as "Stage history") and, unless left out, Snapshots. */
export async function writeHistoryWorkbook(dir: string, name = 'history.xlsx', options: { snapshots?: boolean } = {}): Promise<string> {
  return writeXlsx(join(dir, name), {
    Deals: HISTORY_DEALS,
    Stages: stagesToTable(DEFAULT_CONFIG),
    'Stage history': HISTORY_MOVES,
    ...(options.snapshots === false ? {} : { Snapshots: HISTORY_SNAPSHOTS }),
  });
}

/** The sheets `report --out` writes, in order, when the file has no Snapshots sheet. */
export const REPORT_SHEETS = [
  'Forecast',
  'Conversion',
  'Stale',
  'Owners',
  'Won by period',
  'Owner results',
  'Calibration',
  'Reliability',
  'Forecast range',
  'Rotting days',
  'Facts',
];

/** A zip of stored (uncompressed) parts, the smallest valid container, for hand-written XML. */
export function storedZip(parts: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
