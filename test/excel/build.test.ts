// `buildTarget()` writes a loadable dist/excel: the manifest's IDs, resource names
// and URLs agree with the files next to it, functions.json matches the functions.js
// associate calls, and EXCEL_BASE_URL moves every URL.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without types
import { baseUrl, buildTarget, paneSize, PANE_GZIP_LIMIT } from '../../scripts/build-excel.mjs';
import { RIBBON_FUNCTIONS } from '../../excel-addin/src/commands';

const BASE = 'https://pipeline.example.org/excel';
let outDir = '';
let manifest = '';

beforeAll(async () => {
  outDir = join(tmpdir(), `pipeline-excel-${process.pid}-${Date.now()}`);
  await buildTarget({ outDir, base: BASE, quiet: true });
  manifest = readFileSync(join(outDir, 'manifest.xml'), 'utf8');
});

const attr = (pattern: RegExp) => [...manifest.matchAll(pattern)].map((m) => m[1]);

describe('dist/excel/manifest.xml', () => {
  it('points every URL at files the build wrote under the base URL', () => {
    const urls = attr(/DefaultValue="(https?:[^"]+)"/g).concat(attr(/<AppDomain>([^<]+)<\/AppDomain>/g));
    expect(urls.length).toBeGreaterThan(20);
    expect(manifest).not.toContain('localhost');
    for (const url of urls) {
      expect(url.startsWith(BASE)).toBe(true);
      const file = url.slice(BASE.length).replace(/^\//, '');
      if (file) expect(existsSync(join(outDir, file)), file).toBe(true);
    }
  });

  it('defines every resid it uses, and uses every one it defines', () => {
    const used = new Set(attr(/resid="([^"]+)"/g));
    const defined = new Set(attr(/<bt:(?:Image|Url|String) id="([^"]+)"/g));
    expect([...used].filter((id) => !defined.has(id))).toEqual([]);
    expect([...defined].filter((id) => !used.has(id))).toEqual([]);
    // Office refuses a resid longer than 32 characters.
    expect([...defined].filter((id) => id.length > 32)).toEqual([]);
  });

  it('declares the shared runtime, the PIPELINE namespace and the ribbon handlers the bundle registers', () => {
    expect(manifest).toContain('<Set Name="SharedRuntime" MinVersion="1.1"/>');
    expect(manifest).toMatch(/<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
    expect(manifest).toContain('<bt:String id="Functions.Namespace" DefaultValue="PIPELINE"/>');
    expect(attr(/<FunctionName>([^<]+)<\/FunctionName>/g).sort()).toEqual([...RIBBON_FUNCTIONS].sort());
    const taskpane = readFileSync(join(outDir, 'taskpane.js'), 'utf8');
    for (const name of RIBBON_FUNCTIONS) expect(taskpane).toContain(`"${name}"`);
    expect(manifest).toContain('<Action xsi:type="ShowTaskpane">');
  });

  it('has unique control IDs', () => {
    const ids = attr(/ id="(Pipeline\.[^"]+)"/g);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('functions.json and functions.js', () => {
  it('hold the same eleven functions, named as in Google Sheets', () => {
    const metadata = JSON.parse(readFileSync(join(outDir, 'functions.json'), 'utf8')) as {
      functions: { id: string; parameters: { name: string }[] }[];
    };
    const ids = metadata.functions.map((f) => f.id);
    expect(ids).toEqual([
      'WEIGHTED',
      'FORECAST',
      'CONVERSION',
      'WINRATE',
      'CYCLE',
      'VELOCITY',
      'STALE',
      'TIME_IN_STAGE',
      'CALIBRATION',
      'FORECAST_RANGE',
      'ROTTING_SUGGEST',
    ]);
    const bundle = readFileSync(join(outDir, 'functions.js'), 'utf8');
    for (const id of ids) expect(bundle).toMatch(new RegExp(`CustomFunctions\\.associate\\("${id}",`));
    // Argument order as PIPELINE_STALE in Sheets: deals, history, as_of, stages.
    expect(metadata.functions.find((f) => f.id === 'STALE')!.parameters.map((p) => p.name)).toEqual([
      'deals',
      'history',
      'as_of',
      'stages',
    ]);
    // And as PIPELINE_FORECAST_RANGE: deals, history, by, quota, runs, seed, probabilities, stages.
    expect(metadata.functions.find((f) => f.id === 'FORECAST_RANGE')!.parameters.map((p) => p.name)).toEqual([
      'deals',
      'history',
      'by',
      'quota',
      'runs',
      'seed',
      'probabilities',
      'stages',
      'rates',
    ]);
  });

  it('give every function the parameters of its PIPELINE_ twin in Sheets, in the same order (the rates range last)', () => {
    const metadata = JSON.parse(readFileSync(join(outDir, 'functions.json'), 'utf8')) as {
      functions: { id: string; parameters: { name: string }[] }[];
    };
    const sheets = readFileSync(join(__dirname, '..', '..', 'src', 'sheets', 'main.ts'), 'utf8');
    for (const fn of metadata.functions) {
      const signature = new RegExp(`export function PIPELINE_${fn.id}\\(([^)]*)\\)`).exec(sheets);
      expect(signature, fn.id).not.toBeNull();
      const names = signature![1]
        .split(',')
        .map((p) => p.trim().split(':')[0].trim())
        .filter(Boolean);
      expect(
        fn.parameters.map((p) => p.name),
        fn.id,
      ).toEqual(names);
    }
    for (const id of ['WEIGHTED', 'FORECAST', 'WINRATE', 'VELOCITY', 'FORECAST_RANGE']) {
      expect(metadata.functions.find((f) => f.id === id)!.parameters.at(-1)!.name, id).toBe('rates');
    }
  });

  it('taskpane.html loads office.js, then functions.js and taskpane.js', () => {
    const html = readFileSync(join(outDir, 'taskpane.html'), 'utf8');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual(['https://appsforoffice.microsoft.com/lib/1/hosted/office.js', 'functions.js', 'taskpane.js']);
  });

  it('bundles Fluent UI into taskpane.js, loads nothing from a CDN, and keeps it under 80 KiB gzipped', () => {
    const file = join(outDir, 'taskpane.js');
    const bundle = readFileSync(file, 'utf8');
    // The Fluent elements the pane uses are defined by the bundle itself (prefix "fluent" + the base names).
    for (const name of ['button', 'select', 'option', 'text-field', 'tabs', 'tab', 'tab-panel'])
      expect(bundle).toContain(`baseName:"${name}"`);
    expect(bundle).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh|skypack/);
    // Gzipped here at zlib's default level, apart from the build's own count (level 9), so a mistake in one shows.
    const gzipped = gzipSync(readFileSync(file)).length;
    expect(PANE_GZIP_LIMIT).toBe(80 * 1024);
    expect(gzipped).toBeLessThan(PANE_GZIP_LIMIT);
    expect(Math.abs(paneSize(file).gzipped - gzipped)).toBeLessThan(2048);
  });

  it('writes real PNG icons', () => {
    const png = readFileSync(join(outDir, 'assets', 'app-32.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // IHDR width and height sit at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 32]);
  });
});

describe('EXCEL_BASE_URL', () => {
  it('defaults to https://localhost:3000, drops a trailing slash and refuses plain http elsewhere', () => {
    expect(baseUrl(undefined)).toBe('https://localhost:3000');
    expect(baseUrl('https://team.github.io/pipeline/')).toBe('https://team.github.io/pipeline');
    expect(() => baseUrl('http://team.github.io')).toThrow(/https/);
    expect(() => baseUrl('not a url')).toThrow(/not a URL/);
  });
});
