/**
 * The Dashboard's words in English, Vietnamese and Russian: block and chart titles
 * (the same in Sheets, Excel and the .xlsx file), the file's table headers and notes.
 */
import type { Language } from '../../core/index';

/** The titles every writer shows: the add-ins' Dashboard title and note, and the block and chart titles. */
export interface DashboardTitles {
  /** The add-ins' Dashboard title and note. */
  readonly dashboardTitle: string;
  readonly addinNote: string;
  /** Block and chart titles. */
  readonly pipelineByStage: string;
  readonly forecastByMonth: string;
  readonly funnel: string;
  readonly staleByOwner: string;
}

/** The .xlsx file's own words: its tables' headers and notes. */
export interface DashboardFileWords {
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
  /** Column headers of the file's funnel and stale-per-owner tables. */
  readonly rate: string;
  readonly staleDeals: string;
  /** What the file's stale count covers, next to its table. */
  readonly staleNote: string;
}

/** Dashboard labels: the .xlsx file's tables and the titles of the blocks and charts every writer draws. */
export interface DashboardLabels extends DashboardTitles, DashboardFileWords {}

export const DASHBOARD_TITLES: Readonly<Record<Language, DashboardTitles>> = {
  en: {
    dashboardTitle: 'Pipeline dashboard',
    addinNote: 'Each table is one PIPELINE function; the charts beside them plot the tables.',
    pipelineByStage: 'Pipeline by stage',
    forecastByMonth: 'Forecast by month',
    funnel: 'Conversion funnel',
    staleByOwner: 'Stale deals per owner',
  },
  vi: {
    dashboardTitle: 'Tổng quan pipeline',
    addinNote: 'Mỗi bảng là một hàm PIPELINE; biểu đồ bên cạnh vẽ các bảng đó.',
    pipelineByStage: 'Pipeline theo giai đoạn',
    forecastByMonth: 'Dự báo theo tháng',
    funnel: 'Phễu chuyển đổi',
    staleByOwner: 'Giao dịch tồn đọng theo người phụ trách',
  },
  ru: {
    dashboardTitle: 'Сводка по воронке',
    addinNote: 'Каждая таблица — одна функция PIPELINE; диаграммы рядом строятся по таблицам.',
    pipelineByStage: 'Сделки в работе по этапам',
    forecastByMonth: 'Прогноз по месяцам',
    funnel: 'Воронка конверсии',
    staleByOwner: 'Застоявшиеся сделки по ответственным',
  },
};

export const DASHBOARD_FILE_WORDS: Readonly<Record<Language, DashboardFileWords>> = {
  en: {
    title: 'Weighted forecast',
    note:
      "Open deals only: amount × probability, where a deal's own Probability beats its stage's. " +
      'Plain formulas; they work in Excel, LibreOffice and Google Sheets.',
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
    rate: 'Rate',
    staleDeals: 'Stale deals',
    staleNote:
      "Rotting deals: days since Stage changed beyond the stage's rotting days, unless snoozed or a next step is dated after today.",
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
    rate: 'Tỷ lệ',
    staleDeals: 'Giao dịch tồn đọng',
    staleNote:
      'Giao dịch tồn đọng: số ngày từ lần đổi giai đoạn vượt số ngày tồn đọng của giai đoạn, ' +
      'trừ khi đang tạm hoãn hoặc bước tiếp theo có ngày sau hôm nay.',
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
    rate: 'Доля',
    staleDeals: 'Застоявшихся сделок',
    staleNote:
      'Застой: дней с последней смены этапа больше порога этапа, ' +
      'если сделка не отложена и следующий шаг не назначен на дату после сегодня.',
  },
};

// Two tables, so that the add-ins' bundles, which draw only the titles, carry none of
// the file's table words; the file writer reads both through DASHBOARD_LABELS.
const bothTables = (language: Language): DashboardLabels => ({ ...DASHBOARD_FILE_WORDS[language], ...DASHBOARD_TITLES[language] });
export const DASHBOARD_LABELS: Readonly<Record<Language, DashboardLabels>> = /* @__PURE__ */ (() => ({
  en: bothTables('en'),
  vi: bothTables('vi'),
  ru: bothTables('ru'),
}))();
