/**
 * fast-check arbitraries for the fuzz tests: the cells and tables a spreadsheet, a CSV
 * export or a careless paste can hand the core. Cells are hostile on purpose (blank
 * look-alikes, NaN and ±Infinity, Invalid Date, year 0 and 9999, 12k-character text,
 * lone surrogates, formula-looking text, numbers and dates typed in several locales);
 * tables are ragged and sparse, with header rows that rename, alias, duplicate and
 * drop columns. `describeTable` gives a table a text form that keeps holes,
 * undefined, -0 and Invalid Date apart, to prove a reader changed nothing.
 *
 * Seed policy (seed.ts, imported here for its effect): `npm test` and CI use one fixed seed, so a run that
 * lands is the same run everywhere and a red build is never a roll of the dice.
 * FUZZ_SEED=random picks a fresh seed per run to explore new inputs (with FUZZ_SCALE
 * for a longer soak); FUZZ_SEED=N replays seed N. A failure prints the seed, the path
 * and the shrunk counterexample; passing `{ seed, path }` to fc.assert replays it, and
 * a real bug found that way is kept as a plain example test next to its module.
 */
import fc from 'fast-check';
import './seed';
import { DEAL_FIELDS, DEAL_HEADERS } from '../../src/core/headers';
import { HISTORY_HEADERS } from '../../src/core/history';
import { SNAPSHOTS_HEADERS } from '../../src/core/snapshots';
import { DEFAULT_STAGES, RULE_LABELS, STAGE_HEADERS } from '../../src/core/stages';
import type { DealField } from '../../src/core/types';

/** Made once: fast-check would spend most of a run building 12k-character strings. */
const LONG = ['L'.repeat(12_000), '9'.repeat(12_000), `${'👩‍💼'.repeat(3_000)}`, `=${'A1+'.repeat(4_000)}1`, ' '.repeat(11_000)];

/** Looks blank to a person: empty, spaces, no-break space, zero-width characters, line breaks. */
export const blankCell = fc.constantFrom<unknown>(
  '',
  ' ',
  '   ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u200b',
  '\ufeff',
  '\u200b \u200d',
  null,
  undefined,
);

export const numberCell = fc.oneof(
  fc.double(), // includes NaN, ±Infinity, -0 and the extremes
  fc.integer(),
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    0,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    0.1 + 0.2,
    46_000,
    2_958_466,
    -1,
  ),
);

function utcYear(year: number, month = 0, day = 1): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date;
}

export const dateCell = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.constantFrom(
    new Date(Number.NaN),
    utcYear(0),
    utcYear(9999, 11, 31),
    utcYear(10_000),
    utcYear(-1),
    new Date(8.64e15),
    new Date(-8.64e15),
    new Date(Date.UTC(2026, 10, 23, 14, 5)),
  ),
);

/** Lone surrogates, which no well-formed UTF-16 text holds but a JS string may. */
const surrogateText = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 4,
});

export const oddText = fc.constantFrom(
  '👩‍💼 Deal',
  '🇻🇳',
  '\u202eevil',
  'مرحلة',
  'Лид',
  'Giao dịch',
  'Le\u0301ad',
  'Le\u200bad',
  'a\u0000b',
  '\u0007',
  'x\ufffey',
  '<script>alert(1)</script>',
  '&amp;',
  '"quoted"',
  "'=1+1",
  'a,b;c\td',
  'line\nbreak',
  '\\',
  '%',
  '#',
  '__proto__',
  'constructor',
  'toString',
);

export const formulaText = fc.constantFrom(
  '=1+1',
  '+1',
  '-1',
  '@SUM(A1)',
  '=HYPERLINK("http://x","click")',
  '=',
  '+',
  '-',
  '@',
  "=cmd|' /C calc'!A0",
  '-2+3',
  '+ 7',
);

export const numberText = fc.constantFrom(
  '1.234,56',
  '1 234,56',
  '1\u00a0234,56',
  '$1,234',
  '30%',
  '1,234.50',
  '€ 5 000',
  '(1,200)',
  '5000 USD',
  'USD5000',
  '1e5',
  '0x10',
  '١٢٣',
  '1_000',
  '1,2,3',
  '1.2.3',
  '1.234.567',
  '.5',
  '5.',
  '-0',
  '+0',
  '12.500 ₫',
  '1 000 руб.',
  '99%',
  '150%',
  '-5%',
  'NaN',
  'Infinity',
  '1e400',
);

