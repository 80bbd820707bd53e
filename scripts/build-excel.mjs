// Builds the Excel add-in into dist/excel/: manifest.xml (with EXCEL_BASE_URL, default
// https://localhost:3000), taskpane.html/.css/.js (task pane, ribbon commands and the
// Deals validation, one bundle), functions.js (the PIPELINE.* custom functions and
// their CustomFunctions.associate calls), functions.json (generated from the JSDoc in
// excel-addin/src/functions.ts by custom-functions-metadata), small PNG icons, and
// the Office Script for the scheduled digest (also written to excel-addin/office-scripts/).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';
import { dropKeyCodes } from './drop-key-codes.mjs';
import { pureCore } from './pure-core.mjs';
import { pureFluent } from './pure-fluent.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const addin = join(root, 'excel-addin');
const require = createRequire(import.meta.url);

/** The URL the add-in is served from, without a trailing slash. */
export function baseUrl(value = process.env.EXCEL_BASE_URL) {
  const text = (value || 'https://localhost:3000').trim().replace(/\/+$/, '');
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`EXCEL_BASE_URL "${text}" is not a URL; set it to where dist/excel is hosted, e.g. https://team.github.io/pipeline`);
  }
  if (url.protocol !== 'https:' && url.hostname !== 'localhost') {
    throw new Error(`EXCEL_BASE_URL must use https (Office loads add-ins only over https); got ${text}`);
  }
  return text;
}

/** The manifest with every https://localhost:3000 replaced by the base URL. */
export function manifestFor(base) {
  return readFileSync(join(addin, 'manifest.xml'), 'utf8').replaceAll('https://localhost:3000', base);
}

// ---- icons: small solid PNGs drawn here, so the repository holds no binary files ----
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A size×size RGBA PNG: a funnel of `color` bars on a transparent background. */
export function iconPng(size, color) {
  const [r, g, b] = color;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    const band = Math.floor((y / size) * 4);
    const inset = Math.round(((band + 0.5) * size) / 10);
    const gap = y % Math.max(2, Math.round(size / 4)) === Math.max(2, Math.round(size / 4)) - 1;
    for (let x = 0; x < size; x++) {
      const on = !gap && x >= inset && x < size - inset;
      row.set(on ? [r, g, b, 255] : [0, 0, 0, 0], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
export const ICON_COLORS = {
  app: [16, 124, 65],
  setup: [32, 84, 147],
  move: [16, 124, 65],
  validate: [164, 38, 44],
  stale: [193, 156, 0],
  snapshot: [0, 120, 150],
  pane: [80, 80, 80],
};

/** The most taskpane.js may weigh gzipped: the task pane loads it on every open, Fluent UI included. */
export const PANE_GZIP_LIMIT = 80 * 1024;

const kib = (bytes) => (bytes / 1024).toFixed(1);

/** The size of the built task pane bundle, raw and gzipped (level 9, as a server would send it). */
export function paneSize(file) {
  const bytes = readFileSync(file);
  return { bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

/**
 * The JSDoc in functions.ts is wrapped to stay within the formatter's width; custom-functions-metadata keeps those
 * line breaks in each description, and Excel would show them. A JSDoc line break is a soft wrap, so each one (with
 * the indentation after it) becomes a single space.
 */
function unwrapDescriptions(metadataJson) {
  const metadata = JSON.parse(metadataJson);
  const unwrap = (item) => {
    if (typeof item.description === 'string') item.description = item.description.replace(/\s*\n\s*/g, ' ');
  };
  for (const fn of metadata.functions) {
    unwrap(fn);
    if (fn.result) unwrap(fn.result);
    for (const parameter of fn.parameters ?? []) unwrap(parameter);
  }
  return JSON.stringify(metadata, null, 4);
}

/** Builds dist/excel; returns the output directory and the files written. */
export async function buildTarget({ outDir = join(root, 'dist', 'excel'), base = baseUrl(), quiet = false } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  mkdirSync(join(outDir, 'office-scripts'), { recursive: true });

  const { generateCustomFunctionsMetadata } = require('custom-functions-metadata');
  const functionsSource = join(addin, 'src', 'functions.ts');
  const metadata = await generateCustomFunctionsMetadata(functionsSource);
  if (metadata.errors.length) throw new Error(`functions.json: ${metadata.errors.join('; ')}`);
  writeFileSync(join(outDir, 'functions.json'), unwrapDescriptions(metadata.metadataJson));

  const associate = metadata.associate
    .map((a) => `  CustomFunctions.associate(${JSON.stringify(a.id)}, functions.${a.functionName});`)
    .join('\n');
  const common = {
    bundle: true,
    format: 'iife',
    target: 'es2019',
    platform: 'browser',
    drop: ['debugger'],
    charset: 'utf8',
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
    minify: true,
    sourcemap: false,
    plugins: [pureCore],
  };
  await build({
    ...common,
    stdin: {
      contents: `import * as functions from './functions';\nif (typeof CustomFunctions !== 'undefined') {\n${associate}\n}\n`,
      resolveDir: join(addin, 'src'),
      sourcefile: 'functions-entry.ts',
      loader: 'ts',
    },
    outfile: join(outDir, 'functions.js'),
  });
  // The pane runs only where Fluent UI's web components run (WebView2, Edge, modern
  // Safari and Chrome), so ES2020 syntax (?. ??) stays as written instead of expanded.
  await build({
    ...common,
    target: 'es2020',
    plugins: [pureCore, dropKeyCodes, pureFluent(join(addin, 'src', 'taskpane.css'))],
    // fast-foundation brings its own tslib 1.x, whose __decorate and __awaiter do what Fluent's tslib 2 does:
    // one copy (Fluent's) is enough.
    alias: { tslib: createRequire(require.resolve('@fluentui/web-components/package.json')).resolve('tslib/tslib.es6.mjs') },
    entryPoints: [join(addin, 'src', 'taskpane.ts')],
    outfile: join(outDir, 'taskpane.js'),
  });
  const pane = paneSize(join(outDir, 'taskpane.js'));
  copyFileSync(join(addin, 'src', 'taskpane.html'), join(outDir, 'taskpane.html'));
  copyFileSync(join(addin, 'src', 'taskpane.css'), join(outDir, 'taskpane.css'));
  writeFileSync(join(outDir, 'manifest.xml'), manifestFor(base));
  for (const [name, color] of Object.entries(ICON_COLORS)) {
    for (const size of [16, 32, 80]) writeFileSync(join(outDir, 'assets', `${name}-${size}.png`), iconPng(size, color));
  }

  const { officeScriptText } = await import(pathToFileURL(join(addin, 'tools', 'office-script.mjs')).href);
  const script = officeScriptText();
  writeFileSync(join(outDir, 'office-scripts', 'stale-digest.ts'), script);
  writeFileSync(join(addin, 'office-scripts', 'stale-digest.ts'), script);
  if (!quiet)
    console.log(
      `dist/excel built for ${base}; taskpane.js is ${kib(pane.bytes)} KiB, ` +
        `${kib(pane.gzipped)} KiB gzipped (the limit is ${PANE_GZIP_LIMIT / 1024} KiB)`,
    );
  return { outDir, base, associate: metadata.associate, pane };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildTarget();
