/**
 * What every command shares: where it writes (so tests can capture it), the
 * --columns, --stages, --as-of, --dates and --encoding options, and loading a file
 * with a progress bar.
 * Commands return an exit code: 0 fine, 1 problems in the data, 2 a file that cannot
 * be read or a wrong option. Nothing here throws at the user: an unexpected error
 * becomes one line on stderr.
 */
import {
  CRM_PROFILES,
  dealFieldFor,
  findCrmProfile,
  parseDate,
  parseMonth,
  parseNumber,
  startOfDay,
  type DateOrder,
  type Problem,
} from '../core/index';
import { loadPipeline, type Pipeline } from '../workbook/pipeline';
import type { ReportSettings } from '../workbook/report';
import { missingColumnHeaders } from './mapping';
import { progress } from './progress';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_UNREADABLE = 2;

/** Where a command writes: stdout for results, stderr for messages and progress. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Raw stderr, for the progress bar's carriage returns. */
  errRaw(text: string): void;
  readonly stderrIsTTY: boolean;
  /** "Today" when --as-of is not given. */
  now(): Date;
  /** The working folder, for the demo file. */
  readonly cwd: string;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    errRaw: (text) => process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => new Date(),
    cwd: process.cwd(),
  };
}

/** Options every command takes. */
export interface CommonOptions {
  readonly columns?: string;
  readonly stages?: string;
  readonly asOf?: string;
  readonly json?: boolean;
  /** The CRM the file came from (--from), when its headers do not say. */
  readonly from?: string;
  /** --dates: how dates that read either way are read where a column shows no order (commander checks the choice). */
  readonly dates?: DateOrder;
  /** --encoding: a CSV's text encoding, instead of detecting it. */
  readonly encoding?: string;
  /** A file with a Rates table (Currency, Rate to BASE, optional From) to convert amounts into one currency. */
  readonly rates?: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Parses --columns 'Deal ID=Opportunity ID,Owner=Rep': our column name, "=", the
 * header in the file. Our side must be a known Deals column.
 */
export function parseColumnMap(text: string | undefined): Parsed<Record<string, string>> {
  const map: Record<string, string> = {};
  if (!text) return { ok: true, value: map };
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const at = part.indexOf('=');
    if (at < 0)
      return {
        ok: false,
        reason: `--columns: "${part.trim()}" has no "="; write it as "Owner=Rep" (our column = the header in your file).`,
      };
    const ours = part.slice(0, at).trim();
    const theirs = part.slice(at + 1).trim();
    if (!dealFieldFor(ours))
      return {
        ok: false,
        reason: `--columns: "${ours}" is not a Deals column; use names such as Deal ID, Owner, Stage, Amount, Expected close.`,
      };
    if (!theirs) return { ok: false, reason: `--columns: "${ours}=" names no header from your file.` };
    map[ours] = theirs;
  }
  return { ok: true, value: map };
}

/** --as-of as UTC midnight; default today (UTC). */
export function parseAsOf(text: string | undefined, io: Io): Parsed<Date> {
  if (!text) return { ok: true, value: startOfDay(io.now()) };
  const parsed = parseDate(text);
  if (!parsed.ok || !parsed.date)
    return { ok: false, reason: `--as-of: ${parsed.ok ? 'no date given' : parsed.reason}; type a date such as 2026-11-23.` };
  return { ok: true, value: startOfDay(parsed.date) };
}

/** The options that shape the forecast range, the backtest and the rotting suggestions. */
export interface ForecastQualityOptions {
  readonly rangeBy?: string;
  readonly quota?: string;
  readonly probabilities?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly businessDays?: boolean;
  readonly fiscalYearStart?: string;
}

