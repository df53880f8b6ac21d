import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletedFetch } from '../../../src/consumer/completed-fetch.js';
import { InternalStateError } from '../../../src/consumer/errors.js';
import { PartitionState } from '../../../src/consumer/partition-state.js';
import { CompressionType } from '../../../src/protocol/compression/index.js';
import { DecodeError, KafeError } from '../../../src/protocol/errors.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';
import { scanRecordBatches } from '../../../src/protocol/records/scan-record-batches.js';

const kind = (s: PartitionState) => s.state.kind;

describe('PartitionState transitions', () => {
  it('initializing, then a position from the committed offset or the reset policy', () => {
    const s = new PartitionState('t', 0);
    assert.equal(kind(s), 'initializing');
    assert.equal(s.position, undefined);
    s.noCommittedOffset();
    assert.equal(kind(s), 'awaiting-reset');
    assert.throws(() => s.noCommittedOffset(), InternalStateError);
    s.moveTo(10n, 2);
    assert.equal(kind(s), 'fetchable');
    assert.deepEqual([s.position, s.fetchOffset, s.positionEpoch], [10n, 10n, 2]);
  });

  it('awaits validation on a newer leader epoch once the fetched epoch is known (KIP-320)', () => {
    const s = new PartitionState('t', 0);
    s.moveTo(10n, -1);
    assert.equal(s.observeLeaderEpoch(3), false, 'the first epoch seen only sets the baseline');
    assert.equal(s.observeLeaderEpoch(4), false, 'no fetched epoch: nothing to ask the leader');
    s.moveTo(10n, 4);
    assert.equal(s.observeLeaderEpoch(5), true);
    assert.equal(kind(s), 'awaiting-validation');
    assert.equal(s.validationFailed(), 1);
    s.validated();
    assert.equal(kind(s), 'fetchable');
    assert.equal(s.validationAttempts, 0);
    assert.throws(() => s.skipValidation(), InternalStateError);
    assert.throws(() => s.validationFailed(), InternalStateError);
  });

  it('cannot forget a position it does not have, nor validate one', () => {
    const s = new PartitionState('t', 0);
    assert.throws(() => s.invalidate(), InternalStateError);
    assert.throws(() => s.awaitValidation(), InternalStateError);
    assert.throws(() => s.observeLeaderEpoch(1), InternalStateError);
    s.moveTo(5n);
    s.invalidate();
    assert.equal(kind(s), 'awaiting-reset');
    assert.equal(s.position, undefined);
  });

  it('fails once, reports the error once, and only a move leaves the failed state', () => {
    const s = new PartitionState('t', 0);
    s.moveTo(5n);
    const error = new KafeError('X', 'x');
    s.fail(error);
    assert.throws(() => s.fail(error), InternalStateError);
    assert.throws(() => s.append(fetchOf(5)), InternalStateError);
    assert.equal(s.takeError(), error);
    assert.equal(s.takeError(), undefined);
    assert.equal(kind(s), 'failed');
    s.moveTo(6n);
    assert.equal(kind(s), 'fetchable');
  });

  it('has one request in flight at a time', () => {
    const s = new PartitionState('t', 0);
    s.begin('offset-lookup');
    assert.throws(() => s.begin('fetch'), InternalStateError);
    assert.throws(() => s.end('fetch'), InternalStateError);
    s.moveTo(1n);
    s.end('offset-lookup');
    assert.equal(s.inFlight, undefined);
  });

  it('buffers fetches ahead of the position and hands them out in order', () => {
    const s = new PartitionState('t', 0);
    s.moveTo(0n);
    const fetch = fetchOf(0);
    s.append(fetch);
    assert.deepEqual([s.fetchOffset, s.fetchEpoch, s.bufferedBytes], [3n, 1, fetch.bytes]);
    s.skipTo(5n, 2);
    const taken = s.take(Number.POSITIVE_INFINITY);
    assert.deepEqual([taken?.nextOffset, s.takenOffset, s.bufferedBytes, s.position], [5n, 5n, 0, 0n]);
    s.skipTo(7n, 2);
    assert.deepEqual([s.position, s.fetchOffset], [7n, 7n], 'nothing buffered: the position follows');
  });

  it('a fetch leaves the prefetch bound with its last piece', () => {
    const s = new PartitionState('t', 0);
    s.moveTo(0n);
    const fetch = fetchOf(0, 3);
    s.append(fetch);
    assert.equal(s.take(1)?.nextOffset, 3n);
    assert.equal(s.bufferedBytes, fetch.bytes);
    assert.equal(s.take(1)?.nextOffset, 6n);
    assert.equal(s.take(1)?.nextOffset, 9n);
    assert.deepEqual([s.bufferedBytes, s.hasBuffered, s.take(1)], [0, false, undefined]);
  });

  it('records that cannot be decoded fail the partition and drop its buffer', () => {
    const s = new PartitionState('t', 0);
    s.moveTo(0n);
    const data = Buffer.from(
      encodeRecordBatch([{ value: Buffer.from('abc') }], { compression: CompressionType.lz4 }),
    );
    data.writeUInt8(data.readUInt8(data.length - 2) ^ 0xff, data.length - 2);
    s.append(
      new CompletedFetch(scanRecordBatches(data, { verifyCrc: false }), {
        fetchOffset: 0n,
        aborted: null,
        highWatermark: 1n,
      }),
    );
    assert.equal(s.take(1), undefined);
    assert.equal(kind(s), 'failed');
    assert.ok(s.takeError() instanceof DecodeError);
    assert.deepEqual([s.bufferedBytes, s.hasBuffered], [0, false]);
  });
});

/** A fetch at `base` of `batches` batches of three records, leader epoch 1. */
function fetchOf(base: number, batches = 1): CompletedFetch {
  const data = Buffer.concat(
    Array.from({ length: batches }, (_, i) =>
      encodeRecordBatch(
        ['a', 'b', 'c'].map((v) => ({ value: Buffer.from(v) })),
        { baseOffset: BigInt(base + 3 * i), partitionLeaderEpoch: 1 },
      ),
    ),
  );
  return new CompletedFetch(scanRecordBatches(data), {
    fetchOffset: BigInt(base),
    aborted: null,
    highWatermark: 10n,
  });
}
