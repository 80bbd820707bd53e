/**
 * Appending a snapshot of the open pipeline to a file on disk without ever losing
 * what the file held. An .xlsx gets the rows at the end of its Snapshots sheet (the
 * sheet is added, with SNAPSHOTS_HEADERS, when missing); a .csv holds one table, so
 * its snapshots go to a sibling `<name>.snapshots.csv` and the deals file is never
 * touched. In every case:
 * - the new file is written next to the target under a temporary name, read back
 *   and checked (same deals, the snapshot rows added), and only then renamed over
 *   the target, so a crash or a full disk leaves the old file whole;
 * - a file about to be replaced is first copied to `<file>.bak`;
 * - a workbook holding parts that exceljs cannot write back (charts, pivot tables,
 *   slicers, macros, …) is never rewritten in place: the person is told to write a
 *   copy with --out instead;
 * - a day that already has a snapshot gets no second one.
 */
import { existsSync } from 'node:fs';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type ExcelJS from 'exceljs';
import {
  hasSnapshotOn,
  isoDay,
  readSnapshots,
  snapshotColumnPositions,
  snapshotRow,
  SNAPSHOTS_HEADERS,
  takeSnapshot,
  type PipelineConfig,
  type Problem,
  type SnapshotRow,
  type DateOrder,
  type Deal,
} from '../core/index';
import { toCsv, toExcelValue } from './cells';
import { loadPipeline, loadStageOption, pipelineFromTables, snapshotsCsvPath } from './pipeline';
import { addSnapshotsSheet, snapshotColumns } from './pipeline-workbook';
import { detectDelimiter, openWorkbookForEdit, readCsvText, sniffFile } from './read';
import { SHEET_NAMES } from './labels';

export interface SnapshotFileOptions {
  /** The snapshot day (UTC midnight). */
  readonly at: Date;
  /** Write here instead of the input workbook (for a .csv: instead of the sibling snapshots file). */
  readonly out?: string;
  readonly columnMap?: Readonly<Record<string, string>>;
  /** A preset or a file whose stage set wins over the file's own (from --stages). */
  readonly stages?: string;
  /** --dates and --encoding, as loadPipeline takes them. */
  readonly dateOrder?: DateOrder;
  readonly encoding?: string;
}

/** What happened; `problems` are those found reading the input (for a "run check" hint). */
export type SnapshotFileResult =
  | {
      readonly ok: true;
      /** The file now holding the snapshot. */
      readonly target: string;
      /** The copy of the replaced file, or null when the target did not exist before. */
      readonly backup: string | null;
      readonly rows: readonly SnapshotRow[];
      /** Each snapshot row's currency, by Deal ID (trimmed, upper case; '' when blank): the rows carry none. */
      readonly currencyOf: ReadonlyMap<string, string>;
      /** True when the Snapshots sheet (or file) was created by this run. */
      readonly created: boolean;
      readonly problems: readonly Problem[];
    }
  | {
      readonly ok: false;
      /** 'unreadable': the input or the target cannot be read; 'refused': nothing was written, on purpose. */
      readonly kind: 'unreadable' | 'refused';
      readonly reason: string;
    };

