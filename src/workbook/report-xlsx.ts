/**
 * The report as a workbook of tidy sheets (Forecast, Conversion, Stale, Owners,
 * Calibration, Reliability, Forecast range, Backtest and Backtest detail when the file
 * has snapshots, Rotting days, and the pivot-ready Facts), written by the small tidy-table writer (xlsx-writer.ts),
 * which streams the Facts rows from a generator instead of holding them. One header row per sheet,
 * real dates and numbers, no merged cells; text from users is written as text.
 */
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  backtestDetailTable,
  backtestTable,
  calibrationTable,
  forecastRangeTable,
  ownerPerformanceTable,
  periodOutcomeTable,
  reliabilityTable,
  rottingSuggestionTable,
  type Backtest,
  type ForecastRange,
} from '../core/index';
import { toCsv } from './cells';
import type { Pipeline } from './pipeline';
import { factRows, type PipelineReport } from './report';
import { FORMATS } from './tables';
import { writeTidyWorkbook, type TidySheet } from './xlsx-writer';

type Row = readonly unknown[];

const COUNTED_FROM = {
  history: 'History',
  deals: 'Deal outcomes (no History)',
  mixed: 'History and deal outcomes',
  none: 'No deal counted',
} as const;

/** The report's tidy tables; the Facts rows are generated lazily. */
export function reportSheets(report: PipelineReport, pipeline: Pipeline, asOf: Date): TidySheet[] {
  const sheets: TidySheet[] = [];
  // Amount sheets: with several currencies and no rates, one block of rows per currency; with rates or
  // several currencies, a Currency column says what each amount is in. One currency keeps the sheets as they were.
  const parts = report.currency.mode === 'split' ? report.byCurrency : [{ currency: report.currency.currency, report }];
  const tagged = report.currency.mode !== 'single';
  const amountSheet = (name: string, columns: TidySheet['columns'], rowsOf: (part: PipelineReport) => readonly Row[]): TidySheet => ({
    name,
    columns: tagged ? [...columns, { header: 'Currency' }] : columns,
    rows: parts.flatMap((part) => rowsOf(part.report).map((row) => (tagged ? [...row, part.currency] : row))),
  });

  sheets.push(
    amountSheet(
      'Forecast',
      [
        { header: 'By' },
        { header: 'Group', width: 30 },
        { header: 'Deals', format: FORMATS.whole },
        { header: 'Amount', format: FORMATS.money, width: 16 },
        { header: 'Weighted', format: FORMATS.money, width: 16 },
      ],
      (r) => [
        ...r.forecastByMonth.map((f) => ['month', f.key, f.deals, f.amount, f.weighted]),
        ...r.forecastByStage.map((f) => ['stage', f.key, f.deals, f.amount, f.weighted]),
        ...r.forecastByOwner.map((f) => ['owner', f.key, f.deals, f.amount, f.weighted]),
      ],
    ),
  );
  sheets.push({
    name: 'Conversion',
    columns: [
      { header: 'Stage', width: 20 },
      { header: 'Deals reached', format: FORMATS.whole },
      { header: 'To next stage', format: FORMATS.percent },
      { header: 'From first stage', format: FORMATS.percent },
      { header: 'Counted from', width: 22 },
      { header: 'At least' },
      { header: 'Rule', width: 60 },
    ],
    // One fact per row: where every count came from is repeated, so a filtered or pivoted copy still says it.
    rows: report.conversion.map((r) => [
      r.stage,
      r.deals,
      r.nextRate,
      r.cumulativeRate,
      COUNTED_FROM[report.conversionBasis.source],
      report.conversionBasis.atLeast,
      report.conversionNote,
    ]),
  });
  sheets.push(
    amountSheet(
      'Stale',
      [
        { header: 'Owner', width: 28 },
        { header: 'Deal ID' },
        { header: 'Deal', width: 28 },
        { header: 'Account', width: 24 },
        { header: 'Stage', width: 16 },
        { header: 'Amount', format: FORMATS.money, width: 14 },
        { header: 'Days in stage', format: FORMATS.whole },
        { header: 'Rotting days', format: FORMATS.whole },
        { header: 'Next step overdue days', format: FORMATS.whole },
        { header: 'Close slipped days', format: FORMATS.whole },
        { header: 'Flags', width: 30 },
        { header: 'Deals row', format: FORMATS.whole },
      ],
      (r) =>
        r.stale.map((s) => [
          s.owner,
          s.dealId,
          s.deal,
          s.account,
          s.stage,
          s.amount,
          s.daysInStage,
          s.rottingDays,
          s.nextStepOverdueDays,
          s.closeSlippedDays,
          s.flags.join(', '),
          s.row,
        ]),
    ),
  );
  sheets.push(
    amountSheet(
      'Owners',
      [
        { header: 'Owner', width: 28 },
        { header: 'Open deals', format: FORMATS.whole },
        { header: 'Pipeline', format: FORMATS.money, width: 16 },
        { header: 'Weighted', format: FORMATS.money, width: 16 },
        { header: 'Won', format: FORMATS.whole },
        { header: 'Lost', format: FORMATS.whole },
        { header: 'Win rate', format: FORMATS.percent },
        { header: 'Stale deals', format: FORMATS.whole },
      ],
      (r) => r.owners.map((o) => [o.owner, o.openDeals, o.pipeline, o.weighted, o.won, o.lost, o.winRate, o.stale]),
    ),
  );
  sheets.push(
    amountSheet(
      'Won by period',
      [
        { header: 'By' },
        { header: 'Period' },
        { header: 'Won', format: FORMATS.whole },
        { header: 'Lost', format: FORMATS.whole },
        { header: 'Win rate', format: FORMATS.percent1 },
        { header: 'Won revenue', format: FORMATS.money, width: 16 },
        { header: 'Fiscal year starts (month)', format: FORMATS.whole },
      ],
      (r) => [
        ...periodOutcomeTable(r.outcomesByMonth, 'month')
          .slice(1)
          .map((row) => ['month', ...row, '']),
        ...periodOutcomeTable(r.outcomesByQuarter, 'quarter')
          .slice(1)
          .map((row) => ['quarter', ...row, r.fiscalYearStartMonth]),
      ],
    ),
  );
  const [performanceHeader] = ownerPerformanceTable([]);
  sheets.push(
    amountSheet(
      'Owner results',
      columnsFor(
        performanceHeader,
        {
          Won: FORMATS.whole,
          Lost: FORMATS.whole,
          'Win rate': FORMATS.percent1,
          'Won revenue': FORMATS.money,
          'Average won amount': FORMATS.money,
          'Mean cycle days': FORMATS.days,
          'Median cycle days': FORMATS.days,
          'Open deals': FORMATS.whole,
          'Open weighted': FORMATS.money,
        },
        { Owner: 28, 'Won revenue': 16, 'Open weighted': 16 },
      ),
      (r) => ownerPerformanceTable(r.ownerPerformance).slice(1),
    ),
  );
  sheets.push(
    ...forecastQualitySheets(
      report,
      amountSheet,
      parts.map((p) => p.report),
    ),
  );
  const facts = (function* (): Generator<Row> {
    for (const f of factRows(pipeline, asOf)) {
      const row = [
        f.dealId,
        f.deal,
        f.account,
        f.owner,
        f.stage,
        f.stageOrder,
        f.stageOutcome,
        f.entered,
        f.left,
        f.daysInStage,
        f.amount,
        f.expectedClose,
        f.currentStage,
        f.currentOutcome,
      ];
      yield tagged ? [...row, f.currency] : row;
    }
  })();
  sheets.push({
    name: 'Facts',
    columns: [
      { header: 'Deal ID' },
      { header: 'Deal', width: 28 },
      { header: 'Account', width: 24 },
      { header: 'Owner', width: 28 },
      { header: 'Stage', width: 16 },
      { header: 'Stage order', format: FORMATS.whole },
      { header: 'Stage outcome' },
      { header: 'Entered', format: FORMATS.dateTime, width: 18 },
      { header: 'Left', format: FORMATS.dateTime, width: 18 },
      { header: 'Days in stage', format: FORMATS.whole },
      { header: 'Amount', format: FORMATS.money, width: 14 },
      { header: 'Expected close', format: FORMATS.date, width: 14 },
      { header: 'Current stage', width: 16 },
      { header: 'Current outcome' },
      // Facts keep each deal's amount as typed, so its currency goes beside it.
      ...(tagged ? [{ header: 'Currency' }] : []),
    ],
    rows: facts,
  });
  return sheets;
}

