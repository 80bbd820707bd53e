// The Sheets add-on's move dialog and Validate all sidebar, rendered by the built
// bundle and opened in headless Chromium with a google.script.run stub that hands
// each call to the bundle's own applyDealMove (as Apps Script does): the pages wear
// Google's add-on style (addon-style.ts: Arial 13px, a blue `action` button, grey
// plain buttons, `error` red) without fetching anything, the dialog still moves a deal
// and shows a refusal, and screenshots are kept in test-artifacts/
// (sheets-move-dialog.png, sheets-problems-sidebar.png).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, COL, pipelineWorld } from '../sheets/world';
import { launchChromium } from './helpers/chromium';

const artifacts = join(__dirname, '..', '..', 'test-artifacts');

/**
 * What Apps Script gives a dialog: google.script.run, whose withSuccessHandler and
 * withFailureHandler return a runner that calls the server function by name
 * (https://developers.google.com/apps-script/guides/html/reference/run), and
 * google.script.host.close(). Calls go to window.__server, which the test exposes.
 */
const APPS_SCRIPT_STUB = `<script>(function () {
  function runner(success, failure) {
    return {
      withSuccessHandler: function (h) { return runner(h, failure); },
      withFailureHandler: function (h) { return runner(success, h); },
      applyDealMove: function (request) {
        window.__server(JSON.stringify(request)).then(
          function (reply) { if (success) success(JSON.parse(reply)); },
          function (e) { if (failure) failure(e); },
        );
      },
    };
  }
  window.google = { script: { run: runner(), host: { close: function () { window.__closed = true; } } } };
})();</script>`;

let browser: Browser;

beforeAll(async () => {
  await buildOnce();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** A page that records every request it makes (an add-on page here should make none). */
async function newPage(requests: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 400, height: 420 } });
  page.on('request', (request) => requests.push(request.url()));
  return page;
}

/** Computed style properties of the first element matching `selector`. */
function styleOf(page: Page, selector: string, ...properties: string[]): Promise<Record<string, string>> {
  return page.evaluate(
    ([s, props]) => {
      const style = getComputedStyle(document.querySelector(s)!);
      return Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
    },
    [selector, properties] as const,
  );
}

describe("the move dialog in Google's add-on style", () => {
  it('has Arial 13px text, a blue Move button, a grey Cancel, full-width fields, and refusals in red', async () => {
    const { world, gas } = pipelineWorld();
    // Row 3 is D2 "Beta", in Contacted.
    world.spreadsheet.activeCell = { sheet: 'Deals', row: 3, column: 1 };
    gas.menuMoveDeal();
    const html = world.ui.shown.find((s) => s.kind === 'dialog')!.content;
    const requests: string[] = [];
    const page = await newPage(requests);
    await page.exposeFunction('__server', (request: string) => JSON.stringify(gas.applyDealMove(JSON.parse(request))));
    await page.setContent(html.replace('<head>', `<head>${APPS_SCRIPT_STUB}`), { waitUntil: 'load' });

    expect(await styleOf(page, 'body', 'font-family', 'font-size', 'color')).toEqual({
      'font-family': 'Arial, sans-serif',
      'font-size': '13px',
      color: 'rgb(51, 51, 51)',
    });
    // add-ons1.css's primary button: white on a #4d90fe → #4787ed gradient, edged #3079ed.
    const move = await styleOf(page, 'button.action', 'background-image', 'color', 'border-top-color', 'font-weight');
    expect(move['background-image']).toBe('linear-gradient(rgb(77, 144, 254), rgb(71, 135, 237))');
    expect([move.color, move['border-top-color'], move['font-weight']]).toEqual(['rgb(255, 255, 255)', 'rgb(48, 121, 237)', '700']);
    expect(await page.textContent('button.action')).toBe('Move');
    const cancel = await styleOf(page, 'button:not(.action)', 'background-color', 'color');
    expect(cancel).toEqual({ 'background-color': 'rgb(245, 245, 245)', color: 'rgb(68, 68, 68)' });
    // The stage list fills its column: as wide as the padded dialog (400 - 2 × 12).
    expect(await page.evaluate(() => document.querySelector('select')!.getBoundingClientRect().width)).toBe(376);

    // A backward move without a reason: the server refuses, the dialog shows why in the add-on's error red.
    await page.selectOption('select', 'Lead');
    await page.waitForSelector('input[type="text"]');
    expect(await page.$$eval('.block.form-group label', (labels) => labels.map((l) => l.textContent))).toEqual([
      'New stage',
      'Reason for moving back',
    ]);
    await page.click('button.action');
    await expect.poll(() => page.textContent('#messages')).toContain('needs a reason');
    expect(await styleOf(page, '#messages', 'color')).toEqual({ color: 'rgb(221, 75, 57)' });
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'sheets-move-dialog.png'), fullPage: true });
    expect(await page.evaluate(() => (window as unknown as { __closed?: boolean }).__closed)).toBeUndefined();

    // Meeting/Demo needs an Amount: typed, the move is written and the dialog closes.
    await page.selectOption('select', 'Meeting/Demo');
    await page.fill('input[name="amount"]', '2500');
    await page.click('button.action');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __closed?: boolean }).__closed)).toBe(true);
    expect(world.spreadsheet.sheet('Deals').cell(3, COL.stage)).toBe('Meeting/Demo');
    // Nothing was fetched: the style is inline, the page needs no stylesheet or font from the network.
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);
});

describe("the Validate all sidebar in Google's add-on style", () => {
  it('pads the sidebar, sets the table in Arial 13px and shows errors in red', async () => {
    const { world, gas } = pipelineWorld();
    // Row 3's Amount "lots" is an error; row 5's owner is not an email (a warning).
    world.spreadsheet.sheet('Deals').put(3, COL.amount, 'lots');
    gas.menuValidateDeals();
    const sidebar = world.ui.shown.find((s) => s.kind === 'sidebar')!;
    const requests: string[] = [];
    const page = await newPage(requests);
    await page.setContent(sidebar.content, { waitUntil: 'load' });
    expect(await styleOf(page, '.sidebar', 'padding-top', 'padding-left', 'font-family', 'font-size')).toEqual({
      'padding-top': '12px',
      'padding-left': '12px',
      'font-family': 'Arial, sans-serif',
      'font-size': '13px',
    });
    const rows = await page.$$eval('tr[class]', (trs) =>
      trs.map((tr) => ({ kind: tr.className, color: getComputedStyle(tr).color, text: tr.textContent })),
    );
    const lots = rows.find((r) => r.text!.includes('"lots" is not a number'))!;
    expect(lots).toMatchObject({ kind: 'error', color: 'rgb(221, 75, 57)' });
    const warnings = rows.filter((r) => r.kind === 'warning');
    expect(warnings.map((r) => r.text!.slice(0, 13))).toEqual(['Deals5Owner"n']);
    expect(warnings.map((r) => r.color)).toEqual(['rgb(138, 109, 0)']);
    expect(await styleOf(page, 'th', 'color')).toEqual({ color: 'rgb(119, 119, 119)' });
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'sheets-problems-sidebar.png'), fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);
});
