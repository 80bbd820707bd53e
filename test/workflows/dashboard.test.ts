/**
 * The one Dashboard definition, drawn by its three writers: "Set up workbook" in the
 * Apps Script fake (EmbeddedChart) and in the Office fake (worksheet.charts.add) give
 * the same four charts over the same ranges and the same stale-per-owner block; the
 * .xlsx writer puts the same charts into well-formed DrawingML parts.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { DEFAULT_CONFIG } from '../../src/core/index';
import { buildPipelineWorkbook, pipelineWorkbookBytes } from '../../src/workbook/pipeline-workbook';
import { inflateEntry, zipEntries } from '../../src/workbook/xlsx-reader';
import { setUpWorkbook } from '../../excel-addin/src/setup';
import { forgetDealsWatch } from '../../excel-addin/src/validation';
import { createGas, loadBundle } from '../fakes/gas';
import { FakeExcel } from '../fakes/office/excel';
import { buildOnce } from '../sheets/world';

/** A chart as both platforms should hold it: sheet-local ranges, the header cell naming the series, the anchor. */
interface DrawnChart {
  readonly type: string;
  readonly title: string;
  readonly categories: string;
  readonly values: string;
  readonly seriesName: string;
  readonly anchor: string;
}

/**
 * Worked out from the layout rules for the default stages (6 open, 7 on the funnel):
 * blocks stack from row 5, each a title row, a header row, its body and a blank row.
 * By stage: body 7..13 (6 stages + Total); by month: title 16, body 18..33 (12 months
 * + Earlier, Later, No date, Total); funnel: title 36, body 38..44; stale per owner:
 * title 47, body 49..68 (20 owner rows). Totals are not plotted. The charts sit in
 * column J (the month pivot's 8 columns + a gap), 17 rows apart.
 */
const EXPECTED: readonly DrawnChart[] = [
  { type: 'column', title: 'Pipeline by stage', categories: 'A7:A12', values: 'D7:D12', seriesName: 'D6', anchor: 'J1' },
  { type: 'line', title: 'Forecast by month', categories: 'A18:A32', values: 'D18:D32', seriesName: 'D17', anchor: 'J18' },
  { type: 'bar', title: 'Conversion funnel', categories: 'A38:A44', values: 'B38:B44', seriesName: 'B37', anchor: 'J35' },
  { type: 'column', title: 'Stale deals per owner', categories: 'A49:A68', values: 'B49:B68', seriesName: 'B48', anchor: 'J52' },
];

const withoutSheet = (range: string) => range.replace(/^.*!/, '');
/** "D6:D12" → ["D6", "D7:D12"]: the header cell and the plotted rows. */
function splitHeader(range: string): [string, string] {
  const [from, to] = withoutSheet(range).split(':');
  const letters = from.replace(/\d+$/, '');
  return [from, `${letters}${Number(from.slice(letters.length)) + 1}:${to}`];
}
const letter = (column: number) => String.fromCharCode(64 + column);

async function drawnInSheets(): Promise<{ charts: DrawnChart[]; cell: (row: number) => string }> {
  const world = createGas();
  loadBundle(world).menuSetUpWorkbook();
  const dashboard = world.spreadsheet.sheet('Dashboard');
  const types: Record<string, string> = { COLUMN: 'column', BAR: 'bar', LINE: 'line' };
  const charts = dashboard.charts.map((chart) => {
    const [categories, values] = chart.ranges;
    const [seriesName, plotted] = splitHeader(values);
    return {
      type: types[chart.type],
      title: String(chart.options.title),
      categories: splitHeader(categories)[1],
      values: plotted,
      seriesName,
      anchor: `${letter(chart.position.column)}${chart.position.row}`,
    };
  });
  return { charts, cell: (row) => String(dashboard.formulas.get(`${row},1`) ?? dashboard.cell(row, 1)) };
}

async function drawnInExcel(): Promise<{ charts: DrawnChart[]; cell: (row: number) => string; syncs: number }> {
  const fake = new FakeExcel({});
  (globalThis as { Excel?: unknown }).Excel = fake.global;
  forgetDealsWatch();
  await setUpWorkbook();
  const types: Record<string, string> = { ColumnClustered: 'column', BarClustered: 'bar', LineMarkers: 'line' };
  const charts = fake.charts.map((chart) => {
    const [seriesName, plotted] = splitHeader(chart.source);
    return {
      type: types[chart.type],
      title: chart.title.text,
      categories: withoutSheet(chart.xAxisValues[0] ?? ''),
      values: plotted,
      seriesName,
      anchor: chart.position!.start,
    };
  });
  return { charts, cell: (row) => String(fake.cell('Dashboard', row - 1, 0)), syncs: fake.syncs };
}

