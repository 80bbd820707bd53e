/**
 * Draws the Dashboard's charts into an .xlsx package: one DrawingML chart part per
 * chart (xl/charts/chartN.xml), one drawing part that anchors them on the sheet
 * (xl/drawings/drawingN.xml), their relationships, the content-type overrides and the
 * sheet's <drawing r:id>. exceljs writes everything else (styles, dropdowns,
 * conditional formatting) but no charts, so this takes its zip as it is, adds these
 * parts and zips it again with our own writer (xlsx-writer.ts zipParts), rather than
 * teaching our tidy-table writer everything exceljs already writes.
 *
 * The XML follows ECMA-376 Part 1 (ISO/IEC 29500-1): §21.2 DrawingML Charts (c:chartSpace,
 * c:barChart, c:lineChart, c:ser with c:tx, c:cat, c:val; c:numRef holds c:f and an
 * optional c:numCache, §21.2.2.123, https://c-rex.net/samples/ooxml/e1/Part4/OOXML_P4_DOCX_numRef_topic_ID0EJCPQB.html),
 * §20.5 SpreadsheetML Drawing (xdr:wsDr, xdr:twoCellAnchor, xdr:graphicFrame), and
 * §18.3.1.99 CT_Worksheet's element order, where <drawing> comes after the page setup
 * and before legacyDrawing, tableParts and extLst. The value caches are left with a
 * point count and no points: the values are formulas nobody has computed yet, and a
 * reader (Excel, LibreOffice) reads the cells on load; the category caches hold the
 * labels where they are known text.
 */
import { sheetReference } from '../core/index';
import type { DashboardChart } from '../workflows/dashboard';
import { inflateEntry, zipEntries } from './xlsx-reader';
import { zipParts, type PackagePart } from './xlsx-writer';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const NS_PKG_RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL_DRAWING = `${NS_R}/drawing`;
const REL_CHART = `${NS_R}/chart`;
const TYPE_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const TYPE_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const TYPE_RELS = 'application/vnd.openxmlformats-package.relationships+xml';

/** XML text and attribute values: escaped. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** "A7:A12" → "'Tổng quan'!$A$7:$A$12". */
function absolute(sheet: string, range: string): string {
  return `${sheetReference(sheet)}!${range
    .split(':')
    .map((cell) => cell.replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2'))
    .join(':')}`;
}

function rowsIn(range: string): number {
  const [from, to = from] = range.split(':').map((cell) => Number(cell.replace(/^[A-Z]+/, '')));
  return to - from + 1;
}

