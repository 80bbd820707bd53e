/**
 * The currency typed in an amount, read by the core's readDeals so that the command
 * line, Sheets and Excel agree: with no Currency column, amounts naming two currencies
 * or more give each deal its amount's currency (one warning); a filled Currency cell
 * wins over its amount, with a warning by row and column when they disagree.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, currenciesFromAmounts, readDeals } from '../../src/core/index';

describe('readDeals and a currency typed in the amount', () => {
  it("gives each deal its amount's currency when the amounts name two, and says so once", () => {
    // A Salesforce multi-currency export: 2 USD deals, 1 EUR deal, one plain number.
    const read = readDeals(
      [
        ['Deal ID', 'Stage', 'Amount'],
        ['A', 'Lead', 'USD 12,000.00'],
        ['B', 'Lead', 'EUR 7,000.00'],
        ['C', 'Lead', 'USD 8,000.00'],
        ['D', 'Lead', 500],
      ],
      DEFAULT_CONFIG,
    );
    expect(read.deals.map((d) => [d.id, d.amount, d.currency])).toEqual([
      ['A', 12000, 'USD'],
      ['B', 7000, 'EUR'],
      ['C', 8000, 'USD'],
      ['D', 500, ''],
    ]);
    const notes = read.problems.filter((p) => p.code === 'currency-from-amount');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ sheet: 'Deals', row: 1, column: 'Amount', severity: 'warning' });
    expect(notes[0].message).toContain('the amounts name 2 currencies (USD 2 deals, EUR 1 deal)');
  });

  it('reads "$1,200.50" and "1 234,50 €" as two currencies, "$" kept as typed', () => {
    const read = readDeals(
      [
        ['Deal ID', 'Stage', 'Amount'],
        ['A', 'Lead', '$1,200.50'],
        ['B', 'Lead', '1 234,50 €'],
      ],
      DEFAULT_CONFIG,
    );
    expect(read.deals.map((d) => [d.amount, d.currency])).toEqual([
      [1200.5, '$'],
      [1234.5, 'EUR'],
    ]);
  });

  it('changes nothing when the amounts name one currency', () => {
    const read = readDeals(
      [
        ['Deal ID', 'Stage', 'Amount'],
        ['A', 'Lead', 'USD 1,000'],
        ['B', 'Lead', 'USD 2,000'],
      ],
      DEFAULT_CONFIG,
    );
    expect(read.deals.map((d) => d.currency)).toEqual(['', '']);
    expect(read.problems.filter((p) => p.code.startsWith('currency-'))).toEqual([]);
  });

  it('lets a filled Currency cell win, with a warning by row and column when the amount names another', () => {
    // Row 2 agrees; row 3 says GBP but its amount says EUR; row 4's "$" names several currencies; row 5's cell is blank.
    const read = readDeals(
      [
        ['Deal ID', 'Stage', 'Amount', 'Currency'],
        ['A', 'Lead', 'USD 1,000', 'USD'],
        ['B', 'Lead', 'EUR 2,000', 'GBP'],
        ['C', 'Lead', '$3,000', 'CAD'],
        ['D', 'Lead', 'EUR 4,000', ''],
      ],
      DEFAULT_CONFIG,
    );
    expect(read.deals.map((d) => [d.amount, d.currency])).toEqual([
      [1000, 'USD'],
      [2000, 'GBP'],
      [3000, 'CAD'],
      [4000, ''],
    ]);
    const flagged = read.problems.filter((p) => p.code === 'currency-amount-mismatch');
    expect(flagged).toEqual([
      {
        sheet: 'Deals',
        row: 3,
        column: 'Amount',
        code: 'currency-amount-mismatch',
        severity: 'warning',
        message:
          'The amount "EUR 2,000" names EUR, but the Currency cell says GBP; the Currency cell wins, so this deal counts in GBP. ' +
          'Correct whichever is wrong.',
      },
    ]);
    expect(read.problems.filter((p) => p.code === 'currency-from-amount')).toEqual([]);
  });
});

describe('currenciesFromAmounts and readDeals (which runs it only when an amount cell holds text) agree', () => {
  // Blank rows and number amounts between the text ones: each currency must land on its own deal.
  const values = [
    ['Deal ID', 'Stage', 'Amount'],
    ['A', 'Lead', 500],
    [],
    ['B', 'Lead', 'USD 1,200'],
    ['', '', ''],
    ['C', 'Lead', 300],
    ['D', 'Lead', 'EUR 7,000.00'],
  ];
  it('gives the currency to the deal whose amount names it, across blank rows', () => {
    const read = readDeals(values, DEFAULT_CONFIG);
    expect(read.deals.map((d) => [d.row, d.id, d.amount, d.currency])).toEqual([
      [2, 'A', 500, ''],
      [4, 'B', 1200, 'USD'],
      [6, 'C', 300, ''],
      [7, 'D', 7000, 'EUR'],
    ]);
  });
  it('the public currenciesFromAmounts, given the deals read without the rule, decides the same', () => {
    const read = readDeals(values, DEFAULT_CONFIG);
    const plain = read.deals.map((d) => ({ ...d, currency: '' }));
    const applied = currenciesFromAmounts(plain, values, {
      sheet: 'Deals',
      firstRow: 1,
      headerRow: 1,
      amountColumn: 2,
      amountHeader: 'Amount',
      currencyColumn: undefined,
      currencyHeader: 'Currency',
    });
    expect(applied.deals.map((d) => d.currency)).toEqual(['', 'USD', '', 'EUR']);
    expect(applied.problems).toEqual(read.problems.filter((p) => p.code === 'currency-from-amount'));
  });
});
