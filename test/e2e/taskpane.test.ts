// The built task pane (dist/excel/taskpane.html) in headless Chromium, with office.js
// replaced by a stub: a valid move is written, an invalid one shows its reason, a
// validation finding selects its cell, stale deals carry a mailto: link, and the page
// logs no console error. A screenshot is kept in test-artifacts/taskpane.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without types
import { buildTarget } from '../../scripts/build-excel.mjs';
import { launchChromium } from './helpers/chromium';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import { HOSTILE_DEAL_HEADERS, HTML_PAYLOADS, VALID_OWNERS, hostileDealRows } from '../security/hostile';
import { inspect, watchDialogs } from '../security/browser';

const root = join(__dirname, '..', '..');
// Built into a temporary folder, so the test's base URL never lands in dist/excel.
const dist = join(tmpdir(), `pipeline-taskpane-${process.pid}`);
const ORIGIN = 'https://addin.test';
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** The default stages as "Set up workbook" writes them: without a Stages sheet the add-in moves nothing. */
const STAGES = stagesToTable(DEFAULT_CONFIG);

/** The Stages, Deals and Stage history sheets as Excel gives them (dates as serials; 45000 = 2023-03-15, long past any rotting days). */
const SHEETS = {
  Stages: STAGES,
  Deals: [
    ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Expected close', 'Stage changed', 'Lost reason'],
    ['D-1', 'Acme renewal', 'ann@example.com', 'Qualified', 1000, 46371, 45000, ''],
    ['D-2', 'Beta <b>pilot</b>', 'bob@example.com', 'Contacted', 5000, '', 45000, ''],
    ['D-3', 'Gamma', 'cy@example.com', 'Meeting/Demo', '', '', 45000, ''],
  ],
  'Stage history': [
    ['Timestamp', 'Deal ID', 'From stage', 'To stage'],
    [45000, 'D-1', 'Lead', 'Qualified'],
    [45000, 'D-2', 'Qualified', 'Contacted'],
    [45000, 'D-3', 'Contacted', 'Meeting/Demo'],
  ],
};

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

/** Opens the built task pane in a new page over `sheets`, logging console errors to `errors`. */
async function openPane(sheets: Record<string, unknown[][]>, errors: string[]): Promise<Page> {
  const tab = await browser.newPage({ viewport: { width: 360, height: 720 } });
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  tab.on('pageerror', (error) => errors.push(String(error)));
  const stub = readFileSync(join(__dirname, 'taskpane-office-stub.js'), 'utf8');
  await tab.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      return route.fulfill({ contentType: 'text/javascript', body: `window.__initialSheets = ${JSON.stringify(sheets)};\n${stub}` });
    }
    if (url.startsWith(`${ORIGIN}/`)) {
      const file = url.slice(ORIGIN.length + 1).split('?')[0];
      const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };
      try {
        return await route.fulfill({ contentType: types[extname(file)] ?? 'application/octet-stream', body: readFileSync(join(dist, file)) });
      } catch {
        return route.fulfill({ status: 404, body: 'not found' });
      }
    }
    return route.abort();
  });
  await tab.goto(`${ORIGIN}/taskpane.html`);
  return tab;
}

beforeAll(async () => {
  await buildTarget({ outDir: dist, base: ORIGIN, quiet: true });
  browser = await launchChromium();
  page = await openPane(SHEETS, consoleErrors);
  await page.waitForFunction(() => document.querySelectorAll('#move-deal option').length === 3);
});

afterAll(async () => {
  await browser?.close();
});

