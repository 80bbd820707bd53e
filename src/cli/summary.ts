/**
 * The report as terminal tables: the forecast by month, the conversion funnel,
 * stale deals per owner, and win rate, cycle and velocity (renderSummary); then
 * whether the forecast can be trusted: calibration, the forecast range, the backtest
 * and suggested rotting days. Used by `demo` (a shorter cut) and by `report` when no
 * output file is asked for. Fits an 80-100 column terminal.
 */
import { countEn, MIN_DEALS_FOR_SUGGESTION, MIN_STAYS_FOR_SUGGESTION, NO_DATE, type Backtest, type BacktestSummary } from '../core/index';
import type { PipelineReport } from '../workbook/report';
import { noRateCurrencies, withoutAmountWords } from '../workbook/without-amount';
import { band, bar, decimal, money, percent, signedPercent, textTable, wrap } from './terminal';

const wholePercent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);

/** " (in USD)" for a heading when the report's amounts are in one named currency; '' otherwise. */
function inCurrency(report: PipelineReport): string {
  return report.currency.currency ? ` (in ${report.currency.currency})` : '';
}

/** ", in USD" inside a heading's own parentheses; '' otherwise. */
function commaCurrency(report: PipelineReport): string {
  return report.currency.currency ? `, in ${report.currency.currency}` : '';
}

/**
 * What the report did with currencies, said before any amount: converted with which
 * rates and what was left out, or split because there are several and no rates; ''
 * for one currency.
 */
export function currencyNote(report: PipelineReport): string {
  const c = report.currency;
  if (c.mode === 'split') {
    return wrap(
      `Amounts are in ${c.currencies.length} currencies (${c.currencies.join(', ')}) and no rates were given, ` +
        'so every amount table below is ' +
        'split by currency and amounts are never added across currencies. Counts, the funnel and the win rate cover all deals. ' +
        'A Rates sheet or --rates FILE (Currency, Rate to USD, optional From) converts them into one currency.',
    );
  }
  if (c.mode !== 'converted' || !c.conversion) return '';
  const k = c.conversion;
  const notes = [
    `Amounts in ${c.currency}: ${k.converted} deal${k.converted === 1 ? '' : 's'} ` +
      `converted with the rates in ${c.ratesSource || 'the Rates sheet'}, ` +
      'each at the rate in force on its close date (Closed on, else Expected close).',
    ...k.noRate.map(
      (n) => `Left out of every amount: ${n.deals} ${n.currency} deal${n.deals === 1 ? '' : 's'} (no ${n.currency} rate; add one).`,
    ),
    ...(k.blankTakenAsBase > 0
      ? [`${k.blankTakenAsBase} deal${k.blankTakenAsBase === 1 ? '' : 's'} with no Currency taken to be in ${c.currency}.`]
      : []),
    ...(k.beforeFirstRate > 0
      ? [
          `${k.beforeFirstRate} deal${k.beforeFirstRate === 1 ? '' : 's'} closing before its currency's first dated rate ` +
            'took that first rate.',
        ]
      : []),
  ];
  return wrap(notes.join(' '));
}

/** The weighted forecast by expected close month, with a total. */
function renderForecastByMonth(report: PipelineReport): string {
  const totals = report.forecastByMonth.reduce(
    (t, r) => ({ deals: t.deals + r.deals, amount: t.amount + r.amount, weighted: t.weighted + r.weighted }),
    { deals: 0, amount: 0, weighted: 0 },
  );
  const maxWeighted = Math.max(0, ...report.forecastByMonth.map((r) => r.weighted));
  return [
    `Weighted forecast by expected close month (open deals${commaCurrency(report)})`,
    textTable(
      [
        { header: 'Month' },
        { header: 'Deals', align: 'right' },
        { header: 'Amount', align: 'right' },
        { header: 'Weighted', align: 'right' },
        { header: '' },
      ],
      [
        ...report.forecastByMonth.map((r) => [
          r.key,
          String(r.deals),
          money(r.amount),
          money(r.weighted),
          bar(r.weighted, maxWeighted, 24),
        ]),
        ['Total', String(totals.deals), money(totals.amount), money(totals.weighted), ''],
      ],
    ),
  ].join('\n');
}

