/**
 * inferStages and dealsOutsideStages on small deal lists whose answers are read off
 * the rows: won/lost words in en/vi/ru/es, open stages by Probability or by age.
 */
import { describe, expect, it } from 'vitest';
import { blankDeal, DEFAULT_CONFIG, dealsOutsideStages, inferStages, outcomeFromWords } from '../../src/core/index';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('outcomeFromWords', () => {
  it('reads won and lost in English, Vietnamese, Russian and Spanish, and nothing else', () => {
    expect(['Closed Won', 'Thắng', 'Успешно реализовано', 'Cerrada ganada', 'Won'].map(outcomeFromWords)).toEqual([
      'won',
      'won',
      'won',
      'won',
      'won',
    ]);
    expect(['Closed Lost', 'Thua', 'Проиграна', 'Perdido', 'Out-Sold', 'Canceled'].map(outcomeFromWords)).toEqual([
      'lost',
      'lost',
      'lost',
      'lost',
      'lost',
      'lost',
    ]);
    expect(['Proposal', 'Negotiation', 'Windows rollout', 'Lostock site'].map(outcomeFromWords)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('inferStages', () => {
  it('orders open stages by typical deal age when there is no Probability column', () => {
    const deals = [
      blankDeal({ stage: 'Contrato', created: day('2026-06-01') }),
      blankDeal({ stage: 'Demo', created: day('2026-09-01') }),
      blankDeal({ stage: 'Demo', created: day('2026-09-15') }),
      blankDeal({ stage: 'Nuevo', created: day('2026-11-01') }),
      blankDeal({ stage: 'Ganado', created: day('2026-01-01') }),
    ];
    const { config, stages } = inferStages(deals, false);
    // Median Created: Nuevo 11-01, Demo 09-08, Contrato 06-01: newest first. Probabilities 1/4, 2/4, 3/4.
    expect(config.stages.map((s) => [s.name, s.order, s.probability, s.outcome])).toEqual([
      ['Nuevo', 1, 0.25, 'open'],
      ['Demo', 2, 0.5, 'open'],
      ['Contrato', 3, 0.75, 'open'],
      ['Ganado', 4, 1, 'won'],
    ]);
    expect(stages[1].how).toContain('median Created 2026-09-08');
  });
});

describe('dealsOutsideStages', () => {
  it('counts and sums the deals whose stage the set lacks, and those with none', () => {
    const left = dealsOutsideStages(
      [
        blankDeal({ stage: 'Lead', amount: 5 }),
        blankDeal({ stage: 'Discovery', amount: 10 }),
        blankDeal({ stage: 'Discovery', amount: 20 }),
        blankDeal({ stage: '', amount: 1 }),
      ],
      DEFAULT_CONFIG,
    );
    expect(left).toEqual({
      deals: 3,
      amount: 31,
      byStage: [
        { stage: 'Discovery', deals: 2, amount: 30 },
        { stage: '', deals: 1, amount: 1 },
      ],
    });
  });
});
