/**
 * What "Set up workbook" says when it is done, in English, Vietnamese and Russian.
 * Its own small file, like sheets-missing.ts, so that the set-up workflow (which the
 * Excel task pane runs too) does not pull every Sheets menu label into the pane's bundle.
 */
import type { Language } from '../../core/index';

export const SET_UP_DONE: Readonly<Record<Language, (created: readonly string[]) => string>> = {
  en: (created) =>
    created.length
      ? `Created: ${created.join(', ')}. Existing data was left as it was.`
      : 'Everything was already in place; nothing was overwritten.',
  vi: (created) => (created.length ? `Đã tạo: ${created.join(', ')}. Dữ liệu cũ được giữ nguyên.` : 'Mọi thứ đã có sẵn; không ghi đè gì.'),
  ru: (created) => (created.length ? `Создано: ${created.join(', ')}. Данные не тронуты.` : 'Всё уже на месте; ничего не перезаписано.'),
};
