/**
 * Idempotent sequences against a broker that, like Kafka 2.5+, accepts any sequence from a
 * producer it has no state for: a batch refused with a retriable error while a later one is
 * written must neither break the partition's order nor be retried until its delivery timeout
 * (kafe issue 5: OUT_OF_ORDER_SEQUENCE_NUMBER 121 times for a partition created a moment ago).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { Producer } from '../../../src/producer/producer.js';
import { FakeKafka, type FaultHandle } from '../../../src/testing/index.js';
import { clusterOf, logged } from '../../support/fake-kafka-client.js';

const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * A fault for partition 0 of `topic`: the next Produce of it is refused with
 * NOT_LEADER_OR_FOLLOWER, and that answer is held until the partition's following Produce has
 * reached the broker (or `maxHoldMs` passed, for a producer that rightly sends nothing more
 * before the answer) — the interleaving a loaded machine produced by chance.
 */
function refuseOneWhileNextArrives(fake: FakeKafka, topic: string, maxHoldMs: number): FaultHandle {
  let release = () => {};
  const nextArrived = new Promise<void>((resolve) => {
    release = resolve;
  });
  const held = Promise.race([nextArrived, new Promise<void>((resolve) => setTimeout(resolve, maxHoldMs))]);
  const topicId = fake.topic(topic)?.topicId;
  let calls = 0;
  return fake.control('Produce', async (r) => {
    const mine = r.body.topicData.filter((t: { topicId: string }) => t.topicId === topicId);
    if (mine.length === 0) return undefined;
    calls++;
    if (calls === 2) release();
    if (calls !== 1) return undefined;
    const responses = mine.map((t: { topicId: string; partitionData: { index: number }[] }) => ({
      topicId: t.topicId,
      partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: 6, baseOffset: -1n })),
    }));
    // Requests arriving meanwhile are served at once; this answer is written when released.
    await held;
    return { body: { responses, throttleTimeMs: 0 } };
  });
}

describe('Producer sequences when the broker has no state for the producer', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  let topicCount = 0;
  let topic: string;
  before(async () => {
    // Like Kafka 2.5+: any sequence is accepted from a producer the partition has no state for.
    fake = await FakeKafka.start({ unknownProducerIdErrors: false });
    cluster = clusterOf(fake);
  });
  beforeEach(() => {
    topic = `s${topicCount++}`;
    fake.createTopic({ name: topic, partitions: 1 });
    fake.clearFaults();
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  // Small batches so a sendBatch makes many; a short delivery timeout so a loop fails fast.
  const options = {
    retryBackoffMs: 5,
    retryBackoffMaxMs: 20,
    lingerMs: 0,
    batchSize: 200,
    maxBatchSize: 200,
    deliveryTimeoutMs: 3000,
  };

  it('sends the first batch of an epoch alone: a refused first batch cannot be overtaken', async () => {
    const refusal = refuseOneWhileNextArrives(fake, topic, 100);
    const p = new Producer(cluster, options);
    const sent = numbered('a', 200);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 0 })));
    assert.equal(refusal.fired, 1);
    assert.deepEqual(
      logged(fake, topic, 0).map((r) => r.value),
      sent,
    );
    await p.close();
  });

  it('renumbers under a new epoch a batch the broker sequence has passed, when it was never written', async () => {
    const p = new Producer(cluster, options);
    const first = numbered('x', 100);
    await p.sendBatch(first.map((value) => ({ topic, value, partition: 0 })));
    // Retention removed the producer's batches: the broker takes any sequence again, and the
    // next batch is refused while the one after it is written.
    fake.forgetProducerState(topic, 0);
    const refusal = refuseOneWhileNextArrives(fake, topic, 1000);
    const inits = fake.requests('InitProducerId').length;
    const second = numbered('y', 100);
    await p.sendBatch(second.map((value) => ({ topic, value, partition: 0 })));
    const values = logged(fake, topic, 0).map((r) => r.value);
    assert.equal(values.length, first.length + second.length, 'each record written once');
    assert.deepEqual([...values].sort(), [...first, ...second].sort());
    assert.equal(refusal.fired, 1);
    assert.ok(fake.requests('InitProducerId').length > inits, 'the epoch was bumped');
    await p.close();
  });
});