beforeAll(() => buildOnce());
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe('the Dashboard in both add-ins', () => {
  it('draws the four charts over the same ranges in Sheets and in Excel', async () => {
    expect((await drawnInSheets()).charts).toEqual(EXPECTED);
    expect((await drawnInExcel()).charts).toEqual(EXPECTED);
  });

  it('has the stale-deals-per-owner block in both, counting PIPELINE_STALE rows by owner', async () => {
    const sheets = await drawnInSheets();
    const excel = await drawnInExcel();
    for (const platform of [sheets, excel]) expect(platform.cell(47)).toBe('Stale deals per owner');
    expect(sheets.cell(48)).toMatch(
      /^=ARRAY_CONSTRAIN\(QUERY\(PIPELINE_STALE\(Deals!A:R,History!A:I,,Stages!A:H\),.*group by Col3.*\),21,2\)$/,
    );
    expect(excel.cell(48)).toMatch(/^=TAKE\(LET\(s,PIPELINE\.STALE\(Deals!A:R,'Stage history'!A:I,,Stages!A:H\),.*UNIQUE.*\),21,2\)$/);
  });

  it('queues the charts in the set-up batch: Excel set-up still takes 5 syncs', async () => {
    // 1: which sheets exist; 2: the writes and the charts; 3: events back on; 4-5: watching Deals (validation.ts).
    expect((await drawnInExcel()).syncs).toBe(5);
  });
});

describe('the Dashboard in the .xlsx file', () => {
  const parts = async () => {
    const built = buildPipelineWorkbook({
      language: 'en',
      config: DEFAULT_CONFIG,
      owners: ['ann@example.com'],
      firstMonth: new Date(Date.UTC(2026, 10, 1)),
      months: 12,
    });
    const zip = await pipelineWorkbookBytes(built);
    const entries = zipEntries(zip);
    return {
      names: [...entries.keys()],
      text: (name: string) => inflateEntry(zip, entries.get(name)!).toString('utf8'),
      map: built.dashboard,
    };
  };
  const wellFormed = (xml: string) => {
    const parser = new SaxesParser({ xmlns: true });
    parser.on('error', (error) => {
      throw error;
    });
    parser.write(xml).close();
  };

  it('writes four well-formed chart parts, a drawing, their relationships and content types', async () => {
    const { names, text } = await parts();
    const charts = names.filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)).sort();
    expect(charts).toEqual(['xl/charts/chart1.xml', 'xl/charts/chart2.xml', 'xl/charts/chart3.xml', 'xl/charts/chart4.xml']);
    for (const name of [
      ...charts,
      'xl/drawings/drawing1.xml',
      'xl/drawings/_rels/drawing1.xml.rels',
      '[Content_Types].xml',
      'xl/worksheets/sheet1.xml',
    ])
      wellFormed(text(name));
    const types = text('[Content_Types].xml');
    for (const name of charts)
      expect(types).toContain(
        `<Override PartName="/${name}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
      );
    expect(types).toContain(
      '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>',
    );
    // The Dashboard is the first sheet; its <drawing> names the relationship to drawing1.
    const sheet = text('xl/worksheets/sheet1.xml');
    const id = /<drawing r:id="(rId\d+)"\/>/.exec(sheet)![1];
    expect(text('xl/worksheets/_rels/sheet1.xml.rels')).toContain(
      `Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"`,
    );
    // CT_Worksheet order: the drawing after pageSetup, before tableParts/extLst if any.
    expect(sheet.indexOf('<drawing ')).toBeGreaterThan(sheet.indexOf('<pageSetup'));
    expect(text('xl/drawings/_rels/drawing1.xml.rels').match(/relationships\/chart"/g)).toHaveLength(4);
  });

  it("plots the same blocks as the add-ins, with the file pivot's Total column for the months", async () => {
    const { text, map } = await parts();
    const series = [1, 2, 3, 4].map((n) => {
      const xml = text(`xl/charts/chart${n}.xml`);
      const refs = [...xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1]);
      const kind = xml.includes('<c:lineChart>') ? 'line' : /<c:barDir val="bar"\/>/.test(xml) ? 'bar' : 'column';
      return { kind, title: /<a:t>([^<]*)<\/a:t>/.exec(xml)![1], refs };
    });
    expect(series).toEqual([
      { kind: 'column', title: 'Pipeline by stage', refs: ['Dashboard!$D$6', 'Dashboard!$A$7:$A$12', 'Dashboard!$D$7:$D$12'] },
      // The file's month table is a stage × month pivot: 6 stage columns B..G, the Total in H.
      { kind: 'line', title: 'Forecast by month', refs: ['Dashboard!$H$17', 'Dashboard!$A$18:$A$32', 'Dashboard!$H$18:$H$32'] },
      { kind: 'bar', title: 'Conversion funnel', refs: ['Dashboard!$B$37', 'Dashboard!$A$38:$A$44', 'Dashboard!$B$38:$B$44'] },
      // One owner, but a template keeps 10 owner rows for the team to fill in on Owners.
      { kind: 'column', title: 'Stale deals per owner', refs: ['Dashboard!$B$48', 'Dashboard!$A$49:$A$58', 'Dashboard!$B$49:$B$58'] },
    ]);
    expect(map.monthTotalColumn).toBe('H');
    expect(map.staleOwnerRows).toHaveLength(10);
  });
});
