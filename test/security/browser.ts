/**
 * What a browser test asks of a page that showed hostile text: did any payload run
 * (the SCRIPT_FLAG global got set, or a dialog such as alert() opened), and did any
 * payload become markup (an element carrying an on… handler or a javascript: link, or
 * an element kind the page itself never makes).
 */
import type { Page } from 'playwright-core';
import { SCRIPT_FLAG } from './hostile';

export interface PageVerdict {
  /** The flag's value; undefined when no payload ran. */
  readonly flag: unknown;
  /** "tag[attribute]" for every element with an on… attribute or a javascript: URL. */
  readonly handlers: readonly string[];
  /** How many elements of the kinds the payloads bring (img, svg, iframe, object, embed). */
  readonly payloadElements: number;
}

/** Collects dialogs (alert, confirm) the page opens; call before loading it. */
export function watchDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(dialog.message());
    void dialog.dismiss();
  });
  return opened;
}

export async function inspect(page: Page, payloadKinds = 'img, svg, iframe, object, embed'): Promise<PageVerdict> {
  return page.evaluate(
    ([flag, kinds]) => {
      const handlers: string[] = [];
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.getAttributeNames()) {
          const value = element.getAttribute(attribute) ?? '';
          if (attribute.startsWith('on') || /^\s*javascript:/i.test(value)) handlers.push(`${element.tagName.toLowerCase()}[${attribute}]`);
        }
      }
      return {
        flag: (window as unknown as Record<string, unknown>)[flag],
        handlers,
        payloadElements: document.querySelectorAll(kinds).length,
      };
    },
    [SCRIPT_FLAG, payloadKinds] as const,
  );
}
