/**
 * What the command line says about how it read a file, before any figure: the CRM
 * it recognised (or was told with --from), which header fed each of our fields, which
 * fields found none and which headers went unused, where the stage set came from,
 * the deals that stage set leaves out of every total, and the follow-up command with
 * the user's own options. Also the check that every --columns entry names a header
 * the file has, and writing the stage set in use (--write-stages).
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { excelJs } from '../workbook/exceljs';
import { writeFile } from 'node:fs/promises';
import { countEn, dealsOutsideStages, headerKey, splitByCurrency, stagesToTable, type LeftOut } from '../core/index';
import { toCsv } from '../workbook/cells';
import type { Pipeline } from '../workbook/pipeline';
import type { CommonOptions, Io } from './context';

/** The options a follow-up command must repeat. */
export interface RepeatableOptions {
  readonly columns?: string;
  readonly stages?: string;
  readonly from?: string;
  readonly asOf?: string;
  readonly dates?: string;
  readonly encoding?: string;
  readonly rates?: string;
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** "pipeline-sheets check FILE --columns '…' --stages …": the user's own options, so the command reads the file the same way. */
export function followUpCommand(command: string, file: string, options: RepeatableOptions): string {
  const parts = ['pipeline-sheets', command, shellQuote(file)];
  const flags: [keyof RepeatableOptions, string][] = [
    ['from', '--from'],
    ['columns', '--columns'],
    ['stages', '--stages'],
    ['dates', '--dates'],
    ['encoding', '--encoding'],
    ['rates', '--rates'],
    ['asOf', '--as-of'],
  ];
  for (const [key, flag] of flags) {
    const value = options[key];
    if (typeof value === 'string' && value !== '') parts.push(flag, shellQuote(value));
  }
  return parts.join(' ');
}

/** How to map a column, worded for a user who has or has not passed --columns yet. */
export function columnsAdvice(options: RepeatableOptions): string {
  return options.columns ? 'add "our name=your header" to your --columns' : "pass --columns 'our name=your header'";
}

/** Rewrites a core message that tells the user to pass --columns or --stages when they already have. */
export function withOwnOptions(message: string, options: RepeatableOptions): string {
  let said = message;
  if (options.columns) said = said.replace(/--columns "([^"]+)" maps your own name instead/, 'add "$1" to your --columns');
  if (options.stages) {
    said = said.replace(
      /pass --stages with your CRM's stage set, or --stages infer to build one from the data/,
      `add them to the stage set you passed (--stages ${options.stages})${options.stages === 'infer' ? '' : ', or try --stages infer'}`,
    );
  }
  return said;
}

/** Edit distance, for the closest header to a misspelt one. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = here;
    }
  }
  return row[b.length];
}

/** The file's header closest to `wanted` (folded), or undefined when none is near. */
export function closestHeader(wanted: string, headers: readonly string[]): string | undefined {
  const key = headerKey(wanted);
  let best: { header: string; score: number } | undefined;
  for (const header of headers) {
    const other = headerKey(header);
    const score = other.includes(key) || key.includes(other) ? Math.abs(other.length - key.length) / 2 : distance(key, other);
    if (!best || score < best.score) best = { header, score };
  }
  return best && best.score <= Math.max(2, key.length / 2) ? best.header : undefined;
}

/** A --columns entry naming a header the file lacks, said with the file's headers and the closest one; undefined when all are there. */
export function missingColumnHeaders(columnMap: Readonly<Record<string, string>>, pipeline: Pipeline): string | undefined {
  const headers = pipeline.mapping?.headers ?? [];
  const keys = new Set(headers.map(headerKey));
  const lines: string[] = [];
  for (const [ours, theirs] of Object.entries(columnMap)) {
    if (keys.has(headerKey(theirs))) continue;
    const near = closestHeader(theirs, headers);
    lines.push(`--columns: "${ours}=${theirs}" names a header the file does not have.${near ? ` The closest is "${near}".` : ''}`);
  }
  if (lines.length === 0) return undefined;
  return `${lines.join('\n')}\nThe file's headers: ${headers.map((h) => `"${h}"`).join(', ')}.`;
}

