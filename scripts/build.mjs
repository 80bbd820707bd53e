// `npm run build`: the Apps Script bundle (dist/gas) and the Excel add-in (dist/excel).
// Each target lives in its own script; pass "gas" or "excel" to build only one.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
for (const target of ['gas', 'excel']) {
  if (wanted.length && !wanted.includes(target)) continue;
  const script = join(here, `build-${target}.mjs`);
  if (!existsSync(script)) continue;
  const { buildTarget } = await import(pathToFileURL(script).href);
  await buildTarget();
}
