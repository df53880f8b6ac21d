import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConsumerBatch } from '../../../src/consumer/consumer-record.js';
import { Batch } from '../../../src/kafkajs/batch.js';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';
import { type RecordBatch, TimestampType } from '../../../src/protocol/records/record-batch.js';

function decoded(options: Parameters<typeof encodeRecordBatch>[1]): RecordBatch {
  const bytes = encodeRecordBatch(
    [
      { key: Buffer.from('k'), value: Buffer.from('a'), timestamp: 1_700_000_000_000 },
      {
        value: Buffer.from('b'),
        timestamp: 1_700_000_000_250,
        headers: [
          { key: 'h', value: Buffer.from('1') },
          { key: 'h', value: Buffer.from('2') },
        ],
      },
    ],
    { baseTimestamp: 1_700_000_000_000, ...options },
  );
  return decodeRecordBatches(bytes).batches[0]!;
}

const consumerBatch = (...batches: RecordBatch[]): ConsumerBatch => ({
  topic: 't',
  partition: 0,
  batches,
  count: batches.length * 2,
  nextOffset: 0n,
  highWatermark: 10n,
});

describe('kafe/kafkajs batches', () => {
  it('gives offsets and timestamps as exact decimal strings, headers by key', () => {
    const batch = new Batch(consumerBatch(decoded({ baseOffset: 5n })));
    assert.deepEqual(
      batch.messages.map((m) => [m.offset, m.timestamp, m.key?.toString() ?? null, m.value?.toString()]),
      [
        ['5', '1700000000000', 'k', 'a'],
        ['6', '1700000000250', null, 'b'],
      ],
    );
    assert.deepEqual(batch.messages[0]!.headers, {});
    assert.deepEqual(batch.messages[1]!.headers, { h: [Buffer.from('1'), Buffer.from('2')] });
  });

  it('stays exact past 2^53, as KafkaJS Longs do', () => {
    const base = decoded({ baseOffset: 0n });
    const huge = { ...base, baseOffset: 2n ** 62n + 1n, baseTimestamp: 2n ** 60n } as RecordBatch;
    const batch = new Batch(consumerBatch(huge));
    assert.deepEqual(
      batch.messages.map((m) => [m.offset, m.timestamp]),
      [
        [String(2n ** 62n + 1n), String(2n ** 60n)],
        [String(2n ** 62n + 2n), String(2n ** 60n + 250n)],
      ],
    );
  });

  it('gives every record of a log-append-time batch the batch time', () => {
    const appended = {
      ...decoded({ baseOffset: 0n }),
      timestampType: TimestampType.logAppendTime,
      maxTimestamp: 1_800_000_000_000n,
    } as RecordBatch;
    const batch = new Batch(consumerBatch(appended));
    assert.deepEqual(
      batch.messages.map((m) => m.timestamp),
      ['1800000000000', '1800000000000'],
    );
  });
});