/** Stale deals per owner, with their amount. */
function renderStale(report: PipelineReport): string {
  const perOwner = new Map<string, { deals: number; rotting: number; overdue: number; slipped: number; amount: number }>();
  for (const s of report.stale) {
    let entry = perOwner.get(s.owner);
    if (!entry) {
      entry = { deals: 0, rotting: 0, overdue: 0, slipped: 0, amount: 0 };
      perOwner.set(s.owner, entry);
    }
    entry.deals++;
    if (s.flags.includes('rotting')) entry.rotting++;
    if (s.flags.includes('overdue-next-step')) entry.overdue++;
    if (s.flags.includes('slipped-close')) entry.slipped++;
    entry.amount += s.amount ?? 0;
  }
  return [
    `Stale deals per owner (as of ${report.asOf}${commaCurrency(report)})`,
    perOwner.size === 0
      ? 'No stale deals.'
      : textTable(
          [
            { header: 'Owner', max: 32 },
            { header: 'Stale', align: 'right' },
            { header: 'Rotting', align: 'right' },
            { header: 'Step overdue', align: 'right' },
            { header: 'Close slipped', align: 'right' },
            { header: 'Amount', align: 'right' },
          ],
          [...perOwner].map(([owner, e]) => [
            owner,
            String(e.deals),
            String(e.rotting),
            String(e.overdue),
            String(e.slipped),
            money(e.amount),
          ]),
        ),
  ].join('\n');
}

/** Won deals that add nothing to won revenue; with rates, this names the currencies with no rate. */
function wonWithoutAmount(report: PipelineReport): string {
  const n = report.totalWon.withoutAmount;
  if (n === 0) return '';
  return noRateCurrencies(report).length === 0
    ? ` (${n} without an amount add nothing)`
    : `; ${n} ${withoutAmountWords(report)} add${n === 1 ? 's' : ''} nothing`;
}

function wonRevenueLine(report: PipelineReport): string {
  const t = report.totalWon;
  const unit = report.currency.currency ? ` ${report.currency.currency}` : '';
  return `Won revenue   ${money(t.amount)}${unit} from ${t.deals} won deal${t.deals === 1 ? '' : 's'}${wonWithoutAmount(report)}`;
}

function velocityLines(report: PipelineReport): string[] {
  const v = report.velocity;
  const unit = report.currency.currency ? ` ${report.currency.currency}` : '';
  return [
    `Velocity      ${money(v.perDay)}${unit} expected won per day`,
    `              = ${countEn(v.openDeals, 'open deal')} × ${money(v.averageWonAmount)} average won × ` +
      `${percent(v.winRate)} win rate ÷ ${decimal(v.averageCycleDays)} days`,
  ];
}

function countLines(report: PipelineReport): string[] {
  const w = report.winRate;
  const c = report.cycle;
  const funnel = report.wonOfAllDeals === null ? '' : `; the funnel's ${percent(report.wonOfAllDeals)} is won ÷ all deals`;
  return [
    `Win rate      ${percent(w.rate)}  (won ÷ closed: ${w.won} won, ${w.lost} lost)${funnel}`,
    `Sales cycle   median ${decimal(c.medianDays)} days, mean ${decimal(c.meanDays)} days, over ${countEn(c.count, 'won deal')}`,
    ...(report.hasHistory ? [] : ['              (from Created and Closed on: the file has no History sheet)']),
  ];
}

/** A split report's amount parts, one block per currency. */
function perCurrency(report: PipelineReport, render: (part: PipelineReport) => string): string {
  return report.byCurrency
    .map(({ currency, report: part }) => `── ${currency} (${countEn(part.deals, 'deal')}) ──\n${render(part)}`)
    .join('\n\n');
}

