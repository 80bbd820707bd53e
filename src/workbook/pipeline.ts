/**
 * From a file on disk to the core's values: the team's stages, the deals and the
 * History, with every problem found on the way. It finds the sheets by name (in
 * English, Vietnamese or Russian), takes a stage set from --stages (a preset or a
 * file) when given, maps CRM headers with --columns, and reports merged cells,
 * missing sheets and stages that the Stages sheet does not list.
 */
import {
  applyCrmProfile,
  DEFAULT_CONFIG,
  describeColumns,
  detectCrm,
  inferStages,
  profileHeaderRow,
  type ColumnMapping,
  type CrmProfile,
  type InferredStages,
  findPreset,
  findStage,
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
  type DateOrder,
} from '../core/index';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ownerCaseWarnings } from './owner-case';
import { dateOnlyDeal } from './cells';
import { readFileTables, type FileTables, type ReadOptions, type SheetTable } from './read';
import { sheetRole, type SheetRole } from './labels';

export interface LoadOptions extends ReadOptions {
  /** Our column name → the header used in this file (from --columns). */
  readonly columnMap?: Readonly<Record<string, string>>;
  /** A preset id, the path of a file with a Stages sheet, or "infer" (from --stages). */
  readonly stages?: string;
  /** The CRM named with --from (null: `--from none`, no CRM); without it the export is recognised by its headers. */
  readonly from?: CrmProfile | null;
  /** How dates that read either way are read where a column shows no order (--dates); beats the Stages sheet's Date order. */
  readonly dateOrder?: DateOrder;
  /** A .csv or .xlsx file with a Rates table (from --rates); it wins over the file's own Rates sheet. */
  readonly rates?: string;
}

/** The CRM an export was read as, and what its rules decided. */
export interface CrmRead {
  readonly id: string;
  readonly name: string;
  /** Recognised by its headers, or named with --from. */
  readonly how: 'detected' | 'named';
  /** The headers that gave it away (detected only). */
  readonly matched: readonly string[];
  /** What its rules decided, one line each (outcomes from Status, stage IDs, Closed on). */
  readonly notes: readonly string[];
}

/** Where the stage set came from, for the line that says so. */
export type StageSource = 'option' | 'sheet' | 'crm' | 'inferred' | 'default';

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
  /** Which header fed each field, which found none, which were unused; undefined without a Deals sheet. */
  readonly mapping?: ColumnMapping;
  /** The CRM the export was read as; undefined for a file of no known CRM. */
  readonly crm?: CrmRead;
  readonly stageSource?: StageSource;
  /** The stage set built from the data (--stages infer), with how each stage was decided. */
  readonly inferred?: InferredStages;
  /** Exchange rates from the file's Rates sheet or --rates FILE; absent or null when there are none. */
  readonly rates?: Rates | null;
  /** Where the rates came from: the sheet's name or the --rates file. */
  readonly ratesSource?: string;
}

export type PipelineLoad = { readonly ok: true; readonly pipeline: Pipeline } | { readonly ok: false; readonly reason: string };

const SNAPSHOTS_SHEET_NAME = 'Snapshots';

/** Where the stage set comes from when --stages is given. */
export async function loadStageOption(
  value: string,
): Promise<{ ok: true; config: PipelineConfig; problems: Problem[] } | { ok: false; reason: string }> {
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
  // A stages CSV whose encoding was guessed says so too, named by its file (a CSV's one table is called Deals).
  if (read.file.encodingNote)
    problems.unshift({
      sheet: basename(value),
      row: 1,
      column: '',
      code: 'encoding-guessed',
      message: read.file.encodingNote,
      severity: 'warning',
    });
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
    if (sibling.ok && sibling.file.kind === 'csv')
      file = { ...file, sheets: [...file.sheets, { ...sibling.file.sheets[0], name: SNAPSHOTS_SHEET_NAME }] };
    else if (!sibling.ok && !/ is empty /.test(sibling.reason))
      problems.push({
        sheet: basename(siblingPath),
        row: 1,
        column: '',
        code: 'snapshots-unreadable',
        message: `${sibling.reason} Its snapshots are left out of the backtest.`,
        severity: 'warning',
      });
  }
  let stageOption: PipelineConfig | undefined;
  if (options.stages && options.stages.trim().toLowerCase() !== 'infer') {
    const loaded = await loadStageOption(options.stages);
    if (!loaded.ok) return loaded;
    stageOption = loaded.config;
    problems.push(...loaded.problems);
  }
  const infer = options.stages?.trim().toLowerCase() === 'infer';
  const pipeline = pipelineFromTables(path, file, { ...options, stageConfig: stageOption, inferStages: infer }, problems);
  if (!options.rates) return { ok: true, pipeline };
  const ratesFile = await readFileTables(options.rates);
  if (!ratesFile.ok) return { ok: false, reason: `--rates ${options.rates}: ${ratesFile.reason}` };
  const sheet = ratesFile.file.sheets.find((s) => isRatesSheet(s.name)) ?? ratesFile.file.sheets[0];
  const given = readRates(sheet.rows, { sheet: basename(options.rates) });
  if (!given.rates) return { ok: false, reason: `--rates ${options.rates}: ${given.problems.map((p) => p.message).join(' ')}` };
  return {
    ok: true,
    pipeline: { ...pipeline, rates: given.rates, ratesSource: options.rates, problems: [...pipeline.problems, ...given.problems] },
  };
}

