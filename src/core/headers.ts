/**
 * Header names for the Deals, Stages and History sheets, and the aliases a team may
 * type instead (English, Vietnamese, Russian, and common CRM export names). Columns
 * are found by name, never by position, so a team can reorder, rename within the
 * aliases, and add columns of its own.
 */
import { INVISIBLE_MARKS, isBlank } from './cells';
import type { DealField, Language } from './types';

/** The header the tool writes for each deal field, per language. */
export const DEAL_HEADERS: Readonly<Record<Language, Readonly<Record<DealField, string>>>> = {
  en: {
    id: 'Deal ID',
    name: 'Deal',
    account: 'Account',
    owner: 'Owner',
    stage: 'Stage',
    amount: 'Amount',
    currency: 'Currency',
    probability: 'Probability',
    forecastCategory: 'Forecast category',
    created: 'Created',
    expectedClose: 'Expected close',
    closedOn: 'Closed on',
    nextStep: 'Next step',
    nextStepDate: 'Next step date',
    stageChanged: 'Stage changed',
    lostReason: 'Lost reason',
    snoozeUntil: 'Snooze until',
    moveReason: 'Move reason',
    lostAtStage: 'Lost at stage',
  },
  vi: {
    id: 'Mã giao dịch',
    name: 'Giao dịch',
    account: 'Khách hàng',
    owner: 'Người phụ trách',
    stage: 'Giai đoạn',
    amount: 'Giá trị',
    currency: 'Tiền tệ',
    probability: 'Xác suất',
    forecastCategory: 'Nhóm dự báo',
    created: 'Ngày tạo',
    expectedClose: 'Ngày chốt dự kiến',
    closedOn: 'Ngày đóng',
    nextStep: 'Bước tiếp theo',
    nextStepDate: 'Ngày bước tiếp theo',
    stageChanged: 'Ngày đổi giai đoạn',
    lostReason: 'Lý do thua',
    snoozeUntil: 'Tạm hoãn đến',
    moveReason: 'Lý do chuyển',
    lostAtStage: 'Thua ở giai đoạn',
  },
  ru: {
    id: 'ID сделки',
    name: 'Сделка',
    account: 'Клиент',
    owner: 'Ответственный',
    stage: 'Этап',
    amount: 'Сумма',
    currency: 'Валюта',
    probability: 'Вероятность',
    forecastCategory: 'Категория прогноза',
    created: 'Создана',
    expectedClose: 'Ожидаемое закрытие',
    closedOn: 'Дата закрытия',
    nextStep: 'Следующий шаг',
    nextStepDate: 'Дата следующего шага',
    stageChanged: 'Этап изменён',
    lostReason: 'Причина проигрыша',
    snoozeUntil: 'Отложить до',
    moveReason: 'Причина перехода',
    lostAtStage: 'Проиграна на этапе',
  },
};

/** The order in which the tool lays out Deals columns in a new sheet. */
export const DEAL_FIELDS: readonly Exclude<DealField, 'lostAtStage'>[] = [
  'id',
  'name',
  'account',
  'owner',
  'stage',
  'amount',
  'currency',
  'probability',
  'forecastCategory',
  'created',
  'expectedClose',
  'closedOn',
  'nextStep',
  'nextStepDate',
  'stageChanged',
  'lostReason',
  'snoozeUntil',
  'moveReason',
];

