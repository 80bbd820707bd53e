import { describe, expect, it } from 'vitest';
import { crc32, crc32Js } from '../../src/workbook/crc32';

describe('crc32', () => {
  it('gives the standard check value 0xCBF43926 for "123456789", natively and in the fallback', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32Js(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes)).toBe(0xcbf43926);
  });

  it('continues from a previous value the same way in both', () => {
    const a = new TextEncoder().encode('Pipeline ');
    const b = new TextEncoder().encode('Sheets ✓');
    expect(crc32Js(b, crc32Js(a))).toBe(crc32(b, crc32(a)));
    expect(crc32Js(b, crc32Js(a))).toBe(crc32Js(new Uint8Array([...a, ...b])));
  });
});
