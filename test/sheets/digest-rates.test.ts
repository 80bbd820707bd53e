/**
 * The manager summary over a Rates sheet, through the built bundle: with stale amounts
 * in several currencies, each owner's line also gives the sum in the base currency;
 * a Rates sheet with a bad row is reported and the totals stay per currency; a
 * workbook in one currency makes no call for the Rates sheet.
 *
 * The world is test/sheets/world.ts's, with ann's two deals given currencies and a
 * third (D5, Lead since 2026-09-01, stale) in RUB. Rates into USD as in
 * test/core/currency.test.ts: EUR 1.10; RUB 0.011 from 2026-01-01, 0.010 from
 * 2026-07-01; VND 0.00004. Ann's stale amounts, by hand: D1 1,000 EUR × 1.10 = 1,100;
 * D3 50,000,000 VND × 0.00004 = 2,000; D5 1,000,000 RUB, expected close 2026-08-01,
 * so July's 0.010 = 10,000 (March's 0.011 would give 11,000); 1,100 + 2,000 + 10,000
 * = 13,100 USD. Bob's one deal has no amount, so his line has no total.
 */
import { describe, expect, it } from 'vitest';
import { clockEvent, sheetDate, type GasWorld } from '../fakes/gas';
import { SETUP_DEAL_FIELDS } from '../../src/sheets/setup';
import { builtBundleAt, pipelineWorld, TZ } from './world';

builtBundleAt();

const CURRENCY = SETUP_DEAL_FIELDS.indexOf('currency') + 1;
const AMOUNT = SETUP_DEAL_FIELDS.indexOf('amount') + 1;

function withManager(world: GasWorld): void {
  const stages = world.spreadsheet.sheet('Stages');
  stages.put(stages.dump().findIndex((r) => r[0] === 'Manager email') + 1, 2, 'boss@example.com');
}

/** Ann's deals in EUR, VND and RUB (see the header); bob and the invalid owner unchanged. */
function severalCurrencies(world: GasWorld): void {
  const deals = world.spreadsheet.sheet('Deals');
  deals.put(2, CURRENCY, 'EUR'); // D1, 1,000
  deals.put(4, AMOUNT, 50_000_000); // D3
  deals.put(4, CURRENCY, 'VND');
  const since = sheetDate(2026, 9, 1, TZ);
  const row = (values: Record<string, unknown>) => SETUP_DEAL_FIELDS.map((f) => values[f] ?? '');
  deals.load(
    [
      row({
        id: 'D5',
        name: 'Epsilon',
        account: 'Epsilon',
        owner: 'ann@example.com',
        stage: 'Lead',
        amount: 1_000_000,
        currency: 'RUB',
        created: since,
        expectedClose: sheetDate(2026, 8, 1, TZ),
        stageChanged: since,
      }),
    ],
    6,
  );
  world.spreadsheet
    .sheet('History')
    .load([[sheetDate(2026, 9, 1, TZ, 10), 'D5', '', 'Lead', 1_000_000, '', 0.1, 'ann@example.com', 'edit']], 10);
}

/** The Rates sheet as a user keeps it: the From column holds dates Sheets typed as such. */
function ratesSheet(world: GasWorld, name = 'Rates', eurRate: unknown = 1.1): void {
  world.spreadsheet.sheet(name).load([
    ['Currency', 'Rate to USD', 'From'],
    ['EUR', eurRate, ''],
    ['RUB', 0.011, sheetDate(2026, 1, 1, TZ)],
    ['RUB', 0.01, sheetDate(2026, 7, 1, TZ)],
    ['VND', 0.00004, ''],
  ]);
}

const summary = (world: GasWorld) => world.MailApp.sent.find((m) => m.to === 'boss@example.com')!;
const logged = (world: GasWorld) => world.console.lines.map((line) => `${line.level}: ${line.text}`);

