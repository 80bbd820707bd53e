import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, findStage, readStages, stagesToTable } from '../../src/core/stages';

const header = ['Stage', 'Order', 'Probability', 'Rotting days', 'Forecast category', 'Outcome', 'Required fields', 'Allowed next'];

describe('readStages', () => {
  it('reads back the default stages and rules unchanged', () => {
    const { config, problems } = readStages(stagesToTable(DEFAULT_CONFIG));
    expect(problems).toEqual([]);
    expect(config).toEqual(DEFAULT_CONFIG);
  });

  it('reads columns in any order, with Russian headers, and a rule block', () => {
    const { config, problems } = readStages([
      ['Вероятность', 'Этап', 'Итог', 'Дней до застоя'],
      ['20%', 'Созвон', 'open', 7],
      [1, 'Договор', 'won', ''],
      ['0', 'Отказ', 'lost', ''],
      [],
      ['Разрешить пропуск этапов', 'да'],
      ['Language', 'ru'],
    ]);
    expect(problems).toEqual([]);
    expect(config.stages.map((s) => [s.name, s.probability, s.outcome, s.rottingDays])).toEqual([
      ['Созвон', 0.2, 'open', 7],
      ['Договор', 1, 'won', null],
      ['Отказ', 0, 'lost', null],
    ]);
    expect(config.rules.skippingAllowed).toBe(true);
    expect(config.rules.language).toBe('ru');
  });

  it('finds a stage whatever the case and spacing', () => {
    expect(findStage(DEFAULT_CONFIG, ' meeting / demo ')?.name).toBe('Meeting/Demo');
    expect(findStage(DEFAULT_CONFIG, 'NEGOTIATION')?.name).toBe('Negotiation');
  });
  it('finds a stage named with punctuation only by that name, never by a blank or "-" Stage cell (found by test/fuzz)', () => {
    const config = { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages, { ...DEFAULT_CONFIG.stages[0], name: '#', order: 99 }] };
    expect(findStage(config, ' # ')?.name).toBe('#');
    expect(findStage(config, '')).toBeUndefined();
    expect(findStage(config, '-')).toBeUndefined();
  });
});

