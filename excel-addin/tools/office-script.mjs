// Generates excel-addin/office-scripts/stale-digest.ts from the core, so the scheduled
// digest in Excel (an Office Script run by Power Automate) computes exactly what the
// core computes. Office Scripts allow no imports, so the core modules the script needs
// are copied, in dependency order, into the body of `main` with their import and
// export syntax removed; a top-level name that two modules both declare is renamed
// (module_name) wherever the type checker says it is meant. Keeping everything inside
// `main` leaves only `main` and its result type as globals. Office Scripts also accept
// only arrow functions as Array callbacks, so a bare function name passed to
// map/filter/... is wrapped in an arrow.
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const coreDir = join(root, 'src', 'core');
/** The core modules main() calls into; their imports are followed from here. */
// currency.ts (readRates, baseTotal) is there for the manager summary's base-currency totals; it needs only
// modules the digest already brings (cells, dates, headers, types), so it adds its own 220 lines and nothing more.
const ENTRY_MODULES = ['stages', 'deals', 'history', 'stale', 'digest', 'currency'];
const ARRAY_CALLBACK_METHODS = new Set([
  'map',
  'filter',
  'forEach',
  'some',
  'every',
  'find',
  'findIndex',
  'reduce',
  'reduceRight',
  'sort',
  'flatMap',
]);

function parse(module) {
  const file = join(coreDir, `${module}.ts`);
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
}

function importedModule(statement) {
  const spec = statement.moduleSpecifier?.text;
  return spec?.startsWith('./') ? spec.slice(2).replace(/\.ts$/, '') : undefined;
}

/** Top-level names each module declares, split into values and types. */
function declarations(source) {
  const values = new Map();
  const types = new Map();
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) values.set(statement.name.text, statement);
    else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) if (ts.isIdentifier(decl.name)) values.set(decl.name.text, statement);
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) types.set(statement.name.text, statement);
    else if (ts.isClassDeclaration(statement) && statement.name) {
      values.set(statement.name.text, statement);
      types.set(statement.name.text, statement);
    } else if (ts.isEnumDeclaration(statement)) {
      values.set(statement.name.text, statement);
      types.set(statement.name.text, statement);
    }
  }
  return { values, types };
}

/** Modules needed by the entries, dependencies first. */
function moduleOrder() {
  const order = [];
  const state = new Map();
  const visit = (module) => {
    if (state.get(module) === 'done') return;
    if (state.get(module) === 'visiting')
      throw new Error(`Office Script generation: core modules import each other in a cycle through ${module}.ts`);
    state.set(module, 'visiting');
    for (const statement of parse(module).statements) {
      const dep = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? importedModule(statement) : undefined;
      if (dep) visit(dep);
    }
    state.set(module, 'done');
    order.push(module);
  };
  ENTRY_MODULES.forEach(visit);
  return order;
}

/** Wraps `xs.map(name)` as `xs.map((...args) => name(...args))`-like arrows, which Office Scripts require. */
function arrowCallbacks(text, source) {
  const edits = [];
  const walk = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ARRAY_CALLBACK_METHODS.has(node.expression.name.text) &&
      node.arguments.length >= 1 &&
      ts.isIdentifier(node.arguments[0])
    ) {
      const arg = node.arguments[0];
      const name = arg.text;
      const replacement = name === 'Boolean' ? '(value) => Boolean(value)' : `(value) => ${name}(value)`;
      edits.push({ start: arg.getStart(source), end: arg.getEnd(), text: replacement });
    }
    ts.forEachChild(node, walk);
  };
  walk(source);
  return applyEdits(text, edits);
}

