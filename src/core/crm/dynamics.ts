/**
 * Dynamics 365 Sales opportunities, as "Export to Excel" labels them: Topic,
 * Potential Customer, Est. Close Date, Est. Revenue, Probability, Owner, Status
 * (Open / Won / Lost), Status Reason (In Progress, On Hold, Won, Canceled, Out-Sold),
 * Pipeline Phase (1-Qualify … 4-Close), Actual Close Date, Created On.
 * The Status Reason is the opportunity's statuscode, set when a deal is won or lost:
 * https://learn.microsoft.com/en-us/previous-versions/dynamicscrm-2016/developers-guide/gg332430(v=crm.8)
 * (WinOpportunityRequest.Status) and …/gg332329(v=crm.8) (LoseOpportunityRequest.Status).
 * The phase names and the status reason values are Dynamics' well-known defaults
 * (the entity metadata page is not stored in our search corpus). Dynamics sets no
 * probability per phase, so these are ours; the deal's Probability column wins.
 */
import { defineStage as stage } from '../stages';
import type { CrmProfile } from './types';

export const DYNAMICS: CrmProfile = {
  id: 'dynamics',
  name: 'Dynamics 365',
  columns: {
    id: ['(Do Not Modify) Opportunity', 'Opportunity ID', 'opportunityid'],
    name: ['Topic', 'name'],
    account: ['Potential Customer', 'Account'],
    owner: ['Owner', 'Potential Owner', 'ownerid'],
    stage: ['Pipeline Phase', 'stepname', 'Sales Stage'],
    amount: ['Est. Revenue', 'Est. revenue', 'estimatedvalue'],
    currency: ['Currency', 'transactioncurrencyid'],
    probability: ['Probability', 'closeprobability'],
    forecastCategory: ['Forecast Category', 'msdyn_forecastcategory'],
    created: ['Created On', 'createdon'],
    expectedClose: ['Est. Close Date', 'estimatedclosedate'],
    closedOn: ['Actual Close Date', 'actualclosedate'],
  },
  signature: [
    'Topic',
    'Potential Customer',
    'Est. Close Date',
    'Est. Revenue',
    'Status Reason',
    'Pipeline Phase',
    'Actual Close Date',
    '(Do Not Modify) Opportunity',
    'estimatedclosedate',
    'estimatedvalue',
  ],
  outcome: {
    status: {
      headers: ['Status Reason', 'Status', 'statuscode', 'statecode'],
      won: ['won'],
      lost: ['lost', 'canceled', 'cancelled', 'out-sold', 'out sold'],
    },
  },
  closeDateIsActualWhenClosed: false,
  stages: [
    stage('1-Qualify', 1, 0.2, 21, 'Pipeline', 'open'),
    stage('2-Develop', 2, 0.4, 21, 'Pipeline', 'open'),
    stage('3-Propose', 3, 0.6, 21, 'Best case', 'open'),
    stage('4-Close', 4, 0.8, 14, 'Commit', 'open'),
    stage('Won', 5, 1, null, 'Closed', 'won'),
    stage('Lost', 6, 0, null, 'Omitted', 'lost'),
  ],
  documentation: 'https://learn.microsoft.com/en-us/previous-versions/dynamicscrm-2016/developers-guide/gg332430(v=crm.8)',
};
