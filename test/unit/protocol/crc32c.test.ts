import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32c, crc32cUpdate } from '../../../src/protocol/crc32c.js';
import { referenceCrc32c } from './reference-crc.js';

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('crc32c', () => {
  it('matches the known answer for "123456789"', () => {
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  });

  it('matches RFC 3720 (iSCSI) test vectors', () => {
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
    assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
  });

  it('is 0 for no data', () => {
    assert.equal(crc32c(new Uint8Array(0)), 0);
  });

  it('agrees with the bitwise reference across lengths (every path) and alignments', () => {
    const data = pseudoRandom(70_100, 7);
    for (let start = 0; start < 9; start++) {
      // Byte path below 256, words from 256, three parts from 768 (and the tail after them).
      for (const len of [
        0, 1, 7, 8, 9, 15, 16, 17, 40, 255, 256, 257, 300, 767, 768, 769, 775, 791, 792, 1000, 4099, 70_001,
      ]) {
        assert.equal(
          crc32c(data, start, start + len),
          referenceCrc32c(data.subarray(start, start + len)),
          `start ${start} len ${len}`,
        );
      }
    }
  });

  it('continues incrementally across arbitrary splits', () => {
    const data = pseudoRandom(1000, 3);
    const whole = crc32c(data);
    for (const cut of [0, 1, 7, 8, 9, 500, 999, 1000]) {
      assert.equal(crc32cUpdate(crc32cUpdate(0, data, 0, cut), data, cut), whole, `cut ${cut}`);
    }
  });
});
