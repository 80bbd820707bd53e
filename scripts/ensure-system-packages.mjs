// `npm test` runs this first (pretest). The end-to-end tests recalculate workbooks in
// LibreOffice and open pages in Chromium; on a fresh Debian machine, install them.
// Where they are present, this does nothing. Set PIPELINE_SKIP_SYSTEM_INSTALL=1 to skip.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { binary: '/usr/bin/soffice', packages: '--no-install-recommends libreoffice-calc' },
  // LibreOffice's PNG export (the Dashboard charts test) lives in its graphic filter library, which Debian ships in libreoffice-draw.
  { binary: '/usr/lib/libreoffice/program/libgraphicfilterlo.so', packages: '--no-install-recommends libreoffice-draw' },
  { binary: '/usr/bin/chromium', packages: 'chromium' },
];
const missing = needed.filter((n) => !existsSync(n.binary));
if (missing.length === 0 || process.env.PIPELINE_SKIP_SYSTEM_INSTALL === '1') process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = isRoot ? '' : 'sudo ';
const run = (command) => {
  console.log(`pretest: ${command}`);
  execSync(command, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};
try {
  if (!existsSync('/usr/bin/apt-get')) throw new Error('apt-get is not available (not a Debian machine)');
  run(`${sudo}apt-get update -qq`);
  for (const m of missing) run(`${sudo}apt-get install -y -qq ${m.packages}`);
} catch (error) {
  console.error(`pretest: could not install ${missing.map((m) => m.binary).join(', ')}: ${error.message}`);
  console.error('pretest: the LibreOffice and Chromium tests will fail; install libreoffice-calc and chromium by hand.');
  process.exit(1);
}
