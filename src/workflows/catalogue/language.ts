/**
 * Which of the catalogue's languages a locale speaks: a spreadsheet locale ("vi_VN",
 * "ru", "en_GB") or an Office language tag ("vi-VN", "ru-RU"). Anything else is English.
 */
import type { Language } from '../../core/index';

export function languageOfLocale(locale: string): Language {
  const code = String(locale ?? '')
    .slice(0, 2)
    .toLowerCase();
  return code === 'vi' || code === 'ru' ? code : 'en';
}
