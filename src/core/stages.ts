/**
 * The team's stages and rules: the built-in B2B default, reading a Stages sheet
 * (a table of stages, then a key/value block of rules), writing it back, and looking
 * a stage up by the name a user typed. A bad Stages sheet yields problems and a
 * usable configuration, never a crash.
 */
import { cellText, isBlank, parseNumber, parseProbability, parseYesNo, isEmail, shorten, withoutInvisibleMarks } from './cells';
import { parseDateOrder } from './dates';
import { findHeaderRow, headerKey, parseFieldList, DEAL_HEADERS } from './headers';
import {
  FORECAST_CATEGORIES,
  type ForecastCategory,
  type Language,
  type PipelineConfig,
  type PipelineRules,
  type Problem,
  type Stage,
  type StageOutcome,
} from './types';

export const STAGES_SHEET = 'Stages';

/** Columns of the Stages table, in the order the tool writes them. */
export const STAGE_HEADERS = [
  'Stage',
  'Order',
  'Probability',
  'Rotting days',
  'Forecast category',
  'Outcome',
  'Required fields',
  'Allowed next',
] as const;
type StageColumn = 'name' | 'order' | 'probability' | 'rottingDays' | 'category' | 'outcome' | 'required' | 'allowedNext';
const STAGE_COLUMNS: readonly StageColumn[] = [
  'name',
  'order',
  'probability',
  'rottingDays',
  'category',
  'outcome',
  'required',
  'allowedNext',
];

const STAGE_ALIASES: Readonly<Record<StageColumn, readonly string[]>> = {
  name: ['Stage', 'Stage name', 'Name', 'Giai đoạn', 'Этап', 'Название этапа'],
  order: ['Order', 'Position', '#', 'Thứ tự', 'Порядок'],
  probability: ['Probability', 'Win probability', 'Probability (%)', 'Xác suất', 'Вероятность'],
  rottingDays: ['Rotting days', 'Rotting', 'Days before stale', 'Stale after days', 'Số ngày tồn đọng', 'Дней до застоя'],
  category: ['Forecast category', 'Category', 'Nhóm dự báo', 'Категория прогноза'],
  outcome: ['Outcome', 'Result', 'Type', 'Kết quả', 'Итог', 'Исход'],
  required: ['Required fields', 'Required', 'Trường bắt buộc', 'Обязательные поля'],
  allowedNext: ['Allowed next', 'Allowed next stages', 'Next stages', 'Giai đoạn kế tiếp', 'Следующие этапы', 'Разрешённые переходы'],
};

type RuleKey =
  | 'skippingAllowed'
  | 'backwardNeedsReason'
  | 'reopenAllowed'
  | 'digestHour'
  | 'managerEmail'
  | 'language'
  | 'dateOrder'
  | 'fiscalYearStartMonth';

/** The rule block's labels, as the tool writes them. */
export const RULE_LABELS: Readonly<Record<RuleKey, string>> = {
  skippingAllowed: 'Skipping allowed',
  backwardNeedsReason: 'Backward moves need a reason',
  reopenAllowed: 'Reopening won/lost allowed',
  digestHour: 'Digest hour',
  managerEmail: 'Manager email',
  language: 'Language',
  dateOrder: 'Date order',
  fiscalYearStartMonth: 'Fiscal year starts',
};
const RULE_ALIASES: Readonly<Record<RuleKey, readonly string[]>> = {
  skippingAllowed: ['Skipping allowed', 'Allow skipping', 'Skip stages', 'Cho phép bỏ qua', 'Разрешить пропуск этапов'],
  backwardNeedsReason: [
    'Backward moves need a reason',
    'Backward needs reason',
    'Reason for backward moves',
    'Lùi cần lý do',
    'Причина для возврата',
  ],
  reopenAllowed: ['Reopening won/lost allowed', 'Reopen allowed', 'Allow reopen', 'Cho phép mở lại', 'Разрешить переоткрытие'],
  digestHour: ['Digest hour', 'Alert hour', 'Giờ gửi', 'Час рассылки'],
  managerEmail: ['Manager email', 'Manager', 'Email quản lý', 'Email руководителя'],
  language: ['Language', 'Locale', 'Ngôn ngữ', 'Язык'],
  dateOrder: ['Date order', 'Date format', 'Thứ tự ngày', 'Định dạng ngày', 'Порядок даты', 'Порядок дат', 'Формат даты'],
  fiscalYearStartMonth: [
    'Fiscal year starts',
    'Fiscal year start',
    'Fiscal year start month',
    'First month of fiscal year',
    'Năm tài chính bắt đầu',
    'Tháng bắt đầu năm tài chính',
    'Начало финансового года',
    'Финансовый год начинается',
  ],
};

