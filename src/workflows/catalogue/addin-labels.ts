/**
 * The words of the Sheets menu, dialogs, sidebars and toasts in English, Vietnamese
 * and Russian. The language follows the spreadsheet's locale (vi_VN → vi, ru_RU →
 * ru, anything else → en). Digest emails have their own words in the core.
 */
import type { Language } from '../../core/index';
import { languageOfLocale } from './language';
import { SET_UP_DONE } from './set-up';
import { SHEETS_MISSING } from './sheets-missing';

export interface SheetsLabels {
  readonly menu: string;
  readonly setUp: string;
  readonly moveDeal: string;
  readonly validate: string;
  readonly staleAlerts: string;
  readonly digestOn: string;
  readonly digestOff: string;
  readonly digestPreview: string;
  readonly digestSendNow: string;
  readonly snapshotOn: string;
  readonly snapshotOff: string;
  readonly moveTitle: string;
  readonly moveTo: string;
  readonly reason: string;
  readonly save: string;
  readonly cancel: string;
  readonly validateTitle: string;
  readonly noProblems: string;
  readonly row: string;
  readonly column: string;
  readonly problem: string;
  readonly lockBusy: string;
  readonly pickDealRow: string;
  readonly noNextStage: string;
  readonly setUpDone: (created: readonly string[]) => string;
  readonly digestOnDone: (hour: number, timeZone: string) => string;
  readonly digestOffDone: (removed: number) => string;
  readonly noStaleDeals: (owner: string) => string;
  readonly snapshotOnDone: (hour: number, timeZone: string) => string;
  readonly snapshotOffDone: (removed: number) => string;
  /** Sheets the tool needs that are not there (deleted or renamed), and how to bring them back. */
  readonly sheetsMissing: (names: readonly string[]) => string;
  readonly digestNotSent: string;
  /** A write Sheets refused because the range is protected: where, and who can fix it. */
  readonly protectedRange: (where: string) => string;
  readonly editPutBackProtected: string;
  readonly stampNotWritten: string;
  readonly digestStoppedProtected: string;
  readonly snapshotStoppedProtected: string;
}

const EN: SheetsLabels = {
  menu: 'Pipeline',
  setUp: 'Set up workbook',
  moveDeal: 'Move deal to stage…',
  validate: 'Validate all deals',
  staleAlerts: 'Stale alerts',
  digestOn: 'Turn on daily digest',
  digestOff: 'Turn off daily digest',
  digestPreview: 'Preview my digest',
  digestSendNow: 'Send digests now',
  snapshotOn: 'Turn on weekly snapshot',
  snapshotOff: 'Turn off weekly snapshot',
  moveTitle: 'Move deal to stage',
  moveTo: 'New stage',
  reason: 'Reason for moving back',
  save: 'Move',
  cancel: 'Cancel',
  validateTitle: 'Deal problems',
  noProblems: 'No problems found.',
  row: 'Row',
  column: 'Column',
  problem: 'Problem',
  lockBusy: 'Another change is being saved right now; the stage was put back. Change it again in a moment.',
  pickDealRow: 'Select a cell in a deal row on the Deals sheet first.',
  noNextStage: 'This deal cannot move to any other stage under the rules in Stages.',
  setUpDone: SET_UP_DONE.en,
  digestOnDone: (hour, tz) => `The daily digest is on: every day at ${hour}:00 (${tz}).`,
  digestOffDone: (removed) => (removed ? 'The daily digest is off.' : 'The daily digest was not on.'),
  noStaleDeals: (owner) => `No stale deals for ${owner || 'you'} today.`,
  snapshotOnDone: (hour, tz) => `The weekly snapshot is on: every Monday at ${hour}:00 (${tz}).`,
  snapshotOffDone: (removed) => (removed ? 'The weekly snapshot is off. The Snapshots sheet is kept.' : 'The weekly snapshot was not on.'),
  sheetsMissing: SHEETS_MISSING.en,
  digestNotSent: 'No digests were sent.',
  protectedRange: (where) =>
    `${where} is protected, and this account may not edit it. ` +
    'The spreadsheet owner or an editor of that protected range can add this account ' +
    '(Data → Protect sheets and ranges) or remove the protection.',
  editPutBackProtected: 'The stage change was put back, since its History row could not be written.',
  stampNotWritten: 'The move was saved to History, but the Stage changed date could not be written.',
  digestStoppedProtected: 'No more digests were sent: a digest is sent only once its Alerts log row is written, so that none goes twice.',
  snapshotStoppedProtected: 'The snapshot could not be written.',
};

