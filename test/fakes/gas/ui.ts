/**
 * The fake Ui of SpreadsheetApp.getUi(): menus, alerts, dialogs and sidebars, each
 * recorded in order so that a test can read what the user was shown.
 */
import type { CallLog } from './calls';

/** What the fake UI showed: dialogs, sidebars, alerts and toasts, in order. */
export interface UiRecord {
  readonly kind: 'alert' | 'dialog' | 'sidebar' | 'toast';
  readonly title: string;
  readonly content: string;
}

export interface FakeMenuItem {
  readonly caption: string;
  readonly functionName?: string;
  readonly submenu?: FakeMenu;
}

export class FakeMenu {
  readonly items: FakeMenuItem[] = [];
  constructor(
    private readonly ui: FakeUi,
    readonly caption: string,
  ) {}
  addItem(caption: string, functionName: string): this {
    this.ui.log.hit('Menu.addItem');
    this.items.push({ caption, functionName });
    return this;
  }
  addSeparator(): this {
    this.ui.log.hit('Menu.addSeparator');
    return this;
  }
  addSubMenu(menu: FakeMenu): this {
    this.ui.log.hit('Menu.addSubMenu');
    this.items.push({ caption: menu.caption, submenu: menu });
    return this;
  }
  addToUi(): void {
    this.ui.log.hit('Menu.addToUi');
    this.ui.menus.push(this);
  }
}

export class FakeUi {
  readonly menus: FakeMenu[] = [];
  readonly shown: UiRecord[] = [];
  readonly ButtonSet = { OK: 'OK', OK_CANCEL: 'OK_CANCEL', YES_NO: 'YES_NO', YES_NO_CANCEL: 'YES_NO_CANCEL' };
  readonly Button = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' };
  /** The button the next alert "clicks"; OK unless a test says otherwise. */
  nextButton = 'OK';
  constructor(readonly log: CallLog) {}
  createMenu(caption: string): FakeMenu {
    this.log.hit('Ui.createMenu');
    return new FakeMenu(this, caption);
  }
  createAddonMenu(): FakeMenu {
    this.log.hit('Ui.createAddonMenu');
    return new FakeMenu(this, '(add-on)');
  }
  alert(titleOrPrompt: string, prompt?: string | unknown, buttons?: unknown): string {
    this.log.hit('Ui.alert');
    void buttons;
    const hasTitle = typeof prompt === 'string';
    this.shown.push({ kind: 'alert', title: hasTitle ? titleOrPrompt : '', content: hasTitle ? (prompt as string) : titleOrPrompt });
    return this.nextButton;
  }
  showModalDialog(html: { getContent(): string }, title: string): void {
    this.log.hit('Ui.showModalDialog');
    this.shown.push({ kind: 'dialog', title, content: html.getContent() });
  }
  showModelessDialog(html: { getContent(): string }, title: string): void {
    this.log.hit('Ui.showModelessDialog');
    this.shown.push({ kind: 'dialog', title, content: html.getContent() });
  }
  showSidebar(html: { getContent(): string; getTitle(): string }): void {
    this.log.hit('Ui.showSidebar');
    this.shown.push({ kind: 'sidebar', title: html.getTitle(), content: html.getContent() });
  }
  /** Test helper: the menu item whose function name is given, searched through submenus. */
  findItem(functionName: string): FakeMenuItem | undefined {
    const walk = (menu: FakeMenu): FakeMenuItem | undefined => {
      for (const item of menu.items) {
        if (item.functionName === functionName) return item;
        if (item.submenu) {
          const found = walk(item.submenu);
          if (found) return found;
        }
      }
      return undefined;
    };
    for (const menu of this.menus) {
      const found = walk(menu);
      if (found) return found;
    }
    return undefined;
  }
}
