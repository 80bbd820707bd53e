// `npm run lint`, after `biome ci`: lists every line longer than Biome's lineWidth (140) as
// "file:line: length" and exits 1 when there is any. The formatter wraps code but cannot
// shorten a string, a template literal or a comment, so those lines are checked here.
// It reads the files biome.json includes (src, test, bench, scripts, excel-addin, bin and the
// top-level .ts/.json files; .ts/.mjs/.js/.json only), less the same exclusions (the generated
// excel-addin/office-scripts/stale-digest.ts, test/fixtures/**, test/catalogue/files/**) and
// the directories .gitignore names. A line is skipped when it holds a URL or a data: string
// that, alone at the line's indentation, would still be over the width: such a token cannot
// be split without breaking it (a link in a comment stops working when wrapped).
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const width = 140;
const root = fileURLToPath(new URL('..', import.meta.url));
const roots = ['src', 'test', 'bench', 'scripts', 'excel-addin', 'bin'];
const extensions = new Set(['.ts', '.mjs', '.js', '.json']);
const topLevelExtensions = new Set(['.ts', '.json']);
const ignoredDirectories = new Set(['node_modules', 'dist', 'coverage', 'test-artifacts', '.cache', '.git']);
const excludedFiles = new Set(['excel-addin/office-scripts/stale-digest.ts']);
const excludedDirectories = ['test/fixtures/', 'test/catalogue/files/'];

function* walk(directory) {
  for (const entry of readdirSync(join(root, directory), { withFileTypes: true })) {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!ignoredDirectories.has(entry.name)) yield* walk(path);
    } else if (entry.isFile() && extensions.has(extname(entry.name))) {
      yield path;
    }
  }
}

function checkedFiles() {
  const files = [];
  for (const directory of roots) files.push(...walk(directory));
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (entry.isFile() && topLevelExtensions.has(extname(entry.name))) files.push(entry.name);
  }
  return files.filter((file) => !excludedFiles.has(file) && !excludedDirectories.some((d) => file.startsWith(d))).sort();
}

function isUnbreakable(line) {
  const indent = line.length - line.trimStart().length;
  return line
    .trim()
    .split(/\s+/)
    .some((token) => /:\/\/|data:/.test(token) && indent + [...token].length > width);
}

const found = [];
for (const file of checkedFiles()) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  lines.forEach((line, index) => {
    // Counted in code points, as the formatter counts (a Vietnamese or Russian letter is one).
    const length = [...line].length;
    if (length > width && !isUnbreakable(line)) found.push(`${file}:${index + 1}: ${length}`);
  });
}
for (const entry of found) console.log(entry);
if (found.length > 0) {
  console.error(`${found.length} line(s) over ${width} characters. Split the string, template literal or comment.`);
  process.exit(1);
}
