/**
 * A seeded generator of realistic deals and their History, for the demo, the tests
 * and the benchmark. Each deal is created at the first open stage in the year before
 * "today" and walks the pipeline: most drop out to the lost stage early, a few skip a
 * stage or move back (with a move reason), about a fifth to a quarter of the closed
 * deals are won, and the ones still open at "today" include deals with no movement
 * past their stage's rotting days, overdue next steps, slipped close dates and a few
 * snoozes. Every move is a History row (source "sample"), written in time order.
 * The same seed gives the same tables on every platform (mulberry32, see random.ts).
 * Timestamps are UTC instants in working hours; date-only fields are UTC midnight.
 *
 * History never knows the future, so that a backtest over snapshots rebuilt from it
 * (snapshotsFromHistory) measures the forecast and not the generator:
 * - Whether a deal carries an amount or an expected close from its first row is a coin
 *   toss per deal; otherwise each becomes known at the first stage that asks for it.
 *   (Filling them only for deals that would never reach that stage made early-stage
 *   forecasts hold the future losers and miss the future winners.)
 * - The expected close is the rep's guess when it is first set: the move's day plus
 *   the mean days left in the pipeline from that stage (stalls included), times an
 *   optimism of 0.6 to 1.2. At a later move, a date that has come and gone is usually
 *   pushed out the same way (a slip); at the win it is usually set to the day the deal
 *   closed. It is never drawn from the day the deal will close. (Drawing it within ten
 *   days of the real close, as before, gave reps perfect foresight.)
 * - A per-deal probability override shows in History only from the deal's last move.
 */
import {
  DAY_MS,
  type Deal,
  DEAL_FIELDS,
  DEAL_HEADERS,
  type DealField,
  DEFAULT_CONFIG,
  type ForecastCategory,
  type HistoryEntry,
  historyToTable,
  type Language,
  type PipelineConfig,
  type RandomStream,
  seededRandom,
  type Stage,
  stagesToTable,
} from '../core/index';

export interface SampleOptions {
  readonly deals: number;
  readonly seed?: number;
  /** "Today" for the sample: dates fall in the year before it. Default 2026-11-23. */
  readonly asOf?: Date;
  readonly config?: PipelineConfig;
}

export interface SampleWorkbook {
  readonly config: PipelineConfig;
  /** The tables as a spreadsheet holds them (header row first, real Dates and numbers). */
  readonly stagesTable: unknown[][];
  readonly dealsTable: unknown[][];
  readonly historyTable: unknown[][];
  /** The same data as the core reads it back (readDeals/readHistory of the tables). */
  readonly deals: Deal[];
  readonly history: HistoryEntry[];
}

export const SAMPLE_AS_OF = new Date(Date.UTC(2026, 10, 23));
/** The sample's column of the team's own, kept by readDeals in `extra`. */
export const SAMPLE_REGION_HEADER = 'Region';

/** Share of closed deals that end won, when every open stage is walked in order. */
const TARGET_WIN_SHARE = 0.25;
/** Chance, at each stage, that a deal stalls well past the stage's rotting days. */
const STALL = 0.1;
/** How many days past its rotting days (and 3 more) a stall may last. */
const STALL_SPREAD = 60;
const BACKWARD = 0.04;
const SKIP = 0.05;

const OWNERS: readonly { readonly email: string; readonly region: string; readonly weight: number }[] = [
  { email: 'ann.lee@example.com', region: 'North America', weight: 1.4 },
  { email: 'bao.tran@example.com', region: 'Asia Pacific', weight: 1.2 },
  { email: 'carlos.mendes@example.com', region: 'Latin America', weight: 1.1 },
  { email: 'dana.kowalski@example.com', region: 'Europe', weight: 1 },
  { email: 'elena.sokolova@example.com', region: 'Europe', weight: 1 },
  { email: 'farid.haddad@example.com', region: 'Middle East', weight: 0.9 },
  { email: 'grace.okafor@example.com', region: 'Africa', weight: 0.8 },
  { email: 'hiro.tanaka@example.com', region: 'Asia Pacific', weight: 0.6 },
];

