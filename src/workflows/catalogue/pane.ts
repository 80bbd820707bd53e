/**
 * The Excel task pane's own words (section titles, buttons, field labels, table
 * headers, the Settings terms and the status lines the pane writes itself) in
 * English, Vietnamese and Russian. The pane speaks Office's display language
 * (paneLanguage), as every word the add-in shows does and as the Sheets add-on follows
 * the spreadsheet's locale; the stale list, being digest text, is in the Stages
 * sheet's Language. Messages that come back from a move or a validation carry their
 * own words.
 */
import type { Language } from '../../core/index';

/** Every word the task pane shows that the pane itself chooses. */
export interface PaneWords {
  readonly title: string;
  readonly tabMove: string;
  readonly tabFindings: string;
  readonly tabStale: string;
  readonly tabSettings: string;
  readonly deal: string;
  readonly useSelection: string;
  readonly moveTo: string;
  readonly reason: string;
  readonly move: string;
  readonly findingsTitle: string;
  readonly validateAll: string;
  readonly staleTitle: string;
  readonly refresh: string;
  readonly stagesTitle: string;
  readonly rulesTitle: string;
  readonly settingsHint: string;
  readonly reload: string;
  readonly setUp: string;
  /** The Stages table's headers: stage, probability, rotting days, outcome, required, allowed next. */
  readonly stageColumns: readonly [string, string, string, string, string, string];
  readonly never: string;
  readonly byTheRules: string;
  /** One deal in the move form's list. */
  readonly dealChoice: (id: string, name: string, stage: string) => string;
  /** The label of a field the chosen stage needs. */
  readonly neededFor: (field: string, stage: string) => string;
  readonly noDealsSheet: string;
  readonly pickDealAndStage: string;
  readonly selectRowFirst: string;
  readonly rowHoldsNoDeal: (row: number) => string;
  readonly wentWrong: (message: string) => string;
  /** Settings terms, in the order the Settings section lists them. */
  readonly rules: {
    readonly skippingAllowed: string;
    readonly backwardNeedsReason: string;
    readonly reopenAllowed: string;
    readonly language: string;
    readonly managerEmail: string;
    readonly dateOrder: string;
    readonly fiscalYearStarts: string;
  };
  readonly yes: string;
  readonly no: string;
  readonly none: string;
  readonly dateOrders: { readonly dmy: string; readonly mdy: string; readonly ymd: string };
  readonly dateOrderUnset: string;
  readonly months: readonly string[];
  /** Fiscal year starts in January because nothing is set. */
  readonly januaryUnset: string;
}

const EN: PaneWords = {
  title: 'Pipeline',
  tabMove: 'Move deal',
  tabFindings: 'Validation',
  tabStale: 'Stale deals',
  tabSettings: 'Settings',
  deal: 'Deal',
  useSelection: 'Use selected row',
  moveTo: 'Move to',
  reason: 'Reason',
  move: 'Move',
  findingsTitle: 'Validation results',
  validateAll: 'Validate all deals',
  staleTitle: 'Stale deals per owner',
  refresh: 'Refresh',
  stagesTitle: 'Stages',
  rulesTitle: 'Rules',
  settingsHint: 'Change stages and rules on the Stages sheet; this pane reads them again when you press Reload.',
  reload: 'Reload',
  setUp: 'Set up workbook',
  stageColumns: ['Stage', 'Probability', 'Rotting days', 'Outcome', 'Required', 'Allowed next'],
  never: 'never',
  byTheRules: '(by the rules)',
  dealChoice: (id, name, stage) => `${id} · ${name || '(no name)'} (${stage || 'no stage'})`,
  neededFor: (field, stage) => `${field} (needed for ${stage})`,
  noDealsSheet: 'This workbook has no Deals sheet yet: press "Set up workbook" under Settings.',
  pickDealAndStage: 'Pick a deal and the stage to move it to.',
  selectRowFirst: 'Select a cell in a deal’s row on the Deals sheet first.',
  rowHoldsNoDeal: (row) => `Row ${row} of Deals holds no deal.`,
  wentWrong: (message) => `Something went wrong: ${message}`,
  rules: {
    skippingAllowed: 'Skipping allowed',
    backwardNeedsReason: 'Backward moves need a reason',
    reopenAllowed: 'Reopening won/lost allowed',
    language: 'Language',
    managerEmail: 'Manager email',
    dateOrder: 'Date order',
    fiscalYearStarts: 'Fiscal year starts',
  },
  yes: 'yes',
  no: 'no',
  none: '(none)',
  dateOrders: {
    dmy: 'dmy (day first: 03/04/2026 is 3 April)',
    mdy: 'mdy (month first: 03/04/2026 is 4 March)',
    ymd: 'ymd (year first)',
  },
  dateOrderUnset: '(not set: a column whose dates all read either way is read day first)',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  januaryUnset: 'January (not set)',
};

