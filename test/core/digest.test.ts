import { describe, expect, it } from 'vitest';
import { blankDeal } from '../../src/core/deals';
import {
  DIGEST_BODY_BUDGET_BYTES,
  digests,
  escapeHtml,
  renderDigest,
  renderDigestText,
  renderManagerSummary,
  utf8Length,
  worstDeals,
} from '../../src/core/digest';
import { formatAmountIn, pluralRu } from '../../src/core/i18n';
import type { StaleDeal } from '../../src/core/stale';
import type { Deal } from '../../src/core/types';

const asOf = new Date('2026-11-23T08:00:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

function stale(deal: Partial<Deal>, extra: Partial<StaleDeal> = {}): StaleDeal {
  return {
    deal: blankDeal({
      id: 'D-1',
      row: 2,
      name: 'Renewal',
      account: 'Acme',
      owner: 'ann@example.com',
      stage: 'Proposal',
      amount: 12500,
      currency: 'USD',
      ...deal,
    }),
    enteredStage: day('2026-10-23'),
    daysInStage: 31,
    rottingDays: 21,
    nextStepOverdueDays: null,
    closeSlippedDays: null,
    flags: ['rotting'],
    ...extra,
  };
}

describe('digests', () => {
  it('groups by owner, owners in alphabetical order, no owner first, and checks each address', () => {
    const items = [
      stale({ id: 'a', owner: 'zoe@example.com' }),
      stale({ id: 'b', owner: '' }),
      stale({ id: 'c', owner: 'ann@example.com' }),
      stale({ id: 'd', owner: 'zoe@example.com' }),
      stale({ id: 'e', owner: 'not an address' }),
    ];
    const result = digests(items, asOf);
    expect(result.map((d) => [d.owner, d.addressOk, d.deals.map((s) => s.deal.id).join('')])).toEqual([
      ['', false, 'b'],
      ['ann@example.com', true, 'c'],
      ['not an address', false, 'e'],
      ['zoe@example.com', true, 'ad'],
    ]);
    expect(result[0].asOf).toBe(asOf);
  });
});

describe('renderDigest', () => {
  const full = stale(
    { nextStep: 'Send contract', nextStepDate: day('2026-11-20'), expectedClose: day('2026-11-18') },
    { nextStepOverdueDays: 3, closeSlippedDays: 5, flags: ['rotting', 'overdue-next-step', 'slipped-close'] },
  );
  const two = { owner: 'ann@example.com', addressOk: true, asOf, deals: [full, stale({ id: 'D-2', row: 3, name: 'Pilot', amount: null })] };

  it('writes an English subject and a plain-text list with every fact', () => {
    const out = renderDigest(two, 'en', {
      workbookName: 'Sales 2026',
      rowLink: (d) => `https://docs.google.com/spreadsheets/d/x/edit#gid=0&range=A${d.row}`,
    });
    expect(out.subject).toBe('2 deals need attention — Sales 2026 (2026-11-23)');
    expect(out.text).toContain('1. Renewal — Acme');
    expect(out.text).toContain('Stage: Proposal for 31 days (rotting after 21 days) — No movement');
    expect(out.text).toContain('Next step overdue by 3 days: Send contract (due 2026-11-20)');
    expect(out.text).toContain('Expected close slipped by 5 days (was 2026-11-18)');
    expect(out.text).toContain('Amount: 12,500 USD');
    expect(out.text).toContain('Open: https://docs.google.com/spreadsheets/d/x/edit#gid=0&range=A2');
    // The second deal has no amount, so only one Amount line is written.
    expect(out.text.match(/Amount:/g)).toHaveLength(1);
    expect(out.html).toContain(
      '<a href="https://docs.google.com/spreadsheets/d/x/edit#gid=0&amp;range=A3" style="color:#1a73e8">Pilot</a>',
    );
  });

  it('gives the same subject and text without the HTML (the Excel pane previews)', () => {
    const options = { workbookName: 'Sales 2026', rowLink: (d: { row: number }) => `https://example.com/#A${d.row}` };
    const email = renderDigest(two, 'vi', options);
    expect(renderDigestText(two, 'vi', options)).toEqual({ subject: email.subject, text: email.text });
    // Cut to a budget, it still says how many were left out: with no deal the text is 272
    // bytes, with Renewal about 540, with Pilot too past 650.
    const cut = renderDigestText(two, 'en', { ...options, sheetLink: 'https://example.com/deals', maxBodyBytes: 650 });
    expect(cut.text).toContain('1. Renewal');
    expect(cut.text).not.toContain('2. Pilot');
    expect(cut.text).toContain('…and 1 more deal that needs attention');
    expect(cut.text).toContain('https://example.com/deals');
  });

  it('says "1 deal needs" in the singular and defaults the workbook name', () => {
    expect(renderDigest({ ...two, deals: [full] }, 'en').subject).toBe('1 deal needs attention — Pipeline (2026-11-23)');
  });

  it('escapes every user value in the HTML, links included, and keeps the HTML free of scripts and stylesheets', () => {
    const evil = stale({
      name: '<script>alert(1)</script>',
      account: '"onmouseover="alert(2)',
      stage: 'Proposal & <b>',
      nextStep: "it's <img src=x onerror=alert(3)>",
      nextStepDate: day('2026-11-20'),
    });
    const out = renderDigest({ ...two, deals: [evil] }, 'en', { rowLink: () => 'https://example.com/?a="><script>x</script>' });
    expect(out.html).not.toMatch(/<script|<img|<b>|<style|onmouseover="/i);
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out.html).toContain('&quot;onmouseover=&quot;alert(2)');
    expect(out.html).toContain('Proposal &amp; &lt;b&gt;');
    expect(out.html).toContain('it&#39;s &lt;img src=x onerror=alert(3)&gt;');
    expect(out.html).toContain('href="https://example.com/?a=&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    // Every tag the HTML opens is one of the few the template writes.
    const tags = new Set([...out.html.matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]));
    const template = ['a', 'br', 'div', 'p', 'span', 'table', 'tbody', 'td', 'th', 'thead', 'tr'];
    expect([...tags].filter((tag) => !template.includes(tag))).toEqual([]);
    expect(tags.has('a')).toBe(true);
    // The plain text keeps the name as typed: it is not HTML.
    expect(out.text).toContain('<script>alert(1)</script>');
  });

  it('drops links that are not http(s), mailto or an anchor', () => {
    const out = renderDigest(two, 'en', { rowLink: () => 'javascript:alert(1)' });
    expect(out.html).not.toContain('href');
    expect(out.text).not.toContain('javascript:');
  });

  it('keeps line breaks in a cell out of the subject and the text layout', () => {
    const out = renderDigest({ ...two, deals: [stale({ name: 'Line one\nLine two' })] }, 'en', { workbookName: 'Bad\r\nBcc: x@y.z' });
    expect(out.subject).toBe('1 deal needs attention — Bad Bcc: x@y.z (2026-11-23)');
    expect(out.text).toContain('1. Line one Line two — Acme');
  });

  it('writes Russian with the right plural forms', () => {
    const out = renderDigest(two, 'ru');
    expect(out.subject).toBe('2 сделки требуют внимания — Pipeline (2026-11-23)');
    expect(out.text).toContain('Этап: Proposal — 31 день (порог застоя — 21 день) — Застой');
    expect(out.text).toContain('Следующий шаг просрочен на 3 дня: Send contract (срок 2026-11-20)');
    expect(out.text).toContain('Ожидаемая дата закрытия прошла 5 дней назад (2026-11-18)');
    // 12 500 with a no-break space between the thousands.
    expect(out.text).toContain('Сумма: 12\u00A0500 USD');
    expect(out.text).toContain('«Дата следующего шага»');
    const five = Array.from({ length: 5 }, (_, i) => stale({ id: `D-${i}` }));
    expect(renderDigest({ ...two, deals: five }, 'ru').subject).toMatch(/^5 сделок требуют внимания/);
    expect(renderDigest({ ...two, deals: [full] }, 'ru').subject).toMatch(/^1 сделка требует внимания/);
  });

  it('writes Vietnamese with diacritics and dot-grouped amounts', () => {
    const out = renderDigest(two, 'vi');
    expect(out.subject).toBe('2 giao dịch cần chú ý — Pipeline (2026-11-23)');
    expect(out.text).toContain('Giai đoạn: Proposal — 31 ngày (ngưỡng tồn đọng: 21 ngày) — Không có tiến triển');
    expect(out.text).toContain('Bước tiếp theo quá hạn 3 ngày: Send contract (hạn 2026-11-20)');
    expect(out.text).toContain('Ngày chốt dự kiến 2026-11-18 đã trễ 5 ngày');
    expect(out.text).toContain('Giá trị: 12.500 USD');
    expect(out.html).toContain('Số ngày ở giai đoạn / ngưỡng');
  });
});

describe('Russian plurals and local amounts', () => {
  it('picks один / несколько / много by the last two digits', () => {
    const forms = (n: number) => pluralRu(n, 'сделка', 'сделки', 'сделок');
    // 1, 21, 101 → "one"; 2-4, 22 → "few"; 0, 5, 11-14, 111, 25 → "many".
    expect([1, 21, 101].map(forms)).toEqual(['сделка', 'сделка', 'сделка']);
    expect([2, 3, 4, 22].map(forms)).toEqual(['сделки', 'сделки', 'сделки', 'сделки']);
    expect([0, 5, 11, 12, 14, 111, 25].map(forms)).toEqual(Array(7).fill('сделок'));
  });

  it('groups thousands as each language writes them', () => {
    expect(formatAmountIn('en', 1234567.5)).toBe('1,234,567.5');
    expect(formatAmountIn('vi', 1234567.25)).toBe('1.234.567,25');
    expect(formatAmountIn('ru', 999)).toBe('999');
    expect(formatAmountIn('en', -1000)).toBe('-1,000');
  });
});

describe('renderManagerSummary', () => {
  const owners = digests(
    [
      stale({ id: 'a', name: 'A', owner: 'ann@example.com', amount: 1000 }, { daysInStage: 40 }),
      stale({ id: 'b', name: 'B', owner: 'ann@example.com', amount: 2500 }, { daysInStage: 25 }),
      stale({ id: 'c', name: 'C', owner: 'bob@example.com', amount: 700, currency: 'EUR' }, { daysInStage: 90 }),
      stale({ id: 'd', name: 'D', owner: 'bob@example.com', amount: null }, { daysInStage: null }),
      stale({ id: 'e', name: 'E', owner: '', amount: 300 }, { daysInStage: 15 }),
    ],
    asOf,
  );

  it('counts deals and sums amounts per owner and currency', () => {
    const out = renderManagerSummary(owners, 'en');
    // 5 deals over three owners ('' included, as "(no owner)").
    expect(out.subject).toBe('5 deals need attention across 3 owners — Pipeline (2026-11-23)');
    // ann: 1,000 + 2,500 = 3,500 USD; bob: 700 EUR (the blank amount adds nothing).
    expect(out.text).toContain('- ann@example.com: 2; 3,500 USD');
    expect(out.text).toContain('- bob@example.com: 2; 700 EUR');
    expect(out.text).toContain('- (no owner) (not an email address: no digest sent): 1; 300 USD');
  });

  it('adds "usd" and "USD" as one currency, as the report and the rates do', () => {
    const mixedCase = digests(
      [
        stale({ id: 'a', name: 'A', owner: 'ann@example.com', amount: 1000, currency: 'usd' }, { daysInStage: 40 }),
        stale({ id: 'b', name: 'B', owner: 'ann@example.com', amount: 2500, currency: ' USD' }, { daysInStage: 25 }),
      ],
      asOf,
    );
    // By hand: 1,000 + 2,500 = 3,500 USD, one figure, not "1,000 usd; 2,500 USD".
    expect(renderManagerSummary(mixedCase, 'en').text).toContain('- ann@example.com: 2; 3,500 USD');
  });

  it('lists the deals longest in stage first, unknown days last', () => {
    const out = renderManagerSummary(owners, 'en');
    const order = [...out.text.matchAll(/^\d+\. (\w) /gm)].map((m) => m[1]);
    // 90 (C), 40 (A), 25 (B), 15 (E), then D with no date.
    expect(order).toEqual(['C', 'A', 'B', 'E', 'D']);
  });

  it('keeps only the top ten', () => {
    const many = Array.from({ length: 14 }, (_, i) => stale({ id: `x${i}`, row: i + 2 }, { daysInStage: i }));
    // 14 deals with 0..13 days: the ten kept are 13 down to 4.
    expect(worstDeals(many, 10).map((s) => s.daysInStage)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    const html = renderManagerSummary(digests(many, asOf), 'ru').html;
    expect(html).toContain('Дольше всех на этапе (топ-10)');
    expect(renderManagerSummary(digests(many, asOf), 'ru').subject).toBe(
      '14 сделок требуют внимания у 1 ответственного — Pipeline (2026-11-23)',
    );
  });

  it('says so when nothing is stale', () => {
    expect(renderManagerSummary([], 'vi').text).toContain('Hôm nay không có giao dịch nào cần chú ý.');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('the size budget', () => {
  const bytes = (r: { text: string; html: string }) => utf8Length(r.text) + utf8Length(r.html);
  /** `count` stale deals of one owner, deal i in its stage for i days, each with a long Russian name. */
  const many = (count: number, owner = 'ann@example.com') =>
    Array.from({ length: count }, (_, i) =>
      stale(
        {
          id: `R${i}`,
          row: i + 2,
          owner,
          name: `Продление договора ${i} — ООО «Северный ветер»`,
          account: 'ООО «Северный ветер»',
          amount: 1000 + i,
        },
        { daysInStage: i },
      ),
    );

  it('counts UTF-8 bytes: 1 for ASCII, 2 for Cyrillic, 3 for "…", 4 for an emoji', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('д')).toBe(2);
    expect(utf8Length('…')).toBe(3);
    expect(utf8Length('🚀')).toBe(4);
  });

  it('sends everything when it fits, with no "more" line', () => {
    const out = renderDigest(digests(many(3), asOf)[0], 'en', { sheetLink: 'https://example.com/sheet' });
    expect(out.text).not.toContain('more');
    expect(out.html).not.toContain('example.com/sheet');
  });

  it('keeps a 600-deal Russian digest within the budget: the longest in stage first, then "and N more" with the sheet link', () => {
    const out = renderDigest(digests(many(600), asOf)[0], 'ru', { sheetLink: 'https://example.com/sheet' });
    expect(bytes(out)).toBeLessThanOrEqual(DIGEST_BODY_BUDGET_BYTES);
    expect(out.subject).toContain('600 сделок');
    const listed = (out.html.match(/<tr><td/g) ?? []).length;
    const more = Number(/…и ещё (\d+) сдел/.exec(out.text)?.[1]);
    // Every deal is either listed or counted: 600 in all.
    expect(listed + more).toBe(600);
    expect(listed).toBeGreaterThan(20);
    // Deal i sat i days, so the list starts at 599 days and goes down.
    expect(out.text).toMatch(/^1\. Продление договора 599 /m);
    expect(out.html).toContain('<a href="https://example.com/sheet"');
    expect(out.text).toContain('Все сделки — на листе Deals: https://example.com/sheet');
  });

  it('takes a smaller budget when asked, and the manager summary keeps to it by cutting the owners list', () => {
    const small = renderDigest(digests(many(100), asOf)[0], 'en', { maxBodyBytes: 20_000 });
    expect(bytes(small)).toBeLessThanOrEqual(20_000);
    const team = Array.from({ length: 400 }, (_, o) => many(2, `owner${o}@example.com`)).flat();
    const summary = renderManagerSummary(digests(team, asOf), 'en', { maxBodyBytes: 30_000 });
    expect(bytes(summary)).toBeLessThanOrEqual(30_000);
    const shown = (summary.text.match(/^- owner\d+@example\.com: 2;/gm) ?? []).length;
    expect(shown + Number(/…and (\d+) more owners/.exec(summary.text)?.[1])).toBe(400);
  });
});
