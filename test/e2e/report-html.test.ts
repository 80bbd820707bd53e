/**
 * Headless Chromium opens the HTML report from disk with the network cut off: no
 * console error or page error may appear, each chart's SVG must have drawn shapes,
 * and a screenshot is kept in test-artifacts/report.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../src/sample/generate';
import { buildReport } from '../../src/workbook/report';
import { renderReportHtml } from '../../src/workbook/report-html';
import { pipelineFromTables } from '../../src/workbook/pipeline';
import { tempDir } from '../workbook/fixtures';
import { launchChromium } from './helpers/chromium';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import { cli } from '../cli/helpers';
import { writeXlsx } from '../workbook/fixtures';
import { HOSTILE_DEAL_HEADERS, HTML_PAYLOADS, hostileDealRows } from '../security/hostile';
import { inspect, watchDialogs } from '../security/browser';

describe('the HTML report in Chromium', () => {
  it('renders every chart offline with no errors', async () => {
    const asOf = new Date(Date.UTC(2026, 10, 23));
    const sample = generateSample({ deals: 300, seed: 5, asOf });
    // A deal name with markup must show as text, not become an element.
    const dealsTable = sample.dealsTable.map((row) => [...row]);
    dealsTable[1][1] = '<img src=x onerror=alert(1)>';
    const pipeline = pipelineFromTables('sample.xlsx', {
      kind: 'xlsx',
      decimalComma: false,
      sheets: [
        { name: 'Deals', rows: dealsTable as never, merges: [] },
        { name: 'Stages', rows: sample.stagesTable as never, merges: [] },
        { name: 'History', rows: sample.historyTable as never, merges: [] },
      ],
    });
    const page = join(tempDir(), 'report.html');
    writeFileSync(page, renderReportHtml(buildReport(pipeline, asOf)));

    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ offline: true, viewport: { width: 1100, height: 900 } });
      const tab = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      tab.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      tab.on('pageerror', (error) => errors.push(error.message));
      tab.on('dialog', (dialog) => {
        errors.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      tab.on('request', (request) => {
        if (!request.url().startsWith('file:')) requests.push(request.url());
      });
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });

      const charts = await tab.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const shapes = [...svg.querySelectorAll('rect')].filter((r) => r.getBBox().width > 0 && r.getBBox().height > 0);
          return { id: svg.id, shapes: shapes.length, width: svg.getBoundingClientRect().width };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(['chart-funnel', 'chart-forecast', 'chart-pipeline', 'chart-range']);
      for (const chart of charts) {
        expect(chart.shapes, chart.id).toBeGreaterThan(0);
        expect(chart.width, chart.id).toBeGreaterThan(100);
      }
      expect(await tab.$$eval('img', (imgs) => imgs.length)).toBe(0);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const artifacts = resolve('test-artifacts');
      mkdirSync(artifacts, { recursive: true });
      await tab.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('the HTML report of a hostile workbook in Chromium', () => {
  it('shows deal names, accounts and owners as text and runs none of them', async () => {
    const dir = tempDir();
    const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
    // A stage named with markup too: stage names head the report's tables and chart labels.
    const stages = DEFAULT_CONFIG.stages.map((s) => (s.name === 'Lead' ? { ...s, name: '<svg onload="window.__pwned=8">Lead' } : s));
    const workbook = await writeXlsx(join(dir, 'hostile.xlsx'), {
      Deals: [
        [...HOSTILE_DEAL_HEADERS],
        ...hostileDealRows(utc('2025-01-01'), utc('2024-06-01')),
        ['L-1', 'In lead', 'Acme', 'ann@example.com', stages[0].name, 10, utc('2024-06-01'), utc('2025-01-01'), '', ''],
      ],
      Stages: stagesToTable({ ...DEFAULT_CONFIG, stages }),
    });
    const page = join(dir, 'report.html');
    const result = await cli(['report', workbook, '--html', page, '--as-of', '2026-11-23', '--runs', '50']);
    expect(result.code, result.err).toBe(0);

    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ offline: true });
      const tab = await context.newPage();
      const dialogs = watchDialogs(tab);
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      // The report draws its charts as inline SVG, so only img/iframe/object/embed are foreign here.
      expect(await inspect(tab, 'img, iframe, object, embed')).toEqual({ flag: undefined, handlers: [], payloadElements: 0 });
      const text = (await tab.textContent('body')) ?? '';
      // Deal H-0 (the <script> payload) is open in Proposal since 2025: it is in the stale list.
      expect(text).toContain(HTML_PAYLOADS[0]);
      expect(text).toContain('<svg onload="window.__pwned=8">Lead');
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('the HTML report of a file without History in Chromium', () => {
  it('shows a funnel and a win-rate tile that agree, each with its definition', async () => {
    const dir = tempDir();
    // 10 deals, no History: 3 won, 5 lost, 2 open. Funnel Lead → Won = 3 ÷ 10 = 30.0%; win rate = 3 ÷ (3 + 5) = 37.5%.
    // D1-D5 in EUR, D6-D10 in USD, 1,000 each: won revenue 3,000 EUR and 0 USD, never added up.
    const stages = ['Won', 'Won', 'Won', 'Lost', 'Lost', 'Lost', 'Lost', 'Lost', 'Proposal', 'Qualified'];
    const csv = [
      'Deal ID,Deal,Owner,Stage,Amount,Currency,Created',
      ...stages.map((stage, i) => `D${i + 1},Deal ${i + 1},ann@example.com,${stage},1000,${i < 5 ? 'EUR' : 'USD'},2026-01-0${(i % 9) + 1}`),
    ].join('\n');
    const file = join(dir, 'crm.csv');
    writeFileSync(file, csv);
    const page = join(dir, 'report.html');
    const result = await cli(['report', file, '--html', page, '--as-of', '2026-11-23', '--runs', '50']);
    expect(result.code, result.err).toBe(0);

    const browser = await launchChromium();
    try {
      const tab = await (await browser.newContext({ offline: true })).newPage();
      await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
      const tiles = Object.fromEntries(
        await tab.$$eval('.kpi', (divs) =>
          divs.map((div) => [div.firstChild?.textContent ?? '', div.querySelector('b')?.textContent ?? '']),
        ),
      );
      const funnel = await tab.$$eval('table', (tables) => {
        const table = tables.find((t) => [...t.querySelectorAll('th')].some((th) => th.textContent === 'From first'))!;
        return [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
      });
      const [won, lost] = tiles['Won / lost'].split(' / ').map(Number);
      const first = Number(funnel[0][1]);
      const last = funnel.at(-1)!;
      // The funnel counts every deal at the first stage and the won deals at Won, as the tiles do.
      expect([first, last[0], Number(last[1])]).toEqual([10, 'Won', won]);
      expect(tiles['Won ÷ all deals (funnel)']).toBe(last[3]);
      expect(last[3]).toBe(`${((won / first) * 100).toFixed(1)}%`);
      expect(tiles['Win rate (won ÷ closed)']).toBe(`${((won / (won + lost)) * 100).toFixed(1)}%`);
      expect([last[3], tiles['Win rate (won ÷ closed)']]).toEqual(['30.0%', '37.5%']);
      const caption = (await tab.textContent('figure:has(#chart-funnel) figcaption')) ?? '';
      expect(caption).toContain('at least; no History');
      expect(await tab.textContent('p.basis')).toContain('won ÷ closed');
      expect([tiles['Won revenue (EUR)'], tiles['Won revenue (USD)'], tiles['Won revenue']]).toEqual(['3,000 EUR', '0 USD', undefined]);
      expect(await tab.textContent('p.currency')).toContain('never added across currencies');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
