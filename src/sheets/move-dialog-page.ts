/**
 * The page of the "Move deal to stage…" dialog: the HTML Sheets shows, in Google's
 * add-on style (addon-style.ts: a blue `action` button to move, a plain Cancel, each
 * field a `block form-group`, refusals in `error` red), and the dialog's own script,
 * which runs in the browser and reaches the server only through callServer (typed by
 * MoveDialogServer).
 */
import { ADDON_STYLE } from './addon-style';
import type { MoveDialogData, MoveDialogServer } from './move-dialog';

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function moveDialogHtml(data: MoveDialogData): string {
  const script = `<script>(${moveDialogClient.toString()})(${scriptJson(data)});</script>`;
  const head = `<head><base target="_top">${ADDON_STYLE}</head>`;
  return `<!DOCTYPE html><html>${head}<body><div id="app" class="dialog"></div>${script}</body></html>`;
}

interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: Error) => void): ScriptRunner;
  [name: string]: unknown;
}

/**
 * The dialog's own script, run in the browser. It is self-contained (its source is
 * embedded with toString), builds the form with textContent only, so no user value
 * is ever parsed as HTML, and reaches the server only through callServer.
 */
export function moveDialogClient(data: MoveDialogData): void {
  const run = (globalThis as unknown as { google: { script: { run: ScriptRunner; host: { close(): void } } } }).google.script;
  function callServer<K extends keyof MoveDialogServer>(
    name: K,
    argument: Parameters<MoveDialogServer[K]>[0],
  ): Promise<ReturnType<MoveDialogServer[K]>> {
    return new Promise((resolve, reject) => {
      const runner = run.run.withSuccessHandler((value) => resolve(value as ReturnType<MoveDialogServer[K]>)).withFailureHandler(reject);
      (runner[name] as (arg: unknown) => void)(argument);
    });
  }
  const doc = (globalThis as unknown as { document: Document }).document;
  const app = doc.getElementById('app')!;
  const el = <T extends keyof HTMLElementTagNameMap>(tag: T, text = '', className = ''): HTMLElementTagNameMap[T] => {
    const node = doc.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  /** A labelled field in the add-on style: a `block form-group` holding the label and the field. */
  const group = (parent: HTMLElement, label: string, field: HTMLInputElement | HTMLSelectElement) => {
    const box = el('div', '', 'block form-group');
    field.className = 'width-100';
    box.appendChild(el('label', label));
    box.appendChild(field);
    parent.appendChild(box);
  };
  const title = el('p', `${data.dealName || data.dealId}: ${data.current}`);
  app.appendChild(title);
  if (data.options.length === 0) {
    app.appendChild(el('p', data.labels.noNextStage, 'gray'));
    return;
  }
  const select = el('select');
  for (const option of data.options) {
    const item = el('option', option.stage);
    item.value = option.stage;
    select.appendChild(item);
  }
  group(app, data.labels.moveTo, select);
  const extra = el('div');
  app.appendChild(extra);
  const messages = el('div', '', 'error');
  messages.id = 'messages';
  const inputs = new Map<string, HTMLInputElement>();
  let reasonInput: HTMLInputElement | undefined;
  const render = () => {
    extra.textContent = '';
    inputs.clear();
    reasonInput = undefined;
    const chosen = data.options.find((o) => o.stage === select.value);
    if (!chosen) return;
    for (const missing of chosen.missing) {
      const input = el('input');
      input.type = 'text';
      input.name = missing.field;
      inputs.set(missing.field, input);
      group(extra, missing.label, input);
    }
    if (chosen.needsReason) {
      reasonInput = el('input');
      reasonInput.type = 'text';
      group(extra, data.labels.reason, reasonInput);
    }
  };
  select.addEventListener('change', render);
  render();
  const save = el('button', data.labels.save, 'action');
  const cancel = el('button', data.labels.cancel);
  save.addEventListener('click', () => {
    save.disabled = true;
    const fields: Record<string, string> = {};
    inputs.forEach((input, field) => {
      fields[field] = input.value;
    });
    callServer('applyDealMove', {
      row: data.row,
      dealId: data.dealId,
      toStage: select.value,
      fields,
      reason: reasonInput ? reasonInput.value : '',
    })
      .then((reply) => {
        if (reply.ok) run.host.close();
        else {
          messages.textContent = reply.messages.join(' ');
          save.disabled = false;
        }
      })
      .catch((error: Error) => {
        messages.textContent = error.message;
        save.disabled = false;
      });
  });
  cancel.addEventListener('click', () => run.host.close());
  const buttons = el('div', '', 'block form-group');
  buttons.appendChild(save);
  buttons.appendChild(cancel);
  app.appendChild(buttons);
  app.appendChild(messages);
}
