/**
 * Idempotence under fire at a size that fits the suite (the full 1,000,000 records run by
 * `scripts/soak-producer.ts`): the leader of a partition killed with SIGKILL and restarted while
 * an idempotent acks=all producer writes numbered records; every record read back exactly once,
 * in order per partition.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { produceUnderFire } from '../idempotence-under-fire.js';

describe('idempotent producer under fire (3 brokers, RF 3, min.insync.replicas 2)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-under-fire', requestTimeoutMs: 10_000 });
  after(async () => {
    for (const node of cluster.status()) if (!node.running) await cluster.restartBroker(node.id);
  });

  it('writes 60,000 numbered records exactly once and in order while the leader is killed and restarted', async () => {
    const result = await produceUnderFire(cluster, kafka, {
      topic: uniqueTopic('under-fire'),
      records: 60_000,
      log: (line) => console.log(`# ${line}`),
    });
    console.log(`# ${JSON.stringify(result)}`);
    // The fault fired and the producer saw it: partition 0 moved to another broker meanwhile.
    assert.ok(result.leaderWhileDown >= 0, 'partition 0 had a leader while the victim was down');
    assert.notEqual(result.leaderWhileDown, result.victim);
    assert.equal(result.failed, 0, 'every record acknowledged');
    assert.deepEqual(result.problems, []);
    assert.equal(result.readBack, 60_000);
  });
});