export const dateText = fc.constantFrom(
  '31.12.2026',
  '12/31/2026',
  '2026-02-30',
  '31/12/26',
  '29.02.2027',
  '29.02.2028',
  '00.00.0000',
  '0000-01-01',
  '9999-12-31',
  '10000-01-01',
  '2026-11-23T14:05',
  '2026-11-23 25:00',
  '2026-11-23T14:05:00+05:30',
  '12 Mar 2026',
  'Mar 12, 2026',
  '12 мар 2026',
  '1.1.70',
  '1/1/69',
  '13/13/2026',
  '2026-11-23Z',
  '23.11.2026 14:05',
  // Dates that read either way, and the CRM export formats (US times, AM/PM, year first, month names with a comma).
  '03/04/2026',
  '03.04.2026',
  '5/20/2024 7:42',
  '4/15/2021 10:30 PM',
  '4/15/2021 13:00 PM',
  '15 Apr, 2021 00:02:00',
  '2021/04/15',
  '04-15-2021',
  '26/03/04',
);

export const stageText = fc.oneof(
  fc.constantFrom(...DEFAULT_STAGES.map((s) => s.name)),
  fc.constantFrom(
    ' lead ',
    'WON',
    'lost\u00a0',
    'meeting / demo',
    'MEETING-DEMO',
    'Negotiation\u200b',
    'Qualified.',
    'Le\u0301ad',
    'Closed won',
    'Zombie',
    'Giai đoạn',
    'Этап',
  ),
);

export const emailText = fc.constantFrom(
  'ann@example.com',
  'Ann Lee <ANN@Example.COM>',
  'a@b',
  '@',
  'bo@x.co, cy@x.co',
  'not an email',
  '<>',
);

/** Any cell a platform, a CSV file or a paste can give. */
export const cell: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: blankCell, weight: 4 },
  { arbitrary: numberCell, weight: 2 },
  { arbitrary: dateCell, weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.string(), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 1 },
  { arbitrary: surrogateText, weight: 1 },
  { arbitrary: fc.constantFrom(...LONG), weight: 1 },
  { arbitrary: oddText, weight: 1 },
  { arbitrary: formulaText, weight: 1 },
  { arbitrary: numberText, weight: 2 },
  { arbitrary: dateText, weight: 2 },
  { arbitrary: stageText, weight: 2 },
  { arbitrary: emailText, weight: 1 },
);

/** A header cell spelt with odd case and spacing, as people type them. */
function oddly(header: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    header,
    header.toUpperCase(),
    header.toLowerCase(),
    ` ${header} `,
    header.replace(/ /g, '_'),
    `${header}\u200b`,
    header.replace(/ /g, '  '),
  );
}

const CRM_ALIASES: Readonly<Partial<Record<DealField, readonly string[]>>> = {
  id: ['Opportunity ID', 'Record ID', 'Номер сделки'],
  owner: ['Rep', 'Deal owner', 'Email', 'Менеджер'],
  stage: ['Deal stage', 'Status', 'Trạng thái'],
  amount: ['Value', 'Revenue', 'Бюджет'],
  expectedClose: ['Close date', 'Ngày chốt'],
};

/** One Deals header cell: the field's name in en/vi/ru or a CRM alias, oddly spelt. */
const dealHeaderCell = fc
  .constantFrom(...DEAL_FIELDS)
  .chain((field) =>
    fc.constantFrom(DEAL_HEADERS.en[field], DEAL_HEADERS.vi[field], DEAL_HEADERS.ru[field], ...(CRM_ALIASES[field] ?? [])).chain(oddly),
  );

/** A header row: known columns (maybe twice), columns of the team's own, blanks, hostile cells. */
export const dealsHeader: fc.Arbitrary<unknown[]> = fc.array(
  fc.oneof(
    { arbitrary: dealHeaderCell, weight: 8 },
    { arbitrary: fc.constantFrom('Region', 'Notes', 'Deal ID 2', 'Stage?', '%', '#'), weight: 1 },
    { arbitrary: cell, weight: 1 },
  ),
  { maxLength: 14 },
);

/** A data row: ragged (shorter or longer than the header), sometimes sparse, sometimes blank. */
export function dataRow(width: number): fc.Arbitrary<unknown[]> {
  return fc.oneof(
    { arbitrary: fc.array(cell, { minLength: Math.max(0, width - 3), maxLength: width + 3 }), weight: 6 },
    { arbitrary: fc.sparseArray(cell, { maxLength: width + 2 }), weight: 2 },
    { arbitrary: fc.array(blankCell, { maxLength: width + 1 }), weight: 2 },
  );
}

/** A generated sheet and the index of the header row it was built with (title or blank rows may sit above it). */
export interface GeneratedSheet {
  readonly values: unknown[][];
  readonly headerIndex: number;
}

/**
 * A table: optional blank or title rows above the header, the header, then rows. The
 * outer array is sometimes sparse too (a hole is a row the platform never filled).
 */
