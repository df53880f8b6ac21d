import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CompressionError } from '../../../../src/protocol/compression/compression-error.js';
import {
  LZ4_LEVELS,
  lz4Codec,
  lz4CompressFrame,
  lz4DecompressFrame,
} from '../../../../src/protocol/compression/lz4.js';
import { xxhash32 } from '../../../../src/protocol/compression/xxhash32.js';
import { EncodeError } from '../../../../src/protocol/errors.js';
import {
  FIXTURE_TEXT,
  LZ4_BLOCK_CHECKSUM_CONTENT_SIZE,
  LZ4_HC_CONTENT_CHECKSUM,
  LZ4_LINKED_BLOCKS,
  linkedFixtureText,
} from './fixtures.js';

const text = (s: string) => Buffer.from(s);
const flip = (b: Buffer, i: number) => b.writeUInt8((b.readUInt8(i) ^ 1) & 0xff, i);

describe('lz4 frame', () => {
  it('writes the header Java Lz4BlockOutputStream writes', () => {
    const frame = lz4CompressFrame(text('hello'));
    assert.deepEqual([...frame.subarray(0, 6)], [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40]);
    assert.equal(frame[6], (xxhash32(frame, 4, 6) >>> 8) & 0xff);
    assert.deepEqual([...frame.subarray(frame.length - 4)], [0, 0, 0, 0], 'end mark');
  });

  it('writes the broken header checksum for magic 0 when asked (KAFKA-3160)', () => {
    const frame = lz4CompressFrame(text('hello'), undefined, { brokenHeaderChecksum: true });
    assert.equal(frame[6], (xxhash32(frame, 0, 6) >>> 8) & 0xff);
    assert.equal(Buffer.from(lz4DecompressFrame(frame)).toString(), 'hello');
  });

  it('round-trips empty, tiny, incompressible, repetitive and multi-block inputs', () => {
    for (const input of [
      Buffer.alloc(0),
      text('a'),
      randomBytes(70_000),
      Buffer.alloc(300_000, 9),
      Buffer.from(linkedFixtureText()),
    ]) {
      assert.deepEqual(Buffer.from(lz4Codec.decompress(lz4Codec.compress(input))), input);
    }
  });

  it('stores incompressible blocks raw (high bit of the block size)', () => {
    const frame = lz4CompressFrame(randomBytes(1000));
    assert.equal(frame.readUInt32LE(7), 0x80000000 + 1000);
  });

  it('decodes frames written by the lz4 CLI (block checksums, content size, HC, linked blocks)', () => {
    assert.equal(
      Buffer.from(lz4Codec.decompress(Buffer.from(LZ4_BLOCK_CHECKSUM_CONTENT_SIZE, 'base64'))).toString(),
      FIXTURE_TEXT,
    );
    assert.equal(
      Buffer.from(lz4Codec.decompress(Buffer.from(LZ4_HC_CONTENT_CHECKSUM, 'base64'))).toString(),
      FIXTURE_TEXT,
    );
    assert.equal(
      Buffer.from(lz4Codec.decompress(Buffer.from(LZ4_LINKED_BLOCKS, 'base64'))).toString(),
      linkedFixtureText(),
    );
  });

  it('detects a corrupted block checksum and content checksum', () => {
    const a = Buffer.from(LZ4_BLOCK_CHECKSUM_CONTENT_SIZE, 'base64');
    flip(a, a.length - 6);
    assert.throws(() => lz4Codec.decompress(a), CompressionError);
    const b = Buffer.from(LZ4_HC_CONTENT_CHECKSUM, 'base64');
    flip(b, b.length - 1);
    assert.throws(() => lz4Codec.decompress(b), /content checksum/);
  });

  it('refuses a declared content size above the bound before decoding', () => {
    const frame = Buffer.from(LZ4_BLOCK_CHECKSUM_CONTENT_SIZE, 'base64');
    assert.throws(
      () => lz4Codec.decompress(frame, 100),
      (e: unknown) => e instanceof CompressionError && e.reason === 'too-large',
    );
  });

  it('stops at the bound for frames without a content size', () => {
    const frame = lz4Codec.compress(Buffer.alloc(1_000_000));
    assert.ok(frame.length < 10_000);
    assert.throws(
      () => lz4Codec.decompress(frame, 200_000),
      (e: unknown) => e instanceof CompressionError && e.reason === 'too-large',
    );
    assert.equal(lz4Codec.decompress(frame, 1_000_000).length, 1_000_000);
  });

  it('uses the hash-chain compressor at non-default levels: valid at every level, smaller on text', () => {
    const input = Buffer.from(
      linkedFixtureText().replace(/line (\d+)/g, (_, n) => `row ${(Number(n) * 7919) % 1000}`),
    );
    const sizes = new Map<number, number>();
    for (let level = LZ4_LEVELS.min; level <= LZ4_LEVELS.max; level++) {
      const frame = lz4Codec.compress(input, level);
      assert.deepEqual(Buffer.from(lz4Codec.decompress(frame)), input, `level ${level}`);
      sizes.set(level, frame.length);
    }
    assert.ok(
      (sizes.get(12) ?? 0) < (sizes.get(9) ?? 0),
      `level 12 (${sizes.get(12)}) smaller than default (${sizes.get(9)})`,
    );
  });

  it('validates levels (KIP-390: 1-17, default 9)', () => {
    assert.deepEqual(LZ4_LEVELS, { min: 1, max: 17, default: 9 });
    assert.throws(() => lz4Codec.compress(text('x'), 18), EncodeError);
    assert.throws(() => lz4Codec.compress(text('x'), 0), EncodeError);
    assert.doesNotThrow(() => lz4Codec.compress(text('x'), 17));
  });

  it('rejects a bad magic, a bad header checksum and truncation', () => {
    const frame = lz4CompressFrame(text('hello hello hello hello'));
    const badMagic = Buffer.from(frame);
    badMagic[0] = 0;
    assert.throws(() => lz4Codec.decompress(badMagic), /magic/);
    const badHc = Buffer.from(frame);
    flip(badHc, 6);
    assert.throws(() => lz4Codec.decompress(badHc), /header checksum/);
    for (let n = 0; n < frame.length; n++)
      assert.throws(() => lz4Codec.decompress(frame.subarray(0, n)), CompressionError, `cut at ${n}`);
  });
});
