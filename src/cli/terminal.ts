/**
 * Plain-text tables for the terminal: columns padded to their widest cell, numbers
 * right-aligned with thousands separators, nothing wider than about 90 columns.
 * Wide text (owner emails, deal names) is shortened rather than wrapped.
 */

export interface TextColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** Longest cell text before it is shortened with "…". */
  readonly max?: number;
}

/** Display width of a string, counting each code point as one column. */
function width(text: string): number {
  return [...text].length;
}

function fitToWidth(text: string, max: number | undefined): string {
  if (!max || width(text) <= max) return text;
  return `${[...text].slice(0, max - 1).join('')}…`;
}

/** Renders a table; rows are arrays of already formatted text. */
export function textTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((c, i) => fitToWidth(row[i] ?? '', c.max)));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((row) => width(row[i]))));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i] - width(cell)));
        return columns[i].align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}

/** 1234567.8 → "1,234,568" */
export function money(value: number | null): string {
  return value === null ? '–' : Math.round(value).toLocaleString('en-US');
}

/** 0.2345 → "23.5%" */
export function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)}%`;
}

export function decimal(value: number | null, digits = 1): string {
  return value === null ? '–' : value.toFixed(digits);
}

/** A bar of block characters, `value / max` of `size` wide. */
export function bar(value: number, max: number, size = 20): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.round((value / max) * size * 8);
  const full = Math.floor(eighths / 8);
  const partial = ' ▏▎▍▌▋▊▉'[eighths % 8].trim();
  return '█'.repeat(full) + partial;
}

/**
 * A range drawn on a line of `size` cells scaled to 0..max: blank up to the low end,
 * "─" from low to high, and "●" at the middle value. "P10 ──●── P90" at a glance.
 */
export function band(low: number, middle: number, high: number, max: number, size = 24): string {
  if (max <= 0 || high <= 0) return '';
  const cell = (value: number) => Math.min(size - 1, Math.max(0, Math.round((value / max) * (size - 1))));
  const from = cell(low);
  const to = cell(high);
  const mid = cell(middle);
  let line = '';
  for (let i = 0; i <= to; i++) line += i === mid ? '●' : i >= from ? '─' : ' ';
  return line;
}

/** 0.0312 → "+3.1%", null → "–"; for a bias, where the sign matters. */
export function signedPercent(value: number | null): string {
  if (value === null) return '–';
  return `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
}

/** Breaks prose into lines of at most `width` columns at spaces (a longer word keeps its own line). */
export function wrap(text: string, width = 90): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
