/**
 * Batches the broker refuses as too large (MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE) are split
 * and sent again (KIP-126): every record delivered once, in order, with contiguous sequences;
 * a record too large alone fails with RecordTooLargeError and costs no other record.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { RecordTooLargeError } from '../../../src/producer/errors.js';
import type { ProducerOptions } from '../../../src/producer/options.js';
import { Producer } from '../../../src/producer/producer.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { FakeKafka, type FakeRequest } from '../../../src/testing/index.js';
import { clusterOf, logged } from '../../support/fake-kafka-client.js';

/** Sizes of the batches of `topic` in a Produce request that exceed `limit` bytes. */
function oversized(r: FakeRequest, topicId: string | undefined, limit: number): number[] {
  return r.body.topicData
    .filter((t: { topicId: string }) => t.topicId === topicId)
    .flatMap((t: { partitionData: { records: Buffer }[] }) => t.partitionData.map((p) => p.records.length))
    .filter((size: number) => size > limit);
}

/**
 * A broker limit: batches of `topic` over `limit` bytes are refused, with MESSAGE_TOO_LARGE as
 * the topic's `max.message.bytes` makes Kafka do, or with `errorCode` for the whole request.
 * Returns the sizes refused so far.
 */
function sizeLimit(fake: FakeKafka, topic: string, limit: number, errorCode = 10): number[] {
  const topicId = fake.topic(topic)?.topicId;
  const refused: number[] = [];
  fake.onRequest((r) => {
    if (r.api === 'Produce') refused.push(...oversized(r, topicId, limit));
  });
  if (errorCode === 10) fake.configureTopic(topic, { 'max.message.bytes': String(limit) });
  else
    fake.failNext('Produce', {
      errorCode,
      topic,
      count: Number.POSITIVE_INFINITY,
      when: (r) => oversized(r, topicId, limit).length > 0,
    });
  return refused;
}

const values = (n: number, size: number) =>
  Array.from({ length: n }, (_, i) => `${String(i).padStart(5, '0')}${'v'.repeat(size - 5)}`);

