/**
 * The report as one self-contained HTML page: inline CSS and inline SVG charts drawn
 * here (no scripts, no fonts, no CDN), so it opens from disk with no network. Four
 * charts: the conversion funnel, the weighted forecast by month, the open pipeline by
 * stage and owner, and the forecast range (a P10-P90 band with the P50 per period);
 * then the tables that say whether the forecast can be trusted: calibration,
 * reliability, the backtest and suggested rotting days. Every value that came from a
 * user is HTML-escaped.
 */
import {
  countEn,
  escapeHtml,
  MIN_DEALS_FOR_SUGGESTION,
  MIN_STAYS_FOR_SUGGESTION,
  type Backtest,
  type ForecastRangeRow,
} from '../core/index';
import type { PipelineReport } from './report';
import { noRateCurrencies, withoutAmountWords } from './without-amount';

const PALETTE = ['#2f6fdf', '#e07b39', '#3a9e5c', '#c34a7a', '#7d5cc6', '#c9a227', '#2aa6b5', '#8a8f98', '#d9534f', '#5b8c2a'];

export function formatMoney(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatPercent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

function shortMoney(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(0)}k`;
  return String(Math.round(value));
}

/** Horizontal bars, one per label; used for the funnel. */
function horizontalBars(id: string, title: string, items: readonly { label: string; value: number; note: string }[]): string {
  const width = 640;
  const rowHeight = 28;
  const labelWidth = 150;
  const height = Math.max(1, items.length) * rowHeight + 10;
  const max = Math.max(1, ...items.map((i) => i.value));
  const bars = items
    .map((item, index) => {
      const y = 5 + index * rowHeight;
      const w = Math.max(item.value > 0 ? 2 : 0, ((width - labelWidth - 120) * item.value) / max);
      return (
        `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escapeHtml(item.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${PALETTE[0]}">` +
        `<title>${escapeHtml(item.label)}: ${escapeHtml(item.note)}</title></rect>` +
        `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 18}">${escapeHtml(item.note)}</text>`
      );
    })
    .join('');
  return chart(id, title, width, height, bars);
}

/** Vertical bars, one per label; used for the forecast by month. */
function verticalBars(id: string, title: string, items: readonly { label: string; value: number }[]): string {
  const width = 640;
  const height = 260;
  const top = 20;
  const bottom = 40;
  const left = 50;
  const max = Math.max(1, ...items.map((i) => i.value));
  const slot = (width - left - 10) / Math.max(1, items.length);
  const bars = items
    .map((item, index) => {
      const h = ((height - top - bottom) * item.value) / max;
      const x = left + index * slot + slot * 0.15;
      const y = height - bottom - h;
      const barHeight = Math.max(item.value > 0 ? 1 : 0, h).toFixed(1);
      const middle = (x + slot * 0.35).toFixed(1);
      return (
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${barHeight}" fill="${PALETTE[2]}">` +
        `<title>${escapeHtml(item.label)}: ${formatMoney(item.value)}</title></rect>` +
        `<text x="${middle}" y="${height - bottom + 14}" text-anchor="middle" class="small">${escapeHtml(item.label)}</text>` +
        `<text x="${middle}" y="${(y - 4).toFixed(1)}" text-anchor="middle" class="small">${shortMoney(item.value)}</text>`
      );
    })
    .join('');
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#999"/>`;
  return chart(id, title, width, height, axis + bars);
}

