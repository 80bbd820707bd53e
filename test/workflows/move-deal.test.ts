// "Move a deal" run through both add-ins, each on its platform's fake: the Sheets
// dialog's server call (applyDealMove in the built dist/gas/Code.js, on the Apps
// Script fakes) and the Excel task pane's moveDeal (on the Office fake). The same
// workbook, the same request and the same expected outcome for both; only what
// PlatformProfile names differs (the log sheet's name and "Changed by"). Dates are
// compared as the user sees them: the spreadsheet's wall clock in New York for Sheets,
// the serial's own day and time for Excel.
process.env.TZ = 'America/New_York';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, HISTORY_HEADERS, fromSerial, stagesToTable, toSerial, type PipelineConfig } from '../../src/core/index';
import { moveDeal } from '../../excel-addin/src/actions';
import { listenPane, resetPaneMessages } from '../../excel-addin/src/pane-messages';
import { ownWrites } from '../../excel-addin/src/workbook';
import { forgetDealsWatch } from '../../excel-addin/src/validation';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { createGas, loadBundle, sheetDate } from '../fakes/gas';
import { buildOnce } from '../sheets/world';

const TZ = 'America/New_York';
/** 2026-11-23 15:30 UTC: 10:30 on the wall clock in New York (EST, UTC-5). */
const NOW = new Date(Date.UTC(2026, 10, 23, 15, 30));
const STAMP = '2026-11-23 10:30';

const HEADER = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Probability', 'Expected close', 'Stage changed', 'Move reason'];
const DATE_COLUMNS = new Set(['Expected close', 'Stage changed', 'Timestamp']);
type Day = readonly [number, number, number];

/**
 * The Deals sheet both platforms start from (rows 2-6), dates as [y, m, d]:
 *  D-1 Qualified, 1000, close 2026-12-15    D-2 Contacted, no amount
 *  D-3 Proposal, 5000, close 2026-11-30     D-4 Lead
 *  D-5 Meeting/Demo, 3000, no close
 */
function dealRows(): (string | number | Day)[][] {
  const changed: Day = [2026, 10, 1];
  return [
    ['D-1', 'Acme renewal', 'ann@example.com', 'Qualified', 1000, '', [2026, 12, 15], changed, ''],
    ['D-2', 'Beta pilot', 'bob@example.com', 'Contacted', '', '', '', changed, ''],
    ['D-3', 'Gamma', 'ann@example.com', 'Proposal', 5000, '', [2026, 11, 30], changed, ''],
    ['D-4', 'Delta', 'cy@example.com', 'Lead', '', '', '', changed, ''],
    ['D-5', 'Epsilon', 'cy@example.com', 'Meeting/Demo', 3000, '', '', changed, ''],
  ];
}

interface Setup {
  readonly config?: PipelineConfig;
  readonly noStages?: boolean;
  readonly language?: 'en' | 'vi';
  /** Changes to the rows before the add-in sees them. */
  readonly edit?: (rows: (string | number | Day)[][]) => void;
}

interface Request {
  readonly row: number;
  readonly dealId: string;
  readonly to: string;
  readonly fields?: Record<string, string>;
  readonly reason?: string;
}

/** One platform: its profile's differences, and the sheets as the user sees them. */
interface Platform {
  readonly name: string;
  readonly historySheet: string;
  readonly changedBy: string;
  /** "Set up workbook" in Vietnamese: the Sheets menu is translated, Excel's ribbon is English only. */
  readonly setUpVi: string;
  move(request: Request): Promise<{ ok: boolean; messages: readonly string[] }>;
  /** Deals as text: dates as "YYYY-MM-DD" (with " HH:MM" when not midnight). */
  deals(): string[][];
  history(): string[][];
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (y: number, m: number, d: number, h: number, min: number) =>
  `${y}-${pad(m)}-${pad(d)}${h || min ? ` ${pad(h)}:${pad(min)}` : ''}`;

/** A Sheets Date cell as the spreadsheet shows it in New York. */
function sheetsText(value: unknown): string {
  if (!(value instanceof Date)) return String(value);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: TZ,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(value)
      .map((p) => [p.type, Number(p.value)]),
  );
  return dayText(parts.year, parts.month, parts.day, parts.hour, parts.minute);
}

