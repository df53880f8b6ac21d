import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DeliverySink, GroupSink, RecordSink } from '../../../src/producer/delivery.js';
import type { DeliveryReport, RecordMetadata } from '../../../src/producer/delivery-report.js';
import { ProducerBatch } from '../../../src/producer/producer-batch.js';
import { RecordsBuilder } from '../../../src/protocol/records/records-builder.js';

function add(batch: ProducerBatch, sink: DeliverySink, index: number, timestamp: number): void {
  batch.append({ key: null, value: Buffer.from('v'), timestamp }, 20, sink, index);
}

describe('a completed batch tells its sinks', () => {
  it('each run of one sendBatch, each send, and records of a call spread over partitions', async () => {
    const got: { a?: DeliveryReport; b?: DeliveryReport } = {};
    const one: RecordMetadata[] = [];
    // Call A sent 7 records: 0-2 and 5-6 landed here (3 and 4 in another partition's batch).
    const sinkA = new GroupSink(7, (r) => (got.a = r), assert.fail);
    const sinkB = new GroupSink(2, (r) => (got.b = r), assert.fail);
    const single = new RecordSink((m) => one.push(m), assert.fail);
    const batch = new ProducerBatch('t', 2, Date.now());
    for (const i of [0, 1, 2]) add(batch, sinkA, i, 1000);
    add(batch, sinkA, 5, 1002); // next to 2 here, yet not its neighbour in the call
    add(batch, sinkA, 6, 1002);
    add(batch, single, 0, 1001);
    add(batch, sinkB, 0, 1003);
    add(batch, sinkB, 1, 1003);
    batch.complete(2n ** 40n, -1);
    await Promise.resolve();
    const base = 2 ** 40;
    assert.deepEqual(one, [{ topic: 't', partition: 2, offset: 2n ** 40n + 5n, timestamp: 1001 }]);
    assert.deepEqual(got.b?.offsets, Float64Array.from([base + 6, base + 7]));
    assert.equal('a' in got, false, 'A still waits for records 3 and 4');

    const other = new ProducerBatch('t', 0, Date.now());
    add(other, sinkA, 3, 1000);
    add(other, sinkA, 4, 1000);
    other.complete(10n, 5000);
    await Promise.resolve();
    assert.deepEqual(got.a?.partitions, Int32Array.from([2, 2, 2, 0, 0, 2, 2]));
    assert.deepEqual(
      got.a?.offsets,
      Float64Array.from([base, base + 1, base + 2, 10, 11, base + 3, base + 4]),
    );
  });

  it('leaves offsets unknown (-1) when the broker gave none (acks=0)', () => {
    let a: DeliveryReport | undefined;
    const sink = new GroupSink(2, (r) => (a = r), assert.fail);
    const batch = new ProducerBatch('t', 1, Date.now());
    add(batch, sink, 0, 1);
    add(batch, sink, 1, 1);
    batch.complete(-1n, -1);
    assert.deepEqual(a?.partitions, Int32Array.from([1, 1]));
    assert.deepEqual(a?.offsets, Float64Array.from([-1, -1]));
  });
});

describe("a batch's charge against bufferMemory", () => {
  it('is its records’ size bounds, or its buffer when that is larger, and append says by how much it grew', () => {
    const sink = { delivered() {}, failed() {} };
    const batch = new ProducerBatch('t', 0, 0, new RecordsBuilder(1000));
    const record = { key: null, value: Buffer.alloc(100), timestamp: 0 };
    // The first record is charged the whole 1,000-byte buffer.
    assert.equal(batch.append(record, 110, sink, 0), 1000);
    // Records that fit the buffer already charged cost nothing more (8 x 107 bytes + 61).
    let charged = 1000;
    for (let i = 1; i < 8; i++) charged += batch.append(record, 110, sink, i);
    assert.equal(charged, 1000);
    assert.equal(batch.bufferBytes, 1000);
    // The ninth does not fit: the buffer doubles and the batch is charged for it.
    assert.equal(batch.append(record, 110, sink, 8), 1000);
    assert.equal(batch.bufferBytes, 2000);
    // Bounds beyond the buffer: each record its bound.
    const big = new ProducerBatch('t', 0, 0, new RecordsBuilder(0));
    assert.equal(big.append(record, 5000, sink, 0), 5000);
  });
});