/** Columns named by the core's table header, with a format and width per header. */
function columnsFor(header: readonly unknown[], formats: Readonly<Record<string, string>>, widths: Readonly<Record<string, number>> = {}) {
  return header.map((h) => ({ header: String(h), format: formats[String(h)], width: widths[String(h)] }));
}

/**
 * Calibration, Reliability, Forecast range, Backtest (+ detail, when there are
 * snapshots) and Rotting days, from the core's *Table helpers, so the sheets carry
 * the same headers as the custom functions in Sheets and Excel.
 */
function forecastQualitySheets(
  report: PipelineReport,
  amountSheet: (name: string, columns: TidySheet['columns'], rowsOf: (part: PipelineReport) => readonly Row[]) => TidySheet,
  parts: readonly PipelineReport[],
): TidySheet[] {
  const { percent1, percent, money, whole, days, date } = FORMATS;
  const sheets: TidySheet[] = [];
  const [calibrationHeader, ...calibrationRows] = calibrationTable(report.calibration);
  sheets.push({
    name: 'Calibration',
    columns: columnsFor(
      calibrationHeader,
      {
        'Configured probability': percent,
        'Closed deals reached': whole,
        Won: whole,
        'Observed win rate': percent1,
        'Low (95%)': percent1,
        'High (95%)': percent1,
        'Suggested probability': percent,
      },
      { Stage: 20 },
    ),
    rows: calibrationRows,
  });
  const [reliabilityHeader, ...reliabilityRows] = reliabilityTable(report.calibration);
  sheets.push({
    name: 'Reliability',
    columns: columnsFor(reliabilityHeader, {
      'Configured from': percent,
      'Configured to': percent,
      Forecasts: whole,
      'Mean configured probability': percent1,
      Won: whole,
      'Observed win share': percent1,
    }),
    rows: reliabilityRows,
  });
  // The table needs only the rows; the slip draws were dropped from the report.
  const rangeOf = (r: PipelineReport): ForecastRange => ({
    ...r.forecastRange,
    rows: [...r.forecastRange.rows],
    slips: { ...r.forecastRange.slips, days: [] },
  });
  const [rangeHeader] = forecastRangeTable(rangeOf(report), { includeTotal: true });
  sheets.push(
    amountSheet(
      'Forecast range',
      columnsFor(
        rangeHeader,
        {
          Deals: whole,
          Weighted: money,
          'Mean won': money,
          'Standard error': money,
          P10: money,
          P50: money,
          P90: money,
          'Chance of quota': percent1,
        },
        { Weighted: 16, 'Mean won': 16, P10: 16, P50: 16, P90: 16 },
      ),
      (r) => forecastRangeTable(rangeOf(r), { includeTotal: true }).slice(1),
    ),
  );
  const withBacktest = parts.find((r) => r.backtest);
  if (withBacktest?.backtest) {
    const byGroup = (by: string, result: Backtest) =>
      backtestTable(result, { includeTotal: true })
        .slice(1)
        .map((row) => [by, ...row]);
    const [summaryHeader] = backtestTable(withBacktest.backtest.byOwner);
    sheets.push(
      amountSheet(
        'Backtest',
        columnsFor(
          ['By', ...summaryHeader],
          {
            Pairs: whole,
            Forecast: money,
            Actual: money,
            Bias: money,
            'Relative bias': percent1,
            WAPE: percent1,
            MAPE: percent1,
            'Pairs with actual': whole,
            'Won, not in snapshot': money,
            'Won, no date or amount': money,
          },
          { Group: 28, Forecast: 16, Actual: 16, 'Won, not in snapshot': 16, 'Won, no date or amount': 16 },
        ),
        (r) => (r.backtest ? [...byGroup('owner', r.backtest.byOwner), ...byGroup('stage', r.backtest.byStage)] : []),
      ),
    );
    const detail = (by: string, result: Backtest) =>
      backtestDetailTable(result)
        .slice(1)
        .map((row) => [by, ...row]);
    const [detailHeader] = backtestDetailTable(withBacktest.backtest.byOwner);
    sheets.push(
      amountSheet(
        'Backtest detail',
        columnsFor(
          ['By', ...detailHeader],
          {
            'Snapshot date': date,
            Forecast: money,
            Actual: money,
            Error: money,
            'Won, not in snapshot': money,
            'Won, no date or amount': money,
          },
          { Group: 28, 'Snapshot date': 14, Forecast: 16, Actual: 16, 'Won, not in snapshot': 16, 'Won, no date or amount': 16 },
        ),
        (r) => (r.backtest ? [...detail('owner', r.backtest.byOwner), ...detail('stage', r.backtest.byStage)] : []),
      ),
    );
  }
  const [rottingHeader, ...rottingRows] = rottingSuggestionTable(report.rottingSuggestions);
  sheets.push({
    name: 'Rotting days',
    columns: columnsFor(
      [...rottingHeader, 'Days counted'],
      { 'Configured rotting days': whole, 'Advancing stays': whole, 'Percentile days': days, 'Suggested rotting days': whole },
      { Stage: 20 },
    ),
    rows: rottingRows.map((row) => [...row, report.settings.rottingDays]),
  });
  return sheets;
}

/** Writes the report workbook to `path`. */
export async function writeReportXlsx(path: string, report: PipelineReport, pipeline: Pipeline, asOf: Date): Promise<void> {
  await writeTidyWorkbook(path, reportSheets(report, pipeline, asOf));
}

/**
 * Writes each report table as DIR/<sheet>.csv (UTF-8 with a BOM so Excel reads the
 * accents, dates as ISO text). Text that a spreadsheet would run as a formula gets a
 * leading quote (csvField).
 */
export async function writeReportCsv(dir: string, report: PipelineReport, pipeline: Pipeline, asOf: Date): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const sheet of reportSheets(report, pipeline, asOf)) {
    const file = join(dir, `${sheet.name.toLowerCase().replace(/ /g, '-')}.csv`);
    const handle = await open(file, 'w');
    try {
      await handle.write(`\uFEFF${toCsv([sheet.columns.map((c) => c.header)])}`);
      let batch: (readonly unknown[])[] = [];
      for (const row of sheet.rows) {
        batch.push(row);
        if (batch.length === 5000) {
          await handle.write(toCsv(batch));
          batch = [];
        }
      }
      if (batch.length) await handle.write(toCsv(batch));
    } finally {
      await handle.close();
    }
    written.push(file);
  }
  return written;
}
