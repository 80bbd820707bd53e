/**
 * Prints the catalogue as a Markdown table (id, what the user did, where the
 * message appears and what it says, surfaces), for docs/RELIABILITY.md:
 * `node scripts/run-ts.mjs test/catalogue/print-table.ts`.
 */
import { CASES, where } from './cases';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const clip = (text: string) => (text.length > 160 ? `${text.slice(0, 120)}…` : text);

const lines = ['| Case | Input: what the user did | Expected message (where: text) | Surfaces |', '| --- | --- | --- | --- |'];
for (const c of CASES) {
  const messages = c.findings.map((f) => `${f.severity} ${where(f)}${f.on ? ` (${f.on.join(', ')} only)` : ''}: "${clip(f.says)}"`);
  if (c.exit === 2) messages.push(`check exits 2: "${clip(c.checkSays!.join(' … '))}"`);
  else if (messages.length === 0) messages.push(`accepted as typed${c.checkSays ? `; check says "${c.checkSays.join('", "')}"` : ''}`);
  const input = `${c.file ? `\`${c.file}\`: ` : ''}${c.did}`;
  lines.push(
    `| ${c.id} ${cell(c.title)} | ${cell(input)} | ${cell(messages.join('<br>'))} | ` +
      `${c.surfaces.join(', ')}${c.notOn ? ` (${cell(c.notOn)})` : ''} |`,
  );
}
console.log(lines.join('\n'));
