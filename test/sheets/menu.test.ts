/**
 * The menu, built by onOpen in the spreadsheet's language, and its items: Set up
 * workbook (idempotent, never overwrites), Validate all deals (sidebar + notes) and
 * Move deal to stage… (dialog data, escaping, and the dialog's server call).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, stagesToTable } from '../../src/core/stages';
import { createGas, loadBundle, openEvent } from '../fakes/gas';
import { buildOnce, COL, pipelineWorld } from './world';

beforeAll(() => buildOnce());

describe('onOpen', () => {
  it.each([
    ['en_US', 'Pipeline', 'Set up workbook', 'Stale alerts', 'Turn on weekly snapshot'],
    ['vi_VN', 'Pipeline', 'Thiết lập bảng tính', 'Cảnh báo tồn đọng', 'Bật ảnh chụp hằng tuần'],
    ['ru_RU', 'Воронка', 'Настроить книгу', 'Оповещения о застое', 'Включить еженедельный снимок'],
  ])('builds the menu in the language of %s', (locale, menu, setUp, stale, snapshotOn) => {
    const world = createGas({ locale });
    const gas = loadBundle(world);
    gas.onOpen({});
    const [built] = world.ui.menus;
    expect(built.caption).toBe(menu);
    expect(built.items[0].caption).toBe(setUp);
    const submenu = built.items.find((i) => i.submenu)!;
    expect(submenu.caption).toBe(stale);
    expect(submenu.submenu!.items.map((i) => i.functionName)).toEqual([
      'menuDigestOn',
      'menuDigestOff',
      'menuDigestPreview',
      'menuDigestSendNow',
      'menuSnapshotOn',
      'menuSnapshotOff',
    ]);
    expect(submenu.submenu!.items[4].caption).toBe(snapshotOn);
  });

  it('names only functions the bundle declares at top level', () => {
    const world = createGas();
    const gas = loadBundle(world);
    gas.onOpen({});
    const names: string[] = [];
    const walk = (items: (typeof world.ui.menus)[0]['items']) => {
      for (const i of items) {
        if (i.submenu) walk(i.submenu.items);
        else names.push(i.functionName!);
      }
    };
    walk(world.ui.menus[0].items);
    expect(names).toHaveLength(9);
    for (const name of names) expect(typeof gas[name]).toBe('function');
  });

  it('loading the bundle does no work: no service is called', () => {
    const world = createGas();
    loadBundle(world);
    expect(world.log.total).toBe(0);
  });
});

describe('as an Editor add-on', () => {
  const itemsOf = (world: ReturnType<typeof createGas>) => world.ui.menus[0].items.map((i) => i.functionName ?? i.caption);

  it("builds its menu under Extensions (createAddonMenu) in the spreadsheet's language once used there", () => {
    const world = createGas({ locale: 'ru_RU', installedAs: 'add-on' });
    loadBundle(world).onOpen(openEvent(world, 'LIMITED'));
    expect(world.log.count('Ui.createAddonMenu')).toBe(1);
    expect(world.ui.menus).toHaveLength(1);
    expect(world.ui.menus[0].caption).toBe('(add-on)');
    expect(world.ui.menus[0].items[0].caption).toBe('Настроить книгу');
    expect(itemsOf(world)).toEqual(['menuSetUpWorkbook', 'menuMoveDeal', 'menuValidateDeals', 'Оповещения о застое']);
  });

  it('in AuthMode.NONE builds the menu and touches nothing else: no spreadsheet, no properties', () => {
    const world = createGas({ locale: 'ru_RU', installedAs: 'add-on' });
    loadBundle(world).onOpen(openEvent(world, 'NONE'));
    // The fake refuses anything but the Ui in AuthMode.NONE; this lists every call made.
    expect(Object.keys(world.log.snapshot()).filter((name) => !name.startsWith('Menu.'))).toEqual([
      'SpreadsheetApp.getUi',
      'Ui.createAddonMenu',
      'Ui.createMenu',
    ]);
    // Without the spreadsheet's locale the labels are English until the add-on is used in this document.
    expect(world.ui.menus[0].items[0].caption).toBe('Set up workbook');
    expect(itemsOf(world)).toEqual(['menuSetUpWorkbook', 'menuMoveDeal', 'menuValidateDeals', 'Stale alerts']);
  });

  it('onInstall builds the same menu as onOpen', () => {
    const world = createGas({ installedAs: 'add-on' });
    loadBundle(world).onInstall(openEvent(world, 'FULL'));
    expect(world.log.count('Ui.createAddonMenu')).toBe(1);
    expect(itemsOf(world)).toEqual(['menuSetUpWorkbook', 'menuMoveDeal', 'menuValidateDeals', 'Stale alerts']);
  });

  it('keeps the menu-bar menu for a bound script', () => {
    const world = createGas();
    loadBundle(world).onOpen(openEvent(world, 'LIMITED'));
    expect(world.log.count('Ui.createAddonMenu')).toBe(0);
    expect(world.ui.menus[0].caption).toBe('Pipeline');
  });
});

describe('Set up workbook', () => {
  it('creates the four sheets in an empty spreadsheet, with a Stage dropdown, a rotting highlight and Dashboard charts', () => {
    const world = createGas();
    const gas = loadBundle(world);
    gas.menuSetUpWorkbook();
    const ss = world.spreadsheet;
    expect(ss.sheets.map((s) => s.name).sort()).toEqual(['Dashboard', 'Deals', 'History', 'Stages']);
    const deals = ss.sheet('Deals');
    expect(deals.dump()[0].slice(0, 5)).toEqual(['Deal ID', 'Deal', 'Account', 'Owner', 'Stage']);
    // 17 core columns + Move reason.
    expect(deals.dump()[0]).toHaveLength(18);
    const rule = deals.validations.get(`2,${COL.stage}`)!;
    expect(rule.getCriteriaType()).toBe('VALUE_IN_RANGE');
    // The dropdown lists Stages!A2:A9: the 8 default stages.
    expect((rule.getCriteriaValues()[0] as { a1(): string }).a1()).toBe('A2:A9');
    expect(deals.conditionalRules).toHaveLength(1);
    // Stages is reached through INDIRECT: Sheets refuses a conditional format formula that names another sheet.
    const rottingDays = 'VLOOKUP($E2,INDIRECT("Stages!$A:$D"),4,FALSE)';
    expect(deals.conditionalRules[0].formula).toBe(`=AND($E2<>"",ISNUMBER($O2),ISNUMBER(${rottingDays}),TODAY()-$O2>${rottingDays})`);
    expect(ss.sheet('Stages').cell(2, 1)).toBe('Lead');
    expect(ss.sheet('History').dump()[0][0]).toBe('Timestamp');
    const dashboard = ss.sheet('Dashboard');
    // Pipeline by stage: title in A5, the formula in the header cell A6, clipped to its header and 6 open stages + Total.
    expect(dashboard.formulas.get('6,1')).toBe(`=ARRAY_CONSTRAIN(PIPELINE_FORECAST(Deals!A:R,"stage",Stages!A:H),8,4)`);
    // The four charts of the one Dashboard definition (test/workflows/dashboard.test.ts checks their ranges).
    expect(dashboard.charts.map((c) => c.type)).toEqual(['COLUMN', 'LINE', 'BAR', 'COLUMN']);
    expect(world.ui.shown.at(-1)!.content).toContain('Created: Stages, Deals, History, Dashboard');
  });

  it('is safe to run again and never overwrites data; it adds missing columns at the end', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    // A team without Move reason and with a column of its own.
    deals.put(1, 18, '');
    deals.put(1, 19, 'Region');
    deals.put(2, 19, 'EMEA');
    const before = deals.dump().map((row) => row.slice(0, 17));
    const stagesBefore = world.spreadsheet.sheet('Stages').dump();
    gas.menuSetUpWorkbook();
    gas.menuSetUpWorkbook();
    expect(deals.dump().map((row) => row.slice(0, 17))).toEqual(before);
    expect(deals.cell(1, 19)).toBe('Region');
    expect(deals.cell(2, 19)).toBe('EMEA');
    expect(deals.cell(1, 20)).toBe('Move reason');
    expect(deals.cell(1, 21)).toBe('');
    expect(world.spreadsheet.sheet('Stages').dump()).toEqual(stagesBefore);
    expect(deals.conditionalRules).toHaveLength(1);
    expect(world.spreadsheet.sheets.filter((s) => s.name === 'Dashboard')).toHaveLength(1);
  });

  it('writes Russian headers in a Russian spreadsheet', () => {
    const world = createGas({ locale: 'ru_RU' });
    loadBundle(world).menuSetUpWorkbook();
    expect(world.spreadsheet.sheet('Deals').dump()[0].slice(0, 5)).toEqual(['ID сделки', 'Сделка', 'Клиент', 'Ответственный', 'Этап']);
  });
});

describe('Validate all deals', () => {
  it('lists problems by row and column in a sidebar and marks the cells, keeping user notes', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    deals.put(3, COL.amount, 'lots');
    deals.putNote(4, COL.amount, 'Checked with finance');
    deals.put(4, COL.amount, '');
    gas.menuValidateDeals();
    const sidebar = world.ui.shown.find((s) => s.kind === 'sidebar')!;
    expect(sidebar.title).toBe('Deal problems');
    // D2 row 3: "lots" is not a number; D3 row 4 in Proposal lacks Amount; D4 row 5: owner is not an email.
    expect(sidebar.content).toContain('<td>3</td><td>Amount</td><td>&quot;lots&quot; is not a number');
    expect(sidebar.content).toContain('<td>4</td><td>Amount</td>');
    expect(sidebar.content).toContain('<td>5</td><td>Owner</td>');
    expect(deals.notes.get(`3,${COL.amount}`)).toMatch(/^Pipeline: "lots" is not a number/);
    expect(deals.notes.get(`4,${COL.amount}`)).toMatch(/^Pipeline: .*Amount.*\n――――\nChecked with finance$/s);
    deals.put(3, COL.amount, 100);
    deals.put(4, COL.amount, 5000);
    gas.menuValidateDeals();
    expect(deals.notes.has(`3,${COL.amount}`)).toBe(false);
    expect(deals.notes.get(`4,${COL.amount}`)).toBe('Checked with finance');
  });

  it("names a column the sheet lacks by its header in the sheet's language, in the sidebar only", () => {
    const world = createGas({ locale: 'ru_RU' });
    world.spreadsheet.sheet('Stages').load(stagesToTable(DEFAULT_CONFIG) as never);
    const deals = world.spreadsheet.sheet('Deals');
    // Catalogue C56 in a Russian spreadsheet: "Amt" is no Amount header, and Meeting/Demo requires an amount.
    deals.load([
      ['Deal ID', 'Deal', 'Owner', 'Stage', 'Amt'],
      ['D1', 'Pilot', 'ann@example.com', 'Meeting/Demo', 1000],
    ]);
    loadBundle(world).menuValidateDeals();
    const sidebar = world.ui.shown.find((s) => s.kind === 'sidebar')!;
    // Сумма is DEAL_HEADERS.ru.amount, what Set up workbook would add; the two warnings: row 1 (column) and row 2 (deal).
    expect(sidebar.content).toContain('<td>1</td><td>Сумма</td><td>No &quot;Amount&quot; column was found in row 1');
    expect(sidebar.content).toContain('<td>2</td><td>Сумма</td><td>Deals in &quot;Meeting/Demo&quot; need Amount');
    expect(sidebar.content).not.toContain('<td>amount</td>');
    expect([...deals.notes.keys()]).toEqual([]);
  });

  it('escapes what users typed', () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.sheet('Deals').put(3, COL.amount, '<img src=x onerror=alert(1)>');
    gas.menuValidateDeals();
    const sidebar = world.ui.shown.find((s) => s.kind === 'sidebar')!;
    expect(sidebar.content).not.toContain('<img');
    expect(sidebar.content).toContain('&lt;img');
  });
});

describe('Move deal to stage…', () => {
  it('offers only the allowed next stages and says what each needs', () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.activeCell = { sheet: 'Deals', row: 3, column: 2 };
    gas.menuMoveDeal();
    const dialog = world.ui.shown.find((s) => s.kind === 'dialog')!;
    const data = JSON.parse(/\)\((\{.*\})\);<\/script>/s.exec(dialog.content)![1]);
    // D2 is in Contacted: forward only to Meeting/Demo (no skipping), back to Lead or Qualified, or Lost.
    expect(data.options.map((o: { stage: string }) => o.stage)).toEqual(['Lead', 'Qualified', 'Meeting/Demo', 'Lost']);
    const demo = data.options.find((o: { stage: string }) => o.stage === 'Meeting/Demo');
    expect(demo.missing.map((m: { field: string }) => m.field)).toEqual(['amount']);
    expect(data.options.find((o: { stage: string }) => o.stage === 'Lead').needsReason).toBe(true);
    // The client reaches the server in one place, the typed callServer helper (its name is
    // shortened in the bundle): one runner with both handlers.
    expect(dialog.content.match(/withSuccessHandler\(/g)).toHaveLength(1);
    expect(dialog.content.match(/withFailureHandler\(/g)).toHaveLength(1);
  });

  it('keeps user values out of the HTML markup', () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.sheet('Deals').put(3, COL.name, '</script><script>alert(1)</script>');
    world.spreadsheet.activeCell = { sheet: 'Deals', row: 3, column: 2 };
    gas.menuMoveDeal();
    const dialog = world.ui.shown.find((s) => s.kind === 'dialog')!;
    expect(dialog.content).not.toContain('<script>alert(1)');
    expect(dialog.content).toContain('\\u003c/script\\u003e');
  });

  it('says to pick a deal row when the cursor is elsewhere', () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.activeCell = { sheet: 'Stages', row: 3, column: 1 };
    gas.menuMoveDeal();
    expect(world.ui.shown.at(-1)!.content).toContain('Select a cell in a deal row');
  });

  it('says to pick a deal row below the deals, and to type a Deal ID on a deal without one', () => {
    const { world, gas } = pipelineWorld();
    // Rows 2-5 hold D1-D4: row 9 is empty.
    world.spreadsheet.activeCell = { sheet: 'Deals', row: 9, column: 2 };
    gas.menuMoveDeal();
    expect(world.ui.shown.at(-1)!.content).toContain('Select a cell in a deal row');
    world.spreadsheet.sheet('Deals').put(3, COL.id, '');
    world.spreadsheet.activeCell = { sheet: 'Deals', row: 3, column: 2 };
    gas.menuMoveDeal();
    expect(world.ui.shown.at(-1)!.content).toMatch(/^The deal on row 3 of Deals has no Deal ID/);
    expect(world.ui.shown.some((s) => s.kind === 'dialog')).toBe(false);
  });

  it('applies a move with the fields the dialog asked for, as a menu move in History', () => {
    const { world, gas } = pipelineWorld();
    const reply = gas.applyDealMove({ row: 3, dealId: 'D2', toStage: 'Meeting/Demo', fields: { amount: '2 500' }, reason: '' }) as {
      ok: boolean;
    };
    expect(reply.ok).toBe(true);
    const deals = world.spreadsheet.sheet('Deals');
    expect(deals.cell(3, COL.amount)).toBe(2500);
    expect(deals.cell(3, COL.stage)).toBe('Meeting/Demo');
    expect(
      world.spreadsheet.sheet('History').dump().at(-1)!.slice(1, 5).concat(world.spreadsheet.sheet('History').dump().at(-1)![8]),
    ).toEqual(['D2', 'Contacted', 'Meeting/Demo', 2500, 'menu']);
  });

  it('refuses a move the rules forbid, and a deal whose ID is gone, writing nothing', () => {
    const { world, gas } = pipelineWorld();
    const before = world.spreadsheet.sheet('Deals').dump();
    const backward = gas.applyDealMove({ row: 4, dealId: 'D3', toStage: 'Lead', fields: {}, reason: '' }) as {
      ok: boolean;
      messages: string[];
    };
    expect(backward.ok).toBe(false);
    expect(backward.messages.join(' ')).toContain('needs a reason');
    const gone = gas.applyDealMove({ row: 4, dealId: 'D9', toStage: 'Contacted', fields: {}, reason: '' }) as {
      ok: boolean;
      messages: string[];
    };
    expect(gone).toEqual({
      ok: false,
      messages: [
        'Deal D9 is no longer on the Deals sheet (deleted, or its Deal ID changed); nothing was moved. Pick the deal again from the list.',
      ],
    });
    expect(world.spreadsheet.sheet('Deals').dump()).toEqual(before);
  });

  it('moves the deal the dialog was opened for on the row it is on now, found by its Deal ID', () => {
    const { world, gas } = pipelineWorld();
    // The dialog was opened on row 4 for D1, then rows were sorted: D1 is on row 2 again, D3 on row 4.
    const moved = gas.applyDealMove({ row: 4, dealId: 'D1', toStage: 'Contacted', fields: {}, reason: '' }) as {
      ok: boolean;
      messages: string[];
    };
    expect(moved).toEqual({
      ok: true,
      messages: ['D1 moved from "Qualified" to "Contacted" and recorded in History (it is on row 2 now, not row 4).'],
    });
    const deals = world.spreadsheet.sheet('Deals');
    expect([deals.cell(2, COL.stage), deals.cell(4, COL.stage)]).toEqual(['Contacted', 'Proposal']);
  });

  it('records the reason of a backward move in Move reason', () => {
    const { world, gas } = pipelineWorld();
    const reply = gas.applyDealMove({ row: 4, dealId: 'D3', toStage: 'Contacted', fields: {}, reason: 'Champion left' }) as { ok: boolean };
    expect(reply.ok).toBe(true);
    expect(world.spreadsheet.sheet('Deals').cell(4, COL.moveReason)).toBe('Champion left');
  });
});
