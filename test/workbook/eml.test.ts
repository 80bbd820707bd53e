import { describe, expect, it } from 'vitest';
import { digestToEml, encodeHeaderWord, rfc5322Date } from '../../src/workbook/eml';

describe('digestToEml', () => {
  const eml = digestToEml(
    { subject: 'Сделки без движения: 3', text: 'Привет', html: '<p>Привет &amp; пока</p>' },
    { to: 'ann@example.com', from: 'bot@example.com', date: new Date('2026-11-23T08:00:00Z'), id: 'fixed' },
  );

  it('has RFC 5322 headers and a multipart/alternative body with text and HTML parts', () => {
    expect(eml).toContain('\r\nDate: Mon, 23 Nov 2026 08:00:00 +0000\r\n');
    expect(eml).toContain('Content-Type: multipart/alternative; boundary="=_pipeline_fixed"');
    expect(eml.match(/--=_pipeline_fixed\r\n/g)).toHaveLength(2);
    expect(eml.endsWith('--=_pipeline_fixed--\r\n')).toBe(true);
    const parts = eml.split('--=_pipeline_fixed');
    // The base64 body of the text part decodes back to the text.
    expect(Buffer.from(parts[1].split('\r\n\r\n')[1], 'base64').toString('utf8')).toBe('Привет');
    expect(Buffer.from(parts[2].split('\r\n\r\n')[1], 'base64').toString('utf8')).toBe('<p>Привет &amp; пока</p>');
  });

  it('encodes a non-ASCII subject as UTF-8 words that decode back', () => {
    const subject = /Subject: ([\s\S]*?)\r\nDate/.exec(eml)![1];
    const decoded = subject
      .split(/\r\n /)
      .map((word) => Buffer.from(/=\?UTF-8\?B\?(.*)\?=/.exec(word)![1], 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe('Сделки без движения: 3');
    expect(encodeHeaderWord('plain ascii')).toBe('plain ascii');
  });

  it('formats dates as RFC 5322 in UTC', () => {
    expect(rfc5322Date(new Date('2027-01-05T23:04:09Z'))).toBe('Tue, 05 Jan 2027 23:04:09 +0000');
  });
});
