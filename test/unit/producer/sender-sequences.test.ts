/**
 * Idempotent sequences against a broker that, like Kafka 2.5+, accepts any sequence from a
 * producer it has no state for: a batch refused with a retriable error while a later one is
 * written must neither break the partition's order nor be retried until its delivery timeout
 * (kafe issue 5: OUT_OF_ORDER_SEQUENCE_NUMBER 121 times for a partition created a moment ago).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Producer } from '../../../src/producer/producer.js';
import { FakeProduceCluster, type PartitionFault } from './fake-produce-cluster.js';

const numbered = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * A fault for partition 0 of `topic`: the next Produce of it is refused with
 * NOT_LEADER_OR_FOLLOWER, and that answer is held until the partition's following Produce has
 * reached the broker (or `maxHoldMs` passed, for a producer that rightly sends nothing more
 * before the answer) — the interleaving a loaded machine produced by chance.
 */
function refuseOneWhileNextArrives(topic: string, maxHoldMs: number) {
  let release = () => {};
  const nextArrived = new Promise<void>((resolve) => {
    release = resolve;
  });
  let calls = 0;
  const held = Promise.race([nextArrived, new Promise<void>((resolve) => setTimeout(resolve, maxHoldMs))]);
  return (t: string, p: number): PartitionFault => {
    if (t !== topic || p !== 0) return undefined;
    calls++;
    if (calls === 1) return { errorCode: 6, holdAnswerUntil: held };
    if (calls === 2) release();
    return undefined;
  };
}

describe('Producer sequences when the broker has no state for the producer', () => {
  let cluster: FakeProduceCluster;
  let topicCount = 0;
  let topic: string;
  before(async () => {
    cluster = await FakeProduceCluster.start({ brokers: 1 });
    cluster.acceptUnknownProducers = true;
  });
  beforeEach(() => {
    topic = `s${topicCount++}`;
    cluster.createTopic(topic, 1);
    cluster.fault = () => undefined;
  });
  after(() => cluster.stop());

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
    cluster.fault = refuseOneWhileNextArrives(topic, 100);
    const p = new Producer(cluster, options);
    const sent = numbered('a', 200);
    await p.sendBatch(sent.map((value) => ({ topic, value, partition: 0 })));
    assert.deepEqual(
      cluster.records(topic, 0).map((r) => r.value),
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
    cluster.loseProducerState(topic, 0);
    cluster.fault = refuseOneWhileNextArrives(topic, 1000);
    const inits = cluster.initProducerIdRequests.length;
    const second = numbered('y', 100);
    await p.sendBatch(second.map((value) => ({ topic, value, partition: 0 })));
    const logged = cluster.records(topic, 0).map((r) => r.value);
    assert.equal(logged.length, first.length + second.length, 'each record written once');
    assert.deepEqual([...logged].sort(), [...first, ...second].sort());
    assert.ok(cluster.initProducerIdRequests.length > inits, 'the epoch was bumped');
    await p.close();
  });
});
