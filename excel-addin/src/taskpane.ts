/**
 * The task pane, and the entry point of the shared runtime page: once Office is
 * ready it registers the ribbon commands, starts the Deals validation and wires the
 * four parts of the pane (move deal, validation results, stale deals, settings). The
 * pane is built of Fluent UI web components (fluent.ts registers them and follows
 * Office's theme, pane-theme.ts) and speaks the workbook's language (catalogue/pane.ts). Every value
 * that came from the workbook is put on the page with textContent or as an attribute
 * value, never as HTML.
 */
import { DEAL_HEADERS, type Language, type PipelineConfig } from '../../src/core/index';
import { PANE_WORDS, paneLanguage, type PaneWords } from '../../src/workflows/catalogue/index';
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
import { applyPaneTheme, registerFluent } from './fluent';
import { paneColors } from './pane-theme';
import { settingsEntries } from './settings';

type Section = 'move' | 'findings' | 'stale' | 'settings';

/** What a Fluent field (fluent-select, fluent-text-field) offers the pane: its value. */
type FluentField = HTMLElement & { value: string };

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

/** A Fluent element (fluent-button, fluent-option…) with `text` as its content. */
function fluent(tag: string, text = '', className = ''): HTMLElement {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Waits until slotted children have reached their Fluent parent (slotchange runs in a microtask). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Replaces a fluent-select's options, then picks `keep` when it is among them (else the first). */
async function setOptions(select: FluentField, options: readonly { value: string; text: string }[], keep = ''): Promise<void> {
  select.replaceChildren(
    ...options.map((option) => {
      const node = fluent('fluent-option', option.text);
      node.setAttribute('value', option.value);
      return node;
    }),
  );
  await settle();
  if (keep && options.some((option) => option.value === keep)) select.value = keep;
}

function setStatus(text: string): void {
  byId('status').textContent = text;
}

let words: PaneWords = PANE_WORDS.en;

/** Puts the pane's own words in `language` on every element that carries a data-word. */
function speak(language: Language): void {
  words = PANE_WORDS[language];
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll<HTMLElement>('[data-word]')) {
    const text = words[node.dataset.word as keyof PaneWords];
    if (typeof text === 'string') node.textContent = text;
  }
  byId('settings-stages')
    .querySelector('thead tr')!
    .replaceChildren(...words.stageColumns.map((name) => element('th', name)));
}

/** Office's display language ("vi-VN"), or undefined outside Office. */
function displayLanguage(): string | undefined {
  return typeof Office !== 'undefined' ? Office.context?.displayLanguage : undefined;
}

/** Runs what a section needs when it comes into view: the stale list is read afresh. */
function shown(section: Section): void {
  if (section === 'stale') void refreshStale().catch(report);
}

function show(section: Section): void {
  byId<HTMLElement & { activeid: string }>('tabs').activeid = `tab-${section}`;
  shown(section);
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
  // Without a Stages sheet the workbook has no Language setting: Office's display language decides.
  speak(paneLanguage(displayLanguage()));
  renderSettings(current.config);
  const again = keep ? current.deals.find((d) => d.id === keep.dealId) : undefined;
  await setOptions(
    byId<FluentField>('move-deal'),
    current.deals.map((deal) => ({ value: String(deal.row), text: words.dealChoice(deal.id, deal.name, deal.stage) })),
    again ? String(again.row) : '',
  );
  if (!current.hasDeals) setStatus(words.noDealsSheet);
  else if (current.stagesMissing) setStatus(current.stagesMissing);
  await loadMoveForm(keepReasons);
}

/** The deal picked in the list: its Deal ID and the row it was listed on (the add-in finds it by ID). */
function pickedDeal(): DealPick | null {
  const row = Number(byId<FluentField>('move-deal').value);
  const deal = current?.deals.find((d) => d.row === row);
  return deal ? { dealId: deal.id, row: deal.row } : null;
}

async function loadMoveForm(keepReasons = false): Promise<void> {
  const pick = pickedDeal();
  form = pick ? await moveFormFor(pick) : null;
  await setOptions(
    byId<FluentField>('move-to'),
    (form?.options ?? []).map((option) => ({ value: option.stage, text: option.stage })),
  );
  if (!keepReasons) byId('move-reasons').replaceChildren();
  renderMoveFields();
}

