// The task pane's words and theme without a page: every language says every word,
// the language follows the workbook's setting and then Office's display language, and
// the theme takes Office's four colours only when all four are colours.
import { describe, expect, it } from 'vitest';
import { digestWords, PANE_WORDS, paneLanguage } from '../../src/workflows/catalogue/index';
import { settingsEntries } from '../../excel-addin/src/settings';
import { isDark, LIGHT_COLORS, paneColors, relativeLuminance, hexChannels } from '../../excel-addin/src/pane-theme';
import { DEFAULT_CONFIG } from '../../src/core/index';

describe("the pane's words", () => {
  it('has every word in en, vi and ru, none empty, and vi/ru differ from en', () => {
    const keys = Object.keys(PANE_WORDS.en).sort();
    for (const language of ['vi', 'ru'] as const) {
      expect(Object.keys(PANE_WORDS[language]).sort()).toEqual(keys);
      for (const key of keys) {
        const word = PANE_WORDS[language][key as keyof typeof PANE_WORDS.en];
        if (typeof word === 'string') expect(word.length, `${language}.${key}`).toBeGreaterThan(0);
      }
      expect(PANE_WORDS[language].move).not.toBe(PANE_WORDS.en.move);
      expect(PANE_WORDS[language].months).toHaveLength(12);
    }
  });

  it('counts Russian deals and days with the right forms', () => {
    const ru = digestWords('ru');
    expect([1, 2, 5, 21].map((n) => ru.ownerHeading('ann', n))).toEqual([
      'ann · 1 сделка',
      'ann · 2 сделки',
      'ann · 5 сделок',
      'ann · 21 сделка',
    ]);
    expect(ru.dealLine('D-1', 'Acme', 'Lead', 3, 'stale')).toBe('D-1 Acme — Lead, 3 дня (stale)');
    expect(digestWords('en').ownerHeading('', 1)).toBe('(no owner) · 1 deal');
  });

  it("follows Office's display language, else English", () => {
    expect(paneLanguage('vi-VN')).toBe('vi');
    expect(paneLanguage('ru')).toBe('ru');
    expect(paneLanguage('de-DE')).toBe('en');
    expect(paneLanguage(undefined)).toBe('en');
  });

  it("lists the Settings in the pane's language", () => {
    const entries = new Map(settingsEntries({ ...DEFAULT_CONFIG.rules, fiscalYearStartMonth: 4 }, PANE_WORDS.vi));
    expect(entries.get('Năm tài chính bắt đầu')).toBe('Tháng 4');
    expect(entries.get('Chuyển lùi cần lý do')).toBe(DEFAULT_CONFIG.rules.backwardNeedsReason ? 'có' : 'không');
  });
});

describe("the pane's theme", () => {
  const DARK = {
    bodyBackgroundColor: '#262626',
    bodyForegroundColor: '#FFFFFF',
    controlBackgroundColor: '#404040',
    controlForegroundColor: '#F0F0F0',
  };

  it("takes Office's colours when all four are hex triplets", () => {
    expect(paneColors(DARK)).toEqual(DARK);
    expect(isDark(paneColors(DARK))).toBe(true);
  });

  it("falls back to Fluent's light theme when Office gives no theme, or half of one", () => {
    expect(paneColors(undefined)).toBe(LIGHT_COLORS);
    expect(paneColors({ bodyBackgroundColor: '#000000' })).toBe(LIGHT_COLORS);
    expect(paneColors({ ...DARK, controlForegroundColor: 'white' })).toBe(LIGHT_COLORS);
    expect(isDark(LIGHT_COLORS)).toBe(false);
  });

  it('measures luminance as WCAG does', () => {
    // WCAG: white is 1, black 0; #808080 is ((0.502+0.055)/1.055)^2.4 ≈ 0.2159.
    expect(relativeLuminance(hexChannels('#FFFFFF')!)).toBeCloseTo(1, 6);
    expect(relativeLuminance(hexChannels('#000000')!)).toBe(0);
    expect(relativeLuminance(hexChannels('#808080')!)).toBeCloseTo(0.2159, 3);
  });
});