export const DEFAULT_RULES: PipelineRules = {
  skippingAllowed: false,
  backwardNeedsReason: true,
  reopenAllowed: false,
  digestHour: 8,
  managerEmail: '',
  language: 'en',
};

/** A stage in one line, for built-in stage sets. */
export function defineStage(
  name: string,
  order: number,
  probability: number,
  rottingDays: number | null,
  category: ForecastCategory,
  outcome: StageOutcome,
  requiredFields: Stage['requiredFields'] = [],
  allowedNext: Stage['allowedNext'] = [],
): Stage {
  return { name, order, probability, rottingDays, category, outcome, requiredFields, allowedNext };
}
const stage = defineStage;

/** Common B2B practice: six open stages, then Won and Lost. */
export const DEFAULT_STAGES: readonly Stage[] = [
  stage('Lead', 1, 0.1, 14, 'Pipeline', 'open'),
  stage('Qualified', 2, 0.2, 14, 'Pipeline', 'open', ['owner']),
  stage('Contacted', 3, 0.3, 14, 'Pipeline', 'open', ['owner']),
  stage('Meeting/Demo', 4, 0.4, 21, 'Best case', 'open', ['owner', 'amount']),
  stage('Proposal', 5, 0.6, 21, 'Best case', 'open', ['owner', 'amount', 'expectedClose']),
  stage('Negotiation', 6, 0.8, 14, 'Commit', 'open', ['owner', 'amount', 'expectedClose']),
  stage('Won', 7, 1, null, 'Closed', 'won', ['amount']),
  stage('Lost', 8, 0, null, 'Omitted', 'lost', ['lostReason']),
];

export const DEFAULT_CONFIG: PipelineConfig = { stages: DEFAULT_STAGES, rules: DEFAULT_RULES };

/** Folds a stage name for lookup: "meeting / demo " finds "Meeting/Demo". */
export function stageKey(name: unknown): string {
  return headerKey(name).replace(/\s+/g, '');
}

interface StageIndex {
  readonly byKey: Map<string, Stage>;
  /** Text exactly as typed → stage (null: none), so a million rows fold each spelling once. */
  readonly byText: Map<string, Stage | null>;
}
const lookups = new WeakMap<PipelineConfig, StageIndex>();
const MAX_REMEMBERED_SPELLINGS = 10_000;

/** Finds a stage by the name a user typed, ignoring case, spacing and punctuation. */
/**
 * The key a stage is found by: stageKey, or, for a name of punctuation only ("#", "-")
 * that folds to nothing, the name itself, so that it matches only itself and never a
 * blank Stage cell or a "-" typed for "none".
 */
function lookupKey(name: unknown): string {
  const key = stageKey(name);
  if (key) return key;
  const text = typeof name === 'string' ? name.trim() : '';
  return text ? `\u0000${text}` : '';
}

export function findStage(config: PipelineConfig, name: unknown): Stage | undefined {
  let index = lookups.get(config);
  if (!index) {
    index = { byKey: new Map(), byText: new Map() };
    for (const s of config.stages) if (!index.byKey.has(lookupKey(s.name))) index.byKey.set(lookupKey(s.name), s);
    lookups.set(config, index);
  }
  if (typeof name !== 'string') return index.byKey.get(lookupKey(name));
  const known = index.byText.get(name);
  if (known !== undefined) return known ?? undefined;
  const found = index.byKey.get(lookupKey(name)) ?? null;
  if (index.byText.size < MAX_REMEMBERED_SPELLINGS) index.byText.set(name, found);
  return found ?? undefined;
}