function renderMoveFields(): void {
  const box = byId('move-fields');
  box.replaceChildren();
  const option = form?.options.find((o) => o.stage === byId<FluentField>('move-to').value);
  for (const missing of option?.missing ?? []) {
    const field = fluent('fluent-text-field', words.neededFor(missing.label, option!.stage));
    field.id = `move-field-${missing.field}`;
    field.dataset.field = missing.field;
    if (/date|close|created|until/i.test(missing.label)) field.setAttribute('placeholder', '2026-11-23');
    const wrap = element('div', '', 'field');
    wrap.append(field);
    box.append(wrap);
  }
  byId('move-reason-box').hidden = !option?.needsReason;
}

async function submitMove(): Promise<void> {
  const reasons = byId('move-reasons');
  reasons.replaceChildren();
  const pick = pickedDeal();
  const to = byId<FluentField>('move-to').value;
  if (!pick || !to) {
    reasons.append(element('li', words.pickDealAndStage));
    return;
  }
  const fields: Record<string, string> = {};
  for (const input of byId('move-fields').querySelectorAll<FluentField>('[data-field]')) fields[input.dataset.field!] = input.value;
  const result = await moveDeal({ ...pick, to, fields, reason: byId<FluentField>('move-reason').value });
  if (!result.ok) {
    reasons.append(...result.reasons.map((reason) => element('li', reason)));
    // The list may be out of date (rows sorted, a deal deleted): read it again, keeping the reasons shown.
    await reload(true);
    return;
  }
  byId<FluentField>('move-reason').value = '';
  await reload();
}

function renderFindings(title: string, findings: readonly PaneFinding[]): void {
  byId('findings-title').textContent = title;
  byId('findings-list').replaceChildren(
    ...findings.map((finding) => {
      const item = element('li');
      const button = fluent(
        'fluent-button',
        `${finding.sheet}!${finding.address} · ${finding.column}: ${finding.message}`,
        finding.severity,
      );
      button.setAttribute('appearance', 'stealth');
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
      for (const deal of owner.deals) items.append(element('li', deal.line));
      box.append(items);
      if (owner.mailto) {
        // A plain link in Fluent's hypertext colours (taskpane.css): fluent-anchor adds no
        // behaviour to a mailto: link, and its code would take the pane past its size budget.
        const link = element('a', words.compose, 'compose');
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
        stage.rottingDays === null ? words.never : String(stage.rottingDays),
        stage.outcome,
        stage.requiredFields.map((f) => DEAL_HEADERS[config.rules.language][f]).join(', '),
        stage.allowedNext.join(', ') || words.byTheRules,
      ];
      row.append(...cells.map((text) => element('td', text)));
      return row;
    }),
  );
  const entries = settingsEntries(config.rules, words);
  byId('settings-rules').replaceChildren(...entries.flatMap(([term, value]) => [element('dt', term), element('dd', value)]));
}

function report(error: unknown): void {
  setStatus(words.wentWrong(error instanceof Error ? error.message : String(error)));
}

function onMessage(message: PaneMessage): void {
  if (message.kind === 'status') setStatus(message.text);
  else if (message.kind === 'findings') renderFindings(message.title, message.findings);
  else show(message.section);
}

/** Wires the pane's controls; called once Office is ready. */
export function initPane(): void {
  registerFluent();
  applyPaneTheme(document.body, paneColors(typeof Office !== 'undefined' ? Office.context?.officeTheme : undefined));
  speak(paneLanguage(displayLanguage()));
  const tabs = byId('tabs');
  // fluent-tabs says "change" when the user picks a tab; the selects' own change events bubble here too.
  tabs.addEventListener('change', (event) => {
    if (event.target === tabs) shown((tabs as HTMLElement & { activeid: string }).activeid.replace(/^tab-/, '') as Section);
  });
  const guard = (action: () => Promise<unknown>) => () => void action().catch(report);
  byId('move-deal').addEventListener(
    'change',
    guard(() => loadMoveForm()),
  );
  byId('move-to').addEventListener('change', renderMoveFields);
  byId('move-submit').addEventListener('click', guard(submitMove));
  byId('move-use-selection').addEventListener(
    'click',
    guard(async () => {
      const row = await selectedDealRow();
      if (row === null) return setStatus(words.selectRowFirst);
      // List the deals as the sheet has them now, so the row names the deal that is on it.
      await reload();
      if (!current?.deals.some((d) => d.row === row)) return setStatus(words.rowHoldsNoDeal(row));
      byId<FluentField>('move-deal').value = String(row);
      await loadMoveForm();
    }),
  );
  byId('findings-run').addEventListener('click', guard(validateAll));
  byId('stale-run').addEventListener('click', guard(refreshStale));
  byId('settings-reload').addEventListener(
    'click',
    guard(() => reload()),
  );
  byId('settings-setup').addEventListener(
    'click',
    guard(async () => {
      await setUpWorkbook();
      await reload();
    }),
  );
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
