// The task pane's Settings section lists every Stages setting the add-in acts on:
// "Date order" and "Fiscal year starts" too, read from the Stages sheet as the
// add-in reads it (readStages), not only the five older rules.
import { describe, expect, it } from 'vitest';
import { settingsEntries } from '../../excel-addin/src/settings';
import { DEFAULT_CONFIG, readStages, stagesToTable } from '../../src/core/index';

describe('the Settings section', () => {
  it('says the Date order and the Fiscal year start the Stages sheet sets', () => {
    const table = stagesToTable({ ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, dateOrder: 'mdy', fiscalYearStartMonth: 7 } });
    const entries = new Map(settingsEntries(readStages(table).config.rules));
    expect(entries.get('Date order')).toBe('mdy (month first: 03/04/2026 is 4 March)');
    // Month 7 is July.
    expect(entries.get('Fiscal year starts')).toBe('July');
  });

  it('says what holds when neither is set', () => {
    const entries = new Map(settingsEntries(readStages(stagesToTable(DEFAULT_CONFIG)).config.rules));
    expect(entries.get('Date order')).toBe('(not set: a column whose dates all read either way is read day first)');
    expect(entries.get('Fiscal year starts')).toBe('January (not set)');
    expect([...entries.keys()].slice(0, 5)).toEqual([
      'Skipping allowed',
      'Backward moves need a reason',
      'Reopening won/lost allowed',
      'Language',
      'Manager email',
    ]);
  });
});
