/**
 * Fuzzing the .xlsx reader's XML scanner with hand-written, damaged worksheet XML:
 * tags left open, row and cell numbers out of range or not numbers, shared-string
 * indexes that point nowhere, entities, surrogates. readXlsx must finish, with dense
 * rows of core cells or with an Error that says what is wrong. The scanner is
 * synchronous, so a hang would stop this test's own timers too: each read runs in a
 * worker thread that is stopped after a time limit, and a read that overruns fails
 * the property with its XML (instead of hanging the test run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedZip } from '../workbook/fixtures';
import { RUNS } from './arbitraries';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Far above what any of these few-hundred-byte sheets needs (under a millisecond each), far below a hang. */
const LIMIT_MS = 10_000;

/**
 * `bad` names the first row or cell that is a hole or not a core cell ('' when none):
 * checked in the worker, as a sheet may run to row 1048576.
 */
type Outcome =
  | { readonly ok: true; readonly rows: number; readonly bad: string }
  | { readonly ok: false; readonly message: string }
  | { readonly hung: true };

const dir = mkdtempSync(join(tmpdir(), 'fuzz-xml-'));
let worker: Worker | undefined;
let bundle = '';

/** The worker imports the reader built by esbuild (it cannot load TypeScript) and answers one read per message. */
function startWorker(): Worker {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const isCoreCell = (v) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date;
    function firstBad(rows) {
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r];
        if (!(r in rows) || !Array.isArray(row) || row.length > 16384) return 'row ' + (r + 1);
        for (let c = 0; c < row.length; c++) if (!(c in row) || !isCoreCell(row[c])) return 'row ' + (r + 1) + ', column ' + (c + 1);
      }
      return '';
    }
    import(${JSON.stringify(pathToFileURL(bundle).href)}).then(({ readXlsx }) => {
      parentPort.on('message', (zip) => {
        readXlsx(Buffer.from(zip)).then(
          (sheets) => parentPort.postMessage({
            ok: true,
            rows: sheets[0] ? sheets[0].rows.length : 0,
            bad: sheets[0] ? firstBad(sheets[0].rows) : 'no sheet',
          }),
          (error) => parentPort.postMessage({
            ok: false,
            message: error instanceof Error ? error.message : 'not an Error: ' + String(error),
          }),
        );
      });
      parentPort.postMessage('ready');
    });`;
  return new Worker(code, { eval: true });
}

async function readGuarded(zip: Buffer): Promise<Outcome> {
  if (!worker) {
    worker = startWorker();
    await new Promise((resolve) => worker!.once('message', resolve));
  }
  const current = worker;
  return new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => {
      current.removeAllListeners('message');
      void current.terminate();
      worker = undefined;
      resolve({ hung: true });
    }, LIMIT_MS);
    current.once('message', (answer: Outcome) => {
      clearTimeout(timer);
      resolve(answer);
    });
    current.postMessage(zip);
  });
}

beforeAll(async () => {
  bundle = join(dir, 'xlsx-reader.mjs');
  await build({
    entryPoints: ['src/workbook/xlsx-reader.ts'],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
});
afterAll(async () => {
  await worker?.terminate();
  rmSync(dir, { recursive: true, force: true });
});

function workbook(sheetXml: string, sharedStrings: string): Buffer {
  return storedZip({
    'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ' +
      `Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" ` +
      `Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    'xl/sharedStrings.xml': `<sst xmlns="${MAIN}">${sharedStrings}</sst>`,
    'xl/styles.xml':
      `<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs ` +
      'count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
    'xl/worksheets/sheet1.xml':
      '<?xml version="1.0" encoding="UTF-8"?><worksheet ' +
      `xmlns="${MAIN}"><sheetData>${sheetXml}</sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>`,
  });
}

// Pieces of worksheet XML, well-formed and not: a sheet is any sequence of them.
const rowNumber = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 40 }), weight: 6 },
  { arbitrary: fc.constantFrom('0', '-1', 'abc', '1.5', '1048577', '300000000', ''), weight: 2 },
  // The last row a worksheet has: legal, and a million rows to fill, so rarer.
  { arbitrary: fc.constant('1048576'), weight: 1 },
);
const cellRef = fc.oneof(
  fc.constantFrom('A1', 'B2', 'C', 'XFD1', 'XFE1', 'ZZZZZZ1', 'a3', '1', ''),
  fc.tuple(fc.constantFrom('A', 'B', 'AA'), fc.nat(40)).map(([c, r]) => `${c}${r}`),
);
const cellType = fc.constantFrom('', ' t="s"', ' t="str"', ' t="b"', ' t="e"', ' t="d"', ' t="inlineStr"', ' t="n"', ' t="bogus"');
const style = fc.constantFrom('', ' s="1"', ' s="0"', ' s="99"', ' s="x"');
const valueText = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '2',
    '-1',
    '99',
    '46000.5',
    '1e308',
    'NaN',
    'abc',
    '&amp;',
    '&#x41;',
    '&#xD800;',
    '&#0;',
    '&bogus;',
    '2026-11-23T14:05',
    '',
  ),
  fc.string({ maxLength: 4 }),
);
const piece = fc.oneof(
  rowNumber.map((r) => `<row r="${r}">`),
  fc.constant('<row>'),
  fc.constant('</row>'),
  fc.tuple(cellRef, cellType, style, valueText).map(([r, t, s, v]) => `<c r="${r}"${t}${s}><v>${v}</v></c>`),
  fc.tuple(cellRef, valueText).map(([r, v]) => `<c r="${r}" t="inlineStr"><is><t>${v}</t></is></c>`),
  fc.tuple(cellRef, valueText).map(([r, v]) => `<c r="${r}" t="str"><f>A1</f><v>${v}</v></c>`),
  fc.constantFrom(
    '<c r="A1">',
    '</c>',
    '<v>',
    '</v>',
    '<f>',
    '</f>',
    '<f t="shared" si="0"/>',
    '<is><r><t>x</t></r>',
    '</is>',
    '<c/>',
    '<c r="B1"/>',
    '<v/>',
    '<',
    '>',
    '"',
    "'",
    ' ',
    '=',
    '<x:c r="A1">',
    '<row',
    '<c',
    '<c r="A1" t="s"',
  ),
);
const sheetXml = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));
const sharedStrings = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<si><t>Lead</t></si>',
        '<si><t xml:space="preserve"> Won </t></si>',
        '<si><r><t>Rich</t></r><r><t>Text</t></r></si>',
        '<si><t>_x0041_</t></si>',
        '<si><t/></si>',
        '<si>',
        '</si>',
        '<si><t>cut',
        '<si><t>cut</si>',
        '<si',
        '<sib',
      ),
      valueText.map((v) => `<si><t>${v}</t></si>`),
    ),
    { maxLength: 5 },
  )
  .map((items) => items.join(''));

describe('readXlsx on damaged worksheet XML', () => {
  it('finishes on any XML: dense rows of core cells, or an Error that says what is wrong', async () => {
    await fc.assert(
      fc.asyncProperty(sheetXml, sharedStrings, async (sheet, strings) => {
        const outcome = await readGuarded(workbook(sheet, strings));
        expect('hung' in outcome, `readXlsx ran past ${LIMIT_MS} ms`).toBe(false);
        if ('hung' in outcome) return;
        if (!outcome.ok) {
          expect(outcome.message.startsWith('not an Error')).toBe(false);
          expect(outcome.message.length).toBeGreaterThan(0);
          return;
        }
        expect(outcome.rows).toBeLessThanOrEqual(1_048_576);
        expect(outcome.bad).toBe('');
      }),
      { numRuns: RUNS.damaged },
    );
  });

  it("the worker passes the reader's Error back as a message", async () => {
    // An empty zip (an end record only) holds no xl/workbook.xml: readXlsx says so.
    const outcome = await readGuarded(Buffer.from(`PK\u0005\u0006${'\u0000'.repeat(18)}`, 'latin1'));
    expect(outcome).toEqual({ ok: false, message: 'the zip holds no xl/workbook.xml, so it is not an .xlsx workbook' });
  });
});
