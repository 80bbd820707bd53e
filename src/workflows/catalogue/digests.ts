/**
 * The words of the digest and snapshot workflows in English, Vietnamese and Russian:
 * the Excel pane's list of stale deals per owner, the send run's notes about the
 * Rates sheet, and the snapshot's messages. The digest emails' own words stay in the
 * core (src/core/i18n.ts), because the Office Script that sends scheduled digests is
 * built from the core alone; they are re-exported here so that this file is the one
 * place to look for every word of these workflows.
 */
import { digestStrings, ownerDigestStrings, pluralRu, type DigestStrings, type Language, type OwnerDigestStrings } from '../../core/index';

export { DIGEST_STRINGS, digestStrings, type DigestStrings } from '../../core/index';

/** The Excel pane's list of stale deals per owner. */
export interface OwnerListWords {
  /** Shown when no open deal is past its stage's rotting days. */
  readonly noStaleDeals: string;
  /** "ann@example.com · 2 deals" */
  readonly ownerHeading: (owner: string, deals: number) => string;
  /** "D-1 Acme renewal — Qualified, 53 days (No movement)" */
  readonly dealLine: (id: string, name: string, stage: string, days: number | null, flags: string) => string;
  readonly compose: string;
  /** Under an owner whose Owner cell is not an address. */
  readonly notAnAddress: string;
}

/** Taking a snapshot (both add-ins). */
export interface SnapshotRunWords {
  /** A Snapshots header the tool cannot write under. */
  readonly snapshotColumnsMissing: (sheet: string, missing: readonly string[], headers: readonly string[]) => string;
  /** Excel: the workbook has no Deals sheet yet. */
  readonly snapshotNoDeals: string;
  /** Today's snapshot: the rows added, or null when today already had one. */
  readonly snapshotTaken: (appended: number | null) => string;
  readonly snapshotNotTaken: string;
}

/**
 * The Sheets runs' own messages: the digest send (its notes about rates, its summary, its faults) and a snapshot that found the lock
 * held.
 */
export interface DigestRunWords {
  /** The weekly snapshot found another change holding the document lock (Sheets only). */
  readonly snapshotBusy: string;
  /** A Rates sheet with problems: the manager summary keeps its totals per currency. */
  readonly ratesProblems: (sheet: string, details: string) => string;
  /** Currencies the Rates sheet has no rate for. */
  readonly ratesMissing: (sheet: string, currencies: readonly string[]) => string;
  readonly sendSummary: (sent: number, waiting: number, skipped: number) => string;
  /** A digest or snapshot run stopped before the runtime limit; a one-off trigger finishes it. */
  readonly continuesSoon: string;
  /** Owners a run stopped mid-send for: maybe sent, never sent again. */
  readonly unconfirmed: (count: number) => string;
  /** Another digest run holds the script lock. */
  readonly digestBusy: string;
}

/** Every word of these workflows: the email's (core), the pane list's, the snapshot's and the send run's. */
export interface DigestWorkflowWords extends DigestStrings, OwnerListWords, SnapshotRunWords, DigestRunWords {}

const quoted = (names: readonly string[]) => names.map((m) => `"${m}"`).join(', ');

