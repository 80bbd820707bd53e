/**
 * The words of "move a deal" (the Sheets dialog and the Excel task pane alike) in
 * English, Vietnamese and Russian: why a picked deal cannot be found again, why a
 * typed field cannot be read, why the stage rules refuse a move (the core's checkMove
 * reasons, by code; the English words are the core's own), and what a move did.
 */
import { MOVE_REASONS_EN, type Language } from '../../core/index';
import { SHEETS_MISSING } from './sheets-missing';

export interface MoveDealWords {
  /** The Stages sheet is gone: nothing is judged against default stages. `setUp` is the platform's "Set up workbook" command. */
  readonly stagesMissing: (setUp: string) => string;
  /** The picked row's Deal ID is blank, so a sort could put another deal there. */
  readonly noDealId: (row: number) => string;
  /** No row holds the picked Deal ID any more. */
  readonly dealGone: (id: string) => string;
  /** The picked Deal ID is on more than one row. */
  readonly dealIdTwice: (id: string, rows: readonly number[]) => string;
  /** A field was typed for a column the Deals sheet does not have. */
  readonly noColumn: (label: string) => string;
  readonly notAnAmount: (label: string, typed: string) => string;
  readonly negativeAmount: (label: string, typed: string) => string;
  readonly notAProbability: (label: string, typed: string) => string;
  readonly notADate: (label: string, typed: string) => string;
  /** The move was written to Deals and to the stage log. */
  readonly moved: (id: string, from: string, to: string, historySheet: string) => string;
  /** The stage rules' reasons (core checkMove codes), with the data each names. */
  readonly rules: MoveRuleWords;
  /** The same, when the deal had moved to another row since it was picked. */
  readonly movedOnRow: (id: string, from: string, to: string, historySheet: string, row: number, pickedRow: number) => string;
}

/** Why checkMove refused, one entry per code. `outcome` is 'won' or 'lost'. */
export interface MoveRuleWords {
  readonly unknownStage: (typed: string, stages: readonly string[]) => string;
  readonly sameStage: (stage: string) => string;
  readonly reopenClosed: (outcome: 'won' | 'lost', stage: string, rule: string) => string;
  readonly reopenNeedsReason: (outcome: 'won' | 'lost', reasonLabel: string) => string;
  readonly notAllowedNext: (from: string, allowed: readonly string[]) => string;
  readonly skip: (skipped: readonly string[]) => string;
  readonly backwardNeedsReason: (from: string, to: string, reasonLabel: string) => string;
  readonly requiredField: (stage: string, label: string) => string;
}

// The core's own English reasons (checkMove writes them), not a second copy.
const EN_RULES: MoveRuleWords = MOVE_REASONS_EN;

const VI_OUTCOME = { won: 'đã thắng', lost: 'đã thua' } as const;
const VI_RULES: MoveRuleWords = {
  unknownStage: (typed, stages) => `"${typed}" không phải là giai đoạn. Hãy chọn một trong: ${stages.join(', ')}.`,
  sameStage: (stage) => `Giao dịch đã ở giai đoạn "${stage}".`,
  reopenClosed: (outcome, stage, rule) =>
    `Giao dịch ${VI_OUTCOME[outcome]} ("${stage}") và không được mở lại. ` +
    `Hãy tạo giao dịch mới, hoặc đặt "${rule}" thành có (yes) trong Stages.`,
  reopenNeedsReason: (outcome, label) => `Mở lại một giao dịch ${VI_OUTCOME[outcome]} cần có lý do: hãy nhập vào "${label}".`,
  notAllowedNext: (from, allowed) => `Từ "${from}", giao dịch chỉ được chuyển sang: ${allowed.join(', ')}.`,
  skip: (skipped) => `Không được bỏ qua giai đoạn: hãy chuyển sang "${skipped[0]}" trước (bị bỏ qua: ${skipped.join(', ')}).`,
  backwardNeedsReason: (from, to, label) => `Chuyển lùi từ "${from}" về "${to}" cần có lý do: hãy nhập vào "${label}" rồi chuyển lại.`,
  requiredField: (stage, label) => `Giai đoạn "${stage}" cần ${label}: hãy điền trước.`,
};

const RU_OUTCOME = { won: 'выиграна', lost: 'проиграна' } as const;
const RU_RULES: MoveRuleWords = {
  unknownStage: (typed, stages) => `«${typed}» — не этап. Выберите один из: ${stages.join(', ')}.`,
  sameStage: (stage) => `Сделка уже на этапе «${stage}».`,
  reopenClosed: (outcome, stage, rule) =>
    `Сделка уже ${RU_OUTCOME[outcome]} («${stage}»), а переоткрывать сделки нельзя. ` +
    `Создайте новую сделку или поставьте «${rule}» = yes на листе Stages.`,
  reopenNeedsReason: (outcome, label) =>
    `Чтобы переоткрыть ${outcome === 'won' ? 'выигранную' : 'проигранную'} сделку, нужна причина: введите её в «${label}».`,
  notAllowedNext: (from, allowed) => `С этапа «${from}» сделку можно перевести только на: ${allowed.join(', ')}.`,
  skip: (skipped) => `Пропускать этапы нельзя: сначала переведите на «${skipped[0]}» (пропущено: ${skipped.join(', ')}).`,
  backwardNeedsReason: (from, to, label) =>
    `Для возврата с этапа «${from}» на «${to}» нужна причина: введите её в «${label}» и переведите снова.`,
  requiredField: (stage, label) => `Для этапа «${stage}» нужно поле «${label}»: сначала заполните его.`,
};

