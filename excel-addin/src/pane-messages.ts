/**
 * How the parts of the add-in that run without the task pane (the onChanged
 * validation, the ribbon commands) talk to it. The shared runtime gives the
 * functions, commands and task pane one JavaScript context, so a plain in-memory
 * channel is enough: the latest message of each kind is kept, and a task pane that
 * opens later shows it at once.
 */

/** One finding to show under "Validation results": a cell and what is wrong with it. */
export interface PaneFinding {
  readonly sheet: string;
  /** A1 address of the cell, such as "E7". */
  readonly address: string;
  readonly row: number;
  readonly column: string;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
}

export type PaneMessage =
  | { readonly kind: 'findings'; readonly title: string; readonly findings: readonly PaneFinding[] }
  | { readonly kind: 'show'; readonly section: 'settings' | 'move' | 'findings' | 'stale' }
  | { readonly kind: 'status'; readonly text: string };

type Listener = (message: PaneMessage) => void;

const listeners = new Set<Listener>();
const latest = new Map<PaneMessage['kind'], PaneMessage>();

/** Sends a message to the task pane (now, or when it next opens). */
export function tellPane(message: PaneMessage): void {
  latest.set(message.kind, message);
  for (const listener of listeners) listener(message);
}

/** Listens for messages; the latest findings and status are replayed at once. Returns an unsubscribe function. */
export function listenPane(listener: Listener): () => void {
  listeners.add(listener);
  for (const kind of ['findings', 'status'] as const) {
    const message = latest.get(kind);
    if (message) listener(message);
  }
  return () => listeners.delete(listener);
}

/** Forgets every listener and kept message; for tests. */
export function resetPaneMessages(): void {
  listeners.clear();
  latest.clear();
}