/** Zip entries of parts exceljs drops when it writes a workbook back. */
const LOSSY_PARTS: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /^xl\/charts\//, what: 'charts' },
  { pattern: /^xl\/chartsheets\//, what: 'chart sheets' },
  { pattern: /^xl\/pivotTables\//, what: 'pivot tables' },
  { pattern: /^xl\/pivotCache\//, what: 'pivot caches' },
  { pattern: /^xl\/slicers?\//, what: 'slicers' },
  { pattern: /^xl\/slicerCaches\//, what: 'slicers' },
  { pattern: /^xl\/timelines?\//, what: 'timelines' },
  { pattern: /^xl\/vbaProject\.bin$/, what: 'macros' },
  { pattern: /^xl\/threadedComments\//, what: 'threaded comments' },
  { pattern: /^xl\/externalLinks\//, what: 'links to other workbooks' },
  { pattern: /^xl\/model\//, what: 'a data model' },
  { pattern: /^xl\/queryTables\//, what: 'query tables' },
  { pattern: /^xl\/connections\.xml$/, what: 'data connections' },
];

/** The names of the entries in a zip file, from its central directory. */
export function zipEntryNames(bytes: Buffer): string[] {
  // The end-of-central-directory record sits in the last 22 + 65535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return [];
  const count = bytes.readUInt16LE(end + 10);
  let offset = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count && offset + 46 <= bytes.length; n++) {
    if (bytes.readUInt32LE(offset) !== 0x02014b50) break;
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    names.push(bytes.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** What a rewrite of this workbook would lose, e.g. ["charts", "pivot tables"]; empty when nothing. */
export function partsLostOnRewrite(bytes: Buffer): string[] {
  const found = new Set<string>();
  for (const name of zipEntryNames(bytes)) for (const part of LOSSY_PARTS) if (part.pattern.test(name)) found.add(part.what);
  return [...found];
}

function temporaryName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

/** Writes `write(temp)`, checks it with `verify(temp)`, keeps a .bak of an existing target, then renames over it. */
async function replaceSafely(
  target: string,
  write: (temp: string) => Promise<void>,
  verify: (temp: string) => Promise<string | null>,
): Promise<{ backup: string | null } | { reason: string }> {
  const temp = temporaryName(target);
  try {
    await write(temp);
    const wrong = await verify(temp);
    if (wrong) return { reason: `the file written did not read back as expected (${wrong}); ${target} was left as it was.` };
    let backup: string | null = null;
    if (existsSync(target)) {
      backup = `${target}.bak`;
      await copyFile(target, backup);
    }
    await rename(temp, target);
    return { backup };
  } finally {
    await rm(temp, { force: true });
  }
}

const alreadyTaken = (where: string, at: Date): SnapshotFileResult => ({
  ok: false,
  kind: 'refused',
  reason: `${where} already holds a snapshot of ${isoDay(at)}, so nothing was written (one snapshot a day; pass --as-of for another day).`,
});

/** See the file comment. */
export async function snapshotFile(input: string, options: SnapshotFileOptions): Promise<SnapshotFileResult> {
  const sniff = await sniffFile(input);
  if (!sniff.ok) return { ok: false, kind: 'unreadable', reason: sniff.reason };
  return sniff.kind === 'text' ? snapshotCsv(input, options) : snapshotWorkbook(input, options);
}

async function snapshotWorkbook(input: string, options: SnapshotFileOptions): Promise<SnapshotFileResult> {
  const target = options.out ?? input;
  const inPlace = resolve(target) === resolve(input);
  if (!/\.xlsx$/i.test(target))
    return { ok: false, kind: 'unreadable', reason: `--out ${target}: a workbook's snapshot is written to an .xlsx file.` };
  const bytes = await readFile(input);
  const lost = partsLostOnRewrite(bytes);
  if (lost.length > 0 && inPlace) {
    return {
      ok: false,
      kind: 'refused',
      reason:
        `${input} holds ${lost.join(', ')}, which this tool cannot write back, so it will not ` +
        'rewrite the file. Nothing was written. Use --out copy.xlsx to write a copy with the ' +
        'snapshot (without those parts), or take snapshots with the Excel or Google Sheets add-in.',
    };
  }
  let stageConfig: PipelineConfig | undefined;
  if (options.stages) {
    const stages = await loadStageOption(options.stages);
    if (!stages.ok) return { ok: false, kind: 'unreadable', reason: stages.reason };
    stageConfig = stages.config;
  }
  const opened = await openWorkbookForEdit(input);
  if (!opened.ok) return { ok: false, kind: 'unreadable', reason: opened.reason };
  const pipeline = pipelineFromTables(input, opened.file, { columnMap: options.columnMap, stageConfig, dateOrder: options.dateOrder });
  if (pipeline.problems.some((p) => p.code === 'deals-sheet-missing')) {
    return { ok: false, kind: 'refused', reason: `${input} has no Deals sheet, so there is nothing to snapshot. Nothing was written.` };
  }
  const sheetName = pipeline.sheets.snapshots;
  if (hasSnapshotOn(pipeline.snapshots, options.at)) return alreadyTaken(`The ${sheetName} sheet of ${input}`, options.at);
  const rows = takeSnapshot(pipeline.deals, pipeline.config, options.at);
  if (rows.length === 0)
    return { ok: false, kind: 'refused', reason: `${input} has no open deals, so there is nothing to snapshot. Nothing was written.` };

  const workbook = opened.workbook;
  const created = !sheetName;
  if (created) {
    addSnapshotsSheet(workbook, SHEET_NAMES.en.snapshots, [[...SNAPSHOTS_HEADERS], ...rows.map(snapshotRow)]);
  } else {
    appendToSheet(workbook.getWorksheet(sheetName)!, rows);
  }
  const before = { deals: pipeline.deals.length, snapshots: pipeline.snapshots.length };
  const replaced = await replaceSafely(
    target,
    (temp) => workbook.xlsx.writeFile(temp),
    async (temp) => {
      const back = await loadPipeline(temp, { columnMap: options.columnMap, stages: options.stages, dateOrder: options.dateOrder });
      if (!back.ok) return back.reason;
      if (back.pipeline.deals.length !== before.deals) return `${back.pipeline.deals.length} deals instead of ${before.deals}`;
      if (back.pipeline.snapshots.length !== before.snapshots + rows.length)
        return `${back.pipeline.snapshots.length} snapshot rows instead of ${before.snapshots + rows.length}`;
      return null;
    },
  );
  if ('reason' in replaced) return { ok: false, kind: 'refused', reason: replaced.reason };
  return {
    ok: true,
    target,
    backup: replaced.backup,
    rows,
    currencyOf: currencyByDeal(pipeline.deals),
    created,
    problems: pipeline.problems,
  };
}

/** Appends the rows under the last used row, each value under the header that names it; missing columns are added at the right. */
function appendToSheet(sheet: ExcelJS.Worksheet, rows: readonly SnapshotRow[]): void {
  let headerRow = 0;
  let lastRow = 0;
  sheet.eachRow((row, number) => {
    const used = (row.values as unknown[]).some((v) => v !== null && v !== undefined && v !== '');
    if (!used) return;
    if (!headerRow) headerRow = number;
    lastRow = number;
  });
  if (!headerRow) {
    headerRow = 1;
    lastRow = 1;
  }
  const header = sheet.getRow(headerRow);
  const headerCells: unknown[] = [];
  header.eachCell({ includeEmpty: true }, (cell, column) => (headerCells[column - 1] = cell.value));
  const positions = snapshotColumnPositions(headerCells);
  const formats = snapshotColumns(SNAPSHOTS_HEADERS).map((c) => c.format);
  let nextColumn = headerCells.length;
  positions.forEach((position, i) => {
    if (position !== undefined) return;
    positions[i] = nextColumn;
    header.getCell(nextColumn + 1).value = SNAPSHOTS_HEADERS[i];
    nextColumn++;
  });
  rows.forEach((row, r) => {
    const line = sheet.getRow(lastRow + 1 + r);
    snapshotRow(row).forEach((value, i) => {
      const cell = line.getCell(positions[i]! + 1);
      cell.value = toExcelValue(value);
      if (formats[i]) cell.numFmt = formats[i]!;
    });
    line.commit();
  });
}

async function snapshotCsv(input: string, options: SnapshotFileOptions): Promise<SnapshotFileResult> {
  const target = options.out ?? snapshotsCsvPath(input);
  if (resolve(target) === resolve(input)) {
    return {
      ok: false,
      kind: 'refused',
      reason:
        `--out ${target} is the deals file itself; a .csv holds one table, so the ` +
        `snapshots go to another file (default ${snapshotsCsvPath(input)}).`,
    };
  }
  const loaded = await loadPipeline(input, {
    columnMap: options.columnMap,
    stages: options.stages,
    dateOrder: options.dateOrder,
    encoding: options.encoding,
  });
  if (!loaded.ok) return { ok: false, kind: 'unreadable', reason: loaded.reason };
  const pipeline = loaded.pipeline;

  const existing = existsSync(target) ? await readFile(target, 'utf8') : '';
  let existingRows: SnapshotRow[] = [];
  let header: readonly unknown[] = [];
  if (existing.replace(/^\uFEFF/, '').trim() !== '') {
    const file = readCsvText(existing, target);
    if (!file.ok) return { ok: false, kind: 'unreadable', reason: file.reason };
    const table = file.file.sheets[0].rows;
    header = table.find((row) => row.some((cell) => cell !== null && cell !== '')) ?? [];
    existingRows = readSnapshots(table, pipeline.config, { sheet: basename(target) }).snapshots;
  }
  if (hasSnapshotOn(existingRows, options.at)) return alreadyTaken(target, options.at);
  const rows = takeSnapshot(pipeline.deals, pipeline.config, options.at);
  if (rows.length === 0)
    return { ok: false, kind: 'refused', reason: `${input} has no open deals, so there is nothing to snapshot. Nothing was written.` };

  const created = header.length === 0;
  let text: string;
  if (created) {
    text = `\uFEFF${toCsv([[...SNAPSHOTS_HEADERS], ...rows.map(snapshotRow)])}`;
  } else {
    const positions = snapshotColumnPositions(header);
    const width = Math.max(header.length, ...positions.map((p) => (p ?? -1) + 1));
    const lines = rows.map((row) => {
      const cells: unknown[] = new Array(width).fill('');
      snapshotRow(row).forEach((value, i) => {
        if (positions[i] !== undefined) cells[positions[i]!] = value;
      });
      return cells;
    });
    // Columns the file lacks are not invented in a CSV: a new column would shift every old row.
    text = `${existing}${/\r?\n$/.test(existing) ? '' : '\r\n'}${toCsv(lines, detectDelimiter(existing))}`;
  }
  const expected = existingRows.length + rows.length;
  const replaced = await replaceSafely(
    target,
    (temp) => writeFile(temp, text, 'utf8'),
    async (temp) => {
      const back = readCsvText(await readFile(temp, 'utf8'), temp);
      if (!back.ok) return back.reason;
      const count = readSnapshots(back.file.sheets[0].rows, pipeline.config).snapshots.length;
      return count === expected ? null : `${count} snapshot rows instead of ${expected}`;
    },
  );
  if ('reason' in replaced) return { ok: false, kind: 'refused', reason: replaced.reason };
  return {
    ok: true,
    target,
    backup: replaced.backup,
    rows,
    currencyOf: currencyByDeal(pipeline.deals),
    created,
    problems: pipeline.problems,
  };
}

function currencyByDeal(deals: readonly Deal[]): ReadonlyMap<string, string> {
  return new Map(deals.map((d) => [d.id, d.currency.trim().toUpperCase()]));
}
