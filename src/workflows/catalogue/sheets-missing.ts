/**
 * The sentence both add-ins show when a sheet the pipeline needs is gone, naming the
 * menu that makes it again. One small file, so that a workflow that needs only this
 * sentence does not pull every menu label into the Excel pane's bundle.
 */
import type { Language } from '../../core/index';

/** `setUp` is the way to the platform's "Set up workbook" command; by default the Sheets menu's, in the same language. */
export const SHEETS_MISSING: Readonly<Record<Language, (names: readonly string[], setUp?: string) => string>> = {
  en: (names, setUp = 'Pipeline → Set up workbook') =>
    `The ${names.map((n) => `"${n}"`).join(', ')} sheet${names.length > 1 ? 's are' : ' is'} missing (deleted or renamed). ` +
    `Rename it back, or run ${setUp} to create it.`,
  vi: (names, setUp = 'Pipeline → Thiết lập bảng tính') =>
    `Không tìm thấy trang tính ${names.map((n) => `"${n}"`).join(', ')} (đã bị xóa hoặc đổi tên). ` +
    `Hãy đặt lại tên cũ, hoặc chạy ${setUp} để tạo lại.`,
  ru: (names, setUp = 'Воронка → Настроить книгу') =>
    `Нет ${names.length > 1 ? 'листов' : 'листа'} ${names.map((n) => `«${n}»`).join(', ')} (удалён или переименован). ` +
    `Верните прежнее имя или выполните ${setUp}, чтобы создать его.`,
};