/** Open stages in pipeline order (the path a deal walks before it is won or lost). */
export function openStages(config: PipelineConfig): Stage[] {
  return config.stages.filter((s) => s.outcome === 'open');
}

/** The stages a funnel shows: open stages in order, then the won stage(s). */
export function funnelStages(config: PipelineConfig): Stage[] {
  return config.stages.filter((s) => s.outcome !== 'lost');
}

function matchColumns<K extends string>(header: readonly unknown[], aliases: Readonly<Record<K, readonly string[]>>): Map<K, number> {
  const found = new Map<K, number>();
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    for (const column of Object.keys(aliases) as K[]) {
      if (!found.has(column) && aliases[column].some((alias) => headerKey(alias) === key)) {
        found.set(column, index);
        return;
      }
    }
  });
  return found;
}

function ruleFor(label: unknown): RuleKey | undefined {
  const key = headerKey(label);
  return (Object.keys(RULE_ALIASES) as RuleKey[]).find((rule) => RULE_ALIASES[rule].some((alias) => headerKey(alias) === key));
}

/**
 * CRM forecast categories that mean one of ours: Salesforce's ForecastCategoryName
 * (Pipeline, Best Case, Commit, Closed, Omitted; "Forecast" and "MostLikely" are its
 * API values for Commit and Best Case), HubSpot's ("Committed", "Closed Won") and
 * Dynamics 365's ("Won", "Lost").
 */
const CATEGORY_ALIASES: Readonly<Record<string, ForecastCategory>> = {
  bestcase: 'Best case',
  mostlikely: 'Best case',
  commit: 'Commit',
  committed: 'Commit',
  forecast: 'Commit',
  closed: 'Closed',
  closedwon: 'Closed',
  won: 'Closed',
  omitted: 'Omitted',
  omit: 'Omitted',
  closedlost: 'Omitted',
  lost: 'Omitted',
  notforecasted: 'Omitted',
  pipeline: 'Pipeline',
};

function parseCategory(value: unknown): ForecastCategory | undefined {
  const key = headerKey(value).replace(/\s+/g, '');
  return FORECAST_CATEGORIES.find((c) => c.toLowerCase().replace(/\s+/g, '') === key) ?? CATEGORY_ALIASES[key];
}

const OUTCOMES: Readonly<Record<string, StageOutcome>> = {
  open: 'open',
  won: 'won',
  lost: 'lost',
  win: 'won',
  lose: 'lost',
  'closed won': 'won',
  'closed lost': 'lost',
  'đang mở': 'open',
  mở: 'open',
  thắng: 'won',
  thua: 'lost',
  открыт: 'open',
  открыта: 'open',
  выиграна: 'won',
  выигран: 'won',
  успех: 'won',
  проиграна: 'lost',
  проигран: 'lost',
  отказ: 'lost',
};

/** The header of the rule block ("Setting | Value") in en, vi and ru, as stagesToTable and the workbook labels write it. */
const SETTING_LABELS: readonly string[] = ['setting', 'thiết lập', 'настройка'];

/** Parses a category cell; exported for the Deals reader's per-deal override. */
export { parseCategory };

export interface StageReadOptions {
  /** Sheet row number of values[0], when the values do not start on row 1 (an add-in's used range). */
  readonly firstRow?: number;
}

/**
 * Reads a Stages sheet: a header row (title rows above it are passed over), one row
 * per stage until the first blank row, then (anywhere below) rows whose first cell
 * names a rule. An empty or missing table gives the default stages with a warning.
 * Every problem names its row and column.
 */
