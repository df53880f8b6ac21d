import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '../../../../src/protocol/errors.js';
import {
  ControlRecordType,
  decodeControlRecord,
  decodeRecordBatches,
  encodeRecordBatch,
  encodeTransactionMarker,
  isTransactionMarker,
} from '../../../../src/protocol/records/index.js';

describe('control batches', () => {
  for (const type of [ControlRecordType.commit, ControlRecordType.abort]) {
    it(`encodes and decodes a ${type === 1 ? 'commit' : 'abort'} marker`, () => {
      const bytes = encodeTransactionMarker({
        type,
        producerId: 4000n,
        producerEpoch: 2,
        coordinatorEpoch: 17,
        baseOffset: 55n,
        timestamp: 1_700_000_000_000,
      });
      const [batch] = decodeRecordBatches(bytes).batches;
      assert.ok(batch);
      assert.equal(batch.isControl, true);
      assert.equal(batch.isTransactional, true);
      assert.equal(batch.attributes, 0x30);
      assert.equal(batch.producerId, 4000n);
      assert.equal(batch.producerEpoch, 2);
      const [record] = batch.records;
      assert.ok(record);
      // key: version 0, type; value: EndTxnMarker version 0, coordinator epoch
      assert.deepEqual([...(record.key ?? [])], [0, 0, 0, type]);
      assert.deepEqual([...(record.value ?? [])], [0, 0, 0, 0, 0, 17]);
      assert.deepEqual(decodeControlRecord(record), { version: 0, type, coordinatorEpoch: 17 });
      assert.equal(isTransactionMarker(batch, type), true);
      assert.equal(isTransactionMarker(batch, type === 1 ? 0 : 1), false);
    });
  }

  it('passes unknown control types through and rejects short keys', () => {
    const bytes = encodeRecordBatch([{ key: Buffer.from([0, 0, 0, 5]), value: null }], { isControl: true });
    const record = decodeRecordBatches(bytes).batches[0]?.records[0];
    assert.ok(record);
    assert.deepEqual(decodeControlRecord(record), { version: 0, type: 5, coordinatorEpoch: -1 });
    const short = encodeRecordBatch([{ key: Buffer.from([0, 0]), value: null }], { isControl: true });
    const shortRecord = decodeRecordBatches(short).batches[0]?.records[0];
    assert.ok(shortRecord);
    assert.throws(() => decodeControlRecord(shortRecord), DecodeError);
  });
});
