/**
 * Google's look for Editor add-on dialogs and sidebars, written here once and put
 * inline in each page the add-on shows (the move dialog, the Validate all sidebar).
 * Google publishes it as a stylesheet to link (add-ons1.css, "CSS package for Editor
 * add-ons": https://developers.google.com/apps-script/add-ons/css); the same rules are
 * kept locally so that a page needs nothing from the network and a test can render it
 * offline. The class names are the package's: Arial 13px text; `action`, `create` and
 * `share` for the blue primary buttons, plain buttons grey; `block`, `inline` and
 * `form-group` to lay out labelled fields; `error` for form input errors, `gray` and
 * `secondary` for quieter text; `sidebar` for a sidebar's padding; `width-100` for a
 * field as wide as its column. Only `dialog` (a dialog's padding) and the table and
 * `warning` rules are this add-on's own.
 */

/** The blue of the package's primary buttons: a gradient from #4d90fe to #4787ed, edged #3079ed. */
export const ADDON_BLUE = { top: '#4d90fe', bottom: '#4787ed', border: '#3079ed' } as const;

/** The red of form input errors. */
export const ADDON_ERROR_RED = '#dd4b39';

const BUTTONS = 'button, input[type="button"], input[type="submit"], a.button';
const primary = (selector: string) =>
  ['action', 'create', 'share']
    .map((kind) =>
      BUTTONS.split(', ')
        .map((b) => `${b}.${kind}${selector}`)
        .join(','),
    )
    .join(',');

/** The add-on style sheet's rules (no <style> element around them). */
export const ADDON_CSS = [
  'body{font-family:Arial,sans-serif;font-size:13px;color:#333;margin:0}',
  'h1,h2{font-size:15px;font-weight:bold;margin:0 0 12px}',
  'a{color:#15c;text-decoration:none}',
  '.current{font-weight:bold;color:#333}',
  `.error{color:${ADDON_ERROR_RED}}`,
  '.warning{color:#8a6d00}',
  '.gray{color:#777}',
  '.secondary{color:#999}',
  `${BUTTONS}{font-family:Arial,sans-serif;font-size:11px;font-weight:bold;` +
    'height:29px;line-height:27px;min-width:72px;padding:0 8px;margin:0 4px 0 0;' +
    'border:1px solid rgba(0,0,0,0.1);border-radius:2px;color:#444;background-color:#f5f5f5;' +
    'background-image:linear-gradient(to bottom,#f5f5f5,#f1f1f1);cursor:default;box-sizing:border-box;outline:0}',
  `${BUTTONS.split(', ')
    .map((b) => `${b}:hover`)
    .join(',')}{border:1px solid #c6c6c6;color:#333;box-shadow:0 1px 1px rgba(0,0,0,0.1)}`,
  `${primary('')}{color:#fff;background-color:${ADDON_BLUE.top};border:1px solid ${ADDON_BLUE.border};` +
    `background-image:linear-gradient(to bottom,${ADDON_BLUE.top},${ADDON_BLUE.bottom})}`,
  `${primary(':hover')}{color:#fff;border:1px solid #2f5bb7;background-color:#357ae8;` +
    `background-image:linear-gradient(to bottom,${ADDON_BLUE.top},#357ae8)}`,
  `${BUTTONS.split(', ')
    .map((b) => `${b}:disabled`)
    .join(',')}{opacity:0.5}`,
  'input[type="text"],input:not([type]),textarea{' +
    'font-family:Arial,sans-serif;font-size:13px;height:29px;padding:1px 8px;box-sizing:border-box;' +
    'border:1px solid #d9d9d9;border-top:1px solid #c0c0c0;border-radius:1px;background:#fff}',
  'textarea{height:auto}',
  'input[type="text"]:focus,input:not([type]):focus,textarea:focus{' +
    `border:1px solid ${ADDON_BLUE.top};box-shadow:inset 0 1px 2px rgba(0,0,0,0.3);outline:0}`,
  'select{font-family:Arial,sans-serif;font-size:11px;font-weight:bold;height:29px;padding:0 4px;color:#444;box-sizing:border-box;' +
    'border:1px solid #dcdcdc;border-radius:2px;background-color:#f5f5f5;background-image:linear-gradient(to bottom,#f5f5f5,#f1f1f1)}',
  `select:focus{border:1px solid ${ADDON_BLUE.top};outline:0}`,
  'label{font-weight:bold}',
  '.block{display:block}',
  '.block label{display:block;margin-bottom:4px}',
  '.inline{display:inline-block}',
  '.form-group{margin-bottom:12px}',
  '.width-100{width:100%}',
  // The package pads a sidebar 12px; a dialog gets the same padding (Sheets adds none around it).
  '.sidebar,.dialog{padding:12px}',
  'table{border-collapse:collapse;width:100%}',
  'th,td{border-bottom:1px solid #e5e5e5;padding:4px;text-align:left;vertical-align:top}',
  'th{color:#777}',
].join('');

/** The rules as one <style> element, for the head of a page or the top of a fragment. */
export const ADDON_STYLE = `<style>${ADDON_CSS}</style>`;
