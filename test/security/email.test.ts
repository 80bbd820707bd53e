/**
 * Email: the digest and the manager summary rendered from hostile deals, in three
 * places: the core's renderers, the Sheets add-in's MailApp sends (built bundle,
 * fake MailApp), and the .eml files of `digest --dry-run`. No user text becomes
 * markup, no subject or recipient carries a line break, and mail goes only to the
 * valid addresses of the Owner column plus the configured manager.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_CONFIG,
  digests,
  isEmail,
  ownerEmail,
  readDeals,
  renderDigest,
  renderManagerSummary,
  stagesToTable,
  staleDeals,
} from '../../src/core/index';
import { digestToEml } from '../../src/workbook/eml';
import { cli } from '../cli/helpers';
import { writeXlsx } from '../workbook/fixtures';
import { clockEvent } from '../fakes/gas';
import { buildOnce } from '../sheets/world';
import { hostileSheetsWorld } from './sheets-world';
import { HOSTILE_DEAL_HEADERS, HOSTILE_OWNERS, HTML_PAYLOADS, VALID_OWNERS, hostileDealRows } from './hostile';
import { escaped, foreignMarkup } from './markup';

const AS_OF = new Date(Date.UTC(2026, 10, 23));
const MANAGER = 'boss@example.com';
/** The only addresses mail may go to: the three valid Owner cells, read as addresses, and the manager. */
const ALLOWED = new Set([...VALID_OWNERS.map(([, address]) => address), MANAGER]);
const config = { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, managerEmail: MANAGER } };
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A header block of an .eml as name → value (continuation lines joined). */
function headers(eml: string): Map<string, string> {
  const head = eml.slice(0, eml.indexOf('\r\n\r\n')).replace(/\r\n[ \t]/g, ' ');
  return new Map(head.split('\r\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
}

describe('addresses', () => {
  it('reads no hostile Owner cell as an address, and each valid one as exactly its address', () => {
    for (const owner of HOSTILE_OWNERS) expect(isEmail(ownerEmail(owner)), JSON.stringify(owner)).toBe(false);
    for (const [cell, address] of VALID_OWNERS) expect([ownerEmail(cell), isEmail(ownerEmail(cell))]).toEqual([address, true]);
  });
});

describe('the digest and manager summary (core renderers)', () => {
  const read = readDeals([[...HOSTILE_DEAL_HEADERS], ...hostileDealRows(utc('2025-01-01'))], config);
  const all = digests(staleDeals(read.deals, [], config, AS_OF), AS_OF);
  // A row link and a workbook name are user-controlled too (the file name, the spreadsheet's title).
  const options = { rowLink: () => 'javascript:window.__pwned=9', workbookName: 'Pipeline\r\nBcc: evil@x.com <script>x</script>' };

  it('sends only to valid Owner addresses: hostile owners are marked not sendable', () => {
    // Every deal is open or lost; open ones sat since 2025-01-01, far past Proposal's 21 rotting days.
    const sendable = all.filter((d) => d.addressOk).map((d) => d.owner);
    expect(sendable.sort()).toEqual([...VALID_OWNERS.map(([, a]) => a)].sort());
    expect(all.length).toBeGreaterThan(sendable.length);
  });

  it('escapes every user value and writes no markup of its own making', () => {
    for (const digest of all) {
      const mail = renderDigest(digest, 'en', options);
      expect(foreignMarkup(mail.html), digest.owner).toEqual([]);
      for (const item of digest.deals) expect(mail.html).toContain(escaped(item.deal.name.replace(/[\r\n]+/g, ' ')).split(' ')[0]);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      // The link is dropped; the text may still name a deal "javascript:…", as plain text.
      expect(mail.text).not.toContain('Open: javascript:');
    }
    const summary = renderManagerSummary(all, 'en', options);
    expect(foreignMarkup(summary.html)).toEqual([]);
    expect(summary.subject).not.toMatch(/[\r\n]/);
  });

  it('shows the script payload as its escaped text', () => {
    const html = all.map((d) => renderDigest(d, 'en', options).html).join('\n');
    expect(html).toContain(escaped(HTML_PAYLOADS[0]));
    expect(html).not.toContain(HTML_PAYLOADS[0]);
  });
});

describe('the Sheets add-in sending digests (built bundle, fake MailApp)', () => {
  beforeAll(() => buildOnce());
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('mails each valid owner once and the manager once, with no markup from user text', () => {
    const { world, gas } = hostileSheetsWorld();
    const stages = world.spreadsheet.sheet('Stages');
    stages.put(stages.dump().findIndex((r) => r[0] === 'Manager email') + 1, 2, MANAGER);
    world.spreadsheet
      .sheet('History')
      .load([['Timestamp', 'Deal ID', 'From stage', 'To stage', 'Amount', 'Expected close', 'Probability', 'Changed by', 'Source']]);

    gas.sendDailyDigests(clockEvent());
    const sent = world.MailApp.sent;
    // Three valid owners and the manager: four emails, each to one allowed address.
    expect(sent.map((m) => m.to).sort()).toEqual([...ALLOWED].sort());
    for (const mail of sent) {
      expect(mail.to).not.toMatch(/[\r\n,;]/);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(foreignMarkup(mail.htmlBody), mail.to).toEqual([]);
    }
    // The img payload is deal H-1's name; H-1 belongs to <bob@example.com>, a valid owner.
    expect(sent.map((m) => m.htmlBody).join('\n')).toContain(escaped(HTML_PAYLOADS[1]));
  });
});

describe('digest --dry-run .eml files', () => {
  it('addresses each file to one allowed address or to nobody, with no injected header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-security-'));
    const file = await writeXlsx(join(dir, 'hostile.xlsx'), {
      Deals: [[...HOSTILE_DEAL_HEADERS], ...hostileDealRows(utc('2025-01-01'))],
      Stages: stagesToTable(config),
    });
    const out = join(dir, 'mail');
    const result = await cli(['digest', file, '--dry-run', '--out', out, '--as-of', '2026-11-23']);
    expect(result.code).toBe(0);
    const recipients: string[] = [];
    for (const name of readdirSync(out)) {
      const eml = readFileSync(join(out, name), 'utf8');
      const head = headers(eml);
      expect([...head.keys()], name).toEqual(['From', 'To', 'Subject', 'Date', 'Message-ID', 'MIME-Version', 'Content-Type']);
      const to = head.get('To')!;
      if (to !== 'undisclosed-recipients:;') {
        expect(ALLOWED.has(to), `${name}: To: ${to}`).toBe(true);
        recipients.push(to);
      }
      const html = Buffer.from(eml.split('--=_pipeline_')[2].split('\r\n\r\n')[1], 'base64').toString('utf8');
      expect(foreignMarkup(html), name).toEqual([]);
    }
    expect(recipients.sort()).toEqual([...ALLOWED].sort());
  }, 60_000);

  it('never writes a To or Subject line break, whatever it is given', () => {
    const eml = digestToEml(
      { subject: 'a\r\nBcc: evil@x.com', text: '', html: '' },
      { to: 'a@b.com\r\nBcc: evil@x.com', from: 'bot@example.com', date: AS_OF, id: 'x' },
    );
    const head = headers(eml);
    expect(head.has('Bcc')).toBe(false);
    expect(head.get('To')).toBe('undisclosed-recipients:;');
  });
});
