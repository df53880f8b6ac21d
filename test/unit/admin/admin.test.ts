import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TopicError } from '../../../src/admin/topic-error.js';
import { ClientClosedError, InvalidArgumentError } from '../../../src/cluster/errors.js';
import { Kafka } from '../../../src/kafka.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeKafka } from '../../../src/testing/index.js';

describe('Admin against a fake cluster', () => {
  let fake: FakeKafka;
  let kafka: Kafka;

  beforeEach(async () => {
    fake = await FakeKafka.start({ brokers: 3, controller: 1 });
    kafka = new Kafka({
      brokers: fake.bootstrap,
      timeoutMs: 3000,
      retryBackoffMs: 5,
      retryBackoffMaxMs: 20,
    });
  });
  afterEach(async () => {
    await kafka.close();
    await fake.close();
  });

  it('creates topics on the controller and waits until metadata knows them', async () => {
    const created = await kafka.admin().createTopics([
      { topic: 'a', partitions: 3, replicationFactor: 2 },
      { topic: 'b', partitions: 1, configs: { 'cleanup.policy': 'compact' } },
    ]);
    assert.deepEqual(
      created.map((c) => [c.topic, c.partitions, c.topicId === fake.topic(c.topic)?.topicId]),
      [
        ['a', 3, true],
        ['b', 1, true],
      ],
    );
    const sent = fake.requests('CreateTopics');
    assert.deepEqual(
      sent.map((r) => r.nodeId),
      [1],
    );
    assert.deepEqual(sent[0]!.body.topics[1].configs, [{ name: 'cleanup.policy', value: 'compact' }]);
    assert.deepEqual(await kafka.admin().listTopics(), ['a', 'b']);
  });

  it('reports TOPIC_ALREADY_EXISTS as a BrokerError with every topic outcome', async () => {
    fake.createTopic('exists');
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
    assert.match(error.message, /topic exists: Topic 'exists' already exists/);
    assert.deepEqual(
      error.outcomes.map((o) => [o.topic, o.error?.code ?? 'ok']),
      [
        ['fresh', 'ok'],
        ['exists', 'TOPIC_ALREADY_EXISTS'],
      ],
    );
  });

  it('sends again only the topics that failed with a retriable error (NOT_CONTROLLER)', async () => {
    const notController = fake.failNext('CreateTopics', {
      errorCode: errorCodes.NOT_CONTROLLER.code,
      topic: 'b',
    });
    await kafka.admin().createTopics([
      { topic: 'a', partitions: 1 },
      { topic: 'b', partitions: 1 },
    ]);
    assert.deepEqual(
      fake.requests('CreateTopics').map((r) => r.body.topics.map((t: { name: string }) => t.name)),
      [['a', 'b'], ['b']],
    );
    assert.equal(notController.fired, 1);
  });

  it('deletes topics and waits until metadata forgets them; unknown ones are a TopicError', async () => {
    fake.createTopic({ name: 'gone', partitions: 2 });
    await kafka.admin().deleteTopics(['gone']);
    assert.equal(fake.topic('gone') !== undefined, false);
    await assert.rejects(
      kafka.admin().deleteTopics(['gone']),
      (e: unknown) =>
        e instanceof TopicError && e.code === 'UNKNOWN_TOPIC_OR_PARTITION' && e.topic === 'gone',
    );
  });

  it('describes topics with leaders, epochs, replicas and ISR', async () => {
    fake.createTopic({ name: 'd', partitions: 2 });
    fake.moveLeader('d', 1, 2);
    const [d] = await kafka.admin().describeTopics(['d']);
    assert.equal(d?.topicId, fake.topic('d')?.topicId);
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
    assert.equal(fake.requests('CreateTopics').length, 0);
    const admin = kafka.admin();
    await kafka.close();
    await assert.rejects(admin.listTopics(), ClientClosedError);
    assert.throws(() => kafka.admin(), ClientClosedError);
  });
});
