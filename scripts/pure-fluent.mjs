// An esbuild plugin for the task pane: lets esbuild drop the parts of Fluent UI the pane
// never reads. esbuild keeps a call it cannot prove pure even when nothing imports its
// result, and Fluent builds much at the top level of its modules: its ~270 design tokens
// in @fluentui/web-components' dist/esm/design-tokens.js and styles/elevation.js
// (`export const x = create('x').withDefault(…)`), its type ramps in
// styles/patterns/type-ramp.js (`export const typeRampPlus6 = cssPartial`…``), the DI
// resolvers of @microsoft/fast-foundation's di/di.js (`export const lazy =
// createResolver(…)`) and two enums of @microsoft/fast-colors (ColorBlendMode,
// ColorInterpolationSpace: TypeScript writes an enum as a function that fills it at
// load). About 1.9 KB gzipped that nothing of ours uses. The plugin marks each of these
// definitions /* @__PURE__ */ (https://esbuild.github.io/api/#pure; a tagged template
// takes the mark only inside an arrow called at once, which esbuild inlines again; an
// enum becomes a call that returns it), so one stays exactly when a component's styles,
// a recipe of a kept token, or our code reads it. A resolver factory only builds
// closures, an enum only fills its own object. A token's only effect at load is its
// default on the document, which makes it a CSS custom property
// (--accent-foreground-rest…) once the document is a token root; a stylesheet may read
// that property by name without importing the token. So the tokens that `keepCss`
// (taskpane.css) reads with var(--name) are left unmarked and keep that effect, and a
// var() naming neither a Fluent token nor a property the stylesheet sets itself fails
// the build. So does a file written otherwise than expected: the files are matched
// line by line, as drop-key-codes.mjs does.
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';

/** The three token files, in @fluentui/web-components/dist/esm. */
const FILES = /[\\/]web-components[\\/]dist[\\/]esm[\\/](design-tokens|styles[\\/](elevation|patterns[\\/]type-ramp))\.js$/;
/** A token: `export const x = create('css-name')…`, `createNonCss('name')…` (no CSS property) or `DesignToken.create(…`. */
const TOKEN = /^export const \w+ = (create|createNonCss|DesignToken\.create)\((?:'([a-z0-9-]+)'\)|\{$)/;
/** A type ramp, a cssPartial tagged template whose last line is "`;". */
const PARTIAL = /^export const \w+ = cssPartial `$/;
/** What has no effect at load: another token under an old name, a string. */
const INERT = /^export const \w+ = (\w+|'[^'`$]*'|`[^`]*`);$/;

/** fast-foundation's DI, and its resolvers: `export const lazy = createResolver(…`. */
const DI_FILE = /[\\/]fast-foundation[\\/]dist[\\/]esm[\\/]di[\\/]di\.js$/;
const RESOLVER = /^export const (\w+) = (createResolver|createAllResolver)\(/gm;

/** fast-colors' files with an enum the pane never reads, compiled by TypeScript to a function called at load. */
const ENUM_FILES = /[\\/]fast-colors[\\/]dist[\\/]color-(blending|interpolation)\.js$/;
const ENUM = /^export var (\w+);\n\(function \(\1\) \{\n([^}]*)\n\}\)\(\1 \|\| \(\1 = \{\}\)\);$/gm;

