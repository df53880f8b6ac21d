/**
 * The admin and cluster checks every single-broker profile runs (Kafka 4.x and 3.9): topics
 * created, described, listed and deleted through `Kafka#admin()`, cross-checked with Kafka's
 * own `kafka-topics`, and typed errors for the usual mistakes.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { ResourceError } from '../../src/admin/results.js';
import { ClientClosedError, DeadlineExceededError } from '../../src/cluster/errors.js';
import { Kafka } from '../../src/kafka.js';
import type { RequestMessage } from '../../src/net/diagnostics.js';
import { BrokerError, errorForCode } from '../../src/protocol/broker-error.js';
import {
  clusterUnderTest,
  createTopic,
  describeTopic,
  kafkaUnderTest,
  uniqueTopic,
} from './cluster-under-test.js';

/** Registers the suite under `label`. */
export function adminChecks(label: string): void {
  describe(`Kafka#admin() on ${label}`, () => {
    const cluster = clusterUnderTest();
    const kafka = kafkaUnderTest({ clientId: 'kafe-it', timeoutMs: 30_000 });

    it('creates a topic with partitions and configs, visible at once to metadata and to kafka-topics', async () => {
      const topic = uniqueTopic('admin');
      const created = (
        await kafka
          .admin()
          .createTopics([
            { topic, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000' } },
          ])
      ).get(topic);
      assert.equal(created.topic, topic);
      assert.equal(created.partitions, 3);
      assert.equal(created.replicationFactor, 1);
      assert.equal(created.configs['retention.ms'], '3600000');
      assert.match(created.topicId, /^[A-Za-z0-9_-]{22}$/);
      const described = (await kafka.admin().describeTopics([topic])).get(topic);
      assert.equal(described.topicId, created.topicId);
      assert.deepEqual(
        described.partitions.map((p) => p.partition),
        [0, 1, 2],
      );
      for (const p of described.partitions) {
        assert.ok(p.leader >= 0 && p.leaderEpoch >= 0, 'a leader and its epoch');
        assert.deepEqual(p.isr, p.replicas);
      }
      const java = await describeTopic(cluster, topic);
      assert.deepEqual(
        java.map((p) => [p.partition, p.leader]),
        described.partitions.map((p) => [p.partition, p.leader]),
      );
      const byId = (await kafka.admin().describeTopics([{ topicId: created.topicId }])).get({
        topicId: created.topicId,
      });
      assert.equal(byId.topic, topic);
      const listed = await kafka.admin().listTopics();
      assert.deepEqual(
        listed.find((t) => t.topic === topic),
        { topic, topicId: created.topicId, isInternal: false },
      );
      assert.ok(!listed.some((t) => t.topic === '__consumer_offsets'));
    });

    it('describes topics page by page (DescribeTopicPartitions, KIP-966), every partition once, in order', async () => {
      const a = uniqueTopic('paged');
      const b = uniqueTopic('paged');
      (
        await kafka.admin().createTopics([
          { topic: a, partitions: 5 },
          { topic: b, partitions: 1 },
        ])
      ).throwIfFailed();
      const pages: unknown[] = [];
      const listener = (m: unknown) => {
        const r = m as RequestMessage;
        if (r.api === 'DescribeTopicPartitions' && r.client?.clientId === 'kafe-it') pages.push(r);
      };
      diagnostics.subscribe('kafe:net:request', listener);
      try {
        const results = await kafka
          .admin()
          .describeTopics([a, b], { partitionsPerPage: 2, includeAuthorizedOperations: true });
        assert.deepEqual(
          results.get(a).partitions.map((p) => p.partition),
          [0, 1, 2, 3, 4],
        );
        assert.equal(results.get(b).partitions.length, 1);
        assert.equal(pages.length, 3, '6 partitions, 2 per page');
        // No authorizer: every operation is allowed.
        assert.ok(results.get(a).authorizedOperations?.includes('DESCRIBE'));
      } finally {
        diagnostics.unsubscribe('kafe:net:request', listener);
      }
    });

    it('validateOnly creates nothing; createPartitions adds partitions that kafka-topics sees', async () => {
      const topic = uniqueTopic('grow');
      const checked = await kafka.admin().createTopics([{ topic, partitions: 2 }], { validateOnly: true });
      assert.equal(checked.get(topic).partitions, 2);
      assert.equal(
        (await kafka.admin().describeTopics([topic])).error(topic)?.code,
        'UNKNOWN_TOPIC_OR_PARTITION',
      );
      (await kafka.admin().createTopics([{ topic, partitions: 1 }])).throwIfFailed();
      const grown = await kafka.admin().createPartitions([
        { topic, totalCount: 4 },
        { topic: uniqueTopic('absent'), totalCount: 2 },
      ]);
      assert.equal(grown.get(topic), 4);
      assert.equal(grown.errors[0]?.code, 'UNKNOWN_TOPIC_OR_PARTITION');
      assert.equal((await describeTopic(cluster, topic)).length, 4);
      const shrink = await kafka.admin().createPartitions([{ topic, totalCount: 2 }]);
      assert.equal(shrink.error(topic)?.code, 'INVALID_PARTITIONS');
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

    it('bad input fails its own topic with a typed error naming it; the others are created', async () => {
      const dup = uniqueTopic('dup');
      (await kafka.admin().createTopics([{ topic: dup, partitions: 1 }])).throwIfFailed();
      const fine = uniqueTopic('fine');
      const rf = uniqueTopic('rf');
      const negative = uniqueTopic('neg');
      const config = uniqueTopic('cfg');
      const results = await kafka
        .admin()
        .createTopics([
          { topic: dup, partitions: 1 },
          { topic: fine, partitions: 1 },
          { topic: rf, partitions: 1, replicationFactor: 5 },
          { topic: negative, partitions: -3 },
          { topic: config, partitions: 1, configs: { 'no.such.config': 'x' } },
          { topic: '' },
        ]);
      assert.deepEqual(
        [...results].map((o) => [o.name, o.error?.code ?? 'ok']),
        [
          [dup, 'TOPIC_ALREADY_EXISTS'],
          [fine, 'ok'],
          [rf, 'INVALID_REPLICATION_FACTOR'],
          [negative, 'INVALID_PARTITIONS'],
          [config, 'INVALID_CONFIG'],
          ['', 'INVALID_ARGUMENT'],
        ],
      );
      for (const e of results.errors) {
        assert.ok(e instanceof ResourceError);
        assert.ok(e.message.startsWith(`topic ${e.resource.name}: `), e.message);
      }
      assert.ok(results.error(dup)?.cause instanceof BrokerError);
      assert.equal((await describeTopic(cluster, fine)).length, 1);
      assert.equal(
        (await kafka.admin().describeTopics([uniqueTopic('missing')])).errors[0]?.code,
        'UNKNOWN_TOPIC_OR_PARTITION',
      );
    });

    it('deletes topics by name and by id and waits until metadata forgets them; kafka-topics agrees', async () => {
      const a = uniqueTopic('del');
      const b = uniqueTopic('del');
      const created = await kafka.admin().createTopics([
        { topic: a, partitions: 1 },
        { topic: b, partitions: 2 },
      ]);
      const idOfB = created.get(b).topicId;
      const byTool = uniqueTopic('del-tool');
      await createTopic(cluster, byTool, 2, 1);
      assert.equal((await kafka.admin().describeTopics([byTool])).get(byTool).partitions.length, 2);
      const deleted = await kafka.admin().deleteTopics([a, { topicId: idOfB }, byTool]);
      assert.ok(deleted.ok);
      assert.deepEqual(deleted.get({ topicId: idOfB }), { topic: b, topicId: idOfB });
      const listed = (await kafka.admin().listTopics()).map((t) => t.topic);
      assert.ok(!listed.includes(a) && !listed.includes(b) && !listed.includes(byTool));
      assert.deepEqual(await describeTopic(cluster, a).catch(() => []), []);
      const again = await kafka.admin().deleteTopics([a]);
      assert.equal(again.error(a)?.code, 'UNKNOWN_TOPIC_OR_PARTITION');
      assert.equal(again.error(a)?.resource.name, a);
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
