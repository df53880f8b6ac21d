import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { CompressionError } from '../../../../src/protocol/compression/compression-error.js';
import { loadZstd, ZSTD_LEVELS, zstdCodec } from '../../../../src/protocol/compression/zstd.js';
import { zstdDecompressedBound } from '../../../../src/protocol/compression/zstd-frame.js';
import {
  loadZstdWasm,
  zstdWasmCompress,
  zstdWasmDecompress,
} from '../../../../src/protocol/compression/zstd-wasm.js';
import { EncodeError } from '../../../../src/protocol/errors.js';
import {
  FIXTURE_TEXT,
  ZSTD_NO_CONTENT_SIZE,
  ZSTD_NODE_NATIVE_STREAM,
  ZSTD_NODE_NATIVE_SYNC,
} from './fixtures.js';

const nativeZstd = zlib as unknown as {
  zstdCompressSync?: (b: Uint8Array) => Buffer;
  zstdDecompressSync?: (b: Uint8Array) => Buffer;
};
const tooLarge = (e: unknown) => e instanceof CompressionError && e.reason === 'too-large';

describe('zstd', () => {
  before(async () => {
    await loadZstd();
    await loadZstdWasm();
  });

  it('round-trips at the default, minimum-ish and maximum levels', () => {
    const input = Buffer.concat([randomBytes(2000), Buffer.alloc(50_000, 5)]);
    for (const level of [undefined, 1, -5, 22]) {
      assert.deepEqual(
        Buffer.from(zstdCodec.decompress(zstdCodec.compress(input, level))),
        input,
        `level ${level}`,
      );
    }
    assert.equal(ZSTD_LEVELS.default, 3);
  });

  it('round-trips asynchronously', async () => {
    const input = Buffer.from('async zstd '.repeat(1000));
    assert.deepEqual(
      Buffer.from(await zstdCodec.decompressAsync(await zstdCodec.compressAsync(input))),
      input,
    );
  });

  it('decodes a frame without content size (as zstd-jni streams write) with a checksum', () => {
    const frame = Buffer.from(ZSTD_NO_CONTENT_SIZE, 'base64');
    assert.equal(Buffer.from(zstdCodec.decompress(frame)).toString(), FIXTURE_TEXT);
    assert.equal(Buffer.from(zstdWasmDecompress(frame, 1e6)).toString(), FIXTURE_TEXT);
  });

  it('WASM and native node:zlib read each other’s frames (when this Node has native zstd)', (t) => {
    const input = Buffer.from('interop '.repeat(5000));
    const fromWasm = zstdWasmCompress(input, 3);
    if (nativeZstd.zstdCompressSync === undefined || nativeZstd.zstdDecompressSync === undefined) {
      t.skip('node:zlib has no zstd on this Node version');
      return;
    }
    assert.deepEqual(nativeZstd.zstdDecompressSync(fromWasm), input);
    assert.deepEqual(Buffer.from(zstdWasmDecompress(nativeZstd.zstdCompressSync(input), 1e6)), input);
  });

  it('decodes what native node:zlib zstd wrote on Node 24 (one frame, and a stream of two frames), on every path', () => {
    for (const fixture of [ZSTD_NODE_NATIVE_SYNC, ZSTD_NODE_NATIVE_STREAM]) {
      const frame = Buffer.from(fixture, 'base64');
      assert.equal(Buffer.from(zstdWasmDecompress(frame, 1e6)).toString(), FIXTURE_TEXT);
      assert.equal(Buffer.from(zstdCodec.decompress(frame)).toString(), FIXTURE_TEXT);
    }
    assert.equal(zstdDecompressedBound(Buffer.from(ZSTD_NODE_NATIVE_SYNC, 'base64')), FIXTURE_TEXT.length);
  });

  it('bounds the output: declared size, undeclared size, and the walk’s estimate', () => {
    const declared = zstdWasmCompress(Buffer.alloc(3_000_000), 3);
    assert.throws(() => zstdCodec.decompress(declared, 1_000_000), tooLarge);
    const undeclared = Buffer.from(ZSTD_NO_CONTENT_SIZE, 'base64');
    assert.throws(() => zstdCodec.decompress(undeclared, 100), tooLarge);
    assert.equal(zstdDecompressedBound(declared), 3_000_000);
    assert.ok(zstdDecompressedBound(undeclared) >= FIXTURE_TEXT.length);
  });

  it('rejects garbage, truncation and bad levels with typed errors', () => {
    assert.throws(() => zstdCodec.decompress(randomBytes(64)), CompressionError);
    const frame = zstdCodec.compress(Buffer.from('truncate me '.repeat(50)));
    for (let n = 0; n < frame.length; n++)
      assert.throws(() => zstdCodec.decompress(frame.subarray(0, n)), CompressionError, `cut at ${n}`);
    assert.throws(() => zstdCodec.compress(Buffer.from('x'), 23), EncodeError);
  });
});
