import { build } from 'esbuild';
import { pureCore } from './pure-core.mjs';
const r = await build({ entryPoints: [process.argv[2]], bundle: true, write: false, format: 'iife', globalName: 'X', platform: process.argv[3]||'neutral', target: 'es2020', charset: 'utf8', legalComments: 'none', minify: true, metafile: true, plugins: [pureCore], logLevel:'silent' });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k, v]) => [v.bytesInOutput, k]).sort((a, b) => b[0] - a[0]);
let byDir = {};
for (const [b, k] of rows) { const d = k.replace(/\/[^/]+$/, ''); byDir[d] = (byDir[d] || 0) + b; }
console.log(Object.entries(byDir).sort((a,b)=>b[1]-a[1]).slice(0,12).map(([d,b])=>`${(b/1024).toFixed(1)} KB ${d}`).join('\n'));
console.log('--');
console.log(rows.slice(0, 200).map(([b, k]) => `${(b / 1024).toFixed(1)} KB ${k}`).join('\n'));
