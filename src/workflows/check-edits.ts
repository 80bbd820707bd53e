/**
 * "Check a Stage edit or a paste", written once for both add-ins. Given the deals on
 * the edited rows as they are now, what each Stage cell held before (a single cell's
 * old value, or for a paste each deal's latest stage in History), the config and the
 * moment of the edit, it returns the plan: the moves to accept (History entries and
 * the rows to stamp "Stage changed"), the Stage cells to put back or respell, and for
 * every row it refused, the reason in the workbook's language. The adapters read, call
 * this, write the plan in as few calls as their platform allows and show the words.
 *
 * A deal with no earlier stage (a blank cell typed into, or a pasted row whose deal has
 * no move in History) is judged as a deal's first stage: the target's own rules (a
 * known stage, its required fields) are all the rules can check. Accepted, it is
 * recorded with a blank From and the plan says so; refused, the typed stage stays, since
 * there is nothing to put back and blanking the cell would lose what the user typed,
 * and nothing is recorded. Without a Stages sheet nothing is judged: the default stages
 * are not the team's, so each changed cell goes back to its earlier stage, or stays as
 * typed when there is none, and the words say which.
 */
import { checkMove, findStage, moveEntry, stageKey, type Deal, type HistoryEntry, type PipelineConfig } from '../core/index';
import { editCheckWords, type EditCheckWords } from './catalogue/index';
import type { PlatformProfile } from './platform';

/** What the adapter read for one edit. Rows are 1-based sheet rows. */
export interface StageEditRequest {
  readonly config: PipelineConfig;
  /** True when the workbook has no Stages sheet: `config` is then the defaults, and nothing is judged. */
  readonly stagesMissing: boolean;
  /** The deals on the edited rows after the edit, as readDeals read them (a blank row holds none). */
  readonly deals: readonly Deal[];
  /**
   * The Stage cell's value before a single-cell edit (Sheets e.oldValue, Excel
   * details.valueBefore; '' for a blank cell). Undefined for a paste, whose earlier
   * stages come from `latestStages`.
   */
  readonly valueBefore?: string;
  /** Each deal's stage after its latest History move (core latestStages); needed for a paste only. */
  readonly latestStages?: ReadonlyMap<string, string>;
  /** The moment of the edit, as stored in History and "Stage changed". */
  readonly now: Date;
  /** History's Source for the moves: 'edit' or 'paste'. */
  readonly source: string;
}

/** What became of one edited row. */
export interface StageRowOutcome {
  readonly row: number;
  readonly dealId: string;
  /** What the Stage cell holds once the plan is written: as typed, as Stages spells it, or put back. */
  readonly stage: string;
  /** True when the plan writes `stage` into the cell (put back, or respelled as Stages spells it). */
  readonly rewrite: boolean;
  /** The accepted move, as History records it. */
  readonly move?: HistoryEntry;
  /** Why the stage as typed was not accepted: put back or left unrecorded ('' when it was accepted or unchanged). */
  readonly rejectionReason: string;
  /** What the tool assumed for an accepted move, said once (a first stage with no History), or ''. */
  readonly notice: string;
}

/** The plan for one edit. */
export interface StageEditPlan {
  /** Each edited row that holds a deal whose stage changed, in row order. */
  readonly rows: readonly StageRowOutcome[];
  /** The History entries to append, in row order (the rows with a move). */
  readonly history: readonly HistoryEntry[];
  /** The rows whose edit was refused, with their reasons. */
  readonly refused: readonly StageRowOutcome[];
  /** One line for a toast: the refusal (for a paste, the first refused row and how many more); '' when none was refused. */
  readonly summary: string;
  /** What was recorded, for a status line; '' when nothing was. */
  readonly recorded: string;
  readonly words: EditCheckWords;
  /** True for a single-cell edit: its summary is the reason alone, with no row number. */
  readonly single: boolean;
}

/** Judges every edited row; see the file comment for the rules. */
export function checkStageEdits(request: StageEditRequest, profile: PlatformProfile): StageEditPlan {
  const words = editCheckWords(profile.language);
  const rows: StageRowOutcome[] = [];
  for (const deal of [...request.deals].sort((a, b) => a.row - b.row)) {
    const before = earlierStage(request, deal);
    if (before && stageKey(before) === stageKey(deal.stage)) continue;
    if (request.stagesMissing) rows.push(putBackUnjudged(deal, before, `${words.stagesMissing} `, words, profile));
    else {
      const outcome = judge(request, deal, before, words, profile);
      if (outcome) rows.push(outcome);
    }
  }
  return planOf(rows, words, profile, request.valueBefore !== undefined);
}