const ACCOUNT_NAMES = [
  'Acme',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Cyberdyne',
  'Tyrell',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Aperture',
  'Massive',
  'Pied Piper',
  'Dunder',
  'Sterling',
  'Bluth',
  'Prestige',
  'Monarch',
  'Nakatomi',
  'Zenith',
  'Lotus',
  'Saigon Star',
  'Mekong',
  'Volga',
  'Baikal',
  'Harbor',
  'Summit',
  'Evergreen',
  'Redwood',
  'Silverline',
  'Blue Ocean',
  'Golden Gate',
  'Sunrise',
  'Polar',
  'Atlas',
];
const ACCOUNT_KINDS = [
  'Logistics',
  'Foods',
  'Labs',
  'Retail',
  'Health',
  'Bank',
  'Energy',
  'Media',
  'Motors',
  'Hotels',
  'Pharma',
  'Telecom',
  'Textiles',
  'Insurance',
  'Software',
];

interface Words {
  readonly products: readonly string[];
  readonly nextSteps: readonly string[];
  readonly lostReasons: readonly string[];
  readonly moveReasons: readonly string[];
}
const WORDS: Readonly<Record<Language, Words>> = {
  en: {
    products: [
      'Annual licence',
      'Pilot',
      'Expansion',
      'Renewal',
      'Onboarding package',
      'Enterprise plan',
      'Support contract',
      'Integration project',
    ],
    nextSteps: [
      'Call back',
      'Send proposal',
      'Demo for IT',
      'Follow up by email',
      'Meet the CFO',
      'Send contract',
      'Check budget',
      'Security review',
    ],
    lostReasons: ['Price too high', 'Chose a competitor', 'No budget', 'No decision', 'Bad timing', 'Went silent'],
    moveReasons: ['Budget review pushed back', 'New decision maker', 'Scope changed', 'Needs a second demo'],
  },
  vi: {
    products: ['Gói năm', 'Dùng thử', 'Mở rộng', 'Gia hạn', 'Gói triển khai', 'Gói doanh nghiệp', 'Hợp đồng hỗ trợ', 'Dự án tích hợp'],
    nextSteps: [
      'Gọi lại',
      'Gửi báo giá',
      'Demo cho phòng IT',
      'Gửi email nhắc',
      'Gặp giám đốc tài chính',
      'Gửi hợp đồng',
      'Xác nhận ngân sách',
    ],
    lostReasons: ['Giá quá cao', 'Chọn đối thủ', 'Không có ngân sách', 'Chưa quyết định', 'Sai thời điểm', 'Không phản hồi'],
    moveReasons: ['Ngân sách bị xem xét lại', 'Đổi người quyết định', 'Thay đổi phạm vi', 'Cần demo lần hai'],
  },
  ru: {
    products: ['Годовая лицензия', 'Пилот', 'Расширение', 'Продление', 'Внедрение', 'Корпоративный тариф', 'Техподдержка', 'Интеграция'],
    nextSteps: [
      'Перезвонить',
      'Отправить КП',
      'Демо для ИТ',
      'Написать письмо',
      'Встреча с финдиректором',
      'Отправить договор',
      'Уточнить бюджет',
    ],
    lostReasons: ['Дорого', 'Выбрали конкурента', 'Нет бюджета', 'Не приняли решение', 'Не время', 'Пропал'],
    moveReasons: ['Пересмотр бюджета', 'Сменилось контактное лицо', 'Изменился объём работ', 'Нужно второе демо'],
  },
};

/** One stage a deal entered, while walking. */
interface Visit {
  readonly stage: Stage;
  readonly from: Stage | null;
  readonly at: Date;
}

