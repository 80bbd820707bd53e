/**
 * "Check a Stage edit or a paste" (src/workflows/check-edits.ts) through both
 * add-ins: each scenario is typed into the same workbook (test/workflows/both.ts) in
 * the Google Sheets fake and in the Excel fake, and must end the same way: the Stage
 * cells, the History rows added, the rows stamped "Stage changed" and the reason given
 * for each refused row. The default stages: no skipping; Qualified and Contacted need
 * Owner, Meeting/Demo needs Amount too, Proposal needs Expected close too; Lead needs
 * nothing.
 */
process.env.TZ = 'UTC';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce } from '../sheets/world';
import { closePlatforms, COL, PLATFORMS } from './both';

beforeAll(() => buildOnce());
afterEach(() => closePlatforms());

/** The Stage column as the fixture has it, rows 2-6. */
const FIXTURE_STAGES = ['Qualified', 'Contacted', 'Lead', 'Lead', ''];

describe.each(PLATFORMS)('in %s', (_, open) => {
  it('accepts a valid single edit: one History row, Stage changed stamped, nothing refused', async () => {
    const seen = await open().edit(2, COL.stage, [['Contacted']]);
    expect(seen.stages).toEqual(['Contacted', 'Contacted', 'Lead', 'Lead', '']);
    expect(seen.added).toEqual(['D-1:Qualified>Contacted:edit']);
    expect(seen.stamped).toEqual([2]);
    expect(seen.reasons.size).toBe(0);
  });

  it('puts back a skipped stage and says which stage comes first', async () => {
    // Qualified → Proposal skips Contacted and Meeting/Demo.
    const seen = await open().edit(2, COL.stage, [['Proposal']]);
    expect(seen.stages).toEqual(FIXTURE_STAGES);
    expect(seen.added).toEqual([]);
    expect(seen.stamped).toEqual([]);
    expect(seen.reasons.get(2)).toBe(
      'D-1 cannot move from "Qualified" to "Proposal": Skipping stages is not allowed: move to "Contacted" first (skipped: ' +
        'Contacted, Meeting/Demo). The stage is back to "Qualified".',
    );
  });

  it('puts back a move that lacks a required field, naming the field', async () => {
    // D-3 has no Owner, which Qualified requires.
    const seen = await open().edit(4, COL.stage, [['Qualified']]);
    expect(seen.stages).toEqual(FIXTURE_STAGES);
    expect(seen.added).toEqual([]);
    expect(seen.reasons.get(4)).toMatch(/^D-3 cannot move from "Lead" to "Qualified": .*Owner.* The stage is back to "Lead"\.$/);
  });

  it('checks a paste row by row against History: two moves accepted, the one bad row put back', async () => {
    // D-1 Qualified → Contacted (ok), D-2 Contacted → Meeting/Demo (ok: it has Amount 5000), D-3 Lead → Negotiation (a skip).
    const seen = await open().edit(2, COL.stage, [['Contacted'], ['Meeting/Demo'], ['Negotiation']]);
    expect(seen.stages).toEqual(['Contacted', 'Meeting/Demo', 'Lead', 'Lead', '']);
    expect(seen.added).toEqual(['D-1:Qualified>Contacted:paste', 'D-2:Contacted>Meeting/Demo:paste']);
    expect(seen.stamped).toEqual([2, 3]);
    expect([...seen.reasons.keys()]).toEqual([4]);
    expect(seen.reasons.get(4)).toContain('move to "Qualified" first');
  });

  it('keeps what was typed when the earlier stage is unknown and the rules refuse it, and records nothing', async () => {
    // D-4 has no History row, so a paste cannot tell its earlier stage; Proposal needs Amount and Expected close, which it lacks.
    // Row 4 (D-3) is pasted as it was: unchanged, not a move.
    const seen = await open().edit(4, COL.stage, [['Lead'], ['Proposal']]);
    expect(seen.stages).toEqual(['Qualified', 'Contacted', 'Lead', 'Proposal', '']);
    expect(seen.added).toEqual([]);
    expect(seen.stamped).toEqual([]);
    expect(seen.reasons.get(5)).toMatch(
      new RegExp(
        String.raw`^D-4 cannot be in "Proposal": .* There is no earlier stage to put back \(no move of D-4 in (History|Stage history)\), ` +
          String.raw`so the cell was left as typed and nothing was recorded\. Fix the row, then type the stage again\.$`,
      ),
    );
  });

  it('records a first stage when there is no earlier one and the rules allow it', async () => {
    // D-5's Stage cell was blank: Lead needs nothing, so it is its first stage, From blank.
    const seen = await open().edit(6, COL.stage, [['Lead']]);
    expect(seen.stages).toEqual(['Qualified', 'Contacted', 'Lead', 'Lead', 'Lead']);
    expect(seen.added).toEqual(['D-5:>Lead:edit']);
    expect(seen.stamped).toEqual([6]);
  });

  it('judges nothing without a Stages sheet: the edit is put back and the words say how to bring Stages back', async () => {
    // By the default stages Qualified → Contacted would pass; they are not the team's, so it is not judged.
    const seen = await open({ stages: false }).edit(2, COL.stage, [['Contacted']]);
    expect(seen.stages).toEqual(FIXTURE_STAGES);
    expect(seen.added).toEqual([]);
    expect(seen.reasons.get(2)).toMatch(
      new RegExp(
        String.raw`^The "Stages" sheet is missing \(deleted or renamed\)\. ` +
          String.raw`Rename it back, or run Pipeline → Set up workbook to create it\. ` +
          'The stage of D-1 was put back to "Qualified", since the change cannot be checked or written to ' +
          String.raw`(History|Stage history) without it\.$`,
      ),
    );
  });

  it("speaks the spreadsheet's language: Vietnamese (Sheets locale vi_VN, Office display language vi-VN)", async () => {
    const seen = await open({ language: 'vi' }).edit(2, COL.stage, [['Proposal']]);
    expect(seen.reasons.get(2)).toMatch(/^D-1 không thể chuyển từ "Qualified" sang "Proposal": .* Giai đoạn đã được trả về "Qualified"\.$/);
  });
});