/** Checks --range-by, --quota, --probabilities, --runs, --seed and --business-days; unset ones keep the defaults. */
export function parseReportSettings(options: ForecastQualityOptions): Parsed<Partial<ReportSettings>> {
  const settings: { -readonly [K in keyof ReportSettings]?: ReportSettings[K] } = {};
  if (options.rangeBy !== undefined) {
    if (options.rangeBy !== 'month' && options.rangeBy !== 'quarter')
      return { ok: false, reason: `--range-by: "${options.rangeBy}" is not month or quarter.` };
    settings.rangeBy = options.rangeBy;
  }
  if (options.probabilities !== undefined) {
    if (options.probabilities !== 'configured' && options.probabilities !== 'calibrated') {
      return {
        ok: false,
        reason: `--probabilities: "${options.probabilities}" is not configured (the Stages sheet's) or calibrated (learned from History).`,
      };
    }
    settings.probabilities = options.probabilities;
  }
  if (options.quota !== undefined) {
    const quota = parseNumber(options.quota);
    if (!quota.ok || quota.value === null || quota.value < 0)
      return { ok: false, reason: `--quota: "${options.quota}" is not an amount; type one such as 250000.` };
    settings.quota = quota.value;
  }
  if (options.runs !== undefined) {
    const runs = Number(options.runs);
    if (!Number.isInteger(runs) || runs < 1 || runs > 200_000)
      return { ok: false, reason: `--runs: "${options.runs}" is not a whole number from 1 to 200000.` };
    settings.runs = runs;
  }
  if (options.seed !== undefined) {
    const seed = Number(options.seed);
    if (!Number.isInteger(seed)) return { ok: false, reason: `--seed: "${options.seed}" is not a whole number.` };
    settings.seed = seed;
  }
  if (options.businessDays) settings.rottingDays = 'business';
  if (options.fiscalYearStart !== undefined) {
    const month = parseMonth(options.fiscalYearStart);
    if (month === null)
      return {
        ok: false,
        reason: `--fiscal-year-start: "${options.fiscalYearStart}" is not a month; type its number (4 for April) or its name.`,
      };
    settings.fiscalYearStartMonth = month;
  }
  return { ok: true, value: settings };
}

/** Problems that record a guess made while reading (a date order, a text encoding), which every command says aloud. */
const GUESSES: ReadonlySet<string> = new Set(['date-order-assumed', 'date-order-from-column', 'encoding-guessed']);

/** Says on stderr, once each, the guesses made while reading (check lists them with its other problems instead). */
export function sayGuesses(problems: readonly Problem[], options: CommonOptions, io: Io): void {
  if (options.json) return;
  for (const p of problems) if (GUESSES.has(p.code)) io.err(problemLine(p));
}

/**
 * Loads a file with the common options; on failure prints why and returns the exit code.
 * Unless `quiet` (check and report, which list every problem themselves), the guesses made while reading are said on stderr.
 */
export async function loadForCommand(
  file: string,
  options: CommonOptions,
  io: Io,
  quiet = false,
): Promise<{ ok: true; pipeline: Pipeline } | { ok: false; code: number }> {
  const columns = parseColumnMap(options.columns);
  if (!columns.ok) {
    io.err(columns.reason);
    return { ok: false, code: EXIT_UNREADABLE };
  }
  // `--from none` reads the file as a plain sheet: no CRM is recognised.
  const from = options.from === undefined ? undefined : /^\s*none\s*$/i.test(options.from) ? null : findCrmProfile(options.from);
  if (options.from !== undefined && from === undefined) {
    io.err(`--from: "${options.from}" is not a CRM the tool knows; use one of: ${CRM_PROFILES.map((p) => p.id).join(', ')}, or none.`);
    return { ok: false, code: EXIT_UNREADABLE };
  }
  const bar = progress({ isTTY: io.stderrIsTTY, write: (t) => io.errRaw(t) }, 'Reading', !options.json);
  const loaded = await loadPipeline(file, {
    columnMap: columns.value,
    stages: options.stages,
    from,
    dateOrder: options.dates,
    encoding: options.encoding,
    rates: options.rates,
    onRows: (rows, share) => bar.rows(rows, share),
  });
  bar.done();
  if (!loaded.ok) {
    io.err(loaded.reason);
    return { ok: false, code: EXIT_UNREADABLE };
  }
  // A misspelt --columns header must stop here: read on, every deal would silently lack that field.
  const missing = missingColumnHeaders(columns.value, loaded.pipeline);
  if (missing) {
    io.err(missing);
    return { ok: false, code: EXIT_UNREADABLE };
  }
  if (!quiet) sayGuesses(loaded.pipeline.problems, options, io);
  return { ok: true, pipeline: loaded.pipeline };
}

/** A Problem as one line: "Deals row 5, Amount: …". */
export function problemLine(p: { sheet: string; row: number; column: string; message: string; severity: string }): string {
  const where = `${p.sheet} row ${p.row}${p.column ? `, ${p.column}` : ''}`;
  return `${p.severity === 'error' ? 'error  ' : 'warning'} ${where}: ${p.message}`;
}
