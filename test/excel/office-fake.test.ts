// The Office fake refuses what Office.js refuses (test/fakes/office/excel.ts names the
// Microsoft page for each rule): a values/formulas/numberFormat array of the wrong
// shape (InvalidArgument at sync, not at assignment), a request or response over Excel
// on the web's 5 MB, and onChanged args whose source/triggerSource are Excel's.
import { describe, expect, it } from 'vitest';
import { FakeExcel, type OfficeError, payloadBytes } from '../fakes/office/excel';

async function failure(run: Promise<unknown>): Promise<OfficeError> {
  try {
    await run;
  } catch (error) {
    return error as OfficeError;
  }
  throw new Error('expected the sync to be refused');
}

describe('a write whose array does not match the range', () => {
  // The writes queued before it stand; those queued after it are dropped.
  it('is accepted at assignment and refused with InvalidArgument at sync; earlier writes stand, later ones drop', async () => {
    const fake = new FakeExcel({ Deals: [['a', 'b', 'c']] });
    let assigned = false;
    const error = await failure(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('Deals');
        sheet.getRangeByIndexes(1, 0, 1, 3).values = [['x', 'y', 'z']];
        // Two cells of data for a 3-wide range: Office.js queues it; Excel refuses it when the batch runs.
        sheet.getRangeByIndexes(2, 0, 1, 3).values = [['p', 'q']];
        assigned = true;
        sheet.getRangeByIndexes(3, 0, 1, 1).values = [['never']];
        await context.sync();
      }),
    );
    expect(assigned).toBe(true);
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain("doesn't match the size or dimensions of the range (1×2 for a 1×3 range)");
    expect(fake.sheets.get('Deals')).toEqual([
      ['a', 'b', 'c'],
      ['x', 'y', 'z'],
    ]);
  });

  it('is refused for formulas and numberFormat too, for too many rows, for a ragged row and for a bare value', async () => {
    const cases: [string, unknown][] = [
      ['formulas', [['=1'], ['=2']]],
      ['numberFormat', [['0%', '0%']]],
      ['values', [['a', 'b'], ['c']]],
      ['values', 'flat'],
    ];
    for (const [prop, data] of cases) {
      const fake = new FakeExcel({ S: [] });
      const error = await failure(
        fake.run(async (context) => {
          const range = context.workbook.worksheets
            .getItem('S')
            .getRangeByIndexes(0, 0, prop === 'values' && Array.isArray(data) ? 2 : 1, prop === 'numberFormat' ? 1 : 2);
          (range as unknown as Record<string, unknown>)[prop] = data;
          await context.sync();
        }),
      );
      expect(error.code, `${prop} ${JSON.stringify(data)}`).toBe('InvalidArgument');
    }
  });

  it('takes null as "leave this cell" inside an array of the right shape', async () => {
    const fake = new FakeExcel({ S: [['a', 'b']] });
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('S').getRangeByIndexes(0, 0, 1, 2).values = [[null, 'B']] as unknown as string[][];
      await context.sync();
    });
    expect(fake.sheets.get('S')).toEqual([['a', 'B']]);
  });
});

describe("Excel on the web's 5 MB payload limit", () => {
  // A row ["x…x"] of 1,000 ASCII characters is 1,004 bytes of JSON (2 quotes, 2 brackets);
  // 5,000 rows make 5,000 × 1,004 + 4,999 commas + 2 brackets = 5,025,001 bytes.
  const big = Array.from({ length: 5000 }, () => ['x'.repeat(1000)]);

  it('measures a payload as UTF-8 JSON', () => {
    expect(payloadBytes(big)).toBe(5_025_001);
    // "Я" is 2 bytes in UTF-8, plus 2 quotes.
    expect(payloadBytes('Я')).toBe(4);
  });

  it('refuses a write batch over 5 MB whole, with RequestPayloadSizeLimitExceeded', async () => {
    const fake = new FakeExcel({ S: [] });
    const error = await failure(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('S');
        sheet.getRangeByIndexes(0, 1, 1, 1).values = [['small']];
        sheet.getRangeByIndexes(0, 0, 5000, 1).values = big;
        await context.sync();
      }),
    );
    expect(error.code).toBe('RequestPayloadSizeLimitExceeded');
    // Nothing of the batch reached the workbook, not even the small write queued first.
    expect(fake.sheets.get('S')).toEqual([]);
    // A refused request is not counted as carried.
    expect(fake.largestPayload.request).toBe(0);
  });

  it('takes the same batch split in two syncs, and takes it whole in desktop Excel', async () => {
    const split = new FakeExcel({ S: [] });
    await split.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('S');
      sheet.getRangeByIndexes(0, 0, 2500, 1).values = big.slice(0, 2500);
      await context.sync();
      sheet.getRangeByIndexes(2500, 0, 2500, 1).values = big.slice(2500);
      await context.sync();
    });
    expect(split.sheets.get('S')).toHaveLength(5000);
    const desktop = new FakeExcel({ S: [] });
    desktop.platform = 'desktop';
    await desktop.run(async (context) => {
      context.workbook.worksheets.getItem('S').getRangeByIndexes(0, 0, 5000, 1).values = big;
      await context.sync();
    });
    expect(desktop.sheets.get('S')).toHaveLength(5000);
  });

  it('refuses to hand back more than 5 MB of loaded values, with ResponsePayloadSizeLimitExceeded', async () => {
    const fake = new FakeExcel({ S: big.map((row) => [...row]) });
    const error = await failure(
      fake.run(async (context) => {
        const range = context.workbook.worksheets.getItem('S').getUsedRange(true);
        range.load('values');
        await context.sync();
      }),
    );
    expect(error.code).toBe('ResponsePayloadSizeLimitExceeded');
    // Loading only the address of the same range is a small response.
    const ok = new FakeExcel({ S: big.map((row) => [...row]) });
    await ok.run(async (context) => {
      const range = context.workbook.worksheets.getItem('S').getUsedRange(true);
      range.load('rowIndex, columnIndex');
      await context.sync();
    });
    expect(ok.largestPayload.response).toBeLessThan(100);
  });
});

describe('onChanged event args', () => {
  it("mark the user's own edit source Local, triggerSource Unknown; a co-author's source Remote", () => {
    const fake = new FakeExcel({ Deals: [['Stage'], ['Lead']] });
    const mine = fake.edit('Deals', 1, 0, [['Qualified']]);
    expect([mine.source, mine.triggerSource]).toEqual(['Local', 'Unknown']);
    const theirs = fake.edit('Deals', 1, 0, [['Contacted']], { remote: true });
    expect([theirs.source, theirs.triggerSource]).toEqual(['Remote', 'Unknown']);
  });

  it("mark an event for the add-in's own write triggerSource ThisLocalAddin, or leave it out for a pre-1.14 Excel", async () => {
    const fake = new FakeExcel({ Deals: [['Stage'], ['Lead']] });
    fake.handlers.push(() => undefined);
    fake.handlerSheets.push('Deals');
    fake.echoOwnWrites = true;
    const write = (value: string) =>
      fake.run(async (context) => {
        context.workbook.worksheets.getItem('Deals').getRangeByIndexes(1, 0, 1, 1).values = [[value]];
        await context.sync();
      });
    await write('Qualified');
    expect(fake.pendingEvents.at(-1)).toMatchObject({ source: 'Local', triggerSource: 'ThisLocalAddin', address: 'A2' });
    fake.echoTriggerSource = undefined;
    await write('Contacted');
    expect('triggerSource' in fake.pendingEvents.at(-1)!).toBe(false);
  });
});
