import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectRecords } from '../../../src/consumer/completed-fetch.js';
import { encodeTransactionMarker } from '../../../src/protocol/records/control-record.js';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';
import { recordOffset } from '../../../src/protocol/records/record-batch.js';

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
const offsets = (r: ReturnType<typeof selectRecords>) =>
  r.batches.flatMap((b) => b.records.map((x) => Number(recordOffset(b, x))));

describe('selectRecords', () => {
  const data = Buffer.concat([
    batch(0, ['a', 'b', 'c']),
    batch(3, ['x', 'y'], 5n), // aborted below
    batch(5, ['p'], 6n), // committed
    marker(6, 5n, false),
    marker(7, 6n, true),
    batch(8, ['d']),
  ]);
  const { batches } = decodeRecordBatches(data);

  it('drops records below the fetch offset and control batches; next offset is past the last batch', () => {
    const r = selectRecords(batches, 1n, null);
    assert.deepEqual(offsets(r), [1, 2, 3, 4, 5, 8]);
    assert.equal(r.count, 6);
    assert.equal(r.nextOffset, 9n);
  });

  it('read_committed drops aborted transactions from their first offset to the abort marker', () => {
    const r = selectRecords(batches, 0n, [{ producerId: 5n, firstOffset: 3n }]);
    assert.deepEqual(offsets(r), [0, 1, 2, 5, 8]);
  });

  it('a fetch of only control records moves the next offset without records', () => {
    const r = selectRecords(batches, 6n, []);
    assert.equal(r.count, 1);
    assert.deepEqual(offsets(r), [8]);
    const onlyMarkers = selectRecords(
      decodeRecordBatches(Buffer.concat([marker(6, 5n, false), marker(7, 6n, true)])).batches,
      6n,
      [],
    );
    assert.equal(onlyMarkers.count, 0);
    assert.equal(onlyMarkers.nextOffset, 8n);
  });
});