function applyEdits(text, edits) {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** The TypeScript program over the needed core modules, for symbol resolution. */
function program(order) {
  const files = order.map((m) => join(coreDir, `${m}.ts`));
  return ts.createProgram(files, {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
  });
}

function isTopLevel(declaration) {
  return (
    declaration.parent &&
    (ts.isSourceFile(declaration.parent) ||
      (ts.isVariableDeclarationList(declaration.parent) && ts.isSourceFile(declaration.parent.parent.parent)))
  );
}

/** Names declared at the top of more than one module, or reserved in Office Scripts. */
function collisions(sources) {
  const seen = new Map();
  for (const [module, source] of sources) {
    const { values, types } = declarations(source);
    for (const name of new Set([...values.keys(), ...types.keys()])) seen.set(name, [...(seen.get(name) ?? []), module]);
  }
  const renamed = new Set([...seen].filter(([, modules]) => modules.length > 1).map(([name]) => name));
  for (const reserved of ['Excel', 'ExcelScript', 'console', 'main', 'workbook']) if (seen.has(reserved)) renamed.add(reserved);
  return renamed;
}

const moduleTag = (module) => module.replace(/[^A-Za-z0-9]/g, '_');

/** One module's text, ready to sit inside main: no imports, no exports, colliding names renamed. */
function flatten(module, source, checker, renamed) {
  const edits = [];
  const nameFor = (declaration, name) => {
    const file = declaration.getSourceFile().fileName;
    const owner = file.slice(coreDir.length + 1).replace(/\.ts$/, '');
    return renamed.has(name) ? `${moduleTag(owner)}_${name}` : name;
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
      if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
        throw new Error(`Office Script generation: ${module}.ts re-exports from another module; the script cannot follow that`);
      }
      edits.push({ start: statement.getFullStart(), end: statement.getEnd(), text: '' });
      continue;
    }
    for (const modifier of statement.modifiers ?? []) {
      if (modifier.kind === ts.SyntaxKind.ExportKeyword || modifier.kind === ts.SyntaxKind.DefaultKeyword) {
        edits.push({ start: modifier.getStart(source), end: modifier.getEnd() + 1, text: '' });
      }
    }
  }
  if (renamed.size > 0) {
    const walk = (node) => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
      if (ts.isIdentifier(node) && renamed.has(node.text)) {
        const parent = node.parent;
        let symbol = ts.isShorthandPropertyAssignment(parent)
          ? checker.getShorthandAssignmentValueSymbol(parent)
          : checker.getSymbolAtLocation(node);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const declaration = symbol?.declarations?.find(isTopLevel);
        if (declaration?.getSourceFile().fileName.startsWith(coreDir)) {
          const name = nameFor(declaration, node.text);
          const text = ts.isShorthandPropertyAssignment(parent) ? `${node.text}: ${name}` : name;
          edits.push({ start: node.getStart(source), end: node.getEnd(), text });
        }
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
  }
  const body = applyEdits(source.getFullText(), edits);
  return arrowCallbacks(body, ts.createSourceFile('x.ts', body, ts.ScriptTarget.ES2020, true)).trim();
}

const HEAD = `
/** One email for Power Automate's "Send an email (V2)" step: the To, Subject and Body fields. */
interface StaleDigestEmail {
  owner: string;
  subject: string;
  html: string;
}

/**
 * Runs in Power Automate ("Run script"): one digest per owner with stale deals, for
 * owners whose Owner cell is a valid address, then the manager's summary of every
 * owner when Stages names a valid Manager email (its \`owner\` is that address). Excel
 * keeps dates as serial numbers with no timezone; they are read as UTC days, and
 * "today" is the UTC day the flow runs. When an owner's stale amounts are in more
 * than one currency, a Rates sheet gives the summary a base-currency total; a Rates
 * sheet with problems is reported with console.log (the run's logs) and left unused.
 */
function main(workbook: ExcelScript.Workbook): StaleDigestEmail[] {
`;

