/**
 * `check FILE`: validates Stages, Deals and History and lists each kind of problem
 * once, by sheet and column, with its count and first rows and what to type instead
 * (--all lists every row; --json holds every problem). Exit 0 when there is no error,
 * 1 when there are errors (or warnings, with --strict), 2 when the file cannot be
 * read. It only reads the file.
 */
import { countEn, validateDeals } from '../../core/index';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, loadForCommand, type CommonOptions, type Io } from '../context';
import { leftOut, leftOutLines, mappingJson, mappingLines, withOwnOptions, saveStageSet } from '../mapping';

import { groupProblems, renderProblemGroups } from '../problem-groups';

export interface CheckOptions extends CommonOptions {
  readonly strict?: boolean;
  readonly writeStages?: string;
  /** List every row of each kind of problem, not the first three. */
  readonly all?: boolean;
}

export async function checkCommand(file: string, options: CheckOptions, io: Io): Promise<number> {
  const loaded = await loadForCommand(file, options, io, true);
  if (!loaded.ok) return loaded.code;
  const pipeline = loaded.pipeline;
  const problems = [...pipeline.problems, ...validateDeals(pipeline.deals, pipeline.config, pipeline.sheets.deals ?? 'Deals')];
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const failed = errors > 0 || (options.strict === true && warnings > 0);
  if (options.writeStages && !(await saveStageSet(options.writeStages, pipeline, options, io))) return EXIT_UNREADABLE;
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          file,
          ok: !failed,
          errors,
          warnings,
          deals: pipeline.deals.length,
          historyMoves: pipeline.history.length,
          stages: pipeline.config.stages.map((s) => s.name),
          ...mappingJson(pipeline),
          problems,
        },
        null,
        2,
      ),
    );
    return failed ? EXIT_PROBLEMS : EXIT_OK;
  }
  for (const line of leftOutLines(leftOut(pipeline), pipeline, options)) io.out(line);
  for (const line of mappingLines(pipeline, options)) io.out(line);
  io.out('');
  const sheetOrder = [pipeline.sheets.stages, pipeline.sheets.deals, pipeline.sheets.history];
  const rank = (sheet: string) => {
    const i = sheetOrder.indexOf(sheet);
    return i < 0 ? -1 : i;
  };
  const sorted = [...problems].sort((a, b) => rank(a.sheet) - rank(b.sheet) || a.row - b.row);
  for (const line of renderProblemGroups(groupProblems(sorted), { all: options.all })) io.out(withOwnOptions(line, options));
  const stages = pipeline.config.stages.map((s) => s.name).join(', ');
  io.out(
    `${sorted.length ? '\n' : ''}${file}: ${countEn(pipeline.deals.length, 'deal')}, ` +
      `${countEn(pipeline.history.length, 'History move')}, stages: ${stages}.`,
  );
  io.out(
    errors === 0 && warnings === 0
      ? 'No problems found.'
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return failed ? EXIT_PROBLEMS : EXIT_OK;
}