/** Further names a column may carry: older spellings and CRM export headers. */
const EXTRA_DEAL_ALIASES: Readonly<Record<DealField, readonly string[]>> = {
  id: ['ID', 'Deal Id', 'Opportunity ID', 'Record ID', 'Mã', 'Mã deal', 'Номер сделки', 'ID'],
  name: [
    'Deal name',
    'Name',
    'Title',
    'Opportunity',
    'Opportunity name',
    'dealname',
    'Topic',
    'Tên giao dịch',
    'Tên deal',
    'Название',
    'Название сделки',
  ],
  account: ['Company', 'Organization', 'Customer', 'Client', 'Account Name', 'Potential Customer', 'Công ty', 'Компания', 'Организация'],
  owner: [
    'Owner email',
    'Deal owner',
    'Rep',
    'Sales rep',
    'Assigned to',
    'Email',
    'OwnerId',
    'Opportunity Owner',
    'Potential Owner',
    'Salesperson',
    'hubspot_owner_id',
    'Phụ trách',
    'Người bán',
    'Менеджер',
    'Владелец',
  ],
  stage: ['Deal stage', 'Pipeline stage', 'StageName', 'dealstage', 'Sales stage', 'Status', 'Trạng thái', 'Стадия', 'Статус'],
  amount: [
    'Value',
    'Deal value',
    'Deal amount',
    'Revenue',
    'Est. revenue',
    'Sales Amount',
    'Opportunity amount',
    'Số tiền',
    'Doanh thu',
    'Бюджет',
    'Стоимость',
  ],
  currency: ['Currency code', 'Đơn vị tiền', 'Код валюты'],
  probability: ['Probability (%)', 'Win probability', 'Deal probability', 'Probability %', 'Khả năng thắng', 'Вероятность (%)'],
  forecastCategory: ['Forecast', 'Category', 'ForecastCategoryName', 'Forecast Category Name', 'Dự báo', 'Прогноз'],
  created: [
    'Created on',
    'Create date',
    'Created date',
    'Add time',
    'CreatedDate',
    'createdate',
    'Created Time',
    'Deal created',
    'Ngày tạo deal',
    'Дата создания',
  ],
  expectedClose: [
    'Expected close date',
    'Close date',
    'CloseDate',
    'closedate',
    'Closing Date',
    'Est. Close Date',
    'Expected Closing',
    'Ngày chốt',
    'Дата закрытия (план)',
    'Плановая дата',
  ],
  closedOn: ['Closed date', 'Won/lost date', 'Actual close date', 'Actual Close', 'Close time', 'Ngày kết thúc', 'Фактическое закрытие'],
  nextStep: ['Next activity', 'Next action', 'Hành động tiếp theo', 'Следующее действие'],
  nextStepDate: ['Next activity date', 'Next action date', 'Ngày hành động', 'Дата следующего действия'],
  stageChanged: ['Stage changed on', 'Last stage change', 'Entered stage', 'Ngày chuyển giai đoạn', 'Дата смены этапа'],
  lostReason: ['Reason lost', 'Closed lost reason', 'Lý do mất', 'Причина отказа'],
  snoozeUntil: ['Snoozed until', 'Snooze', 'Hoãn đến', 'Отложено до'],
  moveReason: ['Reason for move', 'Stage change reason', 'Lý do', 'Причина'],
  // Not in DEAL_FIELDS: an optional column a template does not add, read when a CRM export has it.
  lostAtStage: [
    'Stage before lost',
    'Last stage before lost',
    'Lost stage',
    'Stage when lost',
    'Lost in stage',
    'Giai đoạn trước khi thua',
    'Giai đoạn khi thua',
    'Этап до проигрыша',
    'Этап при проигрыше',
  ],
};

/**
 * Folds a header for matching: case, accents kept apart from letters, spacing,
 * punctuation, zero-width characters and direction marks (typed by right-to-left keyboards)
 * do not matter ("expected_close " = "Expected close").
 */
export function headerKey(text: unknown): string {
  return String(text ?? '')
    .normalize('NFC')
    .replace(INVISIBLE_MARKS, ' ')
    .replace(/\u00A0/g, ' ')
    .toLowerCase()
    .replace(/[_\-./:()%*#]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

let dealAliasIndex: Map<string, DealField> | undefined;

/** Maps every alias of every Deals field to that field. */
export function dealAliases(): ReadonlyMap<string, DealField> {
  if (dealAliasIndex) return dealAliasIndex;
  const index = new Map<string, DealField>();
  for (const lang of Object.keys(DEAL_HEADERS) as Language[]) {
    for (const field of Object.keys(DEAL_HEADERS[lang]) as DealField[]) {
      index.set(headerKey(DEAL_HEADERS[lang][field]), field);
    }
  }
  for (const field of Object.keys(EXTRA_DEAL_ALIASES) as DealField[]) {
    for (const alias of EXTRA_DEAL_ALIASES[field]) {
      const key = headerKey(alias);
      if (!index.has(key)) index.set(key, field);
    }
  }
  dealAliasIndex = index;
  return index;
}

/** Finds the Deals field a header names, or undefined for a column of the team's own. */
export function dealFieldFor(header: unknown): DealField | undefined {
  return dealAliases().get(headerKey(header));
}

/** Parses a list of field names such as "Amount, Expected close" into fields. */
export function parseFieldList(text: unknown): { fields: DealField[]; unknown: string[] } {
  const fields: DealField[] = [];
  const unknown: string[] = [];
  for (const part of String(text ?? '').split(/[,;\n]/)) {
    const name = part.trim();
    if (!name) continue;
    const field = dealFieldFor(name);
    if (field) {
      if (!fields.includes(field)) fields.push(field);
    } else {
      unknown.push(name);
    }
  }
  return { fields, unknown };
}

/**
 * Picks a table's header row: among the first ten non-blank rows, the one in which
 * `countColumns` recognises the most columns (at least `atLeast`), so a title row such
 * as "Pipeline Q4" above the header is passed over. With no such row, the first
 * non-blank row (whose missing columns the reader then reports); -1 when all are blank.
 */
export function findHeaderRow(
  values: readonly (readonly unknown[])[],
  countColumns: (row: readonly unknown[]) => number,
  atLeast = 2,
): number {
  let best = -1;
  let bestCount = 0;
  let firstNonBlank = -1;
  for (let r = 0, seen = 0; r < values.length && seen < 10; r++) {
    const row = values[r] ?? [];
    if (row.every((cell) => isBlank(cell))) continue;
    seen++;
    if (firstNonBlank < 0) firstNonBlank = r;
    const count = countColumns(row);
    if (count > bestCount) {
      best = r;
      bestCount = count;
    }
  }
  return bestCount >= atLeast ? best : firstNonBlank;
}