/** One chart part. `labels` are the category texts where known (a cache for readers that do not recalculate). */
export function chartXml(chart: DashboardChart, sheet: string, labels: readonly string[] = []): string {
  const count = rowsIn(chart.values);
  const title =
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${esc(chart.title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    '<c:overlay val="0"/></c:title>';
  const points = labels
    .slice(0, count)
    .map((label, i) => `<c:pt idx="${i}"><c:v>${esc(label)}</c:v></c:pt>`)
    .join('');
  const series =
    '<c:ser><c:idx val="0"/><c:order val="0"/>' +
    `<c:tx><c:strRef><c:f>${esc(absolute(sheet, chart.seriesName))}</c:f></c:strRef></c:tx>` +
    (chart.type === 'line' ? '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>' : '<c:invertIfNegative val="0"/>') +
    `<c:cat><c:strRef><c:f>${esc(absolute(sheet, chart.categories))}</c:f>` +
    `<c:strCache><c:ptCount val="${count}"/>${points}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${esc(absolute(sheet, chart.values))}</c:f>` +
    `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${count}"/></c:numCache></c:numRef></c:val>` +
    (chart.type === 'line' ? '<c:smooth val="0"/>' : '') +
    '</c:ser>';
  const axes = '<c:axId val="500000001"/><c:axId val="500000002"/>';
  const plot =
    chart.type === 'line'
      ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${axes}</c:lineChart>`
      : `<c:barChart><c:barDir val="${chart.type === 'bar' ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>` +
        `${series}<c:gapWidth val="80"/>${axes}</c:barChart>`;
  // Month labels are dates (serials) next to text rows (Earlier, Later): the axis shows the dates as months.
  // A funnel reads top-down: its horizontal bars run first stage at the top (maxMin on the category axis).
  const horizontal = chart.type === 'bar';
  const catAx =
    '<c:catAx><c:axId val="500000001"/>' +
    `<c:scaling><c:orientation val="${horizontal ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? 'l' : 'b'}"/>` +
    `<c:numFmt formatCode="${chart.type === 'line' ? 'yyyy\\-mm' : 'General'}" sourceLinked="0"/>` +
    '<c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/>' +
    '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>';
  const valAx =
    '<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>' +
    `<c:axPos val="${horizontal ? 'b' : 'l'}"/>` +
    '<c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/>' +
    '<c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="autoZero"/>' +
    '<c:crossBetween val="between"/></c:valAx>';
  return (
    `${XML_HEAD}<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plot}${catAx}${valAx}</c:plotArea>` +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}

/** The drawing part: one two-cell anchor per chart, over the cells the definition gives it. */
export function drawingXml(charts: readonly DashboardChart[]): string {
  const anchors = charts.map((chart, i) => {
    const marker = (tag: string, row: number, column: number) =>
      `<xdr:${tag}><xdr:col>${column - 1}</xdr:col><xdr:colOff>0</xdr:colOff>` +
      `<xdr:row>${row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
    const from = marker('from', chart.anchor.row, chart.anchor.column);
    const to = marker('to', chart.anchor.row + chart.rows, chart.anchor.column + chart.columns);
    return (
      `<xdr:twoCellAnchor editAs="oneCell">${from}${to}` +
      '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>' +
      `<xdr:cNvPr id="${i + 2}" name="${esc(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${NS_C}">` +
      `<c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="rId${i + 1}"/></a:graphicData></a:graphic>` +
      '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
    );
  });
  return `${XML_HEAD}<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchors.join('')}</xdr:wsDr>`;
}

function relationships(items: readonly { id: string; type: string; target: string }[]): string {
  const list = items.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${esc(r.target)}"/>`).join('');
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_RELS}">${list}</Relationships>`;
}

/** Attribute `name` of the first tag matching `tag` whose attributes satisfy `test`. */
function findTag(xml: string, tag: string, test: (attributes: string) => boolean): string | undefined {
  for (const match of xml.matchAll(new RegExp(`<${tag}\\b([^>]*)/?>`, 'g'))) if (test(match[1])) return match[1];
  return undefined;
}

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];
}

