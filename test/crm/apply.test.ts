/**
 * The CRM rules on small tables, without the command line: detection needs three of a
 * product's own headers, HubSpot stage IDs read as labels, and a status column sets
 * the outcome of a deal left in an open stage.
 */
import { describe, expect, it } from 'vitest';
import { applyCrmProfile, detectCrm, HUBSPOT, PIPEDRIVE } from '../../src/core/index';

describe('detectCrm', () => {
  it('takes no team sheet for a CRM export', () => {
    expect(detectCrm([['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Status', 'Value']])).toBeUndefined();
  });
  it('recognises HubSpot internal names', () => {
    expect(detectCrm([['hs_object_id', 'dealname', 'dealstage', 'closedate', 'amount']])?.profile.id).toBe('hubspot');
  });
});

describe('applyCrmProfile', () => {
  it('reads HubSpot stage IDs as their labels, and counts only the IDs', () => {
    const applied = applyCrmProfile(
      [
        ['dealname', 'dealstage'],
        ['A', 'closedwon'],
        ['B', 'Closed Won'],
        ['C', 'contractsent'],
      ],
      0,
      HUBSPOT,
    );
    expect(applied.values.slice(1).map((r) => r[1])).toEqual(['Closed Won', 'Closed Won', 'Contract Sent']);
    expect(applied.notes[0]).toMatch(/^2 stage values were HubSpot stage IDs/);
  });
  it('lets Pipedrive\'s Status put a deal left in "Proposal Made" into Won or Lost, with its Won time as Closed on', () => {
    const applied = applyCrmProfile(
      [
        ['Title', 'Stage', 'Status', 'Won time', 'Lost time'],
        ['A', 'Proposal Made', 'won', '2026-04-02 10:00:00', ''],
        ['B', 'Qualified', 'lost', '', '2026-05-01 09:00:00'],
        ['C', 'Qualified', 'open', '', ''],
      ],
      0,
      PIPEDRIVE,
    );
    expect(applied.values.slice(1).map((r) => [r[1], r[5]])).toEqual([
      ['Won', '2026-04-02 10:00:00'],
      ['Lost', '2026-05-01 09:00:00'],
      ['Qualified', null],
    ]);
    expect(applied.columnMap['Closed on']).toBe('Won time / Lost time');
    expect(applied.outcomeHeaders).toEqual(['Status', 'Won time', 'Lost time']);
  });
});
