import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletedFetch } from '../../../src/consumer/completed-fetch.js';
import { CompressionType } from '../../../src/protocol/compression/index.js';
import type { FetchResponseAbortedTransaction } from '../../../src/protocol/messages/fetch.js';
import { encodeTransactionMarker } from '../../../src/protocol/records/control-record.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';
import { type RecordBatch, recordOffset } from '../../../src/protocol/records/record-batch.js';
import { scanRecordBatches } from '../../../src/protocol/records/scan-record-batches.js';

const batch = (base: number, values: string[], producerId?: bigint) =>
  encodeRecordBatch(
    values.map((v) => ({ value: Buffer.from(v) })),
    {
      baseOffset: BigInt(base),
      ...(producerId === undefined
        ? {}
        : { producerId, producerEpoch: 0, baseSequence: 0, isTransactional: true }),
    },
  );
const marker = (offset: number, producerId: bigint, commit: boolean) =>
  encodeTransactionMarker({
    type: commit ? 1 : 0,
    producerId,
    producerEpoch: 0,
    coordinatorEpoch: 0,
    baseOffset: BigInt(offset),
  });
const fetchOf = (
  data: Buffer,
  fetchOffset: bigint,
  aborted: readonly FetchResponseAbortedTransaction[] | null,
) => new CompletedFetch(scanRecordBatches(data), { fetchOffset, aborted, highWatermark: 100n });
const offsets = (batches: readonly RecordBatch[]) =>
  batches.flatMap((b) => b.records.map((x) => Number(recordOffset(b, x))));

describe('CompletedFetch', () => {
  const data = Buffer.concat([
    batch(0, ['a', 'b', 'c']),
    batch(3, ['x', 'y'], 5n), // aborted below
    batch(5, ['p'], 6n), // committed
    marker(6, 5n, false),
    marker(7, 6n, true),
    batch(8, ['d']),
  ]);

  it('drops records below the fetch offset and control batches; next offset is past the last batch', () => {
    const f = fetchOf(data, 1n, null);
    assert.equal(f.nextOffset, 9n);
    const r = f.next(Number.POSITIVE_INFINITY);
    assert.deepEqual(offsets(r.batches), [1, 2, 3, 4, 5, 8]);
    assert.equal(r.count, 6);
    assert.equal(r.nextOffset, 9n);
    assert.equal(f.exhausted, true);
  });

  it('read_committed drops aborted transactions from their first offset to the abort marker', () => {
    const r = fetchOf(data, 0n, [{ producerId: 5n, firstOffset: 3n }]).next(Number.POSITIVE_INFINITY);
    assert.deepEqual(offsets(r.batches), [0, 1, 2, 5, 8]);
  });

  it('a fetch of only control records has nothing to hand out and moves the next offset', () => {
    const r = fetchOf(data, 6n, []).next(Number.POSITIVE_INFINITY);
    assert.deepEqual([r.count, offsets(r.batches)], [1, [8]]);
    const onlyMarkers = fetchOf(Buffer.concat([marker(6, 5n, false), marker(7, 6n, true)]), 6n, []);
    assert.equal(onlyMarkers.mayHaveRecords, false);
    assert.equal(onlyMarkers.nextOffset, 8n);
    const empty = onlyMarkers.next(Number.POSITIVE_INFINITY);
    assert.deepEqual([empty.count, empty.nextOffset], [0, 8n]);
  });

  it('decompresses batch by batch: a piece stops once its decoded records reach the bound', () => {
    const value = 'z'.repeat(1000);
    const batches = [0, 10, 20].map((base) =>
      encodeRecordBatch(
        Array.from({ length: 10 }, () => ({ value: Buffer.from(value) })),
        { baseOffset: BigInt(base), compression: CompressionType.lz4 },
      ),
    );
    const scan = scanRecordBatches(Buffer.concat(batches));
    const f = new CompletedFetch(scan, { fetchOffset: 5n, aborted: null, highWatermark: 30n });
    assert.ok(f.bytes < 3 * 1000, 'held as received: compressed');
    const first = f.next(1);
    assert.deepEqual(offsets(first.batches), [5, 6, 7, 8, 9]);
    assert.equal(first.nextOffset, 10n);
    assert.ok(first.bytes > 10 * 1000, 'the decoded size of the whole first batch');
    assert.deepEqual(
      scan.batches.map((s) => s.decoded),
      [true, false, false],
      'later batches stay compressed',
    );
    f.extendTo(31n, 3);
    const rest = f.next(15_000);
    assert.deepEqual([rest.count, rest.nextOffset, f.exhausted], [20, 31n, true]);
  });
});
