/**
 * Rules a script attaches to cells: data validation (DataValidationBuilder) and
 * conditional format rules (ConditionalFormatRuleBuilder), with the builders refusing
 * an incomplete rule as Sheets does, and the check that a conditional format formula
 * stays on its own sheet.
 */
import type { CallLog } from './calls';
import type { FakeRange } from './range';

export class FakeDataValidation {
  constructor(
    private readonly log: CallLog,
    readonly criteria: string,
    readonly args: readonly unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string,
  ) {}
  getCriteriaType(): string {
    this.log.hit('DataValidation.getCriteriaType');
    return this.criteria;
  }
  getCriteriaValues(): unknown[] {
    this.log.hit('DataValidation.getCriteriaValues');
    return [...this.args];
  }
  getAllowInvalid(): boolean {
    this.log.hit('DataValidation.getAllowInvalid');
    return this.allowInvalid;
  }
  getHelpText(): string {
    this.log.hit('DataValidation.getHelpText');
    return this.helpText;
  }
}

export class FakeDataValidationBuilder {
  private criteria = '';
  private args: unknown[] = [];
  private allowInvalid = true;
  private helpText = '';
  constructor(private readonly log: CallLog) {}
  requireValueInRange(range: FakeRange, showDropdown = true): this {
    this.log.hit('DataValidationBuilder.requireValueInRange');
    this.criteria = 'VALUE_IN_RANGE';
    this.args = [range, showDropdown];
    return this;
  }
  requireValueInList(values: string[], showDropdown = true): this {
    this.log.hit('DataValidationBuilder.requireValueInList');
    this.criteria = 'VALUE_IN_LIST';
    this.args = [[...values], showDropdown];
    return this;
  }
  setAllowInvalid(allow: boolean): this {
    this.log.hit('DataValidationBuilder.setAllowInvalid');
    this.allowInvalid = allow;
    return this;
  }
  setHelpText(text: string): this {
    this.log.hit('DataValidationBuilder.setHelpText');
    this.helpText = text;
    return this;
  }
  build(): FakeDataValidation {
    this.log.hit('DataValidationBuilder.build');
    if (!this.criteria) throw new Error('Exception: You must set a validation criteria.');
    return new FakeDataValidation(this.log, this.criteria, this.args, this.allowInvalid, this.helpText);
  }
}

export class FakeConditionalFormatRule {
  constructor(
    private readonly log: CallLog,
    readonly formula: string,
    readonly background: string,
    readonly ranges: readonly FakeRange[],
  ) {}
  getRanges(): FakeRange[] {
    this.log.hit('ConditionalFormatRule.getRanges');
    return [...this.ranges];
  }
  getBooleanCondition(): { getCriteriaValues(): unknown[] } {
    this.log.hit('ConditionalFormatRule.getBooleanCondition');
    const { formula, log } = this;
    return {
      getCriteriaValues: () => {
        log.hit('BooleanCondition.getCriteriaValues');
        return [formula];
      },
    };
  }
}

export class FakeConditionalFormatRuleBuilder {
  private formula = '';
  private background = '';
  private ranges: FakeRange[] = [];
  constructor(private readonly log: CallLog) {}
  whenFormulaSatisfied(formula: string): this {
    this.log.hit('ConditionalFormatRuleBuilder.whenFormulaSatisfied');
    this.formula = formula;
    return this;
  }
  setBackground(color: string): this {
    this.log.hit('ConditionalFormatRuleBuilder.setBackground');
    this.background = color;
    return this;
  }
  setRanges(ranges: FakeRange[]): this {
    this.log.hit('ConditionalFormatRuleBuilder.setRanges');
    this.ranges = [...ranges];
    return this;
  }
  build(): FakeConditionalFormatRule {
    this.log.hit('ConditionalFormatRuleBuilder.build');
    if (!this.formula || this.ranges.length === 0)
      throw new Error('Exception: The conditional format rule needs a condition and at least one range.');
    return new FakeConditionalFormatRule(this.log, this.formula, this.background, this.ranges);
  }
}

/**
 * Conditional formatting reaches only its own sheet: "Formulas can only reference the
 * same sheet, using standard notation (='sheetname'!cell). To reference another sheet
 * in the formula, use the INDIRECT function." (https://support.google.com/docs/answer/78413).
 * The Sheets API refuses such a rule with this message.
 */
export const CROSS_SHEET_RULE_MESSAGE = 'Exception: Conditional format rule cannot reference a different sheet.';

/**
 * The first reference in a formula to a sheet other than `own` ("'Stages'!$A:$D",
 * "Stages!A1"), or ''. Text in double quotes (INDIRECT("'Stages'!A:D")) is a string,
 * not a reference, and is skipped.
 */
export function otherSheetReference(formula: string, own: string): string {
  const code = formula.replace(/"(?:[^"]|"")*"/g, '""');
  for (const m of code.matchAll(/(?:'((?:[^']|'')+)'|([A-Za-z_\u00C0-\uFFFF][\w.\u00C0-\uFFFF]*))!/g)) {
    const name = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
    if (name !== own) return m[0].slice(0, -1);
  }
  return '';
}
