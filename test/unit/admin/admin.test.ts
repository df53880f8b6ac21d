import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TopicError } from '../../../src/admin/topic-error.js';
import { ClientClosedError, InvalidArgumentError } from '../../../src/cluster/errors.js';
import { Kafka } from '../../../src/kafka.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeCluster, type FakeClusterRequest } from '../../fake-broker/fake-cluster.js';

describe('Admin against a fake cluster', () => {
  let fake: FakeCluster;
  let kafka: Kafka;
  /** Error to answer per topic name on the next CreateTopics, instead of creating it. */
  const createErrors = new Map<string, number>();

  beforeEach(async () => {
    fake = await FakeCluster.start(3);
    fake.controllerId = 1;
    createErrors.clear();
    fake.handle('CreateTopics', (r: FakeClusterRequest) => ({
      body: {
        topics: r.body.topics.map((t: { name: string; numPartitions: number; replicationFactor: number }) => {
          const errorCode =
            createErrors.get(t.name) ?? (fake.topics.has(t.name) ? errorCodes.TOPIC_ALREADY_EXISTS.code : 0);
          createErrors.delete(t.name);
          if (errorCode === 0) fake.addTopic(t.name, t.numPartitions);
          return {
            name: t.name,
            errorCode,
            errorMessage: errorCode === 0 ? null : `refused ${t.name}`,
            numPartitions: t.numPartitions,
            replicationFactor: t.replicationFactor,
          };
        }),
      },
    }));
    fake.handle('DeleteTopics', (r: FakeClusterRequest) => ({
      body: {
        responses: r.body.topics.map((t: { name: string }) => {
          const known = fake.topics.delete(t.name);
          return { name: t.name, errorCode: known ? 0 : errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code };
        }),
      },
    }));
    kafka = new Kafka({
      brokers: fake.bootstrap,
      timeoutMs: 3000,
      retryBackoffMs: 5,
      retryBackoffMaxMs: 20,
    });
  });
  afterEach(async () => {
    await kafka.close();
    await fake.stop();
  });

  it('creates topics on the controller and waits until metadata knows them', async () => {
    const created = await kafka.admin().createTopics([
      { topic: 'a', partitions: 3, replicationFactor: 2 },
      { topic: 'b', partitions: 1, configs: { 'cleanup.policy': 'compact' } },
    ]);
    assert.deepEqual(
      created.map((c) => [c.topic, c.partitions, c.topicId === fake.topics.get(c.topic)?.topicId]),
      [
        ['a', 3, true],
        ['b', 1, true],
      ],
    );
    const sent = fake.requestsOf('CreateTopics');
    assert.deepEqual(
      sent.map((r) => r.nodeId),
      [1],
    );
    assert.deepEqual(sent[0]!.body.topics[1].configs, [{ name: 'cleanup.policy', value: 'compact' }]);
    assert.deepEqual(await kafka.admin().listTopics(), ['a', 'b']);
  });

  it('reports TOPIC_ALREADY_EXISTS as a BrokerError with every topic outcome', async () => {
    fake.addTopic('exists', 1);
    const error = await kafka
      .admin()
      .createTopics([{ topic: 'fresh', partitions: 1 }, { topic: 'exists' }])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof TopicError && error instanceof BrokerError, String(error));
    assert.equal(error.code, 'TOPIC_ALREADY_EXISTS');
    assert.equal(error.topic, 'exists');
    assert.match(error.message, /topic exists: refused exists/);
    assert.deepEqual(
      error.outcomes.map((o) => [o.topic, o.error?.code ?? 'ok']),
      [
        ['fresh', 'ok'],
        ['exists', 'TOPIC_ALREADY_EXISTS'],
      ],
    );
  });

  it('sends again only the topics that failed with a retriable error (NOT_CONTROLLER)', async () => {
    createErrors.set('b', errorCodes.NOT_CONTROLLER.code);
    await kafka.admin().createTopics([
      { topic: 'a', partitions: 1 },
      { topic: 'b', partitions: 1 },
    ]);
    assert.deepEqual(
      fake.requestsOf('CreateTopics').map((r) => r.body.topics.map((t: { name: string }) => t.name)),
      [['a', 'b'], ['b']],
    );
  });

  it('deletes topics and waits until metadata forgets them; unknown ones are a TopicError', async () => {
    fake.addTopic('gone', 2);
    await kafka.admin().deleteTopics(['gone']);
    assert.equal(fake.topics.has('gone'), false);
    await assert.rejects(
      kafka.admin().deleteTopics(['gone']),
      (e: unknown) =>
        e instanceof TopicError && e.code === 'UNKNOWN_TOPIC_OR_PARTITION' && e.topic === 'gone',
    );
  });

  it('describes topics with leaders, epochs, replicas and ISR', async () => {
    fake.addTopic('d', 2);
    fake.moveLeader('d', 1, 2);
    const [d] = await kafka.admin().describeTopics(['d']);
    assert.equal(d?.topicId, fake.topics.get('d')?.topicId);
    assert.deepEqual(
      d?.partitions.map((p) => [p.partition, p.leader, p.leaderEpoch, p.replicas, p.isr]),
      [
        [0, 0, 0, [0, 1, 2], [0, 1, 2]],
        [1, 2, 1, [1, 2, 0], [1, 2, 0]],
      ],
    );
    await assert.rejects(
      kafka.admin().describeTopics(['d', 'nope']),
      (e: unknown) => e instanceof TopicError && e.topic === 'nope' && e.outcomes[0]?.value?.topic === 'd',
    );
  });

  it('refuses invalid topic names before any I/O, and calls after close', async () => {
    await assert.rejects(kafka.admin().createTopics([{ topic: 'bad name' }]), InvalidArgumentError);
    await assert.rejects(
      kafka.admin().describeTopics([42 as unknown as string]),
      /topics\[0\]: 42 is not a valid topic name/,
    );
    assert.equal(fake.requestsOf('CreateTopics').length, 0);
    const admin = kafka.admin();
    await kafka.close();
    await assert.rejects(admin.listTopics(), ClientClosedError);
    assert.throws(() => kafka.admin(), ClientClosedError);
  });
});
