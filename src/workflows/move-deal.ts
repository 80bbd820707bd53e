/**
 * "Move a deal", written once for the Sheets dialog and the Excel task pane. Three
 * steps, each pure: the form (the stages a deal may go to next and, per stage, the
 * fields it still needs and whether a reason is asked); finding the picked deal again
 * by its Deal ID (the row it was picked on is only where to look first, since the user
 * may have sorted or deleted rows); and the plan of a move (the typed fields read once,
 * the move checked by the core's checkMove, and the cells, the History entry and the
 * messages the adapter writes and shows). Adapters read the tables, call these, and
 * execute the plan; they decide nothing.
 */
import {
  DEAL_DATE_FIELDS,
  DEAL_HEADERS,
  RULE_LABELS,
  cellText,
  checkMove,
  findStage,
  isBlank,
  missingFields,
  moveEntry,
  nextStageOptions,
  parseDate,
  parseNumber,
  parseProbability,
  withoutInvisibleMarks,
  type Deal,
  type DealField,
  type HistoryEntry,
  type Language,
  type MoveReason,
  type PipelineConfig,
} from '../core/index';
import { MOVE_DEAL_WORDS, type MoveRuleWords } from './catalogue/index';
import type { PlatformProfile } from './platform';

/** Where the Deals fields sit: the header row's index of each field, and the header texts. */
export interface DealColumnsView {
  readonly fields: ReadonlyMap<DealField, number>;
  readonly headers: readonly string[];
}

/** A field the chosen stage still needs, with the column's label as the sheet shows it. */
export interface MissingField {
  readonly field: DealField;
  readonly label: string;
}

/** A stage the form offers, with what it will ask for. */
export interface MoveOption {
  readonly stage: string;
  readonly missing: readonly MissingField[];
  readonly needsReason: boolean;
}

/** A deal as the form names it. */
export interface DealChoice {
  readonly row: number;
  readonly id: string;
  readonly name: string;
  readonly stage: string;
}

/** The form for moving one deal: the stages it may go to and, per stage, the fields still missing. */
export interface MoveForm {
  readonly deal: DealChoice;
  readonly options: readonly MoveOption[];
}

/** The deal the user picked: its Deal ID, and the 1-based Deals row it was shown on. */
export interface DealPick {
  readonly dealId: string;
  readonly row: number;
}

/** The Deal ID column as read: its cells, top to bottom, and the sheet row of the first. */
export interface DealIdColumn {
  readonly cells: readonly unknown[];
  readonly firstRow: number;
}

/** What the user asked for: the stage, the values typed for missing fields (by field), and a reason. */
export interface MoveChoice {
  readonly toStage: string;
  readonly fields: Readonly<Partial<Record<DealField, string>>>;
  readonly reason: string;
}

/**
 * One Deals cell a plan writes. `column` is the field's index in the header row.
 * `kind` says how the platform stores the value: 'date' is a core date (UTC midnight);
 * 'moment' is the `at` the adapter passed in, in the adapter's own convention;
 * 'percent' is a fraction (0.4 for 40%).
 */
export interface PlannedCell {
  readonly field: DealField;
  readonly column: number;
  readonly value: string | number | Date;
  readonly kind: 'text' | 'number' | 'percent' | 'date' | 'moment';
}

/** A move's plan: what to write (nothing when refused) and what to tell the user. */
export interface MovePlan {
  readonly ok: boolean;
  readonly cells: readonly PlannedCell[];
  readonly history: HistoryEntry | null;
  /** The refusals when not ok, else the one success message. */
  readonly messages: readonly string[];
}

/**
 * A column's label: the sheet's own header, else the name "Set up workbook" gives it in
 * the Stages sheet's Language, so that a user told to add it adds the header the tool reads.
 */
export function columnLabel(columns: DealColumnsView, field: DealField, language: Language): string {
  const index = columns.fields.get(field);
  return (index !== undefined ? columns.headers[index] : '') || DEAL_HEADERS[language][field];
}

/** The form for a deal: the stages the rules allow next (core nextStageOptions), what each still needs. */
export function moveForm(config: PipelineConfig, deal: Deal, columns: DealColumnsView, at: Date): MoveForm {
  return {
    deal: { row: deal.row, id: deal.id, name: deal.name, stage: deal.stage },
    options: nextStageOptions(config, deal, at).map((stage) => ({
      stage: stage.name,
      missing: missingFields(deal, stage).map((field) => ({ field, label: columnLabel(columns, field, config.rules.language) })),
      needsReason: checkMove(config, deal, stage.name, at, { reason: '' }).reasons.some((r) => r.code === 'backward-needs-reason'),
    })),
  };
}

