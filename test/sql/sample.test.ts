/**
 * Every view, run in DuckDB on the 10k-deal sample (generateSample, seed 42), gives
 * the core's figures: the second, independent method is the core itself.
 */
import { describe, expect, it } from 'vitest';
import { generateSample, SAMPLE_AS_OF } from '../../src/sample/generate';
import { differences } from './compare';

describe('SQL views on the 10k sample', () => {
  it('equal the core to the cent and the day', async () => {
    const sample = generateSample({ deals: 10_000, seed: 42 });
    const { diffs, sql } = await differences({ config: sample.config, deals: sample.deals, history: sample.history, asOf: SAMPLE_AS_OF });
    expect(diffs).toEqual([]);
    // The comparison saw real figures, not empty views.
    expect(sql.stale.length).toBeGreaterThan(100);
    expect(sql.conversionAny[0].deals).toBeGreaterThan(5_000);
    expect(sql.cycle.count).toBeGreaterThan(100);
  }, 120_000);
});