/** An Excel serial as Excel shows it: its own day and wall-clock time, no timezone. */
function excelText(value: unknown, header: string): string {
  if (typeof value !== 'number' || !DATE_COLUMNS.has(header)) return String(value);
  const at = fromSerial(Math.round(value * 1440) / 1440);
  return dayText(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes());
}

const isDay = (cell: unknown): cell is Day => Array.isArray(cell);

async function sheetsPlatform(setup: Setup): Promise<Platform> {
  await buildOnce();
  const world = createGas({ timeZone: TZ, locale: setup.language === 'vi' ? 'vi_VN' : 'en_US', user: 'ann@example.com' });
  const ss = world.spreadsheet;
  if (!setup.noStages) ss.sheet('Stages').load(stagesToTable(setup.config ?? DEFAULT_CONFIG));
  const rows = dealRows();
  setup.edit?.(rows);
  ss.sheet('Deals').load([
    HEADER,
    ...rows.map((row) => row.map((cell) => (isDay(cell) ? sheetDate(cell[0], cell[1], cell[2], TZ) : cell))),
  ]);
  ss.sheet('History').load([[...HISTORY_HEADERS]]);
  const gas = loadBundle(world);
  const dump = (name: string) =>
    ss
      .sheet(name)
      .dump()
      .map((row) => row.map(sheetsText));
  return {
    name: 'Google Sheets',
    historySheet: 'History',
    changedBy: 'ann@example.com',
    setUpVi: 'Pipeline → Thiết lập bảng tính',
    move: async (r) =>
      gas.applyDealMove({ row: r.row, dealId: r.dealId, toStage: r.to, fields: r.fields ?? {}, reason: r.reason ?? '' }) as {
        ok: boolean;
        messages: string[];
      },
    deals: () => dump('Deals'),
    history: () => dump('History'),
  };
}

async function excelPlatform(setup: Setup): Promise<Platform> {
  const rows = dealRows();
  setup.edit?.(rows);
  const deals = [
    HEADER,
    ...rows.map((row) => row.map((cell) => (isDay(cell) ? toSerial(new Date(Date.UTC(cell[0], cell[1] - 1, cell[2]))) : cell))),
  ] as Cell[][];
  const sheets: Record<string, Cell[][]> = { Deals: deals, 'Stage history': [[...HISTORY_HEADERS]] };
  if (!setup.noStages) sheets.Stages = stagesToTable(setup.config ?? DEFAULT_CONFIG) as Cell[][];
  const fake = new FakeExcel(sheets);
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  // Office's display language, as Sheets follows the spreadsheet's locale.
  (globalThis as { Office?: unknown }).Office = { context: { displayLanguage: setup.language === 'vi' ? 'vi-VN' : 'en-US' } };
  const dump = (name: string) => {
    const [header, ...body] = fake.sheets.get(name)!;
    return [header.map(String), ...body.map((row) => row.map((cell, c) => excelText(cell, String(header[c]))))];
  };
  return {
    name: 'Excel',
    historySheet: 'Stage history',
    changedBy: '',
    setUpVi: 'Pipeline → Set up workbook',
    move: async (r) => {
      let status = '';
      resetPaneMessages();
      const stop = listenPane((message) => {
        if (message.kind === 'status') status = message.text;
      });
      const result = await moveDeal({ row: r.row, dealId: r.dealId, to: r.to, fields: r.fields ?? {}, reason: r.reason ?? '' }, NOW);
      stop();
      return { ok: result.ok, messages: result.ok ? [status] : result.reasons };
    },
    deals: () => dump('Deals'),
    history: () => dump('Stage history'),
  };
}

beforeAll(() => buildOnce());
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  ownWrites.recent.clear();
  forgetDealsWatch();
});
afterEach(() => {
  vi.useRealTimers();
  delete (globalThis as { Excel?: unknown }).Excel;
  delete (globalThis as { Office?: unknown }).Office;
});

/** The cell of a deal row (2-6) under a header. */
const at = (sheet: string[][], row: number, header: string) => sheet[row - 1][HEADER.indexOf(header)];

