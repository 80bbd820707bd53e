/**
 * A progress bar on stderr for big files. It shows only when stderr is a terminal,
 * never with --json, and only once a file has passed a few thousand rows, so small
 * files and scripts see nothing. When the share of the file read is known (the
 * streaming reader counts bytes), it draws a bar; otherwise it counts rows.
 */

export interface ProgressTarget {
  readonly isTTY: boolean;
  write(text: string): void;
}

/** Rows a file must pass before any progress shows. */
export const PROGRESS_MIN_ROWS = 5000;

export interface Progress {
  /** Rows read so far, and the share of the file read when known. */
  rows(count: number, share: number | null): void;
  /** Clears the line. */
  done(): void;
}

export function progress(target: ProgressTarget, label: string, enabled: boolean): Progress {
  const active = enabled && target.isTTY;
  let shown = false;
  return {
    rows(count, share) {
      if (!active || count < PROGRESS_MIN_ROWS) return;
      shown = true;
      const rows = `${count.toLocaleString('en-US')} rows`;
      if (share === null) {
        target.write(`\r${label} ${rows}`);
      } else {
        const filled = Math.round(share * 30);
        target.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${Math.round(share * 100)}% ${rows}`);
      }
    },
    done() {
      if (shown) target.write('\r\x1b[2K');
      shown = false;
    },
  };
}
