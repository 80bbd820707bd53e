/**
 * A file whose deals are all in stages the stage set lacks, and one with no deals: the
 * conversion_basis view says 'none', field by field equal to the core's FunnelBasis.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readDeals } from '../../src/core/index';
import { differences } from './compare';

const AS_OF = new Date('2026-11-23T00:00:00Z');
const NONE = { source: 'none', fromHistory: 0, withoutHistory: 0, lostAtKnown: 0, lostAtFirstOnly: 0, atLeast: false };

describe('conversion_basis when no deal is counted', () => {
  it('is "none" when every stage is outside the stage set', async () => {
    // Salesforce stage names, none of them in the default stage set: 0 deals counted.
    const read = readDeals(
      [
        ['Deal ID', 'Stage', 'Amount'],
        ['S1', 'Closed Won', 100],
        ['S2', 'Prospecting', 200],
      ],
      DEFAULT_CONFIG,
    );
    const { diffs, sql } = await differences({
      config: DEFAULT_CONFIG,
      deals: read.deals,
      history: [],
      asOf: AS_OF,
      fiscalYearStartMonth: 1,
    });
    expect(diffs).toEqual([]);
    expect(sql.conversionBasis).toEqual(NONE);
  });

  it('is "none" when the file has no deals', async () => {
    const { diffs, sql } = await differences({ config: DEFAULT_CONFIG, deals: [], history: [], asOf: AS_OF, fiscalYearStartMonth: 1 });
    expect(diffs).toEqual([]);
    expect(sql.conversionBasis).toEqual(NONE);
  });
});
