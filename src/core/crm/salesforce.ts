/**
 * Salesforce opportunities, from the API (Data Loader, Workbench: StageName,
 * CloseDate, OwnerId, IsWon, IsClosed, ForecastCategoryName) or a report export
 * ("Opportunity Name", "Stage", "Close Date", "Opportunity Owner").
 * Fields and the stage object's IsWon / IsClosed / DefaultProbability / forecast
 * category: https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-opportunitystage.html
 * and (at the start of its line, to stay within 140 columns)
https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-opportunitystage.html
 * The default stage picklist and probabilities are Salesforce's well-known defaults
 * (the Opportunity object page itself is not stored in our search corpus).
 */
import { defineStage as stage } from '../stages';
import type { CrmProfile } from './types';

export const SALESFORCE: CrmProfile = {
  id: 'salesforce',
  name: 'Salesforce',
  columns: {
    id: ['Id', 'Opportunity ID', 'Opportunity Id'],
    name: ['Name', 'Opportunity Name'],
    account: ['Account Name', 'AccountId', 'Account.Name'],
    owner: ['Opportunity Owner', 'OwnerId', 'Owner.Name', 'Owner Email'],
    stage: ['StageName', 'Stage'],
    amount: ['Amount'],
    currency: ['CurrencyIsoCode', 'Opportunity Currency', 'Amount Currency'],
    probability: ['Probability', 'Probability (%)'],
    forecastCategory: ['ForecastCategoryName', 'Forecast Category'],
    created: ['CreatedDate', 'Created Date'],
    expectedClose: ['CloseDate', 'Close Date'],
    nextStep: ['NextStep', 'Next Step'],
    lostReason: ['Loss_Reason__c', 'Loss Reason'],
  },
  signature: [
    'StageName',
    'CloseDate',
    'OwnerId',
    'IsWon',
    'IsClosed',
    'ForecastCategoryName',
    'Opportunity Name',
    'Opportunity Owner',
    'Opportunity ID',
    'Fiscal Period',
    'AccountId',
    'CreatedDate',
  ],
  outcome: { isWon: ['IsWon', 'Won'], isClosed: ['IsClosed', 'Closed'] },
  closeDateIsActualWhenClosed: true,
  stages: [
    stage('Prospecting', 1, 0.1, 21, 'Pipeline', 'open'),
    stage('Qualification', 2, 0.1, 21, 'Pipeline', 'open'),
    stage('Needs Analysis', 3, 0.2, 21, 'Pipeline', 'open'),
    stage('Value Proposition', 4, 0.5, 21, 'Pipeline', 'open'),
    stage('Id. Decision Makers', 5, 0.6, 21, 'Pipeline', 'open'),
    stage('Perception Analysis', 6, 0.7, 21, 'Pipeline', 'open'),
    stage('Proposal/Price Quote', 7, 0.75, 21, 'Pipeline', 'open'),
    stage('Negotiation/Review', 8, 0.9, 14, 'Pipeline', 'open'),
    stage('Closed Won', 9, 1, null, 'Closed', 'won'),
    stage('Closed Lost', 10, 0, null, 'Omitted', 'lost'),
  ],
  documentation: 'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-opportunitystage.html',
};
