/**
 * The sentence both add-ins show when a sheet the pipeline needs is gone, naming the
 * menu that makes it again. One small file, so that a workflow that needs only this
 * sentence does not pull every menu label into the Excel pane's bundle.
 */
import type { Language } from '../../core/types';

export const SHEETS_MISSING: Readonly<Record<Language, (names: readonly string[]) => string>> = {
  en: (names) =>
    `The ${names.map((n) => `"${n}"`).join(', ')} sheet${names.length > 1 ? 's are' : ' is'} missing (deleted or renamed). Rename it back, or run Pipeline → Set up workbook to create it.`,
  vi: (names) =>
    `Không tìm thấy trang tính ${names.map((n) => `"${n}"`).join(', ')} (đã bị xóa hoặc đổi tên). Hãy đặt lại tên cũ, hoặc chạy Pipeline → Thiết lập bảng tính để tạo lại.`,
  ru: (names) =>
    `Нет ${names.length > 1 ? 'листов' : 'листа'} ${names.map((n) => `«${n}»`).join(', ')} (удалён или переименован). Верните прежнее имя или выполните Воронка → Настроить книгу, чтобы создать его.`,
};