/** Stacked horizontal bars: one bar per stage, one colour per owner. */
function stackedBars(id: string, title: string, report: PipelineReport): string {
  const { stages, owners, amounts } = report.pipelineByStageOwner;
  const width = 640;
  const rowHeight = 28;
  const labelWidth = 150;
  const legendHeight = Math.ceil(owners.length / 3) * 18 + 10;
  const height = stages.length * rowHeight + legendHeight + 10;
  const totals = amounts.map((row) => row.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const scale = (width - labelWidth - 80) / max;
  let shapes = '';
  stages.forEach((stage, s) => {
    const y = 5 + s * rowHeight;
    shapes += `<text x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${escapeHtml(stage)}</text>`;
    let x = labelWidth;
    owners.forEach((owner, o) => {
      const w = amounts[s][o] * scale;
      if (w <= 0) return;
      shapes +=
        `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" fill="${PALETTE[o % PALETTE.length]}">` +
        `<title>${escapeHtml(stage)} · ${escapeHtml(owner)}: ${formatMoney(amounts[s][o])}</title></rect>`;
      x += w;
    });
    shapes += `<text x="${(x + 6).toFixed(1)}" y="${y + 18}" class="small">${shortMoney(totals[s])}</text>`;
  });
  const legendTop = stages.length * rowHeight + 15;
  owners.forEach((owner, o) => {
    const x = 10 + (o % 3) * 210;
    const y = legendTop + Math.floor(o / 3) * 18;
    shapes +=
      `<rect x="${x}" y="${y}" width="12" height="12" fill="${PALETTE[o % PALETTE.length]}"/>` +
      `<text x="${x + 16}" y="${y + 11}" class="small">${escapeHtml(owner)}</text>`;
  });
  return chart(id, title, width, height, shapes);
}

/** One column per period: a band from P10 to P90, a bar at the P50, and a dot at the weighted forecast. */
function rangeBands(id: string, title: string, rows: readonly ForecastRangeRow[]): string {
  const width = 640;
  const height = 260;
  const top = 20;
  const bottom = 40;
  const left = 50;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.p90, r.weighted)));
  const y = (value: number) => height - bottom - ((height - top - bottom) * value) / max;
  const slot = (width - left - 10) / Math.max(1, rows.length);
  const shapes = rows
    .map((r, index) => {
      const x = left + index * slot + slot * 0.25;
      const w = slot * 0.5;
      const percentiles = `P10 ${formatMoney(r.p10)}, P50 ${formatMoney(r.p50)}, P90 ${formatMoney(r.p90)}`;
      const note = `${r.key}: ${percentiles}, weighted ${formatMoney(r.weighted)}`;
      // A period whose runs all won nothing still gets a hairline, so every period shows.
      const bandHeight = Math.max(1, y(r.p10) - y(r.p90));
      const centre = (x + w / 2).toFixed(1);
      const weightedNote = `${r.key}: weighted ${formatMoney(r.weighted)}`;
      return (
        `<rect class="band" x="${x.toFixed(1)}" y="${(y(r.p10) - bandHeight).toFixed(1)}" width="${w.toFixed(1)}" ` +
        `height="${bandHeight.toFixed(1)}" fill="${PALETTE[0]}" fill-opacity="0.25" stroke="${PALETTE[0]}">` +
        `<title>${escapeHtml(note)}</title></rect>` +
        `<rect class="median" x="${x.toFixed(1)}" y="${(y(r.p50) - 1).toFixed(1)}" width="${w.toFixed(1)}" ` +
        `height="2" fill="${PALETTE[0]}"/>` +
        `<circle cx="${centre}" cy="${y(r.weighted).toFixed(1)}" r="3" fill="${PALETTE[1]}">` +
        `<title>${escapeHtml(weightedNote)}</title></circle>` +
        `<text x="${centre}" y="${height - bottom + 14}" text-anchor="middle" class="small">${escapeHtml(r.key)}</text>` +
        `<text x="${centre}" y="${(y(r.p90) - 4).toFixed(1)}" text-anchor="middle" class="small">${shortMoney(r.p90)}</text>`
      );
    })
    .join('');
  const axis =
    `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#999"/>` +
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end" class="small">${shortMoney(max)}</text>` +
    `<text x="${left - 6}" y="${height - bottom}" text-anchor="end" class="small">0</text>`;
  const legend =
    `<rect x="${left}" y="${height - 14}" width="12" height="10" fill="${PALETTE[0]}" fill-opacity="0.25" stroke="${PALETTE[0]}"/>` +
    `<text x="${left + 16}" y="${height - 5}" class="small">P10–P90</text>` +
    `<rect x="${left + 80}" y="${height - 10}" width="12" height="2" fill="${PALETTE[0]}"/>` +
    `<text x="${left + 96}" y="${height - 5}" class="small">P50</text>` +
    `<circle cx="${left + 146}" cy="${height - 9}" r="3" fill="${PALETTE[1]}"/>` +
    `<text x="${left + 154}" y="${height - 5}" class="small">weighted forecast</text>`;
  return chart(id, title, width, height, axis + shapes + legend);
}

