/**
 * From a file on disk to the core's values: the team's stages, the deals and the
 * History, with every problem found on the way. It finds the sheets by name (in
 * English, Vietnamese or Russian), takes a stage set from --stages (a preset or a
 * file) when given, maps CRM headers with --columns, and reports merged cells,
 * missing sheets and stages that the Stages sheet does not list.
 */
import {
  DEFAULT_CONFIG,
  findPreset,
  findDealColumns,
  PRESETS,
  isRatesSheet,
  readDeals,
  readHistory,
  readRates,
  type Rates,
  readSnapshots,
  readStages,
  type Deal,
  type SnapshotRow,
  type HistoryEntry,
  type PipelineConfig,
  type Problem,
} from '../core/index';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { dateOnlyDeal } from './cells';
import { readFileTables, type FileTables, type ReadOptions, type SheetTable } from './read';
import { sheetRole, type SheetRole } from './labels';

export interface LoadOptions extends ReadOptions {
  /** Our column name → the header used in this file (from --columns). */
  readonly columnMap?: Readonly<Record<string, string>>;
  /** A preset id or the path of a file with a Stages sheet (from --stages). */
  readonly stages?: string;
  /** A .csv or .xlsx file with a Rates table (from --rates); it wins over the file's own Rates sheet. */
  readonly rates?: string;
}

/** Everything read from one file. */
export interface Pipeline {
  readonly file: string;
  readonly kind: 'xlsx' | 'csv';
  readonly config: PipelineConfig;
  readonly deals: readonly Deal[];
  readonly history: readonly HistoryEntry[];
  /** Whether the file had a History sheet (without one, cycle time comes from Created and Closed on). */
  readonly hasHistory: boolean;
  /** The Snapshots sheet's rows (for a .csv, the sibling <name>.snapshots.csv); empty when there is none. */
  readonly snapshots: readonly SnapshotRow[];
  readonly problems: readonly Problem[];
  /** Sheet names as found, by role. */
  readonly sheets: Readonly<Partial<Record<SheetRole, string>>>;
  /** Exchange rates from the file's Rates sheet or --rates FILE; absent or null when there are none. */
  readonly rates?: Rates | null;
  /** Where the rates came from: the sheet's name or the --rates file. */
  readonly ratesSource?: string;
}

export type PipelineLoad = { readonly ok: true; readonly pipeline: Pipeline } | { readonly ok: false; readonly reason: string };

const SNAPSHOTS_SHEET_NAME = 'Snapshots';

/** Where the stage set comes from when --stages is given. */
export async function loadStageOption(value: string): Promise<{ ok: true; config: PipelineConfig; problems: Problem[] } | { ok: false; reason: string }> {
  const preset = findPreset(value);
  if (preset) return { ok: true, config: preset.config, problems: [] };
  const read = await readFileTables(value);
  if (!read.ok) {
    const presets = PRESETS.map((p) => p.id).join(', ');
    const known = presets ? ` Presets: ${presets}.` : '';
    return { ok: false, reason: `--stages ${value}: not a preset name, and ${read.reason}${known}` };
  }
  const sheet = read.file.sheets.find((s) => sheetRole(s.name) === 'stages') ?? read.file.sheets[0];
  const { config, problems } = readStages(sheet.rows, sheet.name);
  return { ok: true, config, problems };
}

/**
 * Where the snapshots of a CSV file live: a CSV holds one table, so they go to a
 * sibling file, deals.csv → deals.snapshots.csv.
 */
export function snapshotsCsvPath(path: string): string {
  const extension = extname(path);
  return join(dirname(path), `${basename(path, extension)}.snapshots.csv`);
}

