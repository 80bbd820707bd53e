/**
 * Runs the command line in-process with captured output and a fixed "today".
 */
import type { Io } from '../../src/cli/context';
import { run } from '../../src/cli/program';

export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function cli(args: string[], options: { cwd?: string; now?: Date; tty?: boolean } = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (text) => (out += `${text}\n`),
    err: (text) => (err += `${text}\n`),
    errRaw: (text) => (err += text),
    stderrIsTTY: options.tty ?? false,
    now: () => options.now ?? new Date('2026-11-23T10:00:00Z'),
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await run(args, io);
  return { code, out, err };
}
