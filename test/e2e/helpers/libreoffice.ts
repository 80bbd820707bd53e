/**
 * Recalculates workbooks in headless LibreOffice. exceljs writes formulas without
 * cached results, so LibreOffice must recalculate on load: a throwaway profile sets
 * OOXMLRecalcMode to 0 ("always") under /org.openoffice.Office.Calc/Formula/Load.
 * Starting soffice is slow, so one call converts every file given. Without LibreOffice
 * it throws what to install (system-tools.ts): the test fails, it does not pass unchecked.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { LIBREOFFICE, requireTool } from './system-tools';

const run = promisify(execFile);

export const SOFFICE_PATH = LIBREOFFICE.path;

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * Opens each file in LibreOffice, recalculates every formula and saves a copy as
 * `format` ('xlsx' or 'csv') in outDir. Returns the paths of the copies, in order.
 */
export async function recalculate(files: readonly string[], outDir: string, format: 'xlsx' | 'csv' = 'xlsx'): Promise<string[]> {
  requireTool(LIBREOFFICE);
  const profile = mkdtempSync(join(tmpdir(), 'pipeline-lo-'));
  try {
    mkdirSync(join(profile, 'user'), { recursive: true });
    writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), RECALC_ALWAYS);
    mkdirSync(outDir, { recursive: true });
    const filter = format === 'xlsx' ? 'xlsx:Calc MS Excel 2007 XML' : 'csv';
    await run(
      SOFFICE_PATH,
      [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--nologo', '--convert-to', filter, '--outdir', outDir, ...files],
      { timeout: 170_000 },
    );
    return files.map((file) => join(outDir, basename(file).replace(/\.[^.]+$/, `.${format}`)));
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
