import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';
import { acquiredShareRecords } from '../../../src/share/share-record.js';

const acknowledger = { acknowledge: () => undefined, renew: async () => undefined };

describe('acquiredShareRecords', () => {
  it('hands out only acquired offsets, each with its range delivery count, and lists acquired offsets without a record as gaps', () => {
    const bytes = encodeRecordBatch(
      ['a', 'b', 'c', 'd', 'e'].map((v) => ({ value: Buffer.from(v) })),
      { baseOffset: 10n },
    );
    const { batches } = decodeRecordBatches(bytes);
    const { records, gaps } = acquiredShareRecords(
      batches,
      [
        { firstOffset: 11n, lastOffset: 12n, deliveryCount: 2 },
        { firstOffset: 14n, lastOffset: 16n, deliveryCount: 1 },
      ],
      { topic: 't', partition: 3, nodeId: 1, lockDeadline: 1234, acknowledger },
    );
    assert.deepEqual(
      records.map((r) => [r.offset, r.value?.toString(), r.deliveryCount, r.lockDeadline, r.partition]),
      [
        [11n, 'b', 2, 1234, 3],
        [12n, 'c', 2, 1234, 3],
        [14n, 'e', 1, 1234, 3],
      ],
    );
    assert.deepEqual(gaps, [15n, 16n]);
  });
});
