/**
 * The words of two workflows, "check a Stage edit or a paste" and "Validate all", in
 * English, Vietnamese and Russian. Both add-ins show them: the Sheets add-on in cell
 * notes, toasts and the problems sidebar, the Excel add-in in its task pane. The
 * language follows the spreadsheet's locale on both platforms (Sheets:
 * getSpreadsheetLocale; Excel: Office.context.displayLanguage), as the rest of the
 * add-in's words do. The reasons inside come from the core's checkMove and readers.
 */
import type { Language } from '../../core/index';
import { SHEETS_MISSING } from './sheets-missing';

export interface EditCheckWords {
  /** A move the rules refused; the cell goes back to `from`. */
  readonly refused: (dealId: string, from: string, typed: string, why: string) => string;
  /** A first stage the rules refused: there is no earlier stage to put back, so the typed one stays. */
  readonly firstStageRefused: (dealId: string, typed: string, why: string, historySheet: string) => string;
  /** A stage accepted as the deal's first: History had no move of it (a new deal, or History lost its rows). */
  readonly firstStageRecorded: (dealId: string, to: string, historySheet: string) => string;
  /** A Stage cell cleared; it goes back to `from`. */
  readonly blankStage: (dealId: string, from: string) => string;
  /** The Stages sheet is missing (deleted or renamed) and how to bring it back. */
  readonly stagesMissing: string;
  /** Without Stages: the cell goes back to `from`, unjudged. */
  readonly notCheckedPutBack: (dealId: string, from: string, historySheet: string) => string;
  /** Without Stages, and no earlier stage to put back: the typed stage stays, unjudged. */
  readonly notCheckedLeft: (dealId: string, historySheet: string) => string;
  /** The title over the rows whose edit was undone or refused. */
  readonly undoneTitle: string;
  /** A toast's first line: the first refused row. */
  readonly rowSays: (row: number, message: string) => string;
  /** After the first refused row in a toast: how many more, and where to read them (the Stage cells' notes). */
  readonly moreRowsInNotes: (count: number) => string;
  /** The moves recorded, as "D-1: Qualified → Contacted". */
  readonly recorded: (
    historySheet: string,
    moves: readonly { readonly dealId: string; readonly from: string; readonly to: string }[],
  ) => string;
  /** Validate all refused (the deals are not judged by the default stages, which are not the team's); the reason follows. */
  readonly notValidated: string;
  readonly dealsMissing: string;
  /** How many findings Validate all made; the title over them. */
  readonly findingsTitle: (count: number) => string;
}

const EN: EditCheckWords = {
  refused: (id, from, typed, why) => `${id} cannot move from "${from}" to "${typed}": ${why} The stage is back to "${from}".`,
  firstStageRefused: (id, typed, why, sheet) =>
    `${id} cannot be in "${typed}": ${why} ` +
    `There is no earlier stage to put back (no move of ${id} in ${sheet}), so the cell was left as typed and nothing was recorded. ` +
    'Fix the row, then type the stage again.',
  firstStageRecorded: (id, to, sheet) => `${id} had no move in ${sheet}, so "${to}" was recorded as its first stage.`,
  blankStage: (id, from) =>
    `The stage of ${id} cannot be blank; it is back to "${from}". To close the deal, pick a won or lost stage; to drop it, delete the row.`,
  stagesMissing: '',
  notCheckedPutBack: (id, from, sheet) =>
    `The stage of ${id} was put back to "${from}", since the change cannot be checked or written to ${sheet} without it.`,
  notCheckedLeft: (id, sheet) =>
    `The stage of ${id} was left as typed, since there is no earlier stage to put back (no move of ${id} in ${sheet}); it is not checked.`,
  undoneTitle: 'Stage change undone',
  rowSays: (row, message) => `Row ${row}: ${message}`,
  moreRowsInNotes: (count) => ` (+${count} more rows; see the notes on the Stage cells)`,
  recorded: (sheet, moves) => `Recorded in ${sheet}: ${moves.map((m) => `${m.dealId}: ${m.from || '(new)'} → ${m.to}`).join('; ')}`,
  notValidated: 'Not validated.',
  dealsMissing: '',
  findingsTitle: (count) => (count ? `${count} finding(s) in the workbook` : 'No problems found'),
};