/** Reads a workbook or CSV file into the core's values. */
export async function loadPipeline(path: string, options: LoadOptions = {}): Promise<PipelineLoad> {
  const read = await readFileTables(path, options);
  if (!read.ok) return read;
  let file = read.file;
  const problems: Problem[] = [];
  const siblingPath = snapshotsCsvPath(path);
  if (file.kind === 'csv' && existsSync(siblingPath)) {
    // An unreadable snapshots file must not stop the deals from being read.
    const sibling = await readFileTables(siblingPath);
    if (sibling.ok && sibling.file.kind === 'csv') file = { ...file, sheets: [...file.sheets, { ...sibling.file.sheets[0], name: SNAPSHOTS_SHEET_NAME }] };
    else if (!sibling.ok && !/ is empty /.test(sibling.reason)) problems.push({ sheet: basename(siblingPath), row: 1, column: '', code: 'snapshots-unreadable', message: `${sibling.reason} Its snapshots are left out of the backtest.`, severity: 'warning' });
  }
  let stageOption: PipelineConfig | undefined;
  if (options.stages) {
    const loaded = await loadStageOption(options.stages);
    if (!loaded.ok) return loaded;
    stageOption = loaded.config;
    problems.push(...loaded.problems);
  }
  const pipeline = pipelineFromTables(path, file, { ...options, stageConfig: stageOption }, problems);
  if (!options.rates) return { ok: true, pipeline };
  const ratesFile = await readFileTables(options.rates);
  if (!ratesFile.ok) return { ok: false, reason: `--rates ${options.rates}: ${ratesFile.reason}` };
  const sheet = ratesFile.file.sheets.find((s) => isRatesSheet(s.name)) ?? ratesFile.file.sheets[0];
  const given = readRates(sheet.rows, { sheet: basename(options.rates) });
  if (!given.rates) return { ok: false, reason: `--rates ${options.rates}: ${given.problems.map((p) => p.message).join(' ')}` };
  return { ok: true, pipeline: { ...pipeline, rates: given.rates, ratesSource: options.rates, problems: [...pipeline.problems, ...given.problems] } };
}

