/**
 * The task pane, and the entry point of the shared runtime page: once Office is
 * ready it registers the ribbon commands, starts the Deals validation and wires the
 * four parts of the pane (move deal, validation results, stale deals, settings).
 * Plain DOM code; every value that came from the workbook is put on the page with
 * textContent or as an attribute value, never as HTML.
 */
import { DEAL_HEADERS, type PipelineConfig } from '../../src/core/index';
import {
  goToFinding,
  moveDeal,
  moveFormFor,
  selectedDealRow,
  setUpWorkbook,
  readPaneState,
  staleByOwner,
  validateAll,
  type DealPick,
  type MoveForm,
  type PaneState,
} from './actions';
import { registerCommands, startValidation } from './commands';
import { listenPane, type PaneFinding, type PaneMessage } from './pane-messages';
import { settingsEntries } from './settings';

type Section = 'move' | 'findings' | 'stale' | 'settings';

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The task pane has no #${id}`);
  return element as T;
};

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', className = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function setStatus(text: string): void {
  byId('status').textContent = text;
}

function show(section: Section): void {
  for (const name of ['move', 'findings', 'stale', 'settings'] as const) byId(name).hidden = name !== section;
  for (const tab of document.querySelectorAll<HTMLButtonElement>('#tabs button')) {
    tab.setAttribute('aria-selected', String(tab.dataset.section === section));
  }
  if (section === 'stale') void refreshStale();
}

let current: PaneState | null = null;
let form: MoveForm | null = null;

/**
 * Reads the workbook again and lists its deals. The deal that was picked stays picked
 * by its Deal ID, wherever a sort has put it; `keepReasons` leaves a refused move's
 * reasons on screen.
 */
async function reload(keepReasons = false): Promise<void> {
  const keep = pickedDeal();
  current = await readPaneState();
  renderSettings(current.config);
  const select = byId<HTMLSelectElement>('move-deal');
  select.replaceChildren(
    ...current.deals.map((deal) => {
      const option = element('option', `${deal.id} · ${deal.name || '(no name)'} (${deal.stage || 'no stage'})`);
      option.value = String(deal.row);
      return option;
    }),
  );
  const again = keep ? current.deals.find((d) => d.id === keep.dealId) : undefined;
  if (again) select.value = String(again.row);
  if (!current.hasDeals) setStatus('This workbook has no Deals sheet yet: press "Set up workbook" under Settings.');
  else if (current.stagesMissing) setStatus(current.stagesMissing);
  await loadMoveForm(keepReasons);
}

/** The deal picked in the list: its Deal ID and the row it was listed on (the add-in finds it by ID). */
function pickedDeal(): DealPick | null {
  const row = Number(byId<HTMLSelectElement>('move-deal').value);
  const deal = current?.deals.find((d) => d.row === row);
  return deal ? { dealId: deal.id, row: deal.row } : null;
}

async function loadMoveForm(keepReasons = false): Promise<void> {
  const pick = pickedDeal();
  form = pick ? await moveFormFor(pick) : null;
  const to = byId<HTMLSelectElement>('move-to');
  to.replaceChildren(
    ...(form?.options ?? []).map((option) => {
      const node = element('option', option.stage);
      node.value = option.stage;
      return node;
    }),
  );
  if (!keepReasons) byId('move-reasons').replaceChildren();
  renderMoveFields();
}

function renderMoveFields(): void {
  const box = byId('move-fields');
  box.replaceChildren();
  const option = form?.options.find((o) => o.stage === byId<HTMLSelectElement>('move-to').value);
  for (const missing of option?.missing ?? []) {
    const id = `move-field-${missing.field}`;
    const label = element('label', `${missing.label} (needed for ${option!.stage})`);
    label.htmlFor = id;
    const input = element('input');
    input.id = id;
    input.dataset.field = missing.field;
    input.type = 'text';
    input.placeholder = /date|close|created|until/i.test(missing.label) ? '2026-11-23' : '';
    box.append(label, input);
  }
  byId('move-reason-box').hidden = !option?.needsReason;
}

async function submitMove(): Promise<void> {
  const reasons = byId('move-reasons');
  reasons.replaceChildren();
  const pick = pickedDeal();
  const to = byId<HTMLSelectElement>('move-to').value;
  if (!pick || !to) {
    reasons.append(element('li', 'Pick a deal and the stage to move it to.'));
    return;
  }
  const fields: Record<string, string> = {};
  for (const input of byId('move-fields').querySelectorAll<HTMLInputElement>('input[data-field]')) fields[input.dataset.field!] = input.value;
  const result = await moveDeal({ ...pick, to, fields, reason: byId<HTMLInputElement>('move-reason').value });
  if (!result.ok) {
    reasons.append(...result.reasons.map((reason) => element('li', reason)));
    // The list may be out of date (rows sorted, a deal deleted): read it again, keeping the reasons shown.
    await reload(true);
    return;
  }
  byId<HTMLInputElement>('move-reason').value = '';
  await reload();
}

