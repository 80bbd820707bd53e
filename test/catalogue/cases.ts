/**
 * The bad-input catalogue: every way a team has been seen to break a pipeline
 * workbook, kept as fixtures with the message each one must give. A case holds the
 * cells a user typed (a Deals table, and a Stages or History table when the case is
 * about those) or, for what only a file can carry (merged cells, 50 000 formatted
 * blank rows, a `;` CSV with a BOM, a damaged workbook), the name of a file under
 * files/. Each expected finding says where the user will look (sheet, row, column
 * header as typed) and a fragment of the message that must appear there. The same
 * cases are run through the core readers, `check`, the Sheets menu and the Excel
 * task pane (core/check/sheets/excel.test.ts), and the table in
 * /work/notes/reliability-catalogue.md is printed from this list.
 */

export type Surface = 'core' | 'check' | 'sheets' | 'excel';
export type CellValue = string | number | boolean | Date | null;
export type Table = CellValue[][];

/** One message the user must see. */
export interface Finding {
  readonly sheet: 'Deals' | 'Stages' | 'History' | string;
  /** Sheet row as the user sees it (1 = the first row). */
  readonly row: number;
  /** The column's header as typed, or the column the message is about. */
  readonly column: string;
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** A piece of the message, verbatim. */
  readonly says: string;
  /** Only these surfaces give it (e.g. merged cells are found by the file reader). */
  readonly on?: readonly Surface[];
}

/** A value the core must read from an accepted input. */
export interface Reading {
  readonly row: number;
  readonly field: 'id' | 'stage' | 'amount' | 'probability' | 'expectedClose' | 'name' | 'owner';
  readonly value: string | number | Date | null;
}

export interface Case {
  readonly id: string;
  readonly title: string;
  /** What the user did, in their words. */
  readonly did: string;
  readonly deals?: Table;
  readonly stages?: Table;
  readonly history?: Table;
  /** A file under test/catalogue/files/ (committed, or made by make-files.ts). */
  readonly file?: string;
  readonly findings: readonly Finding[];
  /** Values the core must read (for inputs that are accepted as typed). */
  readonly reads?: readonly Reading[];
  /** How many deals the core reads. */
  readonly dealCount?: number;
  /** `check`: the exit code, and text its output must hold besides the findings. */
  readonly exit: 0 | 1 | 2;
  readonly checkSays?: readonly string[];
  readonly surfaces: readonly Surface[];
  /** False when the case means a number in a cell, which a CSV can only hold as text. */
  readonly csv?: false;
  /** Why a surface is left out, for the report. */
  readonly notOn?: string;
}

const ALL: readonly Surface[] = ['core', 'check', 'sheets', 'excel'];
const FILE_ONLY: readonly Surface[] = ['core', 'check'];

export const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The Deals header most cases use: columns A..G. */
export const HEADER = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Probability', 'Expected close'];
type Column = 'id' | 'name' | 'owner' | 'stage' | 'amount' | 'probability' | 'expectedClose';
const ORDER: readonly Column[] = ['id', 'name', 'owner', 'stage', 'amount', 'probability', 'expectedClose'];

/** A clean Lead deal (Lead needs no fields), with some cells replaced. */
function deal(id: CellValue, changes: Partial<Record<Column, CellValue>> = {}): CellValue[] {
  const base: Record<Column, CellValue> = {
    id,
    name: 'Pilot',
    owner: 'ann@example.com',
    stage: 'Lead',
    amount: 1000,
    probability: null,
    expectedClose: null,
  };
  return ORDER.map((c) => (c in changes ? changes[c]! : base[c]));
}

/** Header plus one deal per change set, D1, D2, … in rows 2, 3, … */
function dealsWith(...rows: Partial<Record<Column, CellValue>>[]): Table {
  return [HEADER, ...rows.map((changes, i) => deal(`D${i + 1}`, changes))];
}

const STAGE_HEADER = ['Stage', 'Order', 'Probability', 'Rotting days', 'Forecast category', 'Outcome', 'Required fields', 'Allowed next'];
/** A small Stages sheet: Lead → Demo → Won / Lost, with the given rows instead. */
function stagesWith(rows: CellValue[][]): Table {
  return [STAGE_HEADER, ...rows];
}
const LEAD = ['Lead', 1, 0.1, 14, 'Pipeline', 'open', '', ''];
const DEMO = ['Demo', 2, 0.5, 21, 'Best case', 'open', '', ''];
const WON = ['Won', 3, 1, '', 'Closed', 'won', '', ''];
const LOST = ['Lost', 4, 0, '', 'Omitted', 'lost', '', ''];

const HISTORY_HEADER = [
  'Timestamp',
  'Deal ID',
  'From stage',
  'To stage',
  'Amount',
  'Expected close',
  'Probability',
  'Changed by',
  'Source',
];

const STAGE_LIST = 'pick one of: Lead, Qualified, Contacted, Meeting/Demo, Proposal, Negotiation, Won, Lost';
const LONG = 'Enterprise expansion phase '.repeat(1500).trim();

