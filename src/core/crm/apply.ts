/**
 * Reads a CRM export the way its product means it, before the Deals reader sees it:
 * picks the export's headers for our fields (a user's --columns still wins), maps
 * stage IDs to their labels (HubSpot "closedwon" = "Closed Won"), and lets a Status,
 * IsWon/IsClosed, won/lost-time, Active or Lost Reason column decide a deal's outcome
 * even when its stage is the CRM's own: such a deal is put in the stage set's won or
 * lost stage. A closed deal's actual close date becomes its Closed on: Won time / Lost
 * time as an extra column, or the close date of a closed Salesforce, HubSpot or Zoho
 * deal (the same column as Expected close, kept for closed deals only). The table given
 * is not changed; a new one is returned, with a line in plain words for each thing
 * decided.
 */
import { cellText, isBlank, parseYesNo } from '../cells';
import { DEAL_HEADERS, dealFieldFor, headerKey } from '../headers';
import type { DealField, Stage } from '../types';
import { headerIndex } from './detect';
import type { CrmProfile } from './types';

export interface CrmApplied {
  /** The table to read: stage cells resolved, synthetic columns appended. */
  readonly values: unknown[][];
  /** Our column name → the file's header (profile choices, then the user's --columns). */
  readonly columnMap: Record<string, string>;
  /** Headers read for the outcome; the Deals reader must not take them for a field ("Status" is a Stage alias). */
  readonly outcomeHeaders: readonly string[];
  /** What was decided, one line each. */
  readonly notes: readonly string[];
  /** Closed on shares Expected close's column: the reader must keep it for won and lost deals only. */
  readonly closedOnWhenClosed: boolean;
}

type Outcome = 'won' | 'lost' | undefined;

/**
 * Applies `profile` to a table whose header is at `headerRow`; `userMap` is --columns.
 * `targets` names the won and lost stages of the stage set in use and how it reads a
 * stage's outcome (default: the profile's).
 */