const LIST_EN: OwnerListWords = {
  noStaleDeals: 'No stale deals: every open deal has moved within its stage’s rotting days.',
  ownerHeading: (owner, n) => `${owner || '(no owner)'} · ${n} ${n === 1 ? 'deal' : 'deals'}`,
  dealLine: (id, name, stage, days, flags) =>
    `${id} ${name} — ${stage}, ${days ?? '?'} ${days === 1 ? 'day' : 'days'}${flags ? ` (${flags})` : ''}`,
  compose: 'Compose email',
  notAnAddress: 'This owner is not an email address; fix the Owner column to email them.',
};
const SNAPSHOT_EN: SnapshotRunWords = {
  snapshotColumnsMissing: (sheet, missing, headers) =>
    `The ${sheet} sheet has no ${quoted(missing)} column; nothing was added. Its header row must hold: ${headers.join(', ')}.`,
  snapshotNoDeals: 'The workbook has no Deals sheet yet: press Pipeline → Set up workbook first.',
  snapshotTaken: (appended) =>
    appended === null
      ? 'Today already has a snapshot in the Snapshots sheet.'
      : `Today's snapshot added ${appended} open deal(s) to the Snapshots sheet.`,
  snapshotNotTaken: 'No snapshot was taken.',
};
const RUN_EN: DigestRunWords = {
  snapshotBusy: "Another change is being saved right now, so today's snapshot was not taken; the trigger will take the next one.",
  ratesProblems: (sheet, details) => `The ${sheet} sheet has problems, so the manager summary gives totals per currency only: ${details}`,
  ratesMissing: (sheet, list) =>
    `The ${sheet} sheet has no rate for ${list.join(', ')}, ` +
    `so totals that include ${list.length > 1 ? 'them' : 'it'} stay per currency in the manager summary.`,
  sendSummary: (sent, waiting, skipped) =>
    `Sent ${sent} digest(s); ${waiting} wait for tomorrow's quota; ${skipped} skipped (see the Alerts log sheet).`,
  continuesSoon: "The run stopped before Apps Script's 6-minute limit; the rest follows in a few minutes.",
  unconfirmed: (count) => `${count} digest(s) were being sent when a run was stopped; they are not sent again (see the Alerts log).`,
  digestBusy: 'Another digest run is sending right now; it covers today, so this one sent nothing.',
};

const LIST_VI: OwnerListWords = {
  noStaleDeals: 'Không có giao dịch đình trệ: mọi giao dịch đang mở đều đã chuyển giai đoạn trong thời hạn.',
  ownerHeading: (owner, n) => `${owner || '(chưa có người phụ trách)'} · ${n} giao dịch`,
  dealLine: (id, name, stage, days, flags) => `${id} ${name} — ${stage}, ${days ?? '?'} ngày${flags ? ` (${flags})` : ''}`,
  compose: 'Soạn email',
  notAnAddress: 'Người phụ trách này không phải địa chỉ email; hãy sửa cột Người phụ trách để gửi email cho họ.',
};
const SNAPSHOT_VI: SnapshotRunWords = {
  snapshotColumnsMissing: (sheet, missing, headers) =>
    `Trang ${sheet} không có cột ${quoted(missing)}; không thêm dòng nào. Hàng tiêu đề phải gồm: ${headers.join(', ')}.`,
  snapshotNoDeals: 'Sổ làm việc chưa có trang Deals: hãy bấm Pipeline → Set up workbook trước.',
  snapshotTaken: (appended) =>
    appended === null
      ? 'Hôm nay đã có ảnh chụp trong trang Snapshots.'
      : `Ảnh chụp hôm nay đã thêm ${appended} giao dịch đang mở vào trang Snapshots.`,
  snapshotNotTaken: 'Chưa chụp ảnh nào.',
};
const RUN_VI: DigestRunWords = {
  snapshotBusy: 'Một thay đổi khác đang được lưu nên chưa chụp ảnh hôm nay; trình kích hoạt sẽ chụp lần tới.',
  ratesProblems: (sheet, details) => `Trang ${sheet} có lỗi, nên bản tổng hợp cho quản lý chỉ tính tổng theo từng loại tiền: ${details}`,
  ratesMissing: (sheet, list) =>
    `Trang ${sheet} không có tỷ giá cho ${list.join(', ')}, nên các tổng có loại tiền này vẫn tính theo từng loại tiền.`,
  sendSummary: (sent, waiting, skipped) =>
    `Đã gửi ${sent} thư; ${waiting} thư chờ hạn mức ngày mai; bỏ qua ${skipped} (xem trang Alerts log).`,
  continuesSoon: 'Lần chạy đã dừng trước giới hạn 6 phút của Apps Script; phần còn lại sẽ chạy sau vài phút.',
  unconfirmed: (count) => `${count} thư đang được gửi khi một lần chạy bị dừng; chúng không được gửi lại (xem Alerts log).`,
  digestBusy: 'Một lần gửi thư tổng hợp khác đang chạy và sẽ gửi thư hôm nay, nên lần này không gửi gì.',
};

