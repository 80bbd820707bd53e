// The built task pane (dist/excel/taskpane.html) in headless Chromium, with office.js
// replaced by a stub: a valid move is written, an invalid one shows its reason, a
// validation finding selects its cell, stale deals carry a mailto: link, and the page
// logs no console error. The pane is made of Fluent UI elements that follow Office's
// theme (light when Office gives none, dark when Office says so) and speak the
// workbook's language. Screenshots are kept in test-artifacts/ (taskpane.png,
// taskpane-dark.png).
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

/** An Office theme as Office.context.officeTheme gives it (hex triplets). */
interface OfficeTheme {
  readonly bodyBackgroundColor: string;
  readonly bodyForegroundColor: string;
  readonly controlBackgroundColor: string;
  readonly controlForegroundColor: string;
}

/** What the page runs under: Office's theme (none by default) and display language. */
interface Host {
  readonly officeTheme?: OfficeTheme;
  readonly displayLanguage?: string;
}

/** Opens the built task pane in a new page over `sheets`, logging console errors to `errors`. */
async function openPane(sheets: Record<string, unknown[][]>, errors: string[], host: Host = {}): Promise<Page> {
  const tab = await browser.newPage({ viewport: { width: 360, height: 720 } });
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  tab.on('pageerror', (error) => errors.push(String(error)));
  const stub = readFileSync(join(__dirname, 'taskpane-office-stub.js'), 'utf8');
  await tab.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) {
      const initialSheets = JSON.stringify(sheets);
      const officeTheme = JSON.stringify(host.officeTheme);
      const displayLanguage = JSON.stringify(host.displayLanguage);
      const globals =
        `window.__initialSheets = ${initialSheets};\n` +
        `window.__officeTheme = ${officeTheme};\n` +
        `window.__displayLanguage = ${displayLanguage};\n`;
      return route.fulfill({ contentType: 'text/javascript', body: `${globals}${stub}` });
    }
    if (url.startsWith(`${ORIGIN}/`)) {
      const file = url.slice(ORIGIN.length + 1).split('?')[0];
      const types: Record<string, string> = {
        '.html': 'text/html',
        '.js': 'text/javascript',
        '.css': 'text/css',
        '.png': 'image/png',
        '.json': 'application/json',
      };
      try {
        return await route.fulfill({
          contentType: types[extname(file)] ?? 'application/octet-stream',
          body: readFileSync(join(dist, file)),
        });
      } catch {
        return route.fulfill({ status: 404, body: 'not found' });
      }
    }
    return route.abort();
  });
  await tab.goto(`${ORIGIN}/taskpane.html`);
  return tab;
}

/** Picks `value` in a fluent-select as a user does: opens its list and clicks the option. */
async function choose(tab: Page, select: string, value: string): Promise<void> {
  await tab.click(select);
  await tab.click(`${select} fluent-option[value="${value}"]`);
  await expect.poll(() => tab.evaluate((s) => (document.querySelector(s) as HTMLElement & { value: string }).value, select)).toBe(value);
}

/** Waits until the fluent-select `select` lists an option whose text is `text`. */
async function waitForOption(tab: Page, select: string, text: string): Promise<void> {
  await tab.waitForFunction(([s, t]) => [...document.querySelectorAll(`${s} fluent-option`)].some((o) => o.textContent === t), [
    select,
    text,
  ] as const);
}

const artifacts = join(root, 'test-artifacts');

beforeAll(async () => {
  await buildTarget({ outDir: dist, base: ORIGIN, quiet: true });
  browser = await launchChromium();
  page = await openPane(SHEETS, consoleErrors);
  await page.waitForFunction(() => document.querySelectorAll('#move-deal fluent-option').length === 3);
});

afterAll(async () => {
  await browser?.close();
});

