/**
 * Pipedrive deals. A Pipedrive deal is won or lost by its Status (open / won / lost),
 * not by its stage: the stage stays where the deal was when it closed, and Won time or
 * Lost time is set. Fields (title, value, currency, status, won_time, lost_time,
 * add_time, expected_close_date, probability, lost_reason) from Pipedrive's API
 * model https://github.com/pipedrive/client-php/blob/master/docs/Model/DealCollectionResponseObject.md ;
 * a spreadsheet export labels them "Title", "Value", "Status", "Won time", "Deal
 * created", …, sometimes with a "Deal - " prefix (matched too). The default pipeline
 * stages (Qualified, Contact Made, Demo Scheduled, Proposal Made, Negotiations
 * Started) are Pipedrive's well-known defaults; their docs are not stored in our search
 * corpus. Pipedrive's stages carry no useful default probability, so these are ours
 * (rising by stage); a Probability column on the deal wins over them.
 */
import { defineStage as stage } from '../stages';
import type { CrmProfile } from './types';

export const PIPEDRIVE: CrmProfile = {
  id: 'pipedrive',
  name: 'Pipedrive',
  columns: {
    id: ['ID', 'Deal ID'],
    name: ['Title'],
    account: ['Organization', 'Organization name'],
    owner: ['Owner', 'Deal owner', 'Owner name'],
    stage: ['Stage'],
    amount: ['Value'],
    currency: ['Currency', 'Currency of Value'],
    probability: ['Probability'],
    created: ['Deal created', 'Add time', 'Created'],
    expectedClose: ['Expected close date'],
    nextStep: ['Next activity subject'],
    nextStepDate: ['Next activity date'],
    stageChanged: ['Last stage change', 'Stage change time'],
    lostReason: ['Lost reason'],
  },
  signature: [
    'Title',
    'Value',
    'Won time',
    'Lost time',
    'Deal created',
    'Expected close date',
    'Status',
    'Organization',
    'Next activity date',
    'Last stage change',
  ],
  outcome: { status: { headers: ['Status'], won: ['won'], lost: ['lost', 'deleted'] }, wonTime: ['Won time'], lostTime: ['Lost time'] },
  closeDateIsActualWhenClosed: false,
  stages: [
    stage('Qualified', 1, 0.1, 14, 'Pipeline', 'open'),
    stage('Contact Made', 2, 0.2, 14, 'Pipeline', 'open'),
    stage('Demo Scheduled', 3, 0.4, 21, 'Best case', 'open'),
    stage('Proposal Made', 4, 0.6, 21, 'Best case', 'open'),
    stage('Negotiations Started', 5, 0.8, 14, 'Commit', 'open'),
    stage('Won', 6, 1, null, 'Closed', 'won'),
    stage('Lost', 7, 0, null, 'Omitted', 'lost'),
  ],
  documentation: 'https://github.com/pipedrive/client-php/blob/master/docs/Model/DealCollectionResponseObject.md',
};
