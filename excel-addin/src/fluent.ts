/**
 * The task pane's Fluent UI web components: the elements it registers, and the Office
 * theme's colours (pane-theme.ts) as Fluent design tokens: the base layer luminance
 * (which picks the light or dark recipes), fillColor (the page), neutralForegroundRest
 * (text, fields' text too: Fluent's fields take the neutral foreground) and
 * neutralFillInputRest (the fields' fill). The accent is Excel's green. The document is
 * a token root, so every token is also a CSS custom property (--type-ramp-base-font-size,
 * --design-unit…) that taskpane.css uses.
 */
import { DesignToken } from '@microsoft/fast-foundation';
import {
  accentBaseColor,
  baseLayerLuminance,
  fillColor,
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
import { isDark, hexChannels, type PaneColors } from './pane-theme';

/** Excel's brand green, the accent of primary buttons, tabs and links. */
export const EXCEL_GREEN = '#107C41';

function swatch(hex: string): Swatch {
  const [r, g, b] = hexChannels(hex)!;
  return SwatchRGB.create(r, g, b);
}

// Kept at module level on purpose: the custom-element registry is itself page-global and
// refuses a second define of the same name, so registering twice must be a no-op.
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
