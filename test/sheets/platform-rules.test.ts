/**
 * The Apps Script fakes refuse what Apps Script refuses (each rule's documentation
 * page is named where the fake enforces it: test/fakes/gas/auth.ts, execution.ts,
 * entry.ts, services.ts, spreadsheet.ts). Each rule is tried here with a small script
 * of its own, loaded as the bundle is, so that a rule that stopped refusing would
 * fail here even if no product code happened to break it.
 */
import { describe, expect, it } from 'vitest';
import {
  BODY_SIZE_MESSAGE,
  clockEvent,
  createGas,
  CROSS_SHEET_RULE_MESSAGE,
  loadBundle,
  NO_UI_MESSAGE,
  openEvent,
  runExecution,
  TIME_LIMIT_MESSAGE,
  userEdit,
} from '../fakes/gas';

/** A script with a custom function, simple triggers and a clock handler, each doing `body`. */
function script(body: string): string {
  return `
/**
 * @customfunction
 */
function PROBE() { ${body} return 1; }
function onOpen(e) { ${body} }
function onEdit(e) { ${body} }
function onInstall(e) { ${body} }
function tick(e) { ${body} }
function menuItem() { ${body} }
`;
}

const SEND = `MailApp.sendEmail({ to: 'ann@example.com', subject: 's', body: 'b' });`;
const TRIGGER = `ScriptApp.newTrigger('tick').timeBased().everyDays(1).create();`;
const WRITE = `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Deals').getRange(1, 1).setValue('x');`;
const READ = `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Deals').getRange(1, 1).getValue();`;
const UI = `SpreadsheetApp.getUi();`;
const USER = `Session.getActiveUser().getEmail();`;
const PROPERTIES = `PropertiesService.getDocumentProperties().getProperty('x');`;

function world() {
  const gas = createGas();
  gas.spreadsheet.sheet('Deals').load([['Deal ID']]);
  return gas;
}

describe('a custom function (https://developers.google.com/apps-script/guides/sheets/functions)', () => {
  it('reads the spreadsheet', () => {
    expect(loadBundle(world(), script(READ)).PROBE()).toBe(1);
  });

  it.each([
    ['write a cell', WRITE, 'You do not have permission to call Range.setValue'],
    ['send mail', SEND, 'You do not have permission to call MailApp.sendEmail'],
    ['install a trigger', TRIGGER, 'You do not have permission to call ScriptApp.newTrigger'],
    ["ask for the user's address", USER, 'You do not have permission to call Session.getActiveUser'],
    ['open the Ui', UI, NO_UI_MESSAGE],
  ])('may not %s', (_, body, message) => {
    expect(() => loadBundle(world(), script(body)).PROBE()).toThrow(message);
  });
});

describe('a simple trigger (https://developers.google.com/apps-script/guides/triggers#restrictions)', () => {
  it('writes the spreadsheet and shows the Ui', () => {
    const gas = world();
    loadBundle(gas, script(`${WRITE} ${UI}`)).onOpen(openEvent(gas));
    expect(gas.spreadsheet.sheet('Deals').cell(1, 1)).toBe('x');
  });

  it.each([
    ['send mail', SEND, 'MailApp.sendEmail'],
    ['install a trigger', TRIGGER, 'ScriptApp.newTrigger'],
  ])('may not %s, from onOpen or onEdit', (_, body, method) => {
    const gas = world();
    const probe = loadBundle(gas, script(body));
    expect(() => probe.onOpen(openEvent(gas))).toThrow(`You do not have permission to call ${method}`);
    expect(() => probe.onEdit(userEdit(gas, gas.spreadsheet.sheet('Deals'), 2, 1, [['D1']]))).toThrow(
      `You do not have permission to call ${method}`,
    );
  });
});

// https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle
describe("an Editor add-on's onOpen in AuthMode.NONE", () => {
  it('builds a menu', () => {
    const gas = world();
    loadBundle(gas, script(`SpreadsheetApp.getUi().createAddonMenu().addItem('Go', 'menuItem').addToUi();`)).onOpen(openEvent(gas, 'NONE'));
    expect(gas.ui.menus).toHaveLength(1);
  });

  it.each([
    ['read the spreadsheet', READ, 'SpreadsheetApp.getActiveSpreadsheet'],
    ['read properties', PROPERTIES, 'PropertiesService.getDocumentProperties'],
    ["ask for the user's address", USER, 'Session.getActiveUser'],
  ])('may not %s', (_, body, method) => {
    const gas = world();
    expect(() => loadBundle(gas, script(body)).onOpen(openEvent(gas, 'NONE'))).toThrow(`You do not have permission to call ${method}`);
  });

  it('may read properties in AuthMode.LIMITED, and do anything from onInstall (AuthMode.FULL)', () => {
    const gas = world();
    const probe = loadBundle(gas, script(PROPERTIES));
    probe.onOpen(openEvent(gas, 'LIMITED'));
    loadBundle(gas, script(`${SEND} ${TRIGGER}`)).onInstall(openEvent(gas, 'FULL'));
    expect(gas.MailApp.sent).toHaveLength(1);
  });
});