const LIST_RU: OwnerListWords = {
  noStaleDeals: 'Застоявшихся сделок нет: каждая открытая сделка двигалась в пределах срока своего этапа.',
  ownerHeading: (owner, n) => `${owner || '(без владельца)'} · ${n} ${pluralRu(n, 'сделка', 'сделки', 'сделок')}`,
  dealLine: (id, name, stage, days, flags) => {
    const age = days === null ? '? дней' : `${days} ${pluralRu(days, 'день', 'дня', 'дней')}`;
    return `${id} ${name} — ${stage}, ${age}${flags ? ` (${flags})` : ''}`;
  },
  compose: 'Написать письмо',
  notAnAddress: 'Владелец указан не адресом почты; исправьте столбец «Владелец», чтобы ему писать.',
};
const SNAPSHOT_RU: SnapshotRunWords = {
  snapshotColumnsMissing: (sheet, missing, headers) =>
    `На листе ${sheet} нет столбца ${quoted(missing)}; ничего не добавлено. Строка заголовков должна содержать: ${headers.join(', ')}.`,
  snapshotNoDeals: 'В книге ещё нет листа Deals: сначала нажмите Pipeline → Set up workbook.',
  snapshotTaken: (appended) =>
    appended === null
      ? 'Сегодняшний снимок уже есть на листе Snapshots.'
      : `Сегодняшний снимок добавил открытых сделок на лист Snapshots: ${appended}.`,
  snapshotNotTaken: 'Снимок не сделан.',
};
const RUN_RU: DigestRunWords = {
  snapshotBusy: 'Сейчас сохраняется другое изменение, поэтому сегодняшний снимок не сделан; следующий сделает триггер.',
  ratesProblems: (sheet, details) =>
    `На листе ${sheet} есть ошибки, поэтому в сводке для руководителя итоги только по каждой валюте: ${details}`,
  ratesMissing: (sheet, list) =>
    `На листе ${sheet} нет курса для ${list.join(', ')}, поэтому итоги с этой валютой остаются по каждой валюте.`,
  sendSummary: (sent, waiting, skipped) =>
    `Отправлено сводок: ${sent}; ждут квоты завтра: ${waiting}; пропущено: ${skipped} (см. лист Alerts log).`,
  continuesSoon: 'Запуск остановлен до 6-минутного предела Apps Script; остальное выполнится через несколько минут.',
  unconfirmed: (count) => `${count} сводок отправлялись, когда запуск был остановлен; повторно они не отправляются (см. Alerts log).`,
  digestBusy: 'Сейчас идёт другая рассылка сводок; она отправит сегодняшние, поэтому эта ничего не отправила.',
};

// Three tables rather than one, so that each bundle carries only the words it shows:
// the Apps Script bundle never the pane's list, the task pane never the send run's.
const LIST: Readonly<Record<Language, OwnerListWords>> = { en: LIST_EN, vi: LIST_VI, ru: LIST_RU };
const SNAPSHOT: Readonly<Record<Language, SnapshotRunWords>> = { en: SNAPSHOT_EN, vi: SNAPSHOT_VI, ru: SNAPSHOT_RU };
const RUN: Readonly<Record<Language, DigestRunWords>> = { en: RUN_EN, vi: RUN_VI, ru: RUN_RU };

/** The Excel pane's stale list in `language` (English for anything else), with the email's words it shows too. */
export function ownerListWords(language: Language | string): OwnerDigestStrings & OwnerListWords {
  return { ...ownerDigestStrings(language), ...(LIST[language as Language] ?? LIST_EN) };
}

/** The snapshot's messages in `language` (English for anything else). */
export function snapshotRunWords(language: Language | string): SnapshotRunWords {
  return SNAPSHOT[language as Language] ?? SNAPSHOT_EN;
}

/** The digest send run's messages in `language` (English for anything else). */
export function digestRunWords(language: Language | string): DigestRunWords {
  return RUN[language as Language] ?? RUN_EN;
}

/** Every word of the digest workflows in `language` (English for anything else): the email's, the pane's and the runs'. */
export function digestWords(language: Language | string): DigestWorkflowWords {
  return {
    ...digestStrings(language),
    ...(LIST[language as Language] ?? LIST_EN),
    ...snapshotRunWords(language),
    ...digestRunWords(language),
  };
}
