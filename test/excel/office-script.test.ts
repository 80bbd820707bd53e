// The Office Script for Power Automate: generated from the core, it must obey the
// Office Scripts limits (no `any`, no imports, arrow functions as Array callbacks,
// no reserved names) and, run against a fake workbook, return what the core's
// digests and renderDigest return for the same cells.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import ts40 from 'typescript-4.0';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without types
import { buildTarget } from '../../scripts/build-excel.mjs';
// @ts-expect-error plain .mjs generator without types
import { officeScriptText } from '../../excel-addin/tools/office-script.mjs';
import { DEFAULT_CONFIG, digests, readDeals, readHistory, renderDigest, staleDeals } from '../../src/core/index';
import { fakeScriptWorkbook, type ScriptCell } from '../fakes/office/excel-script';
import { dealsSheet, historySheet } from './fixtures';
import { HOSTILE_DEAL_HEADERS, VALID_OWNERS, hostileDealRows } from '../security/hostile';

const root = join(__dirname, '..', '..');
let script = '';

beforeAll(async () => {
  await buildTarget({ quiet: true });
  script = readFileSync(join(root, 'dist', 'excel', 'office-scripts', 'stale-digest.ts'), 'utf8');
});

interface Email {
  owner: string;
  subject: string;
  html: string;
}

/** Transpiles the script and runs main(workbook) with "now" fixed, as Power Automate would run it. */
function runScript(text: string, workbook: unknown, now: Date): Email[] {
  const js = ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2020 } }).outputText;
  const sandbox = { workbook, result: undefined as unknown, NOW: now.getTime() };
  const fixedClock = 'const RealDate = Date; Date = class extends RealDate { constructor(...a) { if (a.length === 0) super(NOW); else super(...a); } static now() { return NOW; } };\n';
  runInNewContext(`${fixedClock}${js}\nresult = JSON.stringify(main(workbook));`, sandbox);
  return JSON.parse(sandbox.result as string) as Email[];
}