describe('a time-driven trigger', () => {
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#getUi()
  it('sends mail and installs triggers, but has no Ui', () => {
    const gas = world();
    loadBundle(gas, script(`${SEND} ${TRIGGER}`)).tick(clockEvent());
    expect(gas.MailApp.sent).toHaveLength(1);
    expect(() => loadBundle(gas, script(UI)).tick(clockEvent())).toThrow(NO_UI_MESSAGE);
    // The same function run from a menu or the editor may.
    loadBundle(gas, script(UI)).menuItem();
  });
});

describe('time limits (https://developers.google.com/apps-script/guides/services/quotas#current_limitations)', () => {
  // Each read costs 10 s of simulated time; the fourth call starts after 30 s.
  const slow = () => {
    const gas = world();
    gas.log.clock.costs.set('Range.getValue', 10_000);
    return gas;
  };
  const reads = `for (let i = 0; i < 5; i++) ${READ}`;

  it('stops a custom function and a simple trigger after 30 seconds', () => {
    let gas = slow();
    const custom = runExecution(gas, () => loadBundle(gas, script(reads)).PROBE());
    expect(custom.killed).toBe(true);
    gas = slow();
    expect(
      runExecution(gas, () => loadBundle(gas, script(reads)).onEdit(userEdit(gas, gas.spreadsheet.sheet('Deals'), 2, 1, [['D1']]))).killed,
    ).toBe(true);
    expect(TIME_LIMIT_MESSAGE).toBe('Exceeded maximum execution time');
  });

  it('lets a clock trigger or a menu item run for 6 minutes', () => {
    const gas = slow();
    expect(runExecution(gas, () => loadBundle(gas, script(reads)).tick(clockEvent())).killed).toBe(false);
    expect(runExecution(gas, () => loadBundle(gas, script(reads)).menuItem()).killed).toBe(false);
  });
});

describe('MailApp (https://developers.google.com/apps-script/guides/services/quotas)', () => {
  const big = (kb: number) => `MailApp.sendEmail({ to: 'ann@example.com', subject: 's', body: 'x'.repeat(${kb} * 1024) });`;

  it('starts the day with 100 recipients on a consumer account and 1,500 on Workspace', () => {
    expect(createGas().MailApp.getRemainingDailyQuota()).toBe(100);
    expect(createGas({ account: 'workspace' }).MailApp.getRemainingDailyQuota()).toBe(1500);
    expect(() => createGas({ account: 'consumer', mailQuota: 1500 })).toThrow('100 recipients a day');
  });

  it('refuses a body over 200 KB on a consumer account and over 400 KB on Workspace', () => {
    const consumer = world();
    expect(() => loadBundle(consumer, script(big(201))).menuItem()).toThrow(BODY_SIZE_MESSAGE);
    loadBundle(consumer, script(big(199))).menuItem();
    const workspace = createGas({ account: 'workspace' });
    loadBundle(workspace, script(big(399))).menuItem();
    expect(() => loadBundle(workspace, script(big(401))).menuItem()).toThrow('Limit Exceeded: Email Body Size.');
    expect(() => createGas({ mailBodyLimitKb: 100 })).toThrow('200 KB (consumer) to 400 KB');
    expect(createGas({ mailBodyLimitKb: 300 }).MailApp.bodyLimitBytes).toBe(300 * 1024);
  });
});

describe('conditional formatting (https://support.google.com/docs/answer/78413)', () => {
  const rule = (formula: string) => `
    const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Deals');
    const rule = SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(${JSON.stringify(formula)})
      .setBackground('#f00')
      .setRanges([sheet.getRange(2, 1, 5, 1)])
      .build();
    sheet.setConditionalFormatRules([rule]);`;

  it('refuses a formula that names another sheet', () => {
    expect(() => loadBundle(world(), script(rule(`=VLOOKUP($A2,'Stages'!$A:$D,4,FALSE)>0`))).menuItem()).toThrow(CROSS_SHEET_RULE_MESSAGE);
    expect(() => loadBundle(world(), script(rule(`=Stages!A1>0`))).menuItem()).toThrow(CROSS_SHEET_RULE_MESSAGE);
  });

  it('accepts one that reaches it through INDIRECT, or names its own sheet', () => {
    const gas = world();
    loadBundle(gas, script(rule(`=VLOOKUP($A2,INDIRECT("'Stages'!$A:$D"),4,FALSE)>0`))).menuItem();
    loadBundle(gas, script(rule(`='Deals'!$A2<>""`))).menuItem();
    expect(gas.spreadsheet.sheet('Deals').conditionalRules).toHaveLength(1);
  });
});