describe('the task pane in Chromium', () => {
  it('moves D-1 from Qualified to Contacted and writes it to the workbook', async () => {
    await page.selectOption('#move-deal', '2');
    await page.waitForFunction(() => [...document.querySelectorAll('#move-to option')].some((o) => o.textContent === 'Contacted'));
    await page.selectOption('#move-to', 'Contacted');
    await page.click('#move-submit');
    await expect.poll(() => page.textContent('#status')).toBe('D-1 moved from "Qualified" to "Contacted" and recorded in Stage history.');
    const stage = await page.evaluate(() => (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals[1][3]);
    expect(stage).toBe('Contacted');
    const history = await page.evaluate(() => (window as unknown as { __workbook: { sheets: Record<string, unknown[][]> } }).__workbook.sheets['Stage history']);
    expect(history.at(-1)!.slice(1, 4)).toEqual(['D-1', 'Qualified', 'Contacted']);
  });

  it('shows why a move is refused: Lost needs a Lost reason', async () => {
    await page.selectOption('#move-deal', '3');
    await page.waitForFunction(() => [...document.querySelectorAll('#move-to option')].some((o) => o.textContent === 'Lost'));
    await page.selectOption('#move-to', 'Lost');
    await expect.poll(() => page.locator('#move-fields input').count()).toBe(1);
    await page.click('#move-submit');
    await expect.poll(() => page.textContent('#move-reasons')).toBe('"Lost" needs Lost reason: fill it in first.');
    const stage = await page.evaluate(() => (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals[2][3]);
    expect(stage).toBe('Contacted');
    mkdirSync(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts', 'taskpane.png'), fullPage: true });
  });

  it('lists stale deals per owner with a mailto: link, showing user text as text', async () => {
    await page.click('#tabs button[data-section="stale"]');
    await page.waitForSelector('#stale-list a');
    const links = await page.$$eval('#stale-list a', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    // D-1 moved today, so only Bob (D-2) and Cy (D-3) have deals sitting still since 2023.
    expect(links.map((href) => href.split('?')[0])).toEqual(['mailto:bob%40example.com', 'mailto:cy%40example.com']);
    expect(decodeURIComponent(links[0].split('&body=')[1])).toContain('Beta <b>pilot</b>');
    // The deal name holds markup; it must show as typed, not become a <b> element.
    expect(await page.locator('#stale-list b').count()).toBe(0);
    expect(await page.textContent('#stale-list')).toContain('Beta <b>pilot</b>');
  });

  it('selects the cell of a validation finding when it is clicked', async () => {
    await page.click('#tabs button[data-section="findings"]');
    await page.click('#findings-run');
    await page.waitForSelector('#findings-list button');
    // D-3 is in Meeting/Demo with no Amount: row 4, column E.
    expect(await page.textContent('#findings-list button')).toContain('Deals!E4 · Amount');
    await page.click('#findings-list button');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __workbook: { selected: string | null } }).__workbook.selected)).toBe('Deals!E4');
  });

  it('moves the deal picked in the list after the user sorted Deals, not the deal now on its old row', async () => {
    await page.click('#tabs button[data-section="move"]');
    await page.selectOption('#move-deal', '2');
    await page.waitForFunction(() => [...document.querySelectorAll('#move-to option')].some((o) => o.textContent === 'Meeting/Demo'));
    // The user sorts Deals Z to A by Deal ID while the pane still lists D-1 on row 2: D-3, D-2, D-1.
    await page.evaluate(() => {
      const deals = (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals;
      deals.splice(1, 3, ...deals.slice(1).reverse());
    });
    await page.selectOption('#move-to', 'Meeting/Demo');
    await page.click('#move-submit');
    await expect.poll(() => page.textContent('#status')).toBe('D-1 moved from "Contacted" to "Meeting/Demo" and recorded in Stage history (it is on row 4 now, not row 2).');
    const deals = await page.evaluate(() => (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals);
    expect(deals[3].slice(0, 4)).toEqual(['D-1', 'Acme renewal', 'ann@example.com', 'Meeting/Demo']);
    // D-3, now on row 2, keeps its stage and its 2023 "Stage changed".
    expect([deals[1][0], deals[1][3], deals[1][6]]).toEqual(['D-3', 'Meeting/Demo', 45000]);
    // The list is read again: D-1 stays picked, on its new row.
    await expect.poll(() => page.inputValue('#move-deal')).toBe('4');
  });

  it('logged no console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});

describe('the task pane with hostile deals', () => {
  /** Deals whose names, accounts, next steps and owners are the hostile corpus; X-1 has markup as its Amount, X-2 a script as its Stage. */
  const HOSTILE = {
    Stages: STAGES,
    Deals: [
      [...HOSTILE_DEAL_HEADERS],
      ...hostileDealRows(45000, 44000),
      ['X-1', 'Bad amount', 'Acme', 'ann@example.com', 'Proposal', HTML_PAYLOADS[1], 44000, 45000, '', ''],
      ['X-2', 'Bad stage', 'Acme', 'ann@example.com', HTML_PAYLOADS[0], 10, 44000, 45000, '', ''],
    ],
    'Stage history': [['Timestamp', 'Deal ID', 'From stage', 'To stage']],
  };
  let tab: Page;
  const errors: string[] = [];
  let dialogs: string[];

  beforeAll(async () => {
    tab = await openPane(HOSTILE, errors);
    dialogs = watchDialogs(tab);
    await tab.waitForFunction(() => document.querySelectorAll('#move-deal option').length >= 24);
  });

  it('lists the deals in the move form with their names as typed', async () => {
    const first = await tab.textContent('#move-deal option');
    // Deal H-0's ID is "=ID0" and its name the <script> payload; its stage is Proposal.
    expect(first).toBe(`=ID0 · ${HTML_PAYLOADS[0]} (Proposal)`);
    expect(await inspect(tab)).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
  });

  it('shows stale deals as text and links only the valid owner addresses', async () => {
    await tab.click('#tabs button[data-section="stale"]');
    await tab.waitForSelector('#stale-list a');
    const links = await tab.$$eval('#stale-list a', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    // ann, bob (typed "<bob@example.com>") and cy (typed "Cy Doe <CY@Example.com>") are the only addresses.
    expect(links.map((href) => decodeURIComponent(href.slice('mailto:'.length).split('?')[0])).sort()).toEqual(VALID_OWNERS.map(([, a]) => a).sort());
    expect(await tab.textContent('#stale-list')).toContain(HTML_PAYLOADS[0]);
    expect(await inspect(tab)).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
  });

  it('shows validation findings that quote hostile cells as text', async () => {
    await tab.click('#tabs button[data-section="findings"]');
    await tab.click('#findings-run');
    await tab.waitForSelector('#findings-list button');
    const text = (await tab.textContent('#findings-list')) ?? '';
    // The messages quote cells shortened to 40 characters; both payloads begin within that.
    expect(text).toContain(HTML_PAYLOADS[1].slice(0, 20));
    expect(text).toContain(HTML_PAYLOADS[0].slice(0, 20));
    expect(await inspect(tab)).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
  });

  it('ran no payload: no alert, no page error', () => {
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });
});
