/**
 * One small pipeline workbook, opened in both adapters' fakes, and one way to look at
 * what a workflow did there, so that a test states a scenario once and checks the
 * same outcome in Google Sheets (the built Code.js in node:vm with the Apps Script
 * fakes, test/fakes/gas) and in Excel (the add-in's code against the Office fake,
 * test/fakes/office). Rows and columns below are as the user sees them: row 1 is the
 * header, column 1 is A.
 *
 * The workbook (Stages: the defaults, as Set up workbook writes them):
 *   row 2  D-1 Acme   ann  Qualified  1000  close 2026-12-15   History: Lead → Qualified
 *   row 3  D-2 Beta   bob  Contacted  5000                     History: Qualified → Contacted
 *   row 4  D-3 Gamma  (no owner) Lead                          History: → Lead
 *   row 5  D-4 Delta  ann  Lead       (no amount, no close)    no History row
 *   row 6  D-5 Eps    ann  (no stage yet)                      no History row
 */
import { vi } from 'vitest';
import { DEFAULT_CONFIG, HISTORY_HEADERS, stagesToTable } from '../../src/core/index';
import { createGas, loadBundle, userEdit, type GasWorld } from '../fakes/gas';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { validateStageEdit } from '../../excel-addin/src/validation';
import { validateAll as excelValidateAll } from '../../excel-addin/src/validate-all';
import { listenPane, resetPaneMessages } from '../../excel-addin/src/pane-messages';
import { ownWrites } from '../../excel-addin/src/workbook';

/** 2026-11-23 09:30 UTC, the moment of every edit. The Excel side runs with TZ=UTC, so its wall clock is the same. */
export const NOW = new Date(Date.UTC(2026, 10, 23, 9, 30));
/** NOW as Excel stores it: 46349 is 2026-11-23 (25569 + 20780 days since 1970-01-01), plus 9.5 hours. */
export const NOW_SERIAL = 46349 + 9.5 / 24;

export const HEADER = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Expected close', 'Stage changed', 'Move reason'];
/** 1-based columns of HEADER. */
export const COL = { id: 1, owner: 3, stage: 4, amount: 5, expectedClose: 6, stageChanged: 7 } as const;

type Day = { readonly y: number; readonly m: number; readonly d: number };
const day = (y: number, m: number, d: number): Day => ({ y, m, d });

/** The Deals rows; a Day is a date cell, written as each platform holds dates. */
function dealRows(): (string | number | Day)[][] {
  return [
    ['D-1', 'Acme', 'ann@example.com', 'Qualified', 1000, day(2026, 12, 15), day(2026, 10, 1), ''],
    ['D-2', 'Beta', 'bob@example.com', 'Contacted', 5000, '', day(2026, 10, 1), ''],
    ['D-3', 'Gamma', '', 'Lead', '', '', day(2026, 10, 1), ''],
    ['D-4', 'Delta', 'ann@example.com', 'Lead', '', '', day(2026, 10, 1), ''],
    ['D-5', 'Eps', 'ann@example.com', '', '', '', '', ''],
  ];
}

function historyRows(): (string | number | Day)[][] {
  return [
    [day(2026, 10, 1), 'D-1', 'Lead', 'Qualified', 1000, '', 0.2, '', 'edit'],
    [day(2026, 10, 1), 'D-2', 'Qualified', 'Contacted', 5000, '', 0.3, '', 'edit'],
    [day(2026, 10, 1), 'D-3', '', 'Lead', '', '', 0.1, '', 'import'],
  ];
}

/** What a workbook looks like after a workflow ran, in the same terms on both platforms. */
export interface Seen {
  /** The Stage column, rows 2.. */
  readonly stages: readonly string[];
  /** History rows the workflow added, as "D-1:Qualified>Contacted:edit". */
  readonly added: readonly string[];
  /** Rows whose "Stage changed" now holds the moment of the edit. */
  readonly stamped: readonly number[];
  /** The reason given for each refused row, by row. */
  readonly reasons: ReadonlyMap<number, string>;
}

export interface Finding {
  readonly sheet: string;
  readonly row: number;
  readonly column: string;
  readonly message: string;
}

/** One platform with the workbook open. */
export interface Platform {
  readonly name: 'sheets' | 'excel';
  /** The user types `values` into the block at (row, column): one cell is an edit, more rows a paste. */
  edit(row: number, column: number, values: readonly (readonly string[])[]): Promise<Seen>;
  /** Validate all: the findings listed, all the text shown (sidebar or pane), and the cell each finding marks or selects. */
  validateAll(): Promise<{
    readonly findings: readonly Finding[];
    readonly said: string;
    readonly cellOf: (finding: Finding) => string | null;
  }>;
  /** Changes one cell before the workflow runs (no event). */
  put(row: number, column: number, value: string | number): void;
}

export interface Options {
  readonly stages?: boolean;
  /** The spreadsheet's language: Sheets locale, Excel Office display language. */
  readonly language?: 'en' | 'vi' | 'ru';
}

const LOCALES = { en: ['en_US', 'en-US'], vi: ['vi_VN', 'vi-VN'], ru: ['ru_RU', 'ru-RU'] } as const;

