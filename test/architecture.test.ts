/**
 * The direction of every import (docs/ARCHITECTURE.md): src/core is the pure domain and
 * imports nothing outside itself; src/workflows (the user actions, as plans) imports the
 * core through src/core/index only; the adapters (src/sheets, excel-addin/src, src/cli,
 * src/workbook, src/sql, src/sample) reach the core through src/core/index, never one
 * of its files, and may use the workflows; nothing under src imports test/. Each file's
 * imports are read with TypeScript's own pre-processor (comments and strings are not
 * imports), relative paths resolved against the file.
 *
 * KNOWN_VIOLATIONS names each file that breaks a rule today, with the import that does.
 * The test fails on a violation not on the list, and on a listed one that is gone, so
 * the list only shrinks: fix a file, then delete its line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

interface Layer {
  /** Where the layer's files live, relative to the repository. */
  readonly path: string;
  /** Path prefixes (relative to the repository) a relative import may reach; src/core/index is the exact file. */
  readonly mayImport: readonly string[];
  /** Whether npm packages and node: modules may be imported (only the adapters touch a platform). */
  readonly packages: boolean;
}

const CORE_INDEX = 'src/core/index';

/** Most specific path first: a file belongs to the first layer whose path holds it. */
const LAYERS: readonly Layer[] = [
  { path: 'src/core', mayImport: ['src/core/'], packages: false },
  { path: 'src/workflows', mayImport: [CORE_INDEX, 'src/workflows/'], packages: false },
  { path: 'src/sheets', mayImport: [CORE_INDEX, 'src/workflows/', 'src/sheets/'], packages: false },
  { path: 'excel-addin/src', mayImport: [CORE_INDEX, 'src/workflows/', 'excel-addin/src/'], packages: true },
  { path: 'src/sample', mayImport: [CORE_INDEX, 'src/sample/'], packages: false },
  // The SQL views are checked against the report's figures, so they share its row types (src/workbook/report.ts).
  { path: 'src/sql', mayImport: [CORE_INDEX, 'src/workflows/', 'src/sql/', 'src/workbook/'], packages: true },
  { path: 'src/workbook', mayImport: [CORE_INDEX, 'src/workflows/', 'src/sql/', 'src/workbook/'], packages: true },
  { path: 'src/cli', mayImport: [CORE_INDEX, 'src/workflows/', 'src/sql/', 'src/workbook/', 'src/sample/', 'src/cli/'], packages: true },
];

/**
 * Files that break a rule today, each with its offending imports (as written), to be
 * fixed by the work on issue 14 and then deleted from here. core/formulas and
 * core/a1 are listed because src/core/index does not export formulas, and the files
 * below were being rewritten by others when this test came.
 */
const KNOWN_VIOLATIONS: Readonly<Record<string, readonly string[]>> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function layerOf(file: string): Layer | undefined {
  return LAYERS.find((layer) => file.startsWith(`${layer.path}/`));
}

/** May `file` import `spec` (as written in it)? */
function mayImport(file: string, spec: string): boolean {
  const layer = layerOf(file)!;
  if (!spec.startsWith('.')) return layer.packages;
  const target = relative(ROOT, normalize(join(ROOT, dirname(file), spec)))
    .replace(/\\/g, '/')
    .replace(/\.(ts|js|mjs)$/, '');
  return layer.mayImport.some((prefix) => (prefix.endsWith('/') ? target.startsWith(prefix) : target === prefix));
}

/** The imports of `file` that its layer forbids, as written in the file. */
function wrongImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return [...new Set(importedFiles.map((i) => i.fileName).filter((spec) => !mayImport(file, spec)))].sort();
}

const FILES = ['src', 'excel-addin/src'].flatMap(sourceFiles);

describe('the direction of imports', () => {
  it('puts every source file in a layer', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.filter((file) => !layerOf(file))).toEqual([]);
  });

  it('finds no import against the layers but the known ones, and each known one is still there', () => {
    const found: Record<string, string[]> = {};
    for (const file of FILES) {
      const wrong = wrongImports(file);
      if (wrong.length > 0) found[file] = wrong;
    }
    const known = Object.fromEntries(Object.entries(KNOWN_VIOLATIONS).map(([file, specs]) => [file, [...specs].sort()]));
    // A new violation shows here as an extra file or import; a fixed one as a listed import no longer found.
    expect(found).toEqual(known);
  });

  it('catches a core file reaching out, a workflow passing the index by, and source importing a test', () => {
    // Checked on made-up imports, so that the rules are seen to bite without a real violation.
    const check = mayImport;
    expect(check('src/core/deals.ts', '../workbook/cells')).toBe(false);
    expect(check('src/core/deals.ts', './crm/index')).toBe(true);
    expect(check('src/core/deals.ts', 'node:fs')).toBe(false);
    expect(check('src/workbook/read.ts', 'node:fs')).toBe(true);
    expect(check('src/workflows/move.ts', '../core/moves')).toBe(false);
    expect(check('src/workflows/move.ts', '../core/index')).toBe(true);
    expect(check('src/sheets/edit.ts', '../workflows/move')).toBe(true);
    expect(check('src/sheets/edit.ts', '../cli/main')).toBe(false);
    expect(check('src/cli/main.ts', '../../test/fakes/gas/index')).toBe(false);
    expect(check('excel-addin/src/actions.ts', '../../src/core/index')).toBe(true);
    expect(check('excel-addin/src/actions.ts', '../../src/sheets/edit')).toBe(false);
  });
});