/** The part of loadPipeline that needs no disk: tables in, core values out. */
export function pipelineFromTables(
  path: string,
  file: FileTables,
  options: { columnMap?: Readonly<Record<string, string>>; stageConfig?: PipelineConfig } = {},
  problems: Problem[] = [],
): Pipeline {
  const byRole = new Map<SheetRole, SheetTable>();
  for (const sheet of file.sheets) {
    const role = sheetRole(sheet.name);
    if (role && !byRole.has(role)) byRole.set(role, sheet);
  }
  let dealsSheet = byRole.get('deals');
  if (!dealsSheet) {
    // A CRM export is one sheet of deals under any name; in a bigger workbook, take the sheet whose header names most Deals columns.
    const candidates = file.sheets.filter((s) => !sheetRole(s.name) && !isRatesSheet(s.name));
    dealsSheet = candidates
      .map((sheet) => ({ sheet, score: Math.max(0, ...sheet.rows.slice(0, 10).map((row) => findDealColumns(row, options.columnMap).fields.size)) }))
      .sort((a, b) => b.score - a.score)[0]?.sheet;
    if (dealsSheet && file.kind === 'xlsx') {
      problems.push({ sheet: dealsSheet.name, row: 1, column: '', code: 'deals-sheet-guessed', message: `No sheet is called "Deals", so the deals are read from "${dealsSheet.name}". Rename it to Deals to silence this.`, severity: 'warning' });
    }
  }

  let config: PipelineConfig = DEFAULT_CONFIG;
  const stagesSheet = byRole.get('stages');
  if (options.stageConfig) {
    config = options.stageConfig;
  } else if (stagesSheet) {
    const read = readStages(stagesSheet.rows, stagesSheet.name);
    config = read.config;
    problems.push(...read.problems);
  } else if (file.kind === 'xlsx') {
    problems.push({ sheet: 'Stages', row: 1, column: '', code: 'stages-sheet-missing', message: 'The workbook has no Stages sheet, so the default stages (Lead, Qualified, Contacted, Meeting/Demo, Proposal, Negotiation, Won, Lost) are used. Add a Stages sheet or pass --stages.', severity: 'warning' });
  }

  let deals: Deal[] = [];
  if (!dealsSheet) {
    problems.push({ sheet: 'Deals', row: 1, column: '', code: 'deals-sheet-missing', message: `The file has no Deals sheet (sheets: ${file.sheets.map((s) => s.name).join(', ')}). Add a sheet called Deals with one row per deal.`, severity: 'error' });
  } else {
    const read = readDeals(dealsSheet.rows, config, { sheet: dealsSheet.name, columnMap: options.columnMap, decimalComma: file.decimalComma });
    deals = read.deals.map(dateOnlyDeal);
    problems.push(...read.problems, ...mergeProblems(dealsSheet), ...stageMismatch(read.problems, dealsSheet.name));
  }

  const historySheet = byRole.get('history');
  let history: HistoryEntry[] = [];
  if (historySheet) {
    const read = readHistory(historySheet.rows, config, { sheet: historySheet.name });
    history = read.entries;
    problems.push(...read.problems, ...mergeProblems(historySheet));
  }
  if (stagesSheet) problems.push(...mergeProblems(stagesSheet));

  const snapshotsSheet = byRole.get('snapshots');
  let snapshots: SnapshotRow[] = [];
  if (snapshotsSheet) {
    const read = readSnapshots(snapshotsSheet.rows, config, { sheet: snapshotsSheet.name });
    snapshots = read.snapshots;
    problems.push(...read.problems);
  }

  const ratesSheet = file.sheets.find((s) => isRatesSheet(s.name));
  let rates: Rates | null = null;
  if (ratesSheet) {
    const read = readRates(ratesSheet.rows, { sheet: ratesSheet.name });
    rates = read.rates;
    problems.push(...read.problems);
  }

  const sheets: Partial<Record<SheetRole, string>> = {};
  if (dealsSheet) sheets.deals = dealsSheet.name;
  if (stagesSheet) sheets.stages = stagesSheet.name;
  if (historySheet) sheets.history = historySheet.name;
  if (snapshotsSheet) sheets.snapshots = snapshotsSheet.name;
  return { file: path, kind: file.kind, config, deals, history, hasHistory: Boolean(historySheet), snapshots, problems, sheets, rates, ...(ratesSheet && rates ? { ratesSource: ratesSheet.name } : {}) };
}

function mergeProblems(sheet: SheetTable): Problem[] {
  return sheet.merges.map((range) => {
    const match = /^([A-Z]+)(\d+)/.exec(range);
    return {
      sheet: sheet.name,
      row: match ? Number(match[2]) : 1,
      column: match ? match[1] : '',
      code: 'merged-cells',
      message: `Cells ${range} are merged; every row in it is read with the value of its first cell. Unmerge them (Format › Merge cells › Unmerge) and fill in each row.`,
      severity: 'warning' as const,
    };
  });
}

/** One summary line when many deals use stages the Stages sheet does not list (a CRM export with its own stage names). */
function stageMismatch(problems: readonly Problem[], sheet: string): Problem[] {
  const unknown = new Map<string, number>();
  for (const p of problems) {
    if (p.code !== 'stage-unknown') continue;
    const name = /^"(.*)" is not a stage/.exec(p.message)?.[1] ?? '?';
    unknown.set(name, (unknown.get(name) ?? 0) + 1);
  }
  if (unknown.size === 0) return [];
  const list = [...unknown].sort((a, b) => b[1] - a[1]).map(([name, count]) => `"${name}" (${count})`).join(', ');
  return [{
    sheet,
    row: 1,
    column: 'Stage',
    code: 'stages-disagree',
    message: `The Stages sheet does not list these stages used in ${sheet}: ${list}. Add them to Stages, rename them in ${sheet}, or pass --stages with your CRM's stage set.`,
    severity: 'error',
  }];
}
