import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { ClientClosedError, ConfigurationError } from '../../../src/cluster/errors.js';
import { InvalidRecordError, RecordTooLargeError, UnknownTopicError } from '../../../src/producer/errors.js';
import { resolveProducerOptions } from '../../../src/producer/options.js';
import { murmur2Partition } from '../../../src/producer/partitioners/murmur2.js';
import type { PartitionerInput } from '../../../src/producer/partitioners/partitioner.js';
import { Producer } from '../../../src/producer/producer.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { clusterOf, logged } from '../../support/fake-kafka-client.js';

describe('Producer against fake brokers', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  before(async () => {
    fake = await FakeKafka.start({
      brokers: 2,
      topics: [{ name: 't', partitions: 4 }, 'one'],
      // A missing topic stays missing (the auto-creation tests have their own cluster).
      autoCreateTopics: false,
    });
    cluster = clusterOf(fake);
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  it('sends a record and resolves with its partition and offset (idempotent, acks=all by default)', async () => {
    const p = new Producer(cluster);
    const m = await p.send({ topic: 'one', key: 'k', value: 'hello', headers: { h: 'v' } });
    assert.equal(m.topic, 'one');
    assert.equal(m.partition, 0);
    assert.equal(m.offset, 0n);
    const produce = fake
      .requests('Produce')
      .filter((r) => r.nodeId === 0)
      .at(-1)!;
    assert.equal(produce.body.acks, -1);
    const batch = decodeRecordBatches(produce.body.topicData[0].partitionData[0].records).batches[0]!;
    assert.equal(batch.producerId, 1000n);
    assert.equal(batch.baseSequence, 0);
    assert.equal(batch.records[0]!.headers[0]!.key, 'h');
    assert.equal(fake.requests('InitProducerId').length, 1);
    await p.close();
  });

  it('puts keyed records on the murmur2 partition and batches them per partition', async () => {
    const p = new Producer(cluster, { lingerMs: 20 });
    const before = fake.requests('Produce').length;
    const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
    const results = await Promise.all(keys.map((k) => p.send({ topic: 't', key: k, value: k })));
    for (let i = 0; i < keys.length; i++)
      assert.equal(results[i]!.partition, murmur2Partition(Buffer.from(keys[i]!), 4), keys[i]);
    // 40 records in 4 partitions over 2 brokers: far fewer requests than records.
    assert.ok(fake.requests('Produce').length - before <= 4, 'records were not batched');
    await p.close();
  });

  it("asks a user partitioner with each record's own input: topic, key, value and the partitions", async () => {
    const seen: PartitionerInput[] = [];
    const p = new Producer(cluster, {
      partitioner: (input) => {
        seen.push(input);
        return input.value?.[0] === 0x62 ? 3 : 1;
      },
    });
    const a = await p.send({ topic: 't', key: 'k', value: 'a' });
    const b = await p.send({ topic: 't', value: 'b' });
    assert.deepEqual([a.partition, b.partition], [1, 3]);
    assert.deepEqual(
      seen.map((s) => [
        s.topic,
        s.key?.toString() ?? null,
        s.value?.toString(),
        s.partitionCount,
        s.availablePartitions,
      ]),
      [
        ['t', 'k', 'a', 4, [0, 1, 2, 3]],
        ['t', null, 'b', 4, [0, 1, 2, 3]],
      ],
    );
    // The first input kept by the partitioner still describes the first record.
    assert.equal(seen[0]!.value?.toString(), 'a');
    await p.close();
  });

  it('sendBatch resolves once with every partition and offset, in order per partition', async () => {
    const p = new Producer(cluster);
    const records = Array.from({ length: 1000 }, (_, i) => ({
      topic: 't',
      value: `v${i}`,
      partition: i % 4,
    }));
    const report = await p.sendBatch(records);
    assert.equal(report.count, 1000);
    for (let part = 0; part < 4; part++) {
      const offsets = [...report.offsets].filter((_, i) => report.partitions[i] === part);
      assert.equal(offsets.length, 250);
      for (let i = 1; i < offsets.length; i++) assert.equal(offsets[i], offsets[i - 1]! + 1);
      const values = logged(fake, 't', part)
        .slice(offsets[0], offsets[0]! + 250)
        .map((r) => r.value);
      assert.deepEqual(
        values,
        records.filter((r) => r.partition === part).map((r) => r.value),
      );
    }
    await p.close();
  });

  it('keeps per-partition order and exactly-once for concurrent senders', async () => {
    await cluster.refreshTopics(['t']);
    const p = new Producer(cluster, { batchSize: 2000, lingerMs: 1 });
    const start = logged(fake, 't', 3).length;
    const tasks = Array.from({ length: 8 }, async (_, task) => {
      for (let i = 0; i < 100; i++) {
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
        void p.send({ topic: 't', value: `${task}:${i}`, partition: 3 });
      }
    });
    await Promise.all(tasks);
    await p.flush();
    const values = logged(fake, 't', 3)
      .slice(start)
      .map((r) => r.value!);
    assert.equal(values.length, 800);
    assert.equal(new Set(values).size, 800);
    for (let task = 0; task < 8; task++) {
      const mine = values.filter((v) => v.startsWith(`${task}:`)).map((v) => Number(v.split(':')[1]));
      assert.deepEqual(
        mine,
        Array.from({ length: 100 }, (_, i) => i),
      );
    }
    await p.close();
  });

  it('rejects bad records with typed errors without losing the records accepted around them', async () => {
    const p = new Producer(cluster, { maxRequestSize: 10_000 });
    const good1 = p.send({ topic: 'one', value: 'before' });
    await assert.rejects(p.send({ topic: 'one', value: 42 as never }), InvalidRecordError);
    await assert.rejects(p.send({ topic: 'one', value: { a: 1 } as never }), InvalidRecordError);
    await assert.rejects(p.send({ topic: 'one', key: [1, 2] as never, value: 'x' }), InvalidRecordError);
    await assert.rejects(p.send({ topic: 'one', value: Buffer.alloc(20_000) }), RecordTooLargeError);
    await assert.rejects(p.send({ topic: 'one', value: 'x', partition: -1 }), InvalidRecordError);
    await assert.rejects(p.send({ topic: 'one', value: 'x', partition: 7 }), UnknownTopicError);
    const good2 = p.send({ topic: 'one', value: 'after' });
    const [a, b] = await Promise.all([good1, good2]);
    assert.equal(b.offset, a.offset + 1n);
    const failed = await p
      .sendBatch([
        { topic: 'one', value: 'x' },
        { topic: 'one', value: 3 as never },
      ])
      .catch((e) => e);
    assert.equal(failed.code, 'BATCH_DELIVERY_FAILED');
    assert.deepEqual(
      failed.failures.map((f: { index: number }) => f.index),
      [1],
    );
    assert.ok(failed.report.offsets[0] >= 0);
    await p.close();
  });

  it('fails records of an unknown topic with UnknownTopicError after metadataMaxWaitMs', async () => {
    const p = new Producer(cluster, { metadataMaxWaitMs: 300, retryBackoffMs: 50 });
    const known = p.send({ topic: 'one', value: 'ok' });
    const error = await p.send({ topic: 'no-such-topic', value: 'x' }).catch((e) => e);
    assert.ok(error instanceof UnknownTopicError, String(error));
    await known;
    await p.close();
  });

  it('refuses sends after close with ClientClosedError, and close settles what was accepted', async () => {
    const p = new Producer(cluster, { lingerMs: 1000 });
    const pending = p.send({ topic: 'one', value: 'last' });
    await p.close();
    assert.ok((await pending).offset >= 0n);
    await assert.rejects(p.send({ topic: 'one', value: 'late' }), ClientClosedError);
    await assert.rejects(
      p.sendBatch([{ topic: 'one', value: 'late' }]),
      (e: Error & { failures?: { error: Error }[] }) => e.failures?.[0]?.error instanceof ClientClosedError,
    );
  });

  it('validates options', () => {
    assert.throws(() => new Producer(cluster, { acks: 1, idempotent: true }), ConfigurationError);
    assert.throws(() => new Producer(cluster, { maxInFlightPerBroker: 6 }), ConfigurationError);
    assert.throws(() => new Producer(cluster, { compression: 'brotli' as never }), ConfigurationError);
    assert.equal(resolveProducerOptions({ acks: 1 }).idempotent, false);
    assert.equal(resolveProducerOptions().acks, -1);
  });

  it('acks=0 resolves without offsets', async () => {
    const p = new Producer(cluster, { acks: 0 });
    const m = await p.send({ topic: 'one', value: 'fire' });
    assert.equal(m.offset, -1n);
    await p.close();
  });

  it('compresses with the configured codec and level', async () => {
    const p = new Producer(cluster, { compression: 'gzip', compressionLevel: 9 });
    await p.send({ topic: 'one', value: 'z'.repeat(1000) });
    // Partition 0 of 'one' is led by broker 0.
    const produce = fake
      .requests('Produce')
      .filter((r) => r.nodeId === 0)
      .at(-1)!;
    const batch = decodeRecordBatches(produce.body.topicData[0].partitionData[0].records).batches[0]!;
    assert.equal(batch.compression, 1);
    assert.equal(batch.records[0]!.value!.toString(), 'z'.repeat(1000));
    await p.close();
  });

  it('lets the batch of a busy partition grow up to maxBatchSize, in order', async () => {
    const p = new Producer(cluster, { batchSize: 500, maxBatchSize: 4000, lingerMs: 0 });
    const first = fake.requests('Produce').filter((r) => r.nodeId === 0).length;
    const start = logged(fake, 'one', 0).length;
    const sent = Array.from({ length: 600 }, (_, i) => `m${i}`.padEnd(60, '.'));
    // One burst: behind the first request, ~80 batches' worth of 500 bytes go in batches of up to 4,000.
    const report = p.sendBatch(sent.map((value) => ({ topic: 'one', value, partition: 0 })));
    const flushed = p.flush(); // snapshot taken before the drain: it names batches still growing
    await flushed;
    assert.deepEqual(
      logged(fake, 'one', 0)
        .slice(start)
        .map((r) => r.value),
      sent,
    );
    await report;
    const batches = fake
      .requests('Produce')
      .filter((r) => r.nodeId === 0)
      .slice(first)
      .map((r) => {
        const records = r.body.topicData[0].partitionData[0].records as Buffer;
        return { bytes: records.length, count: decodeRecordBatches(records).batches[0]!.records.length };
      });
    assert.ok(batches.length < 30, `requests: ${batches.length}`);
    assert.ok(
      // A 500-byte batch holds at most 7 of these records.
      batches.some((b) => b.count > 20),
      `records per batch: ${batches.map((b) => b.count)}`,
    );
    assert.ok(
      batches.every((b) => b.bytes <= 4000 + 100),
      `bytes: ${batches.map((b) => b.bytes)}`,
    );
    await p.close();
  });

  it('keeps fixed-size batches when maxBatchSize is batchSize (Java behaviour)', async () => {
    const p = new Producer(cluster, { batchSize: 500, maxBatchSize: 500, lingerMs: 0 });
    const first = fake.requests('Produce').filter((r) => r.nodeId === 0).length;
    await p.sendBatch(
      Array.from({ length: 100 }, () => ({ topic: 'one', value: 'x'.repeat(60), partition: 0 })),
    );
    const sizes = fake
      .requests('Produce')
      .filter((r) => r.nodeId === 0)
      .slice(first)
      .map((r) => (r.body.topicData[0].partitionData[0].records as Buffer).length);
    assert.ok(sizes.length >= 10 && sizes.every((s) => s <= 600), `bytes: ${sizes}`);
    await p.close();
  });

  it('fills compressed batches up to batchSize of compressed bytes (estimated ratio, as Java)', async () => {
    const p = new Producer(cluster, { compression: 'lz4', batchSize: 1000, lingerMs: 0 });
    const records = (n: number) =>
      Array.from({ length: n }, () => ({ topic: 'one', value: 'a'.repeat(100) }));
    // Batches fill when records are appended; the estimate learns from batches encoded before.
    for (let i = 0; i < 20; i++) await p.sendBatch(records(50));
    const first = fake.requests('Produce').filter((r) => r.nodeId === 0).length;
    await p.sendBatch(records(3000));
    const sizes = fake
      .requests('Produce')
      .filter((r) => r.nodeId === 0)
      .slice(first)
      .map(
        (r) => decodeRecordBatches(r.body.topicData[0].partitionData[0].records).batches[0]!.records.length,
      );
    // Uncompressed, 1000 bytes hold 7 such records; compressed ~20x, later batches hold far more.
    assert.ok(Math.max(...sizes) > 30, `records per batch: ${sizes.join(' ')}`);
    await p.close();
  });

  it('surfaces a non-retriable broker error as a BrokerError', async () => {
    const invalid = fake.failNext('Produce', { errorCode: 87, topic: 'one' }); // INVALID_RECORD
    const p = new Producer(cluster, { idempotent: false, acks: 1 });
    const e = await p.send({ topic: 'one', value: 'bad' }).catch((x) => x);
    assert.ok(e instanceof BrokerError);
    assert.equal(e.code, 'INVALID_RECORD');
    assert.equal(invalid.fired, 1);
    await p.close();
  });
});
