/**
 * Odoo CRM opportunities, as the list view exports them: Opportunity, Customer,
 * Salesperson, Stage, Expected Revenue (the amount), Probability, Expected Closing,
 * Created on, Sales Team, and, when asked for, Active and Lost Reason. Odoo marks a
 * lost opportunity by archiving it (Active = false) with a Lost Reason; it is not a
 * stage. Odoo's documentation is not stored in our search corpus: the default stages
 * New, Qualified, Proposition, Won are Odoo's well-known defaults, and the stage
 * probabilities are ours (Odoo computes a probability per lead, exported as
 * Probability, which wins over them).
 */
import { defineStage as stage } from '../stages';
import type { CrmProfile } from './types';

export const ODOO: CrmProfile = {
  id: 'odoo',
  name: 'Odoo',
  columns: {
    id: ['ID', 'External ID'],
    name: ['Opportunity'],
    account: ['Customer'],
    owner: ['Salesperson'],
    stage: ['Stage'],
    amount: ['Expected Revenue'],
    currency: ['Currency'],
    probability: ['Probability'],
    created: ['Created on'],
    expectedClose: ['Expected Closing'],
    closedOn: ['Closed Date'],
    lostReason: ['Lost Reason'],
  },
  signature: [
    'Opportunity',
    'Salesperson',
    'Expected Revenue',
    'Expected Closing',
    'Created on',
    'Sales Team',
    'Lost Reason',
    'Active',
    'Closed Date',
    'Prorated Revenue',
  ],
  outcome: { activeFalseIsLost: ['Active'], lostReason: ['Lost Reason'] },
  closeDateIsActualWhenClosed: false,
  stages: [
    stage('New', 1, 0.1, 14, 'Pipeline', 'open'),
    stage('Qualified', 2, 0.3, 21, 'Pipeline', 'open'),
    stage('Proposition', 3, 0.6, 21, 'Best case', 'open'),
    stage('Won', 4, 1, null, 'Closed', 'won'),
    stage('Lost', 5, 0, null, 'Omitted', 'lost'),
  ],
  documentation: 'not stored in the search corpus; Odoo CRM default stages and list-view export labels',
};