/** What the theme tests read off a page: computed styles of the body, headings, an accent button and a field. */
async function looks(tab: Page) {
  return tab.evaluate(() => {
    const style = (node: Element) => getComputedStyle(node);
    const button = document.querySelector('#move-submit')!;
    const field = document.querySelector('#move-reason')!;
    const control = field.shadowRoot?.querySelector('.root');
    return {
      defined: [
        'fluent-button',
        'fluent-select',
        'fluent-option',
        'fluent-text-field',
        'fluent-tabs',
        'fluent-tab',
        'fluent-tab-panel',
      ].filter((name) => customElements.get(name) === undefined),
      upgraded: [...document.querySelectorAll('fluent-button, fluent-select, fluent-text-field, fluent-tab')].filter((n) => !n.shadowRoot)
        .length,
      theme: document.body.dataset.theme,
      lang: document.documentElement.lang,
      body: {
        background: style(document.body).backgroundColor,
        color: style(document.body).color,
        fontSize: style(document.body).fontSize,
        font: style(document.body).fontFamily,
      },
      h1: style(document.querySelector('h1')!).fontSize,
      h2: style(document.querySelector('#findings h2, h2')!).fontSize,
      // Fluent paints the accent fill as a padding-box gradient of one colour.
      accent: style(button.shadowRoot!.querySelector('.control')!).backgroundImage,
      accentText: style(button.shadowRoot!.querySelector('.control')!).color,
      fieldFill: control ? style(control).backgroundImage : '',
      tab: document.querySelector('#tab-move')!.textContent,
    };
  });
}

