// The Office Script for Power Automate: generated from the core, it must obey the
// Office Scripts limits (no `any`, no imports, arrow functions as Array callbacks,
// no reserved names) and, run against a fake workbook, return the digests worked
// out by hand for the same cells.
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
import { baseTotal, digests, readDeals, readHistory, readRates, readStages, renderManagerSummary, staleDeals } from '../../src/core/index';
import { fakeScriptWorkbook, type ScriptCell } from '../fakes/office/excel-script';
import { dealsSheet, historySheet, stagesSheet } from './fixtures';
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

/** The text of each body row of an email's HTML table, tags stripped and entities left as written. */
function tableCells(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, '')),
  );
}

/** Transpiles the script and runs main(workbook) with "now" fixed, as Power Automate would run it. */
function runScript(text: string, workbook: unknown, now: Date, logs: string[] = []): Email[] {
  const js = ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2020 } }).outputText;
  // Office Scripts' console.log, kept for the tests that read what the script reported.
  const console = { log: (...data: unknown[]) => logs.push(data.map(String).join(' ')) };
  const sandbox = { workbook, console, result: undefined as unknown, NOW: now.getTime() };
  const fixedClock =
    'const RealDate = Date; ' +
    'Date = class extends RealDate { ' +
    'constructor(...a) { if (a.length === 0) super(NOW); else super(...a); } ' +
    'static now() { return NOW; } };\n';
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
      if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node) || ts.isExportDeclaration(node) || ts.isExportAssignment(node))
        offences.push('import/export');
      if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isIdentifier(node.expression) && ['require', 'eval'].includes(node.expression.text)))
      )
        offences.push('dynamic import/require/eval');
      if (ts.isModifier(node) && node.kind === ts.SyntaxKind.ExportKeyword) offences.push('export modifier');
      if (
        (ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) &&
        node.name &&
        ts.isIdentifier(node.name) &&
        ['Excel', 'ExcelScript', 'console'].includes(node.name.text)
      )
        offences.push(`reserved name ${node.name.text}`);
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
        if (callback && (ts.isIdentifier(callback) || ts.isFunctionExpression(callback) || ts.isPropertyAccessExpression(callback)))
          named.push(node.getText(source).slice(0, 60));
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

  it('returns the digest of each owner with stale deals: subject and table worked out by hand', () => {
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const workbook = fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], 'Stage history': historySheet() as ScriptCell[][] });
    const emails = runScript(script, workbook, now);
    // Every deal has sat in its stage since 2026-10-01 (53 days to 11-23: 31 − 1 + 23), over the 14 days of Lead, Qualified
    // and Contacted: Ann has D-1 (Qualified, closes 46371 = 2026-12-15, 1,000) and D-3 (Lead, no amount), Bob D-2 (Contacted, 5,000).
    // Cells are Deal, Account, Stage, Days in stage / limit, Next step, Expected close, Amount, as the HTML table shows them.
    expect(emails.map((e) => [e.owner, e.subject, tableCells(e.html)])).toEqual([
      [
        'ann@example.com',
        '2 deals need attention — Pipeline (2026-11-23)',
        [
          ['Acme renewal', '', 'Qualified', '53 / 14', '', '2026-12-15', '1,000'],
          ['Gamma', '', 'Lead', '53 / 14', '', '', ''],
        ],
      ],
      [
        'bob@example.com',
        '1 deal needs attention — Pipeline (2026-11-23)',
        [['Beta &lt;pilot&gt;', '', 'Contacted', '53 / 14', '', '', '5,000']],
      ],
    ]);
    expect(emails[1].html).not.toContain('Beta <pilot>');
  });

  it('reads a table that does not start in row 1, and returns nothing for an empty workbook', () => {
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const shifted = fakeScriptWorkbook({
      Deals: [['', ''], ...(dealsSheet() as ScriptCell[][])],
      'Stage history': historySheet() as ScriptCell[][],
    });
    expect(runScript(script, shifted, now).map((e) => e.owner)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(runScript(script, fakeScriptWorkbook({}), now)).toEqual([]);
  });

  it('reads the log from "Stage history", else from a "History" sheet a converted workbook carries', () => {
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const expected = runScript(
      script,
      fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], 'Stage history': historySheet() as ScriptCell[][] }),
      now,
    );
    const converted = fakeScriptWorkbook({ Deals: dealsSheet() as ScriptCell[][], History: historySheet() as ScriptCell[][] });
    expect(runScript(script, converted, now)).toEqual(expected);
    // History moves D-1 into Qualified today: read from History, D-1 would not be stale and Ann would lose it.
    const fresh = [historySheet()[0], [46349, 'D-1', 'Lead', 'Qualified', 1000, 46371, 0.2, '', 'edit']] as ScriptCell[][];
    const both = fakeScriptWorkbook({
      Deals: dealsSheet() as ScriptCell[][],
      History: fresh,
      'Stage history': historySheet() as ScriptCell[][],
    });
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

  describe('the manager summary, with a Rates sheet', () => {
    // Serials: 46023 = 2026-01-01, 46204 = 2026-07-01, 46235 = 2026-08-01, 46296 = 2026-10-01, 46371 = 2026-12-15.
    // Every deal has sat in its stage since 2026-10-01 (53 days on 2026-11-23, over 14): all stale.
    // Ann by hand, into USD as in test/core/currency.test.ts: D-1 1,000 EUR × 1.10 = 1,100; D-3 50,000,000 VND
    // × 0.00004 = 2,000; D-4 1,000,000 RUB closing 2026-08-01, July's 0.010 = 10,000; total 13,100 USD.
    // Bob has one currency (5,000 USD), so his line has no base total.
    const now = new Date(Date.UTC(2026, 10, 23, 7, 0));
    const deals = (): ScriptCell[][] => [
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Currency', 'Expected close', 'Stage changed'],
      ['D-1', 'Acme renewal', 'ann@example.com', 'Qualified', 1000, 'EUR', 46371, 46296],
      ['D-2', 'Beta', 'bob@example.com', 'Contacted', 5000, 'USD', '', 46296],
      ['D-3', 'Gamma', 'ann@example.com', 'Lead', 50_000_000, 'VND', '', 46296],
      ['D-4', 'Delta', 'ann@example.com', 'Lead', 1_000_000, 'RUB', 46235, 46296],
    ];
    const history = (): ScriptCell[][] => [
      historySheet()[0] as ScriptCell[],
      [46296, 'D-1', 'Lead', 'Qualified', 1000, 46371, 0.2, '', 'edit'],
      [46296, 'D-2', 'Qualified', 'Contacted', 5000, '', 0.3, '', 'edit'],
      [46296, 'D-3', '', 'Lead', 50_000_000, '', 0.1, '', 'import'],
      [46296, 'D-4', '', 'Lead', 1_000_000, 46235, 0.1, '', 'import'],
    ];
    const stages = (): ScriptCell[][] => {
      const table = stagesSheet() as ScriptCell[][];
      table[table.findIndex((r) => r[0] === 'Manager email')][1] = 'boss@example.com';
      return table;
    };
    const rates = (eur: ScriptCell = 1.1): ScriptCell[][] => [
      ['Currency', 'Rate to USD', 'From'],
      ['EUR', eur, ''],
      ['RUB', 0.011, 46023],
      ['RUB', 0.01, 46204],
      ['VND', 0.00004, ''],
    ];
    const book = (extra: Record<string, ScriptCell[][]> = {}) =>
      fakeScriptWorkbook({ Stages: stages(), Deals: deals(), 'Stage history': history(), ...extra });
    /** The core's summary over the same cells: the independent route. */
    const coreSummary = (withRates: ScriptCell[][] | null) => {
      const config = readStages(stages()).config;
      const all = digests(staleDeals(readDeals(deals(), config).deals, readHistory(history(), config).entries, config, now), now);
      return renderManagerSummary(all, 'en', withRates ? { baseTotal: baseTotal(readRates(withRates).rates!) } : {});
    };

    it('ends the list with the manager’s summary, in the base currency too: 13,100 USD', () => {
      const logs: string[] = [];
      const emails = runScript(script, book({ Rates: rates() }), now, logs);
      expect(emails.map((e) => e.owner)).toEqual(['ann@example.com', 'bob@example.com', 'boss@example.com']);
      const summary = emails[2];
      expect(summary.html).toContain('1,000 EUR; 1,000,000 RUB; 50,000,000 VND = 13,100 USD');
      expect(summary.html).toContain('5,000 USD</td>');
      expect(summary).toEqual({ owner: 'boss@example.com', subject: coreSummary(rates()).subject, html: coreSummary(rates()).html });
      expect(logs).toEqual([]);
    });

    it('finds a Vietnamese-named Rates sheet', () => {
      const emails = runScript(script, book({ 'Tỷ giá': rates() }), now);
      expect(emails[2].html).toContain('50,000,000 VND = 13,100 USD');
    });

    it('reports a Rates sheet with a bad row and keeps the totals per currency, never a wrong sum', () => {
      const logs: string[] = [];
      const emails = runScript(script, book({ Rates: rates('one point one') }), now, logs);
      expect(emails[2].html).toContain('1,000 EUR; 1,000,000 RUB; 50,000,000 VND</td>');
      expect(emails[2].html).not.toContain('= ');
      expect(emails[2].html).toBe(coreSummary(null).html);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toContain(
        'The Rates sheet has problems, so the manager summary gives totals per currency only: row 2, "Rate to USD": The rate for ' +
          'EUR must be a number above 0',
      );
    });

    it('without a Rates sheet: the per-currency summary, and no sheet asked for in a one-currency workbook', () => {
      const logs: string[] = [];
      const without = book();
      expect(runScript(script, without, now, logs)[2].html).toBe(coreSummary(null).html);
      expect(logs).toEqual([]);
      // Two currencies for one owner: the Rates sheet is looked for under each name the core accepts, once.
      expect(without.calls.get('Rates')).toBe(1);
      expect(without.calls.get('Курсы валют')).toBe(1);
      // One currency: Stages, Deals and the history log only.
      const oneCurrency = fakeScriptWorkbook({
        Stages: stages(),
        Deals: dealsSheet() as ScriptCell[][],
        'Stage history': historySheet() as ScriptCell[][],
        Rates: rates(),
      });
      const emails = runScript(script, oneCurrency, now);
      expect(emails.map((e) => e.owner)).toEqual(['ann@example.com', 'bob@example.com', 'boss@example.com']);
      expect([...oneCurrency.calls.keys()]).toEqual(['Stages', 'Deals', 'Stage history']);
    });
  });
});