/**
 * Per-stage chances of moving on from each open stage, such that their product is
 * the target win share. Early stages lose a little more of their deals (weight 1.25
 * at the first stage down to 1 at the last); with more deals in them, they hold most
 * of the losses, as real funnels do.
 */
function advanceChances(openCount: number, winShare: number): number[] {
  const weights = Array.from({ length: openCount }, (_, i) => 1 + 0.25 * (openCount > 1 ? 1 - i / (openCount - 1) : 0));
  let low = 0;
  let high = 1 / Math.max(...weights, 1);
  for (let step = 0; step < 60; step++) {
    const k = (low + high) / 2;
    const product = weights.reduce((p, w) => p * (1 - k * w), 1);
    if (product > winShare) low = k;
    else high = k;
  }
  return weights.map((w) => 1 - low * w);
}

/** A spreadsheet cell for an optional value: '' for blank. */
function cell<T>(value: T | null): T | '' {
  return value === null ? '' : value;
}

export function generateSample(options: SampleOptions): SampleWorkbook {
  const config = options.config ?? DEFAULT_CONFIG;
  const asOf = options.asOf ?? SAMPLE_AS_OF;
  const random = seededRandom(options.seed ?? 1);
  const count = Math.max(0, Math.floor(options.deals));
  const words = WORDS[config.rules.language] ?? WORDS.en;

  const stages = [...config.stages].sort((a, b) => a.order - b.order);
  const open = stages.filter((s) => s.outcome === 'open');
  const won = stages.filter((s) => s.outcome === 'won');
  const lost = stages.find((s) => s.outcome === 'lost') ?? null;
  const advance = advanceChances(open.length, TARGET_WIN_SHARE);
  const daysLeft = meanDaysLeft(open);

  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const ownerTotal = OWNERS.reduce((sum, o) => sum + o.weight, 0);
  const pickOwner = () => {
    let r = random() * ownerTotal;
    for (const owner of OWNERS) {
      r -= owner.weight;
      if (r < 0) return owner;
    }
    return OWNERS[OWNERS.length - 1];
  };

  // Date-only values fall on a few hundred UTC midnights: one shared Date per day (the
  // core never calls a Date setter) and one frozen `extra` per owner keep a
  // million-deal sample within memory.
  const days = new Map<number, Date>();
  const onDay = (day: number): Date => {
    let date = days.get(day);
    if (!date) {
      date = new Date(day * DAY_MS);
      days.set(day, date);
    }
    return date;
  };
  const regionOf = new Map(OWNERS.map((o) => [o.email, Object.freeze({ [SAMPLE_REGION_HEADER]: o.region })]));

  // Rows are appended as deals are created, so the Deals sheet runs oldest first.
  const today = dayOf(asOf);
  const createdDays = new Float64Array(count);
  for (let i = 0; i < count; i++) createdDays[i] = today - 1 - Math.floor(random() * 365);
  createdDays.sort();

  const header = [...DEAL_FIELDS.map((f) => DEAL_HEADERS.en[f]), SAMPLE_REGION_HEADER];
  const dealsTable: unknown[][] = [header];
  const deals: Deal[] = [];
  const entries: PendingEntry[] = [];

  for (let d = 0; d < count; d++) {
    const owner = pickOwner();
    const id = `D-${String(d + 1).padStart(6, '0')}`;
    const account = `${pick(ACCOUNT_NAMES)} ${pick(ACCOUNT_KINDS)}`;
    const name = `${account} — ${pick(words.products)}`;
    const createdAt = workingHour(random, createdDays[d]);
    const { visits, stalled, moveReason } = walk(random, createdAt, asOf, open, won, lost, advance, words);
    const last = visits[visits.length - 1];
    const finalStage = last.stage;
    const closeVisit = visits.find((v) => v.stage.outcome !== 'open');
    const isOpen = finalStage.outcome === 'open';
    const required = requiredAlong(visits);

    // A coin toss per deal, not the deal's fate, decides whether the amount and the
    // expected close are typed in from the start (index 0) or at the first stage that
    // asks for them (-1: never).
    const amountFrom = random() < 0.5 ? 0 : firstRequiring(visits, 'amount');
    const closeFrom = random() < 0.5 ? 0 : firstRequiring(visits, 'expectedClose');
    const amount = amountFrom >= 0 ? sampleAmount(random) : null;
    // Open deals are sometimes worth a per-deal override of the stage's probability.
    const probability = isOpen && random() < 0.05 ? pick([0.15, 0.35, 0.45, 0.7, 0.9]) : null;
    const forecastCategory: ForecastCategory | null = isOpen && random() < 0.02 ? pick(['Best case', 'Commit'] as const) : null;
    const closeDays = closeFrom >= 0 ? expectedCloseAlong(random, visits, closeFrom, daysLeft) : null;
    const expectedClose = closeDays ? onDay(closeDays[closeDays.length - 1]) : null;

    let nextStep = '';
    let nextStepDate: Date | null = null;
    let snoozeUntil: Date | null = null;
    if (isOpen) {
      const r = random();
      // A stalled deal mostly has a next step that came and went, or none at all.
      const [overdue, blank] = stalled ? [0.5, 0.35] : [0.15, 0.15];
      if (r < overdue) nextStepDate = onDay(today - 1 - Math.floor(random() * 20));
      else if (r >= overdue + blank || required.has('nextStepDate')) nextStepDate = onDay(today + 1 + Math.floor(random() * 14));
      if (nextStepDate) nextStep = pick(words.nextSteps);
      if (stalled && random() < 0.06) snoozeUntil = onDay(today + 2 + Math.floor(random() * 12));
    } else if (required.has('nextStepDate')) {
      nextStep = pick(words.nextSteps);
      nextStepDate = onDay(dayOf(closeVisit!.at) - 1 - Math.floor(random() * 7));
    }

    const lostReason = finalStage.outcome === 'lost' ? pick(words.lostReasons) : '';
    const created = onDay(dayOf(createdAt));
    const closedOn = closeVisit ? onDay(dayOf(closeVisit.at)) : null;
    const stageChanged = onDay(dayOf(last.at));
    const row = d + 2;

    const values: Record<Exclude<DealField, 'lostAtStage'>, unknown> = {
      id,
      name,
      account,
      owner: owner.email,
      stage: finalStage.name,
      amount: cell(amount),
      currency: 'USD',
      probability: cell(probability),
      forecastCategory: cell(forecastCategory),
      created,
      expectedClose: cell(expectedClose),
      closedOn: cell(closedOn),
      nextStep,
      nextStepDate: cell(nextStepDate),
      stageChanged,
      lostReason,
      snoozeUntil: cell(snoozeUntil),
      moveReason,
    };
    dealsTable.push([...DEAL_FIELDS.map((f) => values[f]), owner.region]);
    deals.push({
      row,
      id,
      name,
      account,
      owner: owner.email,
      stage: finalStage.name,
      amount,
      currency: 'USD',
      probability,
      forecastCategory,
      created,
      expectedClose,
      closedOn,
      nextStep,
      nextStepDate,
      stageChanged,
      lostReason,
      snoozeUntil,
      moveReason,
      extra: regionOf.get(owner.email)!,
    });

    const lastVisit = visits.length - 1;
    visits.forEach((visit, k) => {
      entries.push({
        at: visit.at,
        dealId: id,
        from: visit.from?.name ?? '',
        to: visit.stage.name,
        amount: amount !== null && k >= amountFrom ? amount : null,
        expectedClose: closeDays && k >= closeFrom ? onDay(closeDays[k]) : null,
        probability: probability !== null && k === lastVisit ? probability : visit.stage.probability,
        by: owner.email,
        source: 'sample',
        row: 0,
      });
    });
  }

  const history = inTimeOrder(entries);
  return {
    config,
    stagesTable: stagesToTable(config),
    dealsTable,
    historyTable: historyToTable(history),
    deals,
    history,
  };
}