/** The custom property names a stylesheet reads with var(--name), less those it sets itself. */
export function cssVarsRead(cssText) {
  const read = new Set([...cssText.matchAll(/var\(\s*--([a-z0-9-]+)/gi)].map((m) => m[1]));
  for (const m of cssText.matchAll(/(?:^|[;{\s])--([a-z0-9-]+)\s*:/gi)) read.delete(m[1]);
  return read;
}

/**
 * `text` (one of the three files) with every token and type ramp defined at its top level marked pure, except the
 * CSS tokens named in `keep`; `found` collects the CSS names of the tokens it defines.
 */
export function markTokensPure(text, keep, found = new Set(), path = 'design-tokens.js') {
  const lines = text.split('\n');
  let marked = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.startsWith('export ')) continue;
    const token = TOKEN.exec(line);
    if (token) {
      const [, how, name] = token;
      const css = how !== 'createNonCss' && name;
      if (css) found.add(name);
      if (css && keep.has(name)) continue;
      // fontVariations(token) builds a token's default at load: marked too, so an unused one goes with its token.
      lines[i] = line
        .replace(` = ${how}(`, ` = /* @__PURE__ */ ${how}(`)
        .replace('.withDefault(fontVariations(', '.withDefault(/* @__PURE__ */ fontVariations(');
      marked++;
    } else if (PARTIAL.test(line)) {
      const end = lines.indexOf('`;', i);
      if (end < 0) throw new Error(`pure-fluent: no end to ${line} in ${path}; update scripts/pure-fluent.mjs`);
      lines[i] = line.replace(' = cssPartial `', ' = /* @__PURE__ */ (() => cssPartial `');
      lines[end] = '`)();';
      marked++;
    } else if (!INERT.test(line)) {
      throw new Error(`pure-fluent: unexpected export in ${path}: ${line.slice(0, 100)}; update scripts/pure-fluent.mjs`);
    }
  }
  if (marked < 5) throw new Error(`pure-fluent: only ${marked} definitions found in ${path}; update scripts/pure-fluent.mjs`);
  return lines.join('\n');
}

/** di.js with its resolvers (all, lazy, optional, newInstanceForScope, newInstanceOf) marked pure. */
export function markResolversPure(text, path = 'di.js') {
  let marked = 0;
  const out = text.replace(RESOLVER, (_, name, how) => {
    marked++;
    return `export const ${name} = /* @__PURE__ */ ${how}(`;
  });
  if (marked < 5) throw new Error(`pure-fluent: only ${marked} resolvers found in ${path}; update scripts/pure-fluent.mjs`);
  return out;
}

/**
 * `text` with its enum written as a pure call that returns it (the same object: the module's variable is still unset
 * when it runs), so esbuild drops it when nothing reads it.
 */
export function markEnumPure(text, path = 'color-blending.js') {
  let marked = 0;
  const out = text.replace(ENUM, (_, name, body) => {
    marked++;
    return `export var ${name} = /* @__PURE__ */ (function (${name}) {\n${body}\n    return ${name};\n})({});`;
  });
  if (marked !== 1) throw new Error(`pure-fluent: ${marked} enums found in ${path}, not one; update scripts/pure-fluent.mjs`);
  return out;
}

/** The plugin; `keepCss` is the stylesheet (a file path) whose var(--token) reads must keep their token. */
export function pureFluent(keepCss) {
  return {
    name: 'pure-fluent',
    setup(build) {
      let keep = new Set();
      const found = new Set();
      let loaded = 0;
      build.onStart(() => {
        keep = cssVarsRead(readFileSync(keepCss, 'utf8'));
        found.clear();
        loaded = 0;
      });
      build.onLoad({ filter: FILES }, async (args) => {
        const text = (await readFile(args.path, 'utf8')).replace(/\r\n/g, '\n');
        loaded++;
        return { contents: markTokensPure(text, keep, found, args.path), loader: 'js', watchFiles: [keepCss] };
      });
      build.onLoad({ filter: DI_FILE }, async (args) => {
        const text = (await readFile(args.path, 'utf8')).replace(/\r\n/g, '\n');
        return { contents: markResolversPure(text, args.path), loader: 'js' };
      });
      build.onLoad({ filter: ENUM_FILES }, async (args) => {
        const text = (await readFile(args.path, 'utf8')).replace(/\r\n/g, '\n');
        return { contents: markEnumPure(text, args.path), loader: 'js' };
      });
      build.onEnd((result) => {
        if (result.errors.length || !loaded) return;
        const missing = [...keep].filter((name) => !found.has(name));
        if (missing.length)
          throw new Error(`pure-fluent: ${keepCss} reads ${missing.map((n) => `--${n}`).join(', ')}, which no Fluent token defines`);
      });
    },
  };
}
