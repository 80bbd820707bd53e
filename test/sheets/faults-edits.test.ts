/**
 * Faults around Stage edits, through the built bundle: two executions editing at
 * once (two bundles loaded into one world, the second started from inside the
 * first with a call hook, so they share the spreadsheet and the document lock as two
 * users' onEdit runs do), a History sheet or a Stage changed column the editor may
 * not write (Sheets' protected-cell error), and edits during a long digest run.
 *
 * The fixture's History has a header and 8 rows (9 in all); each accepted move adds
 * one. Moves used: D1 (row 2) Qualified → Contacted, D3 (row 4) Proposal →
 * Negotiation, both allowed by the default stages.
 */
import { describe, expect, it } from 'vitest';
import { clockEvent, loadBundle, runExecution, sheetDate, userEdit, type ExecutionOutcome } from '../fakes/gas';
import { builtBundleAt, COL, pipelineWorld, TZ } from './world';

builtBundleAt();

const moves = (world: ReturnType<typeof pipelineWorld>['world']) =>
  world.spreadsheet
    .sheet('History')
    .dump()
    .slice(9)
    .map((r) => `${r[1]}:${r[2]}>${r[3]}:${r[8]}`);
const LOCK_BUSY = 'Another change is being saved right now; the stage was put back. Change it again in a moment.';

