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
export interface DigestStrings {
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
  /** "overdue by 3 days" for a table cell */
  readonly overdueShort: (days: number) => string;
  /** "slipped 5 days" for a table cell */
  readonly slippedShort: (days: number) => string;
  /** How to stop alerts for a deal; takes the sheet's own column names. */
  readonly footer: (nextStepDate: string, snoozeUntil: string) => string;
  /** "12 deals need attention across 3 owners" */
  readonly managerHeadline: (deals: number, owners: number) => string;
  readonly byOwner: string;
  /** "Longest in stage (top 10)" */
  readonly topDeals: (count: number) => string;
  readonly noOwner: string;
  /** Shown after an owner whose address cannot receive mail. */
  readonly notSent: string;
  readonly nothingStale: string;
  /** "…and 212 more deals, longest in stage first above" after a digest cut to its size budget. */
  readonly more: (count: number) => string;
  /** "See them all in the Deals sheet" (the link after `more`). */
  readonly seeAll: string;
  /** "…and 40 more owners" after a manager summary cut to its size budget. */
  readonly moreOwners: (count: number) => string;
}

const EN: DigestStrings = {
  needAttention: (n) => `${n} ${pluralEn(n, 'deal needs', 'deals need')} attention`,
  days: (n) => `${n} ${pluralEn(n, 'day', 'days')}`,
  inStage: (stage, days, rotting) =>
    `Stage: ${stage}${days === null ? '' : ` for ${EN.days(days)}`}${rotting === null ? '' : ` (rotting after ${EN.days(rotting)})`}`,
  overdue: (n, step, due) => `Next step overdue by ${EN.days(n)}${step ? `: ${step}` : ''} (due ${due})`,
  slipped: (n, close) => `Expected close slipped by ${EN.days(n)} (was ${close})`,
  amount: (a) => `Amount: ${a}`,
  open: 'Open',
  rotting: 'No movement',
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
  overdueShort: (n) => `overdue by ${EN.days(n)}`,
  slippedShort: (n) => `slipped ${EN.days(n)}`,
  footer: (date, snooze) => `To pause alerts for a deal, set a future "${date}" or "${snooze}".`,
  managerHeadline: (n, owners) => `${EN.needAttention(n)} across ${owners} ${pluralEn(owners, 'owner', 'owners')}`,
  byOwner: 'By owner',
  topDeals: (n) => `Longest in stage (top ${n})`,
  noOwner: '(no owner)',
  notSent: 'not an email address: no digest sent',
  nothingStale: 'No deal needs attention today.',
  more: (n) => `…and ${n} more ${pluralEn(n, 'deal', 'deals')} that ${pluralEn(n, 'needs', 'need')} attention (this email lists the longest in stage first).`,
  seeAll: 'See them all in the Deals sheet',
  moreOwners: (n) => `…and ${n} more ${pluralEn(n, 'owner', 'owners')}.`,
};

const VI: DigestStrings = {
  needAttention: (n) => `${n} giao dịch cần chú ý`,
  days: (n) => `${n} ngày`,
  inStage: (stage, days, rotting) =>
    `Giai đoạn: ${stage}${days === null ? '' : ` — ${VI.days(days)}`}${rotting === null ? '' : ` (ngưỡng tồn đọng: ${VI.days(rotting)})`}`,
  overdue: (n, step, due) => `Bước tiếp theo quá hạn ${VI.days(n)}${step ? `: ${step}` : ''} (hạn ${due})`,
  slipped: (n, close) => `Ngày chốt dự kiến ${close} đã trễ ${VI.days(n)}`,
  amount: (a) => `Giá trị: ${a}`,
  open: 'Mở',
  rotting: 'Không có tiến triển',
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
  overdueShort: (n) => `quá hạn ${VI.days(n)}`,
  slippedShort: (n) => `trễ ${VI.days(n)}`,
  footer: (date, snooze) => `Để tạm dừng nhắc nhở cho một giao dịch, hãy điền “${date}” trong tương lai hoặc “${snooze}”.`,
  managerHeadline: (n, owners) => `${VI.needAttention(n)} của ${owners} người phụ trách`,
  byOwner: 'Theo người phụ trách',
  topDeals: (n) => `${n} giao dịch tồn đọng lâu nhất`,
  noOwner: '(chưa có người phụ trách)',
  notSent: 'không phải địa chỉ email: không gửi thông báo',
  nothingStale: 'Hôm nay không có giao dịch nào cần chú ý.',
  more: (n) => `…và ${n} giao dịch khác cần chú ý (email này liệt kê các giao dịch tồn đọng lâu nhất trước).`,
  seeAll: 'Xem tất cả trong trang Deals',
  moreOwners: (n) => `…và ${n} người phụ trách khác.`,
};

const RU: DigestStrings = {
  needAttention: (n) => `${n} ${pluralRu(n, 'сделка требует', 'сделки требуют', 'сделок требуют')} внимания`,
  days: (n) => `${n} ${pluralRu(n, 'день', 'дня', 'дней')}`,
  inStage: (stage, days, rotting) =>
    `Этап: ${stage}${days === null ? '' : ` — ${RU.days(days)}`}${rotting === null ? '' : ` (порог застоя — ${RU.days(rotting)})`}`,
  overdue: (n, step, due) => `Следующий шаг просрочен на ${RU.days(n)}${step ? `: ${step}` : ''} (срок ${due})`,
  slipped: (n, close) => `Ожидаемая дата закрытия прошла ${RU.days(n)} назад (${close})`,
  amount: (a) => `Сумма: ${a}`,
  open: 'Открыть',
  rotting: 'Застой',
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
  overdueShort: (n) => `просрочен на ${RU.days(n)}`,
  slippedShort: (n) => `просрочено на ${RU.days(n)}`,
  footer: (date, snooze) => `Чтобы приостановить напоминания по сделке, заполните «${date}» (дата в будущем) или «${snooze}».`,
  managerHeadline: (n, owners) => `${RU.needAttention(n)} у ${owners} ${pluralRu(owners, 'ответственного', 'ответственных', 'ответственных')}`,
  byOwner: 'По ответственным',
  topDeals: (n) => `Дольше всех на этапе (топ-${n})`,
  noOwner: '(без ответственного)',
  notSent: 'это не адрес email: напоминание не отправлено',
  nothingStale: 'Сегодня нет сделок, требующих внимания.',
  more: (n) => `…и ещё ${n} ${pluralRu(n, 'сделка требует', 'сделки требуют', 'сделок требуют')} внимания (в письме сначала те, что дольше всех на этапе).`,
  seeAll: 'Все сделки — на листе Deals',
  moreOwners: (n) => `…и ещё ${n} ${pluralRu(n, 'ответственный', 'ответственных', 'ответственных')}.`,
};

export const DIGEST_STRINGS: Readonly<Record<Language, DigestStrings>> = { en: EN, vi: VI, ru: RU };

/** The strings for a language; anything but vi or ru falls back to English. */
export function digestStrings(language: Language | string): DigestStrings {
  return DIGEST_STRINGS[language as Language] ?? EN;
}