const VI: SheetsLabels = {
  menu: 'Pipeline',
  setUp: 'Thiết lập bảng tính',
  moveDeal: 'Chuyển giao dịch sang giai đoạn…',
  validate: 'Kiểm tra tất cả giao dịch',
  staleAlerts: 'Cảnh báo tồn đọng',
  digestOn: 'Bật thư tổng hợp hằng ngày',
  digestOff: 'Tắt thư tổng hợp hằng ngày',
  digestPreview: 'Xem trước thư của tôi',
  digestSendNow: 'Gửi thư ngay',
  snapshotOn: 'Bật ảnh chụp hằng tuần',
  snapshotOff: 'Tắt ảnh chụp hằng tuần',
  moveTitle: 'Chuyển giai đoạn',
  moveTo: 'Giai đoạn mới',
  reason: 'Lý do chuyển lùi',
  save: 'Chuyển',
  cancel: 'Hủy',
  validateTitle: 'Lỗi trong giao dịch',
  noProblems: 'Không có lỗi.',
  row: 'Dòng',
  column: 'Cột',
  problem: 'Vấn đề',
  lockBusy: 'Một thay đổi khác đang được lưu; giai đoạn đã được trả lại. Hãy đổi lại sau giây lát.',
  pickDealRow: 'Hãy chọn một ô trong dòng giao dịch trên trang Deals trước.',
  noNextStage: 'Theo quy tắc trong Stages, giao dịch này không thể chuyển sang giai đoạn nào khác.',
  setUpDone: SET_UP_DONE.vi,
  digestOnDone: (hour, tz) => `Đã bật thư tổng hợp: mỗi ngày lúc ${hour}:00 (${tz}).`,
  digestOffDone: (removed) => (removed ? 'Đã tắt thư tổng hợp.' : 'Thư tổng hợp chưa được bật.'),
  noStaleDeals: (owner) => `Hôm nay ${owner || 'bạn'} không có giao dịch tồn đọng.`,
  snapshotOnDone: (hour, tz) => `Đã bật ảnh chụp hằng tuần: mỗi thứ Hai lúc ${hour}:00 (${tz}).`,
  snapshotOffDone: (removed) =>
    removed ? 'Đã tắt ảnh chụp hằng tuần. Trang Snapshots được giữ nguyên.' : 'Ảnh chụp hằng tuần chưa được bật.',
  sheetsMissing: SHEETS_MISSING.vi,
  digestNotSent: 'Chưa gửi thư tổng hợp nào.',
  protectedRange: (where) =>
    `${where} đang được bảo vệ và tài khoản này không được sửa. ` +
    'Chủ sở hữu bảng tính hoặc người được phép sửa vùng được bảo vệ có thể thêm tài khoản này ' +
    '(Dữ liệu → Bảo vệ trang tính và dải ô) hoặc gỡ bảo vệ.',
  editPutBackProtected: 'Giai đoạn đã được trả lại, vì không ghi được dòng History.',
  stampNotWritten: 'Thay đổi đã được ghi vào History, nhưng không ghi được ngày Stage changed.',
  digestStoppedProtected:
    'Không gửi thêm thư nào: mỗi thư chỉ được gửi sau khi dòng Alerts log của nó được ghi, để không thư nào bị gửi hai lần.',
  snapshotStoppedProtected: 'Không ghi được ảnh chụp.',
};

const RU: SheetsLabels = {
  menu: 'Воронка',
  setUp: 'Настроить книгу',
  moveDeal: 'Перевести сделку на этап…',
  validate: 'Проверить все сделки',
  staleAlerts: 'Оповещения о застое',
  digestOn: 'Включить ежедневную сводку',
  digestOff: 'Выключить ежедневную сводку',
  digestPreview: 'Показать мою сводку',
  digestSendNow: 'Отправить сводки сейчас',
  snapshotOn: 'Включить еженедельный снимок',
  snapshotOff: 'Выключить еженедельный снимок',
  moveTitle: 'Перевод сделки на этап',
  moveTo: 'Новый этап',
  reason: 'Причина возврата',
  save: 'Перевести',
  cancel: 'Отмена',
  validateTitle: 'Ошибки в сделках',
  noProblems: 'Ошибок нет.',
  row: 'Строка',
  column: 'Столбец',
  problem: 'Ошибка',
  lockBusy: 'Сейчас сохраняется другое изменение; этап возвращён. Измените его ещё раз через минуту.',
  pickDealRow: 'Сначала выберите ячейку в строке сделки на листе Deals.',
  noNextStage: 'По правилам листа Stages эту сделку нельзя перевести ни на какой этап.',
  setUpDone: SET_UP_DONE.ru,
  digestOnDone: (hour, tz) => `Ежедневная сводка включена: каждый день в ${hour}:00 (${tz}).`,
  digestOffDone: (removed) => (removed ? 'Ежедневная сводка выключена.' : 'Ежедневная сводка не была включена.'),
  noStaleDeals: (owner) => `Сегодня у ${owner || 'вас'} нет застрявших сделок.`,
  snapshotOnDone: (hour, tz) => `Еженедельный снимок включён: каждый понедельник в ${hour}:00 (${tz}).`,
  snapshotOffDone: (removed) =>
    removed ? 'Еженедельный снимок выключен. Лист Snapshots сохранён.' : 'Еженедельный снимок не был включён.',
  sheetsMissing: SHEETS_MISSING.ru,
  digestNotSent: 'Сводки не отправлены.',
  protectedRange: (where) =>
    `${where} защищён, и этой учётной записи нельзя его изменять. ` +
    'Владелец таблицы или редактор защищённого диапазона может добавить её (Данные → Защитить листы и диапазоны) или снять защиту.',
  editPutBackProtected: 'Этап возвращён, потому что строку History записать не удалось.',
  stampNotWritten: 'Переход записан в History, но дату Stage changed записать не удалось.',
  digestStoppedProtected:
    'Больше сводок не отправлено: сводка уходит только после записи её строки в Alerts log, чтобы ни одна не ушла дважды.',
  snapshotStoppedProtected: 'Снимок записать не удалось.',
};

export const SHEETS_LABELS: Readonly<Record<Language, SheetsLabels>> = { en: EN, vi: VI, ru: RU };

export function labelsFor(locale: string): SheetsLabels {
  return SHEETS_LABELS[languageOfLocale(locale)];
}