/** Days since 1970-01-01 (UTC) of an instant. */
function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

/** The fields any stage the deal entered requires. */
function requiredAlong(visits: readonly Visit[]): Set<DealField> {
  const fields = new Set<DealField>();
  for (const visit of visits) for (const field of visit.stage.requiredFields) fields.add(field);
  return fields;
}

/** Index of the first visit whose stage requires `field`; -1 when none does. */
function firstRequiring(visits: readonly Visit[], field: DealField): number {
  return visits.findIndex((v) => v.stage.requiredFields.includes(field));
}

/** Typical days in an open stage when a deal does not stall: the mean walk() draws. */
function typicalDays(stage: Stage): number {
  return Math.max(2, (stage.rottingDays ?? 14) * 0.5);
}

/** Days a stalled deal stays in a stage: its rotting days and 3 more, plus 0 to STALL_SPREAD − 1. */
function stalledDays(stage: Stage, random: RandomStream): number {
  return (stage.rottingDays ?? 14) + 3 + Math.floor(random() * STALL_SPREAD);
}

/** Mean days in an open stage, stalls included: what a rep learns to expect. */
function meanDays(stage: Stage): number {
  return (1 - STALL) * typicalDays(stage) + STALL * ((stage.rottingDays ?? 14) + 3 + (STALL_SPREAD - 1) / 2);
}