export function readStages(
  values: readonly (readonly unknown[])[],
  sheet = STAGES_SHEET,
  options: StageReadOptions = {},
): { config: PipelineConfig; problems: Problem[] } {
  const firstRow = options.firstRow ?? 1;
  const problems: Problem[] = [];
  const add = (row: number, column: string, code: string, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ sheet, row, column, code, message, severity });

  // Only a row with a Stage column counts as the header, so any title row above it is passed over.
  const headerRow = findHeaderRow(
    values,
    (row) => {
      const found = matchColumns(row, STAGE_ALIASES);
      return found.has('name') ? found.size : 0;
    },
    1,
  );
  const header = headerRow >= 0 ? values[headerRow] : [];
  const columns = matchColumns(header, STAGE_ALIASES);
  const rules = readRules(values, add, firstRow);

  if (headerRow < 0 || !columns.has('name')) {
    const defineYourOwn = 'Add a header row starting with "Stage" to define your own.';
    add(
      Math.max(headerRow, 0) + firstRow,
      'Stage',
      'no-stages',
      `The ${sheet} sheet has no "Stage" column, so the default stages (Lead … Won, Lost) are used. ${defineYourOwn}`,
      'warning',
    );
    return { config: { stages: DEFAULT_STAGES, rules }, problems };
  }
  const label = (column: StageColumn) => cellText(header[columns.get(column) ?? -1]) || STAGE_HEADERS[STAGE_COLUMNS.indexOf(column)];
  const cell = (row: readonly unknown[], column: StageColumn) => (columns.has(column) ? row[columns.get(column)!] : undefined);

  const stages: Stage[] = [];
  const seen = new Map<string, number>();
  const pendingNext: { stage: number; row: number; names: string[] }[] = [];
  let tableEnd = values.length;
  for (let r = headerRow + 1; r < values.length; r++) {
    const row = values[r];
    if (!row || row.every((c) => isBlank(c)) || ruleFor(row[0]) || SETTING_LABELS.includes(headerKey(row[0]))) {
      tableEnd = r;
      break;
    }
    const sheetRow = r + firstRow;
    // A stage name is copied into Deals and History, so it is kept free of invisible marks.
    const name = withoutInvisibleMarks(cellText(cell(row, 'name')));
    if (!name) {
      add(sheetRow, label('name'), 'stage-name-missing', 'This row has no stage name; type one, or delete the row.');
      continue;
    }
    if (seen.has(stageKey(name))) {
      add(
        sheetRow,
        label('name'),
        'stage-duplicate',
        `"${shorten(name)}" is already defined on row ${seen.get(stageKey(name))}; give each stage a different name.`,
      );
      continue;
    }
    seen.set(stageKey(name), sheetRow);

    const order = parseNumber(cell(row, 'order'));
    if (!order.ok)
      add(sheetRow, label('order'), 'stage-order', `${order.reason}; type a whole number for the position of "${shorten(name)}".`);
    const probability = parseProbability(cell(row, 'probability'));
    if (!probability.ok)
      add(
        sheetRow,
        label('probability'),
        'stage-probability',
        `${probability.reason}; type the win probability of "${shorten(name)}" between 0% and 100%.`,
      );
    const rotting = parseNumber(cell(row, 'rottingDays'));
    const rottingOk = rotting.ok && (rotting.value === null || rotting.value >= 0);
    if (!rottingOk)
      add(
        sheetRow,
        label('rottingDays'),
        'stage-rotting',
        `Rotting days for "${shorten(name)}" must be a number of days (0 or more), or blank for never.`,
      );

    const outcomeText = headerKey(cell(row, 'outcome'));
    let outcome: StageOutcome | undefined = outcomeText ? OUTCOMES[outcomeText] : undefined;
    if (outcomeText && !outcome)
      add(
        sheetRow,
        label('outcome'),
        'stage-outcome',
        `"${shorten(cellText(cell(row, 'outcome')))}" is not an outcome; type open, won or lost.`,
      );
    outcome ??= guessOutcome(name);

    const categoryText = cell(row, 'category');
    let category = parseCategory(categoryText);
    if (!isBlank(categoryText) && !category)
      add(
        sheetRow,
        label('category'),
        'stage-category',
        `"${shorten(cellText(categoryText))}" is not a forecast category; type one of ${FORECAST_CATEGORIES.join(', ')}.`,
      );
    category ??= outcome === 'won' ? 'Closed' : outcome === 'lost' ? 'Omitted' : 'Pipeline';

    const required = parseFieldList(cell(row, 'required'));
    for (const unknown of required.unknown) {
      add(
        sheetRow,
        label('required'),
        'stage-required-unknown',
        `"${shorten(unknown)}" is not a Deals column; ` +
          `use names such as ${DEAL_HEADERS.en.amount}, ${DEAL_HEADERS.en.expectedClose}, ${DEAL_HEADERS.en.lostReason}.`,
      );
    }
    const names = cellText(cell(row, 'allowedNext'))
      .split(/[,;\n]/)
      .map((n) => n.trim())
      .filter(Boolean);
    pendingNext.push({ stage: stages.length, row: sheetRow, names });

    const defaultProbability = outcome === 'won' ? 1 : outcome === 'lost' ? 0 : 0;
    stages.push({
      name,
      order: order.ok && order.value !== null ? order.value : stages.length + 1,
      probability: probability.ok && probability.value !== null ? probability.value : defaultProbability,
      rottingDays: rottingOk && rotting.ok ? rotting.value : null,
      category,
      outcome,
      requiredFields: required.fields,
      allowedNext: [],
    });
  }

  for (const pending of pendingNext) {
    const allowed: string[] = [];
    for (const typed of pending.names) {
      const target = stages.find((s) => stageKey(s.name) === stageKey(typed));
      if (target) allowed.push(target.name);
      else
        add(
          pending.row,
          label('allowedNext'),
          'stage-next-unknown',
          `"${shorten(typed)}" in allowed next stages is not a stage on this sheet; check the spelling or add that stage.`,
        );
    }
    stages[pending.stage] = { ...stages[pending.stage], allowedNext: allowed };
  }

  // Below the table only rules are read; any other row there would vanish without a word.
  for (let r = tableEnd; r < values.length; r++) {
    const row = values[r];
    if (!row || row.every((c) => isBlank(c)) || ruleFor(row[0]) || SETTING_LABELS.includes(headerKey(row[0]))) continue;
    add(
      r + firstRow,
      label('name'),
      'stage-row-ignored',
      'This row is below the blank row that ends the stage table, so it is not read. ' +
        'To make it a stage, delete the blank rows above it; otherwise clear it.',
      'warning',
    );
  }

  if (stages.length === 0) {
    add(
      headerRow + firstRow + 1,
      label('name'),
      'no-stages',
      `The ${sheet} sheet lists no stages, so the default stages are used. Add one row per stage under the header.`,
      'warning',
    );
    return { config: { stages: DEFAULT_STAGES, rules }, problems };
  }
  if (!stages.some((s) => s.outcome === 'won')) {
    add(
      headerRow + firstRow,
      label('outcome'),
      'no-won-stage',
      'No stage has the outcome "won", so win rate, cycle time and velocity cannot be computed. Set Outcome to "won" for your won stage.',
    );
  }
  stages.sort((a, b) => a.order - b.order);
  for (const s of stages) {
    if (s.outcome !== 'open' || s.allowedNext.length === 0) continue;
    if (!canReachEnd(s, stages)) {
      const row = seen.get(stageKey(s.name)) ?? 0;
      add(row, label('allowedNext'), 'stage-dead-end', loopMessage(s, stages, label('allowedNext')), 'warning');
    }
  }
  return { config: { stages, rules }, problems };
}

