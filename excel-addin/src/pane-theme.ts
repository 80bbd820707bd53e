/**
 * The task pane's Fluent UI components: which ones it registers, and the theme that
 * follows Office's. Office gives four colours (Office.context.officeTheme; see
 * https://learn.microsoft.com/en-us/javascript/api/office/office.officetheme):
 * bodyBackgroundColor and bodyForegroundColor for the pane, controlBackgroundColor and
 * controlForegroundColor for its fields. They map onto Fluent's design tokens: the
 * base layer luminance (light or dark recipes), fillColor (the page), neutralForegroundRest
 * (text) and neutralFillInputRest (fields). Where Office gives no theme (an older host,
 * the browser), the pane uses Fluent's light theme. The accent is Excel's green.
 */
import { DesignToken } from '@microsoft/fast-foundation';
import {
  accentBaseColor,
  baseLayerLuminance,
  fillColor,
  fluentAnchor,
  fluentButton,
  fluentOption,
  fluentSelect,
  fluentTab,
  fluentTabPanel,
  fluentTabs,
  fluentTextField,
  neutralFillInputRest,
  neutralForegroundRest,
  provideFluentDesignSystem,
  SwatchRGB,
  type Swatch,
} from '@fluentui/web-components';

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

/** Excel's brand green, the accent of primary buttons and links. */
export const EXCEL_GREEN = '#107C41';

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
  return { bodyBackgroundColor: theme.bodyBackgroundColor!, bodyForegroundColor: theme.bodyForegroundColor!, controlBackgroundColor: theme.controlBackgroundColor!, controlForegroundColor: theme.controlForegroundColor! };
}

/** True when the page colour is dark (its luminance below the middle grey's). */
export function isDark(colors: PaneColors): boolean {
  return relativeLuminance(hexChannels(colors.bodyBackgroundColor)!) < 0.18;
}

function swatch(hex: string): Swatch {
  const [r, g, b] = hexChannels(hex)!;
  return SwatchRGB.create(r, g, b);
}

let registered = false;

/** Registers the Fluent elements the pane uses (once) and makes the document a token root, so every token is a CSS custom property. */
export function registerFluent(): void {
  if (registered) return;
  registered = true;
  DesignToken.registerRoot();
  provideFluentDesignSystem().register(
    fluentButton(),
    fluentTextField(),
    fluentSelect(),
    fluentOption(),
    fluentTabs(),
    fluentTab(),
    fluentTabPanel(),
    fluentAnchor(),
  );
}

/** Sets the Fluent tokens on `root` (the pane's body) from the Office theme's colours. */
export function applyPaneTheme(root: HTMLElement, colors: PaneColors): void {
  const page = swatch(colors.bodyBackgroundColor);
  baseLayerLuminance.setValueFor(root, page.relativeLuminance);
  fillColor.setValueFor(root, page);
  neutralForegroundRest.setValueFor(root, swatch(colors.bodyForegroundColor));
  neutralFillInputRest.setValueFor(root, swatch(colors.controlBackgroundColor));
  accentBaseColor.setValueFor(root, swatch(EXCEL_GREEN));
  root.dataset.theme = isDark(colors) ? 'dark' : 'light';
}
