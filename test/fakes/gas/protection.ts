/**
 * Protected ranges and sheets (Range.protect, Sheet.protect): who may write inside
 * them, and the message Sheets throws at anyone else's script.
 */
import type { CallLog } from './calls';
import type { FakeRange } from './range';

/** The message Sheets throws when a script writes into a range or sheet it may not edit. */
export const PROTECTED_MESSAGE =
  'Exception: You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if ' +
  'you need to edit.';

/**
 * A protected range or sheet. Its editors, with the spreadsheet's owner, may write
 * inside it; anyone else's script gets PROTECTED_MESSAGE. A warning-only protection
 * only warns people in the UI and lets scripts write. A protected sheet may leave
 * some ranges unprotected.
 */
export class FakeProtection {
  readonly editors: string[];
  description = '';
  warningOnly = false;
  domainEdit = false;
  unprotected: FakeRange[] = [];
  removed = false;
  constructor(
    private readonly log: CallLog,
    readonly type: 'RANGE' | 'SHEET',
    readonly range: FakeRange,
    creator: string,
  ) {
    const owner = range.sheet.spreadsheet.owner;
    this.editors = creator === owner ? [owner] : [owner, creator];
  }
  setDescription(description: string): this {
    this.log.hit('Protection.setDescription');
    this.description = description;
    return this;
  }
  getDescription(): string {
    this.log.hit('Protection.getDescription');
    return this.description;
  }
  addEditor(user: string | { getEmail(): string }): this {
    this.log.hit('Protection.addEditor');
    const email = typeof user === 'string' ? user : user.getEmail();
    if (!this.editors.includes(email)) this.editors.push(email);
    return this;
  }
  removeEditor(user: string | { getEmail(): string }): this {
    this.log.hit('Protection.removeEditor');
    return this.drop([typeof user === 'string' ? user : user.getEmail()]);
  }
  removeEditors(users: (string | { getEmail(): string })[]): this {
    this.log.hit('Protection.removeEditors');
    return this.drop(users.map((u) => (typeof u === 'string' ? u : u.getEmail())));
  }
  /** The owner cannot be removed from the editors, as in Sheets. */
  private drop(emails: string[]): this {
    const owner = this.range.sheet.spreadsheet.owner;
    for (const email of emails) {
      const at = this.editors.indexOf(email);
      if (at >= 0 && email !== owner) this.editors.splice(at, 1);
    }
    return this;
  }
  getEditors(): { getEmail(): string }[] {
    this.log.hit('Protection.getEditors');
    const log = this.log;
    return this.editors.map((email) => ({
      getEmail: () => {
        log.hit('User.getEmail');
        return email;
      },
    }));
  }
  canEdit(): boolean {
    this.log.hit('Protection.canEdit');
    return this.allows(this.range.sheet.spreadsheet.runAs);
  }
  setWarningOnly(warningOnly: boolean): this {
    this.log.hit('Protection.setWarningOnly');
    this.warningOnly = warningOnly;
    return this;
  }
  isWarningOnly(): boolean {
    this.log.hit('Protection.isWarningOnly');
    return this.warningOnly;
  }
  setDomainEdit(editable: boolean): this {
    this.log.hit('Protection.setDomainEdit');
    this.domainEdit = editable;
    return this;
  }
  setUnprotectedRanges(ranges: FakeRange[]): this {
    this.log.hit('Protection.setUnprotectedRanges');
    if (this.type !== 'SHEET') throw new Error('Exception: Unprotected ranges can only be set on a protected sheet.');
    this.unprotected = [...ranges];
    return this;
  }
  getRange(): FakeRange {
    this.log.hit('Protection.getRange');
    return this.range;
  }
  getProtectionType(): string {
    this.log.hit('Protection.getProtectionType');
    return this.type;
  }
  remove(): void {
    this.log.hit('Protection.remove');
    if (!this.allows(this.range.sheet.spreadsheet.runAs)) throw new Error(PROTECTED_MESSAGE);
    this.removed = true;
    const list = this.range.sheet.protections;
    list.splice(list.indexOf(this), 1);
  }

  /** Not counted: may `email` write here? */
  allows(email: string): boolean {
    return this.warningOnly || this.domainEdit || email === this.range.sheet.spreadsheet.owner || this.editors.includes(email);
  }

  /** Not counted: does this protection cover any cell of the block? */
  covers(row: number, column: number, numRows: number, numColumns: number): boolean {
    const inside = (r: FakeRange, rr: number, cc: number) =>
      rr >= r.row && rr < r.row + r.numRows && cc >= r.column && cc < r.column + r.numColumns;
    for (let r = row; r < row + numRows; r++) {
      for (let c = column; c < column + numColumns; c++) {
        if (this.type === 'SHEET' ? !this.unprotected.some((u) => inside(u, r, c)) : inside(this.range, r, c)) return true;
      }
    }
    return false;
  }
}
