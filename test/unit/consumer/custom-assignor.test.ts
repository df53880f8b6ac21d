/**
 * A consumer offers an assignor object of its own (`assignors: [{ name, assign }]`) under its
 * protocol name in JoinGroup, and the leader runs it: how another client's assignor (KafkaJS's
 * `RoundRobinAssigner`, for kafe/kafkajs) shares a group with that client's members.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TopicPartition } from '../../../src/cluster/topic-partition.js';
import type { Assignor } from '../../../src/consumer/assignors/assignor.js';
import { Consumer } from '../../../src/consumer/consumer.js';
import type { TopicPartitions } from '../../../src/protocol/consumer-protocol.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { clusterOf } from '../../support/fake-kafka-client.js';
import { until } from '../../support/until.js';

describe('a custom assignor object', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  before(async () => {
    fake = await FakeKafka.start({ topics: [{ name: 't', partitions: 4 }] });
  });
  after(() => fake.close());

  it('is offered under its name and decides the assignment', async () => {
    const seen: string[][] = [];
    // Gives every member the odd partitions only: an assignment no built-in assignor makes.
    const oddOnly: Assignor = {
      name: 'OddOnly',
      assign: (members, counts) => {
        seen.push(members.map((m) => [...m.subscription.topics].join()));
        const odd: TopicPartitions[] = [...counts].map(([topic, n]) => ({
          topic,
          partitions: Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 1),
        }));
        return new Map(members.map((m) => [m.memberId, odd]));
      },
    };
    const consumer = new Consumer(
      clusterOf(fake),
      { groupId: 'custom-assignor', assignors: [oddOnly], heartbeatIntervalMs: 20, maxWaitMs: 20 },
      { ownsCluster: true },
    );
    const assigned: TopicPartition[] = [];
    consumer.subscribe(['t'], { onAssigned: (p) => void assigned.push(...p) });
    void consumer.run({ eachMessage: () => undefined });
    await until('assigned', () => assigned.length > 0);
    assert.deepEqual(assigned.map((p) => p.partition).sort(), [1, 3]);
    assert.deepEqual(seen, [['t']]);
    const join = fake.requests('JoinGroup').find((r) => r.body.groupId === 'custom-assignor');
    assert.deepEqual(
      join?.body.protocols.map((p: { name: string }) => p.name),
      ['OddOnly'],
    );
    await consumer.close();
  });
});
