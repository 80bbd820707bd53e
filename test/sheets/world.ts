/**
 * The workbook the Sheets tests share, and a loader that builds dist/gas/Code.js
 * (once per worker) and runs it in node:vm with the Apps Script fakes.
 */
import { dealsHeader } from '../../src/core/deals';
import { HISTORY_HEADERS } from '../../src/core/history';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { SETUP_DEAL_FIELDS } from '../../src/sheets/setup';
import { createGas, loadBundle, sheetDate, type GasGlobals, type GasOptions, type GasWorld } from '../fakes/gas';

import { afterEach, beforeAll, beforeEach, vi } from 'vitest';

let built: Promise<unknown> | undefined;

/** Builds the bundle the way `npm run build` does; tests always run the built file. */
export function buildOnce(): Promise<unknown> {
  const script = '../../scripts/build-gas.mjs';
  built ??= import(/* @vite-ignore */ script).then((m: { buildTarget(): Promise<unknown> }) => m.buildTarget());
  return built;
}

export const TZ = 'Europe/Berlin';

/**
 * For a test file: builds the bundle once, and fixes Date at `iso` for each test
 * (default Monday 2026-11-23 09:00 UTC, 10:00 in Berlin); only Date is faked.
 */
export function builtBundleAt(iso = '2026-11-23T09:00:00Z'): void {
  beforeAll(() => buildOnce());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(iso));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Columns of the test Deals sheet (1-based), in SETUP_DEAL_FIELDS order. */
export const COL = {
  id: 1,
  name: 2,
  owner: 4,
  stage: 5,
  amount: 6,
  probability: 8,
  expectedClose: 11,
  nextStepDate: 14,
  stageChanged: 15,
  lostReason: 16,
  moveReason: 18,
} as const;

/**
 * More owners, each with one deal in Lead since 2026-09-01 (well past Lead's 14
 * rotting days on 2026-11-23), in Deals rows 6.. and History; their digests sort
 * between bob and "not-an-email".
 */
export function addOwners(world: GasWorld, owners: readonly string[]): void {
  const timeZone = world.spreadsheet.timeZone;
  const since = sheetDate(2026, 9, 1, timeZone);
  const row = (values: Record<string, unknown>) => SETUP_DEAL_FIELDS.map((f) => values[f] ?? '');
  const deals = world.spreadsheet.sheet('Deals');
  const history = world.spreadsheet.sheet('History');
  owners.forEach((owner, i) => {
    const id = `E${i + 1}`;
    deals.load([row({ id, name: `Deal of ${owner}`, account: 'Acct', owner, stage: 'Lead', created: since, stageChanged: since })], 6 + i);
    history.load([[sheetDate(2026, 9, 1, timeZone, 10), id, '', 'Lead', '', '', 0.1, owner, 'edit']], 10 + i);
  });
}

export interface Loaded {
  readonly world: GasWorld;
  readonly gas: GasGlobals;
}

/**
 * Stages: the defaults. Deals (rows 2-5):
 *  D1 Acme, ann, Qualified, 1000, close 2026-12-15, stage changed 2026-10-05
 *  D2 Beta, bob, Contacted, no amount
 *  D3 Gamma, ann, Proposal, 5000, close 2026-11-30
 *  D4 Delta, "not-an-email", Lead
 * History: each deal's path up to its current stage.
 */
export function pipelineWorld(options: GasOptions = {}): Loaded {
  const timeZone = options.timeZone ?? TZ;
  const world = createGas({ timeZone, ...options });
  const d = (y: number, m: number, day: number) => sheetDate(y, m, day, timeZone);
  const at = (m: number, day: number, hour = 10) => sheetDate(2026, m, day, timeZone, hour);
  const ss = world.spreadsheet;
  ss.sheet('Stages').load(stagesToTable(DEFAULT_CONFIG));
  const header = dealsHeader(SETUP_DEAL_FIELDS);
  const row = (values: Record<string, unknown>) => SETUP_DEAL_FIELDS.map((f) => values[f] ?? '');
  ss.sheet('Deals').load([
    header,
    row({
      id: 'D1',
      name: 'Acme renewal',
      account: 'Acme',
      owner: 'ann@example.com',
      stage: 'Qualified',
      amount: 1000,
      created: d(2026, 10, 1),
      expectedClose: d(2026, 12, 15),
      stageChanged: d(2026, 10, 5),
    }),
    row({
      id: 'D2',
      name: 'Beta',
      account: 'Beta LLC',
      owner: 'bob@example.com',
      stage: 'Contacted',
      created: d(2026, 9, 1),
      stageChanged: d(2026, 9, 20),
    }),
    row({
      id: 'D3',
      name: 'Gamma',
      account: 'Gamma',
      owner: 'ann@example.com',
      stage: 'Proposal',
      amount: 5000,
      created: d(2026, 8, 1),
      expectedClose: d(2026, 11, 30),
      stageChanged: d(2026, 10, 1),
    }),
    row({
      id: 'D4',
      name: 'Delta',
      account: 'Delta',
      owner: 'not-an-email',
      stage: 'Lead',
      created: d(2026, 10, 20),
      stageChanged: d(2026, 10, 20),
    }),
  ]);
  ss.sheet('History').load([
    [...HISTORY_HEADERS],
    [at(10, 1), 'D1', '', 'Lead', 1000, '', 0.1, 'ann@example.com', 'edit'],
    [at(10, 5), 'D1', 'Lead', 'Qualified', 1000, '', 0.2, 'ann@example.com', 'edit'],
    [at(9, 1), 'D2', '', 'Lead', '', '', 0.1, 'bob@example.com', 'edit'],
    [at(9, 10), 'D2', 'Lead', 'Qualified', '', '', 0.2, 'bob@example.com', 'edit'],
    [at(9, 20), 'D2', 'Qualified', 'Contacted', '', '', 0.3, 'bob@example.com', 'edit'],
    [at(8, 1), 'D3', '', 'Lead', 5000, '', 0.1, 'ann@example.com', 'edit'],
    [at(10, 1), 'D3', 'Meeting/Demo', 'Proposal', 5000, '', 0.6, 'ann@example.com', 'edit'],
    [at(10, 20), 'D4', '', 'Lead', '', '', 0.1, 'cy@example.com', 'edit'],
  ]);
  const gas = loadBundle(world);
  world.log.reset();
  return { world, gas };
}
