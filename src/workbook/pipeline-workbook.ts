/**
 * The pipeline workbook a person works in: Deals, Stages, History, Owners and the
 * Dashboard. `template` writes it empty, the demo writes it filled with sample
 * deals; both get the same dropdowns (Stage from Stages, Owner from Owners),
 * conditional formatting that colours rotting deals, frozen headers, number and
 * date formats, and the same formula Dashboard.
 */
import type ExcelJS from 'exceljs';
import { excelJs } from './exceljs';
import {
  DEAL_FIELDS,
  DEAL_HEADERS,
  HISTORY_HEADERS,
  findDealColumns,
  stagesToTable,
  type DealField,
  type Language,
  type PipelineConfig,
  columnLetter,
  sheetReference,
} from '../core/index';
import { writeFile } from 'node:fs/promises';
import { fillDashboard, type DashboardMap } from './dashboard';
import { RULE_TABLE_LABELS, SHEET_NAMES, STAGE_TABLE_HEADERS } from './labels';
import { DASHBOARD_LABELS } from '../workflows/catalogue/index';
import { addChartParts } from './xlsx-charts';
import { FORMATS, addTable, rangeAddress, type TableColumn } from './tables';

export interface PipelineWorkbookInput {
  readonly language: Language;
  readonly config: PipelineConfig;
  /** Deals as a table, header first; omitted for a blank template (the header is written in `language`). */
  readonly dealsTable?: readonly (readonly unknown[])[];
  readonly historyTable?: readonly (readonly unknown[])[];
  /** Snapshots as a table, header first (snapshotsToTable); no Snapshots sheet when omitted. */
  readonly snapshotsTable?: readonly (readonly unknown[])[];
  readonly owners?: readonly string[];
  /** First month of the Dashboard's month table; null for "the current month" as a formula. */
  readonly firstMonth: Date | null;
  readonly months?: number;
  /** Rows that dropdowns, formatting and Dashboard formulas cover. Default: deals + 2000, at least 5000. */
  readonly capacity?: number;
}

export interface PipelineWorkbook {
  readonly workbook: ExcelJS.Workbook;
  readonly dashboard: DashboardMap;
  readonly sheetNames: Readonly<Record<'deals' | 'stages' | 'history' | 'dashboard' | 'owners' | 'snapshots', string>>;
}

const DATE_FIELDS: ReadonlySet<DealField> = new Set([
  'created',
  'expectedClose',
  'closedOn',
  'nextStepDate',
  'stageChanged',
  'snoozeUntil',
]);

function dealColumn(field: DealField | undefined, header: string): TableColumn {
  if (field && DATE_FIELDS.has(field)) return { header, format: FORMATS.date, width: 14 };
  if (field === 'amount') return { header, format: FORMATS.money, width: 14 };
  if (field === 'probability') return { header, format: FORMATS.percent, width: 12 };
  if (field === 'name' || field === 'account' || field === 'owner' || field === 'nextStep') return { header, width: 24 };
  return { header };
}

/** The Snapshots sheet's columns (SNAPSHOTS_HEADERS order) with their formats. */
export function snapshotColumns(header: readonly unknown[]): TableColumn[] {
  const formats = [FORMATS.date, undefined, undefined, undefined, FORMATS.money, FORMATS.percent, FORMATS.money, FORMATS.date];
  return header.map((h, i) => ({ header: String(h), format: formats[i], width: i === 2 ? 28 : 14 }));
}

/** Adds a Snapshots sheet holding `table` (header first). */
export function addSnapshotsSheet(workbook: ExcelJS.Workbook, name: string, table: readonly (readonly unknown[])[]): ExcelJS.Worksheet {
  return addTable(workbook, name, snapshotColumns(table[0] ?? []), table.slice(1));
}

