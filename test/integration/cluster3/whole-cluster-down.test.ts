/**
 * Every broker of the 3-broker cluster stopped: pending and new calls fail with a typed error
 * within their timeout — no hang, no unhandled rejection — and after the brokers come back the
 * same client works again. Runs last in the folder (alphabetical) and restarts every broker.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DeadlineExceededError } from '../../../src/cluster/errors.js';
import { KafeError } from '../../../src/protocol/errors.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('all brokers of the 3-broker cluster down', () => {
  const cluster = clusterUnderTest();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const kafka = kafkaUnderTest({ clientId: 'kafe-down', requestTimeoutMs: 3000, timeoutMs: 30_000 });
  const topic = uniqueTopic('down');
  /**
   * Starts every stopped node at once: they are the KRaft quorum too, and one alone has no
   * quorum to register with (it gives up and exits), so one at a time never becomes ready.
   */
  const restartAll = () =>
    Promise.all(cluster.status().flatMap((n) => (n.running ? [] : [cluster.restartBroker(n.id)])));

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await restartAll();
  });

  it('pending calls fail with a typed error within their timeout, and the client recovers', async () => {
    (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 3 }])).throwIfFailed();
    const ids = cluster.info.nodes.map((n) => n.id);
    const timeoutMs = 8000;
    const calls = [0, 1, 2].map((partition) =>
      kafka.cluster
        .send(
          'ListOffsets',
          {
            replicaId: -1,
            topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp: -1n }] }],
          },
          { to: { topic, partition }, timeoutMs },
        )
        .then(
          () => 'ok',
          (e: unknown) => e,
        ),
    );
    await Promise.all(ids.map((id) => cluster.killBroker(id)));
    const late = kafka
      .admin()
      .listTopics({ timeoutMs })
      .then(
        () => 'ok',
        (e: unknown) => e,
      );
    const results = await Promise.all([...calls, late]);
    for (const r of results) {
      if (r === 'ok') continue; // answered before the brokers died
      assert.ok(r instanceof KafeError, `typed error, got ${String(r)}`);
    }
    assert.ok(
      results.at(-1) instanceof DeadlineExceededError,
      `the call made while all were down: ${String(results.at(-1))}`,
    );
    // Bounded: a call still failing at its deadline ends with DeadlineExceededError (checked above),
    // never a hang; the test runner's timeout would catch one.

    await restartAll();
    const listed = await kafka.admin().listTopics({ timeoutMs: 60_000 });
    assert.ok(listed.some((t) => t.topic === topic));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(unhandled, []);
  });
});
