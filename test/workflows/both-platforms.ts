/**
 * One pipeline, laid out on both platforms' fakes as each hands it to its adapter:
 * Google Sheets (the Apps Script fakes, Date cells at the spreadsheet's midnights in
 * Berlin, the Deals columns "Set up workbook" writes, a "History" log) and Excel (the
 * strict Office fake, serial day numbers, the add-in's own Deals columns, a "Stage
 * history" log). The workflow tests run the same scenario through both and compare.
 *
 * "Now" is Monday 2026-11-23: 10:00 in Berlin for Sheets (09:00 UTC), and 09:00 on
 * the Excel computer's wall clock. Deals, stages changed on (days to 2026-11-23):
 *  S1 Acme renewal  ann@example.com  Qualified  1000  close 2026-12-15  since 10-05 (49 days; rots after 14)
 *  S2 Beta          bob@example.com  Contacted  —     —                 since 09-20 (64 days; 14)
 *  S3 Gamma         ann@example.com  Proposal   5000  close 2026-12-31  since 11-10 (13 days; 21: fresh)
 *  S4 Delta         not-an-email     Lead       —     —                 since 10-20 (34 days; 14)
 *  S5 Eps           cy@example.com   Won        2000  close 2026-11-01  since 11-01 (closed)
 */
import { DEFAULT_CONFIG, HISTORY_HEADERS, dealsHeader, stagesToTable, toSerial, type PipelineConfig } from '../../src/core/index';
import { SETUP_DEAL_FIELDS } from '../../src/sheets/setup';
import { createGas, loadBundle, sheetDate, type GasGlobals, type GasOptions, type GasWorld } from '../fakes/gas';
import { FakeExcel, type Cell } from '../fakes/office/excel';
import { buildOnce } from '../sheets/world';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';

export const TZ = 'Europe/Berlin';
/** The instant both runs take as now. */
export const NOW = new Date('2026-11-23T09:00:00Z');

type Day = readonly [number, number, number];
interface DealSpec {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly stage: string;
  readonly amount: number | '';
  readonly expectedClose: Day | null;
  readonly since: Day;
  /** The stage before, for the History row. */
  readonly from: string;
}

export const DEALS: readonly DealSpec[] = [
  {
    id: 'S1',
    name: 'Acme renewal',
    owner: 'ann@example.com',
    stage: 'Qualified',
    amount: 1000,
    expectedClose: [2026, 12, 15],
    since: [2026, 10, 5],
    from: 'Lead',
  },
  {
    id: 'S2',
    name: 'Beta',
    owner: 'bob@example.com',
    stage: 'Contacted',
    amount: '',
    expectedClose: null,
    since: [2026, 9, 20],
    from: 'Qualified',
  },
  {
    id: 'S3',
    name: 'Gamma',
    owner: 'ann@example.com',
    stage: 'Proposal',
    amount: 5000,
    expectedClose: [2026, 12, 31],
    since: [2026, 11, 10],
    from: 'Meeting/Demo',
  },
  { id: 'S4', name: 'Delta', owner: 'not-an-email', stage: 'Lead', amount: '', expectedClose: null, since: [2026, 10, 20], from: '' },
  {
    id: 'S5',
    name: 'Eps',
    owner: 'cy@example.com',
    stage: 'Won',
    amount: 2000,
    expectedClose: [2026, 11, 1],
    since: [2026, 11, 1],
    from: 'Negotiation',
  },
];

const PROBABILITY: Readonly<Record<string, number>> = {
  Lead: 0.1,
  Qualified: 0.2,
  Contacted: 0.3,
  'Meeting/Demo': 0.4,
  Proposal: 0.6,
  Negotiation: 0.8,
  Won: 1,
};

function config(managerEmail = ''): PipelineConfig {
  return { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, managerEmail } };
}

export interface SheetsPipeline {
  readonly world: GasWorld;
  readonly gas: GasGlobals;
}

/** The pipeline in a Google Sheets spreadsheet (Berlin), with the bundle loaded. */
export function sheetsPipeline(options: GasOptions & { manager?: string } = {}): SheetsPipeline {
  const world = createGas({ timeZone: TZ, ...options });
  const day = (d: Day) => sheetDate(d[0], d[1], d[2], TZ);
  const ss = world.spreadsheet;
  ss.sheet('Stages').load(stagesToTable(config(options.manager)));
  const row = (values: Record<string, unknown>) => SETUP_DEAL_FIELDS.map((f) => values[f] ?? '');
  ss.sheet('Deals').load([
    dealsHeader(SETUP_DEAL_FIELDS),
    ...DEALS.map((d) =>
      row({
        id: d.id,
        name: d.name,
        account: d.name,
        owner: d.owner,
        stage: d.stage,
        amount: d.amount,
        created: day([2026, 8, 1]),
        expectedClose: d.expectedClose ? day(d.expectedClose) : '',
        stageChanged: day(d.since),
      }),
    ),
  ]);
  ss.sheet('History').load([
    [...HISTORY_HEADERS],
    ...DEALS.map((d) => [
      sheetDate(d.since[0], d.since[1], d.since[2], TZ, 10),
      d.id,
      d.from,
      d.stage,
      d.amount,
      '',
      PROBABILITY[d.stage],
      d.owner,
      'edit',
    ]),
  ]);
  const gas = loadBundle(world);
  world.log.reset();
  return { world, gas };
}

/** The serial day number Excel keeps for a day (46349 = 2026-11-23). */
export function serial(d: Day): number {
  return toSerial(new Date(Date.UTC(d[0], d[1] - 1, d[2])));
}

/** The pipeline in an Excel workbook, installed as the global Excel; more sheets may be given. */
export function excelPipeline(options: { manager?: string; sheets?: Record<string, Cell[][]> } = {}): FakeExcel {
  const fake = new FakeExcel({
    Stages: stagesToTable(config(options.manager)).map((r) => r.map((c) => c as Cell)),
    Deals: [
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Expected close', 'Stage changed'],
      ...DEALS.map((d) => [d.id, d.name, d.owner, d.stage, d.amount, d.expectedClose ? serial(d.expectedClose) : '', serial(d.since)]),
    ],
    'Stage history': [
      [...HISTORY_HEADERS],
      ...DEALS.map((d) => [serial(d.since) + 10 / 24, d.id, d.from, d.stage, d.amount, '', PROBABILITY[d.stage], '', 'edit'] as Cell[]),
    ],
    ...options.sheets,
  });
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  return fake;
}

/** The local day a Sheets Date cell shows in Berlin, as yyyy-mm-dd. */
export function sheetsDay(value: unknown): unknown {
  return value instanceof Date ? new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(value) : value;
}

/** For a test file: builds the Apps Script bundle once, fixes Date at NOW for each test, and removes the global Excel after it. */
export function bothPlatformsAtNow(): void {
  beforeAll(() => buildOnce());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    delete (globalThis as { Excel?: unknown }).Excel;
  });
}