export function renderSummary(report: PipelineReport): string {
  const note = currencyNote(report);
  const head = note ? [note, ''] : [];
  if (report.currency.mode === 'split') {
    return [
      ...head,
      renderFunnel(report),
      '',
      renderOutcomeCounts(report),
      '',
      ...countLines(report),
      '',
      perCurrency(report, (part) =>
        [
          renderForecastByMonth(part),
          '',
          renderStale(part),
          '',
          renderOutcomes(part),
          '',
          renderOwnerPerformance(part),
          '',
          wonRevenueLine(part),
          ...velocityLines(part),
        ].join('\n'),
      ),
    ].join('\n');
  }
  return [
    ...head,
    renderForecastByMonth(report),
    '',
    renderFunnel(report),
    '',
    renderStale(report),
    '',
    renderOutcomes(report),
    '',
    renderOwnerPerformance(report),
    '',
    wonRevenueLine(report),
    ...countLines(report),
    ...velocityLines(report),
  ].join('\n');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Months shown in the terminal's table by close month; the .xlsx, HTML and JSON hold them all. */
const TERMINAL_MONTHS = 12;

/** Win rate and won revenue by close quarter (fiscal) and by close month (the last 12 with closed deals). */
export function renderOutcomes(report: PipelineReport): string {
  const quarter = report.outcomesByQuarter;
  if (quarter.length === 0) return 'Win rate by close period: no won or lost deals yet.';
  const fiscal =
    report.fiscalYearStartMonth === 1 ? 'calendar quarters' : `fiscal year starts in ${MONTHS[report.fiscalYearStartMonth - 1]}`;
  const columns = (first: string) => [
    { header: first },
    { header: 'Won', align: 'right' as const },
    { header: 'Lost', align: 'right' as const },
    { header: 'Win rate', align: 'right' as const },
    { header: 'Won revenue', align: 'right' as const },
  ];
  const row = (r: (typeof quarter)[number]) => [r.key, String(r.won), String(r.lost), percent(r.winRate), money(r.wonAmount)];
  const months = report.outcomesByMonth;
  const dated = months.filter((r) => r.key !== NO_DATE);
  const shown = [...dated.slice(-TERMINAL_MONTHS), ...months.filter((r) => r.key === NO_DATE)];
  const lastOnly =
    dated.length > TERMINAL_MONTHS ? ` (the last ${TERMINAL_MONTHS} of ${dated.length}; --out, --html and --json hold them all)` : '';
  return [
    wrap(`Win rate (won ÷ closed) and won revenue${inCurrency(report)} by close quarter (${fiscal}; by Closed on)`),
    textTable(columns('Quarter'), quarter.map(row)),
    '',
    `By close month${lastOnly}`,
    textTable(columns('Month'), shown.map(row)),
  ].join('\n');
}

/** Won, lost and win rate by close quarter, with no amounts: the part of renderOutcomes a split report shows once. */
function renderOutcomeCounts(report: PipelineReport): string {
  if (report.outcomesByQuarter.length === 0) return 'Win rate by close period: no won or lost deals yet.';
  return [
    'Win rate (won ÷ closed) by close quarter (all currencies; by Closed on)',
    textTable(
      [
        { header: 'Quarter' },
        { header: 'Won', align: 'right' },
        { header: 'Lost', align: 'right' },
        { header: 'Win rate', align: 'right' },
      ],
      report.outcomesByQuarter.map((r) => [r.key, String(r.won), String(r.lost), percent(r.winRate)]),
    ),
  ].join('\n');
}

/** Each owner's won revenue, average won amount, cycle and open weighted pipeline. */
export function renderOwnerPerformance(report: PipelineReport): string {
  if (report.ownerPerformance.length === 0) return 'Owners: no deals in a known stage.';
  return [
    wrap(`Owners: won revenue, average won, sales cycle (mean and median days), open weighted pipeline${inCurrency(report)}`),
    textTable(
      [
        { header: 'Owner', max: 22 },
        { header: 'Won', align: 'right' },
        { header: 'Lost', align: 'right' },
        { header: 'Win rate', align: 'right' },
        { header: 'Won revenue', align: 'right' },
        { header: 'Avg won', align: 'right' },
        { header: 'Cycle', align: 'right' },
        { header: 'Median', align: 'right' },
        { header: 'Open weighted', align: 'right' },
      ],
      report.ownerPerformance.map((o) => [
        o.owner,
        String(o.won),
        String(o.lost),
        percent(o.winRate),
        money(o.wonAmount),
        money(o.averageWonAmount),
        decimal(o.meanCycleDays),
        decimal(o.medianCycleDays),
        money(o.openWeighted),
      ]),
    ),
  ].join('\n');
}

/** The conversion funnel, headed by where its counts came from (History, or the deals' outcomes). */
export function renderFunnel(report: PipelineReport): string {
  const basis = report.conversionBasis;
  const first = report.conversion[0]?.deals ?? 0;
  const none = basis.source === 'none';
  const atLeast = basis.atLeast ? ', at least' : '';
  const heading = none
    ? `Conversion funnel (deals that reached each stage): ${report.conversionNote}`
    : basis.source === 'history'
      ? 'Conversion funnel (deals that reached each stage, from History)'
      : basis.source === 'deals'
        ? `Conversion funnel (deals that reached each stage${atLeast}; no History, so counted from each deal's outcome)`
        : `Conversion funnel (deals that reached each stage; from History, and from the outcome of deals without it${atLeast})`;
  return [
    wrap(heading),
    textTable(
      [
        { header: 'Stage', max: 18 },
        { header: basis.atLeast ? 'At least' : 'Reached', align: 'right' },
        { header: 'To next', align: 'right' },
        { header: 'From first', align: 'right' },
        { header: '' },
      ],
      report.conversion.map((r) => [r.stage, String(r.deals), percent(r.nextRate), percent(r.cumulativeRate), bar(r.deals, first, 24)]),
    ),
    ...(basis.source === 'history' || none ? [] : [wrap(`Rule: ${report.conversionNote}.`)]),
  ].join('\n');
}

/** Calibration by stage, the Brier score and (unless short) the reliability table. */
export function renderCalibration(report: PipelineReport, options: { short?: boolean } = {}): string {
  const c = report.calibration;
  if (c.closedDeals === 0) return 'Calibration: no won or lost deals yet, so the stage probabilities cannot be checked.';
  const lostDeals = c.basis.atLeast
    ? `, ${countEn(c.basis.lostAtFirstOnly, 'lost deal')} at the first stage only, ` +
      'so Reached past it is at least, and Observed at most, these figures'
    : c.basis.lostAtKnown > 0
      ? ', lost deals up to their "Lost at stage"'
      : '';
  const brier = c.brier === null ? '–' : c.brier.toFixed(3);
  const parts = [
    `Calibration: of the ${countEn(c.closedDeals, 'closed deal')}, how many that reached each stage were won`,
    ...(c.basis.source === 'history'
      ? []
      : [
          wrap(
            `(${c.basis.withoutHistory} of them have no History and count by the funnel's rule: won deals at every stage` +
              `${lostDeals}.)`,
          ),
        ]),
    textTable(
      [
        { header: 'Stage', max: 18 },
        { header: 'Set', align: 'right' },
        { header: 'Reached', align: 'right' },
        { header: 'Won', align: 'right' },
        { header: 'Observed', align: 'right' },
        { header: '95% interval', align: 'right' },
        { header: 'Suggested', align: 'right' },
      ],
      c.stages.map((r) => [
        r.stage,
        wholePercent(r.configured),
        String(r.reached),
        String(r.won),
        percent(r.observed),
        r.low === null || r.high === null ? '–' : `${percent(r.low)}–${percent(r.high)}`,
        r.suggested === null ? '' : wholePercent(r.suggested),
      ]),
    ),
    wrap(
      `Brier score ${brier} for the set probabilities over ${countEn(c.forecasts, 'stage forecast')} (0 is perfect; ` +
        'always saying 50% scores 0.25). ' +
        `A probability is suggested only where at least ${MIN_DEALS_FOR_SUGGESTION} closed deals reached the stage ` +
        'and the set one lies outside the 95% interval.',
    ),
  ];
  if (!options.short && c.reliability.length > 0) {
    parts.push(
      '',
      'Reliability: forecasts grouped by their set probability, and how often they came true',
      textTable(
        [
          { header: 'Set probability' },
          { header: 'Forecasts', align: 'right' },
          { header: 'Mean set', align: 'right' },
          { header: 'Came true', align: 'right' },
        ],
        c.reliability.map((b) => [
          `${wholePercent(b.from)}–${wholePercent(b.to)}`,
          String(b.forecasts),
          percent(b.meanConfigured),
          percent(b.observed),
        ]),
      ),
    );
  }
  return parts.join('\n');
}

/** P10, P50 and P90 of won revenue by period, with a band per period and the chance of the quota. */
export function renderForecastRange(report: PipelineReport): string {
  const r = report.forecastRange;
  const s = report.settings;
  if (r.deals === 0) return 'Forecast range: no open deals with an amount.';
  const withQuota = s.quota !== null;
  // A period only slip draws reach, where no run won anything, says nothing: leave it out here (the tables keep it).
  const shown = r.rows.filter((row) => row.deals > 0 || row.p90 > 0);
  const rows = [...shown, r.total];
  const max = Math.max(0, ...shown.map((row) => row.p90));
  const slipDays = r.slips.meanSlipDays === null ? '' : `, by ${decimal(r.slips.meanSlipDays, 0)} days on average`;
  const slips =
    r.slips.share === null
      ? 'History records no changes of expected close, so close dates do not slip in the simulation.'
      : `Close dates slip as in History: ${percent(r.slips.share)} of changes moved one later${slipDays}.`;
  return [
    wrap(
      `Forecast range: won revenue${inCurrency(report)} by expected close ${s.rangeBy}, ` +
        `${countEn(r.runs, 'simulated run')} (seed ${r.seed}), ${s.probabilities} probabilities`,
    ),
    textTable(
      [
        { header: s.rangeBy === 'month' ? 'Month' : 'Quarter' },
        { header: 'With amount', align: 'right' },
        { header: 'Weighted', align: 'right' },
        { header: 'P10', align: 'right' },
        { header: 'P50', align: 'right' },
        { header: 'P90', align: 'right' },
        ...(withQuota ? [{ header: 'Quota chance', align: 'right' as const }] : []),
        { header: 'P10 ─●─ P90' },
      ],
      rows.map((row) => [
        row.key,
        String(row.deals),
        money(row.weighted),
        money(row.p10),
        money(row.p50),
        money(row.p90),
        ...(withQuota ? [percent(row.quotaChance)] : []),
        row === r.total ? '' : band(row.p10, row.p50, row.p90, max, 20),
      ]),
    ),
    wrap(
      `With amount: the open deals simulated. ${withoutAmountNote(r.withoutAmount, r.deals, r.total.weighted, report)}` +
        `${slips} Overdue deals are taken to close today.${withQuota ? ` Quota: ${money(s.quota)} per ${s.rangeBy} and in total.` : ''}`,
    ),
  ].join('\n');
}

/** Why the range counts fewer deals than the weighted forecast, or '' when it does not. */
function withoutAmountNote(withoutAmount: number, simulated: number, weighted: number, report: PipelineReport): string {
  if (withoutAmount === 0) return '';
  const words = withoutAmountWords(report);
  // A deal in a currency with no rate can still win: only a blank amount "can win nothing".
  const why = noRateCurrencies(report).length > 0 ? '' : withoutAmount === 1 ? ' (it can win nothing)' : ' (they can win nothing)';
  const them =
    withoutAmount === 1 ? `The 1 open deal ${words} is left out${why}` : `The ${withoutAmount} open deals ${words} are left out${why}`;
  return (
    `${them}, so the counts are below the weighted forecast's ${withoutAmount + simulated}; ` +
    `Weighted adds up to the same ${money(weighted)}. `
  );
}

function backtestGroups(title: string, result: Backtest): string {
  return [
    title,
    textTable(
      [
        { header: 'Group', max: 28 },
        { header: 'Pairs', align: 'right' },
        { header: 'Forecast', align: 'right' },
        { header: 'Actual', align: 'right' },
        { header: 'Bias', align: 'right' },
        { header: 'Rel. bias', align: 'right' },
        { header: 'WAPE', align: 'right' },
        { header: 'Not in snapshot', align: 'right' },
        { header: 'No date/amount', align: 'right' },
      ],
      [...result.groups, result.total].map((g) => [
        g.group,
        String(g.pairs),
        money(g.forecast),
        money(g.actual),
        money(g.bias),
        signedPercent(g.relativeBias),
        percent(g.wape),
        money(g.wonNotInSnapshot),
        money(g.wonWithoutDateOrAmount),
      ]),
    ),
  ].join('\n');
}

/** "22.2% of what was won came from deals opened after a snapshot, 20.4% from …", a zero share left out; '' when nothing was won apart. */
function wonApart(t: BacktestSummary): string {
  const all = t.actual + t.wonNotInSnapshot + t.wonWithoutDateOrAmount;
  const shares = [
    { amount: t.wonNotInSnapshot, source: 'deals opened after a snapshot' },
    { amount: t.wonWithoutDateOrAmount, source: 'deals with no expected close or amount yet' },
  ].filter((share) => share.amount > 0);
  return shares
    .map((share, i) => `${percent(share.amount / all)}${i === 0 ? ' of what was won came' : ''} from ${share.source}`)
    .join(', ');
}

/** How far the forecast ran from what its deals won, as words: "ran 16.1% low" (or "run …" after "would have"). */
function direction(relativeBias: number | null, verb = 'ran'): string {
  return relativeBias === null ? 'met nothing won' : `${verb} ${percent(Math.abs(relativeBias))} ${relativeBias >= 0 ? 'high' : 'low'}`;
}

/** The sentences on the wins no forecast by period could see, and on the probabilities; '' parts left out. */
function backtestContext(report: PipelineReport): string[] {
  const b = report.backtest!;
  const t = b.byOwner.total;
  const sentences: string[] = [];
  const observed = b.withObservedWinRates;
  if (observed && observed.relativeBias !== null && t.relativeBias !== null) {
    sentences.push(
      'With the win rates History shows (Calibration) instead of the set probabilities ' +
        `it would have ${direction(observed.relativeBias, 'run')}; ` +
        'the rest is close dates and chance.',
    );
  }
  const apart = wonApart(t);
  if (apart) sentences.push(`Wins the forecast could not see are counted apart: ${apart}.`);
  return sentences;
}

/** The backtest by owner and by stage, or a line saying how to get one. */
export function renderBacktest(report: PipelineReport): string {
  const b = report.backtest;
  if (!b) return wrap('Backtest: the file has no Snapshots sheet yet. Run `pipeline-sheets snapshot FILE` each week to build one.');
  if (b.byOwner.total.pairs === 0) {
    return `Backtest: ${b.snapshots} snapshots, but no ${report.settings.rangeBy} they forecast has ended yet (by ${report.asOf}).`;
  }
  return [
    wrap(
      `Backtest: the weighted forecast made at each of ${b.snapshots} snapshots ` +
        '(deals with an expected close and an amount; overdue ones taken to close ' +
        `that day) against what those deals then won, per ${report.settings.rangeBy}. ${backtestContext(report).join(' ')}`,
    ),
    wrap(
      'Bias = forecast − actual (mean per snapshot and period); Rel. bias = Σ(forecast − actual) ÷ Σ actual; ' +
        'WAPE = Σ|forecast − actual| ÷ Σ actual. ' +
        'Not in snapshot, No date/amount: won by deals outside the forecast, not in Actual. The Backtest sheet of --out adds MAPE.',
    ),
    '',
    backtestGroups('By owner', b.byOwner),
    '',
    backtestGroups('By stage at the snapshot', b.byStage),
  ].join('\n');
}

/** One line on the backtest, for the demo. */
export function backtestLine(report: PipelineReport): string {
  const b = report.backtest;
  if (!b) return 'Backtest: no snapshots yet (pipeline-sheets snapshot FILE takes one).';
  const t = b.byOwner.total;
  if (t.pairs === 0) return `Backtest: ${b.snapshots} snapshots, no forecast ${report.settings.rangeBy} has ended yet.`;
  return wrap(
    `Backtest over ${b.snapshots} snapshot${b.snapshots === 1 ? '' : 's'}: ` +
      `the weighted forecast ${direction(t.relativeBias)} against what its deals won, ` +
      `off by ${percent(t.wape)} of it per ${report.settings.rangeBy} (WAPE). ${backtestContext(report).join(' ')} ` +
      '(report shows it by owner and stage)',
  );
}

/** Suggested rotting days beside the set ones. */
export function renderRotting(report: PipelineReport): string {
  const unit = report.settings.rottingDays === 'business' ? 'business days' : 'calendar days';
  return [
    wrap(`Suggested rotting days: 80th percentile of time in stage among deals that advanced (${unit})`),
    textTable(
      [
        { header: 'Stage', max: 18 },
        { header: 'Set', align: 'right' },
        { header: 'Advancing stays', align: 'right' },
        { header: '80th pct', align: 'right' },
        { header: 'Suggested', align: 'right' },
      ],
      report.rottingSuggestions.map((r) => [
        r.stage,
        r.configuredDays === null ? 'never' : String(r.configuredDays),
        String(r.stays),
        decimal(r.percentileDays),
        r.suggestedDays === null ? '' : String(r.suggestedDays),
      ]),
    ),
    `Suggested only for stages with at least ${MIN_STAYS_FOR_SUGGESTION} advancing stays.`,
  ].join('\n');
}

/** Everything `report` prints: the summary, then calibration, range, backtest and rotting days. */
export function renderFullReport(report: PipelineReport): string {
  const amounts =
    report.currency.mode === 'split'
      ? perCurrency(report, (part) => [renderForecastRange(part), renderBacktest(part)].join('\n\n'))
      : [renderForecastRange(report), renderBacktest(report)].join('\n\n');
  return [renderSummary(report), renderCalibration(report), amounts, renderRotting(report)].join('\n\n');
}
