/**
 * Sheet names and the few labels the workbook writer uses, in English, Vietnamese
 * and Russian, and the names under which the reader finds each sheet. The Deals,
 * Stages and History column headers themselves come from the core (headers.ts).
 */
import { headerKey, type Language } from '../core/index';

export type SheetRole = 'deals' | 'stages' | 'history' | 'dashboard' | 'owners' | 'snapshots';

/**
 * Sheet names the tool writes. Excel reserves the sheet name "History" (exceljs
 * refuses it too), so .xlsx files carry the log as "Stage history"; the reader
 * accepts both.
 */
export const SHEET_NAMES: Readonly<Record<Language, Readonly<Record<SheetRole, string>>>> = {
  en: { deals: 'Deals', stages: 'Stages', history: 'Stage history', dashboard: 'Dashboard', owners: 'Owners', snapshots: 'Snapshots' },
  vi: { deals: 'Giao dịch', stages: 'Giai đoạn', history: 'Lịch sử', dashboard: 'Tổng quan', owners: 'Người phụ trách', snapshots: 'Ảnh chụp' },
  ru: { deals: 'Сделки', stages: 'Этапы', history: 'История', dashboard: 'Сводка', owners: 'Ответственные', snapshots: 'Снимки' },
};

const EXTRA_SHEET_ALIASES: Readonly<Record<SheetRole, readonly string[]>> = {
  deals: ['Opportunities', 'Pipeline', 'Deal list'],
  stages: ['Stage', 'Pipeline stages'],
  history: ['History', 'Moves', 'Log'],
  dashboard: [],
  owners: ['Reps', 'Team'],
  snapshots: ['Snapshot', 'Pipeline snapshots'],
};

/** Which role a sheet name plays, ignoring case and spacing; undefined for other sheets. */
export function sheetRole(name: string): SheetRole | undefined {
  const key = headerKey(name);
  for (const role of Object.keys(EXTRA_SHEET_ALIASES) as SheetRole[]) {
    const names = [...(Object.values(SHEET_NAMES).map((n) => n[role])), ...EXTRA_SHEET_ALIASES[role]];
    if (names.some((n) => headerKey(n) === key)) return role;
  }
  return undefined;
}

/** Stages table headers per language; each is an alias the core's readStages accepts. */
export const STAGE_TABLE_HEADERS: Readonly<Record<Language, readonly string[]>> = {
  en: ['Stage', 'Order', 'Probability', 'Rotting days', 'Forecast category', 'Outcome', 'Required fields', 'Allowed next'],
  vi: ['Giai đoạn', 'Thứ tự', 'Xác suất', 'Số ngày tồn đọng', 'Nhóm dự báo', 'Kết quả', 'Trường bắt buộc', 'Giai đoạn kế tiếp'],
  ru: ['Этап', 'Порядок', 'Вероятность', 'Дней до застоя', 'Категория прогноза', 'Исход', 'Обязательные поля', 'Следующие этапы'],
};

/** Rule labels per language, in the order of stagesToTable's rule block; each is an alias readStages accepts. */
export const RULE_TABLE_LABELS: Readonly<Record<Language, readonly string[]>> = {
  en: ['Setting', 'Skipping allowed', 'Backward moves need a reason', 'Reopening won/lost allowed', 'Digest hour', 'Manager email', 'Language', 'Date order'],
  vi: ['Thiết lập', 'Cho phép bỏ qua', 'Lùi cần lý do', 'Cho phép mở lại', 'Giờ gửi', 'Email quản lý', 'Ngôn ngữ', 'Thứ tự ngày'],
  ru: ['Настройка', 'Разрешить пропуск этапов', 'Причина для возврата', 'Разрешить переоткрытие', 'Час рассылки', 'Email руководителя', 'Язык', 'Порядок даты'],
};

/** Dashboard labels. */
export interface DashboardLabels {
  readonly title: string;
  readonly note: string;
  readonly firstMonth: string;
  readonly byStage: string;
  readonly byMonth: string;
  readonly stage: string;
  readonly deals: string;
  readonly amount: string;
  readonly weighted: string;
  readonly month: string;
  readonly total: string;
  readonly earlier: string;
  readonly later: string;
  readonly noDate: string;
  readonly owner: string;
  readonly yes: string;
  readonly no: string;
}

export const DASHBOARD_LABELS: Readonly<Record<Language, DashboardLabels>> = {
  en: {
    title: 'Weighted forecast',
    note: 'Open deals only: amount × probability, where a deal\'s own Probability beats its stage\'s. Plain formulas; they work in Excel, LibreOffice and Google Sheets.',
    firstMonth: 'First month shown',
    byStage: 'By stage',
    byMonth: 'By expected close month',
    stage: 'Stage',
    deals: 'Deals',
    amount: 'Amount',
    weighted: 'Weighted',
    month: 'Month',
    total: 'Total',
    earlier: 'Earlier',
    later: 'Later',
    noDate: '(no date)',
    owner: 'Owner',
    yes: 'yes',
    no: 'no',
  },
  vi: {
    title: 'Dự báo có trọng số',
    note: 'Chỉ giao dịch đang mở: giá trị × xác suất; xác suất riêng của giao dịch được ưu tiên hơn xác suất của giai đoạn.',
    firstMonth: 'Tháng đầu tiên',
    byStage: 'Theo giai đoạn',
    byMonth: 'Theo tháng chốt dự kiến',
    stage: 'Giai đoạn',
    deals: 'Số giao dịch',
    amount: 'Giá trị',
    weighted: 'Có trọng số',
    month: 'Tháng',
    total: 'Tổng',
    earlier: 'Trước đó',
    later: 'Sau đó',
    noDate: '(không có ngày)',
    owner: 'Người phụ trách',
    yes: 'có',
    no: 'không',
  },
  ru: {
    title: 'Взвешенный прогноз',
    note: 'Только открытые сделки: сумма × вероятность; вероятность сделки важнее вероятности этапа.',
    firstMonth: 'Первый месяц',
    byStage: 'По этапам',
    byMonth: 'По месяцу ожидаемого закрытия',
    stage: 'Этап',
    deals: 'Сделок',
    amount: 'Сумма',
    weighted: 'Взвешенно',
    month: 'Месяц',
    total: 'Итого',
    earlier: 'Раньше',
    later: 'Позже',
    noDate: '(без даты)',
    owner: 'Ответственный',
    yes: 'да',
    no: 'нет',
  },
};

