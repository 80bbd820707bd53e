/**
 * "Validate all", written once for both add-ins: every problem the readers found in
 * Stages, Deals and History, plus the fields each deal's stage requires but its row
 * lacks, each labelled with the column's header as the workbook has it. A column the
 * Deals sheet lacks is named as Set up workbook would name it on that platform, so
 * the user adds the header the tool reads. Without a Stages sheet nothing is
 * validated: judged by the default stages, the deals would be held to rules that are
 * not the team's, so the plan is a refusal that says how to bring Stages back.
 */
import {
  DEAL_FIELDS,
  DEAL_HEADERS,
  DEALS_SHEET,
  validateDeals,
  type DealField,
  type DealsRead,
  type Language,
  type PipelineConfig,
  type Problem,
} from '../core/index';
import { editCheckWords, type EditCheckWords } from './catalogue/index';
import type { PlatformProfile } from './platform';

export interface ValidateAllRequest {
  readonly config: PipelineConfig;
  /** True when the workbook has no Stages sheet: nothing is validated. */
  readonly stagesMissing: boolean;
  readonly stagesProblems: readonly Problem[];
  /** What readDeals made of the Deals sheet; null when the workbook has none. */
  readonly deals: DealsRead | null;
  /** What readHistory found wrong in the stage log ([] when there is none). */
  readonly historyProblems: readonly Problem[];
  /** The language Set up workbook writes a new Deals header in on this platform. */
  readonly headerLanguage: Language;
}

/** A problem, and the Deals column (0-based, in the sheet's header) whose cell it sits on. */
export interface ValidationFinding extends Problem {
  /**
   * The header index of the cell to mark or select; null when the problem has no cell on Deals (another sheet, or a column the sheet
   * lacks).
   */
  readonly columnIndex: number | null;
}

export interface ValidationPlan {
  /** Why nothing was validated ('' when it was). */
  readonly refused: string;
  readonly findings: readonly ValidationFinding[];
  /** The title over the findings (or over the refusal). */
  readonly title: string;
  readonly words: EditCheckWords;
}

/** readDeals' codes for a column the Deals sheet lacks: there is no cell to mark. */
const MISSING_COLUMN_CODES = new Set(['column-missing', 'required-column-missing']);

export function validateAllDeals(request: ValidateAllRequest, profile: PlatformProfile): ValidationPlan {
  const words = editCheckWords(profile.language);
  if (request.stagesMissing) {
    const refused = `${words.notValidated} ${words.stagesMissing}`;
    return { refused, findings: [], title: refused, words };
  }
  const read = request.deals;
  if (!read) {
    const missing: Problem = {
      sheet: DEALS_SHEET,
      row: 1,
      column: '',
      code: 'deals-missing',
      message: words.dealsMissing,
      severity: 'error',
    };
    const findings = [...request.stagesProblems, missing].map((p) => ({ ...p, columnIndex: null }));
    return { refused: '', findings, title: words.findingsTitle(findings.length), words };
  }
  const headers = read.columns.headers;
  const absent = new Set<string>();
  const label = (field: DealField): string => {
    const index = read.columns.fields.get(field);
    if (index !== undefined && headers[index]) return headers[index];
    const named = DEAL_HEADERS[request.headerLanguage][field];
    absent.add(named);
    return named;
  };
  // readDeals names a missing required column in English; it is named as label names it.
  const dealsProblems = read.problems.map((p) => {
    if (p.code !== 'required-column-missing') return p;
    const field = DEAL_FIELDS.find((f) => DEAL_HEADERS.en[f] === p.column);
    return field ? { ...p, column: label(field) } : p;
  });
  const problems = [
    ...request.stagesProblems,
    ...dealsProblems,
    ...request.historyProblems,
    ...validateDeals(read.deals, request.config, DEALS_SHEET, label),
  ];
  const findings = problems.map((p): ValidationFinding => {
    const onCell = p.sheet === DEALS_SHEET && !MISSING_COLUMN_CODES.has(p.code) && !absent.has(String(p.column));
    return { ...p, columnIndex: onCell ? Math.max(headers.indexOf(String(p.column)), 0) : null };
  });
  return { refused: '', findings, title: words.findingsTitle(findings.length), words };
}