describe('the manager summary with a Rates sheet', () => {
  it('gives each owner’s stale amounts in the base currency too (13,100 USD by hand)', () => {
    const { world, gas } = pipelineWorld();
    withManager(world);
    severalCurrencies(world);
    ratesSheet(world);
    gas.sendDailyDigests(clockEvent());
    const { body, htmlBody } = summary(world);
    expect(body).toContain('- ann@example.com: 3; 1,000 EUR; 1,000,000 RUB; 50,000,000 VND = 13,100 USD\n');
    expect(htmlBody).toContain('1,000 EUR; 1,000,000 RUB; 50,000,000 VND = 13,100 USD');
    expect(body).toContain('- bob@example.com: 1; —');
    expect(logged(world)).toEqual([]);
    expect(world.ui.shown).toEqual([]);
  });

  it('finds the sheet under a Russian name', () => {
    const { world, gas } = pipelineWorld();
    withManager(world);
    severalCurrencies(world);
    ratesSheet(world, 'Курсы валют');
    gas.sendDailyDigests(clockEvent());
    expect(summary(world).body).toContain('50,000,000 VND = 13,100 USD');
  });

  it('reports a bad row by row and column and keeps the totals per currency, never a wrong sum', () => {
    const { world, gas } = pipelineWorld();
    withManager(world);
    severalCurrencies(world);
    ratesSheet(world, 'Rates', 'one point one');
    gas.sendDailyDigests(clockEvent());
    // Without EUR's row the others would still give a sum for some owners; the sheet is not used at all instead.
    expect(summary(world).body).toContain('- ann@example.com: 3; 1,000 EUR; 1,000,000 RUB; 50,000,000 VND\n');
    expect(summary(world).body).not.toContain('USD');
    const warned = logged(world);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(
      'warn: Pipeline daily digest: The Rates sheet has problems, so the manager summary gives totals per currency only: row 2, ' +
        '"Rate to USD": The rate for EUR must be a number above 0',
    );
    expect(world.ui.shown.map((s) => s.kind)).toEqual(['toast']);
    expect(world.ui.shown[0].content).toBe(warned[0].replace('warn: Pipeline daily digest: ', ''));
    // The run itself goes on: every email, as without rates.
    expect(world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com', 'bob@example.com', 'boss@example.com']);
  });

  it('says which currency has no rate, and leaves that owner’s total per currency', () => {
    const { world, gas } = pipelineWorld();
    withManager(world);
    severalCurrencies(world);
    world.spreadsheet.sheet('Rates').load([
      ['Currency', 'Rate to USD'],
      ['EUR', 1.1],
      ['VND', 0.00004],
    ]);
    gas.sendDailyDigests(clockEvent());
    expect(summary(world).body).toContain('- ann@example.com: 3; 1,000 EUR; 1,000,000 RUB; 50,000,000 VND\n');
    expect(logged(world)).toEqual([
      'warn: Pipeline daily digest: The Rates sheet has no rate for RUB, so totals that include it stay per currency in the ' +
        'manager summary.',
    ]);
  });
});

describe('service calls', () => {
  const run = (setup: (world: GasWorld) => void) => {
    const { world, gas } = pipelineWorld();
    withManager(world);
    setup(world);
    world.log.reset();
    gas.sendDailyDigests(clockEvent());
    return { total: world.log.total, calls: world.log.snapshot() };
  };

  it('makes no call for rates in a one-currency workbook, with or without a Rates sheet', () => {
    const plain = run(() => undefined);
    const withRates = run((world) => ratesSheet(world));
    expect(withRates.total).toBe(plain.total);
    expect(plain.calls['Spreadsheet.getSheets']).toBeUndefined();
    expect(plain.calls['Sheet.getName']).toBeUndefined();
  });

  it('looks for the Rates sheet only when an owner has amounts in two currencies: getSheets, getName per sheet, one read', () => {
    const without = run(severalCurrencies);
    const withRates = run((world) => {
      severalCurrencies(world);
      ratesSheet(world);
    });
    // Without it: getSheets and the names of Stages, Deals, History and the Alerts log the run has just created.
    expect(without.calls['Spreadsheet.getSheets']).toBe(1);
    expect(without.calls['Sheet.getName']).toBe(4);
    // With it: Rates is the fourth sheet (the run adds the Alerts log after it), so the same four names; then its
    // values in one getSheetValues, and the zone's two look-ups for its From dates (CET in January, CEST in July).
    expect(withRates.calls['Sheet.getName']).toBe(4);
    expect(withRates.calls['Sheet.getSheetValues'] - without.calls['Sheet.getSheetValues']).toBe(1);
    expect(withRates.calls['Utilities.formatDate'] - without.calls['Utilities.formatDate']).toBe(2);
    expect(withRates.total - without.total).toBe(3);
  });
});

describe('a Rates sheet with its From dates typed as text, under "Date order" mdy', () => {
  it('reads them month first: 09/01/2026 is 1 September, so D5 (closing 2026-08-01) takes January’s 0.011 (14,100 USD by hand)', () => {
    const { world, gas } = pipelineWorld();
    withManager(world);
    severalCurrencies(world);
    const stages = world.spreadsheet.sheet('Stages');
    stages.load([['Date order', 'mdy']], stages.dump().length + 1);
    // Day first, 09/01/2026 would be 9 January, and July's-style 0.010 would apply: 13,100.
    // Month first: 1,100 + 2,000 + 1,000,000 × 0.011 = 14,100.
    world.spreadsheet.sheet('Rates').load([
      ['Currency', 'Rate to USD', 'From'],
      ['EUR', 1.1, ''],
      ['RUB', 0.011, '01/01/2026'],
      ['RUB', 0.01, '09/01/2026'],
      ['VND', 0.00004, ''],
    ]);
    gas.sendDailyDigests(clockEvent());
    expect(summary(world).body).toContain('- ann@example.com: 3; 1,000 EUR; 1,000,000 RUB; 50,000,000 VND = 14,100 USD\n');
  });
});
