/**
 * One export per CRM (test/fixtures/crm), shaped like that product's documented
 * export (its headers, default stage names, date and number formats), with invented
 * rows. Each is run through the command line as a user would (`report --json`,
 * `check`), with auto-detection alone, and every figure below was worked out by hand
 * from the rows, as each comment says. As of 2026-11-23.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'crm', name);

interface Figures {
  readonly file: string;
  readonly crm: string;
  readonly won: number;
  readonly lost: number;
  readonly openAmount: number;
  readonly byMonth: readonly [string, number, number, number][];
  readonly cycleMean: number;
  readonly cycleMedian: number;
}

const CASES: readonly Figures[] = [
  {
    file: 'salesforce-opportunities.csv',
    crm: 'salesforce',
    // Won: 4 "Closed Won" + "Contract Signed" (IsWon true); lost: 2 "Closed Lost" + "Disqualified" (IsClosed true, IsWon false).
    won: 5,
    lost: 3,
    // Open: 10k + 20k + 25k + 30k + 40k + 20k + 50k + 10k.
    openAmount: 205000,
    // Amount × the deal's Probability: Dec 10k×10% + 20k×10% + 20k×75%; Jan 25k×20% + 30k×50% + 10k×70%; Feb 40k×60% + 50k×90%.
    byMonth: [
      ['2026-12', 3, 50000, 18000],
      ['2027-01', 3, 65000, 27000],
      ['2027-02', 2, 90000, 69000],
    ],
    // CreatedDate → CloseDate of the won: 40 (May 1 → Jun 10), 49, 30, 60, 10: mean 189/5, median 40.
    cycleMean: 37.8,
    cycleMedian: 40,
  },
  {
    file: 'salesforce-report.csv',
    crm: 'salesforce',
    // A report export: labels ("Opportunity Name", "Stage", "Close Date", "Opportunity Owner"), US dates, "USD 12,000.00".
    // 4 Closed Won, 2 Closed Lost.
    won: 4,
    lost: 2,
    // Open: 8k + 12k + 15k + 20k + 30k + 40k + 10k + 5k + 2k.
    openAmount: 142000,
    // Probability (%): Nov 2k×10%; Dec 8k×10% + 15k×20% + 40k×75%; Jan 12k×10% + 20k×50% + 10k×90%; Feb 30k×60%; Mar 5k×70%.
    byMonth: [
      ['2026-11', 1, 2000, 200],
      ['2026-12', 3, 63000, 33800],
      ['2027-01', 3, 42000, 20200],
      ['2027-02', 1, 30000, 18000],
      ['2027-03', 1, 5000, 3500],
    ],
    // Created Date → Close Date (M/D/YYYY) of the won: 39 (1/12 → 2/20), 21, 49, 7: mean 116/4, median (21+39)/2.
    cycleMean: 29,
    cycleMedian: 30,
  },
  {
    file: 'hubspot-deals.csv',
    crm: 'hubspot',
    // 4 Closed Won, 3 Closed Lost.
    won: 4,
    lost: 3,
    // Open: 10k + 15k + 20k + 25k + 30k + 5k + 10k + 40k.
    openAmount: 155000,
    // Stage probabilities (20/40/60/80/90%): Dec 10k×.2 + 15k×.4 + 30k×.9; Jan 20k×.6 + 25k×.8; Feb 5k×.2 + 40k×.9; no date 10k×.4.
    byMonth: [
      ['2026-12', 3, 55000, 35000],
      ['2027-01', 2, 45000, 32000],
      ['2027-02', 2, 45000, 37000],
      ['(no date)', 1, 10000, 4000],
    ],
    // Create Date → Close Date (MM-DD-YYYY) of the won: 42 (03-02 → 04-13), 21, 70, 14: mean 147/4, median (21+42)/2.
    cycleMean: 36.75,
    cycleMedian: 31.5,
  },
  {
    file: 'pipedrive-deals.csv',
    crm: 'pipedrive',
    // Status: 6 won, 4 lost (their stages stay open ones such as "Negotiations Started").
    won: 6,
    lost: 4,
    // Status open: 10k + 5k + 20k + 15k + 25k + 8k.
    openAmount: 83000,
    // Stage probabilities (10/20/40/60/80%): Dec 10k×.1 + 5k×.2 + 15k×.6; Jan 20k×.4 + 25k×.8; Mar 8k×.6.
    byMonth: [
      ['2026-12', 3, 30000, 11000],
      ['2027-01', 2, 45000, 28000],
      ['2027-03', 1, 8000, 4800],
    ],
    // Deal created → Won time: 30, 20, 70, 25, 40, 15: mean 200/6, median (25+30)/2.
    cycleMean: 200 / 6,
    cycleMedian: 27.5,
  },
  {
    file: 'zoho-deals.csv',
    crm: 'zoho',
    // 4 Closed Won; Closed Lost ×2 and Closed Lost to Competition.
    won: 4,
    lost: 3,
    // Open: 20k + 15k + 10k + 25k + 40k + 50k + 20k + 5k.
    openAmount: 185000,
    // Probability (%): Nov 5k×10%; Dec 20k×10% + 15k×20% + 50k×90%; Jan 10k×40% + 25k×60%; Feb 40k×75% + 20k×50%.
    byMonth: [
      ['2026-11', 1, 5000, 500],
      ['2026-12', 3, 85000, 50000],
      ['2027-01', 2, 35000, 19000],
      ['2027-02', 2, 60000, 40000],
    ],
    // Created Time → Closing Date ("16 Jun, 2026") of the won: 15, 20, 35, 10: mean 80/4, median (15+20)/2.
    cycleMean: 20,
    cycleMedian: 17.5,
  },
  {
    file: 'dynamics-opportunities.csv',
    crm: 'dynamics',
    // Status Reason: 6 Won; Canceled ×2 and Out-Sold.
    won: 6,
    lost: 3,
    // In Progress / On Hold: 20k + 30k + 40k + 60k + 25k + 10k.
    openAmount: 185000,
    // Probability: Dec 20k×20% + 40k×60% + 60k×80%; Jan 30k×40% + 10k×70%; Feb 25k×10%.
    byMonth: [
      ['2026-12', 3, 120000, 76000],
      ['2027-01', 2, 40000, 19000],
      ['2027-02', 1, 25000, 2500],
    ],
    // Created On (5/20/2026 7:42 AM style) → Actual Close Date: 70, 25, 60, 20, 60, 30: mean 265/6, median (30+60)/2.
    cycleMean: 265 / 6,
    cycleMedian: 45,
  },
  {
    file: 'odoo-crm-leads.csv',
    crm: 'odoo',
    // Stage Won ×5; Active False with a Lost Reason ×3.
    won: 5,
    lost: 3,
    // Active open: 10k + 20k + 15k + 25k + 6k + 8k + 4k.
    openAmount: 88000,
    // Probability: Dec 10k×10% + 20k×30% + 8k×25%; Jan 15k×60% + 25k×80%; Feb 4k×10%; no date 6k×5%.
    byMonth: [
      ['2026-12', 3, 38000, 9000],
      ['2027-01', 2, 40000, 29000],
      ['2027-02', 1, 4000, 400],
      ['(no date)', 1, 6000, 300],
    ],
    // Created on → Closed Date: 30, 30, 10, 50, 20: mean 140/5, median 30.
    cycleMean: 28,
    cycleMedian: 30,
  },
];

describe('each CRM export gives its hand-worked figures with auto-detection alone', () => {
  for (const c of CASES) {
    it(`${c.crm}: ${c.file}`, async () => {
      const result = await cli(['report', fixture(c.file), '--json', '--as-of', '2026-11-23']);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.out);
      expect(report.source).toMatchObject({ id: c.crm, how: 'detected' });
      expect(report.leftOut.deals).toBe(0);
      expect(report.errors).toBe(0);
      expect(report.winRate).toMatchObject({ won: c.won, lost: c.lost });
      expect(report.winRate.rate).toBeCloseTo(c.won / (c.won + c.lost), 10);
      const months = report.forecastByMonth.map((r: { key: string; deals: number; amount: number; weighted: number }) => [
        r.key,
        r.deals,
        r.amount,
        r.weighted,
      ]);
      expect(months).toEqual(c.byMonth.map(([k, d, a, w]) => [k, d, expect.closeTo(a, 6), expect.closeTo(w, 6)]));
      expect(months.reduce((sum: number, m: number[]) => sum + m[2], 0)).toBeCloseTo(c.openAmount, 6);
      expect(report.cycle.meanDays).toBeCloseTo(c.cycleMean, 6);
      expect(report.cycle.medianDays).toBeCloseTo(c.cycleMedian, 6);
    });
  }

  it('names the recognised CRM in one line, and check finds no error', async () => {
    for (const c of CASES) {
      const result = await cli(['check', fixture(c.file)]);
      expect(result.out.split('\n').filter((line) => /^Recognised an? /.test(line))).toHaveLength(1);
      expect(result.out).toMatch(/\n0 errors, /);
    }
  });

  it(
    'with another stage set, IsWon/IsClosed still close deals into its Won ' +
      'and Lost, and the open deals it lacks are said to be left out',
    async () => {
      const result = await cli(['report', fixture('salesforce-opportunities.csv'), '--json', '--as-of', '2026-11-23', '--stages', 'b2b']);
      const report = JSON.parse(result.out);
      // b2b has Won and Lost but none of Salesforce's open stages: the 8 open deals (205,000) are left out, and said so.
      expect(report.winRate).toMatchObject({ won: 5, lost: 3 });
      expect(report.leftOut).toMatchObject({ deals: 8, amount: 205000 });
      expect(
        (await cli(['report', fixture('salesforce-opportunities.csv'), '--as-of', '2026-11-23', '--stages', 'b2b', '--strict'])).code,
      ).toBe(1);
    },
  );

  it('gives the same figures when the CRM is named with --from', async () => {
    const named = JSON.parse(
      (await cli(['report', fixture('dynamics-opportunities.csv'), '--json', '--as-of', '2026-11-23', '--from', 'Dynamics 365'])).out,
    );
    expect(named.source).toMatchObject({ id: 'dynamics', how: 'named' });
    expect(named.cycle.medianDays).toBe(45);
    // --from none: a plain sheet, so Pipeline Phase is no stage column and the deals have no stage.
    const none = JSON.parse(
      (await cli(['report', fixture('dynamics-opportunities.csv'), '--json', '--as-of', '2026-11-23', '--from', 'none'])).out,
    );
    expect(none.source).toBeNull();
    const unknown = await cli(['report', fixture('dynamics-opportunities.csv'), '--from', 'sugarcrm']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('salesforce, hubspot, pipedrive, zoho, dynamics, odoo');
  });
});