function renderFindings(title: string, findings: readonly PaneFinding[]): void {
  byId('findings-title').textContent = title;
  byId('findings-list').replaceChildren(
    ...findings.map((finding) => {
      const item = element('li');
      const button = element('button', `${finding.sheet}!${finding.address} · ${finding.column}: ${finding.message}`, finding.severity);
      button.type = 'button';
      button.addEventListener('click', () => void goToFinding(finding).catch(report));
      item.append(button);
      return item;
    }),
  );
}

async function refreshStale(): Promise<void> {
  const { owners, refused, words } = await staleByOwner();
  const list = byId('stale-list');
  if (refused) {
    list.replaceChildren(element('p', refused, 'hint'));
    return;
  }
  if (owners.length === 0) {
    list.replaceChildren(element('p', words.noStaleDeals));
    return;
  }
  list.replaceChildren(
    ...owners.map((owner) => {
      const box = element('div', '', 'owner');
      box.append(element('h3', owner.heading));
      const items = element('ul');
      for (const deal of owner.deals) {
        items.append(element('li', deal.line));
      }
      box.append(items);
      if (owner.mailto) {
        const link = element('a', words.compose);
        link.href = owner.mailto;
        link.target = '_blank';
        link.rel = 'noopener';
        box.append(link);
      } else {
        box.append(element('p', words.notAnAddress, 'hint'));
      }
      return box;
    }),
  );
}

function renderSettings(config: PipelineConfig): void {
  const body = byId('settings-stages').querySelector('tbody')!;
  body.replaceChildren(
    ...config.stages.map((stage) => {
      const row = element('tr');
      const cells = [
        stage.name,
        `${Math.round(stage.probability * 100)}%`,
        stage.rottingDays === null ? 'never' : String(stage.rottingDays),
        stage.outcome,
        stage.requiredFields.map((f) => DEAL_HEADERS.en[f]).join(', '),
        stage.allowedNext.join(', ') || '(by the rules)',
      ];
      row.append(...cells.map((text) => element('td', text)));
      return row;
    }),
  );
  const entries = settingsEntries(config.rules);
  byId('settings-rules').replaceChildren(...entries.flatMap(([term, value]) => [element('dt', term), element('dd', value)]));
}

function report(error: unknown): void {
  setStatus(`Something went wrong: ${error instanceof Error ? error.message : String(error)}`);
}

function onMessage(message: PaneMessage): void {
  if (message.kind === 'status') setStatus(message.text);
  else if (message.kind === 'findings') renderFindings(message.title, message.findings);
  else show(message.section);
}

/** Wires the pane's controls; called once Office is ready. */
export function initPane(): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('#tabs button')) {
    tab.addEventListener('click', () => show(tab.dataset.section as Section));
  }
  const guard = (action: () => Promise<unknown>) => () => void action().catch(report);
  byId('move-deal').addEventListener('change', guard(() => loadMoveForm()));
  byId('move-to').addEventListener('change', renderMoveFields);
  byId('move-submit').addEventListener('click', guard(submitMove));
  byId('move-use-selection').addEventListener(
    'click',
    guard(async () => {
      const row = await selectedDealRow();
      if (row === null) return setStatus('Select a cell in a deal’s row on the Deals sheet first.');
      // List the deals as the sheet has them now, so the row names the deal that is on it.
      await reload();
      if (!current?.deals.some((d) => d.row === row)) return setStatus(`Row ${row} of Deals holds no deal.`);
      byId<HTMLSelectElement>('move-deal').value = String(row);
      await loadMoveForm();
    }),
  );
  byId('findings-run').addEventListener('click', guard(validateAll));
  byId('stale-run').addEventListener('click', guard(refreshStale));
  byId('settings-reload').addEventListener('click', guard(() => reload()));
  byId('settings-setup').addEventListener('click', guard(async () => {
    await setUpWorkbook();
    await reload();
  }));
  listenPane(onMessage);
  show('move');
  void reload().catch(report);
}

if (typeof Office !== 'undefined') {
  void Office.onReady(() => {
    registerCommands();
    void startValidation().catch(report);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initPane);
    else initPane();
  });
}