export function sheet(header: fc.Arbitrary<unknown[]>, maxRows = 25): fc.Arbitrary<GeneratedSheet> {
  return fc
    .tuple(
      fc.array(fc.oneof(fc.array(blankCell, { maxLength: 3 }), fc.constant<unknown[]>(['Pipeline export, 2026'])), { maxLength: 2 }),
      header,
    )
    .chain(([above, head]) =>
      fc.tuple(
        fc.constant(above),
        fc.constant(head),
        fc.array(dataRow(head.length), { maxLength: maxRows }),
        fc.array(fc.nat(maxRows + 3), { maxLength: 3 }),
      ),
    )
    .map(([above, head, rows, holes]) => {
      const values: unknown[][] = [...above, head, ...rows];
      // A hole stands for a row the platform left out; only below the header, so the header is still found.
      for (const hole of holes) {
        const index = above.length + 1 + hole;
        if (index < values.length) delete values[index];
      }
      return { values, headerIndex: above.length };
    });
}

export function table(header: fc.Arbitrary<unknown[]>, maxRows = 25): fc.Arbitrary<unknown[][]> {
  return sheet(header, maxRows).map((generated) => generated.values);
}

export const dealsTable = table(dealsHeader);

const HISTORY_ALIASES: readonly (readonly string[])[] = [
  [HISTORY_HEADERS[0], 'Date', 'Время', 'Thời gian'],
  [HISTORY_HEADERS[1], 'Deal', 'ID сделки'],
  [HISTORY_HEADERS[2], 'From', 'Из этапа'],
  [HISTORY_HEADERS[3], 'To', 'Stage', 'На этап'],
  [HISTORY_HEADERS[4], 'Value'],
  [HISTORY_HEADERS[5], 'Close date'],
  [HISTORY_HEADERS[6], 'Xác suất'],
  [HISTORY_HEADERS[7], 'By'],
  [HISTORY_HEADERS[8], 'Nguồn'],
];

/** History header: usually all columns in some order, sometimes one missing or doubled. */
export const historyHeader: fc.Arbitrary<unknown[]> = fc
  .tuple(
    fc.shuffledSubarray(
      HISTORY_ALIASES.map((_, i) => i),
      { minLength: 2 },
    ),
    fc.option(fc.nat(8)),
    fc.boolean(),
  )
  .chain(([columns, doubled, keepAll]) => {
    const picked = keepAll ? HISTORY_ALIASES.map((_, i) => i) : columns;
    const names = doubled !== null ? [...picked, doubled] : picked;
    return fc.tuple(...names.map((i) => fc.constantFrom(...HISTORY_ALIASES[i]).chain(oddly)));
  });

export const historySheet = sheet(historyHeader);

/** History rows that mostly read: a timestamp, a deal and a stage, with hostile cells mixed in. */
export const historyLikeCell = fc.oneof(cell, stageText, dateText, dateCell, fc.constantFrom('D1', 'D2', 42));

export const snapshotsHeader: fc.Arbitrary<unknown[]> = fc
  .tuple(fc.shuffledSubarray([...SNAPSHOTS_HEADERS], { minLength: 1 }), fc.boolean())
  .map(([names, all]) => (all ? [...SNAPSHOTS_HEADERS] : names));

export const snapshotsSheet = sheet(snapshotsHeader);

/** Stage names from a small pool, so duplicates, cycles in Allowed next and odd spellings meet often. */
const stagePool = fc.constantFrom('Lead', 'lead ', 'Demo', 'Deal won', 'Won', 'Lost', 'Closed lost', 'Review', 'Этап 1', '');

const outcomeCell = fc.oneof(fc.constantFrom('open', 'won', 'lost', 'WON', 'closed won', 'thắng', 'проиграна', 'maybe', ''), cell);
const allowedNextCell = fc.oneof(
  fc.array(stagePool, { maxLength: 4 }).map((names) => names.join(', ')),
  fc.constantFrom('Lead; Demo\nWon', 'Nowhere'),
  cell,
);
const requiredCell = fc.oneof(fc.constantFrom('Amount, Expected close', 'Owner', 'Lost reason', 'Amount;Bogus', ''), cell);

/** One row of a Stages table, in STAGE_HEADERS order. */
const stageRow = fc.tuple(
  fc.oneof({ arbitrary: stagePool, weight: 4 }, { arbitrary: cell, weight: 1 }),
  fc.oneof(fc.integer({ min: -2, max: 12 }), cell),
  fc.oneof(fc.constantFrom('10%', 0.5, 1, 0, 150, '-5%'), cell),
  fc.oneof(fc.constantFrom(14, '', 0, -3), cell),
  fc.oneof(fc.constantFrom('Pipeline', 'best case', 'COMMIT', 'Closed', 'Omitted', 'Upside'), cell),
  outcomeCell,
  requiredCell,
  allowedNextCell,
);

