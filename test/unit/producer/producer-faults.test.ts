import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { OperationAbortedError } from '../../../src/cluster/errors.js';
import { DeliveryTimeoutError } from '../../../src/producer/errors.js';
import { resolveProducerOptions } from '../../../src/producer/options.js';
import { Producer } from '../../../src/producer/producer.js';
import { FakeProduceCluster } from './fake-produce-cluster.js';

/** Values of a partition's log. */
const values = (cluster: FakeProduceCluster, topic: string, partition: number) =>
  cluster.records(topic, partition).map((r) => r.value);

const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('Producer retries, leader moves and idempotence', () => {
  let cluster: FakeProduceCluster;
  let topicCount = 0;
  let topic: string;
  before(async () => {
    cluster = await FakeProduceCluster.start({ brokers: 2 });
  });
  beforeEach(() => {
    topic = `f${topicCount++}`;
    cluster.createTopic(topic, 2);
    cluster.fault = () => undefined;
    cluster.produceDelayMs = 0;
  });
  after(() => cluster.stop());

  // maxBatchSize = batchSize: fixed-size batches, so a burst makes many requests to break.
  const fast = { retryBackoffMs: 5, retryBackoffMaxMs: 20, lingerMs: 0, batchSize: 200, maxBatchSize: 200 };

  it('retries a retriable error and keeps the partition order (idempotent, 5 in flight)', async () => {
    let failures = 0;
    cluster.fault = (t, p) =>
      t === topic && p === 0 && failures++ % 3 === 0 && failures < 12 ? { errorCode: 7 } : undefined; // REQUEST_TIMED_OUT
    const p = new Producer(cluster, fast);
    const sent = numbered('r', 300);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 0 })));
    assert.deepEqual(values(cluster, topic, 0), sent);
    await p.close();
  });

  it('does not duplicate a batch written whose answer was lost (connection dropped after the append)', async () => {
    let dropped = 0;
    cluster.fault = (t, p) =>
      t === topic && p === 1 && dropped++ === 2 ? { appendThenError: -1 } : undefined;
    const p = new Producer(cluster, fast);
    const sent = numbered('d', 200);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 1 })));
    assert.deepEqual(values(cluster, topic, 1), sent);
    await p.close();
  });

  it('without idempotence keeps order with one batch in flight per partition', async () => {
    let n = 0;
    cluster.fault = (t) => (t === topic && n++ % 4 === 1 && n < 20 ? { errorCode: 7 } : undefined);
    const p = new Producer(cluster, { ...fast, acks: 1 });
    assert.equal(resolveProducerOptions({ acks: 1 }).idempotent, false);
    const sent = numbered('n', 200);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 0 })));
    assert.deepEqual(values(cluster, topic, 0), sent);
    // Only this producer writes this topic: a request sent while another was unanswered would
    // mean two batches of the partition in flight.
    const requests = cluster
      .produceRequests()
      .filter((r) => r.body.topicData.some((t: { name: string }) => t.name === topic));
    assert.ok(requests.length > 10);
    assert.ok(requests.every((r) => r.outstanding === 0));
    await p.close();
  });

  it('follows a leader move after NOT_LEADER_OR_FOLLOWER by refreshing metadata', async () => {
    const p = new Producer(cluster, fast);
    await p.sendBatch(numbered('a', 50).map((value) => ({ topic, value, partition: 0 })));
    const refreshes = cluster.refreshes;
    cluster.moveLeader(topic, 0, 1); // the cache still names broker 0
    await p.sendBatch(numbered('b', 50).map((value) => ({ topic, value, partition: 0 })));
    assert.ok(cluster.refreshes > refreshes, 'metadata was not refreshed');
    assert.deepEqual(values(cluster, topic, 0), [...numbered('a', 50), ...numbered('b', 50)]);
    assert.ok(cluster.brokers[1]!.requestsOf('Produce').some((r) => r.body.topicData[0].name === topic));
    await p.close();
  });

  it('recovers from UNKNOWN_PRODUCER_ID by bumping the epoch (KIP-360), without loss or duplicates', async () => {
    const p = new Producer(cluster, fast);
    await p.sendBatch(numbered('x', 100).map((value) => ({ topic, value, partition: 0 })));
    cluster.loseProducerState(topic, 0);
    const inits = cluster.initProducerIdRequests.length;
    await p.sendBatch(numbered('y', 100).map((value) => ({ topic, value, partition: 0 })));
    assert.deepEqual(values(cluster, topic, 0), [...numbered('x', 100), ...numbered('y', 100)]);
    const bump = cluster.initProducerIdRequests.slice(inits);
    assert.equal(bump.length, 1);
    assert.ok(bump[0]!.body.producerId >= 0n, 'the bump names the current producer id');
    const epochs = new Set(cluster.records(topic, 0).map((r) => r.producerEpoch));
    assert.deepEqual([...epochs], [0, 1]);
    await p.close();
  });

  it('recovers from a genuine OUT_OF_ORDER_SEQUENCE_NUMBER by bumping the epoch', async () => {
    let n = 0;
    cluster.fault = (t, part) => (t === topic && part === 1 && n++ === 3 ? { errorCode: 45 } : undefined);
    const p = new Producer(cluster, fast);
    const sent = numbered('o', 300);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 1 })));
    assert.deepEqual(values(cluster, topic, 1), sent);
    await p.close();
  });

  it('retries InitProducerId while retriable, and fails the producer for good when refused', async () => {
    let calls = 0;
    cluster.initProducerIdError = () => (calls++ < 2 ? 14 : 0); // COORDINATOR_LOAD_IN_PROGRESS twice
    try {
      const p = new Producer(cluster, fast);
      assert.ok((await p.send({ topic, value: 'after-retries', partition: 0 })).offset >= 0n);
      assert.equal(calls, 3);
      await p.close();
      cluster.initProducerIdError = () => 31; // CLUSTER_AUTHORIZATION_FAILED
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
      cluster.initProducerIdError = () => 0;
    }
  });

  it('bounds the buffer: send waits for space, then fails with DeliveryTimeoutError', async () => {
    cluster.produceDelayMs = 300;
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
    cluster.produceDelayMs = 20;
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
    assert.deepEqual(values(cluster, topic, 1), sent);
    for (let i = 1; i < results.length; i++) assert.equal(results[i]!.offset, results[i - 1]!.offset + 1n);
    await p.close();
  });

  it('flush and close honour their AbortSignal and timeout', async () => {
    cluster.produceDelayMs = 400;
    const p = new Producer(cluster, fast);
    const pending = p.send({ topic, value: 'slow', partition: 0 });
    await assert.rejects(p.flush({ signal: AbortSignal.timeout(20) }), OperationAbortedError);
    await assert.rejects(p.flush({ timeoutMs: 20 }), OperationAbortedError);
    await p.close({ timeoutMs: 20 });
    await assert.rejects(pending, (e: Error & { code?: string }) => e.code === 'CLIENT_CLOSED');
  });

  it('keeps at most maxInFlightPerBroker Produce requests in flight per broker', async () => {
    cluster.produceDelayMs = 30;
    const p = new Producer(cluster, { ...fast, maxInFlightPerBroker: 2, batchSize: 100, maxBatchSize: 100 });
    const first = cluster.brokers[0]!.requests.length;
    await p.sendBatch(numbered('m', 200).map((value) => ({ topic, value, partition: 0 })));
    const seen = cluster.brokers[0]!.requests.slice(first).filter((r) => r.api === 'Produce');
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
