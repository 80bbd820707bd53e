/**
 * `digest FILE --dry-run`: renders each owner's stale-deal digest as it would be
 * emailed, in the workbook's language. With --out DIR it writes one .eml file per
 * owner (and one for the manager when Stages names a manager email); otherwise it
 * prints a summary. Sending is left to the Sheets add-in and the Excel flow.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baseTotal, digests, renderDigest, renderManagerSummary, staleDeals, type Language } from '../../core/index';
import { digestToEml } from '../../workbook/eml';
import { EXIT_OK, EXIT_UNREADABLE, loadForCommand, parseAsOf, type CommonOptions, type Io } from '../context';
import { textTable } from '../terminal';

export interface DigestOptions extends CommonOptions {
  readonly dryRun?: boolean;
  readonly out?: string;
  readonly lang?: string;
  readonly from?: string;
}

/** A file name from an address: letters, digits, dot, dash, @ and underscore only. */
export function emlFileName(owner: string): string {
  return `${(owner || 'no-owner').replace(/[^A-Za-z0-9.@_-]+/g, '_').replace(/^\.+/, '_')}.eml`;
}

export async function digestCommand(file: string, options: DigestOptions, io: Io): Promise<number> {
  if (!options.dryRun) {
    io.err(
      'The command line does not send mail. Add --dry-run to render the digests (with --out DIR to write ' +
        '.eml files); daily sending is done by the Google Sheets add-in or the Excel Power Automate flow.',
    );
    return EXIT_UNREADABLE;
  }
  const asOf = parseAsOf(options.asOf, io);
  if (!asOf.ok) {
    io.err(asOf.reason);
    return EXIT_UNREADABLE;
  }
  if (options.lang && !['en', 'vi', 'ru'].includes(options.lang)) {
    io.err(`--lang ${options.lang}: choose en, vi or ru.`);
    return EXIT_UNREADABLE;
  }
  // Here --from is the sender's address, not a CRM.
  const loaded = await loadForCommand(file, { ...options, from: undefined }, io);
  if (!loaded.ok) return loaded.code;
  const { deals, history, config } = loaded.pipeline;
  const language = (options.lang as Language | undefined) ?? config.rules.language;
  const all = digests(staleDeals(deals, history, config, asOf.value), asOf.value);
  const from = options.from ?? 'pipeline-sheets@localhost';
  // Digests go out at the team's digest hour on the report's day (UTC here, as the command line has no spreadsheet timezone).
  const sentAt = new Date(asOf.value.getTime() + config.rules.digestHour * 3_600_000);
  const rendered = all.map((digest) => ({ digest, mail: renderDigest(digest, language, { workbookName: file }) }));
  const manager =
    config.rules.managerEmail && all.length > 0
      ? renderManagerSummary(all, language, {
          workbookName: file,
          ...(loaded.pipeline.rates ? { baseTotal: baseTotal(loaded.pipeline.rates) } : {}),
        })
      : null;

  if (options.out) {
    await mkdir(options.out, { recursive: true });
    const written: string[] = [];
    for (const { digest, mail } of rendered) {
      const name = emlFileName(digest.owner);
      await writeFile(
        join(options.out, name),
        digestToEml(mail, { to: digest.owner || 'unknown-owner@invalid', from, date: sentAt }),
        'utf8',
      );
      written.push(name);
    }
    if (manager) {
      const name = `manager-${emlFileName(config.rules.managerEmail)}`;
      await writeFile(join(options.out, name), digestToEml(manager, { to: config.rules.managerEmail, from, date: sentAt }), 'utf8');
      written.push(name);
    }
    if (options.json) io.out(JSON.stringify({ asOf: asOf.value.toISOString().slice(0, 10), files: written }, null, 2));
    else io.out(`Wrote ${written.length} .eml file${written.length === 1 ? '' : 's'} to ${options.out}.`);
    return EXIT_OK;
  }
  if (options.json) {
    io.out(
      JSON.stringify(
        rendered.map(({ digest, mail }) => ({
          owner: digest.owner,
          addressOk: digest.addressOk,
          deals: digest.deals.length,
          subject: mail.subject,
        })),
        null,
        2,
      ),
    );
    return EXIT_OK;
  }
  if (rendered.length === 0) {
    io.out(`No stale deals as of ${asOf.value.toISOString().slice(0, 10)}: no digest would be sent.`);
    return EXIT_OK;
  }
  io.out(
    textTable(
      [{ header: 'Owner', max: 34 }, { header: 'Deals', align: 'right' }, { header: 'Sent?' }, { header: 'Subject', max: 40 }],
      rendered.map(({ digest, mail }) => [
        digest.owner || '(no owner)',
        String(digest.deals.length),
        digest.addressOk ? 'yes' : 'no: not an address',
        mail.subject,
      ]),
    ),
  );
  if (manager) io.out(`\nThe manager (${config.rules.managerEmail}) would get: ${manager.subject}`);
  io.out('\nAdd --out DIR to write each digest as an .eml file you can open in a mail program.');
  return EXIT_OK;
}
