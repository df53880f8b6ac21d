import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  lz4CompressBlockInto,
  lz4CompressBound,
  lz4DecodeBlock,
  lz4FastTable,
} from '../../../../src/protocol/compression/lz4-block.js';
import { seeded } from '../../../support/seeded-random.js';
import { words } from './fixtures.js';
import { referenceLz4CompressBlock } from './reference-lz4.js';

function bytes(size: number, next: () => number, alphabet: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = Math.floor(next() * alphabet);
  return b;
}

/** Both compressors on `src[start, end)`, each into a fresh output with the bound's room. */
function both(src: Uint8Array, start: number, end: number): { fast: Buffer; reference: Buffer } {
  const room = lz4CompressBound(end - start) + 8;
  const fast = Buffer.alloc(3 + room);
  const reference = Buffer.alloc(3 + room);
  const fastEnd = lz4CompressBlockInto(src, start, end, fast, 3);
  const referenceEnd = referenceLz4CompressBlock(src, start, end, reference, 3);
  return { fast: fast.subarray(3, fastEnd), reference: reference.subarray(3, referenceEnd) };
}

function assertSameAsReference(src: Uint8Array, start: number, end: number, what: string): void {
  const { fast, reference } = both(src, start, end);
  assert.ok(
    fast.equals(reference),
    `${what}: ${fast.length} bytes against the reference's ${reference.length}`,
  );
  const out = Buffer.alloc(end - start);
  assert.equal(lz4DecodeBlock(fast, 0, fast.length, out, 0, out.length, 0), end - start, what);
  assert.ok(out.equals(src.subarray(start, end)), `${what}: round trip`);
}

describe('lz4 fast block compressor', () => {
  it('writes the same bytes as the plain greedy compressor, for every kind and size of input', () => {
    const next = seeded(7);
    const sizes = [0, 1, 12, 13, 14, 17, 20, 31, 64, 100, 255, 1000, 1024, 4096, 16_384, 40_000, 65_536];
    for (const size of sizes) {
      assertSameAsReference(words(size, next), 0, size, `words ${size}`);
      assertSameAsReference(bytes(size, next, 4), 0, size, `4 symbols ${size}`);
      assertSameAsReference(bytes(size, next, 256), 0, size, `random ${size}`);
      assertSameAsReference(Buffer.alloc(size, 0x61), 0, size, `one byte repeated ${size}`);
    }
  });

  it('matches the reference on long runs, matches ending at every alignment, and blocks inside a buffer', () => {
    const next = seeded(11);
    // A phrase repeated with one byte changed every `gap` bytes: a match ends at every offset
    // modulo 4 and the four-byte extension must stop at the right byte.
    for (let gap = 5; gap < 40; gap++) {
      const b = Buffer.from('partition offset record broker '.repeat(200));
      const high = Buffer.from(b);
      for (let i = gap; i < b.length; i += gap + Math.floor(next() * 3)) {
        b[i] = 0x30 + (i % 10);
        high[i] = (high[i] as number) ^ 0x80; // differs in its top bit only
      }
      assertSameAsReference(b, 0, b.length, `gap ${gap}`);
      assertSameAsReference(high, 0, high.length, `gap ${gap}, top bit`);
    }
    const big = words(200_000, next);
    for (const [start, end] of [
      [1, 65_537],
      [3, 20_003],
      [70_001, 135_537],
      [199_000, 200_000],
    ] as const) {
      assertSameAsReference(big, start, end, `[${start}, ${end})`);
    }
  });

  it('never matches what an earlier block left in the shared table', () => {
    // The second block is the first one's bytes: a match into the first would be found by a
    // table that kept old positions; the reference starts every block empty.
    const next = seeded(3);
    const b = Buffer.concat([words(5000, next), Buffer.alloc(0)]);
    const twice = Buffer.concat([b, b]);
    assertSameAsReference(twice, 0, 5000, 'first');
    assertSameAsReference(twice, 5000, 10_000, 'second, same bytes');
    assertSameAsReference(b, 0, 5000, 'same buffer again');
  });

  it('clears the table and starts its marks again before they overflow int32', () => {
    const next = seeded(5);
    const input = words(30_000, next);
    // The limit leaves room for two 64 KiB blocks below 2^31: 10,000 below it, this block runs
    // its marks past the limit (still int32), and the next one must start them again.
    const nearLimit = 0x7fffffff - 2 * 65_536 - 10_000;
    lz4FastTable.nextLow = nearLimit;
    assertSameAsReference(input, 0, 30_000, 'near the limit');
    assert.equal(lz4FastTable.nextLow, nearLimit + 30_000, 'marks still growing');
    assertSameAsReference(input, 0, 30_000, 'past the limit');
    assert.equal(lz4FastTable.nextLow, 1 + 30_000, 'marks started again from 1');
    assertSameAsReference(input, 0, 30_000, 'after the restart');
  });

  it('refuses a block larger than 64 KiB', () => {
    const src = Buffer.alloc(70_000);
    assert.throws(
      () => lz4CompressBlockInto(src, 0, 65_537, Buffer.alloc(lz4CompressBound(70_000) + 8), 0),
      RangeError,
    );
  });
});
