/**
 * onEdit, driven the way Sheets drives it: the built Code.js in node:vm, a user
 * typing one Stage cell (e.value / e.oldValue given), pasting over many rows (no
 * values in the event), editing other columns and sheets, and editing while another
 * execution holds the document lock.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sheetDate, userEdit } from '../fakes/gas';
import { buildOnce, COL, pipelineWorld, TZ } from './world';

beforeAll(() => buildOnce());

describe('a single Stage edit', () => {
  it('accepts a valid move: stamps Stage changed and appends one History row', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    const history = world.spreadsheet.sheet('History');
    const before = Date.now();
    const e = userEdit(world, deals, 2, COL.stage, [['Contacted']]);
    gas.onEdit(e);
    expect(deals.cell(2, COL.stage)).toBe('Contacted');
    const stamp = deals.cell(2, COL.stageChanged) as Date;
    expect(stamp).toBeInstanceOf(Date);
    expect(stamp.getTime()).toBeGreaterThanOrEqual(before);
    // 8 History rows were loaded, so the move lands on row 10.
    expect(history.dump()[9].slice(1)).toEqual([
      'D1',
      'Qualified',
      'Contacted',
      1000,
      deals.cell(2, COL.expectedClose),
      0.3,
      'ann@example.com',
      'edit',
    ]);
    expect(history.dump()).toHaveLength(10);
    expect(world.LockService.document.heldByUs).toBe(false);
    expect(world.ui.shown).toEqual([]);
  });

  it('makes 15 service calls for an accepted move near the top of the sheet, 16 further down', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    // Counted one by one: the edited sheet (1), rows 1..2 in one read as row 2 ≤ 50 (2), its name (3), Stages:
    // handle and values (4, 5), the editor (6), the lock: get, try (7, 8), the Stage note (9), the Stage changed
    // stamp: range and value (10, 11), History: handle and append (12, 13), flush (14), release (15).
    expect(world.log.snapshot()).toEqual({
      'Range.getSheet': 1,
      'Sheet.getSheetValues': 2,
      'Sheet.getName': 1,
      'Spreadsheet.getSheetByName': 2,
      'User.getEmail': 1,
      'LockService.getDocumentLock': 1,
      'Lock.tryLock': 1,
      'Range.getNote': 1,
      'Sheet.getRange': 1,
      'Range.setValue': 1,
      'Sheet.appendRow': 1,
      'SpreadsheetApp.flush': 1,
      'Lock.releaseLock': 1,
    });
    expect(world.log.total).toBe(15);

    // Row 60 is past the 50 rows read with the header: the row is one more read.
    deals.load([['D60', 'Far down', '', 'bob@example.com', 'Lead', 100]], 60);
    world.log.reset();
    gas.onEdit(userEdit(world, deals, 60, COL.stage, [['Qualified']]));
    expect(deals.cell(60, COL.stage)).toBe('Qualified');
    expect(world.log.count('Sheet.getSheetValues')).toBe(3);
    expect(world.log.total).toBe(16);
  });

  it('makes no call past the header when the same stage is typed again', () => {
    const { world, gas } = pipelineWorld();
    gas.onEdit(userEdit(world, world.spreadsheet.sheet('Deals'), 2, COL.stage, [['qualified']]));
    // The edited sheet, its rows 1..2 and its name.
    expect(world.log.total).toBe(3);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });

  it('puts back a skip with a note and a toast that name the stage to go through', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Proposal']]));
    expect(deals.cell(2, COL.stage)).toBe('Qualified');
    const note = deals.notes.get(`2,${COL.stage}`)!;
    // Qualified → Proposal skips Contacted and Meeting/Demo; the first to go through is Contacted.
    expect(note).toContain('move to "Contacted" first');
    expect(world.ui.shown.filter((s) => s.kind === 'toast')).toHaveLength(1);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
    // Stage changed keeps the fixture's 2026-10-05 (local midnight in Berlin).
    expect(deals.cell(2, COL.stageChanged)).toEqual(sheetDate(2026, 10, 5, TZ));
  });

  it('puts back a move that lacks a required field, and the fixed retry clears the note', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 3, COL.stage, [['Meeting/Demo']]));
    expect(deals.cell(3, COL.stage)).toBe('Contacted');
    expect(deals.notes.get(`3,${COL.stage}`)).toContain('needs Amount');
    deals.put(3, COL.amount, 2500);
    gas.onEdit(userEdit(world, deals, 3, COL.stage, [['Meeting/Demo']]));
    expect(deals.cell(3, COL.stage)).toBe('Meeting/Demo');
    expect(deals.notes.has(`3,${COL.stage}`)).toBe(false);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(10);
  });

  it('asks for a reason on a backward move and accepts it once Move reason is filled', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 4, COL.stage, [['Contacted']]));
    expect(deals.cell(4, COL.stage)).toBe('Proposal');
    expect(deals.notes.get(`4,${COL.stage}`)).toContain('needs a reason');
    deals.put(4, COL.moveReason, 'Budget frozen until Q1');
    gas.onEdit(userEdit(world, deals, 4, COL.stage, [['Contacted']]));
    expect(deals.cell(4, COL.stage)).toBe('Contacted');
    expect(world.spreadsheet.sheet('History').dump()[9].slice(1, 4)).toEqual(['D3', 'Proposal', 'Contacted']);
  });

  it('writes the stage name as Stages spells it', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['  contacted ']]));
    expect(deals.cell(2, COL.stage)).toBe('Contacted');
  });

  it('keeps a note the user wrote on the Stage cell, through a rejected and then an accepted move', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    deals.putNote(2, COL.stage, 'Call back after the board meeting');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Won']]));
    expect(deals.notes.get(`2,${COL.stage}`)).toMatch(/^Pipeline: .*\n――――\nCall back after the board meeting$/s);
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    expect(deals.notes.get(`2,${COL.stage}`)).toBe('Call back after the board meeting');
  });
});

describe('edits that are not Stage edits', () => {
  it('leaves after two service calls for another column of Deals', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, COL.amount, [[2000]]));
    expect(world.log.total).toBe(2);
    expect(deals.cell(2, COL.amount)).toBe(2000);
    // Below row 50 only the header row is read: still two.
    deals.load([['D60', 'Far down', '', 'bob@example.com', 'Lead', 100]], 60);
    world.log.reset();
    gas.onEdit(userEdit(world, deals, 60, COL.amount, [[150]]));
    expect(world.log.total).toBe(2);
  });

  it('leaves after two calls for another sheet, and after three when that sheet has a Stage column there', () => {
    const { world, gas } = pipelineWorld();
    const dashboard = world.spreadsheet.sheet('Dashboard');
    gas.onEdit(userEdit(world, dashboard, 3, 1, [['note to self']]));
    expect(world.log.total).toBe(2);
    world.log.reset();
    gas.onEdit(userEdit(world, dashboard, 3, COL.stage, [['Won']]));
    // The Dashboard's own row 1 has no Stage header: two calls.
    expect(world.log.total).toBe(2);
    const snapshots = world.spreadsheet.sheet('Snapshots');
    snapshots.load([
      ['Snapshot date', 'Deal ID', 'Owner', 'Stage'],
      [new Date(), 'D1', 'ann@example.com', 'Qualified'],
    ]);
    world.log.reset();
    gas.onEdit(userEdit(world, snapshots, 2, 4, [['Won']]));
    // Snapshots has Stage in column 4: the sheet's name is asked (3), and nothing is written.
    expect(world.log.total).toBe(3);
    expect(world.log.count('write')).toBe(0);
    expect(snapshots.cell(2, 4)).toBe('Won');
  });

  it('ignores an edit of the header row', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 1, COL.stage, [['Stage']]));
    expect(world.log.total).toBe(2);
  });
});

describe('a paste over many rows', () => {
  it('checks each row against its stage in History and writes in blocks', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    const e = userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Meeting/Demo'], ['Negotiation'], ['Lead']]);
    expect(e.value).toBeUndefined();
    gas.onEdit(e);
    // D1 Qualified→Contacted ok; D2 Contacted→Meeting/Demo lacks Amount; D3 Proposal→Negotiation ok; D4 Lead→Lead unchanged.
    expect([2, 3, 4, 5].map((r) => deals.cell(r, COL.stage))).toEqual(['Contacted', 'Contacted', 'Negotiation', 'Lead']);
    expect(deals.notes.get(`3,${COL.stage}`)).toContain('needs Amount');
    expect(deals.notes.has(`2,${COL.stage}`)).toBe(false);
    const added = world.spreadsheet.sheet('History').dump().slice(9);
    expect(added.map((r) => [r[1], r[2], r[3], r[8]])).toEqual([
      ['D1', 'Qualified', 'Contacted', 'paste'],
      ['D3', 'Proposal', 'Negotiation', 'paste'],
    ]);
    // The rejected row keeps its fixture stamp, 2026-09-20.
    expect(deals.cell(3, COL.stageChanged)).toEqual(sheetDate(2026, 9, 20, TZ));
    // Reads: rows 1..5 in one (5 ≤ 50), Stages, History; the Stage notes.
    expect(world.log.count('Sheet.getSheetValues')).toBe(3);
    expect(world.log.count('Range.getNotes')).toBe(1);
    // Writes: the Stage cells, their notes, the Stage changed stamps, the History rows.
    expect(world.log.count('Range.setValues')).toBe(3);
    expect(world.log.count('Range.setNotes')).toBe(1);
    expect(world.ui.shown.find((s) => s.kind === 'toast')?.content).toContain('Row 3');
    // Counted one by one: the edited sheet, rows 1..5, its name (3); the lock: get, try (5); Stages and History:
    // handle and values each (9); the editor (10); the Stage cells: range, notes, values, notes (14); the stamps:
    // range, values (16); History rows after the last row the read saw: range, values (18); locale, toast (20);
    // flush, release (22). History is found once, and no getLastRow is asked.
    expect(world.log.count('Spreadsheet.getSheetByName')).toBe(2);
    expect(world.log.count('Sheet.getLastRow')).toBe(0);
    expect(world.log.total).toBe(22);
  });

  it('creates a missing History sheet with its header in the same write as the accepted rows', () => {
    const { world, gas } = pipelineWorld();
    const ss = world.spreadsheet;
    ss.sheets.splice(ss.sheets.indexOf(ss.sheet('History')), 1);
    const deals = ss.sheet('Deals');
    // With no History, each row's previous stage is blank: D4 pasted as Lead is its first stage, which needs nothing.
    gas.onEdit(userEdit(world, deals, 5, COL.stage, [['Lead'], ['']]));
    const history = ss.sheets.find((s) => s.name === 'History')!;
    expect(history.dump().map((r) => r.slice(1, 4))).toEqual([
      ['Deal ID', 'From stage', 'To stage'],
      ['D4', '', 'Lead'],
    ]);
    expect(history.frozenRows).toBe(1);
  });

  it('reads the pasted rows on their own below row 50, and checks each', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    const history = world.spreadsheet.sheet('History');
    deals.load(
      [
        ['D60', 'Sixty', '', 'bob@example.com', 'Lead', 100],
        ['D61', 'Sixty-one', '', '', 'Lead', 100],
      ],
      60,
    );
    history.appendRow([new Date(), 'D60', '', 'Lead', 100, '', 0.1, 'bob@example.com', 'import']);
    history.appendRow([new Date(), 'D61', '', 'Lead', 100, '', 0.1, 'bob@example.com', 'import']);
    world.log.reset();
    gas.onEdit(userEdit(world, deals, 60, COL.stage, [['Qualified'], ['Qualified']]));
    // D60 has an owner and moves on; D61 has none, which Qualified requires, so it is put back.
    expect([deals.cell(60, COL.stage), deals.cell(61, COL.stage)]).toEqual(['Qualified', 'Lead']);
    expect(deals.notes.get(`61,${COL.stage}`)).toContain('Owner');
    expect(
      history
        .dump()
        .slice(11)
        .map((r) => [r[1], r[2], r[3], r[8]]),
    ).toEqual([['D60', 'Lead', 'Qualified', 'paste']]);
    // The header, the two rows, Stages and History: four reads of values.
    expect(world.log.count('Sheet.getSheetValues')).toBe(4);
  });

  it('takes the previous stage from the latest History move, whatever the row order', () => {
    const { world, gas } = pipelineWorld();
    const history = world.spreadsheet.sheet('History');
    // An older move for D1 appended at the bottom must not win over the later one.
    history.appendRow([new Date(Date.UTC(2026, 8, 1)), 'D1', '', 'Lead', '', '', '', 'x', 'import']);
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, 1, [['D1', 'Acme renewal', 'Acme', 'ann@example.com', 'Contacted']]));
    expect(deals.cell(2, COL.stage)).toBe('Contacted');
    expect(history.dump().at(-1)!.slice(1, 4)).toEqual(['D1', 'Qualified', 'Contacted']);
  });

  it('skips rows a paste made blank (a deleted deal is not a move)', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    const blankRow = Array.from({ length: 18 }, () => '');
    gas.onEdit(userEdit(world, deals, 5, 1, [blankRow]));
    expect(deals.cell(5, COL.stage)).toBe('');
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });
});

describe('concurrent edits through the document lock', () => {
  it('puts the stage back with a message while another execution holds the lock, and accepts the retry', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    world.LockService.document.heldByOther = true;
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    expect(deals.cell(2, COL.stage)).toBe('Qualified');
    expect(deals.notes.get(`2,${COL.stage}`)).toContain('Another change is being saved');
    expect(world.LockService.document.refused).toBe(1);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);

    world.LockService.document.heldByOther = false;
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    expect(deals.cell(2, COL.stage)).toBe('Contacted');
    expect(deals.notes.has(`2,${COL.stage}`)).toBe(false);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(10);
  });

  it('puts a paste back to the History stages while the lock is held', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    world.LockService.document.heldByOther = true;
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Proposal']]));
    expect([deals.cell(2, COL.stage), deals.cell(3, COL.stage)]).toEqual(['Qualified', 'Contacted']);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });

  it('appends moves from edits that follow one another in the order they were made', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']]));
    gas.onEdit(userEdit(world, deals, 4, COL.stage, [['Negotiation']]));
    gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Lost']]));
    const added = world.spreadsheet
      .sheet('History')
      .dump()
      .slice(9)
      .map((r) => `${r[1]}:${r[2]}>${r[3]}`);
    // The Lost move needs Lost reason, so it is put back; the other two land in order.
    expect(added).toEqual(['D1:Qualified>Contacted', 'D3:Proposal>Negotiation']);
    expect(deals.cell(2, COL.stage)).toBe('Contacted');
  });
});
