/**
 * What differs between the platforms a workflow runs on, as named parameters of the
 * plan rather than a second implementation: the name of the stage log sheet, who
 * made a change, and the language. A workflow takes core values (UTC Dates, numbers,
 * text) and returns a plan in core values; each adapter turns Dates into its own cell
 * values (Sheets: a Date in the spreadsheet's zone; Excel: a serial) when it writes.
 */
import type { Language } from '../core/index';
import type { DashboardDialect } from './dashboard';

export interface PlatformProfile {
  /** The stage log a plan appends to: "History" in Sheets; "Stage history" in Excel (or the workbook's own "History"). */
  readonly historySheet: string;
  /** History's "Changed by": the editor's email in Sheets; '' in Excel, where Office.js gives no identity. */
  readonly changedBy: string;
  /** The language of the messages and labels the plan carries. */
  readonly language: Language;
  /**
   * How the user runs "Set up workbook", in the words the platform shows: the Sheets
   * menu is in the spreadsheet's language ("Воронка → Настроить книгу"); Excel's ribbon
   * is English only (manifest.xml). Default "Pipeline → Set up workbook".
   */
  readonly setUpCommand?: string;
  /**
   * How the Dashboard's formulas are written: SHEETS_DASHBOARD (PIPELINE_*) or
   * EXCEL_DASHBOARD (PIPELINE.*), from src/workflows/dashboard.ts. Set up needs it when
   * it builds a Dashboard; an object, not a name, so each bundle keeps only its own.
   */
  readonly formulas?: DashboardDialect;
}