export const CASES: readonly Case[] = [
  // Headers: renamed, missing, duplicated, moved.
  {
    id: 'C01',
    title: 'Headers renamed to known aliases',
    did: 'Renamed "Stage" to "Deal stage" and "Amount" to "Value", as a CRM export does.',
    deals: [
      ['Deal ID', 'Deal', 'Owner', 'Deal stage', 'Value'],
      ['D1', 'Pilot', 'ann@example.com', 'Lead', 1000],
    ],
    findings: [],
    reads: [
      { row: 2, field: 'stage', value: 'Lead' },
      { row: 2, field: 'amount', value: 1000 },
    ],
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
  },
  {
    id: 'C02',
    title: 'Stage header renamed to an unknown word',
    did: 'Renamed the "Stage" header to "Phase".',
    deals: [
      ['Deal ID', 'Deal', 'Owner', 'Phase', 'Amount'],
      ['D1', 'Pilot', 'ann@example.com', 'Lead', 1000],
    ],
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Stage',
        code: 'column-missing',
        severity: 'error',
        says:
          'No "Stage" column was found in row 1, so no deal has a stage. Name ' +
          'the column "Stage" (in a file for the command line, --columns',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C03',
    title: 'Deal ID header deleted',
    did: 'Cleared the "Deal ID" header cell; the IDs below stay.',
    deals: [
      ['', 'Deal', 'Owner', 'Stage', 'Amount'],
      ['D1', 'Pilot', 'ann@example.com', 'Lead', 1000],
    ],
    findings: [{ sheet: 'Deals', row: 1, column: 'Deal ID', code: 'column-missing', severity: 'warning', says: 'Add a "Deal ID" column' }],
    reads: [{ row: 2, field: 'id', value: 'row-2' }],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C04',
    title: 'Amount header typed twice',
    did: 'Copied the Amount column, so two columns are called "Amount".',
    deals: [
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Amount'],
      ['D1', 'Pilot', 'ann@example.com', 'Lead', 1000, 2000],
    ],
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Amount',
        code: 'column-duplicate',
        severity: 'warning',
        says: 'this one is kept as your own column. Rename one of them.',
      },
    ],
    reads: [{ row: 2, field: 'amount', value: 1000 }],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C05',
    title: 'Two headers that mean the same column',
    did: 'Has both "Amount" and "Value" columns.',
    deals: [
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Value'],
      ['D1', 'Pilot', 'ann@example.com', 'Lead', 1000, 7],
    ],
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Value',
        code: 'column-duplicate',
        severity: 'warning',
        says: 'Column "Value" also means Amount, which column "Amount" already holds',
      },
    ],
    reads: [{ row: 2, field: 'amount', value: 1000 }],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C06',
    title: 'A title row above the header',
    did: 'Typed "Pipeline Q4" in row 1; the header is in row 2 and a bad amount in row 4.',
    deals: [['Pipeline Q4'], HEADER, deal('D1'), deal('D2', { amount: 'lots' })],
    findings: [
      {
        sheet: 'Deals',
        row: 4,
        column: 'Amount',
        code: 'amount-not-number',
        severity: 'error',
        says: '"lots" is not a number; type a number such as 12500',
      },
    ],
    dealCount: 2,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C07',
    title: 'Russian headers with text in the amount',
    did: 'Works in Russian headers and typed "много" in Сумма.',
    deals: [
      ['ID сделки', 'Сделка', 'Ответственный', 'Этап', 'Сумма'],
      ['D1', 'Пилот', 'ann@example.com', 'Lead', 'много'],
    ],
    findings: [{ sheet: 'Deals', row: 2, column: 'Сумма', code: 'amount-not-number', severity: 'error', says: '"много" is not a number' }],
    exit: 1,
    surfaces: ALL,
  },
  // Numbers.
  {
    id: 'C08',
    title: 'Text in the amount',
    did: 'Typed "lots" and "TBD" in Amount.',
    deals: dealsWith({ amount: 'lots' }, {}, { amount: 'TBD' }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Amount',
        code: 'amount-not-number',
        severity: 'error',
        says: '"lots" is not a number; type a number such as 12500 (no text in this column).',
      },
      { sheet: 'Deals', row: 4, column: 'Amount', code: 'amount-not-number', severity: 'error', says: '"TBD" is not a number' },
    ],
    dealCount: 3,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C09',
    title: 'Amount with a k suffix',
    did: 'Typed "12k" for twelve thousand.',
    deals: dealsWith({ amount: '12k' }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Amount',
        code: 'amount-not-number',
        severity: 'error',
        says: '"12k" is not a number; type a number such as 12500',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C10',
    title: 'Amounts with currency signs and separators',
    did: 'Typed "$1,200.50", "1 234,50 €" and "1.234.567".',
    deals: dealsWith({ amount: '$1,200.50' }, { amount: '1 234,50 €' }, { amount: '1.234.567' }),
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Amount',
        code: 'currency-from-amount',
        severity: 'warning',
        says: 'the amounts name 2 currencies ($ 1 deal, EUR 1 deal), so each deal takes the currency typed in its amount',
      },
    ],
    reads: [
      { row: 2, field: 'amount', value: 1200.5 },
      { row: 3, field: 'amount', value: 1234.5 },
      { row: 4, field: 'amount', value: 1234567 },
    ],
    // "$" and "€" are two currencies: the core reader takes each deal's from its amount (no Currency column) and says so once, on every
    // surface, rather than add them.
    exit: 0,
    checkSays: [
      'There is no Currency column, but the amounts name 2 currencies ($ 1 ' +
        'deal, EUR 1 deal), so each deal takes the currency typed in its amount',
    ],
    surfaces: ALL,
  },
  {
    id: 'C11',
    title: 'Negative amount',
    did: 'Typed -500 for a discount.',
    deals: dealsWith({ amount: -500 }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Amount',
        code: 'amount-negative',
        severity: 'error',
        says: "The amount -500 is negative; type the deal's value as a positive number.",
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C12',
    title: 'Negative amount in accounting brackets',
    did: 'Typed "(1,200)".',
    deals: dealsWith({ amount: '(1,200)' }),
    findings: [
      { sheet: 'Deals', row: 2, column: 'Amount', code: 'amount-negative', severity: 'error', says: 'The amount -1200 is negative' },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C13',
    title: 'A checkbox in the amount',
    did: 'Turned the Amount cell into a checkbox (TRUE).',
    deals: dealsWith({ amount: true }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Amount',
        code: 'amount-not-number',
        severity: 'error',
        says: 'TRUE/FALSE is not a number; type a number such as 12500',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  // Probabilities.
  {
    id: 'C14',
    title: 'Probability typed as 30, 30% and 0.3',
    did: 'Three reps typed the same probability three ways.',
    deals: dealsWith({ probability: 30 }, { probability: '30%' }, { probability: 0.3 }),
    findings: [],
    reads: [
      { row: 2, field: 'probability', value: 0.3 },
      { row: 3, field: 'probability', value: 0.3 },
      { row: 4, field: 'probability', value: 0.3 },
    ],
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
  },
  {
    id: 'C15',
    title: 'Probability above 100%',
    did: 'Typed 150 in Probability.',
    deals: dealsWith({ probability: 150 }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Probability',
        code: 'probability-invalid',
        severity: 'error',
        says: '150 is outside 0–100%; type a percentage such as 30% or 0.3',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C16',
    title: 'Negative probability',
    did: 'Typed "-10%".',
    deals: dealsWith({ probability: '-10%' }),
    findings: [
      { sheet: 'Deals', row: 2, column: 'Probability', code: 'probability-invalid', severity: 'error', says: '-10% is outside 0–100%' },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C17',
    title: 'Probability as a word',
    did: 'Typed "high" in Probability.',
    deals: dealsWith({ probability: 'high' }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Probability',
        code: 'probability-invalid',
        severity: 'error',
        says: '"high" is not a number; type a percentage such as 30% or 0.3, or leave it blank to use the stage\'s probability',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  // Dates.
  {
    id: 'C18',
    title: 'Dates as serial numbers',
    did: 'Pasted dates that arrived as day numbers (46371).',
    deals: dealsWith({ expectedClose: 46371 }),
    findings: [],
    reads: [{ row: 2, field: 'expectedClose', value: day('2026-12-15') }],
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
    csv: false,
  },
  {
    id: 'C19',
    title: 'Dates typed as text in several locales',
    did:
      'Reps typed 15 December 2026 the way their country writes it, one with ' +
      'a time (a column that mixes 12/15/2026 and 15/12/2026 is C69).',
    deals: dealsWith(
      { expectedClose: '2026-12-15' },
      { expectedClose: '15.12.2026' },
      { expectedClose: '15/12/2026' },
      { expectedClose: 'Dec 15, 2026 10:30 PM' },
      { expectedClose: '15 Dec 2026' },
      { expectedClose: 'Dec 15, 2026' },
      { expectedClose: '15 дек 2026' },
      { expectedClose: '15-12-2026' },
    ),
    findings: [],
    // Row 5 carries a time (22:30); the date-only Expected close keeps its day.
    reads: [2, 3, 4, 6, 7, 8, 9].map((row) => ({ row, field: 'expectedClose' as const, value: day('2026-12-15') })),
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
  },
  {
    id: 'C20',
    title: 'Dates in a script the reader does not know',
    did: 'Typed the date in Japanese, Vietnamese words and French.',
    deals: dealsWith(
      { expectedClose: '2026年12月15日' },
      { expectedClose: 'ngày 15 tháng 12 năm 2026' },
      { expectedClose: '15 décembre 2026' },
    ),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '"2026年12月15日" is not a date; type the date as 2026-11-23 or 23.11.2026.',
      },
      {
        sheet: 'Deals',
        row: 3,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '"ngày 15 tháng 12 năm 2026" is not a date',
      },
      {
        sheet: 'Deals',
        row: 4,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '"15 décembre 2026" is not a date',
      },
    ],
    dealCount: 3,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C21',
    title: 'Impossible dates',
    did: 'Typed 31.02.2026, 2026-02-30, 29/02/2027 and 32.01.2026.',
    deals: dealsWith(
      { expectedClose: '31.02.2026' },
      { expectedClose: '2026-02-30' },
      { expectedClose: '29/02/2027' },
      { expectedClose: '32.01.2026' },
    ),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '31.02.2026 is not a day in the calendar; type the date as 2026-11-23',
      },
      {
        sheet: 'Deals',
        row: 3,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '2026-02-30 is not a day in the calendar',
      },
      {
        sheet: 'Deals',
        row: 4,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '29/02/2027 is not a day in the calendar',
      },
      {
        sheet: 'Deals',
        row: 5,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '32.01.2026 is not a day in the calendar',
      },
    ],
    dealCount: 4,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C22',
    title: 'A date typed as words',
    did: 'Typed "next week" in Expected close.',
    deals: dealsWith({ expectedClose: 'next week' }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '"next week" is not a date; type the date as 2026-11-23 or 23.11.2026.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C23',
    title: 'A number too big to be a date',
    did: 'Typed an amount (3000000) into Expected close.',
    deals: dealsWith({ expectedClose: 3_000_000 }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: 'the number 3000000 is not a date serial; type the date as 2026-11-23',
      },
    ],
    exit: 1,
    surfaces: ALL,
    csv: false,
  },
  {
    id: 'C24',
    title: 'A day count typed where a date belongs',
    did: 'Typed 30 (meaning "in 30 days") in Expected close; as a day number it is 1900-01-29.',
    deals: dealsWith({ expectedClose: 30 }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Expected close',
        code: 'date-implausible',
        severity: 'error',
        says: 'The number 30 reads as the date 1900-01-29, before 1950, so it is left out; type the date as 2026-11-23',
      },
    ],
    reads: [{ row: 2, field: 'expectedClose', value: null }],
    exit: 1,
    surfaces: ALL,
    csv: false,
  },
  // Stages named in Deals.
  {
    id: 'C25',
    title: 'Unknown stage',
    did: 'Typed "Closed Won" as the CRM calls it.',
    deals: dealsWith({ stage: 'Closed Won' }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Stage',
        code: 'stage-unknown',
        severity: 'error',
        says: `"Closed Won" is not a stage in the Stages sheet; ${STAGE_LIST}, or add it to Stages.`,
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C26',
    title: 'Blank stage',
    did: 'Left Stage empty on a deal.',
    deals: dealsWith({ stage: '' }),
    findings: [
      { sheet: 'Deals', row: 2, column: 'Stage', code: 'stage-missing', severity: 'error', says: `This deal has no stage; ${STAGE_LIST}.` },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C27',
    title: 'Stage in other case and spacing',
    did: 'Typed "meeting / demo" and " LEAD ".',
    deals: dealsWith({ stage: 'meeting / demo' }, { stage: ' LEAD ' }),
    findings: [],
    reads: [
      { row: 2, field: 'stage', value: 'Meeting/Demo' },
      { row: 3, field: 'stage', value: 'Lead' },
    ],
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
  },
  // Deal IDs.
  {
    id: 'C28',
    title: 'Duplicate deal IDs',
    did: 'Copied a row and kept its ID.',
    deals: [HEADER, deal('D1'), deal('D2'), deal('D1')],
    findings: [
      {
        sheet: 'Deals',
        row: 4,
        column: 'Deal ID',
        code: 'id-duplicate',
        severity: 'error',
        says: 'Deal ID "D1" is also on row 2; give each deal its own ID.',
      },
    ],
    dealCount: 3,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C29',
    title: 'Duplicate IDs, one a number and one text',
    did: 'Typed 7 in one row and "7" (text) in another.',
    deals: [HEADER, deal(7), deal('7')],
    findings: [
      { sheet: 'Deals', row: 3, column: 'Deal ID', code: 'id-duplicate', severity: 'error', says: 'Deal ID "7" is also on row 2' },
    ],
    dealCount: 2,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C30',
    title: 'Duplicate IDs that differ by invisible characters',
    did: 'Pasted "D1" with a zero-width space and a trailing space.',
    deals: [HEADER, deal('D1'), deal('D1\u200B ')],
    findings: [
      { sheet: 'Deals', row: 3, column: 'Deal ID', code: 'id-duplicate', severity: 'error', says: 'Deal ID "D1" is also on row 2' },
    ],
    dealCount: 2,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C31',
    title: 'A deal without an ID',
    did: 'Added a deal and left Deal ID blank.',
    deals: [HEADER, deal('D1'), deal('')],
    findings: [
      {
        sheet: 'Deals',
        row: 3,
        column: 'Deal ID',
        code: 'id-missing',
        severity: 'warning',
        says: 'This deal has no ID; it is called "row-3" for now. Type a unique ID',
      },
    ],
    dealCount: 2,
    exit: 0,
    surfaces: ALL,
  },
  // Sheet shapes.
  {
    id: 'C32',
    title: 'Empty Deals sheet',
    did: 'Cleared the whole Deals sheet.',
    deals: [],
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Deal ID',
        code: 'deals-empty',
        severity: 'warning',
        says: 'The Deals sheet is empty. Add a header row (Deal ID, Deal, Owner, Stage, Amount, …) and one row per deal.',
      },
    ],
    dealCount: 0,
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C33',
    title: 'Header row only',
    did: 'Set up the sheet and typed no deals yet.',
    deals: [HEADER],
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Deal ID',
        code: 'deals-header-only',
        severity: 'warning',
        says: 'The Deals sheet has a header but no deals below it. Add one row per deal under the header.',
      },
    ],
    dealCount: 0,
    exit: 0,
    checkSays: ['0 deals'],
    surfaces: ALL,
  },
  {
    id: 'C34',
    title: 'Blank rows between deals',
    did: 'Left two blank rows in the middle; a bad amount sits below them.',
    deals: [HEADER, deal('D1'), [null, null, null, null, null, null, null], ['', '', '', '', '', '', ''], deal('D2', { amount: 'lots' })],
    findings: [{ sheet: 'Deals', row: 5, column: 'Amount', code: 'amount-not-number', severity: 'error', says: '"lots" is not a number' }],
    dealCount: 2,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C35',
    title: '50 000 formatted blank rows after the data (.xlsx)',
    did: 'Formatted the whole column down to row 50 004, so the file holds 50 000 blank rows after three deals.',
    file: 'blank-rows-50k.xlsx',
    findings: [],
    dealCount: 3,
    exit: 0,
    checkSays: ['3 deals', 'No problems found.'],
    surfaces: FILE_ONLY,
    notOn: 'Sheets and Excel hand the add-ins only the used range of values, so formatted blank rows never reach them.',
  },
  {
    id: 'C36',
    title: 'Merged cells (.xlsx)',
    did: 'Merged the Stage cells of three deals into one (D2:D4).',
    file: 'merged-stage.xlsx',
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'D',
        code: 'merged-cells',
        severity: 'warning',
        says: 'Cells D2:D4 are merged; every row in it is read with the value of its first cell. Unmerge them',
        on: ['check'],
      },
    ],
    reads: [
      { row: 3, field: 'stage', value: 'Proposal' },
      { row: 4, field: 'stage', value: 'Proposal' },
    ],
    dealCount: 3,
    exit: 0,
    surfaces: FILE_ONLY,
    notOn: 'The Apps Script and Office fakes hold no merges; in Sheets and Excel a merged range gives its value to the first cell only.',
  },
  // Text.
  {
    id: 'C37',
    title: 'Very long text',
    did: 'Pasted a 40 000-character note into Deal and into Stage.',
    deals: dealsWith({ name: LONG, stage: LONG }),
    findings: [
      { sheet: 'Deals', row: 2, column: 'Stage', code: 'stage-unknown', severity: 'error', says: `"${LONG.slice(0, 39)}…" is not a stage` },
    ],
    reads: [{ row: 2, field: 'name', value: LONG }],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C38',
    title: 'Emoji and right-to-left text',
    did: 'Named a deal "🚀 صفقة كبيرة" and typed the stage "🔥 Hot".',
    deals: dealsWith({ name: '🚀 صفقة كبيرة' }, { stage: '🔥 Hot' }),
    findings: [
      {
        sheet: 'Deals',
        row: 3,
        column: 'Stage',
        code: 'stage-unknown',
        severity: 'error',
        says: '"🔥 Hot" is not a stage in the Stages sheet',
      },
    ],
    reads: [{ row: 2, field: 'name', value: '🚀 صفقة كبيرة' }],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C39',
    title: 'Invisible direction marks',
    did:
      'Typed on a right-to-left keyboard, which put a right-to-left mark ' +
      'before "Lead" and a direction override after "Lead" and "Nowhere".',
    deals: dealsWith({ stage: '\u200FLead' }, { stage: 'Lead\u202E' }, { stage: 'Nowhere\u202E' }),
    findings: [{ sheet: 'Deals', row: 4, column: 'Stage', code: 'stage-unknown', severity: 'error', says: '"Nowhere" is not a stage' }],
    reads: [
      { row: 2, field: 'stage', value: 'Lead' },
      { row: 3, field: 'stage', value: 'Lead' },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C40',
    title: 'Zero-width characters',
    did: 'Pasted from a web page: zero-width spaces inside the stage and the amount, and a row holding only zero-width spaces.',
    deals: [HEADER, deal('D1', { stage: 'Le\u200Bad', amount: '1\u200B000' }), ['\u200B', '\u200B', '', '', '', '', ''], deal('D2')],
    findings: [],
    reads: [
      { row: 2, field: 'stage', value: 'Lead' },
      { row: 2, field: 'amount', value: 1000 },
      { row: 4, field: 'id', value: 'D2' },
    ],
    dealCount: 2,
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
  },
  {
    id: 'C41',
    title: 'Owner that is not an email address',
    did: 'Typed "Ann Lee" as Owner.',
    deals: dealsWith({ owner: 'Ann Lee' }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Owner',
        code: 'owner-not-email',
        severity: 'warning',
        says: '"Ann Lee" is not an email address, so this owner gets no digest; type an address such as ann@example.com.',
      },
    ],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C42',
    title: 'Unknown forecast category',
    did: 'Typed "Maybe" in Forecast category.',
    deals: [
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Forecast category'],
      ['D1', 'Pilot', 'ann@example.com', 'Lead', 1000, 'Maybe'],
    ],
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Forecast category',
        code: 'category-unknown',
        severity: 'error',
        says: '"Maybe" is not a forecast category; type Pipeline, Best case, Commit, Closed or Omitted',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C43',
    title: 'A row with several bad cells',
    did: 'One row with an unknown stage, a bad owner, a text amount and a text date.',
    deals: dealsWith({ owner: 'nobody', stage: 'Nowhere', amount: 'lots', expectedClose: 'soon' }),
    findings: [
      { sheet: 'Deals', row: 2, column: 'Stage', code: 'stage-unknown', severity: 'error', says: '"Nowhere" is not a stage' },
      { sheet: 'Deals', row: 2, column: 'Owner', code: 'owner-not-email', severity: 'warning', says: '"nobody" is not an email address' },
      { sheet: 'Deals', row: 2, column: 'Amount', code: 'amount-not-number', severity: 'error', says: '"lots" is not a number' },
      { sheet: 'Deals', row: 2, column: 'Expected close', code: 'date-invalid', severity: 'error', says: '"soon" is not a date' },
    ],
    dealCount: 1,
    exit: 1,
    surfaces: ALL,
  },
  // The Stages sheet.
  {
    id: 'C44',
    title: 'Stages sheet with no won stage',
    did: 'Deleted the Won row from Stages.',
    stages: stagesWith([LEAD, DEMO, LOST]),
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 1,
        column: 'Outcome',
        code: 'no-won-stage',
        severity: 'error',
        says: 'No stage has the outcome "won", so win rate, cycle time and velocity cannot be computed. Set Outcome to "won"',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C45',
    title: 'A cycle in allowed next',
    did: 'Set Lead → Demo and Demo → Lead, so a deal can never be won or lost.',
    stages: stagesWith([[...LEAD.slice(0, 7), 'Demo'], [...DEMO.slice(0, 7), 'Lead'], WON, LOST]),
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 2,
        column: 'Allowed next',
        code: 'stage-dead-end',
        severity: 'warning',
        says:
          'Lead → Demo → Lead: these stages only lead to each other, so a deal in them ' +
          'can never be won or lost. Add Won or Lost to one of their Allowed next.',
      },
      {
        sheet: 'Stages',
        row: 3,
        column: 'Allowed next',
        code: 'stage-dead-end',
        severity: 'warning',
        says: 'Demo → Lead → Demo: these stages only lead to each other',
      },
    ],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C46',
    title: 'A stage allowed to move only to itself',
    did: 'Typed "Lead" in the allowed next stages of Lead.',
    stages: stagesWith([[...LEAD.slice(0, 7), 'Lead'], DEMO, WON, LOST]),
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 2,
        column: 'Allowed next',
        code: 'stage-dead-end',
        severity: 'warning',
        says:
          'Lead → Lead: this stage only leads to itself, so a deal in it can ' +
          'never be won or lost. Add Won or Lost to its Allowed next.',
      },
    ],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C47',
    title: 'Misspelt stage in allowed next',
    did: 'Typed "Demmo" in the allowed next stages of Lead.',
    stages: stagesWith([[...LEAD.slice(0, 7), 'Demmo, Lost'], DEMO, WON, LOST]),
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 2,
        column: 'Allowed next',
        code: 'stage-next-unknown',
        severity: 'error',
        says: '"Demmo" in allowed next stages is not a stage on this sheet; check the spelling or add that stage.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C48',
    title: 'Stage defined twice',
    did: 'Added a second "Demo" row.',
    stages: stagesWith([LEAD, DEMO, ['demo', 5, 0.6, 21, 'Best case', 'open', '', ''], WON, LOST]),
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 4,
        column: 'Stage',
        code: 'stage-duplicate',
        severity: 'error',
        says: '"demo" is already defined on row 3; give each stage a different name.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C49',
    title: 'Stage probability typed as 150',
    did: 'Typed 150 as the win probability of Demo.',
    stages: stagesWith([LEAD, ['Demo', 2, 150, 21, 'Best case', 'open', '', ''], WON, LOST]),
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 3,
        column: 'Probability',
        code: 'stage-probability',
        severity: 'error',
        says: '150 is outside 0–100%; type the win probability of "Demo" between 0% and 100%.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C50',
    title: 'Stage probabilities typed as 30, 30% and 0.3',
    did: 'Typed the same probability three ways in Stages.',
    stages: stagesWith([
      ['Lead', 1, 30, 14, 'Pipeline', 'open', '', ''],
      ['Demo', 2, '30%', 21, 'Best case', 'open', '', ''],
      ['Trial', 3, 0.3, 21, 'Best case', 'open', '', ''],
      WON,
      LOST,
    ]),
    deals: [HEADER, deal('D1')],
    findings: [],
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
  },
  {
    id: 'C51',
    title: 'Unknown outcome word',
    did: 'Typed "done" as the outcome of Won.',
    stages: stagesWith([LEAD, DEMO, ['Won', 3, 1, '', 'Closed', 'done', '', ''], LOST]),
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 4,
        column: 'Outcome',
        code: 'stage-outcome',
        severity: 'error',
        says: '"done" is not an outcome; type open, won or lost.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C52',
    title: 'Stages sheet with a header only',
    did: 'Deleted every stage row, keeping the header.',
    stages: [STAGE_HEADER],
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 2,
        column: 'Stage',
        code: 'no-stages',
        severity: 'warning',
        says: 'The Stages sheet lists no stages, so the default stages are used. Add one row per stage under the header.',
      },
    ],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C53',
    title: 'Deals use a stage the custom Stages sheet lacks',
    did: 'Kept the default "Proposal" in Deals after replacing the stages with Lead, Demo, Won, Lost.',
    stages: stagesWith([LEAD, DEMO, WON, LOST]),
    deals: dealsWith({ stage: 'Proposal' }),
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Stage',
        code: 'stage-unknown',
        severity: 'error',
        says: '"Proposal" is not a stage in the Stages sheet; pick one of: Lead, Demo, Won, Lost, or add it to Stages.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  // History.
  {
    id: 'C54',
    title: 'History rows with a bad timestamp and an unknown stage',
    did: 'Typed "yesterday" as a timestamp and moved a deal to "Closed Won" by hand in History.',
    deals: [HEADER, deal('D1')],
    history: [
      HISTORY_HEADER,
      ['yesterday', 'D1', '', 'Lead', '', '', '', '', 'edit'],
      [day('2026-11-02'), 'D1', 'Lead', 'Closed Won', '', '', '', '', 'edit'],
    ],
    findings: [
      {
        sheet: 'History',
        row: 2,
        column: 'Timestamp',
        code: 'history-date',
        severity: 'error',
        says: '"yesterday" is not a date; this move is skipped until it has a date such as 2026-11-23 14:05.',
      },
      {
        sheet: 'History',
        row: 3,
        column: 'To stage',
        code: 'history-stage-unknown',
        severity: 'warning',
        says: '"Closed Won" is not a stage in the Stages sheet',
      },
    ],
    exit: 1,
    surfaces: ['core', 'check', 'excel'],
    notOn: 'Sheets: "Validate all deals" reads Stages and Deals only, so History problems never reach its sidebar.',
  },
  {
    id: 'C55',
    title: 'History values that cannot be read',
    did: 'Typed "lots" as the amount, 31.02.2026 as the expected close and 150 as the probability of a move.',
    deals: [HEADER, deal('D1')],
    history: [HISTORY_HEADER, [day('2026-11-02'), 'D1', '', 'Lead', 'lots', '31.02.2026', 150, '', 'edit']],
    findings: [
      {
        sheet: 'History',
        row: 2,
        column: 'Amount',
        code: 'history-amount',
        severity: 'warning',
        says: '"lots" is not a number; this move is kept without an amount. Type a number such as 12500.',
      },
      {
        sheet: 'History',
        row: 2,
        column: 'Expected close',
        code: 'history-expected-close',
        severity: 'warning',
        says: '31.02.2026 is not a day in the calendar; this move is kept without an expected close.',
      },
      {
        sheet: 'History',
        row: 2,
        column: 'Probability',
        code: 'history-probability',
        severity: 'warning',
        says: '150 is outside 0–100%; this move is kept without a probability. Type a percentage such as 30% or 0.3.',
      },
    ],
    exit: 0,
    surfaces: ['core', 'check', 'excel'],
    notOn: 'Sheets: "Validate all deals" reads Stages and Deals only.',
  },
  {
    id: 'C56',
    title: 'Amount header renamed to a word the reader does not know',
    did: 'Renamed "Amount" to "Amt"; the deals are in Meeting/Demo, which requires an amount.',
    deals: [
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amt'],
      ['D1', 'Pilot', 'ann@example.com', 'Meeting/Demo', 1000],
    ],
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Amount',
        code: 'required-column-missing',
        severity: 'warning',
        says:
          'No "Amount" column was found in row 1, but deals in "Meeting/Demo" need it. Name ' +
          'a column "Amount" (or rename yours to it). Columns not recognised: "Amt".',
      },
      {
        sheet: 'Deals',
        row: 2,
        column: 'Amount',
        code: 'required-missing',
        severity: 'warning',
        says: 'Deals in "Meeting/Demo" need Amount; fill it in.',
        on: ['check', 'excel', 'sheets'],
      },
    ],
    exit: 0,
    surfaces: ALL,
  },
  // What only a file can carry.
  {
    id: 'C57',
    title: 'Semicolon CSV with a BOM and decimal commas',
    did: 'Saved from German Excel: `;` between fields, a byte-order mark, "1.234,50" amounts, and "viel" in one amount.',
    file: 'semicolon-bom.csv',
    findings: [{ sheet: 'Deals', row: 3, column: 'Amount', code: 'amount-not-number', severity: 'error', says: '"viel" is not a number' }],
    reads: [
      { row: 2, field: 'id', value: 'D1' },
      { row: 2, field: 'amount', value: 1234.5 },
      { row: 4, field: 'amount', value: 2.5 },
    ],
    dealCount: 3,
    exit: 1,
    surfaces: FILE_ONLY,
    notOn: 'A file format: Sheets and Excel open it into cells first.',
  },
  {
    id: 'C58',
    title: 'Date numbers in a CSV',
    did: 'Exported from a sheet whose dates were unformatted, so Expected close holds "46371" as text.',
    file: 'serial-dates.csv',
    findings: [
      {
        sheet: 'Deals',
        row: 2,
        column: 'Expected close',
        code: 'date-invalid',
        severity: 'error',
        says: '"46371" is a day number, not a date (it would be 2026-12-15); type the date as 2026-11-23',
      },
    ],
    exit: 1,
    surfaces: FILE_ONLY,
    notOn: 'In a sheet a typed 46371 stays a number and is read as a date (C18).',
  },
  {
    id: 'C59',
    title: 'An empty file',
    did: 'Saved a 0-byte deals.csv.',
    file: 'empty.csv',
    findings: [],
    exit: 2,
    checkSays: ['is empty (0 bytes).'],
    surfaces: ['core', 'check'],
    notOn: 'Only a file can be empty.',
  },
  {
    id: 'C60',
    title: 'A text file renamed to .xlsx',
    did: 'Renamed notes.txt to deals.xlsx.',
    file: 'renamed-text.xlsx',
    findings: [],
    exit: 2,
    checkSays: [
      'is not a valid .xlsx workbook (it does not start like one; the file may be ' +
        'damaged or renamed). Open it in Excel or LibreOffice and save it again as .xlsx.',
    ],
    surfaces: ['core', 'check'],
    notOn: 'A damaged file cannot be opened in Sheets or Excel.',
  },
  {
    id: 'C61',
    title: 'A damaged workbook',
    did: 'Downloaded a workbook that was cut off half way.',
    file: 'truncated.xlsx',
    findings: [],
    exit: 2,
    checkSays: ['could not be read as an .xlsx workbook', 'The file may be damaged; open it in Excel or LibreOffice and save it again.'],
    surfaces: ['core', 'check'],
    notOn: 'A damaged file cannot be opened in Sheets or Excel.',
  },
  {
    id: 'C62',
    title: 'An old .xls workbook',
    did: 'Passed a Excel 97-2003 .xls file.',
    file: 'old-format.xls',
    findings: [],
    exit: 2,
    checkSays: ['is an old binary Excel file (.xls). Save it as .xlsx (Excel Workbook) or .csv and try again.'],
    surfaces: ['core', 'check'],
    notOn: 'Sheets and Excel convert .xls on opening.',
  },
  {
    id: 'C63',
    title: 'A workbook with no Deals sheet',
    did: 'Passed a workbook that holds only the Stages sheet.',
    file: 'stages-only.xlsx',
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: '',
        code: 'deals-sheet-missing',
        severity: 'error',
        says: 'The file has no Deals sheet (sheets: Stages). Add a sheet called Deals with one row per deal.',
        on: ['check'],
      },
    ],
    exit: 1,
    surfaces: FILE_ONLY,
    notOn: 'Sheets and Excel: "Set up workbook" makes the Deals sheet; validate with none is covered by their own tests.',
  },
  {
    id: 'C64',
    title: 'Empty Stages sheet',
    did: 'Cleared the whole Stages sheet.',
    stages: [],
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 1,
        column: 'Stage',
        code: 'no-stages',
        severity: 'warning',
        says:
          'The Stages sheet has no "Stage" column, so the default stages (Lead ' +
          '… Won, Lost) are used. Add a header row starting with "Stage"',
      },
    ],
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C65',
    title: 'Stages table below a blank first row',
    did: 'Inserted a blank row above the Stages header, then typed "lead" a second time on sheet row 4.',
    stages: [
      [null, null, null, null, null, null, null, null],
      STAGE_HEADER,
      LEAD,
      ['lead', 2, 0.2, 14, 'Pipeline', 'open', '', ''],
      WON,
      LOST,
    ],
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 4,
        column: 'Stage',
        code: 'stage-duplicate',
        severity: 'error',
        says: '"lead" is already defined on row 3; give each stage a different name.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C66',
    title: 'A title row above the Stages header',
    did: 'Typed "Our pipeline 2026" in row 1 of Stages; the header is in row 2 and Demo, on row 4, has 150 as its probability.',
    stages: [
      ['Our pipeline 2026', null, null, null, null, null, null, null],
      STAGE_HEADER,
      LEAD,
      ['Demo', 2, 150, 21, 'Best case', 'open', '', ''],
      WON,
      LOST,
    ],
    deals: [HEADER, deal('D1')],
    findings: [
      {
        sheet: 'Stages',
        row: 4,
        column: 'Probability',
        code: 'stage-probability',
        severity: 'error',
        says: '150 is outside 0–100%; type the win probability of "Demo" between 0% and 100%.',
      },
    ],
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C67',
    title: 'Duplicate IDs that differ by direction marks',
    did:
      'Typed on a right-to-left keyboard, which put a left-to-right mark ' +
      'after "D1" in one row and wrapped "D1" in isolate marks in another.',
    deals: [HEADER, deal('D1'), deal('D1\u200E'), deal('\u2066D1\u2069')],
    findings: [
      {
        sheet: 'Deals',
        row: 3,
        column: 'Deal ID',
        code: 'id-duplicate',
        severity: 'error',
        says: 'Deal ID "D1" is also on row 2; give each deal its own ID.',
      },
      {
        sheet: 'Deals',
        row: 4,
        column: 'Deal ID',
        code: 'id-duplicate',
        severity: 'error',
        says: 'Deal ID "D1" is also on row 2; give each deal its own ID.',
      },
    ],
    dealCount: 3,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C68',
    title: 'An ambiguous date in a column of month-first dates',
    did: 'An American rep typed 03/04/2026 (meaning March 4) and 12/31/2026 in Expected close.',
    deals: dealsWith({ expectedClose: '03/04/2026' }, { expectedClose: '12/31/2026' }),
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Expected close',
        code: 'date-order-from-column',
        severity: 'warning',
        says:
          'This column is read month first (US style): "12/31/2026" on row 3 can only be month first, so its 1 ' +
          'date that read either way, such as "03/04/2026" on row 2, is read month first too (2026-03-04).',
      },
    ],
    // 12/31 can only be month first, so the whole column is: 03/04/2026 is March 4.
    reads: [
      { row: 2, field: 'expectedClose', value: day('2026-03-04') },
      { row: 3, field: 'expectedClose', value: day('2026-12-31') },
    ],
    dealCount: 2,
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C69',
    title: 'Month-first and day-first dates in one column',
    did: 'Two reps typed US dates (12/31/2026, 11/30/2026), a third typed 31/12/2026, and 03/04/2026 reads either way.',
    deals: dealsWith(
      { expectedClose: '12/31/2026' },
      { expectedClose: '11/30/2026' },
      { expectedClose: '31/12/2026' },
      { expectedClose: '03/04/2026' },
    ),
    findings: [
      {
        sheet: 'Deals',
        row: 4,
        column: 'Expected close',
        code: 'date-order-contradicted',
        severity: 'error',
        says:
          '"31/12/2026" can only be day first, but this column is read month first: 2 of its dates, such as "12/31/2026" on ' +
          'row 2, can only be month first. It is left out; if it means 2026-12-31, type it year first, as 2026-12-31.',
      },
      {
        sheet: 'Deals',
        row: 1,
        column: 'Expected close',
        code: 'date-order-from-column',
        severity: 'warning',
        says: 'so its 1 date that read either way, such as "03/04/2026" on row 5, is read month first too (2026-03-04)',
      },
    ],
    // Two dates can only be month first, one only day first: the column is month first, and the one that contradicts it is left out.
    reads: [
      { row: 4, field: 'expectedClose', value: null },
      { row: 5, field: 'expectedClose', value: day('2026-03-04') },
    ],
    dealCount: 4,
    exit: 1,
    surfaces: ALL,
  },
  {
    id: 'C70',
    title: 'A column of dates that all read either way',
    did: 'Typed 03/04/2026, 05/06/2026 and 01/02/2027 (every day 12 or less), and set no Date order.',
    deals: dealsWith({ expectedClose: '03/04/2026' }, { expectedClose: '05/06/2026' }, { expectedClose: '01/02/2027' }),
    findings: [
      {
        sheet: 'Deals',
        row: 1,
        column: 'Expected close',
        code: 'date-order-assumed',
        severity: 'warning',
        says:
          '3 dates in this column, such as "03/04/2026" on row 2, read either way round, and none of its dates ' +
          'shows which (no day above 12), so they are read day first (2026-04-03, not 2026-03-04). If they are ' +
          'month first (US style), set "Date order" to mdy in the Stages sheet (on the command line: --dates mdy).',
      },
    ],
    reads: [
      { row: 2, field: 'expectedClose', value: day('2026-04-03') },
      { row: 4, field: 'expectedClose', value: day('2027-02-01') },
    ],
    dealCount: 3,
    exit: 0,
    surfaces: ALL,
  },
  {
    id: 'C71',
    title: 'Date order set to mdy in the Stages sheet',
    did: 'A US team typed 03/04/2026 and 05/06/2026 and set "Date order" to mdy under the stages.',
    stages: stagesWith([LEAD, DEMO, WON, LOST, [], ['Setting', 'Value'], ['Date order', 'mdy']]),
    deals: dealsWith({ expectedClose: '03/04/2026' }, { expectedClose: '05/06/2026' }),
    findings: [],
    reads: [
      { row: 2, field: 'expectedClose', value: day('2026-03-04') },
      { row: 3, field: 'expectedClose', value: day('2026-05-06') },
    ],
    dealCount: 2,
    exit: 0,
    checkSays: ['No problems found.'],
    surfaces: ALL,
  },
];

/** Where a finding is in words, as `check` prints it: "Deals row 7, Amount". */
export function where(finding: Pick<Finding, 'sheet' | 'row' | 'column'>): string {
  return `${finding.sheet} row ${finding.row}${finding.column ? `, ${finding.column}` : ''}`;
}

/**
 * The History sheet's name on each surface: Excel refuses to create a sheet called
 * "History" (it keeps the name for change tracking), so the add-in and .xlsx files
 * made by the tool call it "Stage history".
 */
export const HISTORY_SHEET_ON: Readonly<Record<Surface, string>> = {
  core: 'History',
  sheets: 'History',
  check: 'Stage history',
  excel: 'Stage history',
};

/** The findings a surface must show, with the sheet named as that surface names it. */
export function findingsOn(c: Case, surface: Surface): Finding[] {
  return c.findings
    .filter((f) => !f.on || f.on.includes(surface))
    .map((f) => (f.sheet === 'History' ? { ...f, sheet: HISTORY_SHEET_ON[surface] } : f));
}
