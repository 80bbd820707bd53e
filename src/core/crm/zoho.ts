/**
 * Zoho CRM deals ("Deal Name", "Stage", "Closing Date", "Deal Owner", "Amount",
 * "Probability (%)", "Expected Revenue" = amount × probability, "Created Time").
 * Zoho's help pages are not stored in our search corpus: the headers and the
 * default stages with their probabilities (Qualification 10% … Negotiation/Review
 * 90%, Closed Won, Closed Lost, Closed Lost to Competition) are Zoho CRM's
 * well-known defaults. Expected Revenue is never read as the amount.
 */
import { defineStage as stage } from '../stages';
import type { CrmProfile } from './types';

export const ZOHO: CrmProfile = {
  id: 'zoho',
  name: 'Zoho CRM',
  columns: {
    id: ['Record Id', 'Deal Id', 'Id'],
    name: ['Deal Name'],
    account: ['Account Name'],
    owner: ['Deal Owner', 'Deal Owner Email'],
    stage: ['Stage'],
    amount: ['Amount'],
    currency: ['Currency'],
    probability: ['Probability (%)', 'Probability'],
    created: ['Created Time'],
    expectedClose: ['Closing Date'],
    nextStep: ['Next Step'],
    lostReason: ['Reason For Loss'],
  },
  signature: [
    'Deal Name',
    'Closing Date',
    'Deal Owner',
    'Expected Revenue',
    'Created Time',
    'Probability (%)',
    'Record Id',
    'Reason For Loss',
    'Lead Source',
    'Modified Time',
  ],
  outcome: {},
  closeDateIsActualWhenClosed: true,
  stages: [
    stage('Qualification', 1, 0.1, 14, 'Pipeline', 'open'),
    stage('Needs Analysis', 2, 0.2, 14, 'Pipeline', 'open'),
    stage('Value Proposition', 3, 0.4, 21, 'Pipeline', 'open'),
    stage('Identify Decision Makers', 4, 0.6, 21, 'Best case', 'open'),
    stage('Proposal/Price Quote', 5, 0.75, 21, 'Best case', 'open'),
    stage('Negotiation/Review', 6, 0.9, 14, 'Commit', 'open'),
    stage('Closed Won', 7, 1, null, 'Closed', 'won'),
    stage('Closed Lost', 8, 0, null, 'Omitted', 'lost'),
    stage('Closed Lost to Competition', 9, 0, null, 'Omitted', 'lost'),
  ],
  documentation: 'not stored in the search corpus; Zoho CRM default Deals layout and stage picklist',
};
