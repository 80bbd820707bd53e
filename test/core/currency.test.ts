import { describe, expect, it } from 'vitest';
import { baseTotal, convertDeals, dealCurrencies, NO_CURRENCY, rateOn, readRates, splitByCurrency } from '../../src/core/currency';
import { blankDeal } from '../../src/core/deals';
import { forecast } from '../../src/core/forecast';
import { DEFAULT_CONFIG } from '../../src/core/stages';
import { totalWon } from '../../src/core/won-metrics';
import { digests, renderManagerSummary } from '../../src/core/digest';
import { staleDeals } from '../../src/core/stale';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
// Rates into USD: EUR 1.10 any day; RUB 0.011 from 2026-01-01 and 0.010 from 2026-07-01; VND 0.00004.
const RATES = [
  ['Currency', 'Rate to USD', 'From'],
  ['EUR', 1.1, ''],
  ['RUB', 0.011, '2026-01-01'],
  ['rub', 0.01, '2026-07-01'],
  ['VND', '0.00004', ''],
];
const deals = [
  // 250,000,000 × 0.00004 = 10,000
  blankDeal({ id: 'V1', stage: 'Won', amount: 250_000_000, currency: 'VND', closedOn: day('2026-03-01') }),
  blankDeal({ id: 'E1', stage: 'Won', amount: 20_000, currency: 'EUR', closedOn: day('2026-05-01') }), // 20,000 × 1.1 = 22,000
  blankDeal({ id: 'R1', stage: 'Won', amount: 1_000_000, currency: 'RUB', closedOn: day('2026-03-15') }), // March rate 0.011: 11,000
  blankDeal({ id: 'R2', stage: 'Won', amount: 1_000_000, currency: 'RUB', closedOn: day('2026-08-01') }), // July rate 0.010: 10,000
  blankDeal({ id: 'U1', stage: 'Proposal', amount: 5_000, currency: 'USD', expectedClose: day('2026-12-10') }), // 5,000 × 60% = 3,000
  // before the first RUB rate: 0.011, said so
  blankDeal({ id: 'R3', stage: 'Lost', amount: 500_000, currency: 'RUB', closedOn: day('2025-12-01') }),
  blankDeal({ id: 'J1', stage: 'Proposal', amount: 100_000, currency: 'JPY', expectedClose: day('2026-12-20') }), // no JPY rate: left out
];

describe('readRates', () => {
  it('reads the base from the header and each rate with its start date', () => {
    const { rates, problems } = readRates(RATES);
    expect(problems).toEqual([]);
    expect(rates!.base).toBe('USD');
    expect(rates!.rates.map((r) => [r.currency, r.rate, r.from ? r.from.toISOString().slice(0, 10) : null])).toEqual([
      ['EUR', 1.1, null],
      ['RUB', 0.011, '2026-01-01'],
      ['RUB', 0.01, '2026-07-01'],
      ['VND', 0.00004, null],
    ]);
  });

  it('takes the base from the one currency at rate 1, and reports rows it cannot use by row and column', () => {
    const { rates, problems } = readRates([
      ['Currency', 'Rate'],
      ['USD', 1],
      ['EUR', 'abc'],
      ['', 2],
      ['RUB', 0.011],
    ]);
    expect(rates!.base).toBe('USD');
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'Rate', 'rate-invalid'],
      [4, 'Currency', 'rate-currency-missing'],
    ]);
  });

  it('asks which currency the rates are into when nothing says', () => {
    const { rates, problems } = readRates([
      ['Currency', 'Rate'],
      ['EUR', 1.1],
    ]);
    expect(rates).toBeNull();
    expect(problems[0].code).toBe('rates-base-unknown');
  });

  it('reads Vietnamese and Russian headers', () => {
    expect(
      readRates([
        ['Tiền tệ', 'Tỷ giá sang VND'],
        ['USD', 25_000],
      ]).rates!.base,
    ).toBe('VND');
    expect(
      readRates([
        ['Валюта', 'Курс к RUB', 'Дата'],
        ['USD', 90, '01.01.2026'],
      ]).rates!.rates[0].from,
    ).toEqual(day('2026-01-01'));
  });
});

