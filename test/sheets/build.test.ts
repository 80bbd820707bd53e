/**
 * The built Code.js and appsscript.json: one IIFE global, a top-level function per
 * export of src/sheets/main.ts with its JSDoc and parameter names, and the fewest
 * OAuth scopes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_PATH } from '../fakes/gas';
import { buildOnce } from './world';

beforeAll(() => buildOnce());

const CUSTOM = [
  'PIPELINE_WEIGHTED',
  'PIPELINE_FORECAST',
  'PIPELINE_CONVERSION',
  'PIPELINE_WINRATE',
  'PIPELINE_CYCLE',
  'PIPELINE_VELOCITY',
  'PIPELINE_STALE',
  'PIPELINE_TIME_IN_STAGE',
  'PIPELINE_CALIBRATION',
  'PIPELINE_FORECAST_RANGE',
  'PIPELINE_ROTTING_SUGGEST',
];
const CALLBACKS = [
  'onOpen',
  'onInstall',
  'onEdit',
  'sendDailyDigests',
  'applyDealMove',
  'menuSetUpWorkbook',
  'menuMoveDeal',
  'menuValidateDeals',
  'menuDigestOn',
  'menuDigestOff',
  'menuDigestPreview',
  'menuDigestSendNow',
  'menuSnapshotOn',
  'menuSnapshotOff',
  'takeWeeklySnapshot',
];

describe('dist/gas/Code.js', () => {
  const code = () => readFileSync(BUNDLE_PATH, 'utf8');

  it('holds the bundle in one global', () => {
    expect(code()).toMatch(/^"use strict";var PipelineSheets=\(\(\)=>\{/m);
  });

  it.each([...CALLBACKS, ...CUSTOM])('declares %s at top level, calling into the global', (name) => {
    expect(code()).toMatch(new RegExp(`^function ${name}\\(([a-z_, ]*)\\) \\{\\n  return PipelineSheets\\.${name}\\(\\1\\);\\n\\}`, 'm'));
  });

  it.each(CUSTOM)('gives %s its JSDoc: @customfunction, @param per parameter, @return and an example', (name) => {
    const text = code();
    const at = text.indexOf(`\nfunction ${name}(`);
    const doc = text.slice(text.lastIndexOf('/**', at), at);
    const params = /function \w+\(([^)]*)\)/.exec(text.slice(at))![1].split(', ');
    expect(doc).toContain('@customfunction');
    expect(doc).toContain('@return');
    expect(doc).toContain(`Example: =${name}(`);
    for (const param of params) expect(doc).toMatch(new RegExp(`@param \\{[^}]*\\} ${param} `));
  });

  it('keeps parameter names as written, as Sheets shows them', () => {
    expect(code()).toContain('function PIPELINE_CONVERSION(history, mode, strict, stages, deals) {');
    expect(code()).toContain('function PIPELINE_STALE(deals, history, as_of, stages) {');
    // The optional rates range comes last wherever an amount is produced (issue 12).
    expect(code()).toContain('function PIPELINE_VELOCITY(deals, history, stages, rates) {');
    expect(code()).toContain('function PIPELINE_WINRATE(deals, from, to, stages, by, rates) {');
    expect(code()).toContain('function PIPELINE_FORECAST_RANGE(deals, history, by, quota, runs, seed, probabilities, stages, rates) {');
  });
});

describe('dist/gas/appsscript.json', () => {
  it('runs on V8 with the five needed scopes only', () => {
    const manifest = JSON.parse(readFileSync(join(BUNDLE_PATH, '..', 'appsscript.json'), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.exceptionLogging).toBe('STACKDRIVER');
    expect([...manifest.oauthScopes].sort()).toEqual([
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/script.send_mail',
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      // Session.getActiveUser() needs it: the move dialog records who moved the deal, and
      // "Preview my digest" finds the user's own digest by address.
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
  });
});

describe('dist/gas/INSTALL.md', () => {
  it('tells how to paste Code.js and appsscript.json into the script editor, beside them', () => {
    const guide = readFileSync(join(BUNDLE_PATH, '..', 'INSTALL.md'), 'utf8');
    for (const step of [
      'Extensions → Apps Script',
      'Show "appsscript.json" manifest file in editor',
      "this folder's\n   `Code.js`",
      'Save project',
      'Set up workbook',
    ]) {
      expect(guide).toContain(step);
    }
    // The size it names is the bundle's own.
    expect(guide).toContain(`\`Code.js\` (${(readFileSync(BUNDLE_PATH).length / 1024).toFixed(0)} KB`);
  });
});