const EN: MoveDealWords = {
  stagesMissing: (setUp) => SHEETS_MISSING.en(['Stages'], setUp),
  noDealId: (row) =>
    `The deal on row ${row} of Deals has no Deal ID, so the add-in cannot be sure it is still the deal you picked. ` +
    'Type a unique ID in its Deal ID column, then move it.',
  dealGone: (id) =>
    `Deal ${id} is no longer on the Deals sheet (deleted, or its Deal ID changed); nothing was moved. Pick the deal again from the list.`,
  dealIdTwice: (id, rows) =>
    `Deal ID ${id} is on rows ${rows.join(', ')} of Deals, so the add-in cannot tell which deal to move; ` +
    'give each deal its own ID, then move it. ' +
    'Nothing was moved.',
  noColumn: (label) => `The Deals sheet has no "${label}" column; add it, then move the deal again.`,
  notAnAmount: (label, typed) => `${label}: "${typed}" is not an amount; type a number such as 12500.`,
  negativeAmount: (label, typed) => `${label}: ${typed} is negative; type the deal's value as a positive number such as 12500.`,
  notAProbability: (label, typed) => `${label}: "${typed}" is not a probability; type a percentage such as 40%, 40 or 0.4.`,
  notADate: (label, typed) => `${label}: "${typed}" is not a date; type it as 2026-11-23.`,
  rules: EN_RULES,
  moved: (id, from, to, sheet) => `${id} moved from "${from}" to "${to}" and recorded in ${sheet}.`,
  movedOnRow: (id, from, to, sheet, row, picked) =>
    `${id} moved from "${from}" to "${to}" and recorded in ${sheet} (it is on row ${row} now, not row ${picked}).`,
};

const VI: MoveDealWords = {
  stagesMissing: (setUp) => SHEETS_MISSING.vi(['Stages'], setUp),
  noDealId: (row) =>
    `Giao dịch ở dòng ${row} của trang Deals không có Deal ID, nên không thể chắc đó vẫn là giao dịch bạn đã chọn. ` +
    'Hãy nhập một ID riêng vào cột Deal ID rồi chuyển lại.',
  dealGone: (id) =>
    `Giao dịch ${id} không còn trên trang Deals (đã bị xóa hoặc đổi Deal ID); chưa chuyển gì. Hãy chọn lại giao dịch trong danh sách.`,
  dealIdTwice: (id, rows) =>
    `Deal ID ${id} có ở các dòng ${rows.join(', ')} của trang Deals, nên không biết phải chuyển giao dịch nào; ` +
    'hãy đặt cho mỗi giao dịch một ID riêng rồi chuyển lại. ' +
    'Chưa chuyển gì.',
  noColumn: (label) => `Trang Deals không có cột "${label}"; hãy thêm cột này rồi chuyển lại giao dịch.`,
  notAnAmount: (label, typed) => `${label}: "${typed}" không phải là số tiền; hãy nhập một số, ví dụ 12500.`,
  negativeAmount: (label, typed) => `${label}: ${typed} là số âm; hãy nhập giá trị giao dịch là số dương, ví dụ 12500.`,
  notAProbability: (label, typed) => `${label}: "${typed}" không phải là xác suất; hãy nhập phần trăm, ví dụ 40%, 40 hoặc 0,4.`,
  notADate: (label, typed) => `${label}: "${typed}" không phải là ngày; hãy nhập dạng 2026-11-23.`,
  rules: VI_RULES,
  moved: (id, from, to, sheet) => `Đã chuyển ${id} từ "${from}" sang "${to}" và ghi vào ${sheet}.`,
  movedOnRow: (id, from, to, sheet, row, picked) =>
    `Đã chuyển ${id} từ "${from}" sang "${to}" và ghi vào ${sheet} (giao dịch nay ở dòng ${row}, không phải dòng ${picked}).`,
};

const RU: MoveDealWords = {
  stagesMissing: (setUp) => SHEETS_MISSING.ru(['Stages'], setUp),
  noDealId: (row) =>
    `У сделки в строке ${row} листа Deals нет Deal ID, поэтому нельзя быть уверенным, что это та сделка, которую вы выбрали. ` +
    'Введите уникальный ID в столбец Deal ID и переведите её снова.',
  dealGone: (id) =>
    `Сделки ${id} больше нет на листе Deals (удалена, или её Deal ID изменён); ничего не переведено. Выберите сделку в списке ещё раз.`,
  dealIdTwice: (id, rows) =>
    `Deal ID ${id} стоит в строках ${rows.join(', ')} листа Deals, поэтому непонятно, какую сделку переводить; ` +
    'дайте каждой сделке свой ID и переведите снова. ' +
    'Ничего не переведено.',
  noColumn: (label) => `На листе Deals нет столбца «${label}»; добавьте его и переведите сделку снова.`,
  notAnAmount: (label, typed) => `${label}: «${typed}» — не сумма; введите число, например 12500.`,
  negativeAmount: (label, typed) => `${label}: ${typed} — отрицательное число; введите сумму сделки положительным числом, например 12500.`,
  notAProbability: (label, typed) => `${label}: «${typed}» — не вероятность; введите процент, например 40%, 40 или 0,4.`,
  notADate: (label, typed) => `${label}: «${typed}» — не дата; введите её как 2026-11-23.`,
  rules: RU_RULES,
  moved: (id, from, to, sheet) => `Сделка ${id} переведена с этапа «${from}» на «${to}» и записана в ${sheet}.`,
  movedOnRow: (id, from, to, sheet, row, picked) =>
    `Сделка ${id} переведена с этапа «${from}» на «${to}» и записана в ${sheet} (теперь она в строке ${row}, а не ${picked}).`,
};

export const MOVE_DEAL_WORDS: Readonly<Record<Language, MoveDealWords>> = { en: EN, vi: VI, ru: RU };
