/**
 * The Sheets add-in's HTML surfaces with hostile deals, rendered by the built bundle
 * and opened in headless Chromium: the move dialog (its data goes into an inline
 * script as JSON, and the form is built with textContent), the "Validate all deals"
 * sidebar (escaped table cells) and the digest preview dialog (the core's escaped
 * email HTML). No payload may run or become an element, and each shows as typed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildOnce } from '../sheets/world';
import { hostileSheetsWorld } from './sheets-world';
import { launchChromium } from '../e2e/helpers/chromium';
import { HTML_PAYLOADS } from './hostile';
import { inspect, watchDialogs } from './browser';

let browser: Browser;
let page: Page;
let dialogs: string[];

/** What Apps Script gives a dialog page: google.script.run (which records calls) and google.script.host. */
const APPS_SCRIPT_STUB =
  '<script>window.google={script:{run:{withSuccessHandler(){return ' +
  'this},withFailureHandler(){return this},applyDealMove(){}},host:{close(){}}}};</script>';

/** Opens dialog HTML as Apps Script serves it, with the google.script stub in front. */
async function openHtml(html: string): Promise<void> {
  await page.setContent(html.replace('<head>', `<head>${APPS_SCRIPT_STUB}`), { waitUntil: 'load' });
}

beforeAll(async () => {
  await buildOnce();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
  page = await browser.newPage();
  dialogs = watchDialogs(page);
});
afterEach(async () => {
  vi.useRealTimers();
  await page.close();
});

/** Two more rows make the validation quote user text back: an Amount that is markup, and a Stage that is a script. */
const QUOTED_ROWS = [
  ['X-1', 'Bad amount', 'Acme', 'ann@example.com', 'Proposal', HTML_PAYLOADS[1], '', '', '', ''],
  ['X-2', 'Bad stage', 'Acme', 'ann@example.com', HTML_PAYLOADS[0], 10, '', '', '', ''],
];
const hostileWorld = () => hostileSheetsWorld(QUOTED_ROWS);

describe('the move dialog', () => {
  it('shows each hostile deal name as text and runs none of it', async () => {
    const { world, gas, rows } = hostileWorld();
    // The first seven deals carry the script and markup payloads as their names (rows 2-8).
    for (let row = 2; row <= 8; row++) {
      world.spreadsheet.activeCell = { sheet: 'Deals', row, column: 1 };
      gas.menuMoveDeal();
      const html = world.ui.shown.at(-1)!.content;
      await openHtml(html);
      const verdict = await inspect(page);
      expect(verdict, `row ${row}`).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
      // The dialog's first line is "<name>: <stage>", shown as typed.
      expect(await page.textContent('#app p')).toBe(`${String(rows[row - 1][1]).trim()}: ${rows[row - 1][4]}`);
    }
    expect(dialogs).toEqual([]);
  }, 60_000);
});

describe('the Validate all deals sidebar', () => {
  it('quotes the hostile Amount and Stage as text', async () => {
    const { world, gas } = hostileWorld();
    gas.menuValidateDeals();
    const sidebar = world.ui.shown.find((s) => s.kind === 'sidebar')!;
    await openHtml(sidebar.content);
    expect(await inspect(page)).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
    // The sidebar is a bare fragment (no <head>, so no stub either): no script at all.
    expect(await page.locator('script').count()).toBe(0);
    const text = (await page.textContent('table')) ?? '';
    // The messages quote the cells (shortened to 40 characters): both payloads start the same way.
    expect(text).toContain(HTML_PAYLOADS[1].slice(0, 20));
    expect(text).toContain(HTML_PAYLOADS[0].slice(0, 20));
    expect(dialogs).toEqual([]);
  }, 60_000);
});

describe('the digest preview dialog', () => {
  it("shows ann's digest of hostile deals as text", async () => {
    const { world, gas } = hostileWorld();
    gas.menuDigestPreview();
    const preview = world.ui.shown.at(-1)!;
    expect(preview.kind).toBe('dialog');
    await openHtml(preview.content);
    expect(await inspect(page)).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
    // ann@example.com owns deal H-0, whose name is the <script> payload.
    expect(await page.textContent('body')).toContain(HTML_PAYLOADS[0]);
    expect(dialogs).toEqual([]);
  }, 60_000);
});

describe('the page check itself', () => {
  it('sees a payload that was put on the page as HTML (so the checks above can fail)', async () => {
    await page.setContent(`<p>${HTML_PAYLOADS[1]}</p>`, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as { __pwned?: number }).__pwned !== undefined);
    // The img payload's onerror sets the flag to 2 (see hostile.ts).
    expect(await inspect(page)).toEqual({ flag: 2, handlers: ['img[onerror]'], payloadElements: 1 });
  });
});