describe('rateOn and convertDeals', () => {
  const rates = readRates(RATES).rates!;

  it('uses the rate in force on the day, 1 for the base, none for a currency without a rate', () => {
    expect(rateOn(rates, 'RUB', day('2026-06-30'))).toEqual({ rate: 0.011, beforeFirst: false });
    expect(rateOn(rates, 'RUB', day('2026-07-01'))).toEqual({ rate: 0.01, beforeFirst: false });
    expect(rateOn(rates, 'RUB', day('2025-01-01'))).toEqual({ rate: 0.011, beforeFirst: true });
    expect(rateOn(rates, 'USD', null)).toEqual({ rate: 1, beforeFirst: false });
    expect(rateOn(rates, 'JPY', null)).toBeNull();
  });

  it('converts VND, EUR and RUB into USD at each close date (figures by hand) and leaves out what has no rate', () => {
    const { deals: converted, conversion } = convertDeals(deals, rates);
    const amount = (id: string) => converted.find((d) => d.id === id)!.amount;
    expect(amount('V1')).toBeCloseTo(10_000, 6);
    expect(amount('E1')).toBeCloseTo(22_000, 6);
    expect(amount('R1')).toBeCloseTo(11_000, 6);
    expect(amount('R2')).toBeCloseTo(10_000, 6);
    expect(amount('R3')).toBeCloseTo(5_500, 6);
    expect(amount('J1')).toBeNull();
    expect(converted.every((d) => d.currency === 'USD')).toBe(true);
    expect(conversion).toEqual({
      base: 'USD',
      converted: 5,
      noRate: [{ currency: 'JPY', deals: 1 }],
      blankTakenAsBase: 0,
      beforeFirstRate: 1,
    });
    // Won in USD: 10,000 + 22,000 + 11,000 + 10,000 = 53,000. Open weighted: U1 3,000 (J1 has no amount now).
    expect(totalWon(converted, DEFAULT_CONFIG).amount).toBeCloseTo(53_000, 6);
    expect(forecast(converted, DEFAULT_CONFIG, { by: 'stage' }).reduce((sum, r) => sum + r.weighted, 0)).toBeCloseTo(3_000, 6);
  });
});

describe('splitByCurrency', () => {
  it('keeps each currency apart, blanks in their own group', () => {
    const more = [...deals, blankDeal({ id: 'B1', stage: 'Won', amount: 7 })];
    expect(dealCurrencies(more)).toEqual(['EUR', 'JPY', 'RUB', 'USD', 'VND', NO_CURRENCY]);
    const groups = splitByCurrency(more);
    // Won per currency, never added up: EUR 20,000; RUB 2,000,000; VND 250,000,000; no currency 7.
    expect(groups.map((g) => [g.currency, totalWon(g.deals, DEFAULT_CONFIG).amount])).toEqual([
      ['EUR', 20_000],
      ['JPY', 0],
      ['RUB', 2_000_000],
      ['USD', 0],
      ['VND', 250_000_000],
      [NO_CURRENCY, 7],
    ]);
  });

  it('is one group when every deal has the same currency or none', () => {
    expect(dealCurrencies([blankDeal({ currency: 'eur' }), blankDeal({ currency: 'EUR' })])).toEqual(['EUR']);
    expect(dealCurrencies([blankDeal(), blankDeal()])).toEqual([]);
  });
});

describe('the manager digest with rates', () => {
  it('totals each owner per currency, and in the base currency when rates are given (1,000 × 1.1 + 100,000,000 × 0.00004 = 5,100)', () => {
    const old = day('2025-01-01');
    const open = [
      blankDeal({
        id: 'A',
        row: 2,
        owner: 'ann@example.com',
        stage: 'Proposal',
        amount: 1000,
        currency: 'EUR',
        created: old,
        stageChanged: old,
        expectedClose: day('2026-12-01'),
      }),
      blankDeal({
        id: 'B',
        row: 3,
        owner: 'ann@example.com',
        stage: 'Proposal',
        amount: 100_000_000,
        currency: 'VND',
        created: old,
        stageChanged: old,
        expectedClose: day('2026-12-01'),
      }),
    ];
    const asOf = day('2026-11-23');
    const all = digests(staleDeals(open, [], DEFAULT_CONFIG, asOf), asOf);
    const config = { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, managerEmail: 'boss@example.com' } };
    expect(renderManagerSummary(all, config.rules.language, {}).text).toContain('1,000 EUR; 100,000,000 VND\n');
    expect(renderManagerSummary(all, config.rules.language, { baseTotal: baseTotal(readRates(RATES).rates!) }).text).toContain(
      '1,000 EUR; 100,000,000 VND = 5,100 USD',
    );
  });
});
