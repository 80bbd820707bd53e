/**
 * Headless Chromium opens the HTML report from disk with the network cut off: no
 * console error or page error may appear, each chart's SVG must have drawn shapes,
 * and a screenshot is kept in test-artifacts/report.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../src/core/index';
import { buildReport } from '../../src/workbook/report';
import { renderReportHtml } from '../../src/workbook/report-html';
import { pipelineFromTables } from '../../src/workbook/pipeline';
import { tempDir } from '../workbook/fixtures';
import { launchChromium } from './helpers/chromium';

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
      expect(charts.map((c) => c.id)).toEqual(['chart-forecast', 'chart-funnel', 'chart-pipeline', 'chart-range']);
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
