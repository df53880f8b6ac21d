import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, crc32Portable, crc32Update } from '../../../src/protocol/crc32.js';

describe('crc32 (IEEE, legacy messages)', () => {
  it('matches the known answer for "123456789"', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    assert.equal(crc32Portable(new TextEncoder().encode('123456789')), 0xcbf43926);
  });

  it('native (when present) and portable implementations agree on ranges', () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    for (const [s, e] of [
      [0, 0],
      [0, 1],
      [3, 200],
      [0, 300],
      [299, 300],
    ] as const) {
      assert.equal(crc32(data, s, e), crc32Portable(data, s, e), `${s}..${e}`);
    }
  });

  it('continues incrementally', () => {
    const data = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    assert.equal(crc32(data), 0x414fa339);
    assert.equal(crc32Update(crc32(data, 0, 10), data, 10), 0x414fa339);
  });
});
