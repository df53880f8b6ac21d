/**
 * A partition queue's split of a batch the broker refused as too large (KIP-126): the pieces
 * go back first, in order and with the refused batch's sequence range, and the partition
 * learns the size to stay under. Plain objects, no broker.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartitionQueue } from '../../../src/producer/partition-queue.js';
import { EMPTY_BATCH_BYTES, ProducerBatch } from '../../../src/producer/producer-batch.js';
import { normalizeRecord, recordSizeUpperBound } from '../../../src/producer/record.js';
import { RecordsBuilder } from '../../../src/protocol/records/records-builder.js';

function batchOf(records: number, baseSequence: number): ProducerBatch {
  const b = new ProducerBatch('t', 0, 0);
  for (let i = 0; i < records; i++) {
    const r = normalizeRecord({ topic: 't', value: 'x'.repeat(100) }, 0);
    b.append(r, recordSizeUpperBound(r), { delivered() {}, failed() {} }, i);
  }
  b.baseSequence = baseSequence;
  return b;
}

describe('PartitionQueue.splitAndRequeue', () => {
  it('requeues the pieces ahead of later batches, with consecutive sequences, and halves maxBatchBytes', () => {
    const q = new PartitionQueue('t', 0);
    const later = batchOf(1, 8);
    q.batches.push(later);
    const refused = batchOf(8, 0);
    refused.encoded = Buffer.alloc(refused.encodedBytes);
    const { bufferBytes, recordBytes } = refused;
    q.splitAndRequeue(refused);
    assert.equal(q.maxBatchBytes, Math.floor(refused.encodedBytes / 2));
    const pieces = q.batches.slice(0, -1);
    assert.ok(pieces.length >= 2);
    assert.equal(q.batches.at(-1), later);
    let sequence = 0;
    for (const p of pieces) {
      assert.equal(p.baseSequence, sequence);
      // Uncompressed (encoded as large as estimated): a piece's records stay within the limit.
      const records = p.encodedBytes - EMPTY_BATCH_BYTES;
      assert.ok(records <= q.maxBatchBytes, `piece of ${records} record bytes over ${q.maxBatchBytes}`);
      sequence += p.count;
    }
    assert.equal(sequence, 8);
    assert.equal(q.retrying, pieces.length);
    // The pieces carry the refused batch's charge between them, to the byte.
    assert.equal(
      pieces.reduce((n, p) => n + p.bufferBytes, 0),
      bufferBytes,
    );
    assert.equal(
      pieces.reduce((n, p) => n + p.recordBytes, 0),
      recordBytes,
    );
  });

  it('shares the charge of a batch whose buffer outweighs its records, both sums kept', () => {
    const q = new PartitionQueue('t', 0);
    const b = new ProducerBatch('t', 0, 0, new RecordsBuilder(4096));
    const sink = { delivered() {}, failed() {} };
    for (let i = 0; i < 8; i++) {
      const r = normalizeRecord({ topic: 't', value: 'x'.repeat(100) }, 0);
      b.append(r, recordSizeUpperBound(r), sink, i);
    }
    assert.deepEqual([b.bufferBytes, b.recordBytes < 4096], [4096, true]);
    b.encoded = Buffer.alloc(b.encodedBytes);
    const recordBytes = b.recordBytes;
    q.splitAndRequeue(b);
    assert.ok(q.batches.length >= 2);
    assert.equal(
      q.batches.reduce((n, p) => n + p.bufferBytes, 0),
      4096,
    );
    assert.equal(
      q.batches.reduce((n, p) => n + p.recordBytes, 0),
      recordBytes,
    );
  });

  it('never raises what it learnt: a later, larger refusal keeps the smaller limit', () => {
    const q = new PartitionQueue('t', 0);
    const small = batchOf(4, -1);
    small.encoded = Buffer.alloc(small.encodedBytes);
    q.splitAndRequeue(small);
    const limit = q.maxBatchBytes;
    const large = batchOf(8, -1);
    large.encoded = Buffer.alloc(large.encodedBytes);
    q.splitAndRequeue(large);
    assert.equal(q.maxBatchBytes, limit);
  });
});
