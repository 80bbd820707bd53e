// `npm run excel:start`: builds dist/excel, then sideloads the add-in into desktop Excel with
// office-addin-debugging, which starts excel-addin/serve.mjs as its dev server on port 3000.
// The command is the one package.json held; it lives here because it did not fit on one line.
// It runs through the shell, as npm runs a script (sh, or cmd.exe on Windows), from the repo root.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const command = [
  'node scripts/build.mjs excel',
  '&&',
  'npx --yes office-addin-debugging@7 start excel-addin/manifest.xml desktop',
  '--app excel --dev-server "node excel-addin/serve.mjs" --dev-server-port 3000',
].join(' ');

const result = spawnSync(command, { cwd: root, shell: true, stdio: 'inherit' });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