const VI: EditCheckWords = {
  refused: (id, from, typed, why) => `${id} không thể chuyển từ "${from}" sang "${typed}": ${why} Giai đoạn đã được trả về "${from}".`,
  firstStageRefused: (id, typed, why, sheet) =>
    `${id} không thể ở "${typed}": ${why} ` +
    `Không có giai đoạn trước để trả về (${sheet} không có lần chuyển nào của ${id}), ` +
    'nên ô được giữ như đã nhập và không có gì được ghi lại. ' +
    'Hãy sửa dòng rồi nhập lại giai đoạn.',
  firstStageRecorded: (id, to, sheet) => `${id} chưa có lần chuyển nào trong ${sheet}, nên "${to}" được ghi là giai đoạn đầu tiên.`,
  blankStage: (id, from) =>
    `Giai đoạn của ${id} không được để trống; đã trả về "${from}". ` +
    'Để đóng giao dịch, hãy chọn giai đoạn thắng hoặc thua; để bỏ, hãy xóa dòng.',
  stagesMissing: '',
  notCheckedPutBack: (id, from, sheet) =>
    `Giai đoạn của ${id} đã được trả về "${from}", vì thiếu trang tính này thì không thể kiểm tra hay ghi vào ${sheet}.`,
  notCheckedLeft: (id, sheet) =>
    `Giai đoạn của ${id} được giữ như đã nhập, vì không có giai đoạn trước để trả về ` +
    `(${sheet} không có lần chuyển nào của ${id}); chưa được kiểm tra.`,
  undoneTitle: 'Đã hoàn tác đổi giai đoạn',
  rowSays: (row, message) => `Dòng ${row}: ${message}`,
  moreRowsInNotes: (count) => ` (+${count} dòng nữa; xem ghi chú ở các ô Stage)`,
  recorded: (sheet, moves) => `Đã ghi vào ${sheet}: ${moves.map((m) => `${m.dealId}: ${m.from || '(mới)'} → ${m.to}`).join('; ')}`,
  notValidated: 'Chưa kiểm tra.',
  dealsMissing: '',
  findingsTitle: (count) => (count ? `${count} lỗi trong sổ tính` : 'Không có lỗi'),
};

const RU: EditCheckWords = {
  refused: (id, from, typed, why) => `${id} нельзя перевести из «${from}» в «${typed}»: ${why} Этап возвращён в «${from}».`,
  firstStageRefused: (id, typed, why, sheet) =>
    `${id} не может быть в «${typed}»: ${why} ` +
    `Прежнего этапа нет (в ${sheet} нет переходов ${id}), поэтому ячейка оставлена как введена и ничего не записано. ` +
    'Исправьте строку и введите этап ещё раз.',
  firstStageRecorded: (id, to, sheet) => `У ${id} не было переходов в ${sheet}, поэтому «${to}» записан как первый этап.`,
  blankStage: (id, from) =>
    `Этап ${id} не может быть пустым; возвращён «${from}». ` +
    'Чтобы закрыть сделку, выберите этап выигрыша или проигрыша; чтобы убрать её, удалите строку.',
  stagesMissing: '',
  notCheckedPutBack: (id, from, sheet) =>
    `Этап ${id} возвращён в «${from}»: без этого листа изменение нельзя проверить и записать в ${sheet}.`,
  notCheckedLeft: (id, sheet) => `Этап ${id} оставлен как введён: прежнего этапа нет (в ${sheet} нет переходов ${id}); он не проверен.`,
  undoneTitle: 'Смена этапа отменена',
  rowSays: (row, message) => `Строка ${row}: ${message}`,
  moreRowsInNotes: (count) => ` (ещё строк: ${count}; см. примечания в ячейках Stage)`,
  recorded: (sheet, moves) => `Записано в ${sheet}: ${moves.map((m) => `${m.dealId}: ${m.from || '(новая)'} → ${m.to}`).join('; ')}`,
  notValidated: 'Проверка не выполнена.',
  dealsMissing: '',
  findingsTitle: (count) => (count ? `Найдено проблем: ${count}` : 'Проблем не найдено'),
};

/** The sentences that name a missing sheet and the menu that makes it are the add-in labels' own, in every language. */
function withMenuWords(words: EditCheckWords, language: Language): EditCheckWords {
  const sheetsMissing = SHEETS_MISSING[language];
  return { ...words, stagesMissing: sheetsMissing(['Stages']), dealsMissing: sheetsMissing(['Deals']) };
}

export const EDIT_CHECK_WORDS: Readonly<Record<Language, EditCheckWords>> = {
  en: withMenuWords(EN, 'en'),
  vi: withMenuWords(VI, 'vi'),
  ru: withMenuWords(RU, 'ru'),
};

/** The words in `language`; anything unknown falls back to English. */
export function editCheckWords(language: Language): EditCheckWords {
  return EDIT_CHECK_WORDS[language] ?? EN;
}
