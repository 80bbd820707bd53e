/**
 * "Set up workbook", written once: which of Stages, Deals, the stage log and the
 * Dashboard to create (never one that exists), what each new sheet starts with
 * (header rows, the Stages table and its formats), which tool columns an existing
 * Deals header lacks, the two rules (the Stage dropdown fed from Stages, and the
 * highlight of deals past their stage's rotting days), and the Dashboard's cells and
 * charts from the one Dashboard definition. Each adapter reads which sheets exist
 * (and, where it extends one, the Deals header), asks for this plan, and executes it
 * with its platform's calls; the differences (the log's name, the formula flavour)
 * come from the PlatformProfile.
 */
import {
  DEAL_FIELDS,
  DEAL_HEADERS,
  DEALS_SHEET,
  HISTORY_HEADERS,
  STAGE_HEADERS,
  STAGES_SHEET,
  columnLetter,
  findDealColumns,
  isBlank,
  openStages,
  sheetReference,
  stagesToTable,
  type DealField,
  type PipelineConfig,
} from '../core/index';
import { SET_UP_DONE } from './catalogue/index';
import { addinDashboardCells, addinDashboardShape, dashboardLayout, type DashboardCell, type DashboardChart } from './dashboard';
import type { PlatformProfile } from './platform';

export const DASHBOARD_SHEET = 'Dashboard';

/** A sheet to create: its rows from A1 (header first), which cells hold a percent, and a frozen bold header. */
export interface NewSheet {
  readonly name: string;
  readonly rows: readonly (readonly (string | number)[])[];
  /** 1-based column whose rows 2..1+percentRows show as 0%. */
  readonly percentColumn?: number;
  readonly percentRows?: number;
}

/** The Dashboard to write into the new Dashboard sheet. */
export interface DashboardPlan {
  readonly cells: readonly DashboardCell[];
  readonly charts: readonly DashboardChart[];
}

/** The Stage dropdown: the Stage column of Deals from row 2 down, listing Stages!A2:A{1+stageCount}. */
export interface StageDropdown {
  readonly stageColumn: number;
  readonly stagesSheet: string;
  readonly stageCount: number;
  readonly helpText: string;
}

/** The rotting highlight over Deals rows 2 down, columns 1..lastColumn. */
export interface RottingHighlight {
  readonly formula: string;
  readonly lastColumn: number;
  readonly background: string;
}

export interface SetUpPlan {
  /** Sheets to create, in order; each is new, none exists. */
  readonly newSheets: readonly NewSheet[];
  /** Tool columns an existing Deals header lacks: written at `column` (1-based) onward in row 1. */
  readonly dealsHeaderAppend: { readonly column: number; readonly headers: readonly string[] } | null;
  /** Columns of the Deals header after set-up. */
  readonly dealColumns: number;
  readonly stageDropdown: StageDropdown | null;
  readonly rottingHighlight: RottingHighlight | null;
  /** The Dashboard, when the sheet is new. */
  readonly dashboard: DashboardPlan | null;
  /** The names created, for the message. */
  readonly created: readonly string[];
  readonly message: string;
}

/** What the adapter read before asking. */
export interface SetUpInput {
  /** Which sheets exist. `history` is true when the profile's historySheet exists. */
  readonly exists: { readonly stages: boolean; readonly deals: boolean; readonly history: boolean; readonly dashboard: boolean };
  /** Row 1 of an existing Deals sheet; null when the adapter does not extend an existing Deals (or there is none). */
  readonly dealsHeader: readonly unknown[] | null;
  /** True when the existing Deals sheet has no rows at all, so a header may start at A1. */
  readonly dealsEmpty: boolean;
  /** The stages: those of the existing Stages sheet, or the ones a new Stages sheet gets. */
  readonly config: PipelineConfig;
}

export const ROTTING_HIGHLIGHT = '#f4cccc';

/** The rows a new Stages sheet starts with: the stages, then the rules block, in the profile's language. */
function stagesSheet(config: PipelineConfig, profile: PlatformProfile): NewSheet {
  const table = stagesToTable({ ...config, rules: { ...config.rules, language: profile.language } });
  return { name: STAGES_SHEET, rows: table, percentColumn: STAGE_HEADERS.indexOf('Probability') + 1, percentRows: config.stages.length };
}

