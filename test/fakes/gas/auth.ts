/**
 * What each kind of Apps Script execution may call, as Google documents it. A
 * custom function, a simple trigger, an Editor add-on's onOpen in AuthMode.NONE and
 * a time-driven trigger each run with less than a menu click does; the fakes check
 * every service call against the running execution's kind (execution.ts calls
 * refusal() from ExecutionClock.call) and throw Apps Script's message, so a script
 * that would fail in Sheets fails here too. Calls made outside any execution, and
 * executions of kind 'full' (a menu click, a dialog's google.script.run, a run from
 * the editor, onInstall), are not restricted.
 */
import { kindOf } from './calls';

/**
 * - 'custom-function': a formula in a cell (AuthMode.CUSTOM_FUNCTION).
 * - 'simple-trigger': onOpen/onEdit/onSelectionChange (AuthMode.LIMITED, or NONE for an
 *   Editor add-on installed by the user but not yet used in this document).
 * - 'time-driven': an installable clock trigger (AuthMode.FULL, no user at a screen).
 * - 'full': anything the user starts: a menu item, a dialog's server call, onInstall.
 */
export type ExecutionKind = 'custom-function' | 'simple-trigger' | 'time-driven' | 'full';
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL' | 'CUSTOM_FUNCTION';

export interface ExecutionContext {
  readonly kind: ExecutionKind;
  readonly authMode: AuthModeName;
}

/**
 * https://developers.google.com/apps-script/guides/sheets/functions#guidelines_for_custom_functions:
 * a call must return within 30 seconds.
 */
export const CUSTOM_FUNCTION_LIMIT_MS = 30 * 1000;
/** https://developers.google.com/apps-script/guides/triggers#restrictions: simple triggers "cannot run for longer than 30 seconds". */
export const SIMPLE_TRIGGER_LIMIT_MS = 30 * 1000;

/**
 * Services that need the user's authorization (a scope the user granted): sending
 * mail, managing triggers (the ScriptApp reference lists script.scriptapp for
 * getProjectTriggers, newTrigger and deleteTrigger, and no scope for
 * getInstallationSource), the user's identity. Custom functions and simple triggers
 * run without authorization and may not call them:
 * https://developers.google.com/apps-script/guides/triggers#restrictions ("a simple
 * trigger cannot send an email because the Gmail service requires authorization"),
 * https://developers.google.com/apps-script/guides/sheets/functions#using_apps_script_services
 * (only Cache, HTML, JDBC, Language, Lock, Maps, Properties, Spreadsheet read-only, URL
 * Fetch, Utilities and XML work in a custom function).
 */
function needsAuthorization(name: string): boolean {
  return (
    name.startsWith('MailApp.') ||
    name === 'ScriptApp.getProjectTriggers' ||
    name === 'ScriptApp.newTrigger' ||
    name === 'ScriptApp.deleteTrigger' ||
    name.startsWith('TriggerBuilder.') ||
    name.startsWith('ClockTriggerBuilder.') ||
    name === 'Session.getActiveUser' ||
    name === 'Session.getEffectiveUser'
  );
}

/**
 * The current document and the stores tied to it. In AuthMode.NONE an add-on "may
 * not access the document, properties or anything that requires authorization; it
 * can only add menu items": the table "Authorization modes" at
 * https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle#authorization_modes
 * and the AuthMode.NONE example at
 * https://developers.google.com/apps-script/reference/script/auth-mode.
 */
function touchesDocument(name: string): boolean {
  return (
    name === 'SpreadsheetApp.getActiveSpreadsheet' ||
    name === 'SpreadsheetApp.getActive' ||
    name.startsWith('PropertiesService.') ||
    name === 'LockService.getDocumentLock' ||
    name === 'CacheService.getDocumentCache'
  );
}

/** The Ui and its menus: the one thing AuthMode.NONE allows. */
function isMenuWork(name: string): boolean {
  return name === 'SpreadsheetApp.getUi' || name.startsWith('Menu.') || name === 'Ui.createMenu' || name === 'Ui.createAddonMenu';
}

/** Apps Script's message for a method the running execution may not call. */
export function permissionMessage(name: string): string {
  return `Exception: You do not have permission to call ${name}`;
}

/** Apps Script's message for getUi where there is no editor to show anything in. */
export const NO_UI_MESSAGE = 'Exception: Cannot call SpreadsheetApp.getUi() from this context.';

/**
 * Why `name` may not be called in `context`, as the message Apps Script throws, or
 * null when it may.
 */
export function refusal(context: ExecutionContext, name: string): string | null {
  switch (context.kind) {
    case 'full':
      return null;
    case 'time-driven':
      // No user has the document open: https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#getUi()
      // ("A script can only interact with the UI for the current instance of an open editor").
      return name === 'SpreadsheetApp.getUi' || name.startsWith('Ui.') ? NO_UI_MESSAGE : null;
    case 'custom-function':
      // "Spreadsheet: Read only (can use most get*() methods, but not set*())": the services table of
      // https://developers.google.com/apps-script/guides/sheets/functions#using_apps_script_services
      if (name === 'SpreadsheetApp.getUi' || name.startsWith('Ui.') || name === 'Spreadsheet.toast') return NO_UI_MESSAGE;
      if (kindOf(name) === 'write' || needsAuthorization(name)) return permissionMessage(name);
      return null;
    case 'simple-trigger':
      if (context.authMode === 'NONE' && !isMenuWork(name)) {
        if (touchesDocument(name) || needsAuthorization(name) || kindOf(name) !== 'other' || name.startsWith('Session.'))
          return permissionMessage(name);
      }
      return needsAuthorization(name) ? permissionMessage(name) : null;
  }
}
