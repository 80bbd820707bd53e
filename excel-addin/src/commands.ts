/**
 * The Pipeline ribbon tab. Each button's FunctionName in manifest.xml is registered
 * here with Office.actions.associate; in the shared runtime these handlers run in
 * the same JavaScript context as the task pane and the custom functions, so a
 * button can fill the pane and then show it. Every handler calls
 * `event.completed()`, also when it fails, or Excel keeps the button busy.
 */
import { setUpWorkbook, validateAll } from './actions';
import { tellPane } from './pane-messages';
import { takeSnapshot } from './snapshot';
import { watchDeals } from './validation';

/** FunctionName values used in manifest.xml; the manifest test checks both agree. */
export const RIBBON_FUNCTIONS = ['setUpWorkbook', 'moveDeal', 'validateAll', 'staleDeals', 'takeSnapshot'] as const;
export type RibbonFunction = (typeof RIBBON_FUNCTIONS)[number];

async function showPane(section: 'move' | 'stale' | 'findings' | 'settings'): Promise<void> {
  tellPane({ kind: 'show', section });
  if (typeof Office !== 'undefined' && Office.addin?.showAsTaskpane) await Office.addin.showAsTaskpane();
}

/** What each ribbon button does. */
export const RIBBON_ACTIONS: Readonly<Record<RibbonFunction, () => Promise<void>>> = {
  setUpWorkbook: async () => {
    await setUpWorkbook();
    await showPane('settings');
  },
  moveDeal: () => showPane('move'),
  validateAll: async () => {
    await validateAll();
    await showPane('findings');
  },
  staleDeals: () => showPane('stale'),
  // The pane's status line says what was added, in the workbook's language; the pane stays as it is.
  takeSnapshot: async () => {
    tellPane({ kind: 'status', text: (await takeSnapshot()).message });
  },
};

/** Registers the ribbon handlers and, when the workbook has a Deals sheet, the Stage validation. */
export function registerCommands(): void {
  for (const name of RIBBON_FUNCTIONS) {
    Office.actions.associate(name, async (event: Office.AddinCommands.Event) => {
      try {
        await RIBBON_ACTIONS[name]();
      } catch (error) {
        tellPane({ kind: 'status', text: `${name} failed: ${error instanceof Error ? error.message : String(error)}` });
      } finally {
        event.completed();
      }
    });
  }
}

/** Starts watching Deals once Office is ready; a workbook without Deals is watched after "Set up workbook". */
export async function startValidation(): Promise<void> {
  await Excel.run((context) => watchDeals(context));
}
