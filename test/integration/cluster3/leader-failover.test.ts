/**
 * The cluster layer on 3 real brokers: a topic replicated 3 times, the leader of a partition
 * killed (SIGKILL) while requests routed to that partition's leader keep going; metadata moves
 * to the new leader and the requests succeed again on the same client; the killed broker is
 * restarted and the client reconnects to it. The client's log tells the story: the lost
 * connection and the leader move, one line each, with the broker and partition. Runs after `harness.test.ts` (alphabetical) and
 * leaves all three brokers running.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorForCode } from '../../../src/protocol/broker-error.js';
import { KafeError } from '../../../src/protocol/errors.js';
import { CapturedLog } from '../../support/captured-log.js';
import { clusterUnderTest, eventually, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('leader failover on the 3-broker cluster', () => {
  const cluster = clusterUnderTest();
  const topic = uniqueTopic('failover');
  let victim = -1;
  /** The victim's `host:port`, as metadata named it before the kill. */
  let victimAddress = '';

  const listOffsets = (partition: number, timeoutMs = 20_000) =>
    kafka.cluster.send(
      'ListOffsets',
      {
        replicaId: -1,
        topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp: -1n }] }],
      },
      {
        to: { topic, partition },
        timeoutMs,
        errorOf: (r) => errorForCode(r.topics[0]?.partitions[0]?.errorCode ?? 0),
      },
    );

  const log = new CapturedLog();
  const kafka = kafkaUnderTest({
    clientId: 'kafe-failover',
    requestTimeoutMs: 5000,
    timeoutMs: 30_000,
    logger: log,
  });
  before(async () => {
    (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 3 }])).throwIfFailed();
  });
  after(async () => {
    if (victim > 0 && !cluster.status().find((n) => n.id === victim)?.running)
      await cluster.restartBroker(victim);
  });

  it('creates the topic with replication factor 3 and routes to each leader', async () => {
    const d = (await kafka.admin().describeTopics([topic])).get(topic);
    for (const p of d.partitions) assert.deepEqual([...p.replicas].sort(), [1, 2, 3]);
    for (const partition of [0, 1, 2]) await listOffsets(partition);
    victim = kafka.cluster.metadata.partition(topic, 0)!.leaderId;
    assert.ok(victim > 0);
    const broker = kafka.cluster.metadata.brokers.get(victim)!;
    victimAddress = `${broker.host}:${broker.port}`;
  });

  it('after the leader is killed, requests find the new leader without a new client', async (t) => {
    const epochBefore = kafka.cluster.metadata.partition(topic, 0)!.leaderEpoch;
    // Requests in flight while the broker dies: each succeeds or fails with a typed error.
    const loop = (async () => {
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) {
        try {
          await listOffsets(0, 3000);
          outcomes.push('ok');
        } catch (error) {
          assert.ok(error instanceof KafeError, `typed error, got ${String(error)}`);
          outcomes.push(error.code);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      return outcomes;
    })();
    await new Promise((r) => setTimeout(r, 300));
    await cluster.killBroker(victim);
    const outcomes = await loop;
    t.diagnostic(`calls during the failover: ${outcomes.join(' ')}`);
    assert.equal(outcomes.at(-1), 'ok', `the last calls succeed again: ${outcomes.join(' ')}`);
    await listOffsets(0);
    const now = kafka.cluster.metadata.partition(topic, 0)!;
    assert.notEqual(now.leaderId, victim, 'metadata names the new leader');
    assert.ok(now.leaderEpoch > epochBefore, `leader epoch ${epochBefore} -> ${now.leaderEpoch}`);
  });

  it('logs the lost connection and the leader move, with broker and partition', () => {
    const lost = log.find('disconnected from broker').filter((l) => l.fields.broker === victimAddress);
    assert.ok(lost.length >= 1, log.text());
    assert.equal(lost[0]!.fields.clientId, 'kafe-failover');
    const moves = log
      .find('partition leaders moved')
      .flatMap((l) => l.fields.leaders as { topic: string; partition: number; from: number; to: number }[])
      .filter((m) => m.topic === topic && m.partition === 0);
    assert.ok(
      moves.some((m) => m.from === victim && m.to !== victim),
      `partition 0 moved away from ${victim}:\n${log.text()}`,
    );
    assert.equal(log.lines.filter((l) => l.level === 'error').length, 0, log.text());
  });

  it('reconnects to the broker once it is restarted', async () => {
    await cluster.restartBroker(victim);
    // A request addressed to the restarted node itself: needs a fresh connection to it.
    const response = await eventually('the restarted broker answers', 60_000, async () =>
      kafka.cluster.send(
        'Metadata',
        { topics: [], allowAutoTopicCreation: false },
        { to: { nodeId: victim }, timeoutMs: 5000 },
      ),
    );
    assert.ok(response.brokers.some((b) => b.nodeId === victim));
    for (const partition of [0, 1, 2]) await listOffsets(partition);
  });
});
