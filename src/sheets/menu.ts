/**
 * The Pipeline menu and what its items do. Labels follow the spreadsheet's locale.
 * Each item names a top-level function exported from main.ts.
 */
import { installDigestTrigger, previewDigest, removeDigestTrigger, sendDigests } from './alerts';
import { labelsFor } from './labels';
import { setUpWorkbook } from './setup';
import { appendSnapshot, installSnapshotTrigger, removeSnapshotTrigger } from './snapshots';
import { problemsHtml, validateAll } from './validate';
import { spreadsheetZone } from './workbook';

export function buildMenu(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const ui = SpreadsheetApp.getUi();
  ui.createMenu(labels.menu)
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
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const { problems } = validateAll(ss, spreadsheetZone(ss));
  SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput(problemsHtml(problems, labels)).setTitle(labels.validateTitle));
}

export function runDigestOn(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const { hour, timeZone } = installDigestTrigger(ss);
  SpreadsheetApp.getUi().alert(labelsFor(ss.getSpreadsheetLocale()).digestOnDone(hour, timeZone));
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
  else ui.showModalDialog(HtmlService.createHtmlOutput(digest.html).setWidth(640).setHeight(520), digest.subject);
}

export function runDigestSendNow(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const result = sendDigests(ss);
  SpreadsheetApp.getUi().alert(result.busy ? labels.lockBusy : labels.sendSummary(result.sent, result.waiting, result.skipped));
}

/** Installs the weekly snapshot trigger and takes today's snapshot at once, so the Snapshots sheet exists from the start. */
export function runSnapshotOn(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const labels = labelsFor(ss.getSpreadsheetLocale());
  const { hour, timeZone } = installSnapshotTrigger(ss);
  const result = appendSnapshot(ss);
  const ui = SpreadsheetApp.getUi();
  const today = result.busy ? labels.snapshotBusy : result.problem || labels.snapshotTaken(result.alreadyToday ? null : result.appended);
  ui.alert(`${labels.snapshotOnDone(hour, timeZone)}\n${today}`);
}

export function runSnapshotOff(): void {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  SpreadsheetApp.getUi().alert(labelsFor(ss.getSpreadsheetLocale()).snapshotOffDone(removeSnapshotTrigger()));
}
