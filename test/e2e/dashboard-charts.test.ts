/**
 * The .xlsx Dashboard's charts as LibreOffice draws them. The demo workbook is
 * written six ways: with no chart, with all four (the file `demo` writes), and with
 * each chart alone; headless LibreOffice recalculates each and renders its Dashboard
 * to PNG in one soffice call. Each chart alone must change the no-chart render in its
 * own place (below the previous chart, beside the tables) and draw its series in
 * colour there, so a chart that LibreOffice drops or draws empty fails. The full
 * render is kept as test-artifacts/dashboard-charts.png. Without soffice (or its PNG
 * filter) this fails: there is nothing to look at.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemoWorkbook } from '../../src/cli/commands/demo';
import { pipelineWorkbookBytes } from '../../src/workbook/pipeline-workbook';
import { addChartParts } from '../../src/workbook/xlsx-charts';
import { tempDir } from '../workbook/fixtures';
import { renderPng } from './helpers/libreoffice';
import { boundingBox, differences, readPng, type Pixels } from './helpers/png';

const asOf = new Date(Date.UTC(2026, 10, 23));
const dir = tempDir();
const CHARTS = ['Pipeline by stage', 'Forecast by month', 'Conversion funnel', 'Stale deals per owner'];

let plain: Pixels;
let full: Pixels;
const alone: Pixels[] = [];

beforeAll(async () => {
  const built = buildDemoWorkbook(asOf, 300);
  expect(built.dashboard.layout.charts.map((c) => c.title)).toEqual(CHARTS);
  const bare = Buffer.from(await built.workbook.xlsx.writeBuffer());
  const files: string[] = [];
  const write = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    files.push(path);
  };
  write('no-charts.xlsx', bare);
  write('all-charts.xlsx', await pipelineWorkbookBytes(built));
  for (const [i, chart] of built.dashboard.layout.charts.entries())
    write(`chart-${i + 1}.xlsx`, await addChartParts(bare, built.sheetNames.dashboard, [chart]));
  const pngs = await renderPng(files, join(dir, 'png'));
  [plain, full] = [readPng(pngs[0]), readPng(pngs[1])];
  for (const png of pngs.slice(2)) alone.push(readPng(png));
  const artifacts = resolve('test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  copyFileSync(pngs[1], join(artifacts, 'dashboard-charts.png'));
}, 240_000);

/** Pixels of a strongly blue hue (LibreOffice's default first series colour) inside a box. */
function seriesPixels(pixels: Pixels, box: { left: number; top: number; right: number; bottom: number }): number {
  let count = 0;
  for (let y = box.top; y <= box.bottom; y++) {
    for (let x = box.left; x <= box.right; x++) {
      const o = (y * pixels.width + x) * 4;
      const [r, g, b] = [pixels.rgba[o], pixels.rgba[o + 1], pixels.rgba[o + 2]];
      if (b > 120 && b > r + 50 && b > g + 25) count++;
    }
  }
  return count;
}

describe('LibreOffice draws the Dashboard charts of the .xlsx file', () => {
  it('draws each chart in its own place, right of the tables, one below the other', () => {
    const boxes = alone.map((render) => boundingBox(differences(plain, render), plain.width));
    boxes.forEach((box, i) => {
      expect(box, `${CHARTS[i]} changed nothing in the render`).not.toBeNull();
    });
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i]!.top, `${CHARTS[i]} sits below ${CHARTS[i - 1]}`).toBeGreaterThan(boxes[i - 1]!.bottom);
    // The tables take the left part of the page; every chart starts right of the middle.
    for (const [i, box] of boxes.entries()) expect(box!.left, CHARTS[i]).toBeGreaterThan(plain.width / 2);
  });

  it('plots data in each chart: its series is drawn in colour, not just a frame and a title', () => {
    for (const [i, render] of alone.entries()) {
      const box = boundingBox(differences(plain, render), plain.width)!;
      const area = (box.right - box.left + 1) * (box.bottom - box.top + 1);
      // A frame, axes and a title are grey and black; the bars and the line are blue. At least 0.5% of the chart's box.
      expect(seriesPixels(render, box), CHARTS[i]).toBeGreaterThan(area * 0.005);
      expect(seriesPixels(plain, box), `${CHARTS[i]}: the no-chart render has no series there`).toBe(0);
    }
  });

  it('draws all four in the file `demo` writes, kept as test-artifacts/dashboard-charts.png', () => {
    const boxes = alone.map((render) => boundingBox(differences(plain, render), plain.width)!);
    for (const [i, box] of boxes.entries()) expect(seriesPixels(full, box), CHARTS[i]).toBeGreaterThan(0);
  });
});