function money(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** One currency's share of the deals left out, beside that currency's amount over all deals. */
export interface LeftOutCurrency {
  readonly currency: string;
  readonly deals: number;
  readonly amount: number;
  readonly of: number;
}

/**
 * Deals every total leaves out. With amounts in several currencies (and whatever the
 * rates), `amount` and each stage's amount are null and `byCurrency` gives them per
 * currency: amounts in two currencies are never added together, here as in the report.
 */
export interface LeftOutSaid {
  readonly deals: number;
  readonly amount: number | null;
  readonly byStage: readonly {
    readonly stage: string;
    readonly deals: number;
    readonly amount: number | null;
    readonly byCurrency?: readonly { currency: string; amount: number }[];
  }[];
  readonly byCurrency?: readonly LeftOutCurrency[];
}

function moneyIn(amount: number, currency: string): string {
  return `${money(amount)} ${currency}`;
}

/** The first lines of check and report: deals every total leaves out (unknown or no stage), and why. */
export function leftOutLines(left: LeftOutSaid, pipeline: Pipeline, options: RepeatableOptions): string[] {
  if (left.deals === 0) return [];
  const stageAmount = (s: LeftOutSaid['byStage'][number]): string =>
    s.byCurrency ? s.byCurrency.map((c) => moneyIn(c.amount, c.currency)).join(' + ') : money(s.amount ?? 0);
  const stages = left.byStage
    .slice(0, 8)
    .map((s) => `${s.stage ? `"${s.stage}"` : '(no stage)'} ${countEn(s.deals, 'deal')}, ${stageAmount(s)}`)
    .join('; ');
  const more = left.byStage.length > 8 ? `; and ${countEn(left.byStage.length - 8, 'more stage')}` : '';
  const fix = options.stages
    ? `Add them to the stage set you passed (--stages ${options.stages})${options.stages === 'infer' ? '' : ', or try --stages infer'}.`
    : 'Add them to Stages, pass --stages FILE with your stage set, or --stages infer to build one from the data.';
  const amounts = left.byCurrency
    ? `amounts ${left.byCurrency.map((c) => `${moneyIn(c.amount, c.currency)} of ${moneyIn(c.of, c.currency)}`).join(', ')}`
    : `amount ${money(left.amount ?? 0)} of ${money(pipeline.deals.reduce((sum, d) => sum + (d.amount ?? 0), 0))}`;
  return [
    `LEFT OUT: ${left.deals} of ${pipeline.deals.length} deals (${amounts}) are in no ` +
      `stage of the stage set, so every total below leaves them out: ${stages}${more}.`,
    fix,
  ];
}

/** The deals the stage set leaves out; split by currency when the file's amounts are in several. */
export function leftOut(pipeline: Pipeline): LeftOutSaid {
  const all: LeftOut = dealsOutsideStages(pipeline.deals, pipeline.config);
  const groups = splitByCurrency(pipeline.deals);
  if (groups.length <= 1 || all.deals === 0) return all;
  const parts = groups.map(({ currency, deals }) => ({
    currency,
    left: dealsOutsideStages(deals, pipeline.config),
    of: deals.reduce((sum, d) => sum + (d.amount ?? 0), 0),
  }));
  return {
    deals: all.deals,
    amount: null,
    byCurrency: parts.map((p) => ({ currency: p.currency, deals: p.left.deals, amount: p.left.amount, of: p.of })),
    byStage: all.byStage.map((s) => ({
      stage: s.stage,
      deals: s.deals,
      amount: null,
      byCurrency: parts.flatMap((p) =>
        p.left.byStage.filter((t) => t.stage === s.stage && t.deals > 0).map((t) => ({ currency: p.currency, amount: t.amount })),
      ),
    })),
  };
}

function article(name: string): string {
  return /^[aeiou]/i.test(name) ? 'an' : 'a';
}

/** The mapping and stage-set lines, in plain words. */
export function mappingLines(pipeline: Pipeline, options: RepeatableOptions): string[] {
  const lines: string[] = [];
  const crm = pipeline.crm;
  if (crm) {
    lines.push(
      crm.how === 'named'
        ? `Read as ${article(crm.name)} ${crm.name} export (--from ${options.from ?? crm.id}).`
        : `Recognised ${article(crm.name)} ${crm.name} export by its headers ${crm.matched.map((h) => `"${h}"`).join(', ')} ` +
            `(pass --from NAME if it is another CRM's, --from none if it is none).`,
    );
    for (const note of crm.notes) lines.push(`  ${note}`);
  }
  const mapping = pipeline.mapping;
  if (mapping) {
    lines.push(`Columns read: ${mapping.fed.map((f) => (f.field === f.header ? f.field : `${f.field} <- "${f.header}"`)).join(', ')}.`);
    if (mapping.outcome.length) lines.push(`Outcome read from: ${mapping.outcome.map((h) => `"${h}"`).join(', ')}.`);
    lines.push(`Not in the file: ${mapping.missing.join(', ') || 'none'}.`);
    if (mapping.unused.length)
      lines.push(`Headers not used: ${mapping.unused.map((h) => `"${h}"`).join(', ')} (${columnsAdvice(options)} to use one).`);
    if (mapping.warning) lines.push(`Warning: ${mapping.warning} If your file has them under other names, ${columnsAdvice(options)}.`);
  }
  const names = pipeline.config.stages.map((s) => s.name);
  const list = names.length > 10 ? `${names.slice(0, 10).join(', ')}, …` : names.join(', ');
  switch (pipeline.stageSource) {
    case 'crm':
      lines.push(`Stage set: ${crm?.name}'s default stages (${list}). Pass --stages FILE for your own, or --stages infer.`);
      break;
    case 'option':
      lines.push(`Stage set: --stages ${options.stages} (${list}).`);
      break;
    case 'inferred':
      lines.push(
        'Stage set: inferred from the data (--stages infer); save it with ' +
          '--write-stages FILE, correct it, and pass it back with --stages FILE:',
      );
      for (const s of pipeline.inferred?.stages ?? [])
        lines.push(`  ${s.stage.name} (${s.deals} deal${s.deals === 1 ? '' : 's'}): ${s.how}.`);
      break;
    case 'sheet':
      lines.push(`Stage set: the file's Stages sheet (${list}).`);
      break;
    default:
      // A workbook without a Stages sheet already has a warning that says this, with the list: said once.
      if (pipeline.problems.some((p) => p.code === 'stages-sheet-missing')) break;
      lines.push(
        `Stage set: the default (${list}). Pass --stages FILE or a preset (b2b, saas, agency-ru, vi-5) for your own, or --stages infer.`,
      );
  }
  return lines;
}

/** The same for --json. */
export function mappingJson(pipeline: Pipeline) {
  return {
    source: pipeline.crm ?? null,
    mapping: pipeline.mapping ?? null,
    stageSet: {
      from: pipeline.stageSource ?? 'default',
      stages: pipeline.config.stages.map((s) => ({ name: s.name, order: s.order, probability: s.probability, outcome: s.outcome })),
      inferred: pipeline.inferred?.stages.map((s) => ({ stage: s.stage.name, deals: s.deals, how: s.how })) ?? null,
    },
    leftOut: leftOut(pipeline),
  };
}

/** --write-stages FILE: the stage set in use as a .csv or an .xlsx Stages sheet; never over an existing file. */
export async function writeStageSet(path: string, pipeline: Pipeline): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (existsSync(path))
    return { ok: false, reason: `--write-stages: ${path} already exists; give a new file name (it is never overwritten).` };
  const table = stagesToTable(pipeline.config);
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') {
    await writeFile(path, `\uFEFF${toCsv(table)}`, 'utf8');
    return { ok: true };
  }
  if (extension !== '.xlsx') return { ok: false, reason: `--write-stages: ${path} must end in .csv or .xlsx.` };
  const workbook = new (excelJs().Workbook)();
  const sheet = workbook.addWorksheet('Stages');
  for (const row of table) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
  return { ok: true };
}

/** --write-stages for check and report: writes the stage set in use and says how to pass it back; false (said on stderr) when it cannot. */
export async function saveStageSet(path: string, pipeline: Pipeline, options: CommonOptions, io: Io): Promise<boolean> {
  const written = await writeStageSet(path, pipeline);
  if (!written.ok) {
    io.err(written.reason);
    return false;
  }
  if (!options.json) io.err(`Wrote the stage set to ${path}; correct it and pass it back with --stages ${path}.`);
  return true;
}