/** The part of loadPipeline that needs no disk: tables in, core values out. */
export function pipelineFromTables(
  path: string,
  file: FileTables,
  options: {
    columnMap?: Readonly<Record<string, string>>;
    stageConfig?: PipelineConfig;
    from?: CrmProfile | null;
    inferStages?: boolean;
    dateOrder?: DateOrder;
  } = {},
  problems: Problem[] = [],
): Pipeline {
  // A CSV whose encoding was guessed says so once, first.
  if (file.encodingNote)
    problems.unshift({
      sheet: file.sheets[0]?.name ?? 'Deals',
      row: 1,
      column: '',
      code: 'encoding-guessed',
      message: file.encodingNote,
      severity: 'warning',
    });
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
      .map((sheet) => ({
        sheet,
        score: Math.max(0, ...sheet.rows.slice(0, 10).map((row) => findDealColumns(row, options.columnMap).fields.size)),
      }))
      .sort((a, b) => b.score - a.score)[0]?.sheet;
    if (dealsSheet && file.kind === 'xlsx') {
      problems.push({
        sheet: dealsSheet.name,
        row: 1,
        column: '',
        code: 'deals-sheet-guessed',
        message: `No sheet is called "Deals", so the deals are read from "${dealsSheet.name}". Rename it to Deals to silence this.`,
        severity: 'warning',
      });
    }
  }

  // A CRM export: its own headers, outcome columns and stage set (crm/apply.ts).
  let dealRows: readonly (readonly unknown[])[] = dealsSheet?.rows ?? [];
  let columnMap = options.columnMap;
  let reservedHeaders: readonly string[] = [];
  let crm: CrmRead | undefined;
  let closedOnWhenClosed = false;
  const detected = dealsSheet && options.from === undefined ? detectCrm(dealRows) : undefined;
  const crmProfile: CrmProfile | undefined = dealsSheet ? (options.from ?? detected?.profile) : undefined;

  let config: PipelineConfig = DEFAULT_CONFIG;
  let stageSource: StageSource = 'default';
  const stagesSheet = byRole.get('stages');
  if (options.stageConfig) {
    config = options.stageConfig;
    stageSource = 'option';
  } else if (options.inferStages) {
    stageSource = 'inferred';
  } else if (stagesSheet) {
    const read = readStages(stagesSheet.rows, stagesSheet.name);
    config = read.config;
    problems.push(...read.problems);
    stageSource = 'sheet';
  } else if (crmProfile) {
    config = {
      ...DEFAULT_CONFIG,
      stages: crmProfile.stages,
      rules: { ...DEFAULT_CONFIG.rules, skippingAllowed: true, backwardNeedsReason: false },
    };
    stageSource = 'crm';
  } else if (file.kind === 'xlsx') {
    problems.push({
      sheet: 'Stages',
      row: 1,
      column: '',
      code: 'stages-sheet-missing',
      message:
        'The workbook has no Stages sheet, so the default stages (Lead, Qualified, Contacted, ' +
        'Meeting/Demo, Proposal, Negotiation, Won, Lost) are used. Add a Stages sheet or pass --stages.',
      severity: 'warning',
    });
  }

  if (crmProfile) {
    // Deals a status column closes go to the won or lost stage of the stage set in use (the CRM's own when inferring).
    const target = (outcome: 'won' | 'lost') => (options.inferStages ? undefined : config.stages.find((s) => s.outcome === outcome)?.name);
    const headerRow = detected?.headerRow ?? profileHeaderRow(dealRows, crmProfile);
    const outcomeOf = options.inferStages ? undefined : (stage: string) => findStage(config, stage)?.outcome;
    const applied = applyCrmProfile(dealRows, headerRow, crmProfile, options.columnMap, {
      won: target('won'),
      lost: target('lost'),
      outcomeOf,
    });
    dealRows = applied.values;
    columnMap = applied.columnMap;
    reservedHeaders = applied.outcomeHeaders;
    closedOnWhenClosed = applied.closedOnWhenClosed;
    crm = {
      id: crmProfile.id,
      name: crmProfile.name,
      how: options.from ? 'named' : 'detected',
      matched: detected?.matched ?? [],
      notes: applied.notes,
    };
  }

  let deals: Deal[] = [];
  let mapping: ColumnMapping | undefined;
  let inferred: InferredStages | undefined;
  if (!dealsSheet) {
    problems.push({
      sheet: 'Deals',
      row: 1,
      column: '',
      code: 'deals-sheet-missing',
      message:
        `The file has no Deals sheet (sheets: ${file.sheets.map((s) => s.name).join(', ')}). ` +
        'Add a sheet called Deals with one row per deal.',
      severity: 'error',
    });
  } else {
    const readOptions = {
      sheet: dealsSheet.name,
      columnMap,
      decimalComma: file.decimalComma,
      reservedHeaders,
      dateOrder: options.dateOrder,
    };
    if (options.inferStages) {
      // First pass with no stage set: the stage names as typed, and the Probability and Created each deal carries.
      const draft = readDeals(dealRows, DEFAULT_CONFIG, readOptions);
      inferred = inferStages(draft.deals.map(dateOnlyDeal), draft.columns.fields.has('probability'));
      config = inferred.config;
    }
    const read = readDeals(dealRows, config, readOptions);
    deals = read.deals.map(dateOnlyDeal);
    // A CRM close date is the expected close of an open deal: only a won or lost deal has it as Closed on.
    if (closedOnWhenClosed)
      deals = deals.map((d) =>
        d.closedOn && findStage(config, d.stage)?.outcome !== 'won' && findStage(config, d.stage)?.outcome !== 'lost'
          ? { ...d, closedOn: null }
          : d,
      );
    const ownerColumn = read.columns.fields.get('owner');
    if (ownerColumn !== undefined)
      problems.push(...ownerCaseWarnings(deals, dealsSheet.name, String(read.columns.headers[ownerColumn] ?? 'Owner')));
    problems.push(...read.problems, ...mergeProblems(dealsSheet), ...stageMismatch(read.problems, dealsSheet.name));
    if (read.columns.headerIndex >= 0) mapping = describeColumns(read.columns.headers, read.columns.fields, reservedHeaders);
  }

  const historySheet = byRole.get('history');
  let history: HistoryEntry[] = [];
  if (historySheet) {
    const read = readHistory(historySheet.rows, config, { sheet: historySheet.name, dateOrder: options.dateOrder });
    history = read.entries;
    problems.push(...read.problems, ...mergeProblems(historySheet));
  }
  if (stagesSheet) problems.push(...mergeProblems(stagesSheet));

  const snapshotsSheet = byRole.get('snapshots');
  let snapshots: SnapshotRow[] = [];
  if (snapshotsSheet) {
    const read = readSnapshots(snapshotsSheet.rows, config, { sheet: snapshotsSheet.name, dateOrder: options.dateOrder });
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
  return {
    file: path,
    kind: file.kind,
    config,
    deals,
    history,
    hasHistory: Boolean(historySheet),
    snapshots,
    problems,
    sheets,
    mapping,
    crm,
    stageSource,
    inferred,
    rates,
    ...(ratesSheet && rates ? { ratesSource: ratesSheet.name } : {}),
  };
}

function mergeProblems(sheet: SheetTable): Problem[] {
  return sheet.merges.map((range) => {
    const match = /^([A-Z]+)(\d+)/.exec(range);
    return {
      sheet: sheet.name,
      row: match ? Number(match[2]) : 1,
      column: match ? match[1] : '',
      code: 'merged-cells',
      message:
        `Cells ${range} are merged; every row in it is read with the value of its first ` +
        'cell. Unmerge them (Format › Merge cells › Unmerge) and fill in each row.',
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
  const list = [...unknown]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `"${name}" (${count})`)
    .join(', ');
  return [
    {
      sheet,
      row: 1,
      column: 'Stage',
      code: 'stages-disagree',
      message:
        `The stage set does not list these stages used in ${sheet}: ${list}. Add them to Stages, rename them in ` +
        `${sheet}, pass --stages with your CRM's stage set, or --stages infer to build one from the data.`,
      severity: 'error',
    },
  ];
}
