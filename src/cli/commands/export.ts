/**
 * `export FILE --tables DIR`: writes the tidy tables deals, stage_history and stages
 * as typed CSV with their schema (src/sql/write-tables.ts), read with the same
 * readers and options as `report`, for loading into BigQuery or DuckDB (docs/SCALE.md).
 * Every deal the readers keep is written, as they read it; the first lines say what
 * the tables leave out or hold that no figure counts, then every problem as `check`
 * lists it.
 */
import { dealCurrencies, findStage, pluralEn } from '../../core/index';
import { SCHEMA_FILE, writeTables } from '../../sql/write-tables';
import { EXIT_OK, EXIT_PROBLEMS, loadForCommand, problemLine, type CommonOptions, type Io } from '../context';
import { followUpCommand, withOwnOptions } from '../mapping';
import { groupProblems, renderProblemGroups } from '../problem-groups';

export interface ExportOptions extends CommonOptions {
  readonly tables?: string;
  /** List every row of each kind of problem (default: the first three). */
  readonly all?: boolean;
}

/** History rows the reader skips (no date, no deal, no target stage): the errors that drop a move. */
const SKIPPED_MOVE = new Set(['history-date', 'history-deal-missing', 'history-stage-missing']);

export async function exportCommand(file: string, options: ExportOptions, io: Io): Promise<number> {
  if (!options.tables) {
    io.err('export: say where the tables go, e.g. --tables ./tables');
    return EXIT_PROBLEMS;
  }
  // Quiet: the problems are listed below, each kind once, so the guesses are not said twice.
  const loaded = await loadForCommand(file, options, io, true);
  if (!loaded.ok) return loaded.code;
  const { deals, history, config, problems } = loaded.pipeline;
  const fatal = problems.filter((p) => p.code === 'deals-sheet-missing' || (p.code === 'column-missing' && p.severity === 'error'));
  if (fatal.length > 0) {
    for (const p of fatal) io.err(problemLine(p));
    return EXIT_PROBLEMS;
  }
  const skippedMoves = problems.filter((p) => SKIPPED_MOVE.has(p.code)).length;
  const noStage = deals.filter((d) => !findStage(config, d.stage)).length;
  const leftOut: string[] = [];
  if (skippedMoves > 0)
    leftOut.push(
      `${skippedMoves} History row${skippedMoves === 1 ? ' is' : 's are'} left out of stage_history: ` +
        `${skippedMoves === 1 ? 'it has' : 'they have'} no readable date, deal or target stage (as report leaves ` +
        `${skippedMoves === 1 ? 'it' : 'them'} out).`,
    );
  // Amounts are exported as typed: the views keep each currency apart (a currency column), and rates are not applied.
  const currencies = dealCurrencies(deals);
  if (currencies.length > 1) {
    leftOut.push(
      `Amounts are in ${currencies.length} currencies (${currencies.join(', ')}) and are ` +
        `written as typed${loaded.pipeline.rates ? ' (the rates are not applied)' : ''}: ` +
        'every view that adds amounts groups them by its currency column and never adds across currencies.',
    );
  }
  if (noStage > 0)
    leftOut.push(
      `${noStage} deal${noStage === 1 ? ' is' : 's are'} in deals with a blank stage or one the Stages sheet ` +
        `does not list; no view counts ${noStage === 1 ? 'it' : 'them'} in any stage (as report does not).`,
    );

  const written = await writeTables(options.tables, { config, deals, history });
  if (options.json) {
    io.out(JSON.stringify({ file, tables: written, schema: SCHEMA_FILE, leftOut, problems }, null, 2));
  } else {
    for (const line of leftOut) io.err(line);
    const byRow = [...problems].sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : 0));
    for (const line of renderProblemGroups(groupProblems(byRow), { all: options.all })) io.err(withOwnOptions(line, options));
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (errors > 0)
      io.err(
        `${errors} cell${errors === 1 ? '' : 's'} could not be read; the tables ` +
          `hold them empty. Run: ${followUpCommand('check', file, options)}`,
      );
    for (const t of written) io.out(`Wrote ${t.file} (${t.rows.toLocaleString('en')} ${pluralEn(t.rows, 'row', 'rows')}).`);
    io.out(
      `Wrote ${SCHEMA_FILE} and one <table>.schema.json per table for bq load ` +
        '--schema. Next: pipeline-sheets sql --dialect bigquery --dataset NAME',
    );
  }
  return EXIT_OK;
}