/** Elements CT_Worksheet puts after <drawing> (ECMA-376 §18.3.1.99): the drawing goes before the first of them. */
const AFTER_DRAWING = [
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

/**
 * Adds `charts` to the sheet named `sheetName` of the .xlsx package `xlsx` and
 * returns the new package. Throws when the sheet is not in the workbook or already
 * has a drawing (exceljs writes one only for images, which the Dashboard has none of).
 */
export async function addChartParts(
  xlsx: Buffer,
  sheetName: string,
  charts: readonly DashboardChart[],
  labels: readonly (readonly string[])[] = [],
): Promise<Buffer> {
  const entries = zipEntries(xlsx);
  const parts = new Map<string, Buffer | string>();
  for (const [name, entry] of entries) if (!name.endsWith('/')) parts.set(name, inflateEntry(xlsx, entry));
  const text = (name: string) => {
    const part = parts.get(name);
    if (part === undefined) throw new Error(`The workbook has no ${name}.`);
    return part.toString();
  };
  const workbook = text('xl/workbook.xml');
  const sheetTag = findTag(workbook, 'sheet', (a) => attribute(a, 'name') === esc(sheetName));
  const sheetRelId = sheetTag && /r:id="([^"]*)"/.exec(sheetTag)?.[1];
  if (!sheetRelId) throw new Error(`The workbook has no sheet named ${sheetName}.`);
  const relTag = findTag(text('xl/_rels/workbook.xml.rels'), 'Relationship', (a) => attribute(a, 'Id') === sheetRelId);
  const target = relTag && attribute(relTag, 'Target');
  if (!target) throw new Error(`The workbook's relationships do not say where ${sheetName} is.`);
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheetFile = sheetPath.slice(sheetPath.lastIndexOf('/') + 1);
  let sheetXml = text(sheetPath);
  if (/<drawing\b/.test(sheetXml)) throw new Error(`${sheetName} already has a drawing.`);

  const free = (pattern: (n: number) => string) => {
    let n = 1;
    while (parts.has(pattern(n))) n++;
    return n;
  };
  const drawingNumber = free((n) => `xl/drawings/drawing${n}.xml`);
  const drawingPath = `xl/drawings/drawing${drawingNumber}.xml`;
  const chartPaths: string[] = [];
  for (const chart of charts) {
    const n = free((k) => `xl/charts/chart${k}.xml`);
    const path = `xl/charts/chart${n}.xml`;
    parts.set(path, chartXml(chart, sheetName, labels[chartPaths.length]));
    chartPaths.push(path);
  }
  parts.set(drawingPath, drawingXml(charts));
  parts.set(
    `xl/drawings/_rels/drawing${drawingNumber}.xml.rels`,
    relationships(
      chartPaths.map((path, i) => ({ id: `rId${i + 1}`, type: REL_CHART, target: `../charts/${path.slice(path.lastIndexOf('/') + 1)}` })),
    ),
  );

  // The sheet's own relationships: kept, plus one to the drawing under an unused id.
  const sheetRelsPath = `${sheetPath.slice(0, sheetPath.lastIndexOf('/'))}/_rels/${sheetFile}.rels`;
  const existingRels = parts.has(sheetRelsPath) ? text(sheetRelsPath) : relationships([]);
  let relNumber = 1;
  while (existingRels.includes(`Id="rId${relNumber}"`)) relNumber++;
  const drawingRelId = `rId${relNumber}`;
  const drawingRel = `<Relationship Id="${drawingRelId}" Type="${REL_DRAWING}" Target="../drawings/drawing${drawingNumber}.xml"/>`;
  parts.set(
    sheetRelsPath,
    existingRels.includes('</Relationships>')
      ? existingRels.replace('</Relationships>', `${drawingRel}</Relationships>`)
      : existingRels.replace(/<Relationships([^>]*)\/>/, `<Relationships$1>${drawingRel}</Relationships>`),
  );

  if (!/<worksheet\b[^>]*xmlns:r=/.test(sheetXml)) sheetXml = sheetXml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_R}"`);
  const drawingTag = `<drawing r:id="${drawingRelId}"/>`;
  const before = AFTER_DRAWING.map((tag) => sheetXml.search(new RegExp(`<${tag}\\b`))).filter((at) => at >= 0);
  const at = before.length ? Math.min(...before) : sheetXml.lastIndexOf('</worksheet>');
  parts.set(sheetPath, sheetXml.slice(0, at) + drawingTag + sheetXml.slice(at));

  let types = text('[Content_Types].xml');
  if (!/Extension="rels"/.test(types)) types = types.replace('</Types>', `<Default Extension="rels" ContentType="${TYPE_RELS}"/></Types>`);
  const overrides = [
    `<Override PartName="/${drawingPath}" ContentType="${TYPE_DRAWING}"/>`,
    ...chartPaths.map((path) => `<Override PartName="/${path}" ContentType="${TYPE_CHART}"/>`),
  ];
  parts.set('[Content_Types].xml', types.replace('</Types>', `${overrides.join('')}</Types>`));

  // [Content_Types].xml first, as the packaging conventions expect of a zip package.
  const ordered: PackagePart[] = [{ name: '[Content_Types].xml', bytes: parts.get('[Content_Types].xml')! }];
  for (const [name, bytes] of parts) if (name !== '[Content_Types].xml') ordered.push({ name, bytes });
  return zipParts(ordered);
}