describe('stale-digest.ts (Office Script)', () => {
  it('is the file the build keeps in excel-addin/office-scripts', () => {
    expect(readFileSync(join(root, 'excel-addin', 'office-scripts', 'stale-digest.ts'), 'utf8')).toBe(script);
  });

  it('has no `any`, no import or export, no require, and only main and its result type at the top', () => {
    const source = ts.createSourceFile('stale-digest.ts', script, ts.ScriptTarget.ES2020, true);
    const offences: string[] = [];
    const walk = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) offences.push(`any at ${node.getStart(source)}`);
      if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isExportDeclaration(node) || ts.isExportAssignment(node)) offences.push('import/export');
      if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && ['require', 'eval'].includes(node.expression.text)))) offences.push('dynamic import/require/eval');
      if (ts.isModifier(node) && node.kind === ts.SyntaxKind.ExportKeyword) offences.push('export modifier');
      if ((ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name && ts.isIdentifier(node.name) && ['Excel', 'ExcelScript', 'console'].includes(node.name.text)) offences.push(`reserved name ${node.name.text}`);
      ts.forEachChild(node, walk);
    };
    walk(source);
    expect(offences).toEqual([]);
    expect(source.statements.map((s) => (s as ts.DeclarationStatement).name?.getText(source))).toEqual(['StaleDigestEmail', 'main']);
    // A word scan as a second check: "any" only in comments and strings, never as a type.
    expect(script).not.toMatch(/:\s*any\b|<any>|as any\b|any\[\]/);
  });

  it('passes every Array callback as an arrow function', () => {
    const source = ts.createSourceFile('stale-digest.ts', script, ts.ScriptTarget.ES2020, true);
    const named: string[] = [];
    const methods = new Set(['map', 'filter', 'forEach', 'some', 'every', 'find', 'findIndex', 'reduce', 'sort', 'flatMap']);
    const walk = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && methods.has(node.expression.name.text)) {
        const callback = node.arguments[0];
        if (callback && (ts.isIdentifier(callback) || ts.isFunctionExpression(callback) || ts.isPropertyAccessExpression(callback))) named.push(node.getText(source).slice(0, 60));
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
    expect(named).toEqual([]);
  });

  it('compiles as Excel’s Code Editor compiles it: TypeScript 4.0.3, strict, noImplicitAny, ES2017 library, no errors', () => {
    // The Code Editor runs TypeScript 4.0.3 and reports implicit any as an error:
    // https://learn.microsoft.com/office/dev/scripts/develop/typescript-restrictions
    expect(ts40.version).toBe('4.0.3');
    const file = join(root, 'dist', 'excel', 'office-scripts', 'stale-digest.ts');
    const program = ts40.createProgram([file, join(root, 'excel-addin', 'office-scripts', 'excel-script.d.ts')], {
      strict: true,
      noImplicitAny: true,
      noEmit: true,
      target: ts40.ScriptTarget.ES2017,
      lib: ['lib.es2017.d.ts'],
      types: [],
    });
    const messages = ts40.getPreEmitDiagnostics(program).map((d) => {
      const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${at ? `line ${at.line + 1}: ` : ''}${ts40.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(messages).toEqual([]);
  });

  it('returns the core’s digest for each owner with stale deals', () => {
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const workbook = fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], 'Stage history': historySheet() as ScriptCell[][] });
    const emails = runScript(script, workbook, now);
    // Independent route: the core itself over the same cells and the same "now".
    const deals = readDeals(dealsSheet(), DEFAULT_CONFIG).deals;
    const history = readHistory(historySheet(), DEFAULT_CONFIG).entries;
    const expected = digests(staleDeals(deals, history, DEFAULT_CONFIG, now), now)
      .filter((d) => d.addressOk)
      .map((d) => {
        const rendered = renderDigest(d, 'en');
        return { owner: d.owner, subject: rendered.subject, html: rendered.html };
      });
    expect(emails).toEqual(expected);
    // Every deal has sat in its stage since 2026-10-01 (53 days, over 14): Ann has D-1 and D-3, Bob D-2.
    expect(emails.map((e) => e.owner)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(emails[1].html).toContain('Beta &lt;pilot&gt;');
    expect(emails[1].html).not.toContain('Beta <pilot>');
  });

  it('reads a table that does not start in row 1, and returns nothing for an empty workbook', () => {
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const shifted = fakeScriptWorkbook({ Deals: [['', ''], ...(dealsSheet() as ScriptCell[][])], 'Stage history': historySheet() as ScriptCell[][] });
    expect(runScript(script, shifted, now).map((e) => e.owner)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(runScript(script, fakeScriptWorkbook({}), now)).toEqual([]);
  });

  it('reads the log from "Stage history", else from a "History" sheet a converted workbook carries', () => {
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const expected = runScript(script, fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], 'Stage history': historySheet() as ScriptCell[][] }), now);
    const converted = fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], History: historySheet() as ScriptCell[][] });
    expect(runScript(script, converted, now)).toEqual(expected);
    // History moves D-1 into Qualified today: read from History, D-1 would not be stale and Ann would lose it.
    const fresh = [historySheet()[0], [46349, 'D-1', 'Lead', 'Qualified', 1000, 46371, 0.2, '', 'edit']] as ScriptCell[][];
    const both = fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], History: fresh, 'Stage history': historySheet() as ScriptCell[][] });
    expect(runScript(script, both, now)).toEqual(expected);
    expect(both.calls.get('History')).toBeUndefined();
    const onlyFresh = fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], History: fresh });
    expect(runScript(script, onlyFresh, now)).not.toEqual(expected);
  });

  it('hands Power Automate digests for valid Owner addresses only, with user text escaped (hostile deals)', () => {
    // Every hostile deal sat still since 2025-01-01 (serial 45658), so each owner with a deal has a digest on 2026-11-23.
    const deals = [[...HOSTILE_DEAL_HEADERS], ...hostileDealRows(45658)] as ScriptCell[][];
    const emails = runScript(script, fakeScriptWorkbook({ Deals: deals }), new Date(Date.UTC(2026, 10, 23, 7, 0)));
    // The flow's email step sends to each owner returned: only the three cells holding one valid address, as that address.
    expect(emails.map((e) => e.owner).sort()).toEqual(VALID_OWNERS.map(([, address]) => address).sort());
    for (const email of emails) {
      expect(email.subject).not.toMatch(/[\r\n]/);
      // No element from user text: the payloads appear only escaped.
      expect(email.html).not.toMatch(/<(script|img|svg|iframe)\b/i);
      expect(email.html).toContain('&lt;');
    }
  });

  it('still compiles when two core modules declare the same name (the generator renames them)', () => {
    const renamed = officeScriptText({ alsoRename: ['findStage', 'Deal', 'stage', 'DEALS_SHEET'] }) as string;
    expect(renamed).toContain('stages_findStage(');
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const workbook = fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], 'Stage history': historySheet() as ScriptCell[][] });
    expect(runScript(renamed, workbook, now)).toEqual(runScript(script, workbook, now));
  });
});
