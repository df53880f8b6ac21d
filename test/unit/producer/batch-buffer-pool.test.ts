/**
 * The producer's pool of batch buffers: best fit, bounded, and fed only with buffers nothing
 * refers to (a builder's outgrown buffer before any build; a batch's after the broker's answer).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchBufferPool } from '../../../src/producer/batch-buffer-pool.js';
import { CompressionType } from '../../../src/protocol/compression/index.js';
import { type BufferSource, RecordsBuilder } from '../../../src/protocol/records/records-builder.js';

describe('BatchBufferPool', () => {
  it('hands out the smallest kept buffer that fits and is at most twice the size asked, else a new one', () => {
    const pool = new BatchBufferPool(1 << 20);
    const small = Buffer.alloc(8192);
    const medium = Buffer.alloc(9000);
    const large = Buffer.alloc(65536);
    pool.give(large);
    pool.give(medium);
    pool.give(small);
    assert.equal(pool.keptBytes, 8192 + 9000 + 65536);
    assert.equal(pool.take(5000), small);
    assert.equal(pool.take(5000), medium);
    // The 64 KiB one would be charged 13 times what was asked: a new buffer instead.
    const fresh = pool.take(5000);
    assert.ok(fresh !== large);
    assert.equal(fresh.length, 5000);
    assert.equal(pool.take(40_000), large);
    assert.equal(pool.keptBytes, 0);
  });

  it('keeps no buffer under 4 KiB and never more than its bound', () => {
    const pool = new BatchBufferPool(20_000);
    pool.give(Buffer.alloc(4095));
    assert.equal(pool.keptBytes, 0);
    pool.give(Buffer.alloc(16384));
    pool.give(Buffer.alloc(8192)); // 24,576 would pass the bound
    assert.equal(pool.keptBytes, 16384);
  });
});

describe('RecordsBuilder with a buffer source', () => {
  function recording(): BufferSource & { given: Buffer[] } {
    const given: Buffer[] = [];
    return { given, take: (n) => Buffer.allocUnsafe(n), give: (b) => given.push(b) };
  }

  it('gives back a buffer it outgrew before any build, and its last one once on recycle', () => {
    const source = recording();
    const builder = new RecordsBuilder(200, source);
    const value = Buffer.alloc(100, 1);
    builder.append(null, value, undefined, 0); // 168 bytes: fits
    assert.equal(source.given.length, 0);
    builder.append(null, value, undefined, 0); // grows
    assert.equal(source.given.length, 1);
    const batch = builder.build({ compression: CompressionType.none });
    builder.recycle();
    builder.recycle();
    assert.equal(source.given.length, 2);
    assert.equal(source.given[1]?.buffer, batch.buffer);
  });

  it('keeps a buffer a build returned when growing after it: it may still be queued on a socket', () => {
    const source = recording();
    const builder = new RecordsBuilder(0, source);
    builder.append(null, Buffer.alloc(10), undefined, 0);
    builder.build({ compression: CompressionType.none });
    builder.append(null, Buffer.alloc(1000), undefined, 0);
    assert.equal(source.given.length, 0);
  });
});