const VI: PaneWords = {
  title: 'Pipeline',
  tabMove: 'Chuyển giai đoạn',
  tabFindings: 'Kiểm tra',
  tabStale: 'Giao dịch đứng yên',
  tabSettings: 'Cài đặt',
  deal: 'Giao dịch',
  useSelection: 'Dùng hàng đang chọn',
  moveTo: 'Chuyển sang',
  reason: 'Lý do',
  move: 'Chuyển',
  findingsTitle: 'Kết quả kiểm tra',
  validateAll: 'Kiểm tra mọi giao dịch',
  staleTitle: 'Giao dịch đứng yên theo người phụ trách',
  refresh: 'Làm mới',
  stagesTitle: 'Giai đoạn',
  rulesTitle: 'Quy tắc',
  settingsHint: 'Sửa giai đoạn và quy tắc trên trang Stages; bảng này đọc lại khi bạn bấm Tải lại.',
  reload: 'Tải lại',
  setUp: 'Thiết lập sổ làm việc',
  stageColumns: ['Giai đoạn', 'Xác suất', 'Số ngày đứng yên', 'Kết quả', 'Bắt buộc', 'Được chuyển tiếp'],
  never: 'không bao giờ',
  byTheRules: '(theo quy tắc)',
  dealChoice: (id, name, stage) => `${id} · ${name || '(không tên)'} (${stage || 'chưa có giai đoạn'})`,
  neededFor: (field, stage) => `${field} (cần cho ${stage})`,
  noDealsSheet: 'Sổ làm việc này chưa có trang Deals: bấm "Thiết lập sổ làm việc" trong Cài đặt.',
  pickDealAndStage: 'Chọn một giao dịch và giai đoạn muốn chuyển sang.',
  selectRowFirst: 'Trước hết hãy chọn một ô trong hàng của giao dịch trên trang Deals.',
  rowHoldsNoDeal: (row) => `Hàng ${row} của Deals không có giao dịch nào.`,
  wentWrong: (message) => `Đã xảy ra lỗi: ${message}`,
  rules: {
    skippingAllowed: 'Cho phép bỏ qua giai đoạn',
    backwardNeedsReason: 'Chuyển lùi cần lý do',
    reopenAllowed: 'Cho phép mở lại thắng/thua',
    language: 'Ngôn ngữ',
    managerEmail: 'Email người quản lý',
    dateOrder: 'Thứ tự ngày',
    fiscalYearStarts: 'Năm tài chính bắt đầu',
  },
  yes: 'có',
  no: 'không',
  none: '(không có)',
  dateOrders: {
    dmy: 'dmy (ngày trước: 03/04/2026 là 3 tháng 4)',
    mdy: 'mdy (tháng trước: 03/04/2026 là 4 tháng 3)',
    ymd: 'ymd (năm trước)',
  },
  dateOrderUnset: '(chưa đặt: cột có ngày đọc được cả hai cách thì đọc ngày trước)',
  months: [
    'Tháng 1',
    'Tháng 2',
    'Tháng 3',
    'Tháng 4',
    'Tháng 5',
    'Tháng 6',
    'Tháng 7',
    'Tháng 8',
    'Tháng 9',
    'Tháng 10',
    'Tháng 11',
    'Tháng 12',
  ],
  januaryUnset: 'Tháng 1 (chưa đặt)',
};

const RU: PaneWords = {
  title: 'Воронка',
  tabMove: 'Перевод',
  tabFindings: 'Проверка',
  tabStale: 'Застой',
  tabSettings: 'Настройки',
  deal: 'Сделка',
  useSelection: 'Взять выделенную строку',
  moveTo: 'Перевести на этап',
  reason: 'Причина',
  move: 'Перевести',
  findingsTitle: 'Результаты проверки',
  validateAll: 'Проверить все сделки',
  staleTitle: 'Застрявшие сделки по ответственным',
  refresh: 'Обновить',
  stagesTitle: 'Этапы',
  rulesTitle: 'Правила',
  settingsHint: 'Этапы и правила меняются на листе Stages; панель читает их снова, когда вы нажимаете «Перечитать».',
  reload: 'Перечитать',
  setUp: 'Настроить книгу',
  stageColumns: ['Этап', 'Вероятность', 'Дней до застоя', 'Итог', 'Обязательные', 'Следующие'],
  never: 'никогда',
  byTheRules: '(по правилам)',
  dealChoice: (id, name, stage) => `${id} · ${name || '(без названия)'} (${stage || 'без этапа'})`,
  neededFor: (field, stage) => `${field} (нужно для этапа ${stage})`,
  noDealsSheet: 'В книге ещё нет листа Deals: нажмите «Настроить книгу» в разделе «Настройки».',
  pickDealAndStage: 'Выберите сделку и этап, на который её перевести.',
  selectRowFirst: 'Сначала выделите ячейку в строке сделки на листе Deals.',
  rowHoldsNoDeal: (row) => `В строке ${row} листа Deals нет сделки.`,
  wentWrong: (message) => `Что-то пошло не так: ${message}`,
  rules: {
    skippingAllowed: 'Можно пропускать этапы',
    backwardNeedsReason: 'Шаг назад требует причины',
    reopenAllowed: 'Можно переоткрыть выигранные/проигранные',
    language: 'Язык',
    managerEmail: 'Почта руководителя',
    dateOrder: 'Порядок даты',
    fiscalYearStarts: 'Финансовый год начинается',
  },
  yes: 'да',
  no: 'нет',
  none: '(нет)',
  dateOrders: {
    dmy: 'dmy (сначала день: 03/04/2026 — 3 апреля)',
    mdy: 'mdy (сначала месяц: 03/04/2026 — 4 марта)',
    ymd: 'ymd (сначала год)',
  },
  dateOrderUnset: '(не задан: столбец, даты которого читаются обоими способами, читается с дня)',
  months: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
  januaryUnset: 'январь (не задан)',
};

export const PANE_WORDS: Readonly<Record<Language, PaneWords>> = { en: EN, vi: VI, ru: RU };

/** The pane's language: Office's display language ("vi-VN" → vi, "ru-RU" → ru), else en. */
export function paneLanguage(displayLanguage: string | undefined): Language {
  const code = String(displayLanguage ?? '')
    .slice(0, 2)
    .toLowerCase();
  return code === 'vi' || code === 'ru' ? code : 'en';
}
