/**
 * Rolling restart of all three brokers while a group of three consumer processes consumes
 * (issue 6), at a size that fits the suite; `scripts/soak-consumer.ts` runs it with 1,000,000
 * records. Every record consumed, none lost, duplicates only across a change of owner, no
 * partition stalled for longer than the session timeout, every member closes cleanly.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { rollingRestart } from '../rolling-restart.js';

describe('consumer group through a rolling restart (3 brokers, RF 3, min.insync.replicas 2)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-rolling-restart', requestTimeoutMs: 10_000 });
  after(async () => {
    for (const node of cluster.status()) if (!node.running) await cluster.restartBroker(node.id);
  });

  it('a group of three consumes 48,000 records while brokers 1, 2, 3 restart one by one', {
    timeout: 240_000,
  }, async () => {
    const sessionTimeoutMs = 10_000;
    const result = await rollingRestart(cluster, kafka, {
      topic: uniqueTopic('rolling'),
      groupId: uniqueTopic('rolling-g'),
      records: 48_000,
      sessionTimeoutMs,
      pacedSeconds: 100,
      log: (line) => console.log(`# ${line}`),
    });
    console.log(`# ${JSON.stringify(result)}`);
    assert.deepEqual(result.problems, []);
    assert.equal(result.restarts.length, 3, 'three brokers restarted');
    assert.ok(result.unconsumedAfterRoll > 0, 'the group was still consuming when the last broker came back');
    assert.equal(result.lost, 0, 'no record lost');
    assert.equal(result.unexplainedDuplicates, 0, 'no record delivered twice to the same owner');
    assert.ok(
      result.longestStallMs < sessionTimeoutMs,
      `a partition made no progress for ${result.longestStallMs} ms`,
    );
    assert.equal(result.cleanExits, 3, 'every member closed cleanly');
  });
});