export function applyCrmProfile(
  values: readonly (readonly unknown[])[],
  headerRow: number,
  profile: CrmProfile,
  userMap: Readonly<Record<string, string>> = {},
  targets: { readonly won?: string; readonly lost?: string; readonly outcomeOf?: (stage: string) => Stage['outcome'] | undefined } = {},
): CrmApplied {
  const header = values[headerRow] ?? [];
  const index = headerIndex(header);
  const find = (names: readonly string[] | undefined): number | undefined => {
    for (const name of names ?? []) {
      const at = index.get(headerKey(name));
      if (at !== undefined) return at;
    }
    return undefined;
  };
  const userFields = new Set(
    Object.keys(userMap)
      .map((ours) => dealFieldFor(ours))
      .filter((f): f is DealField => Boolean(f)),
  );
  const columnMap: Record<string, string> = {};
  const fieldIndex = new Map<DealField, number>();
  for (const [field, names] of Object.entries(profile.columns) as [DealField, readonly string[]][]) {
    if (userFields.has(field)) continue;
    const at = find(names);
    if (at === undefined) continue;
    columnMap[DEAL_HEADERS.en[field]] = cellText(header[at]);
    fieldIndex.set(field, at);
  }
  for (const [ours, theirs] of Object.entries(userMap)) {
    columnMap[ours] = theirs;
    const field = dealFieldFor(ours);
    const at = index.get(headerKey(theirs));
    if (field && at !== undefined) fieldIndex.set(field, at);
  }

  const o = profile.outcome;
  const statusAt = find(o.status?.headers);
  const isWonAt = find(o.isWon);
  const isClosedAt = find(o.isClosed);
  const wonTimeAt = find(o.wonTime);
  const lostTimeAt = find(o.lostTime);
  const activeAt = find(o.activeFalseIsLost);
  const lostReasonAt = find(o.lostReason);
  const statusColumns = (o.status?.headers ?? []).map((name) => index.get(headerKey(name)));
  const used = [...new Set([...statusColumns, isWonAt, isClosedAt, wonTimeAt, lostTimeAt, activeAt])].filter(
    (i): i is number => i !== undefined && ![...fieldIndex.values()].includes(i),
  );
  const outcomeHeaders = used.map((i) => cellText(header[i]));

  const stageByKey = new Map<string, Stage>();
  for (const s of profile.stages) stageByKey.set(headerKey(s.name).replace(/\s+/g, ''), s);
  const aliases = new Map(Object.entries(profile.stageAliases ?? {}).map(([from, to]) => [headerKey(from).replace(/\s+/g, ''), to]));
  const firstWon = targets.won ?? profile.stages.find((s) => s.outcome === 'won')?.name;
  const firstLost = targets.lost ?? profile.stages.find((s) => s.outcome === 'lost')?.name;
  const stageAt = fieldIndex.get('stage');
  const closeAt = fieldIndex.get('expectedClose');
  const fromTimes = !fieldIndex.has('closedOn') && (wonTimeAt !== undefined || lostTimeAt !== undefined);
  // The close date of a closed deal is its actual close: the same column feeds Closed on,
  // kept for won and lost deals only (closedOnWhenClosed).
  const closedOnWhenClosed = !fieldIndex.has('closedOn') && !fromTimes && profile.closeDateIsActualWhenClosed && closeAt !== undefined;
  const wantClosedOn = fromTimes;
  const closedOnHeader = [wonTimeAt, lostTimeAt]
    .filter((i) => i !== undefined)
    .map((i) => cellText(header[i!]))
    .join(' / ');

  const yesNo = (cell: unknown): boolean | null => {
    const parsed = parseYesNo(cell);
    return parsed.ok ? parsed.value : null;
  };
  const truthy = (cell: unknown) => yesNo(cell) === true;
  const falsy = (cell: unknown) => yesNo(cell) === false;
  const outcomeOf = (row: readonly unknown[], stage: Stage | undefined): Outcome => {
    if (statusAt !== undefined && !isBlank(row[statusAt])) {
      const status = cellText(row[statusAt]).toLowerCase();
      if (o.status!.won.includes(status)) return 'won';
      if (o.status!.lost.includes(status)) return 'lost';
    }
    if (isWonAt !== undefined && truthy(row[isWonAt])) return 'won';
    if (isClosedAt !== undefined && truthy(row[isClosedAt]))
      return isWonAt !== undefined && falsy(row[isWonAt])
        ? 'lost'
        : stage?.outcome === 'won'
          ? 'won'
          : stage?.outcome === 'lost'
            ? 'lost'
            : undefined;
    if (wonTimeAt !== undefined && !isBlank(row[wonTimeAt])) return 'won';
    if (lostTimeAt !== undefined && !isBlank(row[lostTimeAt])) return 'lost';
    if (activeAt !== undefined && falsy(row[activeAt])) return 'lost';
    if (lostReasonAt !== undefined && !isBlank(row[lostReasonAt]) && stage?.outcome !== 'won') return 'lost';
    return undefined;
  };

  let aliased = 0;
  const moved = { won: 0, lost: 0 };
  const out: unknown[][] = values.map((row) => [...row]);
  if (wantClosedOn) out[headerRow][header.length] = closedOnHeader;
  for (let r = headerRow + 1; r < out.length; r++) {
    const row = out[r];
    if (row.every(isBlank)) continue;
    let stage: Stage | undefined;
    if (stageAt !== undefined && !isBlank(row[stageAt])) {
      const key = headerKey(row[stageAt]).replace(/\s+/g, '');
      const label = aliases.get(key);
      // "Closed Won" folds to the ID "closedwon" too: only a value not typed as its label counts.
      if (label && cellText(row[stageAt]) !== label) {
        row[stageAt] = label;
        aliased++;
      }
      stage = stageByKey.get(headerKey(row[stageAt]).replace(/\s+/g, ''));
    }
    const outcome = outcomeOf(row, stage);
    const inUse = stageAt === undefined ? undefined : targets.outcomeOf ? targets.outcomeOf(cellText(row[stageAt])) : stage?.outcome;
    if (stageAt !== undefined && outcome && inUse !== outcome) {
      const target = outcome === 'won' ? firstWon : firstLost;
      if (target) {
        row[stageAt] = target;
        moved[outcome]++;
      }
    }
    if (wantClosedOn) {
      const closed = outcome ?? (stage && stage.outcome !== 'open' ? stage.outcome : undefined);
      let cell: unknown = null;
      if (closed === 'won' && wonTimeAt !== undefined) cell = row[wonTimeAt];
      else if (closed === 'lost' && lostTimeAt !== undefined) cell = row[lostTimeAt];
      row[header.length] = isBlank(cell) ? null : cell;
    }
  }
  if (wantClosedOn) columnMap[DEAL_HEADERS.en.closedOn] = closedOnHeader;
  if (closedOnWhenClosed) columnMap[DEAL_HEADERS.en.closedOn] = cellText(header[closeAt!]);

  const notes: string[] = [];
  if (aliased > 0) {
    const example = Object.keys(profile.stageAliases ?? {})[0];
    notes.push(`${aliased} stage values were ${profile.name} stage IDs (such as "${example}") and are read as their labels.`);
  }
  if (moved.won + moved.lost > 0) {
    const setBy = outcomeHeaders.join(', ') || 'the outcome columns';
    notes.push(
      `${moved.won + moved.lost} deals had their outcome set by ${setBy} (${moved.won} won, ${moved.lost} lost) ` +
        `and are counted in "${firstWon}" and "${firstLost}".`,
    );
  }
  if (wantClosedOn) notes.push(`Closed on is taken from ${closedOnHeader}.`);
  if (closedOnWhenClosed)
    notes.push(`Closed on is taken from ${cellText(header[closeAt!])} for won and lost deals (an open deal's is its expected close).`);
  return { values: out, columnMap, outcomeHeaders, notes, closedOnWhenClosed };
}
