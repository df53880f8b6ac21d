import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { OperationAbortedError } from '../../../src/cluster/errors.js';
import { DeliveryTimeoutError } from '../../../src/producer/errors.js';
import { resolveProducerOptions } from '../../../src/producer/options.js';
import { Producer } from '../../../src/producer/producer.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { clusterOf, logged } from '../../support/fake-kafka-client.js';

/** Values of a partition's log. */
const values = (fake: FakeKafka, topic: string, partition: number) =>
  logged(fake, topic, partition).map((r) => r.value);

const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('Producer retries, leader moves and idempotence', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  let topicCount = 0;
  let topic: string;
  before(async () => {
    // Brokers before Kafka 2.5 refuse an unknown producer's non-zero sequence: the KIP-360 path.
    fake = await FakeKafka.start({ brokers: 2, unknownProducerIdErrors: true });
    cluster = clusterOf(fake);
  });
  beforeEach(() => {
    topic = `f${topicCount++}`;
    fake.createTopic({ name: topic, partitions: 2 });
    fake.clearFaults();
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  // maxBatchSize = batchSize: fixed-size batches, so a burst makes many requests to break.
  const fast = { retryBackoffMs: 5, retryBackoffMaxMs: 20, lingerMs: 0, batchSize: 200, maxBatchSize: 200 };

  it('retries a retriable error and keeps the partition order (idempotent, 5 in flight)', async () => {
    let requests = 0;
    const timeouts = fake.failNext('Produce', {
      errorCode: 7, // REQUEST_TIMED_OUT
      topic,
      partition: 0,
      count: 4,
      when: () => requests++ % 3 === 0,
    });
    const p = new Producer(cluster, fast);
    const sent = numbered('r', 300);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 0 })));
    assert.deepEqual(values(fake, topic, 0), sent);
    assert.equal(timeouts.fired, 4);
    await p.close();
  });

  it('does not duplicate a batch written whose answer was lost (connection dropped after the append)', async () => {
    let requests = 0;
    const lost = fake.closeConnectionOn('Produce', {
      moment: 'after-handling',
      when: () => requests++ === 2,
    });
    const p = new Producer(cluster, fast);
    const sent = numbered('d', 200);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 1 })));
    assert.deepEqual(values(fake, topic, 1), sent);
    assert.equal(lost.fired, 1);
    await p.close();
  });

  it('without idempotence keeps order with one batch in flight per partition', async () => {
    let n = 0;
    const timeouts = fake.failNext('Produce', { errorCode: 7, topic, count: 5, when: () => n++ % 4 === 1 });
    const p = new Producer(cluster, { ...fast, acks: 1 });
    assert.equal(resolveProducerOptions({ acks: 1 }).idempotent, false);
    const sent = numbered('n', 200);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 0 })));
    assert.deepEqual(values(fake, topic, 0), sent);
    // Only this producer writes this topic: a request sent while another was unanswered would
    // mean two batches of the partition in flight.
    const topicId = fake.topic(topic)?.topicId;
    const requests = fake
      .requests('Produce')
      .filter((r) => r.body.topicData.some((t: { topicId: string }) => t.topicId === topicId));
    assert.ok(requests.length > 10, `${requests.length} requests`);
    assert.ok(
      requests.every((r) => r.outstanding === 0),
      `outstanding: ${requests.map((r) => r.outstanding)}`,
    );
    assert.equal(timeouts.fired, 5);
    await p.close();
  });

  it('follows a leader move after NOT_LEADER_OR_FOLLOWER by refreshing metadata', async () => {
    const p = new Producer(cluster, fast);
    await p.sendBatch(numbered('a', 50).map((value) => ({ topic, value, partition: 0 })));
    const refreshes = fake.requests('Metadata').length;
    fake.moveLeader(topic, 0, 1); // the cache still names broker 0
    await p.sendBatch(numbered('b', 50).map((value) => ({ topic, value, partition: 0 })));
    assert.ok(fake.requests('Metadata').length > refreshes, 'metadata was not refreshed');
    assert.deepEqual(values(fake, topic, 0), [...numbered('a', 50), ...numbered('b', 50)]);
    const topicId = fake.topic(topic)?.topicId;
    assert.ok(
      fake.requests('Produce').some((r) => r.nodeId === 1 && r.body.topicData[0].topicId === topicId),
    );
    await p.close();
  });

  it('recovers from UNKNOWN_PRODUCER_ID by bumping the epoch (KIP-360), without loss or duplicates', async () => {
    const p = new Producer(cluster, fast);
    await p.sendBatch(numbered('x', 100).map((value) => ({ topic, value, partition: 0 })));
    fake.forgetProducerState(topic, 0);
    const inits = fake.requests('InitProducerId').length;
    await p.sendBatch(numbered('y', 100).map((value) => ({ topic, value, partition: 0 })));
    assert.deepEqual(values(fake, topic, 0), [...numbered('x', 100), ...numbered('y', 100)]);
    const bump = fake.requests('InitProducerId').slice(inits);
    assert.equal(bump.length, 1);
    assert.ok(bump[0]!.body.producerId >= 0n, 'the bump names the current producer id');
    const epochs = new Set(logged(fake, topic, 0).map((r) => r.producerEpoch));
    assert.deepEqual([...epochs], [0, 1]);
    await p.close();
  });

  it('recovers from a genuine OUT_OF_ORDER_SEQUENCE_NUMBER by bumping the epoch', async () => {
    let n = 0;
    const outOfOrder = fake.failNext('Produce', {
      errorCode: 45,
      topic,
      partition: 1,
      when: () => n++ === 3,
    });
    const p = new Producer(cluster, fast);
    const sent = numbered('o', 300);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 1 })));
    assert.deepEqual(values(fake, topic, 1), sent);
    assert.equal(outOfOrder.fired, 1);
    await p.close();
  });

  it('retries InitProducerId while retriable, and fails the producer for good when refused', async () => {
    const loading = fake.failNext('InitProducerId', { errorCode: 14, count: 2 }); // COORDINATOR_LOAD_IN_PROGRESS
    const calls = fake.requests('InitProducerId').length;
    try {
      const p = new Producer(cluster, fast);
      assert.ok((await p.send({ topic, value: 'after-retries', partition: 0 })).offset >= 0n);
      assert.equal(loading.fired, 2);
      assert.equal(fake.requests('InitProducerId').length - calls, 3);
      await p.close();
      fake.failNext('InitProducerId', { errorCode: 31, count: Number.POSITIVE_INFINITY }); // CLUSTER_AUTHORIZATION_FAILED
      const refused = new Producer(cluster, fast);
      await assert.rejects(
        refused.send({ topic, value: 'x', partition: 0 }),
        (e: Error & { code?: string }) => e.code === 'CLUSTER_AUTHORIZATION_FAILED',
      );
      await assert.rejects(
        refused.send({ topic, value: 'y', partition: 0 }),
        (e: Error & { code?: string }) => e.code === 'CLUSTER_AUTHORIZATION_FAILED',
      );
      await refused.close();
    } finally {
      fake.clearFaults();
    }
  });

  it('bounds the buffer: send waits for space, then fails with DeliveryTimeoutError', async () => {
    fake.delayResponses('Produce', 300, { count: Number.POSITIVE_INFINITY });
    const p = new Producer(cluster, { ...fast, bufferMemory: 4096, deliveryTimeoutMs: 150 });
    const big = 'v'.repeat(1500);
    const first = p.send({ topic, value: big, partition: 0 });
    const second = p.send({ topic, value: big, partition: 0 });
    const third = p.send({ topic, value: big, partition: 0 }); // 3 x ~1540 > 4096: waits
    await assert.rejects(third, DeliveryTimeoutError);
    await Promise.allSettled([first, second]);
    await p.close();
  });

  it('backpressure: sends beyond bufferMemory wait for space and are delivered in order', async () => {
    fake.delayResponses('Produce', 20, { count: Number.POSITIVE_INFINITY });
    const p = new Producer(cluster, {
      ...fast,
      bufferMemory: 5000,
      batchSize: 1600,
      maxBatchSize: 1600,
      deliveryTimeoutMs: 10_000,
    });
    const sent = numbered('bp', 40).map((v) => v.padEnd(1000, '.'));
    // 40 records of ~1 KB through a 5 KB buffer: most of them wait for earlier ones to be acknowledged.
    const results = await Promise.all(sent.map((value) => p.send({ topic, value, partition: 1 })));
    assert.deepEqual(values(fake, topic, 1), sent);
    for (let i = 1; i < results.length; i++) assert.equal(results[i]!.offset, results[i - 1]!.offset + 1n);
    await p.close();
  });

  it('flush and close honour their AbortSignal and timeout', async () => {
    fake.delayResponses('Produce', 400, { count: Number.POSITIVE_INFINITY });
    const p = new Producer(cluster, fast);
    const pending = p.send({ topic, value: 'slow', partition: 0 });
    await assert.rejects(p.flush({ signal: AbortSignal.timeout(20) }), OperationAbortedError);
    await assert.rejects(p.flush({ timeoutMs: 20 }), OperationAbortedError);
    await p.close({ timeoutMs: 20 });
    await assert.rejects(pending, (e: Error & { code?: string }) => e.code === 'CLIENT_CLOSED');
  });

  it('keeps at most maxInFlightPerBroker Produce requests in flight per broker', async () => {
    fake.delayResponses('Produce', 30, { count: Number.POSITIVE_INFINITY });
    const p = new Producer(cluster, { ...fast, maxInFlightPerBroker: 2, batchSize: 100, maxBatchSize: 100 });
    const first = fake.requests().filter((r) => r.nodeId === 0).length;
    await p.sendBatch(numbered('m', 200).map((value) => ({ topic, value, partition: 0 })));
    const seen = fake
      .requests()
      .filter((r) => r.nodeId === 0)
      .slice(first)
      .filter((r) => r.api === 'Produce');
    assert.ok(seen.length > 4);
    assert.ok(
      seen.every((r) => r.outstanding < 2),
      `outstanding: ${seen.map((r) => r.outstanding)}`,
    );
    assert.ok(
      seen.some((r) => r.outstanding === 1),
      'requests were never pipelined',
    );
    await p.close();
  });
});
