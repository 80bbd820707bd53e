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
  vi: {
    deals: 'Giao dịch',
    stages: 'Giai đoạn',
    history: 'Lịch sử',
    dashboard: 'Tổng quan',
    owners: 'Người phụ trách',
    snapshots: 'Ảnh chụp',
  },
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
    const names = [...Object.values(SHEET_NAMES).map((n) => n[role]), ...EXTRA_SHEET_ALIASES[role]];
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
  en: [
    'Setting',
    'Skipping allowed',
    'Backward moves need a reason',
    'Reopening won/lost allowed',
    'Digest hour',
    'Manager email',
    'Language',
    'Date order',
  ],
  vi: ['Thiết lập', 'Cho phép bỏ qua', 'Lùi cần lý do', 'Cho phép mở lại', 'Giờ gửi', 'Email quản lý', 'Ngôn ngữ', 'Thứ tự ngày'],
  ru: [
    'Настройка',
    'Разрешить пропуск этапов',
    'Причина для возврата',
    'Разрешить переоткрытие',
    'Час рассылки',
    'Email руководителя',
    'Язык',
    'Порядок даты',
  ],
};
