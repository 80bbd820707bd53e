/**
 * The shapes the whole product shares: stages and rules, deals, History rows and
 * the problems a reader reports. Every adapter (Sheets, Excel, the command line)
 * translates its platform's cells into these plain values and back.
 *
 * Dates: every Date in the core is a calendar instant in UTC. A date without a
 * time of day (Created, Expected close, ...) is held as UTC midnight of that day;
 * adapters convert serial numbers, local-timezone Dates and typed text once, on the
 * way in (see dates.ts).
 */

/** Forecast categories in the manner of HubSpot and Salesforce. */
export type ForecastCategory = 'Pipeline' | 'Best case' | 'Commit' | 'Closed' | 'Omitted';
export const FORECAST_CATEGORIES: readonly ForecastCategory[] = ['Pipeline', 'Best case', 'Commit', 'Closed', 'Omitted'];

/** Whether a deal in a stage is still being worked, or has ended. */
export type StageOutcome = 'open' | 'won' | 'lost';

/** The fields a Deals row can hold; columns are matched to these by header name. */
export type DealField =
  | 'id'
  | 'name'
  | 'account'
  | 'owner'
  | 'stage'
  | 'amount'
  | 'currency'
  | 'probability'
  | 'forecastCategory'
  | 'created'
  | 'expectedClose'
  | 'closedOn'
  | 'nextStep'
  | 'nextStepDate'
  | 'stageChanged'
  | 'lostReason'
  | 'snoozeUntil'
  | 'moveReason'
  | 'lostAtStage';

/** One stage of the team's pipeline, as one row of the Stages sheet. */
export interface Stage {
  readonly name: string;
  /** Position in the pipeline; lower comes first. Won and lost stages come last. */
  readonly order: number;
  /** Win probability for deals in this stage, 0..1. */
  readonly probability: number;
  /** Days a deal may sit in this stage before it counts as rotting; null = never. */
  readonly rottingDays: number | null;
  readonly category: ForecastCategory;
  readonly outcome: StageOutcome;
  /** Deal fields that must be filled before a deal may enter this stage. */
  readonly requiredFields: readonly DealField[];
  /** Stage names a deal may move to from here; empty means "follow the rules". */
  readonly allowedNext: readonly string[];
}

/** Team-wide rules, kept in the key/value block under the Stages table. */
export interface PipelineRules {
  /** May a deal jump forward over stages? */
  readonly skippingAllowed: boolean;
  /** Must a backward move carry a reason? */
  readonly backwardNeedsReason: boolean;
  /** May a won or lost deal be moved back into the pipeline? */
  readonly reopenAllowed: boolean;
  /** Hour of the day (0-23, spreadsheet timezone) at which the daily digest goes out. */
  readonly digestHour: number;
  /** Optional address that gets a summary of every owner's stale deals. */
  readonly managerEmail: string;
  /** Language of digests and menus: en, vi or ru. */
  readonly language: Language;
  /**
   * How dates that read either way (03/04/2026) are read when their column shows no
   * order of its own: day first, month first (US) or year first. Unset: day first, said once.
   */
  readonly dateOrder?: 'dmy' | 'mdy' | 'ymd';
  /** First month (1-12) of the fiscal year, for quarters in the report; 1 (January) when not set. */
  readonly fiscalYearStartMonth?: number;
}

export type Language = 'en' | 'vi' | 'ru';

/** A team's whole configuration: its stages, in order, and its rules. */
export interface PipelineConfig {
  readonly stages: readonly Stage[];
  readonly rules: PipelineRules;
}

/**
 * Something wrong in a table, said so that a person can fix it.
 * `row` is the 1-based row number as the spreadsheet shows it; `column` is the
 * header text as the user typed it (or the canonical name when the column is missing).
 */
export interface Problem {
  readonly sheet: string;
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly message: string;
  /** Errors make a row or value unusable; warnings are read but worth a look. */
  readonly severity: 'error' | 'warning';
}

/** One deal, as read from one row of the Deals sheet. */
export interface Deal {
  /** 1-based sheet row the deal came from. */
  readonly row: number;
  readonly id: string;
  readonly name: string;
  readonly account: string;
  /** Owner's email address, lower-cased and trimmed. */
  readonly owner: string;
  /** Canonical stage name when the stage is known, otherwise the text as typed. */
  readonly stage: string;
  readonly amount: number | null;
  readonly currency: string;
  /** Per-deal probability override, 0..1; null means "use the stage's". */
  readonly probability: number | null;
  /** Per-deal forecast category override; null means "use the stage's". */
  readonly forecastCategory: ForecastCategory | null;
  readonly created: Date | null;
  readonly expectedClose: Date | null;
  readonly closedOn: Date | null;
  readonly nextStep: string;
  readonly nextStepDate: Date | null;
  readonly stageChanged: Date | null;
  readonly lostReason: string;
  readonly snoozeUntil: Date | null;
  readonly moveReason: string;
  /**
   * For a lost deal, the last stage it reached before it was lost (a CRM's "Stage before
   * lost"); canonical when known, else as typed, '' or absent when the file has no such column.
   */
  readonly lostAtStage?: string;
  /** Columns the tool does not know, by header text; kept untouched. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Where a stage move came from. */
export type MoveSource = 'edit' | 'menu' | 'import' | 'paste' | 'sample';

/** One row of the append-only History sheet: a deal entered a stage. */
export interface HistoryEntry {
  readonly at: Date;
  readonly dealId: string;
  /** Stage the deal left; '' when the deal was created in `to`. */
  readonly from: string;
  readonly to: string;
  readonly amount: number | null;
  readonly expectedClose: Date | null;
  readonly probability: number | null;
  readonly by: string;
  readonly source: string;
  /** 1-based sheet row, 0 for entries not read from a sheet. */
  readonly row: number;
}

/** A read that may meet bad data: what was read, and what was wrong. */
export interface ReadResult<T> {
  readonly items: readonly T[];
  readonly problems: readonly Problem[];
}
