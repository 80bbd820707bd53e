/**
 * The Pipeline menu and what its items do. Labels follow the spreadsheet's locale.
 * Each item names a top-level function exported from main.ts.
 */
import { installDigestTrigger, previewDigest, removeDigestTrigger, sendDigests } from './alerts';
import { digestRunWords, labelsFor, languageOfLocale } from '../workflows/catalogue/index';
import { sendReport } from '../workflows/digests';
import { snapshotMessage } from '../workflows/snapshot';
import { setUpWorkbook } from './setup';
import { appendSnapshot, installSnapshotTrigger, removeSnapshotTrigger } from './snapshots';
import { problemsHtml } from './problems-sidebar';
import { validateAll } from './validate';
import { spreadsheetZone, STAGES_SHEET } from './workbook';

/** What onOpen and onInstall receive; only authMode is read. */
export interface OpenEvent {
  readonly authMode?: unknown;
}

/**
 * True when the script runs as an Editor add-on: Apps Script's installation source
 * is NONE only for a script that is "not running as an add-on" (a bound script).
 * Where the answer cannot be had, the bound script's menu is the safe guess: it
 * works in both.
 */
function runsAsAddOn(): boolean {
  try {
    return ScriptApp.getInstallationSource() !== ScriptApp.InstallationSource.NONE;
  } catch {
    return false;
  }
}

/**
 * The menu. A bound script gets its own "Pipeline" menu in the menu bar; an Editor
 * add-on gets its items under Extensions (createAddonMenu, which add-ons must use).
 * In AuthMode.NONE (an add-on the user installed but has not used in this
 * spreadsheet) Apps Script allows nothing but building the menu: not the
 * spreadsheet, not its locale, not properties. The menu is then in English; once
 * the add-on is used here, every later open gets it in the spreadsheet's language.
 */
export function buildMenu(e?: OpenEvent): void {
  const none = e?.authMode === ScriptApp.AuthMode.NONE;
  const addOn = none || runsAsAddOn();
  const labels = labelsFor(none ? 'en' : SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  const menu = addOn ? ui.createAddonMenu() : ui.createMenu(labels.menu);
  menu
    .addItem(labels.setUp, 'menuSetUpWorkbook')
    .addItem(labels.moveDeal, 'menuMoveDeal')
    .addItem(labels.validate, 'menuValidateDeals')
    .addSeparator()
    .addSubMenu(
      ui
        .createMenu(labels.staleAlerts)
        .addItem(labels.digestOn, 'menuDigestOn')
        .addItem(labels.digestOff, 'menuDigestOff')
        .addItem(labels.digestPreview, 'menuDigestPreview')
        .addItem(labels.digestSendNow, 'menuDigestSendNow')
        .addSeparator()
        .addItem(labels.snapshotOn, 'menuSnapshotOn')
        .addItem(labels.snapshotOff, 'menuSnapshotOff'),
    )
    .addToUi();
}

export function runSetUp(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const created = setUpWorkbook(ss);
  ss.toast(labelsFor(ss.getSpreadsheetLocale()).setUpDone(created), 'Pipeline', 10);
}

export function runValidate(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const locale = ss.getSpreadsheetLocale();
  const labels = labelsFor(locale);
  const { problems } = validateAll(ss, spreadsheetZone(ss), languageOfLocale(locale));
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput(problemsHtml(problems, labels)).setTitle(labels.validateTitle));
}

export function runDigestOn(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const { hour, timeZone, stagesMissing } = installDigestTrigger(ss);
  const labels = labelsFor(ss.getSpreadsheetLocale());
  // The trigger is on at the default hour; each run will say what is missing until the sheet is back.
  SpreadsheetApp.getUi().alert(
    [labels.digestOnDone(hour, timeZone), stagesMissing ? labels.sheetsMissing([STAGES_SHEET]) : ''].filter(Boolean).join('\n'),
  );
}

export function runDigestOff(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  SpreadsheetApp.getUi().alert(labelsFor(ss.getSpreadsheetLocale()).digestOffDone(removeDigestTrigger()));
}

export function runDigestPreview(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const me = Session.getActiveUser().getEmail();
  const digest = previewDigest(ss, me);
  const ui = SpreadsheetApp.getUi();
  if (!digest) ui.alert(labels.noStaleDeals(me));
  else if ('problem' in digest) ui.alert(digest.problem);
  else ui.showModalDialog(HtmlService.createHtmlOutput(digest.html).setWidth(640).setHeight(520), digest.subject);
}

export function runDigestSendNow(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const result = sendDigests(ss);
  SpreadsheetApp.getUi().alert(sendReport(result, languageOfLocale(ss.getSpreadsheetLocale())));
}

/** Installs the weekly snapshot trigger and takes today's snapshot at once, so the Snapshots sheet exists from the start. */
export function runSnapshotOn(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const { hour, timeZone } = installSnapshotTrigger(ss);
  const result = appendSnapshot(ss);
  const language = languageOfLocale(ss.getSpreadsheetLocale());
  const today = result.busy ? digestRunWords(language).snapshotBusy : snapshotMessage(result, language);
  SpreadsheetApp.getUi().alert(
    [labels.snapshotOnDone(hour, timeZone), today, result.continues ? digestRunWords(language).continuesSoon : '']
      .filter(Boolean)
      .join('\n'),
  );
}

export function runSnapshotOff(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  SpreadsheetApp.getUi().alert(labelsFor(ss.getSpreadsheetLocale()).snapshotOffDone(removeSnapshotTrigger()));
}
