/** The CRM exports the tool knows: their profiles, detection and the reading rules. */
export * from './types';
export * from './detect';
export * from './apply';
export { SALESFORCE } from './salesforce';
export { HUBSPOT } from './hubspot';
export { PIPEDRIVE } from './pipedrive';
export { ZOHO } from './zoho';
export { DYNAMICS } from './dynamics';
export { ODOO } from './odoo';