function canReachEnd(start: Stage, stages: readonly Stage[]): boolean {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length) {
    const current = queue.pop()!;
    if (current.outcome !== 'open') return true;
    if (seen.has(current.name)) continue;
    seen.add(current.name);
    const next = current.allowedNext.length ? current.allowedNext : stages.map((s) => s.name);
    for (const name of next) {
      const target = stages.find((s) => s.name === name);
      if (target) queue.push(target);
    }
  }
  return false;
}

/**
 * Names the loop a dead-end stage falls into ("Lead → Demo → Lead"), so the team sees
 * which Allowed next cells to change. Only called when no stage reachable from `start`
 * leads out: each has a non-empty Allowed next of open stages, so following the first
 * one always comes back to a stage already on the path.
 */
function loopMessage(start: Stage, stages: readonly Stage[], column: string): string {
  const path: Stage[] = [];
  for (let current: Stage | undefined = start; current && !path.includes(current); ) {
    path.push(current);
    const next: string | undefined = current.allowedNext[0];
    current = stages.find((s): boolean => s.name === next);
  }
  const back = stages.find((s) => s.name === path[path.length - 1].allowedNext[0]);
  const names = [...path, ...(back ? [back] : [])].map((s) => shorten(s.name, 30));
  const shown = names.length > 8 ? [...names.slice(0, 6), '…', names[names.length - 1]] : names;
  const ends = [stages.find((s) => s.outcome === 'won'), stages.find((s) => s.outcome === 'lost')]
    .filter((s): s is Stage => s !== undefined)
    .map((s) => shorten(s.name, 30));
  const add = ends.length ? ends.join(' or ') : 'a won or lost stage';
  return path.length === 1
    ? `${shown.join(' → ')}: this stage only leads to itself, so a deal in it can never be won or lost. Add ${add} to its ${column}.`
    : `${shown.join(' → ')}: these stages only lead to each other, ` +
        `so a deal in them can never be won or lost. Add ${add} to one of their ${column}.`;
}