/** "Set up workbook" where the platform does not name it otherwise (see PlatformProfile.setUpCommand). */
const DEFAULT_SET_UP = 'Pipeline → Set up workbook';

/** A Deal ID cell as the core's Deals reader names the deal (a number as its digits), compared without invisible marks. */
function idKey(cell: unknown): string {
  return withoutInvisibleMarks(typeof cell === 'number' ? String(cell) : cellText(cell));
}

/**
 * Finds the picked deal's row in a fresh read of the Deal ID column. A deal whose ID
 * is gone, is on more than one row, or is blank (its row is all that names it, and a
 * sort changes that) is refused, and so is every move while Stages is missing: the
 * default stages would judge a team's moves by rules that are not theirs. `ids` is
 * null when the Deals sheet has no Deal ID column.
 */
export function findPickedDeal(
  ids: DealIdColumn | null,
  pick: DealPick,
  stagesMissing: boolean,
  profile: Pick<PlatformProfile, 'language' | 'setUpCommand'>,
): { readonly row: number } | { readonly refused: string } {
  const words = MOVE_DEAL_WORDS[profile.language];
  if (stagesMissing) return { refused: words.stagesMissing(profile.setUpCommand ?? DEFAULT_SET_UP) };
  const wanted = idKey(pick.dealId);
  const rows: number[] = [];
  ids?.cells.forEach((cell, i) => {
    if (wanted !== '' && idKey(cell) === wanted) rows.push(ids.firstRow + i);
  });
  if (rows.length === 1) return { row: rows[0] };
  if (rows.length > 1) return { refused: words.dealIdTwice(pick.dealId, rows) };
  // The core names a deal with a blank ID "row-N" after its row: that name follows the row, not the deal.
  const typedOnRow = ids ? ids.cells[pick.row - ids.firstRow] : '';
  if (isBlank(typedOnRow) && (wanted === '' || wanted === `row-${pick.row}`)) return { refused: words.noDealId(pick.row) };
  return { refused: words.dealGone(pick.dealId) };
}

type Typed = { readonly value: string | number | Date; readonly kind: PlannedCell['kind'] } | { readonly error: string };

/**
 * A value typed in the form, read once, as the core's Deals reader reads the cell:
 * an amount is a non-negative number; a probability is 40, 40% or 0.4 (parseProbability);
 * a date field (the core's DEAL_DATE_FIELDS) is read in the Stages sheet's Date order,
 * so 03/04/2026 is 4 March under mdy; anything else is text.
 */
function readTyped(field: DealField, text: string, label: string, config: PipelineConfig, language: Language): Typed {
  const words = MOVE_DEAL_WORDS[language];
  if (field === 'amount') {
    const parsed = parseNumber(text);
    if (!parsed.ok || parsed.value === null) return { error: words.notAnAmount(label, text) };
    return parsed.value < 0 ? { error: words.negativeAmount(label, text) } : { value: parsed.value, kind: 'number' };
  }
  if (field === 'probability') {
    const parsed = parseProbability(text);
    return parsed.ok && parsed.value !== null ? { value: parsed.value, kind: 'percent' } : { error: words.notAProbability(label, text) };
  }
  if ((DEAL_DATE_FIELDS as readonly DealField[]).includes(field)) {
    const parsed = parseDate(text, config.rules.dateOrder);
    return parsed.ok && parsed.date ? { value: parsed.date, kind: 'date' } : { error: words.notADate(label, text) };
  }
  return { value: text, kind: 'text' };
}

/**
 * A checkMove reason in the user's language, from its code and the stages it names
 * (the core's own message is English only). `label` names a column as the sheet does.
 */