describe('readStages: bad input gives problems by row and column, never a crash', () => {
  const codes = (values: unknown[][]) => readStages(values).problems.map((p) => [p.row, p.column, p.code]);

  it('1. a duplicate stage name', () => {
    expect(codes([header, ['Lead', 1, 0.1], ['lead', 2, 0.2], ['Won', 3, 1, '', '', 'won']])).toEqual([[3, 'Stage', 'stage-duplicate']]);
  });
  it('2. a probability above 100%', () => {
    expect(codes([header, ['Lead', 1, '150%'], ['Won', 2, 1, '', '', 'won']])).toEqual([[2, 'Probability', 'stage-probability']]);
  });
  it('3. a negative probability', () => {
    expect(codes([header, ['Lead', 1, -0.2], ['Won', 2, 1, '', '', 'won']])).toEqual([[2, 'Probability', 'stage-probability']]);
  });
  it('4. no won stage', () => {
    expect(codes([header, ['Lead', 1, 0.1], ['Dead', 2, 0, '', '', 'lost']])).toEqual([[1, 'Outcome', 'no-won-stage']]);
  });
  it('5. an unknown stage in allowed next', () => {
    expect(codes([header, ['Lead', 1, 0.1, '', '', '', '', 'Qualifed, Won'], ['Won', 2, 1, '', '', 'won']])).toEqual([
      [2, 'Allowed next', 'stage-next-unknown'],
    ]);
  });
  it('6. an unknown outcome word', () => {
    expect(codes([header, ['Lead', 1, 0.1, '', '', 'maybe'], ['Won', 2, 1, '', '', 'won']])).toEqual([[2, 'Outcome', 'stage-outcome']]);
  });
  it('7. an unknown forecast category', () => {
    expect(codes([header, ['Lead', 1, 0.1, '', 'Upside'], ['Won', 2, 1, '', '', 'won']])).toEqual([
      [2, 'Forecast category', 'stage-category'],
    ]);
  });
  it('8. text in rotting days', () => {
    expect(codes([header, ['Lead', 1, 0.1, 'two weeks'], ['Won', 2, 1, '', '', 'won']])).toEqual([[2, 'Rotting days', 'stage-rotting']]);
  });
  it('9. an unknown required field', () => {
    expect(codes([header, ['Lead', 1, 0.1, '', '', '', 'Budget'], ['Won', 2, 1, '', '', 'won']])).toEqual([
      [2, 'Required fields', 'stage-required-unknown'],
    ]);
  });
  it('10. a row with no stage name', () => {
    expect(codes([header, ['', 1, 0.1], ['Won', 2, 1, '', '', 'won']])).toEqual([[2, 'Stage', 'stage-name-missing']]);
  });
  it('11. an empty sheet falls back to the defaults with a warning', () => {
    const read = readStages([]);
    expect(read.config.stages).toEqual(DEFAULT_CONFIG.stages);
    expect(read.problems.map((p) => [p.code, p.severity])).toEqual([['no-stages', 'warning']]);
  });
  it('12. a header row only', () => {
    expect(codes([header])).toEqual([[2, 'Stage', 'no-stages']]);
  });
  it('13. a bad rule value, a bad hour and a bad manager address', () => {
    expect(
      codes([
        header,
        ['Won', 1, 1, '', '', 'won'],
        [],
        ['Skipping allowed', 'perhaps'],
        ['Digest hour', 25],
        ['Manager email', 'boss at example'],
      ]),
    ).toEqual([
      [4, 'Skipping allowed', 'rule-yes-no'],
      [5, 'Digest hour', 'rule-hour'],
      [6, 'Manager email', 'rule-email'],
    ]);
  });
  it('14. allowed-next lists that never reach a won or lost stage', () => {
    expect(codes([header, ['A', 1, 0.1, '', '', '', '', 'B'], ['B', 2, 0.2, '', '', '', '', 'A'], ['Won', 3, 1, '', '', 'won']])).toEqual([
      [2, 'Allowed next', 'stage-dead-end'],
      [3, 'Allowed next', 'stage-dead-end'],
    ]);
  });
  it('14b. a loop is named in the order the Allowed next cells lead, with the won and lost stages to add', () => {
    // A → B, B → C, C → B: from A the first allowed next leads A → B → C and back to B.
    const { problems } = readStages([
      header,
      ['A', 1, 0.1, '', '', '', '', 'B'],
      ['B', 2, 0.2, '', '', '', '', 'C'],
      ['C', 3, 0.3, '', '', '', '', 'B'],
      ['Closed', 4, 1, '', '', 'won'],
      ['Gone', 5, 0, '', '', 'lost'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'A → B → C → B: these stages only lead to each other, so a deal in them can never be won or lost. Add Closed or Gone to ' +
        'one of their Allowed next.',
      'B → C → B: these stages only lead to each other, so a deal in them can never be won or lost. Add Closed or Gone to one of ' +
        'their Allowed next.',
      'C → B → C: these stages only lead to each other, so a deal in them can never be won or lost. Add Closed or Gone to one of ' +
        'their Allowed next.',
    ]);
  });
  it('14c. a title row above the header is passed over, as in Deals', () => {
    // Title on row 1, header on row 2, so the second "lead" is on row 4 and the first on row 3.
    const { config, problems } = readStages([
      ['Our pipeline 2026'],
      header,
      ['Lead', 1, 0.1],
      ['lead', 2, 0.2],
      ['Won', 3, 1, '', '', 'won'],
    ]);
    expect(config.stages.map((s) => s.name)).toEqual(['Lead', 'Won']);
    expect(problems.map((p) => [p.row, p.code, p.message])).toEqual([
      [4, 'stage-duplicate', '"lead" is already defined on row 3; give each stage a different name.'],
    ]);
  });
  it('14d. firstRow numbers the rows as the sheet does when the values start lower down', () => {
    // values[0] is sheet row 5: header 5, Lead 6, lead 7; the rule on values[5] is row 10.
    const { problems } = readStages(
      [header, ['Lead', 1, 0.1], ['lead', 2, 0.2], ['Won', 3, 1, '', '', 'won'], [], ['Digest hour', 25]],
      'Stages',
      { firstRow: 5 },
    );
    expect(problems.map((p) => [p.row, p.code, p.message])).toEqual([
      [10, 'rule-hour', 'The digest hour must be a whole number from 0 to 23.'],
      [7, 'stage-duplicate', '"lead" is already defined on row 6; give each stage a different name.'],
    ]);
    // An empty sheet starting on row 3 is reported on row 3.
    expect(readStages([], 'Stages', { firstRow: 3 }).problems.map((p) => [p.row, p.code])).toEqual([[3, 'no-stages']]);
  });
  it('14e. a stage name keeps no invisible direction mark, so Deals and History get the plain name', () => {
    const { config } = readStages([header, ['\u200FLead\u200E', 1, 0.1], ['Won', 2, 1, '', '', 'won']]);
    expect(config.stages[0].name).toBe('Lead');
  });
  it('15. a missing order keeps the row order', () => {
    const { config } = readStages([header, ['B', '', 0.1], ['A', '', 0.2], ['Won', '', 1, '', '', 'won']]);
    expect(config.stages.map((s) => s.name)).toEqual(['B', 'A', 'Won']);
  });
});

describe('readStages: counterexamples found by test/fuzz', () => {
  it('a row below the blank row that ends the table is reported, not dropped; rules and the Setting header are not', () => {
    const { config, problems } = readStages([
      header,
      ['Lead'],
      ['Won', '', '', '', '', 'won'],
      [],
      ['Proposal'],
      ['Setting', 'Value'],
      ['Skipping allowed', 'yes'],
    ]);
    // Row 5 ("Proposal") sits under the blank row 4, so it is not a stage; the rule on row 7 still applies.
    expect(config.stages.map((s) => s.name)).toEqual(['Lead', 'Won']);
    expect(config.rules.skippingAllowed).toBe(true);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([[5, 'Stage', 'stage-row-ignored']]);
  });

  it('a 12,000-character cell is cut to 40 characters in the message', () => {
    const long = 'L'.repeat(12_000);
    const { problems } = readStages([header, ['Lead', '', '', '', long], ['Won', '', '', '', '', 'won']]);
    // shorten keeps 39 characters and adds "…"; the rest of the message is fixed text.
    expect(problems.map((p) => p.message)).toEqual([
      `"${'L'.repeat(39)}…" is not a forecast category; type one of Pipeline, Best case, Commit, Closed, Omitted.`,
    ]);
  });

  it('a missing row (a hole in the values) above the header does not throw', () => {
    const values: unknown[][] = [];
    values[1] = header;
    values[2] = ['Lead'];
    values[3] = ['Won', '', '', '', '', 'won'];
    expect(readStages(values).config.stages.map((s) => s.name)).toEqual(['Lead', 'Won']);
  });
});
