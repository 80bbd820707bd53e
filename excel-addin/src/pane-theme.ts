/**
 * The colours the task pane takes from Office's theme. Office gives four
 * (Office.context.officeTheme; https://learn.microsoft.com/en-us/javascript/api/office/office.officetheme):
 * bodyBackgroundColor and bodyForegroundColor for the pane, controlBackgroundColor and
 * controlForegroundColor for its fields, each a hex triplet such as "#FFA500". Where
 * Office gives no theme (an older host, a plain browser), the pane uses Fluent's light
 * theme. Pure, so that it is tested without a page; fluent.ts turns these colours into
 * Fluent design tokens.
 */
/** The four colours of an Office theme, as hex triplets ("#FFA500"). */
export interface PaneColors {
  readonly bodyBackgroundColor: string;
  readonly bodyForegroundColor: string;
  readonly controlBackgroundColor: string;
  readonly controlForegroundColor: string;
}

/** Fluent 2's web light theme: colorNeutralBackground1 and colorNeutralForeground1. */
export const LIGHT_COLORS: PaneColors = {
  bodyBackgroundColor: '#FFFFFF',
  bodyForegroundColor: '#242424',
  controlBackgroundColor: '#FFFFFF',
  controlForegroundColor: '#242424',
};

const HEX = /^#?([0-9a-f]{6})$/i;

/** Red, green and blue of "#RRGGBB" in 0..1, or null for anything else. */
export function hexChannels(hex: string): [number, number, number] | null {
  const match = HEX.exec(String(hex ?? '').trim());
  if (!match) return null;
  const n = Number.parseInt(match[1], 16);
  return [(n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** WCAG relative luminance of a colour given as 0..1 channels. */
export function relativeLuminance([r, g, b]: readonly [number, number, number]): number {
  const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * The colours the pane uses: Office's theme when it gives all four as hex triplets,
 * else Fluent's light theme (a half-given theme would mix dark text with a light page).
 */
export function paneColors(theme: Partial<PaneColors> | undefined | null): PaneColors {
  if (!theme) return LIGHT_COLORS;
  const keys = ['bodyBackgroundColor', 'bodyForegroundColor', 'controlBackgroundColor', 'controlForegroundColor'] as const;
  if (keys.some((key) => hexChannels(theme[key] ?? '') === null)) return LIGHT_COLORS;
  return {
    bodyBackgroundColor: theme.bodyBackgroundColor!,
    bodyForegroundColor: theme.bodyForegroundColor!,
    controlBackgroundColor: theme.controlBackgroundColor!,
    controlForegroundColor: theme.controlForegroundColor!,
  };
}

/** True when the page colour is dark (its luminance below the middle grey's). */
export function isDark(colors: PaneColors): boolean {
  return relativeLuminance(hexChannels(colors.bodyBackgroundColor)!) < 0.18;
}