/** "rgb(16, 124, 65)" → [16, 124, 65]. */
const rgb = (css: string) => (/rgba?\((\d+), (\d+), (\d+)/.exec(css) ?? []).slice(1).map(Number);

describe('the task pane in Chromium', () => {
  it("is built of upgraded Fluent UI elements on Fluent's light theme when Office gives no theme", async () => {
    const look = await looks(page);
    expect(look.defined).toEqual([]);
    expect(look.upgraded).toBe(0);
    expect(look.theme).toBe('light');
    // Fluent 2 web light: colorNeutralBackground1 #FFFFFF, colorNeutralForeground1 #242424.
    expect(look.body).toMatchObject({ background: 'rgb(255, 255, 255)', color: 'rgb(36, 36, 36)' });
    // The Fluent type ramp: base 14px, plus-2 20px for the title, plus-1 16px for section titles.
    expect([look.body.fontSize, look.h1, look.h2]).toEqual(['14px', '20px', '16px']);
    expect(look.body.font).toContain('Segoe UI');
    // The accent button is filled from Excel's green (#107C41): green well above red and blue.
    const [r, g, b] = rgb(look.accent);
    expect(g).toBeGreaterThan(r + 40);
    expect(g).toBeGreaterThan(b + 20);
    expect(rgb(look.accentText)).toEqual([255, 255, 255]);
    expect(look.fieldFill).toContain('rgb(255, 255, 255)');
    expect(look.lang).toBe('en');
  });

  it('moves D-1 from Qualified to Contacted and writes it to the workbook', async () => {
    await choose(page, '#move-deal', '2');
    await waitForOption(page, '#move-to', 'Contacted');
    await choose(page, '#move-to', 'Contacted');
    await page.click('#move-submit');
    await expect.poll(() => page.textContent('#status')).toBe('D-1 moved from "Qualified" to "Contacted" and recorded in Stage history.');
    const stage = await page.evaluate(
      () => (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals[1][3],
    );
    expect(stage).toBe('Contacted');
    const history = await page.evaluate(
      () => (window as unknown as { __workbook: { sheets: Record<string, unknown[][]> } }).__workbook.sheets['Stage history'],
    );
    expect(history.at(-1)!.slice(1, 4)).toEqual(['D-1', 'Qualified', 'Contacted']);
  });

  it('shows why a move is refused: Lost needs a Lost reason', async () => {
    await choose(page, '#move-deal', '3');
    await waitForOption(page, '#move-to', 'Lost');
    await choose(page, '#move-to', 'Lost');
    await expect.poll(() => page.locator('#move-fields fluent-text-field').count()).toBe(1);
    expect(await page.textContent('#move-fields fluent-text-field')).toBe('Lost reason (needed for Lost)');
    await page.click('#move-submit');
    await expect.poll(() => page.textContent('#move-reasons')).toBe('"Lost" needs Lost reason: fill it in first.');
    const stage = await page.evaluate(
      () => (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals[2][3],
    );
    expect(stage).toBe('Contacted');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'taskpane.png'), fullPage: true, animations: 'disabled' });
  });

  it('lists stale deals per owner with a mailto: link, showing user text as text', async () => {
    await page.click('#tabs fluent-tab[data-section="stale"]');
    await page.waitForSelector('#stale-list a.compose');
    const links = await page.$$eval('#stale-list a.compose', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    // D-1 moved today, so only Bob (D-2) and Cy (D-3) have deals sitting still since 2023.
    expect(links.map((href) => href.split('?')[0])).toEqual(['mailto:bob%40example.com', 'mailto:cy%40example.com']);
    expect(decodeURIComponent(links[0].split('&body=')[1])).toContain('Beta <b>pilot</b>');
    // The deal name holds markup; it must show as typed, not become a <b> element.
    expect(await page.locator('#stale-list b').count()).toBe(0);
    expect(await page.textContent('#stale-list')).toContain('Beta <b>pilot</b>');
  });

  it('selects the cell of a validation finding when it is clicked', async () => {
    await page.click('#tabs fluent-tab[data-section="findings"]');
    await page.click('#findings-run');
    await page.waitForSelector('#findings-list fluent-button');
    // D-3 is in Meeting/Demo with no Amount: row 4, column E.
    expect(await page.textContent('#findings-list fluent-button')).toContain('Deals!E4 · Amount');
    await page.click('#findings-list fluent-button');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __workbook: { selected: string | null } }).__workbook.selected))
      .toBe('Deals!E4');
  });

  it('moves the deal picked in the list after the user sorted Deals, not the deal now on its old row', async () => {
    await page.click('#tabs fluent-tab[data-section="move"]');
    await choose(page, '#move-deal', '2');
    await waitForOption(page, '#move-to', 'Meeting/Demo');
    // The user sorts Deals Z to A by Deal ID while the pane still lists D-1 on row 2: D-3, D-2, D-1.
    await page.evaluate(() => {
      const deals = (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals;
      deals.splice(1, 3, ...deals.slice(1).reverse());
    });
    await choose(page, '#move-to', 'Meeting/Demo');
    await page.click('#move-submit');
    await expect
      .poll(() => page.textContent('#status'))
      .toBe('D-1 moved from "Contacted" to "Meeting/Demo" and recorded in Stage history (it is on row 4 now, not row 2).');
    const deals = await page.evaluate(
      () => (window as unknown as { __workbook: { sheets: { Deals: unknown[][] } } }).__workbook.sheets.Deals,
    );
    expect(deals[3].slice(0, 4)).toEqual(['D-1', 'Acme renewal', 'ann@example.com', 'Meeting/Demo']);
    // D-3, now on row 2, keeps its stage and its 2023 "Stage changed".
    expect([deals[1][0], deals[1][3], deals[1][6]]).toEqual(['D-3', 'Meeting/Demo', 45000]);
    // The list is read again: D-1 stays picked, on its new row.
    await expect.poll(() => page.evaluate(() => (document.querySelector('#move-deal') as HTMLElement & { value: string }).value)).toBe('4');
  });

  it('logged no console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});

describe("the task pane under Office's dark theme, in Office's language", () => {
  // Office's "Black"-like theme as officeTheme reports it: a dark page, light text, darker-grey fields.
  const DARK: OfficeTheme = {
    bodyBackgroundColor: '#262626',
    bodyForegroundColor: '#FFFFFF',
    controlBackgroundColor: '#404040',
    controlForegroundColor: '#F0F0F0',
  };
  const RUSSIAN = { ...SHEETS, Stages: stagesToTable({ ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, language: 'ru' } }) };
  const errors: string[] = [];
  let tab: Page;

  beforeAll(async () => {
    tab = await openPane(RUSSIAN, errors, { officeTheme: DARK, displayLanguage: 'vi-VN' });
    await tab.waitForFunction(() => document.querySelectorAll('#move-deal fluent-option').length === 3);
  });

  it('takes its page, text and field colours from officeTheme', async () => {
    const look = await looks(tab);
    expect(look.upgraded).toBe(0);
    expect(look.theme).toBe('dark');
    expect(look.body).toMatchObject({ background: 'rgb(38, 38, 38)', color: 'rgb(255, 255, 255)' });
    expect(look.fieldFill).toContain('rgb(64, 64, 64)');
    expect([look.body.fontSize, look.h1, look.h2]).toEqual(['14px', '20px', '16px']);
    // On a dark page the accent recipe still starts from green.
    const [r, g, b] = rgb(look.accent);
    expect(g).toBeGreaterThan(Math.max(r, b));
  });

  it("speaks Office's display language (vi), and lists stale deals in the workbook's Language (ru) as its digests are", async () => {
    await expect.poll(() => tab.textContent('#tab-move')).toBe('Chuyển giai đoạn');
    expect(await tab.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await tab.textContent('#move-submit')).toBe('Chuyển');
    expect(await tab.$$eval('#settings-stages th', (cells) => cells.map((c) => c.textContent))).toEqual([
      'Giai đoạn',
      'Xác suất',
      'Số ngày đứng yên',
      'Kết quả',
      'Bắt buộc',
      'Được chuyển tiếp',
    ]);
    await tab.click('#tab-stale');
    await tab.waitForSelector('#stale-list a.compose');
    // Nothing has moved in this page: Ann, Bob and Cy each have one deal sitting still since 2023, "1 сделка".
    expect(await tab.$$eval('#stale-list h3', (heads) => heads.map((h) => h.textContent))).toEqual([
      'ann@example.com · 1 сделка',
      'bob@example.com · 1 сделка',
      'cy@example.com · 1 сделка',
    ]);
    await tab.click('#tab-move');
    mkdirSync(artifacts, { recursive: true });
    await tab.screenshot({ path: join(artifacts, 'taskpane-dark.png'), fullPage: true, animations: 'disabled' });
    // Nothing sticks out of the 360px pane, even with the longer Vietnamese and Russian words.
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it("speaks Office's display language when the workbook has no Stages sheet", async () => {
    const noStages = await openPane({ Deals: SHEETS.Deals }, errors, { displayLanguage: 'vi-VN' });
    await expect.poll(() => noStages.textContent('#tab-move')).toBe('Chuyển giai đoạn');
    expect(await noStages.textContent('#settings-setup')).toBe('Thiết lập sổ làm việc');
    await noStages.close();
  });

  it('logged no console error', () => {
    expect(errors).toEqual([]);
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
    await tab.waitForFunction(() => document.querySelectorAll('#move-deal fluent-option').length >= 24);
  });

  it('lists the deals in the move form with their names as typed', async () => {
    const first = await tab.textContent('#move-deal fluent-option');
    // Deal H-0's ID is "=ID0" and its name the <script> payload; its stage is Proposal.
    expect(first).toBe(`=ID0 · ${HTML_PAYLOADS[0]} (Proposal)`);
    expect(await inspect(tab)).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
  });

  it('shows stale deals as text and links only the valid owner addresses', async () => {
    await tab.click('#tabs fluent-tab[data-section="stale"]');
    await tab.waitForSelector('#stale-list a.compose');
    const links = await tab.$$eval('#stale-list a.compose', (anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    // ann, bob (typed "<bob@example.com>") and cy (typed "Cy Doe <CY@Example.com>") are the only addresses.
    expect(links.map((href) => decodeURIComponent(href.slice('mailto:'.length).split('?')[0])).sort()).toEqual(
      VALID_OWNERS.map(([, a]) => a).sort(),
    );
    expect(await tab.textContent('#stale-list')).toContain(HTML_PAYLOADS[0]);
    expect(await inspect(tab)).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
  });

  it('shows validation findings that quote hostile cells as text', async () => {
    await tab.click('#tabs fluent-tab[data-section="findings"]');
    await tab.click('#findings-run');
    await tab.waitForSelector('#findings-list fluent-button');
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
