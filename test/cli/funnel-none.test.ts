/**
 * A CRM export whose every stage is outside the stage set: the funnel counts no deal,
 * and no page may label it "from History" (the file has none). Terminal, HTML and the
 * .xlsx Conversion sheet say that nothing was counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tempDir, writeText } from '../workbook/fixtures';
import { cli } from './helpers';

// A Salesforce report export read with --stages b2b: "Closed Won", "Prospecting" and "Discovery"
// are not b2b stages, so 0 deals are counted.
const CSV = [
  '"Opportunity Owner","Opportunity Name","Stage","Amount","Close Date","Created Date"',
  '"Dana Whitfield","Acorn - Seats","Closed Won","12000","2/20/2026","1/12/2026"',
  '"Luis Ortega","Grey - Kiosks","Prospecting","8000","12/17/2026","11/13/2026"',
  '"Luis Ortega","Hill - Portal","Discovery","12000","1/22/2027","10/23/2026"',
].join('\n');

describe('a funnel that counts no deal', () => {
  const dir = tempDir();
  it('is not labelled "from History" in the terminal, the HTML page or the .xlsx', async () => {
    const path = await writeText(join(dir, 'sf-none.csv'), CSV);
    const args = ['report', path, '--as-of', '2026-11-23', '--stages', 'b2b'];
    const terminal = await cli(args);
    expect(terminal.out).toContain('LEFT OUT: 3 of 3 deals');
    expect(terminal.out).not.toContain('from History');
    expect(terminal.out.replace(/\n/g, ' ')).toContain(
      'Conversion funnel (deals that reached each stage): no deal is counted: none of the 3 deals is in a stage of the stage set',
    );

    const html = join(dir, 'none.html');
    const xlsx = join(dir, 'none.xlsx');
    expect((await cli([...args, '--html', html, '--out', xlsx])).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('from History');
    expect(page).toContain('no deal is counted: none of the 3 deals is in a stage of the stage set');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.getWorksheet('Conversion')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(row[header.indexOf('Counted from')]).toBe('No deal counted');
    expect(String(row[header.indexOf('Rule')])).not.toContain('History');
  });

  it('gives source "none" and a note without "from History" in --json', async () => {
    const path = await writeText(join(dir, 'sf-none-json.csv'), CSV);
    const result = await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b', '--json']);
    const json = JSON.parse(result.out);
    expect(json.conversionBasis).toEqual({
      source: 'none',
      fromHistory: 0,
      withoutHistory: 0,
      lostAtKnown: 0,
      lostAtFirstOnly: 0,
      atLeast: false,
    });
    expect(json.conversionNote).toBe('no deal is counted: none of the 3 deals is in a stage of the stage set');
  });
});

describe('a funnel over a file with no deals', () => {
  const dir = tempDir();
  it('says the file has no deals, not that they are outside the stage set', async () => {
    const path = await writeText(join(dir, 'header-only.csv'), 'Deal ID,Owner,Stage,Amount,Expected close\n');
    const result = await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b']);
    expect(result.out.replace(/\n/g, ' ')).toContain(
      'Conversion funnel (deals that reached each stage): no deal is counted: the file has no deals yet',
    );
    const json = JSON.parse((await cli(['report', path, '--as-of', '2026-11-23', '--stages', 'b2b', '--json'])).out);
    expect(json.conversionBasis.source).toBe('none');
    expect(json.conversionNote).toBe('no deal is counted: the file has no deals yet');
    expect(result.out).not.toContain('from History');
  });
});
