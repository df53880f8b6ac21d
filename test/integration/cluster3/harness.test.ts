/**
 * Proves the harness with Kafka's own tools on the 3-broker cluster: a replicated topic, a
 * produce/consume round trip, and leadership moving away from a killed broker and back; and
 * that each broker has its rack (`broker.rack`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Connection } from '../../../src/net/connection.js';
import { firstBroker } from '../broker-address.js';
import {
  clusterUnderTest,
  consumeLines,
  createTopic,
  describeTopic,
  eventually,
  produceLines,
  uniqueTopic,
} from '../cluster-under-test.js';

describe('3-broker harness cluster (Kafka 4.x)', () => {
  const cluster = clusterUnderTest();
  const topic = uniqueTopic('harness');

  it('runs three brokers of the newest 4.x release', () => {
    assert.equal(cluster.status().filter((n) => n.running).length, 3);
    for (const node of cluster.info.nodes) {
      assert.match(
        readFileSync(node.logFile, 'utf8'),
        new RegExp(`Kafka version: ${cluster.info.version.replaceAll('.', '\\.')}`),
      );
    }
    assert.match(cluster.info.version, /^4\./);
  });

  it('gives each broker its own rack, as Metadata reports it', async () => {
    const connection = await Connection.connect(firstBroker(cluster));
    try {
      const { brokers } = await connection.send('Metadata', { topics: [] });
      assert.deepEqual(
        brokers.map((b) => [b.nodeId, b.rack]).sort(),
        cluster.info.nodes.map((n) => [n.id, `rack-${n.id}`]),
      );
    } finally {
      await connection.close();
    }
  });

  it('creates a topic with 3 partitions replicated 3 times', async () => {
    await createTopic(cluster, topic, 3, 3);
    const partitions = await describeTopic(cluster, topic);
    assert.deepEqual(
      partitions.map((p) => p.partition),
      [0, 1, 2],
    );
    for (const p of partitions) assert.deepEqual([...p.replicas].sort(), [1, 2, 3]);
  });

  it('round-trips records through the Java console producer and consumer', async () => {
    const values = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    const produced = await produceLines(cluster, topic, values);
    assert.equal(produced.exitCode, 0, produced.stderr);
    const consumed = await consumeLines(cluster, topic, values.length);
    assert.deepEqual([...consumed].sort(), [...values].sort());
  });

  it('moves leadership away from a killed broker, and takes it back after a restart', async () => {
    const before = await describeTopic(cluster, topic);
    const victim = before[0]!.leader;
    assert.ok(victim > 0, 'partition 0 has a leader');
    await cluster.killBroker(victim);
    const after = await eventually('leaders moved off the killed broker', 60_000, async () => {
      const now = await describeTopic(cluster, topic);
      return now.every((p) => p.leader > 0 && p.leader !== victim) ? now : undefined;
    });
    assert.notEqual(after[0]!.leader, victim);
    // Records are still readable with one broker down.
    assert.equal((await consumeLines(cluster, topic, 5)).length, 5);

    await cluster.restartBroker(victim);
    await eventually('restarted broker back in every ISR', 90_000, async () => {
      const now = await describeTopic(cluster, topic);
      return now.every((p) => p.isr.includes(victim)) ? now : undefined;
    });
    assert.equal(cluster.status().filter((n) => n.running).length, 3);
  });
});
