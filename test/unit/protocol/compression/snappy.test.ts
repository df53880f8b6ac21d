import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CompressionError } from '../../../../src/protocol/compression/compression-error.js';
import {
  isXerialFramed,
  snappyCodec,
  snappyCompressXerial,
} from '../../../../src/protocol/compression/snappy.js';
import {
  snappyCompressBlock,
  snappyDecompressBlock,
} from '../../../../src/protocol/compression/snappy-block.js';

const XERIAL_HEADER = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1];

describe('snappy', () => {
  it('decodes a hand-built raw block (literal, 1-byte-offset copy, overlapping 2-byte-offset copy)', () => {
    // "abcd" literal, copy len 4 offset 4 -> "abcd", copy len 6 offset 2 -> "cdcdcd"
    const block = Uint8Array.from([14, 3 << 2, 0x61, 0x62, 0x63, 0x64, 0x01, 0x04, 2 | (5 << 2), 0x02, 0x00]);
    assert.equal(Buffer.from(snappyDecompressBlock(block, 100)).toString(), 'abcdabcdcdcdcd');
  });

  it('writes the xerial framing Java SnappyOutputStream writes, with 32 KiB blocks', () => {
    const input = Buffer.from('x'.repeat(70_000));
    const framed = snappyCompressXerial(input);
    assert.deepEqual([...framed.subarray(0, 16)], XERIAL_HEADER);
    // three blocks: 32768 + 32768 + 4464 bytes, each a big-endian length then a raw block
    let p = 16;
    const lengths: number[] = [];
    while (p < framed.length) {
      const len = Buffer.from(framed).readUInt32BE(p);
      lengths.push(snappyDecompressBlock(framed.subarray(p + 4, p + 4 + len), 1e6).length);
      p += 4 + len;
    }
    assert.deepEqual(lengths, [32768, 32768, 4464]);
  });

  it('reads both the xerial framing and a bare raw block (what librdkafka writes)', () => {
    const input = Buffer.from('hello snappy '.repeat(100));
    const raw = snappyCompressBlock(input);
    assert.equal(isXerialFramed(raw), false);
    assert.deepEqual(Buffer.from(snappyCodec.decompress(raw)), input);
    assert.deepEqual(Buffer.from(snappyCodec.decompress(snappyCodec.compress(input))), input);
  });

  it('round-trips empty, tiny, random, repetitive and long inputs', () => {
    for (const input of [
      Buffer.alloc(0),
      Buffer.from('a'),
      randomBytes(100_000),
      Buffer.alloc(200_000, 1),
      Buffer.concat([randomBytes(5000), Buffer.alloc(70_000, 3), randomBytes(100)]),
    ]) {
      assert.deepEqual(Buffer.from(snappyCodec.decompress(snappyCodec.compress(input))), input);
      assert.deepEqual(Buffer.from(snappyDecompressBlock(snappyCompressBlock(input), 1e6)), input);
    }
  });

  it('refuses a declared length above the bound, and an impossible one, before allocating', () => {
    const big = snappyCompressBlock(Buffer.alloc(100_000));
    assert.throws(
      () => snappyCodec.decompress(big, 50_000),
      (e: unknown) => e instanceof CompressionError && e.reason === 'too-large',
    );
    // preamble claims 2^32-1 bytes from a 6-byte input
    assert.throws(
      () => snappyCodec.decompress(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0]), 2 ** 32),
      /impossible/,
    );
    const framed = snappyCompressXerial(Buffer.alloc(100_000));
    assert.throws(
      () => snappyCodec.decompress(framed, 50_000),
      (e: unknown) => e instanceof CompressionError && e.reason === 'too-large',
    );
  });

  it('rejects copies before the start, overruns and truncation', () => {
    assert.throws(() => snappyDecompressBlock(Uint8Array.from([4, 0x01, 0x05]), 100), /offset/);
    assert.throws(() => snappyDecompressBlock(Uint8Array.from([2, 0x04, 0x61]), 100), CompressionError);
    const ok = snappyCompressXerial(Buffer.from('abc abc abc abc abc abc'));
    for (let n = 17; n < ok.length; n++)
      assert.throws(() => snappyCodec.decompress(ok.subarray(0, n)), CompressionError, `cut at ${n}`);
  });
});
