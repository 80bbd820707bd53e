/**
 * The move dialog's browser script, run as the browser would: the <script> of the
 * HTML the built bundle produced, in node:vm with a small DOM and a google.script.run
 * that forwards to the bundle's top-level applyDealMove, as Apps Script does.
 */
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, COL, pipelineWorld } from './world';

beforeAll(() => buildOnce());

class Node {
  readonly children: Node[] = [];
  readonly listeners = new Map<string, () => void>();
  textContent = '';
  value = '';
  name = '';
  id = '';
  className = '';
  type = '';
  disabled = false;
  constructor(readonly tag: string) {}
  appendChild(child: Node): Node {
    this.children.push(child);
    if (this.tag === 'select' && this.children.length === 1) this.value = child.value;
    return child;
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, listener);
  }
  all(): Node[] {
    return [this, ...this.children.flatMap((c) => c.all())];
  }
}

/** Runs the dialog script; returns the DOM root and a promise for the server reply. */
function openDialog(html: string, server: (request: unknown) => unknown) {
  const app = new Node('div');
  const document = {
    getElementById: (id: string) => (id === 'app' ? app : null),
    createElement: (tag: string) => new Node(tag),
  };
  // textContent = '' on a container clears it, as in a browser.
  const clearOnEmpty = (node: Node) => {
    let text = '';
    Object.defineProperty(node, 'textContent', {
      get: () => text,
      set: (v: string) => {
        text = v;
        if (v === '') node.children.splice(0);
      },
    });
  };
  const originalCreate = document.createElement;
  document.createElement = (tag: string) => {
    const node = originalCreate(tag);
    if (tag === 'div') clearOnEmpty(node);
    return node;
  };
  let closed = false;
  const replies: unknown[] = [];
  const runner = (success: (v: unknown) => void = () => {}, failure: (e: Error) => void = () => {}): Record<string, unknown> => ({
    withSuccessHandler: (h: (v: unknown) => void) => runner(h, failure),
    withFailureHandler: (h: (e: Error) => void) => runner(success, h),
    applyDealMove: (request: unknown) => {
      try {
        const reply = server(JSON.parse(JSON.stringify(request)));
        replies.push(reply);
        Promise.resolve().then(() => success(reply));
      } catch (error) {
        Promise.resolve().then(() => failure(error as Error));
      }
    },
  });
  const google = { script: { run: runner(), host: { close: () => (closed = true) } } };
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1];
  vm.runInNewContext(script, { document, google });
  return { app, replies, closed: () => closed };
}

describe('the move dialog in the browser', () => {
  it('asks for the missing Amount when Meeting/Demo is chosen, sends the move through applyDealMove and closes', async () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.activeCell = { sheet: 'Deals', row: 3, column: 1 };
    gas.menuMoveDeal();
    const html = world.ui.shown.find((s) => s.kind === 'dialog')!.content;
    const dialog = openDialog(html, (request) => gas.applyDealMove(request));
    const select = dialog.app.all().find((n) => n.tag === 'select')!;
    expect(select.children.map((o) => o.textContent)).toEqual(['Lead', 'Qualified', 'Meeting/Demo', 'Lost']);
    select.value = 'Meeting/Demo';
    select.listeners.get('change')!();
    const amount = dialog.app.all().find((n) => n.tag === 'input' && n.name === 'amount')!;
    amount.value = '2500';
    const save = dialog.app.all().find((n) => n.tag === 'button' && n.textContent === 'Move')!;
    // Google's add-on classes: the primary button is `action`, each field sits in a `block form-group` with its label.
    expect(save.className).toBe('action');
    expect([amount.type, amount.className]).toEqual(['text', 'width-100']);
    const groups = dialog.app.all().filter((n) => n.className === 'block form-group');
    expect(groups.map((g) => g.children.map((c) => c.tag).join('+'))).toEqual(['label+select', 'label+input', 'button+button']);
    save.listeners.get('click')!();
    await new Promise((r) => setTimeout(r, 0));
    expect(dialog.replies).toEqual([{ ok: true, messages: ['D2 moved from "Contacted" to "Meeting/Demo" and recorded in History.'] }]);
    expect(dialog.closed()).toBe(true);
    expect(world.spreadsheet.sheet('Deals').cell(3, COL.stage)).toBe('Meeting/Demo');
  });

  it('shows the server reasons and stays open when the move is refused', async () => {
    const { world, gas } = pipelineWorld();
    world.spreadsheet.activeCell = { sheet: 'Deals', row: 3, column: 1 };
    gas.menuMoveDeal();
    const dialog = openDialog(world.ui.shown.find((s) => s.kind === 'dialog')!.content, (request) => gas.applyDealMove(request));
    const select = dialog.app.all().find((n) => n.tag === 'select')!;
    select.value = 'Lead';
    select.listeners.get('change')!();
    // A backward move: the reason box is shown; leaving it empty is refused by the server.
    expect(dialog.app.all().some((n) => n.tag === 'label' && n.textContent === 'Reason for moving back')).toBe(true);
    dialog.app
      .all()
      .find((n) => n.tag === 'button' && n.textContent === 'Move')!
      .listeners.get('click')!();
    await new Promise((r) => setTimeout(r, 0));
    expect(dialog.closed()).toBe(false);
    expect(dialog.app.all().find((n) => n.id === 'messages')!.textContent).toContain('needs a reason');
  });
});