function guessOutcome(name: string): StageOutcome {
  const key = headerKey(name);
  if (/\b(won|closed won|thắng|выиграна|успешно)\b/.test(key)) return 'won';
  if (/\b(lost|closed lost|thua|проиграна|отказ)\b/.test(key)) return 'lost';
  return 'open';
}

function readRules(
  values: readonly (readonly unknown[])[],
  add: (row: number, column: string, code: string, message: string, severity?: Problem['severity']) => void,
  firstRow: number,
): PipelineRules {
  const rules: { -readonly [K in keyof PipelineRules]: PipelineRules[K] } = { ...DEFAULT_RULES };
  values.forEach((row, r) => {
    const rule = row ? ruleFor(row[0]) : undefined;
    if (!rule) return;
    const value = row[1];
    const sheetRow = r + firstRow;
    const label = cellText(row[0]);
    if (rule === 'skippingAllowed' || rule === 'backwardNeedsReason' || rule === 'reopenAllowed') {
      const parsed = parseYesNo(value);
      if (!parsed.ok) add(sheetRow, label, 'rule-yes-no', `${parsed.reason}; type yes or no.`);
      else if (parsed.value !== null) rules[rule] = parsed.value;
    } else if (rule === 'digestHour') {
      const parsed = parseNumber(value);
      if (!parsed.ok || (parsed.value !== null && (!Number.isInteger(parsed.value) || parsed.value < 0 || parsed.value > 23))) {
        add(sheetRow, label, 'rule-hour', 'The digest hour must be a whole number from 0 to 23.');
      } else if (parsed.value !== null) rules.digestHour = parsed.value;
    } else if (rule === 'managerEmail') {
      const email = cellText(value).toLowerCase();
      if (email && !isEmail(email))
        add(sheetRow, label, 'rule-email', `"${shorten(email)}" is not an email address; type one address, such as boss@example.com.`);
      else rules.managerEmail = email;
    } else if (rule === 'dateOrder') {
      const order = parseDateOrder(cellText(value));
      if (order) rules.dateOrder = order;
      else if (!isBlank(value)) {
        const orders = 'type dmy (23/11/2026), mdy (11/23/2026, US style) or ymd (2026/11/23), or leave it blank to read day first';
        add(sheetRow, label, 'rule-date-order', `"${shorten(cellText(value))}" is not a date order; ${orders}.`);
      }
    } else if (rule === 'fiscalYearStartMonth') {
      const month = parseMonth(value);
      if (isBlank(value)) return;
      if (month === null)
        add(
          sheetRow,
          label,
          'rule-fiscal-month',
          `"${shorten(cellText(value))}" is not a month; type its number (4 for April) or its name (April, Tháng 4, Апрель).`,
        );
      else rules.fiscalYearStartMonth = month;
    } else {
      const lang = cellText(value).toLowerCase().slice(0, 2);
      if (lang === 'en' || lang === 'vi' || lang === 'ru') rules.language = lang as Language;
      else if (lang) add(sheetRow, label, 'rule-language', 'The language must be en, vi or ru.');
    }
  });
  return rules;
}

