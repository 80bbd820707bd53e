// Runs a TypeScript entry point on plain Node 20: esbuild bundles it (dependencies
// stay external) into node_modules/.cache, then it is imported with the remaining
// arguments. Used by `npm start`, `npm run bench` and bin/pipeline-sheets.mjs.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function runTs(entry, args) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = join(root, 'node_modules', '.cache', 'pipeline-sheets');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}.mjs`);
  await build({
    entryPoints: [resolve(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  process.argv = [process.argv[0], outfile, ...args];
  await import(pathToFileURL(outfile).href);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, ...args] = process.argv.slice(2);
  await runTs(entry, args);
}
