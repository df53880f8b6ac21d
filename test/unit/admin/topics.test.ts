import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FailedResourcesError, ResourceError } from '../../../src/admin/results.js';
import { ClientClosedError, DeadlineExceededError } from '../../../src/cluster/errors.js';
import { Kafka } from '../../../src/kafka.js';
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
      created.values().map((c) => [c.topic, c.partitions, c.topicId === fake.topic(c.topic)?.topicId]),
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
    assert.deepEqual(
      (await kafka.admin().listTopics()).map((t) => [t.topic, t.topicId === fake.topic(t.topic)?.topicId]),
      [
        ['a', true],
        ['b', true],
      ],
    );
  });

  it('gives each topic its own outcome: TOPIC_ALREADY_EXISTS fails that topic only', async () => {
    fake.createTopic('exists');
    const results = await kafka
      .admin()
      .createTopics([{ topic: 'fresh', partitions: 1 }, { topic: 'exists' }]);
    assert.equal(results.get('fresh').partitions, 1);
    assert.ok(fake.topic('fresh') !== undefined);
    const error = results.error('exists');
    assert.ok(error instanceof ResourceError, String(error));
    assert.equal(error.code, 'TOPIC_ALREADY_EXISTS');
    assert.equal(error.errorCode, errorCodes.TOPIC_ALREADY_EXISTS.code);
    assert.deepEqual(error.resource, { kind: 'topic', name: 'exists' });
    assert.match(error.message, /^topic exists: TOPIC_ALREADY_EXISTS \(36\): Topic 'exists' already exists/);
    assert.throws(
      () => results.get('exists'),
      (e: unknown) => e === error,
    );
    const thrown = (() => {
      try {
        results.values();
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(thrown instanceof FailedResourcesError, String(thrown));
    assert.equal(thrown.code, 'TOPIC_ALREADY_EXISTS');
    assert.deepEqual(thrown.failures, [error]);
    assert.deepEqual(
      [...thrown.results].map((o) => [o.name, o.error?.code ?? 'ok']),
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

  it('deletes topics by name and by id and waits until metadata forgets them; an unknown one fails alone', async () => {
    fake.createTopic({ name: 'gone', partitions: 2 });
    const byId = fake.createTopic({ name: 'by-id', partitions: 1 }).topicId;
    const results = await kafka.admin().deleteTopics(['gone', { topicId: byId }, 'never']);
    assert.equal(fake.topic('gone'), undefined);
    assert.equal(fake.topic('by-id'), undefined);
    assert.deepEqual(results.get({ topicId: byId }), { topic: 'by-id', topicId: byId });
    assert.equal(results.get('gone').topic, 'gone');
    assert.equal(results.error('never')?.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.equal(results.error('never')?.resource.name, 'never');
  });

  it('describes topics with leaders, epochs, replicas and ISR; an unknown one fails alone', async () => {
    fake.createTopic({ name: 'd', partitions: 2 });
    fake.moveLeader('d', 1, 2);
    const results = await kafka.admin().describeTopics(['d', 'nope']);
    const d = results.get('d');
    assert.equal(d.topicId, fake.topic('d')?.topicId);
    assert.deepEqual(
      d.partitions.map((p) => [p.partition, p.leader, p.leaderEpoch, p.replicas, p.isr]),
      [
        [0, 0, 0, [0, 1, 2], [0, 1, 2]],
        [1, 2, 1, [1, 2, 0], [1, 2, 0]],
      ],
    );
    assert.equal(results.error('nope')?.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    const again = await kafka.admin().describeTopics([{ topicId: d.topicId }]);
    assert.equal(again.get({ topicId: d.topicId }).topic, 'd');
  });

  it('refuses invalid topic names before any I/O, naming them, and still asks about the others', async () => {
    const results = await kafka
      .admin()
      .createTopics([
        { topic: 'bad name' },
        { topic: '' },
        { topic: 'ok', partitions: 1 },
        { topic: 'n', partitions: 1.5 },
      ]);
    assert.deepEqual(
      [...results].map((o) => [o.name, o.error?.code ?? 'ok']),
      [
        ['bad name', 'INVALID_ARGUMENT'],
        ['', 'INVALID_ARGUMENT'],
        ['ok', 'ok'],
        ['n', 'INVALID_ARGUMENT'],
      ],
    );
    assert.match(results.error('')?.message ?? '', /^topic : a topic name cannot be empty/);
    assert.deepEqual(
      fake.requests('CreateTopics').map((r) => r.body.topics.map((t: { name: string }) => t.name)),
      [['ok']],
    );
    const described = await kafka.admin().describeTopics([42 as unknown as string]);
    assert.match(described.error('42')?.message ?? '', /42 is not a topic name/);
  });

  it('rejects as a whole only when nothing could be asked, and after close', async () => {
    const lost = new Kafka({ brokers: ['127.0.0.1:1'], timeoutMs: 300, retryBackoffMs: 5 });
    await assert.rejects(lost.admin().createTopics([{ topic: 'x' }]), DeadlineExceededError);
    await lost.close();
    const admin = kafka.admin();
    await kafka.close();
    await assert.rejects(admin.listTopics(), ClientClosedError);
    await assert.rejects(admin.createTopics([{ topic: 'x' }]), ClientClosedError);
    assert.throws(() => kafka.admin(), ClientClosedError);
  });
});
