/**
 * Recalculates workbooks in headless LibreOffice. exceljs writes formulas without
 * cached results, so LibreOffice must recalculate on load: a throwaway profile sets
 * OOXMLRecalcMode to 0 ("always") under /org.openoffice.Office.Calc/Formula/Load.
 * Starting soffice is slow, so one call converts every file given. Without LibreOffice
 * it throws what to install (system-tools.ts): the test fails, it does not pass unchecked.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LIBREOFFICE, requireTool } from './system-tools';
import { inflateEntry, zipEntries } from '../../../src/workbook/xlsx-reader';

const run = promisify(execFile);

export const SOFFICE_PATH = LIBREOFFICE.path;

const OOR_NAMESPACE = 'http://openoffice.org/2001/registry';
const XS_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';
const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="${OOR_NAMESPACE}" xmlns:xs="${XS_NAMESPACE}" xmlns:xsi="${XSI_NAMESPACE}">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * Opens each file in LibreOffice, recalculates every formula and saves a copy as
 * `format` ('xlsx', 'csv', or 'png' of the first sheet) in outDir. Returns the paths of the copies, in order.
 */
export async function recalculate(files: readonly string[], outDir: string, format: 'xlsx' | 'csv' | 'png' = 'xlsx'): Promise<string[]> {
  requireTool(LIBREOFFICE);
  const profile = mkdtempSync(join(tmpdir(), 'pipeline-lo-'));
  try {
    mkdirSync(join(profile, 'user'), { recursive: true });
    writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
    mkdirSync(outDir, { recursive: true });
    const filter = format === 'xlsx' ? 'xlsx:Calc MS Excel 2007 XML' : format === 'png' ? 'png:calc_png_Export' : 'csv';
    await run(
      SOFFICE_PATH,
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--norestore',
        '--nologo',
        '--convert-to',
        filter,
        '--outdir',
        outDir,
        ...files,
      ],
      { timeout: 170_000 },
    );
    return files.map((file) => join(outDir, basename(file).replace(/\.[^.]+$/, `.${format}`)));
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * The results a saved .xlsx holds for one sheet, read from its XML: address → the
 * cell's <v> text and its type (t: "s", "str", "e", "b", or "n" when left out). A
 * formula cell LibreOffice did not compute has no <v> and is not in the map, so a
 * test cannot mistake "no result" for 0 (exceljs reads both as a missing result).
 */
export function cachedResults(path: string, sheetName: string): Map<string, { readonly type: string; readonly value: string }> {
  const zip = readFileSync(path);
  const entries = zipEntries(zip);
  const text = (name: string) => inflateEntry(zip, entries.get(name)!).toString('utf8');
  const workbook = text('xl/workbook.xml');
  const escaped = sheetName.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const sheetTag = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`name="${escaped}"`));
  const relId = sheetTag && /r:id="([^"]+)"/.exec(sheetTag)?.[1];
  const rel =
    relId &&
    [...text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b[^>]*>/g)]
      .map((m) => m[0])
      .find((tag) => tag.includes(`Id="${relId}"`));
  const target = rel && /Target="([^"]+)"/.exec(rel)?.[1];
  if (!target) throw new Error(`${path} has no sheet named ${sheetName}`);
  const sheetXml = text(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  const results = new Map<string, { type: string; value: string }>();
  for (const cell of sheetXml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const address = /\br="([A-Z]+\d+)"/.exec(cell[1])?.[1];
    const value = cell[2] === undefined ? undefined : /<v>([\s\S]*?)<\/v>/.exec(cell[2])?.[1];
    if (address && value !== undefined) results.set(address, { type: /\bt="([a-z]+)"/.exec(cell[1])?.[1] ?? 'n', value });
  }
  return results;
}

/**
 * Converts each file's first sheet to PNG in outDir (LibreOffice's calc_png_Export, one
 * soffice call), with recalculation on load. The PNG filter lives in LibreOffice's
 * graphic filter library (Debian: libreoffice-draw); without it soffice says "no export
 * filter" and the test fails. Returns the PNG paths, in order.
 */
export async function renderPng(files: readonly string[], outDir: string): Promise<string[]> {
  return recalculate(files, outDir, 'png');
}