function chart(id: string, title: string, width: number, height: number, body: string): string {
  const size = `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"`;
  const svg = `<svg id="${id}" class="chart" xmlns="http://www.w3.org/2000/svg" ${size} role="img" aria-label="${escapeHtml(title)}">`;
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>${svg}${body}</svg></figure>`;
}

/** A table; columns from `numericFrom` up to (not including) `numericTo` are right-aligned numbers. */
function table(headers: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1, numericTo = headers.length): string {
  const num = (i: number) => (i >= numericFrom && i < numericTo ? ' class="num"' : '');
  const head = headers.map((h, i) => `<th${num(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell, i) => `<td${num(i)}>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const days = (value: number | null) => (value === null ? '–' : value.toFixed(1));

const signedPercent = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}%`);
const wholePercent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

function backtestTable(result: Backtest): string {
  return table(
    ['Group', 'Pairs', 'Forecast', 'Actual', 'Bias', 'Relative bias', 'WAPE', 'MAPE', 'Won, not in snapshot', 'Won, no date or amount'],
    [...result.groups, result.total].map((g) => [
      g.group,
      String(g.pairs),
      formatMoney(g.forecast),
      formatMoney(g.actual),
      formatMoney(g.bias),
      signedPercent(g.relativeBias),
      formatPercent(g.wape),
      formatPercent(g.mape),
      formatMoney(g.wonNotInSnapshot),
      formatMoney(g.wonWithoutDateOrAmount),
    ]),
  );
}

/** What the backtest's total says, in sentences: bias and error, the probabilities' share, the wins outside. */
function backtestSummaryText(report: PipelineReport): string {
  const b = report.backtest!;
  const t = b.byOwner.total;
  const ran = (bias: number | null, verb: string) =>
    bias === null ? 'met nothing won' : `${verb} ${formatPercent(Math.abs(bias))} ${bias >= 0 ? 'high' : 'low'}`;
  const sentences = [
    `In all, the weighted forecast ${ran(t.relativeBias, 'ran')} against what its deals won, off by ${formatPercent(t.wape)} of it (WAPE).`,
  ];
  const observed = b.withObservedWinRates;
  if (observed && observed.relativeBias !== null && t.relativeBias !== null) {
    sentences.push(
      'With the win rates History shows (Calibration) instead of the set probabilities ' +
        `it would have ${ran(observed.relativeBias, 'run')}; ` +
        'the rest is close dates and chance.',
    );
  }
  const all = t.actual + t.wonNotInSnapshot + t.wonWithoutDateOrAmount;
  const shares = [
    { amount: t.wonNotInSnapshot, source: 'deals opened after a snapshot' },
    { amount: t.wonWithoutDateOrAmount, source: 'deals with no expected close or amount yet' },
  ].filter((share) => share.amount > 0);
  if (shares.length > 0) {
    const words = shares.map(
      (share, i) => `${formatPercent(share.amount / all)}${i === 0 ? ' of what was won came' : ''} from ${share.source}`,
    );
    sentences.push(`Wins the forecast could not see are counted apart: ${words.join(', ')}.`);
  }
  return sentences.join(' ');
}

/** The forecast range: a chart and its table; `id` keeps chart ids apart when there is one per currency. */
function forecastRangeHtml(report: PipelineReport, id = ''): string {
  const r = report.forecastRange;
  const s = report.settings;
  const withQuota = s.quota !== null;
  const since = noRateCurrencies(report).length > 0 ? '' : ', since they can win nothing';
  const leftOut =
    r.withoutAmount > 0
      ? `Open deals ${escapeHtml(withoutAmountWords(report))} (${r.withoutAmount}) are left out${since}, ` +
        `so the With amount counts are below the weighted forecast's ${r.deals + r.withoutAmount}; ` +
        `Weighted adds up to the same ${formatMoney(r.total.weighted)}. `
      : '';
  const slips =
    r.slips.share === null
      ? 'History records no changes of expected close, so close dates do not slip.'
      : `Close dates slip as in History (${formatPercent(r.slips.share)} of changes moved one later).`;
  return [
    `<h2>Forecast range${escapeHtml(currencyWords(report))}</h2>`,
    `<p>Won revenue by expected close ${escapeHtml(s.rangeBy)}: ${countEn(r.runs, 'simulated run')} (seed ${r.seed}) ` +
      `over ${countEn(r.deals, 'open deal')} with an amount, ${escapeHtml(s.probabilities)} probabilities. ` +
      `${leftOut}${slips} Overdue deals are taken to close on ${escapeHtml(report.asOf)}.</p>`,
    rangeBands(`chart-range${id}`, `Forecast range by ${s.rangeBy}: P10–P90 band, P50 and weighted forecast`, r.rows),
    table(
      [
        s.rangeBy === 'month' ? 'Month' : 'Quarter',
        'With amount',
        'Weighted',
        'Mean won',
        'P10',
        'P50',
        'P90',
        ...(withQuota ? [`Chance of ${formatMoney(s.quota ?? 0)}`] : []),
      ],
      [...r.rows, r.total].map((row) => [
        row.key,
        String(row.deals),
        formatMoney(row.weighted),
        formatMoney(row.mean),
        formatMoney(row.p10),
        formatMoney(row.p50),
        formatMoney(row.p90),
        ...(withQuota ? [formatPercent(row.quotaChance)] : []),
      ]),
    ),
  ].join('\n');
}

/** ' (in USD)' when the report's amounts are in one named currency. */
function currencyWords(report: PipelineReport): string {
  return report.currency.currency ? ` (in ${report.currency.currency})` : '';
}

/** Calibration and reliability (counts only). */
function calibrationHtml(report: PipelineReport): string {
  const c = report.calibration;
  const parts: string[] = [];
  const lostDeals = c.basis.atLeast
    ? `, ${countEn(c.basis.lostAtFirstOnly, 'lost deal')} at the first stage only, ` +
      'so Reached past it is at least, and Observed at most, what is shown'
    : c.basis.lostAtKnown > 0
      ? ', lost deals up to their "Lost at stage"'
      : '';
  const withoutHistory =
    c.basis.source === 'history'
      ? ''
      : `${c.basis.withoutHistory} of them have no History and count by the funnel's rule (won deals at every stage${lostDeals}). `;
  const brier = c.brier === null ? '–' : c.brier.toFixed(3);
  parts.push(
    '<h2>Calibration</h2>',
    `<p>Of the ${countEn(c.closedDeals, 'closed deal')}, the share of those that reached each stage that went on to win, ` +
      'with a Wilson 95% interval. ' +
      withoutHistory +
      `Brier score of the set probabilities: <b>${brier}</b> over ${countEn(c.forecasts, 'stage forecast')} ` +
      '(0 is perfect; always saying 50% scores 0.25). ' +
      `A probability is suggested only where at least ${MIN_DEALS_FOR_SUGGESTION} closed deals reached the stage ` +
      'and the set one lies outside the interval.</p>',
    table(
      ['Stage', 'Set', 'Reached', 'Won', 'Observed', 'Low (95%)', 'High (95%)', 'Suggested'],
      c.stages.map((row) => [
        row.stage,
        wholePercent(row.configured),
        String(row.reached),
        String(row.won),
        formatPercent(row.observed),
        formatPercent(row.low),
        formatPercent(row.high),
        row.suggested === null ? '' : wholePercent(row.suggested),
      ]),
    ),
    '<h3>Reliability</h3>',
    table(
      ['Set probability', 'Forecasts', 'Mean set', 'Came true'],
      c.reliability.map((b) => [
        `${wholePercent(b.from)}–${wholePercent(b.to)}`,
        String(b.forecasts),
        formatPercent(b.meanConfigured),
        formatPercent(b.observed),
      ]),
    ),
  );
  return parts.join('\n');
}

/** The backtest (amounts). */
function backtestHtml(report: PipelineReport): string {
  const s = report.settings;
  const parts: string[] = [`<h2>Backtest${escapeHtml(currencyWords(report))}</h2>`];
  if (!report.backtest) {
    parts.push('<p>The file has no Snapshots sheet yet. Run <code>pipeline-sheets snapshot FILE</code> each week to build one.</p>');
  } else {
    parts.push(
      `<p>The weighted forecast made at each of ${report.backtest.snapshots} snapshots ` +
        '(deals with an expected close and an amount; overdue ones taken to close that day) ' +
        `against what those deals then won, per ${escapeHtml(s.rangeBy)}. ${escapeHtml(backtestSummaryText(report))}</p>`,
      '<p>Bias is forecast − actual (mean per snapshot and period); WAPE is Σ|forecast − actual| ÷ Σ actual; ' +
        'MAPE is the mean of |forecast − actual| ÷ actual, ' +
        'which a period with little won (a snapshot days before it ends) can blow up. ' +
        'The last two columns are won by deals outside the forecast, not in Actual.</p>',
      '<h3>By owner</h3>',
      backtestTable(report.backtest.byOwner),
      '<h3>By stage at the snapshot</h3>',
      backtestTable(report.backtest.byStage),
    );
  }
  return parts.join('\n');
}

/** Suggested rotting days (counts only). */
function rottingHtml(report: PipelineReport): string {
  const s = report.settings;
  const parts: string[] = [];
  const dayKind = s.rottingDays === 'business' ? 'business' : 'calendar';
  parts.push(
    '<h2>Suggested rotting days</h2>',
    `<p>The 80th percentile of ${dayKind} days in each stage among deals that went on to advance; ` +
      `suggested where at least ${MIN_STAYS_FOR_SUGGESTION} stays are known.</p>`,
    table(
      ['Stage', 'Set', 'Advancing stays', '80th percentile', 'Suggested'],
      report.rottingSuggestions.map((row) => [
        row.stage,
        row.configuredDays === null ? 'never' : String(row.configuredDays),
        String(row.stays),
        days(row.percentileDays),
        row.suggestedDays === null ? '' : String(row.suggestedDays),
      ]),
    ),
  );
  return parts.join('\n');
}

/** The forecast, won revenue by period, owners and the pipeline chart of one currency (or of all, when there is one). */
function amountSections(report: PipelineReport, id = ''): string {
  const months = verticalBars(
    `chart-forecast${id}`,
    `Weighted forecast by expected close month (open deals)${currencyWords(report)}`,
    report.forecastByMonth.map((r) => ({ label: r.key, value: r.weighted })),
  );
  const pipeline = stackedBars(`chart-pipeline${id}`, `Open pipeline by stage and owner (amount)${currencyWords(report)}`, report);
  const money = currencyWords(report);
  const wonUnit = report.currency.currency ? ` ${escapeHtml(report.currency.currency)}` : '';
  const wonWithout = report.totalWon.withoutAmount
    ? ` (${report.totalWon.withoutAmount} ${escapeHtml(withoutAmountWords(report))} add nothing)`
    : '';
  const quarters =
    report.fiscalYearStartMonth === 1
      ? 'are calendar quarters'
      : `follow a fiscal year that starts in month ${report.fiscalYearStartMonth}`;
  const wonInAll =
    `<p>Won revenue in all: <b>${formatMoney(report.totalWon.amount)}${wonUnit}</b> ` +
    `from ${countEn(report.totalWon.deals, 'won deal')}${wonWithout}. ` +
    `Win rate here is won ÷ closed, by the period of Closed on; quarters ${quarters}.</p>`;
  return `<h2>Forecast${escapeHtml(money)}</h2>
${months}
${table(
  ['Month', 'Deals', 'Amount', 'Weighted'],
  report.forecastByMonth.map((r) => [r.key, String(r.deals), formatMoney(r.amount), formatMoney(r.weighted)]),
)}
<h2>Won revenue and win rate by close period${escapeHtml(money)}</h2>
${wonInAll}
${table(
  ['Quarter', 'Won', 'Lost', 'Win rate', 'Won revenue'],
  report.outcomesByQuarter.map((r) => [r.key, String(r.won), String(r.lost), formatPercent(r.winRate), formatMoney(r.wonAmount)]),
)}
${table(
  ['Month', 'Won', 'Lost', 'Win rate', 'Won revenue'],
  report.outcomesByMonth.map((r) => [r.key, String(r.won), String(r.lost), formatPercent(r.winRate), formatMoney(r.wonAmount)]),
)}
<h2>Owners${escapeHtml(money)}</h2>
${table(
  ['Owner', 'Won', 'Lost', 'Win rate', 'Won revenue', 'Average won', 'Mean cycle days', 'Median cycle days', 'Open weighted'],
  report.ownerPerformance.map((o) => [
    o.owner,
    String(o.won),
    String(o.lost),
    formatPercent(o.winRate),
    formatMoney(o.wonAmount),
    o.averageWonAmount === null ? '–' : formatMoney(o.averageWonAmount),
    days(o.meanCycleDays),
    days(o.medianCycleDays),
    formatMoney(o.openWeighted),
  ]),
)}
<h2>Pipeline by stage and owner${escapeHtml(money)}</h2>
${pipeline}
${table(
  ['Owner', 'Open', 'Pipeline', 'Weighted', 'Won', 'Lost', 'Win rate', 'Stale'],
  report.owners.map((o) => [
    o.owner,
    String(o.openDeals),
    formatMoney(o.pipeline),
    formatMoney(o.weighted),
    String(o.won),
    String(o.lost),
    formatPercent(o.winRate),
    String(o.stale),
  ]),
)}`;
}

/** What was done with currencies, said before any amount; '' for one currency. */
function currencyHtml(report: PipelineReport): string {
  const c = report.currency;
  if (c.mode === 'split') {
    return (
      `<p class="currency">Amounts are in ${c.currencies.length} currencies (${escapeHtml(c.currencies.join(', '))}) ` +
      'and no rates were given, ' +
      'so each amount table is shown per currency and amounts are never added across currencies. ' +
      'Counts, the funnel and the win rate cover all deals. ' +
      'A Rates sheet or <code>--rates FILE</code> (Currency, Rate to USD, optional From) converts them into one currency.</p>'
    );
  }
  if (c.mode !== 'converted' || !c.conversion) return '';
  const k = c.conversion;
  const left = k.noRate.map((n) => `${n.deals} ${n.currency} deal${n.deals === 1 ? '' : 's'} (no ${n.currency} rate)`).join(', ');
  const leftOut = left ? ` Left out of every amount: ${escapeHtml(left)}.` : '';
  const blank = k.blankTakenAsBase ? ` ${k.blankTakenAsBase} deals with no Currency taken to be in ${escapeHtml(c.currency)}.` : '';
  return (
    `<p class="currency">Amounts in ${escapeHtml(c.currency)}: ${countEn(k.converted, 'deal')} converted with the rates in ` +
    `${escapeHtml(c.ratesSource || 'the Rates sheet')}, each at the rate in force on its close date.${leftOut}${blank}</p>`
  );
}

/** The whole page. */
export function renderReportHtml(report: PipelineReport): string {
  const basis = report.conversionBasis;
  const none = basis.source === 'none';
  const funnelSource = none
    ? report.conversionNote
    : basis.source === 'history'
      ? 'from History'
      : basis.source === 'deals'
        ? "no History: counted from each deal's outcome"
        : 'from History and, for deals without it, their outcome';
  const funnel = horizontalBars(
    'chart-funnel',
    `Conversion funnel (deals that reached each stage${basis.atLeast ? ', at least' : ''}; ${funnelSource})`,
    report.conversion.map((r) => ({ label: r.stage, value: r.deals, note: `${r.deals} · ${formatPercent(r.cumulativeRate)}` })),
  );
  const split = report.currency.mode === 'split';
  const v = report.velocity;
  const css = [
    'body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;max-width:1000px}',
    'h1{font-size:22px}h2{font-size:17px;margin-top:28px}h3{font-size:15px;margin-top:16px}table{border-collapse:collapse;margin:8px 0}' +
      'th,td{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}',
    '.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}' +
      'svg text{font-size:12px;fill:#222}svg .small{font-size:10px}',
    '.kpis{display:flex;gap:24px;flex-wrap:wrap}.kpi{border:1px solid #ddd;border-radius:6px;padding:8px 14px}' +
      '.kpi b{display:block;font-size:18px}',
  ].join('\n');
  const kpi = (label: string, value: string) => `<div class="kpi">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`;
  const unit = report.currency.currency ? ` ${report.currency.currency}` : '';
  const amountKpis = split
    ? report.byCurrency
        .map(({ currency, report: part }) => kpi(`Won revenue (${currency})`, `${formatMoney(part.totalWon.amount)} ${currency}`))
        .join('')
    : kpi('Won revenue', `${formatMoney(report.totalWon.amount)}${unit}`) +
      kpi('Velocity per day', v.perDay === null ? '–' : `${formatMoney(v.perDay)}${unit}`);
  const currencyPart = (currency: string, part: PipelineReport, id: string) =>
    `<section class="currency-part"><h2>${escapeHtml(currency)}: ${countEn(part.deals, 'deal')}</h2>\n` +
    `${amountSections(part, id)}\n${forecastRangeHtml(part, id)}\n${backtestHtml(part)}</section>`;
  const amounts = split
    ? report.byCurrency.map(({ currency, report: part }, i) => currencyPart(currency, part, `-${i + 1}`)).join('\n')
    : `${amountSections(report)}\n${forecastRangeHtml(report)}\n${backtestHtml(report)}`;
  const problems = report.errors ? ` · ${countEn(report.errors, 'problem')} (run check)` : '';
  const counts = `${countEn(report.deals, 'deal')}, ${countEn(report.historyMoves, 'History move')}${problems}`;
  const kpis =
    kpi('Win rate (won ÷ closed)', formatPercent(report.winRate.rate)) +
    kpi('Won ÷ all deals (funnel)', formatPercent(report.wonOfAllDeals)) +
    kpi('Won / lost', `${report.winRate.won} / ${report.winRate.lost}`) +
    amountKpis +
    kpi('Cycle (median days)', days(report.cycle.medianDays)) +
    kpi('Stale deals', String(report.stale.length));
  const countedNote =
    `Counted${none ? ':' : ''} ${escapeHtml(report.conversionNote)}. ` +
    'From first stage to Won is won ÷ all deals counted; the win rate above is won ÷ closed (won + lost).';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pipeline report ${escapeHtml(report.asOf)}</title><style>${css}</style></head>
<body>
<h1>Pipeline report</h1>
<p>${escapeHtml(report.file)} · as of ${escapeHtml(report.asOf)} · ${counts}</p>
${currencyHtml(report)}
<div class="kpis">${kpis}</div>
<h2>Conversion</h2>
${funnel}
<p class="basis">${countedNote}</p>
${table(
  ['Stage', basis.atLeast ? 'Deals (at least)' : 'Deals', 'To next', 'From first'],
  report.conversion.map((r) => [r.stage, String(r.deals), formatPercent(r.nextRate), formatPercent(r.cumulativeRate)]),
)}
${amounts}
<h2>Stale deals</h2>
${table(
  ['Owner', 'Deal', 'Stage', 'Days in stage', 'Rotting days', 'Flags'],
  report.stale
    .slice(0, 200)
    .map((s) => [
      s.owner,
      `${s.dealId} ${s.deal}`.trim(),
      s.stage,
      s.daysInStage === null ? '–' : String(s.daysInStage),
      s.rottingDays === null ? '–' : String(s.rottingDays),
      s.flags.join(', '),
    ]),
  3,
  5,
)}
${report.stale.length > 200 ? `<p>… and ${report.stale.length - 200} more in the Stale sheet of the .xlsx report.</p>` : ''}
${calibrationHtml(report)}
${rottingHtml(report)}
</body></html>
`;
}
