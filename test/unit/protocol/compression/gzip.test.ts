import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { CompressionError } from '../../../../src/protocol/compression/compression-error.js';
import { GZIP_LEVELS, gzipCodec } from '../../../../src/protocol/compression/gzip.js';
import { EncodeError } from '../../../../src/protocol/errors.js';

describe('gzip', () => {
  it('round-trips synchronously and asynchronously at every level', async () => {
    const input = Buffer.concat([randomBytes(1000), Buffer.alloc(5000, 7)]);
    for (let level = GZIP_LEVELS.min; level <= GZIP_LEVELS.max; level++) {
      assert.deepEqual(Buffer.from(gzipCodec.decompress(gzipCodec.compress(input, level))), input);
    }
    assert.deepEqual(
      Buffer.from(await gzipCodec.decompressAsync(await gzipCodec.compressAsync(input))),
      input,
    );
  });

  it('writes a standard gzip member (readable by zlib.gunzip)', () => {
    const c = gzipCodec.compress(Buffer.from('hi'));
    assert.deepEqual([...c.subarray(0, 2)], [0x1f, 0x8b]);
    assert.equal(zlib.gunzipSync(c).toString(), 'hi');
  });

  it('stops inflating at the bound (sync and async)', async () => {
    const bomb = gzipCodec.compress(Buffer.alloc(5_000_000));
    const tooLarge = (e: unknown) => e instanceof CompressionError && e.reason === 'too-large';
    assert.throws(() => gzipCodec.decompress(bomb, 1_000_000), tooLarge);
    await assert.rejects(gzipCodec.decompressAsync(bomb, 1_000_000), tooLarge);
  });

  it('maps corrupt and truncated input to CompressionError', async () => {
    const c = gzipCodec.compress(Buffer.from('hello hello hello'));
    assert.throws(() => gzipCodec.decompress(c.subarray(0, c.length - 3)), CompressionError);
    assert.throws(() => gzipCodec.decompress(randomBytes(50)), CompressionError);
    await assert.rejects(gzipCodec.decompressAsync(randomBytes(50)), CompressionError);
  });

  it('rejects levels outside 1-9', async () => {
    assert.throws(() => gzipCodec.compress(Buffer.from('x'), 10), EncodeError);
    await assert.rejects(gzipCodec.compressAsync(Buffer.from('x'), 0), EncodeError);
  });
});
