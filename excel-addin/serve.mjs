// A static HTTPS server for dist/excel on https://localhost:3000, for sideloading with
// `npm run excel:start` (office-addin-debugging starts it as its dev server). Office
// loads add-ins only over trusted https, so it uses the localhost certificate that
// office-addin-dev-certs installs; when that is missing it runs the installer first
// (which asks you to trust a development CA once). Nothing here is used in CI.
import { createServer } from 'node:https';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'excel');
const port = Number(process.env.PORT || 3000);
const certDir = join(homedir(), '.office-addin-dev-certs');
const certFile = join(certDir, 'localhost.crt');
const keyFile = join(certDir, 'localhost.key');

if (!existsSync(certFile) || !existsSync(keyFile)) {
  console.log('No localhost certificate yet: running office-addin-dev-certs install (trust the CA when asked).');
  execSync('npx --yes office-addin-dev-certs@3 install', { stdio: 'inherit' });
}
if (!existsSync(join(root, 'manifest.xml'))) {
  console.error('dist/excel is missing: run `node scripts/build.mjs excel` first.');
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.ts': 'text/plain; charset=utf-8',
};

createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'https://localhost').pathname)).replace(/^([/\\])+/, '');
  const file = join(root, path || 'taskpane.html');
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404).end('not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
  });
  response.end(readFileSync(file));
}).listen(port, () => console.log(`Serving ${root} on https://localhost:${port}`));