describe('Producer splitting batches the broker finds too large', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  let topicCount = 0;
  let topic: string;
  before(async () => {
    fake = await FakeKafka.start({ brokers: 2 });
    cluster = clusterOf(fake);
  });
  beforeEach(() => {
    topic = `split${topicCount++}`;
    fake.createTopic({ name: topic, partitions: 2 });
    fake.clearFaults();
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  const fast: ProducerOptions = { retryBackoffMs: 5, retryBackoffMaxMs: 20, deliveryTimeoutMs: 10_000 };

  for (const idempotent of [true, false]) {
    it(`delivers every record once and in order (idempotent: ${idempotent})`, async () => {
      const refused = sizeLimit(fake, topic, 3000);
      const p = new Producer(cluster, {
        ...fast,
        idempotent,
        acks: idempotent ? 'all' : 1,
        batchSize: 1024 * 1024,
        lingerMs: 20,
      });
      const sent = values(400, 100);
      const report = await p.sendBatch(sent.map((value) => ({ topic, partition: 0, value })));
      await p.close();
      assert.ok(refused.length > 0, 'the broker refused some batches');
      const log = logged(fake, topic, 0);
      assert.deepEqual(
        log.map((r) => r.value),
        sent,
      );
      assert.deepEqual(
        [...report.offsets],
        sent.map((_, i) => i),
      );
      if (idempotent) {
        // One epoch, sequences 0..n-1: the pieces took the refused batches' ranges.
        assert.deepEqual(
          log.map((r) => r.sequence),
          sent.map((_, i) => i),
        );
        assert.equal(new Set(log.map((r) => r.producerEpoch)).size, 1);
      }
    });
  }

  it('keeps order when batches pipelined behind a refused one come back out of order', async () => {
    const refused = sizeLimit(fake, topic, 1500);
    // Many batches of ~2 KB per partition, up to 5 in flight: each is refused and split, the
    // ones in flight behind it are answered OUT_OF_ORDER_SEQUENCE_NUMBER and sent after its pieces.
    const p = new Producer(cluster, { ...fast, batchSize: 2000, lingerMs: 0 });
    const sent = values(300, 100);
    const results = await Promise.all(sent.map((value, i) => p.send({ topic, partition: i % 2, value })));
    await p.close();
    assert.ok(refused.length > 0);
    for (const partition of [0, 1]) {
      const mine = sent.filter((_, i) => i % 2 === partition);
      const log = logged(fake, topic, partition);
      assert.deepEqual(
        log.map((r) => r.value),
        mine,
      );
      assert.deepEqual(
        log.map((r) => r.sequence),
        mine.map((_, i) => i),
      );
    }
    for (const [i, m] of results.entries()) assert.equal(m.partition, i % 2);
  });

  it('splits on RECORD_LIST_TOO_LARGE too', async () => {
    sizeLimit(fake, topic, 2500, 18);
    const p = new Producer(cluster, { ...fast, batchSize: 64 * 1024, lingerMs: 10 });
    const sent = values(100, 200);
    await p.sendBatch(sent.map((value) => ({ topic, partition: 1, value })));
    await p.close();
    assert.deepEqual(
      logged(fake, topic, 1).map((r) => r.value),
      sent,
    );
  });

  it('fails a record too large alone with RecordTooLargeError; the records around it are delivered', async () => {
    sizeLimit(fake, topic, 3000);
    const p = new Producer(cluster, { ...fast, batchSize: 1024 * 1024, lingerMs: 10 });
    const before = values(20, 100).map((value) => p.send({ topic, partition: 0, value }));
    const big = p.send({ topic, partition: 0, value: 'B'.repeat(5000) });
    const afterIt = values(20, 100).map((value) => p.send({ topic, partition: 0, value: `after-${value}` }));
    const error = await big.catch((e: unknown) => e);
    assert.ok(error instanceof RecordTooLargeError, String(error));
    assert.equal(error.code, 'RECORD_TOO_LARGE');
    assert.ok(error.cause instanceof BrokerError && error.cause.code === 'MESSAGE_TOO_LARGE');
    await Promise.all([...before, ...afterIt]);
    await p.close();
    const log = logged(fake, topic, 0).map((r) => r.value);
    assert.deepEqual(log, [...values(20, 100), ...values(20, 100).map((v) => `after-${v}`)]);
  });

  it('flush waits for the pieces of a split batch', async () => {
    sizeLimit(fake, topic, 2000);
    const p = new Producer(cluster, { ...fast, batchSize: 1024 * 1024, lingerMs: 1000 });
    const sent = values(200, 100);
    const pending = sent.map((value) => p.send({ topic, partition: 0, value }));
    await p.flush();
    assert.equal(logged(fake, topic, 0).length, sent.length, 'all written when flush resolves');
    await Promise.all(pending);
    await p.close();
  });

  it('grows batches no larger than half the refused size (maxBatchSize above the broker limit)', async () => {
    const refused = sizeLimit(fake, topic, 4000);
    // batchSize under the limit, maxBatchSize (default: maxRequestSize) far over it: grown
    // batches are refused until the partition learnt its limit, then never again.
    const p = new Producer(cluster, { ...fast, batchSize: 1000, lingerMs: 5, maxInFlightPerBroker: 1 });
    await p.sendBatch(values(300, 100).map((value) => ({ topic, partition: 0, value })));
    const refusalsFirst = refused.length;
    await p.sendBatch(values(300, 100).map((value) => ({ topic, partition: 0, value })));
    await p.close();
    assert.equal(refused.length, refusalsFirst, 'no refusal for the second burst');
    assert.equal(logged(fake, topic, 0).length, 600);
  });

  it('closes later batches at half the refused size, so a refusal is not paid for each batch', async () => {
    const refused = sizeLimit(fake, topic, 4000);
    const p = new Producer(cluster, { ...fast, batchSize: 1024 * 1024, lingerMs: 5 });
    await p.sendBatch(values(200, 100).map((value) => ({ topic, partition: 0, value })));
    const refusalsFirst = refused.length;
    assert.ok(refusalsFirst > 0);
    await p.sendBatch(values(200, 100).map((value) => ({ topic, partition: 0, value })));
    await p.close();
    assert.equal(refused.length, refusalsFirst, 'no refusal for the second burst');
    assert.equal(logged(fake, topic, 0).length, 400);
  });
});
