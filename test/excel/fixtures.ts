/**
 * A small workbook for the Excel add-in tests, as Excel hands it over: dates are
 * serial numbers (46296 = 2026-10-01, 46349 = 2026-11-23, 46371 = 2026-12-15), and
 * a Stages sheet with the default stages as "Set up workbook" writes them: Lead,
 * Qualified, Contacted, Meeting/Demo, Proposal, Negotiation, Won, Lost; no skipping;
 * backward moves need a reason; Qualified/Contacted need Owner, Meeting/Demo needs
 * Amount too, Proposal needs Expected close too. (Without a Stages sheet the add-in
 * judges nothing.)
 */
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/index';
import type { Cell } from '../fakes/office/excel';

/** The Stages sheet "Set up workbook" writes for the default stages. */
export function stagesSheet(): Cell[][] {
  return stagesToTable(DEFAULT_CONFIG).map((row) => row.map((cell) => cell as Cell));
}

export const DEALS_HEADER: Cell[] = ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amount', 'Expected close', 'Stage changed', 'Move reason'];
/** 0-based columns of the Deals fixture. */
export const COL = { id: 0, name: 1, owner: 2, stage: 3, amount: 4, expectedClose: 5, stageChanged: 6, moveReason: 7 } as const;

export function dealsSheet(): Cell[][] {
  return [
    DEALS_HEADER,
    ['D-1', 'Acme renewal', 'ann@example.com', 'Qualified', 1000, 46371, 46296, ''],
    ['D-2', 'Beta <pilot>', 'bob@example.com', 'Contacted', 5000, '', 46296, ''],
    ['D-3', 'Gamma', 'ann@example.com', 'Lead', '', '', 46296, ''],
  ];
}

export function historySheet(): Cell[][] {
  return [
    ['Timestamp', 'Deal ID', 'From stage', 'To stage', 'Amount', 'Expected close', 'Probability', 'Changed by', 'Source'],
    [46296, 'D-1', 'Lead', 'Qualified', 1000, 46371, 0.2, '', 'edit'],
    [46296, 'D-2', 'Qualified', 'Contacted', 5000, '', 0.3, '', 'edit'],
    [46296, 'D-3', '', 'Lead', '', '', 0.1, '', 'import'],
  ];
}

/** 2026-11-23 09:30 UTC: 16:30 on the wall clock in Ho Chi Minh City (UTC+7, no DST). */
export const NOW = new Date(Date.UTC(2026, 10, 23, 9, 30));
/** 46349 (2026-11-23) + 16.5/24 of a day: the serial Excel shows as 2026-11-23 16:30. */
export const NOW_SERIAL = 46349 + 16.5 / 24;