/**
 * Every edited row put back unjudged, with `reason` (Sheets: another execution holds
 * the lock). A row with no earlier stage stays as typed.
 */
export function putBackEdits(request: StageEditRequest, reason: string, profile: PlatformProfile): StageEditPlan {
  const words = editCheckWords(profile.language);
  const rows = [...request.deals]
    .sort((a, b) => a.row - b.row)
    .map((deal) => ({ deal, before: earlierStage(request, deal) }))
    .filter(({ deal, before }) => !before || stageKey(before) !== stageKey(deal.stage))
    .map(({ deal, before }) => ({
      row: deal.row,
      dealId: deal.id,
      stage: before || deal.stage,
      rewrite: before !== '',
      rejectionReason: reason,
      notice: '',
    }));
  return planOf(rows, words, profile, request.valueBefore !== undefined);
}

/**
 * The plan with every accepted move put back instead, with `reason` (Sheets: History
 * is protected and its rows could not be written): Deals and History never disagree.
 */
export function withdrawMoves(plan: StageEditPlan, reason: string, profile: PlatformProfile): StageEditPlan {
  const rows = plan.rows.map((o) =>
    o.move
      ? { row: o.row, dealId: o.dealId, stage: o.move.from || o.stage, rewrite: o.move.from !== '', rejectionReason: reason, notice: '' }
      : o,
  );
  return planOf(rows, plan.words, profile, plan.single);
}

function earlierStage(request: StageEditRequest, deal: Deal): string {
  if (request.valueBefore !== undefined) return request.valueBefore.trim();
  return request.latestStages?.get(deal.id) ?? '';
}

function judge(
  request: StageEditRequest,
  deal: Deal,
  before: string,
  words: EditCheckWords,
  profile: PlatformProfile,
): StageRowOutcome | null {
  const { config } = request;
  const from = findStage(config, before)?.name ?? before;
  const row = { row: deal.row, dealId: deal.id };
  if (!deal.stage) {
    // A cleared cell with no earlier stage was blank and stays so.
    if (!before) return null;
    return { ...row, stage: from, rewrite: true, rejectionReason: words.blankStage(deal.id, from), notice: '' };
  }
  const check = checkMove(config, deal, deal.stage, request.now, { from: before });
  const why = check.reasons.map((r) => r.message).join(' ');
  if (!check.ok || !check.to) {
    if (!before)
      return {
        ...row,
        stage: deal.stage,
        rewrite: false,
        rejectionReason: words.firstStageRefused(deal.id, deal.stage, why, profile.historySheet),
        notice: '',
      };
    return { ...row, stage: from, rewrite: true, rejectionReason: words.refused(deal.id, from, deal.stage, why), notice: '' };
  }
  const to = check.to.name;
  return {
    ...row,
    stage: to,
    rewrite: to !== deal.stage,
    move: moveEntry(deal, from, to, request.now, profile.changedBy, request.source, config),
    rejectionReason: '',
    notice: before ? '' : words.firstStageRecorded(deal.id, to, profile.historySheet),
  };
}

function putBackUnjudged(deal: Deal, before: string, prefix: string, words: EditCheckWords, profile: PlatformProfile): StageRowOutcome {
  const row = { row: deal.row, dealId: deal.id, notice: '' };
  if (!before)
    return { ...row, stage: deal.stage, rewrite: false, rejectionReason: prefix + words.notCheckedLeft(deal.id, profile.historySheet) };
  return { ...row, stage: before, rewrite: true, rejectionReason: prefix + words.notCheckedPutBack(deal.id, before, profile.historySheet) };
}

function planOf(rows: readonly StageRowOutcome[], words: EditCheckWords, profile: PlatformProfile, single: boolean): StageEditPlan {
  const refused = rows.filter((o) => o.rejectionReason);
  const moves = rows.flatMap((o) => (o.move ? [o.move] : []));
  const first = refused[0];
  let summary = '';
  if (first && single) summary = first.rejectionReason;
  else if (first)
    summary = words.rowSays(first.row, first.rejectionReason) + (refused.length > 1 ? words.moreRowsInNotes(refused.length - 1) : '');
  const notices = rows.map((o) => o.notice).filter(Boolean);
  const recorded = moves.length
    ? [
        words.recorded(
          profile.historySheet,
          moves.map((m) => ({ dealId: m.dealId, from: m.from, to: m.to })),
        ),
        ...notices,
      ].join(' ')
    : '';
  return { rows, history: moves, refused, summary, recorded, words, single };
}