/**
 * The highlight's formula, relative to row 2. Conditional formatting reaches another
 * sheet only through INDIRECT in Sheets (https://support.google.com/docs/answer/78413);
 * Excel takes the same formula.
 */
export function rottingFormula(stageColumn: number, enteredColumn: number): string {
  const s = `$${columnLetter(stageColumn)}2`;
  const c = `$${columnLetter(enteredColumn)}2`;
  const rottingColumn = STAGE_HEADERS.indexOf('Rotting days') + 1;
  const stagesBlock = `${sheetReference(STAGES_SHEET)}!$A:$${columnLetter(rottingColumn)}`;
  const rotting = `VLOOKUP(${s},INDIRECT("${stagesBlock.replace(/"/g, '""')}"),${rottingColumn},FALSE)`;
  return `=AND(${s}<>"",ISNUMBER(${c}),ISNUMBER(${rotting}),TODAY()-${c}>${rotting})`;
}

/** The plan for "Set up workbook". */
export function planSetUp(input: SetUpInput, profile: PlatformProfile): SetUpPlan {
  const language = profile.language;
  const newSheets: NewSheet[] = [];
  if (!input.exists.stages) newSheets.push(stagesSheet(input.config, profile));

  let header: readonly unknown[] = [];
  let dealsHeaderAppend: SetUpPlan['dealsHeaderAppend'] = null;
  if (!input.exists.deals) {
    header = DEAL_FIELDS.map((field) => DEAL_HEADERS[language][field]);
    newSheets.push({ name: DEALS_SHEET, rows: [header as string[]] });
  } else if (input.dealsHeader) {
    const found = findDealColumns(input.dealsHeader).fields;
    const missing = DEAL_FIELDS.filter((field: DealField) => !found.has(field));
    const blankHeader = input.dealsHeader.every((cell) => isBlank(cell));
    const start = blankHeader && input.dealsEmpty ? 1 : input.dealsHeader.length + 1;
    header = input.dealsHeader;
    if (missing.length > 0) {
      const headers = missing.map((field) => DEAL_HEADERS[language][field]);
      dealsHeaderAppend = { column: start, headers };
      header = [...input.dealsHeader.slice(0, start - 1), ...headers];
    }
  }
  if (!input.exists.history) newSheets.push({ name: profile.historySheet, rows: [[...HISTORY_HEADERS]] });

  const columns = findDealColumns(header).fields;
  const stage = columns.get('stage');
  const entered = columns.get('stageChanged') ?? columns.get('created');
  const stageDropdown: StageDropdown | null =
    stage === undefined
      ? null
      : {
          stageColumn: stage + 1,
          stagesSheet: STAGES_SHEET,
          stageCount: Math.max(1, input.config.stages.length),
          helpText: 'Pick a stage from the Stages sheet; moves that break the rules are undone with a note.',
        };
  const rottingHighlight: RottingHighlight | null =
    stage === undefined || entered === undefined
      ? null
      : { formula: rottingFormula(stage + 1, entered + 1), lastColumn: header.length, background: ROTTING_HIGHLIGHT };

  let dashboard: DashboardPlan | null = null;
  if (!input.exists.dashboard) {
    const dialect = profile.formulas;
    if (!dialect) throw new Error('planSetUp: the platform profile names no Dashboard formulas (PlatformProfile.formulas)');
    const layout = dashboardLayout(
      addinDashboardShape(openStages(input.config).length, input.config.stages.filter((s) => s.outcome !== 'lost').length),
      language,
      dialect.flavour,
    );
    const sources = {
      dealsSheet: DEALS_SHEET,
      stagesSheet: STAGES_SHEET,
      historySheet: profile.historySheet,
      dealColumns: Math.max(header.length, 1),
      historyColumns: HISTORY_HEADERS.length,
      stageColumns: STAGE_HEADERS.length,
    };
    dashboard = { cells: addinDashboardCells(dialect, layout, sources, language), charts: layout.charts };
    newSheets.push({ name: DASHBOARD_SHEET, rows: [] });
  }
  const created = newSheets.map((sheet) => sheet.name);
  return {
    newSheets,
    dealsHeaderAppend,
    dealColumns: header.length,
    stageDropdown,
    rottingHighlight,
    dashboard,
    created,
    message: SET_UP_DONE[language](created),
  };
}