describe.each([
  ['Google Sheets', sheetsPlatform],
  ['Excel', excelPlatform],
] as const)('moving a deal in %s', (_, open) => {
  it('writes a valid move: Stage, Stage changed, and one History row', async () => {
    const p = await open({});
    const reply = await p.move({ row: 2, dealId: 'D-1', to: 'Contacted' });
    expect(reply).toEqual({ ok: true, messages: [`D-1 moved from "Qualified" to "Contacted" and recorded in ${p.historySheet}.`] });
    const deals = p.deals();
    expect([at(deals, 2, 'Stage'), at(deals, 2, 'Stage changed')]).toEqual(['Contacted', STAMP]);
    // Amount and close as on the row; probability Contacted's 30% (the deal has none of its own).
    expect(p.history().slice(1)).toEqual([[STAMP, 'D-1', 'Qualified', 'Contacted', '1000', '2026-12-15', '0.3', p.changedBy, 'menu']]);
  });

  it('refuses a skipped stage and writes nothing', async () => {
    const p = await open({});
    const before = p.deals();
    const reply = await p.move({ row: 2, dealId: 'D-1', to: 'Meeting/Demo', fields: { amount: '' } });
    expect(reply).toEqual({ ok: false, messages: ['Skipping stages is not allowed: move to "Contacted" first (skipped: Contacted).'] });
    expect(p.deals()).toEqual(before);
    expect(p.history()).toHaveLength(1);
  });

  it('writes the required field the form asked for, and History carries it', async () => {
    const p = await open({});
    // D-2 has no Amount, which Meeting/Demo needs: typed "2 500" is 2500.
    const reply = await p.move({ row: 3, dealId: 'D-2', to: 'Meeting/Demo', fields: { amount: '2 500' } });
    expect(reply.ok).toBe(true);
    const deals = p.deals();
    expect([at(deals, 3, 'Amount'), at(deals, 3, 'Stage')]).toEqual(['2500', 'Meeting/Demo']);
    expect(p.history()[1]).toEqual([STAMP, 'D-2', 'Contacted', 'Meeting/Demo', '2500', '', '0.4', p.changedBy, 'menu']);
  });

  it.each(['35%', '35', '0.35'])('reads a typed probability %s as the Deals reader does: the fraction 0.35', async (typed) => {
    const p = await open({});
    const reply = await p.move({ row: 3, dealId: 'D-2', to: 'Meeting/Demo', fields: { amount: '2500', probability: typed } });
    expect(reply.ok).toBe(true);
    // The deal's own 35% beats Meeting/Demo's 40% in History.
    expect([at(p.deals(), 3, 'Probability'), p.history()[1][6]]).toEqual(['0.35', '0.35']);
  });

  it('asks for a reason on a backward move, then records it in Move reason', async () => {
    const p = await open({});
    const refused = await p.move({ row: 4, dealId: 'D-3', to: 'Contacted' });
    expect(refused).toEqual({
      ok: false,
      messages: ['Moving back from "Proposal" to "Contacted" needs a reason: type it in "Move reason", then change the stage again.'],
    });
    expect(p.history()).toHaveLength(1);
    const moved = await p.move({ row: 4, dealId: 'D-3', to: 'Contacted', reason: ' Champion left ' });
    expect(moved.ok).toBe(true);
    const deals = p.deals();
    expect([at(deals, 4, 'Stage'), at(deals, 4, 'Move reason')]).toEqual(['Contacted', 'Champion left']);
  });

  it('refuses a negative amount and a text amount, saying so once, and writes nothing', async () => {
    const p = await open({});
    const before = p.deals();
    const negative = await p.move({ row: 3, dealId: 'D-2', to: 'Meeting/Demo', fields: { amount: '-2500' } });
    expect(negative).toEqual({
      ok: false,
      messages: ["Amount: -2500 is negative; type the deal's value as a positive number such as 12500."],
    });
    const text = await p.move({ row: 3, dealId: 'D-2', to: 'Meeting/Demo', fields: { amount: 'lots' } });
    expect(text).toEqual({ ok: false, messages: ['Amount: "lots" is not an amount; type a number such as 12500.'] });
    expect(p.deals()).toEqual(before);
    expect(p.history()).toHaveLength(1);
  });

  it('reads a typed 03/04/2026 month first under Date order mdy: 4 March', async () => {
    const p = await open({ config: { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, dateOrder: 'mdy' } } });
    // D-5 (Meeting/Demo, 3000) to Proposal, which needs Expected close.
    const reply = await p.move({ row: 6, dealId: 'D-5', to: 'Proposal', fields: { expectedClose: '03/04/2026' } });
    expect(reply.ok).toBe(true);
    expect(at(p.deals(), 6, 'Expected close')).toBe('2026-03-04');
    expect(p.history()[1].slice(1, 6)).toEqual(['D-5', 'Meeting/Demo', 'Proposal', '3000', '2026-03-04']);
  });

  it('finds the deal by its Deal ID after a sort, and refuses a vanished, duplicate or blank ID', async () => {
    // D-1 and D-4 swapped places after the deal was picked on row 2.
    const sorted = await open({ edit: (rows) => ([rows[0], rows[3]] = [rows[3], rows[0]]) });
    const moved = await sorted.move({ row: 2, dealId: 'D-1', to: 'Contacted' });
    expect(moved.messages).toEqual([
      `D-1 moved from "Qualified" to "Contacted" and recorded in ${sorted.historySheet} (it is on row 5 now, not row 2).`,
    ]);
    expect([at(sorted.deals(), 5, 'Stage'), at(sorted.deals(), 2, 'Stage')]).toEqual(['Contacted', 'Lead']);

    const p = await open({
      edit: (rows) => {
        rows[3][0] = 'D-1';
        rows[4][0] = '';
      },
    });
    const before = p.deals();
    expect(await p.move({ row: 2, dealId: 'D-9', to: 'Contacted' })).toEqual({
      ok: false,
      messages: [
        'Deal D-9 is no longer on the Deals sheet (deleted, or its Deal ID changed); nothing was moved. Pick the deal again from the list.',
      ],
    });
    expect(await p.move({ row: 2, dealId: 'D-1', to: 'Contacted' })).toEqual({
      ok: false,
      messages: [
        'Deal ID D-1 is on rows 2, 5 of Deals, so the add-in cannot tell which deal to move; give each deal its own ID, then ' +
          'move it. Nothing was moved.',
      ],
    });
    // Row 6 has no ID: the core calls it "row-6", a name a sort would give to another deal.
    const blank = await p.move({ row: 6, dealId: 'row-6', to: 'Proposal', fields: { expectedClose: '2026-12-31' } });
    expect(blank.messages[0]).toMatch(/^The deal on row 6 of Deals has no Deal ID/);
    expect(p.deals()).toEqual(before);
    expect(p.history()).toHaveLength(1);
  });

  it('moves nothing while the Stages sheet is missing', async () => {
    const p = await open({ noStages: true });
    const before = p.deals();
    // Qualified → Contacted is valid by the default stages; without Stages it is not judged at all.
    expect(await p.move({ row: 2, dealId: 'D-1', to: 'Contacted' })).toEqual({
      ok: false,
      messages: ['The "Stages" sheet is missing (deleted or renamed). Rename it back, or run Pipeline → Set up workbook to create it.'],
    });
    expect(p.deals()).toEqual(before);
    expect(p.history()).toHaveLength(1);
  });

  it('speaks the document language: Vietnamese, the stage rules included', async () => {
    const p = await open({ language: 'vi' });
    // D-2 (Contacted, no Amount, no close) to Proposal: one stage skipped and two fields missing, each in Vietnamese.
    expect((await p.move({ row: 3, dealId: 'D-2', to: 'Proposal' })).messages).toEqual([
      'Không được bỏ qua giai đoạn: hãy chuyển sang "Meeting/Demo" trước (bị bỏ qua: Meeting/Demo).',
      'Giai đoạn "Proposal" cần Amount: hãy điền trước.',
      'Giai đoạn "Proposal" cần Expected close: hãy điền trước.',
    ]);
    const reply = await p.move({ row: 2, dealId: 'D-1', to: 'Contacted' });
    expect(reply.messages).toEqual([`Đã chuyển D-1 từ "Qualified" sang "Contacted" và ghi vào ${p.historySheet}.`]);
    expect((await p.move({ row: 2, dealId: 'D-9', to: 'Contacted' })).messages[0]).toMatch(/^Giao dịch D-9 không còn trên trang Deals/);
  });

  it('names the way to Set up workbook as the platform shows it', async () => {
    const p = await open({ language: 'vi', noStages: true });
    expect((await p.move({ row: 2, dealId: 'D-1', to: 'Contacted' })).messages).toEqual([
      `Không tìm thấy trang tính "Stages" (đã bị xóa hoặc đổi tên). Hãy đặt lại tên cũ, hoặc chạy ${p.setUpVi} để tạo lại.`,
    ]);
  });
});
