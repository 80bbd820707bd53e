// scripts/pure-fluent.mjs, the build plugin that lets esbuild drop the Fluent tokens, type
// ramps and DI resolvers the pane never uses: the tokens taskpane.css reads by name
// (var(--name)) are still defined in the pane's code and so still set on the document,
// the unused ones are gone, and a stylesheet naming no token, or a Fluent file written
// otherwise than the plugin expects, fails the build instead of shipping a pane without
// its colours.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without types
import { cssVarsRead, markEnumPure, markResolversPure, markTokensPure, pureFluent } from '../../scripts/pure-fluent.mjs';

const root = join(__dirname, '..', '..');
const paneCss = join(root, 'excel-addin', 'src', 'taskpane.css');
const require = createRequire(__filename);
const tokensFile = require.resolve('@fluentui/web-components/dist/esm/design-tokens.js');

/** fluent.ts (the pane's Fluent elements and theme) bundled with the plugin keeping what `css` reads. */
async function bundleFluent(css: string): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'excel-addin', 'src', 'fluent.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    logLevel: 'silent',
    plugins: [pureFluent(css)],
  });
  return result.outputFiles[0].text;
}

function cssFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pure-fluent-')), 'pane.css');
  writeFileSync(file, text);
  return file;
}

describe('pure-fluent', () => {
  it('reads the var(--name) of a stylesheet, less the properties it sets itself', () => {
    expect([...cssVarsRead('a { color: var(--neutral-foreground-rest); --gap: 2px; margin: var(--gap) var( --design-unit) }')]).toEqual([
      'neutral-foreground-rest',
      'design-unit',
    ]);
    const pane = cssVarsRead(readFileSync(paneCss, 'utf8'));
    for (const name of ['accent-foreground-rest', 'neutral-foreground-hint', 'layer-corner-radius', 'type-ramp-plus-2-font-size'])
      expect(pane.has(name), name).toBe(true);
  });

  it('marks every token definition pure but those the stylesheet reads', () => {
    const text = readFileSync(tokensFile, 'utf8');
    const found = new Set<string>();
    const marked = markTokensPure(text, new Set(['layer-corner-radius']), found) as string;
    expect(marked).toContain("export const layerCornerRadius = create('layer-corner-radius')");
    expect(marked).toContain("export const controlCornerRadius = /* @__PURE__ */ create('control-corner-radius')");
    expect(marked).toContain("export const accentPalette = /* @__PURE__ */ createNonCss('accent-palette')");
    expect(marked).toContain('.withDefault(/* @__PURE__ */ fontVariations(typeRampPlus6FontSize))');
    expect(found.has('neutral-stroke-divider-rest')).toBe(true);
    // Same lines, only annotated.
    expect(marked.split('\n')).toHaveLength(text.split('\n').length);
    expect(() => markTokensPure(`${text}\nexport const surprise = makeToken('x');\n`, new Set())).toThrow(/unexpected export/);
  });

  it('marks the DI resolvers pure, and refuses a di.js it does not recognise', () => {
    const di = readFileSync(require.resolve('@microsoft/fast-foundation/dist/esm/di/di.js'), 'utf8');
    expect(markResolversPure(di)).toContain('export const lazy = /* @__PURE__ */ createResolver(');
    expect(() => markResolversPure('export const lazy = makeResolver(() => 1);')).toThrow(/resolvers/);
  });

  it("writes fast-colors' unused enums as a pure call that builds the same object", () => {
    const text = readFileSync(require.resolve('@microsoft/fast-colors/dist/color-blending.js'), 'utf8');
    const marked = markEnumPure(text) as string;
    expect(marked).toContain('export var ColorBlendMode = /* @__PURE__ */ (function (ColorBlendMode) {');
    const block = /export var ColorBlendMode = ([\s\S]*?\}\)\(\{\}\));/.exec(marked)![1];
    // The rewritten enum, run: the object TypeScript's form builds.
    const built = new Function(`return ${block}`)();
    expect(built.Burn).toBe(0);
    expect(built[7]).toBe('Screen');
    expect(Object.keys(built)).toHaveLength(16);
    expect(() => markEnumPure('export const ColorBlendMode = {};')).toThrow(/enums/);
  });

  it("keeps the tokens taskpane.css reads by name, which the pane's Fluent styles alone would not keep", async () => {
    const withPaneCss = await bundleFluent(paneCss);
    const withoutCss = await bundleFluent(cssFile('body { margin: 0 }'));
    const defined = (bundle: string, name: string) => bundle.includes(`"${name}"`);
    for (const name of cssVarsRead(readFileSync(paneCss, 'utf8'))) expect(defined(withPaneCss, name), name).toBe(true);
    // Read only by taskpane.css: gone when no stylesheet names them.
    expect(defined(withoutCss, 'neutral-stroke-divider-rest')).toBe(false);
    expect(defined(withoutCss, 'neutral-foreground-hint')).toBe(false);
    expect(defined(withoutCss, 'type-ramp-plus-2-font-size')).toBe(false);
    // Never read by anything of the pane: gone either way.
    expect(defined(withPaneCss, 'neutral-fill-inverse-rest')).toBe(false);
    expect(defined(withPaneCss, 'type-ramp-plus-6-font-size')).toBe(false);
  });

  it('fails the build when the stylesheet reads a custom property no token defines', async () => {
    await expect(bundleFluent(cssFile('a { color: var(--accent-forground-rest) }'))).rejects.toThrow(/--accent-forground-rest/);
  });
});