/** First cells that make a Stages row a rule (or the rule block's header): all the rule rows here start with one. */
export const RULE_CELLS: readonly string[] = [...Object.values(RULE_LABELS), 'allow skipping', 'Ngôn ngữ', 'Setting', 'Настройка'];

const ruleRow = fc.tuple(
  fc.constantFrom(...RULE_CELLS),
  fc.oneof(fc.constantFrom('yes', 'no', 'да', 'không', 'maybe', 8, 24, 7.5, 'boss@example.com', 'boss', 'ru', 'fr', ''), cell),
);

/**
 * A Stages sheet: a header (usually the tool's, sometimes Russian or with a doubled
 * Stage column, sometimes hostile cells with no Stage column), stage rows, then maybe
 * a blank row and a rule block. `fullHeader`: the header names all eight columns, so
 * no row below can look more like a header than it does.
 */
export const stagesSheet: fc.Arbitrary<GeneratedSheet & { readonly fullHeader: boolean }> = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.constant({ cells: [...STAGE_HEADERS] as unknown[], full: true }), weight: 5 },
      {
        arbitrary: fc.constant({
          cells: [
            'Этап',
            'Порядок',
            'Вероятность',
            'Дней до застоя',
            'Категория прогноза',
            'Итог',
            'Обязательные поля',
            'Следующие этапы',
          ] as unknown[],
          full: true,
        }),
        weight: 1,
      },
      {
        arbitrary: fc.constant({
          cells: [
            'Name',
            'Order',
            'Probability',
            'Rotting days',
            'Forecast category',
            'Outcome',
            'Required fields',
            'Allowed next',
            'Stage',
          ] as unknown[],
          full: true,
        }),
        weight: 1,
      },
      { arbitrary: fc.array(cell, { maxLength: 8 }).map((cells) => ({ cells, full: false })), weight: 1 },
    ),
    fc.array(fc.oneof({ arbitrary: stageRow.map((r) => [...r] as unknown[]), weight: 8 }, { arbitrary: dataRow(8), weight: 1 }), {
      maxLength: 10,
    }),
    fc.boolean(),
    fc.array(fc.oneof({ arbitrary: ruleRow.map((r) => [...r] as unknown[]), weight: 4 }, { arbitrary: dataRow(3), weight: 1 }), {
      maxLength: 6,
    }),
    fc.array(fc.nat(20), { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([header, stages, gap, rules, holes, holeAbove]) => {
    const values: unknown[][] = [...(holeAbove ? [['']] : []), header.cells, ...stages, ...(gap ? [['']] : []), ...rules];
    // Holes anywhere, even above the header: the reader must not assume a platform fills every row.
    if (holeAbove) delete values[0];
    for (const hole of holes) if (hole > 1 && hole < values.length) delete values[hole];
    return { values, headerIndex: holeAbove ? 1 : 0, fullHeader: header.full };
  });

export const stagesTable: fc.Arbitrary<unknown[][]> = stagesSheet.map((generated) => generated.values);

/**
 * A table as text that tells apart what deep equality might blur: a hole and
 * undefined, -0 and 0, NaN, Invalid Date, the length of a row.
 */
export function describeTable(values: readonly (readonly unknown[] | undefined)[]): string {
  const describeCell = (value: unknown): string => {
    if (value instanceof Date) return `Date(${value.getTime()})`;
    if (typeof value === 'number') return Object.is(value, -0) ? 'number(-0)' : `number(${value})`;
    if (typeof value === 'string') return JSON.stringify(value);
    return `${typeof value}(${String(value)})`;
  };
  const describeRow = (row: readonly unknown[] | undefined): string => {
    if (row === undefined) return 'undefined';
    const cells: string[] = [];
    for (let i = 0; i < row.length; i++) cells.push(i in row ? describeCell(row[i]) : 'hole');
    return `[${cells.join(',')}]`;
  };
  const rows: string[] = [];
  for (let i = 0; i < values.length; i++) rows.push(i in values ? describeRow(values[i]) : 'hole');
  return `${values.length}:${rows.join('\n')}`;
}

/**
 * Runs per property: enough to meet every hostile cell many times, few enough that test/fuzz runs in seconds on
 * 2 cores. FUZZ_SCALE=20 (an environment variable) multiplies them all for a longer soak by hand.
 */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1);

export const RUNS = { tables: 200 * SCALE, moves: 250 * SCALE, files: 150 * SCALE, xlsx: 40 * SCALE, damaged: 150 * SCALE } as const;