describe('two executions editing at once', () => {
  it('the second, which cannot get the lock in 10 s, is put back with a note and a toast; its retry lands after the first', () => {
    const { world, gas: first } = pipelineWorld();
    const second = loadBundle(world);
    const deals = world.spreadsheet.sheet('Deals');
    let other: ExecutionOutcome<unknown> | undefined;
    // While the first execution holds the lock and appends its History row, the second edit arrives.
    world.log.clock.onCall('Sheet.appendRow', () => {
      other = runExecution(world, () => second.onEdit(userEdit(world, deals, 4, COL.stage, [['Negotiation']])));
    });
    const mine = runExecution(world, () => first.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    expect(mine.killed || other!.killed).toBe(false);
    expect(mine.error ?? other!.error).toBeUndefined();
    // The second waited its whole 10 s for the lock.
    expect(other!.elapsedMs).toBe(10_000);
    expect(world.LockService.document.refused).toBe(1);
    expect(deals.cell(4, COL.stage)).toBe('Proposal');
    expect(deals.notes.get(`4,${COL.stage}`)).toBe(`Pipeline: ${LOCK_BUSY}`);
    expect(world.ui.shown).toEqual([{ kind: 'toast', title: 'Stage change undone', content: LOCK_BUSY }]);
    expect(moves(world)).toEqual(['D1:Qualified>Contacted:edit']);

    // The user types it again a moment later.
    runExecution(world, () => second.onEdit(userEdit(world, deals, 4, COL.stage, [['Negotiation']])));
    expect(moves(world)).toEqual(['D1:Qualified>Contacted:edit', 'D3:Proposal>Negotiation:edit']);
    expect(deals.notes.has(`4,${COL.stage}`)).toBe(false);
    expect(world.LockService.document.holder).toBeNull();
  });

  it('both succeed in turn when the second gets the lock first: exactly two History rows, in lock order', () => {
    const { world, gas: first } = pipelineWorld();
    const second = loadBundle(world);
    const deals = world.spreadsheet.sheet('Deals');
    // The second edit runs in full after the first has judged its move and before it asks for the lock.
    world.log.clock.onCall('LockService.getDocumentLock', () => {
      runExecution(world, () => second.onEdit(userEdit(world, deals, 4, COL.stage, [['Negotiation']])));
    });
    runExecution(world, () => first.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    expect(moves(world)).toEqual(['D3:Proposal>Negotiation:edit', 'D1:Qualified>Contacted:edit']);
    expect([deals.cell(2, COL.stage), deals.cell(4, COL.stage)]).toEqual(['Contacted', 'Negotiation']);
    expect(world.LockService.document.refused).toBe(0);
  });

  it('a paste reads History under the lock, so an edit that landed just before it is neither overwritten nor lost', () => {
    const { world, gas: first } = pipelineWorld();
    const second = loadBundle(world);
    const deals = world.spreadsheet.sheet('Deals');
    world.log.clock.onCall('LockService.getDocumentLock', () => {
      runExecution(world, () => second.onEdit(userEdit(world, deals, 4, COL.stage, [['Negotiation']])));
    });
    // A paste over rows 2-3: D1 moves to Contacted, D2 stays in Contacted.
    runExecution(world, () => first.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Contacted']])));
    // The edit's row is row 10; the paste, which read History after it, appends row 11.
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(11);
    expect(moves(world)).toEqual(['D3:Proposal>Negotiation:edit', 'D1:Qualified>Contacted:paste']);
  });

  it('an edit during a paste that holds the lock is put back, and the paste’s rows are all there', () => {
    const { world, gas: first } = pipelineWorld();
    const second = loadBundle(world);
    const deals = world.spreadsheet.sheet('Deals');
    // The paste's first block write under the lock is its History rows.
    world.log.clock.onCall('Range.setValues', () => {
      runExecution(world, () => second.onEdit(userEdit(world, deals, 4, COL.stage, [['Negotiation']])));
    });
    runExecution(world, () => first.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Contacted']])));
    expect(deals.cell(4, COL.stage)).toBe('Proposal');
    expect(moves(world)).toEqual(['D1:Qualified>Contacted:paste']);
  });

  it('an edit during a long digest run is accepted: the digest holds the script lock, not the document lock', () => {
    const { world, gas: digest } = pipelineWorld();
    const editor = loadBundle(world);
    const deals = world.spreadsheet.sheet('Deals');
    // The edit comes while ann's email is going out.
    world.log.clock.onCall('MailApp.sendEmail', () => {
      runExecution(world, () => editor.onEdit(userEdit(world, deals, 4, COL.stage, [['Negotiation']])));
    });
    runExecution(world, () => digest.sendDailyDigests(clockEvent()));
    expect(moves(world)).toEqual(['D3:Proposal>Negotiation:edit']);
    // ann and bob each got one email.
    expect(world.MailApp.sent).toHaveLength(2);
  });

  it('a second digest run while the first is sending sends nothing, says so in the log, and ends normally', () => {
    const { world, gas: first } = pipelineWorld();
    const second = loadBundle(world);
    let other: ExecutionOutcome<unknown> | undefined;
    world.log.clock.onCall('MailApp.sendEmail', () => {
      other = runExecution(world, () => second.sendDailyDigests(clockEvent()));
    });
    runExecution(world, () => first.sendDailyDigests(clockEvent()));
    expect(other!.error).toBeUndefined();
    expect(world.MailApp.sent.map((m) => m.to)).toEqual(['ann@example.com', 'bob@example.com']);
    expect(world.console.lines.map((l) => l.text)).toEqual([
      'Pipeline daily digest: Another digest run is sending right now; it covers today, so this one sent nothing.',
    ]);
  });
});

describe('a History sheet the editor may not write', () => {
  /** History protected by its owner, with nobody else among the editors; the editor is ann. */
  const protectHistory = (world: ReturnType<typeof pipelineWorld>['world']) => {
    const protection = world.spreadsheet.sheet('History').protect();
    protection.removeEditors(['ann@example.com']);
    world.log.reset();
  };
  const HISTORY_PROTECTED =
    'The History sheet is protected, and this account may not edit it. The spreadsheet owner or an editor of that protected ' +
    'range can add this account (Data → Protect sheets and ranges) or remove the protection. The stage change was put back, ' +
    'since its History row could not be written.';

  it('puts a typed stage back, says where and who can fix it, and writes nothing else', () => {
    const { world, gas } = pipelineWorld();
    protectHistory(world);
    const deals = world.spreadsheet.sheet('Deals');
    const run = runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    expect(run.error).toBeUndefined();
    expect(deals.cell(2, COL.stage)).toBe('Qualified');
    expect(deals.notes.get(`2,${COL.stage}`)).toBe(`Pipeline: ${HISTORY_PROTECTED}`);
    expect(world.ui.shown.at(-1)).toEqual({ kind: 'toast', title: 'Stage change undone', content: HISTORY_PROTECTED });
    // The fixture's stamp, 2026-10-05, is untouched, and History keeps its 9 rows.
    expect(deals.cell(2, COL.stageChanged)).toEqual(sheetDate(2026, 10, 5, TZ));
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });

  it('puts every accepted row of a paste back, keeping the rows that were refused anyway', () => {
    const { world, gas } = pipelineWorld();
    protectHistory(world);
    const deals = world.spreadsheet.sheet('Deals');
    // D1 → Contacted (would be accepted), D2 → Meeting/Demo (refused: no Amount), D3 → Negotiation (would be accepted).
    runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Meeting/Demo'], ['Negotiation']])));
    expect([2, 3, 4].map((r) => deals.cell(r, COL.stage))).toEqual(['Qualified', 'Contacted', 'Proposal']);
    expect(deals.notes.get(`2,${COL.stage}`)).toBe(`Pipeline: ${HISTORY_PROTECTED}`);
    expect(deals.notes.get(`3,${COL.stage}`)).toContain('needs Amount');
    expect(deals.notes.get(`4,${COL.stage}`)).toBe(`Pipeline: ${HISTORY_PROTECTED}`);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
    // No stamp was written: 2026-10-05 and 2026-10-01 stay.
    expect([deals.cell(2, COL.stageChanged), deals.cell(4, COL.stageChanged)]).toEqual([
      sheetDate(2026, 10, 5, TZ),
      sheetDate(2026, 10, 1, TZ),
    ]);
    // "Row 2: … (+2 more rows; …)": the three put-back rows in one toast.
    expect(world.ui.shown.at(-1)!.content).toMatch(
      /^Row 2: The History sheet is protected.*\(\+2 more rows; see the notes on the Stage cells\)$/s,
    );
  });

  it('the move dialog changes nothing on Deals and says why', () => {
    const { world, gas } = pipelineWorld();
    protectHistory(world);
    const before = world.spreadsheet.sheet('Deals').dump();
    const reply = runExecution(world, () =>
      gas.applyDealMove({ row: 2, dealId: 'D1', toStage: 'Contacted', fields: {}, reason: '' }),
    ).value;
    expect(reply).toEqual({ ok: false, messages: [HISTORY_PROTECTED] });
    expect(world.spreadsheet.sheet('Deals').dump()).toEqual(before);
    expect(world.spreadsheet.sheet('History').dump()).toHaveLength(9);
  });

  it('lets the owner, or an editor of the protection, move the deal as usual', () => {
    const { world, gas } = pipelineWorld();
    protectHistory(world);
    world.spreadsheet.sheet('History').protections[0].addEditor('ann@example.com');
    const deals = world.spreadsheet.sheet('Deals');
    runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    expect(moves(world)).toEqual(['D1:Qualified>Contacted:edit']);
  });

  it('a warning-only protection does not stop the script', () => {
    const { world, gas } = pipelineWorld();
    protectHistory(world);
    world.spreadsheet.sheet('History').protections[0].setWarningOnly(true);
    const deals = world.spreadsheet.sheet('Deals');
    runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    expect(moves(world)).toEqual(['D1:Qualified>Contacted:edit']);
  });
});

describe('a Stage changed column the editor may not write', () => {
  it('keeps the move (History has it), leaves the old stamp and says which cell could not be stamped', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    // Column O (15) is Stage changed.
    deals.getRange('O:O').protect().removeEditors(['ann@example.com']);
    world.log.reset();
    const run = runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted']])));
    expect(run.error).toBeUndefined();
    expect(deals.cell(2, COL.stage)).toBe('Contacted');
    expect(moves(world)).toEqual(['D1:Qualified>Contacted:edit']);
    expect(deals.cell(2, COL.stageChanged)).toEqual(sheetDate(2026, 10, 5, TZ));
    expect(world.ui.shown.at(-1)).toEqual({
      kind: 'toast',
      title: 'Pipeline',
      content:
        'Deals!O2 is protected, and this account may not edit it. The spreadsheet owner or an editor of that protected range can ' +
        'add this account (Data → Protect sheets and ranges) or remove the protection. The move was saved to History, but the ' +
        'Stage changed date could not be written.',
    });
  });

  it('for a paste, names the block of stamps and keeps the moves', () => {
    const { world, gas } = pipelineWorld();
    const deals = world.spreadsheet.sheet('Deals');
    deals.getRange('O:O').protect().removeEditors(['ann@example.com']);
    runExecution(world, () => gas.onEdit(userEdit(world, deals, 2, COL.stage, [['Contacted'], ['Contacted'], ['Negotiation']])));
    expect(moves(world)).toEqual(['D1:Qualified>Contacted:paste', 'D3:Proposal>Negotiation:paste']);
    expect(world.ui.shown.at(-1)!.content).toMatch(/^Deals!O2:O4 is protected/);
  });
});
