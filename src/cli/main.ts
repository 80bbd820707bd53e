/**
 * Entry point of the `pipeline-sheets` command (bin/pipeline-sheets.mjs and
 * `npm start` run it through scripts/run-ts.mjs).
 */
import { processIo } from './context';
import { run } from './program';

// `pipeline-sheets report x.xlsx | head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), processIo());
