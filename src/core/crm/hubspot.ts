/**
 * HubSpot deals, exported with internal property names (dealname, dealstage,
 * closedate, hubspot_owner_id, amount, createdate, pipeline, hs_is_closed_won) or
 * with display labels ("Deal Name", "Deal Stage", "Close Date", "Deal owner").
 * HubSpot's own knowledge-base pages on deal properties are not stored in our search
 * corpus; the property names are the well-known ones (also seen in the Steampipe
 * table https://hub.steampipe.io/plugins/turbot/hubspot/tables/hubspot_deal), and the
 * default "Sales Pipeline" stages and probabilities (Appointment Scheduled 20% …
 * Contract Sent 90%, Closed Won, Closed Lost) as listed at
 * https://www.skills.sh/pfoy/growth-skills/hubspot-deal-stages. An export with
 * internal names carries stage IDs such as "appointmentscheduled": stageAliases.
 */
import { defineStage as stage } from '../stages';
import type { CrmProfile } from './types';

export const HUBSPOT: CrmProfile = {
  id: 'hubspot',
  name: 'HubSpot',
  columns: {
    id: ['Record ID', 'hs_object_id', 'Deal ID', 'dealId'],
    name: ['Deal Name', 'dealname'],
    account: ['Associated Company', 'Associated Company (Primary)', 'Company name'],
    owner: ['Deal owner', 'hubspot_owner_id'],
    stage: ['Deal Stage', 'dealstage'],
    amount: ['Amount', 'amount'],
    currency: ['Currency', 'deal_currency_code'],
    probability: ['Deal probability', 'hs_deal_stage_probability'],
    forecastCategory: ['Forecast category', 'hs_manual_forecast_category'],
    created: ['Create Date', 'createdate'],
    expectedClose: ['Close Date', 'closedate'],
    lostReason: ['Closed Lost Reason', 'closed_lost_reason'],
  },
  signature: [
    'dealstage',
    'dealname',
    'closedate',
    'createdate',
    'hubspot_owner_id',
    'hs_object_id',
    'Deal Stage',
    'Deal Name',
    'Record ID',
    'Create Date',
    'Pipeline',
    'pipeline',
    'Is Closed Won',
    'hs_is_closed_won',
  ],
  outcome: { isWon: ['Is Closed Won', 'hs_is_closed_won'], isClosed: ['Is closed', 'hs_is_closed'] },
  closeDateIsActualWhenClosed: true,
  stages: [
    stage('Appointment Scheduled', 1, 0.2, 14, 'Pipeline', 'open'),
    stage('Qualified To Buy', 2, 0.4, 14, 'Pipeline', 'open'),
    stage('Presentation Scheduled', 3, 0.6, 21, 'Best case', 'open'),
    stage('Decision Maker Bought-In', 4, 0.8, 21, 'Best case', 'open'),
    stage('Contract Sent', 5, 0.9, 14, 'Commit', 'open'),
    stage('Closed Won', 6, 1, null, 'Closed', 'won'),
    stage('Closed Lost', 7, 0, null, 'Omitted', 'lost'),
  ],
  stageAliases: {
    appointmentscheduled: 'Appointment Scheduled',
    qualifiedtobuy: 'Qualified To Buy',
    presentationscheduled: 'Presentation Scheduled',
    decisionmakerboughtin: 'Decision Maker Bought-In',
    contractsent: 'Contract Sent',
    closedwon: 'Closed Won',
    closedlost: 'Closed Lost',
  },
  documentation:
    'https://hub.steampipe.io/plugins/turbot/hubspot/tables/hubspot_deal; https://www.skills.sh/pfoy/growth-skills/hubspot-deal-stages',
};