/** For each open stage (by name), the mean days from entering it to closing: its own and those after it. */
function meanDaysLeft(open: readonly Stage[]): Map<string, number> {
  const left = new Map<string, number>();
  let sum = 0;
  for (let i = open.length - 1; i >= 0; i--) {
    sum += meanDays(open[i]);
    left.set(open[i].name, sum);
  }
  return left;
}

/**
 * The expected close (a day number) a rep would have recorded at each visit from
 * `from` on (NaN before it), knowing only the past: a guess of the mean days left
 * times an optimism of 0.6 to 1.2 when first set, pushed out the same way at four
 * moves in five once it has come and gone, set to the day of the win at seven wins
 * in ten, and left as it was at a loss.
 */
function expectedCloseAlong(random: RandomStream, visits: readonly Visit[], from: number, daysLeft: ReadonlyMap<string, number>): number[] {
  const days: number[] = [];
  let current = NaN;
  const guess = (day: number, stage: Stage) => day + Math.max(7, Math.round((daysLeft.get(stage.name) ?? 14) * (0.6 + 0.6 * random())));
  let closedDay = NaN;
  visits.forEach((visit, k) => {
    const day = dayOf(visit.at);
    const closing = visit.stage.outcome !== 'open' && Number.isNaN(closedDay);
    if (closing) closedDay = day;
    if (k >= from) {
      if (visit.stage.outcome === 'open') {
        if (Number.isNaN(current) || (current <= day && random() < 0.8)) current = guess(day, visit.stage);
      } else if (Number.isNaN(current) || (closing && visit.stage.outcome === 'won' && random() < 0.7)) {
        // Delivery-style won stages after the win keep the date set at the win.
        current = closedDay;
      }
    }
    days.push(current);
  });
  return days;
}

/** An instant between 08:00 and 18:00 UTC on a day (days since 1970), to the minute. */
function workingHour(random: RandomStream, day: number): Date {
  return new Date(day * DAY_MS + (8 * 60 + Math.floor(random() * 600)) * 60_000);
}

/** Log-normal around 12k, kept within 1k-200k, rounded to 100 (to 500 above 20k). */
function sampleAmount(random: RandomStream): number {
  const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const raw = Math.min(200_000, Math.max(1_000, Math.exp(Math.log(12_000) + 1.1 * gauss)));
  const step = raw > 20_000 ? 500 : 100;
  return Math.min(200_000, Math.max(1_000, Math.round(raw / step) * step));
}