const MONTH_NAMES: readonly (readonly string[])[] = [
  ['january', 'jan', 'январь', 'янв'],
  ['february', 'feb', 'февраль', 'фев'],
  ['march', 'mar', 'март', 'мар'],
  ['april', 'apr', 'апрель', 'апр'],
  ['may', 'май'],
  ['june', 'jun', 'июнь', 'июн'],
  ['july', 'jul', 'июль', 'июл'],
  ['august', 'aug', 'август', 'авг'],
  ['september', 'sep', 'sept', 'сентябрь', 'сен'],
  ['october', 'oct', 'октябрь', 'окт'],
  ['november', 'nov', 'ноябрь', 'ноя'],
  ['december', 'dec', 'декабрь', 'дек'],
];

/** A month as 1-12 from a number, "April", "Apr", "Tháng 4" or "Апрель"; null for anything else. */
export function parseMonth(value: unknown): number | null {
  const text = cellText(value).trim().toLowerCase();
  const number = /^(?:tháng\s*)?(\d{1,2})$/.exec(text);
  if (number) {
    const month = Number(number[1]);
    return month >= 1 && month <= 12 ? month : null;
  }
  const index = MONTH_NAMES.findIndex((names) => names.includes(text));
  return index < 0 ? null : index + 1;
}

/**
 * Writes a configuration as a Stages sheet: the stage table, a blank row, the rules.
 * Probabilities are fractions (0.6); adapters give that column a percent format.
 */
export function stagesToTable(config: PipelineConfig): (string | number)[][] {
  const field = (f: string) => DEAL_HEADERS.en[f as keyof typeof DEAL_HEADERS.en] ?? f;
  const rows: (string | number)[][] = [[...STAGE_HEADERS]];
  for (const s of config.stages) {
    rows.push([
      s.name,
      s.order,
      s.probability,
      s.rottingDays ?? '',
      s.category,
      s.outcome,
      s.requiredFields.map(field).join(', '),
      s.allowedNext.join(', '),
    ]);
  }
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const r = config.rules;
  rows.push(
    ['', '', '', '', '', '', '', ''],
    ['Setting', 'Value', '', '', '', '', '', ''],
    [RULE_LABELS.skippingAllowed, yes(r.skippingAllowed), '', '', '', '', '', ''],
    [RULE_LABELS.backwardNeedsReason, yes(r.backwardNeedsReason), '', '', '', '', '', ''],
    [RULE_LABELS.reopenAllowed, yes(r.reopenAllowed), '', '', '', '', '', ''],
    [RULE_LABELS.digestHour, r.digestHour, '', '', '', '', '', ''],
    [RULE_LABELS.managerEmail, r.managerEmail, '', '', '', '', '', ''],
    [RULE_LABELS.language, r.language, '', '', '', '', '', ''],
  );
  if (r.dateOrder) rows.push([RULE_LABELS.dateOrder, r.dateOrder, '', '', '', '', '', '']);
  if (r.fiscalYearStartMonth !== undefined && r.fiscalYearStartMonth !== 1)
    rows.push([RULE_LABELS.fiscalYearStartMonth, r.fiscalYearStartMonth, '', '', '', '', '', '']);
  return rows;
}
