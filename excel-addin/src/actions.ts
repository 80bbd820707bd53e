/**
 * What the ribbon buttons and the task pane do, each as one Excel.run, one file each:
 * pane-state (the read every action starts with), move, validate-all, stale and
 * setup. They translate between the sheet and the core and nothing more; the rules
 * live in src/core.
 */
export * from './pane-state';
export * from './move';
export * from './validate-all';
export * from './stale';
export * from './setup';
