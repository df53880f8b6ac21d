/**
 * The admin and cluster checks every single-broker profile runs (Kafka 4.x and 3.9): topics
 * created, described, listed and deleted through `Kafka#admin()`, cross-checked with Kafka's
 * own `kafka-topics`, and typed errors for the usual mistakes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopicError } from '../../src/admin/topic-error.js';
import { ClientClosedError, DeadlineExceededError } from '../../src/cluster/errors.js';
import { Kafka } from '../../src/kafka.js';
import { BrokerError, errorForCode } from '../../src/protocol/broker-error.js';
import { clusterUnderTest, describeTopic, kafkaUnderTest, uniqueTopic } from './cluster-under-test.js';

/** Registers the suite under `label`. */
export function adminChecks(label: string): void {
  describe(`Kafka#admin() on ${label}`, () => {
    const cluster = clusterUnderTest();
    const kafka = kafkaUnderTest({ clientId: 'kafe-it', timeoutMs: 30_000 });

    it('creates a topic with partitions and configs, visible at once to metadata and to kafka-topics', async () => {
      const topic = uniqueTopic('admin');
      const [created] = await kafka
        .admin()
        .createTopics([
          { topic, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000' } },
        ]);
      assert.equal(created?.topic, topic);
      assert.equal(created?.partitions, 3);
      assert.equal(created?.replicationFactor, 1);
      assert.match(created?.topicId ?? '', /^[A-Za-z0-9_-]{22}$/);
      const [described] = await kafka.admin().describeTopics([topic]);
      assert.equal(described?.topicId, created?.topicId);
      assert.deepEqual(
        described?.partitions.map((p) => p.partition),
        [0, 1, 2],
      );
      for (const p of described?.partitions ?? []) {
        assert.ok(p.leader >= 0 && p.leaderEpoch >= 0, 'a leader and its epoch');
        assert.deepEqual(p.isr, p.replicas);
      }
      const java = await describeTopic(cluster, topic);
      assert.deepEqual(
        java.map((p) => [p.partition, p.leader]),
        described?.partitions.map((p) => [p.partition, p.leader]),
      );
      assert.ok((await kafka.admin().listTopics()).includes(topic));
    });

    it('routes a ListOffsets to the partition leader and reads the log end of a new topic', async () => {
      const topic = uniqueTopic('leader');
      await kafka.admin().createTopics([{ topic, partitions: 2, replicationFactor: 1 }]);
      const response = await kafka.cluster.send(
        'ListOffsets',
        { replicaId: -1, topics: [{ name: topic, partitions: [{ partitionIndex: 1, timestamp: -1n }] }] },
        {
          to: { topic, partition: 1 },
          errorOf: (r) => errorForCode(r.topics[0]?.partitions[0]?.errorCode ?? 0),
        },
      );
      assert.equal(response.topics[0]?.partitions[0]?.offset, 0n);
    });

    it('TOPIC_ALREADY_EXISTS, an unknown topic and an invalid replication factor are typed errors', async () => {
      const topic = uniqueTopic('dup');
      await kafka.admin().createTopics([{ topic, partitions: 1 }]);
      await assert.rejects(
        kafka.admin().createTopics([{ topic, partitions: 1 }]),
        (e: unknown) =>
          e instanceof TopicError && e instanceof BrokerError && e.code === 'TOPIC_ALREADY_EXISTS',
      );
      await assert.rejects(
        kafka.admin().describeTopics([uniqueTopic('missing')]),
        (e: unknown) => e instanceof BrokerError && e.code === 'UNKNOWN_TOPIC_OR_PARTITION',
      );
      await assert.rejects(
        kafka.admin().createTopics([{ topic: uniqueTopic('rf'), partitions: 1, replicationFactor: 5 }]),
        (e: unknown) => e instanceof BrokerError && e.code === 'INVALID_REPLICATION_FACTOR',
      );
    });

    it('deletes topics and waits until metadata forgets them', async () => {
      const a = uniqueTopic('del');
      const b = uniqueTopic('del');
      await kafka.admin().createTopics([
        { topic: a, partitions: 1 },
        { topic: b, partitions: 2 },
      ]);
      await kafka.admin().deleteTopics([a, b]);
      const listed = await kafka.admin().listTopics();
      assert.ok(!listed.includes(a) && !listed.includes(b));
      await assert.rejects(
        kafka.admin().deleteTopics([a]),
        (e: unknown) => e instanceof TopicError && e.code === 'UNKNOWN_TOPIC_OR_PARTITION' && e.topic === a,
      );
    });

    it('an unreachable bootstrap broker fails within the deadline; a closed client fails with ClientClosedError', async () => {
      const lost = new Kafka({ brokers: ['127.0.0.1:1'], timeoutMs: 1000 });
      const admin = lost.admin();
      await assert.rejects(
        admin.listTopics(),
        (e: unknown) => e instanceof DeadlineExceededError && /127\.0\.0\.1:1/.test(e.message),
      );
      await lost.close();
      await assert.rejects(admin.listTopics(), ClientClosedError);
      assert.throws(() => lost.admin(), ClientClosedError);
    });
  });
}