function ruleText(
  reason: MoveReason,
  config: PipelineConfig,
  fromName: string,
  toName: string,
  words: MoveRuleWords,
  label: (field: DealField) => string,
): string {
  const from = findStage(config, fromName);
  const to = findStage(config, toName)?.name ?? toName;
  const closed = from && from.outcome !== 'open' ? from.outcome : undefined;
  switch (reason.code) {
    case 'unknown-stage':
      return words.unknownStage(
        toName,
        config.stages.map((s) => s.name),
      );
    case 'same-stage':
      return words.sameStage(to);
    case 'reopen-closed':
      return closed ? words.reopenClosed(closed, fromName, RULE_LABELS.reopenAllowed) : reason.message;
    case 'backward-needs-reason':
      return closed ? words.reopenNeedsReason(closed, label('moveReason')) : words.backwardNeedsReason(fromName, to, label('moveReason'));
    case 'not-allowed-next':
      return words.notAllowedNext(fromName, reason.stages ?? from?.allowedNext ?? []);
    case 'skip':
      return reason.stages?.length ? words.skip(reason.stages) : reason.message;
    case 'required-field':
      return reason.field ? words.requiredField(to, label(reason.field)) : reason.message;
    default:
      return reason.message;
  }
}

/** What planMove needs: the deal as read, where its columns are, what the user chose, and when. */
export interface MoveInput {
  readonly config: PipelineConfig;
  readonly deal: Deal;
  readonly columns: DealColumnsView;
  /** The row the deal was picked on; the success message says so when the deal is on another row now. */
  readonly pickedRow: number;
  readonly choice: MoveChoice;
  /** The moment of the move as the platform stores it (see PlannedCell 'moment'). */
  readonly at: Date;
  readonly profile: PlatformProfile;
}

/**
 * The plan of a move: the typed fields read, the move checked with them (checkMove,
 * every reason at once), and for a valid move the cells to write (the typed fields,
 * Move reason, Stage, Stage changed), the History entry and the success message.
 * A refused plan writes nothing.
 */
export function planMove(input: MoveInput): MovePlan {
  const { config, deal, columns, choice, at, profile } = input;
  const words = MOVE_DEAL_WORDS[profile.language];
  const label = (field: DealField) => columnLabel(columns, field, config.rules.language);
  const refuse = (messages: readonly string[]): MovePlan => ({ ok: false, cells: [], history: null, messages });
  const stageColumn = columns.fields.get('stage');
  if (stageColumn === undefined) return refuse([words.noColumn(label('stage'))]);

  const messages: string[] = [];
  const unreadable = new Set<DealField>();
  const updates: Record<string, unknown> = {};
  const cells: PlannedCell[] = [];
  for (const [field, typed] of Object.entries(choice.fields ?? {}) as [DealField, string][]) {
    const text = cellText(typed);
    if (text === '') continue;
    const column = columns.fields.get(field);
    if (column === undefined) {
      messages.push(words.noColumn(label(field)));
      continue;
    }
    const read = readTyped(field, text, label(field), config, profile.language);
    if ('error' in read) {
      messages.push(read.error);
      unreadable.add(field);
      continue;
    }
    updates[field] = read.value;
    cells.push({ field, column, ...read });
  }
  const updated: Deal = { ...deal, ...updates };
  const reason = cellText(choice.reason);
  const check = checkMove(config, updated, choice.toStage, at, { from: deal.stage, reason });
  // A field typed but unreadable is already named above; "fill it in first" would only repeat it.
  const reasons = check.reasons
    .filter((r) => !(r.code === 'required-field' && r.field && unreadable.has(r.field)))
    .map((r) => ruleText(r, config, deal.stage, choice.toStage, words.rules, label));
  if (messages.length > 0 || !check.ok || !check.to) return refuse([...messages, ...reasons]);

  const to = check.to.name;
  const reasonColumn = columns.fields.get('moveReason');
  if (reason && reasonColumn !== undefined) cells.push({ field: 'moveReason', column: reasonColumn, value: reason, kind: 'text' });
  cells.push({ field: 'stage', column: stageColumn, value: to, kind: 'text' });
  const stampColumn = columns.fields.get('stageChanged');
  const planned = stampColumn === undefined ? cells : cells.filter((cell) => cell.field !== 'stageChanged');
  if (stampColumn !== undefined) planned.push({ field: 'stageChanged', column: stampColumn, value: at, kind: 'moment' });
  const history = moveEntry({ ...updated, stage: to }, deal.stage, to, at, profile.changedBy, 'menu', config);
  const done =
    deal.row === input.pickedRow
      ? words.moved(deal.id, deal.stage, to, profile.historySheet)
      : words.movedOnRow(deal.id, deal.stage, to, profile.historySheet, deal.row, input.pickedRow);
  return { ok: true, cells: planned, history, messages: [done] };
}
