/**
 * A rendered digest as an .eml file (RFC 5322 with a MIME multipart/alternative
 * body: a plain-text part and an HTML part, both UTF-8 and base64-encoded), so that
 * `digest --dry-run` shows each owner exactly what the email would look like in any
 * mail program. The subject is an RFC 2047 encoded word, so Vietnamese and Russian
 * subjects survive. No header takes a line break from its value.
 */
import { randomUUID } from 'node:crypto';
import { isEmail, type RenderedDigest } from '../core/index';

export interface EmlOptions {
  readonly to: string;
  readonly from: string;
  readonly date: Date;
  /** Fixed boundary and Message-ID for reproducible files; random by default. */
  readonly id?: string;
}

/** "=?UTF-8?B?…?=" words of at most 75 characters each, split on character boundaries. */
export function encodeHeaderWord(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');
}

/** "Mon, 23 Nov 2026 08:00:00 +0000" */
export function rfc5322Date(date: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${day}, ${pad(date.getUTCDate())} ${month} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/**
 * The whole message, CRLF line ends. A `to` that is not one valid address (an Owner
 * cell such as "a@b.com, evil@x.com") is replaced by the empty group
 * "undisclosed-recipients:;", so a file opened and sent from a mail program reaches
 * no one the Owner column did not name on its own.
 */
export function digestToEml(digest: RenderedDigest, options: EmlOptions): string {
  const id = options.id ?? randomUUID();
  const boundary = `=_pipeline_${id}`;
  const headerSafe = (text: string) => text.replace(/[\r\n]+/g, ' ');
  return [
    `From: ${headerSafe(options.from)}`,
    `To: ${isEmail(options.to) ? options.to : 'undisclosed-recipients:;'}`,
    `Subject: ${encodeHeaderWord(headerSafe(digest.subject))}`,
    `Date: ${rfc5322Date(options.date)}`,
    `Message-ID: <${id}@pipeline-sheets.local>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(digest.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(digest.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