/**
 * Walks one deal from its first open stage until it closes or "today" comes first.
 * Days in a stage are exponential around half its rotting days; a stalled deal stays
 * well past them.
 */
function walk(
  random: RandomStream,
  createdAt: Date,
  asOf: Date,
  open: readonly Stage[],
  won: readonly Stage[],
  lost: Stage | null,
  advance: readonly number[],
  words: Words,
): { visits: Visit[]; stalled: boolean; moveReason: string } {
  const visits: Visit[] = [{ stage: open[0] ?? won[0] ?? lost!, from: null, at: createdAt }];
  let moveReason = '';
  let stalled = false;
  let index = 0;
  let at = createdAt;
  let backs = 0;
  const nextMove = (days: number): Date | null => {
    const next = workingHour(random, Math.floor(at.getTime() / DAY_MS) + Math.max(1, days));
    return next.getTime() < asOf.getTime() ? next : null;
  };
  const enter = (stage: Stage, when: Date) => {
    visits.push({ stage, from: visits[visits.length - 1].stage, at: when });
    at = when;
  };

  while (index < open.length && visits[visits.length - 1].stage.outcome === 'open') {
    const stage = open[index];
    stalled = random() < STALL;
    const days = stalled ? stalledDays(stage, random) : Math.round(-Math.log(1 - random()) * typicalDays(stage));
    const when = nextMove(days);
    if (!when) break;
    stalled = false;
    if (index > 0 && backs < 2 && random() < BACKWARD) {
      backs++;
      index--;
      moveReason = words.moveReasons[Math.floor(random() * words.moveReasons.length)];
      enter(open[index], when);
    } else if (random() >= advance[index]) {
      // With no lost stage a dying deal just goes quiet where it is.
      if (!lost) break;
      enter(lost, when);
    } else if (index === open.length - 1) {
      if (won.length === 0) break;
      enter(won[0], when);
    } else {
      index += index + 2 < open.length && random() < SKIP ? 2 : 1;
      enter(open[index], when);
    }
  }

  // Delivery-style won stages (such as the agency preset's) are walked along their allowed next.
  let current = visits[visits.length - 1].stage;
  while (current.outcome === 'won' && current.allowedNext.length > 0 && random() < 0.7) {
    const target = won.find((s) => s.name === current.allowedNext[0]);
    const when = target ? nextMove(10 + Math.floor(random() * 50)) : null;
    if (!target || !when) break;
    enter(target, when);
    current = target;
  }
  return { visits, stalled, moveReason };
}

/** A HistoryEntry whose sheet row is set once its place in time order is known. */
type PendingEntry = { -readonly [K in keyof HistoryEntry]: HistoryEntry[K] };

/**
 * Puts History in time order, as an append-only log holds it, and numbers the sheet
 * rows. Sorting a packed numeric key (minute, then position) in a Float64Array keeps
 * a million-deal sample fast; the fallback comparator gives the same order.
 */
function inTimeOrder(entries: PendingEntry[]): HistoryEntry[] {
  const n = entries.length;
  const SLOTS = 2 ** 24;
  let sorted: PendingEntry[];
  if (n > 0 && n < SLOTS) {
    // One pass to read the times into a flat array, so the key loop does not chase pointers.
    const times = new Float64Array(n);
    let first = Infinity;
    for (let i = 0; i < n; i++) {
      times[i] = entries[i].at.getTime();
      first = Math.min(first, times[i]);
    }
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = Math.floor((times[i] - first) / 60_000) * SLOTS + i;
    keys.sort();
    sorted = new Array(n);
    for (let i = 0; i < n; i++) sorted[i] = entries[keys[i] % SLOTS];
  } else {
    sorted = entries
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
      .map(({ e }) => e);
  }
  for (let i = 0; i < n; i++) sorted[i].row = i + 2;
  return sorted;
}
