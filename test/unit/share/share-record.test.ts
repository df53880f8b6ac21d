import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';
import { acquiredShareRecords } from '../../../src/share/share-record.js';

const acknowledger = { acknowledge: () => undefined, renew: async () => undefined };

describe('acquiredShareRecords', () => {
  it('hands out only acquired offsets, each with its range delivery count; acquired offsets past the returned batch are unreturned, not gaps', () => {
    const bytes = encodeRecordBatch(
      ['a', 'b', 'c', 'd', 'e'].map((v) => ({ value: Buffer.from(v) })),
      { baseOffset: 10n },
    );
    const { batches } = decodeRecordBatches(bytes);
    const { records, gaps, unreturned } = acquiredShareRecords(
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
    // The batch spans 10-14: 15 and 16 exist in the log but were not sent (released, never a
    // GAP, which would end those records for good).
    assert.deepEqual(gaps, []);
    assert.deepEqual(unreturned, [15n, 16n]);
  });

  it('lists acquired offsets without a record inside the returned span as gaps (compacted, control)', () => {
    const first = encodeRecordBatch([{ value: Buffer.from('a') }, { value: Buffer.from('b') }], {
      baseOffset: 20n,
    });
    const second = encodeRecordBatch([{ value: Buffer.from('e') }], { baseOffset: 24n });
    const { batches } = decodeRecordBatches(Buffer.concat([first, second]));
    const { records, gaps, unreturned } = acquiredShareRecords(
      batches,
      [{ firstOffset: 18n, lastOffset: 26n, deliveryCount: 1 }],
      { topic: 't', partition: 0, nodeId: 1, lockDeadline: 0, acknowledger },
    );
    assert.deepEqual(
      records.map((r) => r.offset),
      [20n, 21n, 24n],
    );
    // 18-19 before the first batch and 22-23 between batches are absent from the log; 25-26
    // lie past the last batch returned.
    assert.deepEqual(gaps, [18n, 19n, 22n, 23n]);
    assert.deepEqual(unreturned, [25n, 26n]);
  });

  it('counts every acquired offset as unreturned when the answer carried no batch', () => {
    const { records, gaps, unreturned } = acquiredShareRecords(
      [],
      [{ firstOffset: 5n, lastOffset: 7n, deliveryCount: 3 }],
      { topic: 't', partition: 0, nodeId: 1, lockDeadline: 0, acknowledger },
    );
    assert.deepEqual([records.length, gaps, unreturned], [0, [], [5n, 6n, 7n]]);
  });
});