/** Builds the workbook in memory; write it with writePipelineWorkbook, which adds the Dashboard's charts. */
export function buildPipelineWorkbook(input: PipelineWorkbookInput): PipelineWorkbook {
  const lang = input.language;
  const names = SHEET_NAMES[lang];
  const workbook = new (excelJs().Workbook)();
  workbook.creator = 'Pipeline Sheets';
  workbook.calcProperties.fullCalcOnLoad = true;

  const dealsTable = input.dealsTable ?? [DEAL_FIELDS.map((f) => DEAL_HEADERS[lang][f])];
  const header = dealsTable[0].map((cell) => String(cell ?? ''));
  const { fields } = findDealColumns(header);
  const fieldAt = new Map([...fields].map(([field, index]) => [index, field]));
  const dealRows = dealsTable.slice(1);
  const capacity = input.capacity ?? Math.max(5000, dealRows.length + 2000);

  // Dashboard first among the tabs: it is what a person opens the file to see.
  const dashboardSheet = workbook.addWorksheet(names.dashboard);
  const deals = addTable(
    workbook,
    names.deals,
    header.map((h, i) => dealColumn(fieldAt.get(i), h)),
    dealRows,
  );

  const stageTable = stagesToTable(input.config).map((row) => [...row]);
  stageTable[0] = [...STAGE_TABLE_HEADERS[lang]];
  const stageCount = input.config.stages.length;
  const ruleLabels = RULE_TABLE_LABELS[lang];
  for (let i = 0; i < ruleLabels.length; i++) {
    const row = stageTable[stageCount + 2 + i];
    if (row) row[0] = ruleLabels[i];
  }
  const stages = addTable(
    workbook,
    names.stages,
    stageTable[0].map((h, i) => ({
      header: String(h),
      format: i === 2 ? FORMATS.percent : undefined,
      width: i === 0 ? 24 : i >= 6 ? 30 : undefined,
    })),
    stageTable.slice(1),
  );
  stages.autoFilter = undefined as unknown as string;
  const stageRows = new Map(input.config.stages.map((s, i) => [s.name, i + 2]));
  const lastStageRow = stageCount + 1;

  const historyTable = input.historyTable ?? [[...HISTORY_HEADERS]];
  addTable(
    workbook,
    names.history,
    historyTable[0].map((h, i) => ({
      header: String(h),
      format: i === 0 ? FORMATS.dateTime : i === 5 ? FORMATS.date : i === 4 ? FORMATS.money : i === 6 ? FORMATS.percent : undefined,
      width: i === 0 ? 18 : 14,
    })),
    historyTable.slice(1),
  );

  const ownerList = [...new Set(input.owners ?? [])].sort();
  addTable(
    workbook,
    names.owners,
    [{ header: DASHBOARD_LABELS[lang].owner, width: 32 }],
    ownerList.map((o) => [o]),
  );
  const lastOwnerRow = Math.max(ownerList.length + 1, 200);
  if (input.snapshotsTable) addSnapshotsSheet(workbook, names.snapshots, input.snapshotsTable);

  const S = sheetReference(names.stages);
  const letter = (field: DealField) => (fields.has(field) ? columnLetter(fields.get(field)! + 1) : undefined);
  const stageLetter = letter('stage');
  if (stageLetter) {
    (deals as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${stageLetter}2:${stageLetter}${capacity}`,
      {
        type: 'list',
        allowBlank: true,
        formulae: [`${S}!$A$2:$A$${lastStageRow}`],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: DEAL_HEADERS[lang].stage,
        error: `${DEAL_HEADERS[lang].stage}: ${input.config.stages.map((s) => s.name).join(', ')}`,
      },
    );
  }
  const ownerLetter = letter('owner');
  if (ownerLetter) {
    (deals as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${ownerLetter}2:${ownerLetter}${capacity}`,
      {
        type: 'list',
        allowBlank: true,
        formulae: [`${sheetReference(names.owners)}!$A$2:$A$${lastOwnerRow}`],
        showErrorMessage: true,
        errorStyle: 'information',
      },
    );
  }
  const changedLetter = letter('stageChanged');
  if (stageLetter && changedLetter) {
    // Rotting: days since Stage changed exceed the stage's Rotting days; only open stages with a number there.
    const stagesSpan = (column: string) => `${S}!$${column}$2:$${column}$${lastStageRow}`;
    const isOpenWithDays = `COUNTIFS(${stagesSpan('A')},$${stageLetter}2,${stagesSpan('F')},"open",${stagesSpan('D')},">=0")>0`;
    const stageDays = `IFERROR(VLOOKUP($${stageLetter}2,${S}!$A$2:$D$${lastStageRow},4,FALSE),0)`;
    const rotting = `AND(ISNUMBER($${changedLetter}2),${isOpenWithDays},TODAY()-$${changedLetter}2>${stageDays})`;
    deals.addConditionalFormatting({
      ref: rangeAddress(1, 2, header.length, capacity),
      rules: [
        {
          type: 'expression',
          priority: 1,
          formulae: [rotting],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFF8CBAD' } } },
        },
      ],
    });
  }

  const amountLetter = letter('amount');
  const probabilityLetter = letter('probability');
  const closeLetter = letter('expectedClose');
  if (!stageLetter || !amountLetter || !probabilityLetter || !closeLetter) {
    throw new Error('The Deals header needs Stage, Amount, Probability and Expected close columns for the Dashboard.');
  }
  const dashboard = fillDashboard(
    dashboardSheet,
    input.config,
    {
      dealsSheet: names.deals,
      stagesSheet: names.stages,
      ownersSheet: names.owners,
      stage: stageLetter,
      amount: amountLetter,
      probability: probabilityLetter,
      expectedClose: closeLetter,
      owner: ownerLetter,
      enteredStage: changedLetter ?? letter('created'),
      snoozeUntil: letter('snoozeUntil'),
      nextStepDate: letter('nextStepDate'),
      lastDealRow: capacity,
      stageRows,
      lastStageRow,
      owners: ownerList.length,
    },
    { language: lang, firstMonth: input.firstMonth, months: input.months ?? 12 },
  );
  return { workbook, dashboard, sheetNames: names };
}

/**
 * Writes the workbook to `path` with the Dashboard's charts. exceljs writes the sheets
 * (styles, dropdowns, conditional formatting) but cannot write charts, so its zip is
 * taken as it is and the DrawingML chart parts are added to it (xlsx-charts.ts).
 */
export async function writePipelineWorkbook(built: PipelineWorkbook, path: string): Promise<void> {
  await writeFile(path, await pipelineWorkbookBytes(built));
}

/** The .xlsx bytes of the workbook, charts included. */
export async function pipelineWorkbookBytes(built: PipelineWorkbook): Promise<Buffer> {
  const bytes = Buffer.from(await built.workbook.xlsx.writeBuffer());
  return addChartParts(bytes, built.sheetNames.dashboard, built.dashboard.layout.charts);
}
