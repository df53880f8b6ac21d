import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32c, crc32cUpdate, crc32cUpdateTypescript } from '../../../src/protocol/crc32c.js';
import { newCrc32cBraids } from '../../../src/protocol/crc32c-wasm.js';
import { runJitless } from '../../support/jitless.js';
import { seeded } from '../../support/seeded-random.js';
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
      // TypeScript: byte path below 256, words from 256, three parts from 768 (and the tail
      // after them). WebAssembly from 192 bytes, blocks of 32 and a tail.
      for (const len of [
        0, 1, 7, 8, 9, 15, 16, 17, 40, 191, 192, 193, 255, 256, 257, 300, 767, 768, 769, 775, 791, 792, 1000,
        4099, 70_001,
      ]) {
        const expected = referenceCrc32c(data.subarray(start, start + len));
        assert.equal(crc32c(data, start, start + len), expected, `start ${start} len ${len}`);
        assert.equal(
          crc32cUpdateTypescript(0, data, start, start + len),
          expected,
          `ts start ${start} len ${len}`,
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

describe('crc32c in WebAssembly', () => {
  /** `n` random bytes at byte offset `offset` of their buffer. */
  function randomAt(n: number, offset: number, next: () => number): Uint8Array {
    const bytes = new Uint8Array(n + offset);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
    return bytes.subarray(offset);
  }

  it('is made on this Node (WebAssembly is not off): long inputs go through it', () => {
    assert.ok(newCrc32cBraids(new Int32Array(2048)), 'no WebAssembly');
  });

  it('agrees with the TypeScript loop on random inputs of many lengths and alignments', () => {
    const next = seeded(41);
    const lengths: number[] = [];
    // Around the threshold (192) and the 32-byte block, every length.
    for (let n = 150; n <= 400; n++) lengths.push(n);
    for (let k = 0; k < 60; k++) lengths.push(400 + Math.floor(next() * 40_000));
    for (const n of lengths) {
      const offset = n % 8;
      const data = randomAt(n, offset, next);
      assert.equal(crc32c(data), crc32cUpdateTypescript(0, data), `${n} bytes at offset ${offset}`);
    }
  });

  it('agrees across the 64 KiB chunks the input is copied in by, from every byte offset', () => {
    const next = seeded(43);
    const chunk = 65_536;
    const big = randomAt(3 * chunk + 100, 0, next);
    for (const n of [
      chunk - 32,
      chunk - 1,
      chunk,
      chunk + 1,
      chunk + 31,
      chunk + 32,
      chunk + 33,
      2 * chunk,
      3 * chunk + 17,
    ]) {
      for (let offset = 0; offset < 8; offset++) {
        const data = big.subarray(offset, offset + n);
        assert.equal(crc32c(data), crc32cUpdateTypescript(0, data), `${n} bytes at offset ${offset}`);
        // The same bytes as `start`/`end` of the whole buffer.
        assert.equal(crc32c(big, offset, offset + n), crc32cUpdateTypescript(0, data));
      }
    }
    assert.equal(crc32c(big), referenceCrc32c(big));
  });

  it('continues from a nonzero CRC as the TypeScript loop does, and across splits', () => {
    const next = seeded(47);
    const data = randomAt(200_000, 3, next);
    for (const crc of [1, 0xffffffff, 0x80000000, 0xe3069283, Math.floor(next() * 2 ** 32)]) {
      for (const [start, end] of [
        [0, 192],
        [5, 1000],
        [1, 70_000],
        [7, 200_000],
      ] as const) {
        assert.equal(
          crc32cUpdate(crc, data, start, end),
          crc32cUpdateTypescript(crc, data, start, end),
          `${crc} ${start} ${end}`,
        );
      }
    }
    const whole = crc32c(data);
    for (const cut of [192, 193, 65_536, 100_001]) {
      assert.equal(crc32cUpdate(crc32cUpdate(0, data, 0, cut), data, cut), whole, `cut ${cut}`);
    }
  });

  it('falls back to the TypeScript loop where WebAssembly is off (node --jitless)', () => {
    const src = join(import.meta.dirname, '..', '..', '..', 'src', 'protocol');
    const result = runJitless([
      `import { crc32c } from ${JSON.stringify(join(src, 'crc32c.ts'))};`,
      `import { newCrc32cBraids } from ${JSON.stringify(join(src, 'crc32c-wasm.ts'))};`,
      "const input = Buffer.from('partition offset record '.repeat(10_000));",
      'console.log(JSON.stringify({ wasm: newCrc32cBraids(new Int32Array(2048)) !== undefined, crc: crc32c(input) }));',
    ]);
    const input = Buffer.from('partition offset record '.repeat(10_000));
    assert.deepEqual(result, { wasm: false, crc: referenceCrc32c(input) });
  });
});