export function sheetsPlatform(options: Options = {}): Platform {
  // UTC, so that a date cell is midnight UTC and NOW is 09:30 on both platforms.
  const world: GasWorld = createGas({ timeZone: 'Etc/UTC', locale: LOCALES[options.language ?? 'en'][0] });
  const ss = world.spreadsheet;
  const asDate = (v: string | number | Day) => (typeof v === 'object' ? new Date(Date.UTC(v.y, v.m - 1, v.d)) : v);
  if (options.stages !== false) ss.sheet('Stages').load(stagesToTable(DEFAULT_CONFIG) as never);
  ss.sheet('Deals').load([HEADER, ...dealRows().map((r) => r.map(asDate))] as never);
  ss.sheet('History').load([[...HISTORY_HEADERS], ...historyRows().map((r) => r.map(asDate))] as never);
  // The bundle takes Date when it loads: it is fixed at NOW from here on (the test's afterEach restores it).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  const gas = loadBundle(world);
  const deals = ss.sheet('Deals');
  const history = ss.sheet('History');
  const rows = () => deals.dump().length;
  return {
    name: 'sheets',
    async edit(row, column, values) {
      const before = history.dump().length;
      gas.onEdit(userEdit(world, deals, row, column, values));
      const reasons = new Map<number, string>();
      for (let r = 2; r <= rows(); r++) {
        const note = deals.notes.get(`${r},${COL.stage}`);
        if (note) reasons.set(r, note.replace(/^Pipeline: /, ''));
      }
      return {
        stages: range(2, rows()).map((r) => String(deals.cell(r, COL.stage))),
        added: history
          .dump()
          .slice(before)
          .map((h) => `${h[1]}:${h[2]}>${h[3]}:${h[8]}`),
        stamped: range(2, rows()).filter((r) => (deals.cell(r, COL.stageChanged) as Date)?.getTime?.() === NOW.getTime()),
        reasons,
      };
    },
    async validateAll() {
      gas.menuValidateDeals();
      const sidebar = world.ui.shown.filter((s) => s.kind === 'sidebar').at(-1)!;
      const unescapeHtml = (s: string) =>
        s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
      const findings = [
        ...sidebar.content.matchAll(/<tr class="\w+"><td>(.*?)<\/td><td>(\d+)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g),
      ].map((m) => ({
        sheet: unescapeHtml(m[1]),
        row: Number(m[2]),
        column: unescapeHtml(m[3]),
        message: unescapeHtml(m[4]),
      }));
      // Where Sheets marks a finding: the note on its cell, found by the message in it.
      const cellOf = (f: Finding) => {
        for (const [key, note] of deals.notes) {
          if (!note.includes(f.message)) continue;
          const [r, c] = key.split(',').map(Number);
          return `${String.fromCharCode(64 + c)}${r}`;
        }
        return null;
      };
      return { findings, said: unescapeHtml(sidebar.content), cellOf };
    },
    put(row, column, value) {
      deals.put(row, column, value);
    },
  };
}

export function excelPlatform(options: Options = {}): Platform {
  const asSerial = (v: string | number | Day): Cell => (typeof v === 'object' ? Date.UTC(v.y, v.m - 1, v.d) / 86_400_000 + 25_569 : v);
  const sheets: Record<string, Cell[][]> = {
    Deals: [HEADER, ...dealRows().map((r) => r.map(asSerial))],
    'Stage history': [[...HISTORY_HEADERS], ...historyRows().map((r) => r.map(asSerial))],
  };
  if (options.stages !== false) sheets.Stages = stagesToTable(DEFAULT_CONFIG).map((row) => row.map((cell) => cell as Cell));
  const fake = new FakeExcel(sheets);
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  (globalThis as { Office?: unknown }).Office = { context: { displayLanguage: LOCALES[options.language ?? 'en'][1] } };
  resetPaneMessages();
  ownWrites.recent.clear();
  const deals = () => fake.sheets.get('Deals')!;
  const history = () => fake.sheets.get('Stage history')!;
  return {
    name: 'excel',
    async edit(row, column, values) {
      const before = history().length;
      const outcome = await validateStageEdit(
        fake.edit(
          'Deals',
          row - 1,
          column - 1,
          values.map((r) => [...r]),
        ),
        NOW,
      );
      const rows = deals().length;
      return {
        stages: range(2, rows).map((r) => String(fake.cell('Deals', r - 1, COL.stage - 1))),
        added: history()
          .slice(before)
          .map((h) => `${h[1]}:${h[2]}>${h[3]}:${h[8]}`),
        stamped: range(2, rows).filter((r) => Math.abs(Number(fake.cell('Deals', r - 1, COL.stageChanged - 1)) - NOW_SERIAL) < 1e-6),
        reasons: new Map(outcome.reverted.map((f) => [f.row, f.message])),
      };
    },
    async validateAll() {
      const found = await excelValidateAll();
      const titles: string[] = [];
      // The pane replays the latest findings message to a new listener: its title.
      listenPane((m) => (m.kind === 'findings' ? void titles.push(m.title) : undefined))();
      const cellOf = (f: Finding) =>
        found.find((x) => x.row === f.row && x.column === f.column && x.message === f.message)?.address ?? null;
      const findings = found.map(({ sheet, row, column, message }) => ({ sheet, row, column, message }));
      return { findings, said: [titles.at(-1) ?? '', ...findings.map((f) => f.message)].join('\n'), cellOf };
    },
    put(row, column, value) {
      deals()[row - 1][column - 1] = value;
    },
  };
}

/** Both platforms, each opened fresh by the test that uses it; call closePlatforms after each test. */
export const PLATFORMS = [
  ['Google Sheets', sheetsPlatform],
  ['Excel', excelPlatform],
] as const;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Puts back what opening a platform changed: the real clock, and no Excel or Office global. */
export function closePlatforms(): void {
  vi.useRealTimers();
  delete (globalThis as { Excel?: unknown }).Excel;
  delete (globalThis as { Office?: unknown }).Office;
}
