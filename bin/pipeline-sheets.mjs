#!/usr/bin/env node
// The `pipeline-sheets` command: compiles and runs src/cli/main.ts.
import { runTs } from '../scripts/run-ts.mjs';

await runTs('src/cli/main.ts', process.argv.slice(2));