/** The end of main; NAME(x) stands for the core name x after any renaming. */
const TAIL = `
  /**
   * The used range of the first of these sheets the workbook has, and the 1-based row it
   * starts on; an empty table when none is there or the sheet is blank.
   */
  function pipelineTable(...names: string[]): { values: (string | number | boolean)[][]; firstRow: number; found: string } {
    let sheet: ExcelScript.Worksheet | undefined;
    let found = '';
    for (const name of names) {
      sheet = workbook.getWorksheet(name);
      if (sheet) {
        found = name;
        break;
      }
    }
    const used = sheet ? sheet.getUsedRange(true) : undefined;
    if (!used) return { values: [], firstRow: 1, found };
    return { values: used.getValues(), firstRow: used.getRowIndex() + 1, found };
  }

  /**
   * The manager summary's base-currency total, from the Rates sheet (any name the core's
   * isRatesSheet accepts; getWorksheet ignores case, as Excel does). Looked for only when
   * an owner's stale amounts are in two currencies, the renderer's condition for the
   * total. A Rates sheet with any problem is not used (a left-out row could shift a
   * dated rate): the totals stay per currency, and the log says why.
   */
  function managerRates(all: NAME(Digest)[]): NAME(RenderOptions) {
    const several = all.some(
      (digest) => new Set(digest.deals.filter((item) => item.deal.amount !== null).map((item) => item.deal.currency)).size > 1,
    );
    if (!several) return {};
    const table = pipelineTable(...NAME(RATES_SHEET_NAMES));
    if (!table.found) return {};
    const read = NAME(readRates)(table.values, { sheet: table.found, firstRow: table.firstRow });
    if (!read.rates || read.problems.length > 0) {
      const shown = read.problems.slice(0, 3).map((p) => \`row \${p.row}\${p.column ? \`, "\${p.column}"\` : ''}: \${p.message}\`);
      const more = read.problems.length > 3 ? \` (and \${read.problems.length - 3} more)\` : '';
      console.log(
        \`The \${table.found} sheet has problems, \` +
          \`so the manager summary gives totals per currency only: \${shown.join(' ')}\${more}\`,
      );
      return {};
    }
    const every: NAME(Deal)[] = [];
    for (const digest of all) for (const item of digest.deals) every.push(item.deal);
    const missing = NAME(convertDeals)(every, read.rates).conversion.noRate.map((n) => n.currency);
    if (missing.length > 0) {
      const pronoun = missing.length > 1 ? 'them' : 'it';
      console.log(
        \`The \${table.found} sheet has no rate for \${missing.join(', ')}, \` +
          \`so totals that include \${pronoun} stay per currency in the manager summary.\`,
      );
    }
    return { baseTotal: NAME(baseTotal)(read.rates) };
  }

  const stagesTable = pipelineTable(NAME(STAGES_SHEET));
  const pipelineConfig = NAME(readStages)(stagesTable.values).config;
  const dealsTable = pipelineTable(NAME(DEALS_SHEET));
  const dealRows = NAME(readDeals)(dealsTable.values, pipelineConfig, { firstRow: dealsTable.firstRow }).deals;
  // Excel refuses to create a sheet named "History", so the add-in writes "Stage history";
  // a workbook made elsewhere may still carry "History". Same order as the add-in's reader.
  const historyTable = pipelineTable(NAME(EXCEL_HISTORY_SHEET), NAME(HISTORY_SHEET));
  const moves = NAME(readHistory)(historyTable.values, pipelineConfig, { firstRow: historyTable.firstRow }).entries;
  const today = new Date();
  const staleList = NAME(staleDeals)(dealRows, moves, pipelineConfig, today);
  const everyDigest = NAME(digests)(staleList, today);
  const emails: StaleDigestEmail[] = everyDigest
    .filter((digest) => digest.addressOk)
    .map((digest) => {
      const rendered = NAME(renderDigest)(digest, pipelineConfig.rules.language);
      return { owner: digest.owner, subject: rendered.subject, html: rendered.html };
    });
  // The same rule as the Sheets digest: a summary whenever some owner has stale deals, sent or not.
  const manager = pipelineConfig.rules.managerEmail;
  if (manager && NAME(isEmail)(manager) && everyDigest.length > 0) {
    const summary = NAME(renderManagerSummary)(everyDigest, pipelineConfig.rules.language, managerRates(everyDigest));
    emails.push({ owner: manager, subject: summary.subject, html: summary.html });
  }
  return emails;
}
`;

/** Where each name main() calls is declared. */
const MAIN_NAMES = {
  STAGES_SHEET: 'stages',
  readStages: 'stages',
  DEALS_SHEET: 'deals',
  readDeals: 'deals',
  HISTORY_SHEET: 'history',
  EXCEL_HISTORY_SHEET: 'history',
  readHistory: 'history',
  staleDeals: 'stale',
  digests: 'digest',
  renderDigest: 'digest',
  renderManagerSummary: 'digest',
  Digest: 'digest',
  RenderOptions: 'digest',
  isEmail: 'cells',
  Deal: 'types',
  RATES_SHEET_NAMES: 'currency',
  readRates: 'currency',
  convertDeals: 'currency',
  baseTotal: 'currency',
};

/** The whole Office Script text. `alsoRename` forces the collision renaming for some names (a test uses it). */
export function officeScriptText({ alsoRename = [] } = {}) {
  const order = moduleOrder();
  const prog = program(order);
  const checker = prog.getTypeChecker();
  const sources = new Map(order.map((m) => [m, prog.getSourceFile(join(coreDir, `${m}.ts`))]));
  const renamed = collisions(sources);
  for (const name of alsoRename) renamed.add(name);
  const header = [
    '// Pipeline Sheets: the daily stale-deal digest as an Office Script.',
    `// GENERATED by scripts/build-excel.mjs from src/core (${order.map((m) => `${m}.ts`).join(', ')}); do not edit by hand.`,
    '// Paste it into Excel > Automate > New Script, save it as "Stale digest", and run it from',
    '// Power Automate (docs/EXCEL.md). It returns one { owner, subject, html } per owner.',
  ].join('\n');
  const indent = (text) =>
    text
      .split('\n')
      .map((line) => (line ? `  ${line}` : line))
      .join('\n');
  const modules = order.map((m) => `  // ---- src/core/${m}.ts ----\n${indent(flatten(m, sources.get(m), checker, renamed))}\n`).join('\n');
  const tail = TAIL.replace(/NAME\((\w+)\)/g, (_, name) => (renamed.has(name) ? `${moduleTag(MAIN_NAMES[name])}_${name}` : name));
  return `${header}\n${HEAD}${modules}${tail}`;
}
