/**
 * The one catalogue of words the product shows, in English, Vietnamese and Russian:
 * menus, dialogs, task-pane text, messages, Dashboard labels and digests. Both add-ins
 * and the command line take their words from here, one file per area, so that a
 * message is written once and says the same thing on every platform.
 */
export * from './addin-labels';
export * from './language';
export * from './sheets-missing';
export * from './set-up';
export * from './pane';
export * from './move-deal';
export * from './check-edits';
export * from './digests';
export * from './dashboard';
