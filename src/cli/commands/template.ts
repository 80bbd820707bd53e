/**
 * `template OUT.xlsx`: a blank workbook, ready to type deals into, for people
 * without the add-in: Stage and Owner dropdowns, rotting deals coloured, frozen
 * headers, formats, and the formula Dashboard. It never overwrites a file unless
 * --force is given, because a filled-in pipeline may sit there.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG, findPreset, ownerKey, type Language, type PipelineConfig } from '../../core/index';
import { loadStageOption } from '../../workbook/pipeline';
import { buildPipelineWorkbook, writePipelineWorkbook } from '../../workbook/pipeline-workbook';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE, type Io } from '../context';

export interface TemplateOptions {
  readonly lang?: string;
  readonly stages?: string;
  readonly force?: boolean;
  readonly owners?: string;
}

/** The stage set a template starts with in each language. */
const LANGUAGE_PRESET: Readonly<Record<Language, string>> = { en: 'b2b', vi: 'vi-5', ru: 'agency-ru' };

export async function templateCommand(out: string, options: TemplateOptions, io: Io): Promise<number> {
  const lang = (options.lang ?? 'en').toLowerCase();
  if (lang !== 'en' && lang !== 'vi' && lang !== 'ru') {
    io.err(`--lang ${options.lang}: choose en, vi or ru.`);
    return EXIT_UNREADABLE;
  }
  if (!/\.xlsx$/i.test(out)) {
    io.err(`${out}: the template is an Excel workbook; give a name ending in .xlsx.`);
    return EXIT_UNREADABLE;
  }
  if (existsSync(out) && !options.force) {
    io.err(`${out} already exists; choose another name, or pass --force to replace it.`);
    return EXIT_PROBLEMS;
  }
  let config: PipelineConfig = findPreset(LANGUAGE_PRESET[lang])?.config ?? DEFAULT_CONFIG;
  if (options.stages) {
    const loaded = await loadStageOption(options.stages);
    if (!loaded.ok) {
      io.err(loaded.reason);
      return EXIT_UNREADABLE;
    }
    config = loaded.config;
  }
  config = { ...config, rules: { ...config.rules, language: lang } };
  // Owners as typed; an address given twice in other cases is listed once, as first typed (as readDeals groups them).
  const seen = new Set<string>();
  const owners = (options.owners ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o && !seen.has(ownerKey(o)) && seen.add(ownerKey(o)));
  const built = buildPipelineWorkbook({ language: lang, config, owners, firstMonth: null });
  await writePipelineWorkbook(built, out);
  const stageNames = config.stages.map((s) => s.name).join(', ');
  io.out(`Wrote ${out}: Deals, Stages (${stageNames}), History, Owners and a formula Dashboard with four charts.`);
  io.out('Type your deals into Deals, list your team in Owners; the Dashboard updates by itself.');
  return EXIT_OK;
}
