/**
 * The words of the digest emails in English, Vietnamese and Russian, with the
 * number forms each language needs (Russian: 1 сделка, 2 сделки, 5 сделок) and the
 * way each writes an amount (12,500 / 12.500 / 12 500). Column names are taken from
 * DEAL_HEADERS, so an email says "Next step date" exactly as the sheet does.
 */
import type { Language } from './types';

/**
 * Picks the Russian form for a count: `one` for 1, 21, 101…; `few` for 2-4, 22-24…;
 * `many` for 0, 5-20, 25-30…, 111-114. A fraction takes `few` (1,5 дня).
 */
export function pluralRu(count: number, one: string, few: string, many: string): string {
  if (!Number.isInteger(count)) return few;
  const lastTwo = Math.abs(count) % 100;
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return many;
  if (last === 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

/** English: `one` for exactly 1, `other` otherwise. */
export function pluralEn(count: number, one: string, other: string): string {
  return count === 1 ? one : other;
}

/** A count and its English noun: "1 deal", "2 deals", "1 open deal"; `other` for an irregular plural. */
export function countEn(count: number, one: string, other = `${one}s`): string {
  return `${count} ${pluralEn(count, one, other)}`;
}

const SEPARATORS: Readonly<Record<Language, { readonly group: string; readonly decimal: string }>> = {
  en: { group: ',', decimal: '.' },
  vi: { group: '.', decimal: ',' },
  // A no-break space keeps "12 500" on one line in an email.
  ru: { group: '\u00A0', decimal: ',' },
};

/** An amount as the language writes it: 12,500 / 12.500 / 12 500; at most two decimals. */
export function formatAmountIn(language: Language, amount: number): string {
  const { group, decimal } = SEPARATORS[language];
  const negative = amount < 0;
  const cents = Math.round(Math.abs(amount) * 100);
  const whole = Math.floor(cents / 100);
  const fraction = cents % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const tail = fraction === 0 ? '' : decimal + String(fraction).padStart(2, '0').replace(/0$/, '');
  return `${negative ? '-' : ''}${grouped}${tail}`;
}

/** Every piece of text a digest or a manager summary needs, in one language. */
/** The text of one owner's digest (subject, plain text and the HTML's sentences), in one language. */
export interface OwnerDigestStrings {
  /** "3 deals need attention" */
  readonly needAttention: (count: number) => string;
  /** "31 days" */
  readonly days: (count: number) => string;
  /** "Stage: Proposal for 31 days (rotting after 21 days)" */
  readonly inStage: (stage: string, days: number | null, rottingDays: number | null) => string;
  /** "Next step overdue by 3 days: Call Ann (due 2026-11-20)" */
  readonly overdue: (days: number, nextStep: string, due: string) => string;
  /** "Expected close slipped by 5 days (was 2026-11-18)" */
  readonly slipped: (days: number, expectedClose: string) => string;
  /** "Amount: 12,500 USD" */
  readonly amount: (amount: string) => string;
  readonly open: string;
  /** "No movement" (the rotting flag, short) */
  readonly rotting: string;
  /** "overdue by 3 days" for a table cell */
  readonly overdueShort: (days: number) => string;
  /** "slipped 5 days" for a table cell */
  readonly slippedShort: (days: number) => string;
  /** How to stop alerts for a deal; takes the sheet's own column names. */
  readonly footer: (nextStepDate: string, snoozeUntil: string) => string;
  readonly nothingStale: string;
  /** "…and 212 more deals, longest in stage first above" after a digest cut to its size budget. */
  readonly more: (count: number) => string;
  /** "See them all in the Deals sheet" (the link after `more`). */
  readonly seeAll: string;
}

/** The HTML tables' column headers and the manager summary's own sentences, in one language. */
export interface SummaryStrings {
  readonly columns: {
    readonly deal: string;
    readonly account: string;
    readonly stage: string;
    readonly daysInStage: string;
    readonly nextStep: string;
    readonly expectedClose: string;
    readonly amount: string;
    readonly owner: string;
    readonly deals: string;
    readonly staleAmount: string;
  };
  /** "12 deals need attention across 3 owners" */
  readonly managerHeadline: (deals: number, owners: number) => string;
  readonly byOwner: string;
  /** "Longest in stage (top 10)" */
  readonly topDeals: (count: number) => string;
  readonly noOwner: string;
  /** Shown after an owner whose address cannot receive mail. */
  readonly notSent: string;
  /** "…and 40 more owners" after a manager summary cut to its size budget. */
  readonly moreOwners: (count: number) => string;
}

/** Every piece of text a digest or a manager summary needs, in one language. */
export interface DigestStrings extends OwnerDigestStrings, SummaryStrings {}

const OWNER_EN: OwnerDigestStrings = {
  needAttention: (n) => `${n} ${pluralEn(n, 'deal needs', 'deals need')} attention`,
  days: (n) => `${n} ${pluralEn(n, 'day', 'days')}`,
  inStage: (stage, days, rotting) =>
    `Stage: ${stage}${days === null ? '' : ` for ${OWNER_EN.days(days)}`}` +
    `${rotting === null ? '' : ` (rotting after ${OWNER_EN.days(rotting)})`}`,
  overdue: (n, step, due) => `Next step overdue by ${OWNER_EN.days(n)}${step ? `: ${step}` : ''} (due ${due})`,
  slipped: (n, close) => `Expected close slipped by ${OWNER_EN.days(n)} (was ${close})`,
  amount: (a) => `Amount: ${a}`,
  open: 'Open',
  rotting: 'No movement',
  overdueShort: (n) => `overdue by ${OWNER_EN.days(n)}`,
  slippedShort: (n) => `slipped ${OWNER_EN.days(n)}`,
  footer: (date, snooze) => `To pause alerts for a deal, set a future "${date}" or "${snooze}".`,
  nothingStale: 'No deal needs attention today.',
  more: (n) =>
    `…and ${n} more ${pluralEn(n, 'deal', 'deals')} ` +
    `that ${pluralEn(n, 'needs', 'need')} attention (this email lists the longest in stage first).`,
  seeAll: 'See them all in the Deals sheet',
};

const SUMMARY_EN: SummaryStrings = {
  columns: {
    deal: 'Deal',
    account: 'Account',
    stage: 'Stage',
    daysInStage: 'Days in stage / limit',
    nextStep: 'Next step',
    expectedClose: 'Expected close',
    amount: 'Amount',
    owner: 'Owner',
    deals: 'Deals',
    staleAmount: 'Amount at stake',
  },
  managerHeadline: (n, owners) => `${OWNER_EN.needAttention(n)} across ${owners} ${pluralEn(owners, 'owner', 'owners')}`,
  byOwner: 'By owner',
  topDeals: (n) => `Longest in stage (top ${n})`,
  noOwner: '(no owner)',
  notSent: 'not an email address: no digest sent',
  moreOwners: (n) => `…and ${n} more ${pluralEn(n, 'owner', 'owners')}.`,
};

const OWNER_VI: OwnerDigestStrings = {
  needAttention: (n) => `${n} giao dịch cần chú ý`,
  days: (n) => `${n} ngày`,
  inStage: (stage, days, rotting) =>
    `Giai đoạn: ${stage}${days === null ? '' : ` — ${OWNER_VI.days(days)}`}` +
    `${rotting === null ? '' : ` (ngưỡng tồn đọng: ${OWNER_VI.days(rotting)})`}`,
  overdue: (n, step, due) => `Bước tiếp theo quá hạn ${OWNER_VI.days(n)}${step ? `: ${step}` : ''} (hạn ${due})`,
  slipped: (n, close) => `Ngày chốt dự kiến ${close} đã trễ ${OWNER_VI.days(n)}`,
  amount: (a) => `Giá trị: ${a}`,
  open: 'Mở',
  rotting: 'Không có tiến triển',
  overdueShort: (n) => `quá hạn ${OWNER_VI.days(n)}`,
  slippedShort: (n) => `trễ ${OWNER_VI.days(n)}`,
  footer: (date, snooze) => `Để tạm dừng nhắc nhở cho một giao dịch, hãy điền “${date}” trong tương lai hoặc “${snooze}”.`,
  nothingStale: 'Hôm nay không có giao dịch nào cần chú ý.',
  more: (n) => `…và ${n} giao dịch khác cần chú ý (email này liệt kê các giao dịch tồn đọng lâu nhất trước).`,
  seeAll: 'Xem tất cả trong trang Deals',
};

const SUMMARY_VI: SummaryStrings = {
  columns: {
    deal: 'Giao dịch',
    account: 'Khách hàng',
    stage: 'Giai đoạn',
    daysInStage: 'Số ngày ở giai đoạn / ngưỡng',
    nextStep: 'Bước tiếp theo',
    expectedClose: 'Ngày chốt dự kiến',
    amount: 'Giá trị',
    owner: 'Người phụ trách',
    deals: 'Số giao dịch',
    staleAmount: 'Tổng giá trị',
  },
  managerHeadline: (n, owners) => `${OWNER_VI.needAttention(n)} của ${owners} người phụ trách`,
  byOwner: 'Theo người phụ trách',
  topDeals: (n) => `${n} giao dịch tồn đọng lâu nhất`,
  noOwner: '(chưa có người phụ trách)',
  notSent: 'không phải địa chỉ email: không gửi thông báo',
  moreOwners: (n) => `…và ${n} người phụ trách khác.`,
};

const OWNER_RU: OwnerDigestStrings = {
  needAttention: (n) => `${n} ${pluralRu(n, 'сделка требует', 'сделки требуют', 'сделок требуют')} внимания`,
  days: (n) => `${n} ${pluralRu(n, 'день', 'дня', 'дней')}`,
  inStage: (stage, days, rotting) =>
    `Этап: ${stage}${days === null ? '' : ` — ${OWNER_RU.days(days)}`}` +
    `${rotting === null ? '' : ` (порог застоя — ${OWNER_RU.days(rotting)})`}`,
  overdue: (n, step, due) => `Следующий шаг просрочен на ${OWNER_RU.days(n)}${step ? `: ${step}` : ''} (срок ${due})`,
  slipped: (n, close) => `Ожидаемая дата закрытия прошла ${OWNER_RU.days(n)} назад (${close})`,
  amount: (a) => `Сумма: ${a}`,
  open: 'Открыть',
  rotting: 'Застой',
  overdueShort: (n) => `просрочен на ${OWNER_RU.days(n)}`,
  slippedShort: (n) => `просрочено на ${OWNER_RU.days(n)}`,
  footer: (date, snooze) => `Чтобы приостановить напоминания по сделке, заполните «${date}» (дата в будущем) или «${snooze}».`,
  nothingStale: 'Сегодня нет сделок, требующих внимания.',
  more: (n) =>
    `…и ещё ${n} ` +
    `${pluralRu(n, 'сделка требует', 'сделки требуют', 'сделок требуют')} внимания (в письме сначала те, что дольше всех на этапе).`,
  seeAll: 'Все сделки — на листе Deals',
};

const SUMMARY_RU: SummaryStrings = {
  columns: {
    deal: 'Сделка',
    account: 'Клиент',
    stage: 'Этап',
    daysInStage: 'Дней на этапе / порог',
    nextStep: 'Следующий шаг',
    expectedClose: 'Ожидаемое закрытие',
    amount: 'Сумма',
    owner: 'Ответственный',
    deals: 'Сделок',
    staleAmount: 'Сумма под угрозой',
  },
  managerHeadline: (n, owners) =>
    `${OWNER_RU.needAttention(n)} у ${owners} ${pluralRu(owners, 'ответственного', 'ответственных', 'ответственных')}`,
  byOwner: 'По ответственным',
  topDeals: (n) => `Дольше всех на этапе (топ-${n})`,
  noOwner: '(без ответственного)',
  notSent: 'это не адрес email: напоминание не отправлено',
  moreOwners: (n) => `…и ещё ${n} ${pluralRu(n, 'ответственный', 'ответственных', 'ответственных')}.`,
};

// Two tables rather than one, so that a bundle that only writes an owner's digest as
// text (the Excel pane's mailto: links) carries neither the HTML tables' headers nor
// the manager summary's words.
const OWNER: Readonly<Record<Language, OwnerDigestStrings>> = { en: OWNER_EN, vi: OWNER_VI, ru: OWNER_RU };
const SUMMARY: Readonly<Record<Language, SummaryStrings>> = { en: SUMMARY_EN, vi: SUMMARY_VI, ru: SUMMARY_RU };

/** An owner's digest text in a language; anything but vi or ru falls back to English. */
export function ownerDigestStrings(language: Language | string): OwnerDigestStrings {
  return OWNER[language as Language] ?? OWNER_EN;
}

const bothTables = (language: Language): DigestStrings => ({ ...OWNER[language], ...SUMMARY[language] });
export const DIGEST_STRINGS: Readonly<Record<Language, DigestStrings>> = /* @__PURE__ */ (() => ({
  en: bothTables('en'),
  vi: bothTables('vi'),
  ru: bothTables('ru'),
}))();

/** The strings for a language, the owner's digest's and the summary's; anything but vi or ru falls back to English. */
export function digestStrings(language: Language | string): DigestStrings {
  return DIGEST_STRINGS[language as Language] ?? DIGEST_STRINGS.en;
}
