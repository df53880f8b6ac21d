/**
 * kafe/kafkajs's clients on the in-process fake cluster: KafkaJS's calls and result shapes
 * (RecordMetadata per partition, messages with string offsets, batch helpers), its retry and
 * crash rules, seek and pause, transactions, and its admin calls. The same on real brokers, and
 * beside real KafkaJS clients, is in test/integration/single/kafkajs*.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type ConsumerConfig,
  type ConsumerCrashEvent,
  type EachBatchPayload,
  Kafka,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  type KafkaMessage,
  logLevel,
} from '../../../src/kafkajs/index.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { until } from '../../support/until.js';

describe('kafe/kafkajs on the fake cluster', { timeout: 120_000 }, () => {
  let fake: FakeKafka;
  let kafka: Kafka;
  let n = 0;
  const fresh = (prefix: string) => `${prefix}-${n++}`;
  const cleanup: (() => Promise<void>)[] = [];

  before(async () => {
    fake = await FakeKafka.start({ brokers: 2, defaultPartitions: 3 });
    kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'kafkajs-unit', logLevel: logLevel.NOTHING });
  });
  after(async () => {
    for (const c of cleanup.reverse()) await c();
    await fake.close();
  });

  /** A connected consumer of a fresh group, subscribed to `topic` from the beginning. */
  const consumerOf = async (topic: string, config: Partial<ConsumerConfig> = {}) => {
    const consumer = kafka.consumer({
      groupId: fresh('group'),
      heartbeatInterval: 50,
      maxWaitTimeInMs: 50,
      ...config,
    });
    await consumer.connect();
    cleanup.push(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    return consumer;
  };

  const producer = async () => {
    const p = kafka.producer();
    await p.connect();
    cleanup.push(() => p.disconnect());
    return p;
  };

  it('send resolves with one RecordMetadata per partition written, offsets as strings', async () => {
    const topic = fresh('send');
    fake.createTopic({ name: topic, partitions: 2 });
    const p = await producer();
    const first = await p.send({
      topic,
      messages: [
        { partition: 0, value: 'a' },
        { partition: 0, value: 'b' },
        { partition: 1, value: 'c' },
      ],
    });
    assert.deepEqual(
      first
        .sort((x, y) => x.partition - y.partition)
        .map((r) => [r.topicName, r.partition, r.errorCode, r.baseOffset]),
      [
        [topic, 0, 0, '0'],
        [topic, 1, 0, '0'],
      ],
    );
    const second = await p.send({
      topic,
      messages: [{ partition: 0, value: 'd', key: 'k', headers: { h: ['1', '2'] } }],
    });
    assert.equal(second[0]?.baseOffset, '2');
    const stored = fake.records(topic, 0)[2];
    assert.equal(stored?.key?.toString(), 'k');
    assert.deepEqual(
      stored?.headers.map((h) => [h.key, h.value?.toString()]),
      [
        ['h', '1'],
        ['h', '2'],
      ],
    );
  });

  it("emits REQUEST events for the client's own requests, with KafkaJS's payload", async () => {
    const topic = fresh('requests');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = kafka.producer();
    const apis: string[] = [];
    const remove = p.on(p.events.REQUEST, (e) => {
      apis.push(e.payload.apiName);
      assert.equal(e.payload.clientId, 'kafkajs-unit');
      assert.ok(e.payload.size > 0 && e.payload.duration >= 0);
    });
    await p.connect();
    cleanup.push(() => p.disconnect());
    await p.send({ topic, messages: [{ value: 'x' }] });
    assert.ok(apis.includes('Produce'), apis.join());
    remove();
    const seen = apis.length;
    await p.send({ topic, messages: [{ value: 'y' }] });
    assert.equal(apis.length, seen);
  });

  it('emits REQUEST_QUEUE_SIZE while requests wait behind a broker throttle (KIP-219), down to 0 once written', async () => {
    const single = await FakeKafka.start();
    const client = new Kafka({
      brokers: single.bootstrap,
      clientId: 'kafkajs-queue',
      logLevel: logLevel.NOTHING,
    });
    const admin = client.admin();
    const sizes: number[] = [];
    admin.on(admin.events.REQUEST_QUEUE_SIZE, (e) => {
      assert.equal(e.payload.clientId, 'kafkajs-queue');
      assert.equal(e.payload.broker, single.bootstrap[0]);
      sizes.push(e.payload.queueSize);
    });
    try {
      await admin.connect();
      // The next Metadata answer asks the client to send nothing for a second: what it asks
      // meanwhile waits in the connection's queue.
      single.control('Metadata', async (_request, serve) => ({
        body: { ...((await serve()) as object), throttleTimeMs: 1000 },
      }));
      await admin.listTopics();
      assert.deepEqual(sizes, [], 'nothing waited before the throttle');
      await Promise.all([admin.listTopics(), admin.fetchTopicMetadata()]);
      assert.ok(Math.max(...sizes) >= 1, `queue sizes ${sizes.join()}`);
      assert.equal(sizes.at(-1), 0);
    } finally {
      await admin.disconnect();
      await single.close();
    }
  });

  it('refuses a message without a value and acks that break idempotence, as KafkaJS does', async () => {
    const p = await producer();
    await assert.rejects(
      p.send({ topic: 't', messages: [{ key: 'k' } as never] }),
      (e: unknown) => e instanceof KafkaJSNonRetriableError && /without value/.test(e.message),
    );
    const idempotent = kafka.producer({ idempotent: true });
    await idempotent.connect();
    cleanup.push(() => idempotent.disconnect());
    await assert.rejects(
      idempotent.send({ topic: 't', acks: 1, messages: [{ value: 'x' }] }),
      (e: unknown) => e instanceof KafkaJSNonRetriableError && /idempotent/.test(e.message),
    );
  });

  it('a consumer reads from the beginning with eachMessage and commits what it processed', async () => {
    const topic = fresh('consume');
    fake.createTopic({ name: topic, partitions: 2 });
    const p = await producer();
    await p.send({
      topic,
      messages: [0, 1, 2, 3].map((i) => ({ partition: i % 2, key: `k${i}`, value: `v${i}` })),
    });
    const consumer = await consumerOf(topic);
    const seen: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    await until('four messages', () => seen.length === 4);
    assert.deepEqual(seen.map((m) => m.value?.toString()).sort(), ['v0', 'v1', 'v2', 'v3']);
    assert.ok(seen.every((m) => typeof m.offset === 'string' && typeof m.timestamp === 'string'));
    const groupId = (await consumer.describeGroup()).groupId;
    await consumer.stop();
    assert.equal(fake.committedOffset(groupId, topic, 0), 2n);
    assert.equal(fake.committedOffset(groupId, topic, 1), 2n);
  });

  it("fetches kafe's 50 MB per response when maxBytes is unset, and what it says when set", async () => {
    const topic = fresh('fetch-size');
    fake.createTopic({ name: topic, partitions: 1 });
    const maxBytesOfFetches = async (config: Partial<ConsumerConfig>) => {
      const clientId = fresh('fetch-size-client');
      const own = new Kafka({ brokers: fake.bootstrap, clientId, logLevel: logLevel.NOTHING });
      const c = own.consumer({
        groupId: fresh('group'),
        heartbeatInterval: 50,
        maxWaitTimeInMs: 50,
        ...config,
      });
      await c.connect();
      try {
        await c.subscribe({ topic, fromBeginning: true });
        await c.run({ eachMessage: async () => {} });
        const fetches = () => fake.requests('Fetch').filter((r) => r.clientId === clientId);
        await until('a fetch', () => fetches().length > 0);
        return new Set(fetches().map((r) => r.body.maxBytes as number));
      } finally {
        await c.disconnect();
      }
    };
    assert.deepEqual(await maxBytesOfFetches({}), new Set([52_428_800]));
    assert.deepEqual(await maxBytesOfFetches({ maxBytes: 10_485_760 }), new Set([10_485_760]));
  });

  it('run() resolves once the member joined its group, as KafkaJS: the group is Stable and the partitions assigned', async () => {
    const topic = fresh('joined');
    fake.createTopic({ name: topic, partitions: 2 });
    const consumer = await consumerOf(topic);
    await consumer.run({ eachMessage: async () => {} });
    const group = await consumer.describeGroup();
    assert.equal(group.state, 'Stable');
    assert.equal(group.members.length, 1);
  });

  it('subscribes to topics by pattern (those that exist when subscribing)', async () => {
    const prefix = fresh('pattern');
    for (const t of ['a', 'b']) fake.createTopic({ name: `${prefix}.${t}`, partitions: 1 });
    fake.createTopic({ name: `other-${prefix}`, partitions: 1 });
    const p = await producer();
    for (const t of [`${prefix}.a`, `${prefix}.b`, `other-${prefix}`])
      await p.send({ topic: t, messages: [{ value: t }] });
    const consumer = kafka.consumer({ groupId: fresh('group'), heartbeatInterval: 50, maxWaitTimeInMs: 50 });
    await consumer.connect();
    cleanup.push(() => consumer.disconnect());
    await consumer.subscribe({ topics: [new RegExp(`^${prefix}\\.`)], fromBeginning: true });
    const topics: string[] = [];
    await consumer.run({ eachMessage: async ({ topic }) => void topics.push(topic) });
    await until('two topics read', () => topics.length === 2);
    assert.deepEqual(topics.sort(), [`${prefix}.a`, `${prefix}.b`]);
  });

  it('eachBatch without auto-resolve gets again what it did not resolve', async () => {
    const topic = fresh('batch');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = await producer();
    await p.send({ topic, messages: ['a', 'b', 'c', 'd'].map((value) => ({ value })) });
    const consumer = await consumerOf(topic);
    const calls: string[][] = [];
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, uncommittedOffsets }: EachBatchPayload) => {
        calls.push(batch.messages.map((m) => m.value?.toString() ?? ''));
        // The first batch resolves its first two records only.
        const upTo = calls.length === 1 ? 2 : batch.messages.length;
        for (const m of batch.messages.slice(0, upTo)) resolveOffset(m.offset);
        assert.ok(uncommittedOffsets().topics.some((t) => t.topic === topic));
      },
    });
    await until('the rest delivered again', () => calls.length >= 2);
    assert.deepEqual(calls[0], ['a', 'b', 'c', 'd']);
    assert.deepEqual(calls[1], ['c', 'd']);
  });

  it('a failing handler is retried from the record that failed, then crashes and restarts', async () => {
    const topic = fresh('retry');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = await producer();
    await p.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    let restartAsked = 0;
    const consumer = await consumerOf(topic, {
      retry: {
        retries: 1,
        initialRetryTime: 10,
        restartOnFailure: async () => {
          restartAsked++;
          return true;
        },
      },
    });
    const crashes: ConsumerCrashEvent[] = [];
    consumer.on(consumer.events.CRASH, (e) => void crashes.push(e));
    const delivered: string[] = [];
    let failures = 0;
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString() ?? '';
        delivered.push(value);
        // 'b' fails twice: once retried in place, then a crash, then it passes after the restart.
        if (value === 'b' && failures < 2) {
          failures++;
          throw new Error('boom');
        }
      },
    });
    await until('c delivered', () => delivered.includes('c'));
    assert.deepEqual(delivered, ['a', 'b', 'b', 'b', 'c']);
    assert.equal(crashes.length, 1);
    assert.ok(crashes[0]?.payload.error instanceof KafkaJSNumberOfRetriesExceeded);
    assert.equal(crashes[0]?.payload.restart, true);
    assert.equal(restartAsked, 1);
  });

  it('a non-retriable handler error stops the consumer without asking restartOnFailure', async () => {
    const topic = fresh('crash');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = await producer();
    await p.send({ topic, messages: [{ value: 'x' }] });
    let asked = false;
    const consumer = await consumerOf(topic, { retry: { restartOnFailure: async () => (asked = true) } });
    const crashes: ConsumerCrashEvent[] = [];
    consumer.on(consumer.events.CRASH, (e) => void crashes.push(e));
    const stopped: unknown[] = [];
    consumer.on(consumer.events.STOP, (e) => void stopped.push(e));
    await consumer.run({
      eachMessage: async () => {
        throw new KafkaJSNonRetriableError('no way');
      },
    });
    await until('stopped', () => stopped.length === 1);
    assert.equal(crashes[0]?.payload.restart, false);
    assert.equal(asked, false);
  });

  it('seek before assignment applies once assigned; pause and resume by topic', async () => {
    const topic = fresh('seek');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = await producer();
    await p.send({ topic, messages: ['a', 'b', 'c', 'd'].map((value) => ({ value })) });
    const consumer = await consumerOf(topic);
    const seen: string[] = [];
    await consumer.run({
      eachMessage: async ({ message, pause }) => {
        seen.push(message.value?.toString() ?? '');
        if (message.value?.toString() === 'c') pause();
      },
    });
    consumer.seek({ topic, partition: 0, offset: '2' });
    await until('paused after c', () => consumer.paused().length === 1);
    assert.deepEqual(seen, ['c']);
    assert.deepEqual(consumer.paused(), [{ topic, partitions: [0] }]);
    consumer.resume([{ topic }]);
    await until('d after resume', () => seen.length === 2);
    assert.deepEqual(seen, ['c', 'd']);
  });

  it("seeks to KafkaJS's special offsets: -2 the earliest, -1 the latest; refuses other negatives", async () => {
    const topic = fresh('special');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = await producer();
    await p.send({ topic, messages: ['a', 'b'].map((value) => ({ value })) });
    const consumer = await consumerOf(topic);
    const seen: string[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? ''),
    });
    await until('a and b', () => seen.length === 2);
    consumer.seek({ topic, partition: 0, offset: '-2' });
    await until('a and b again', () => seen.length === 4);
    const lookups = fake.requests('ListOffsets').length;
    consumer.seek({ topic, partition: 0, offset: '-1' });
    // The end is looked up lazily, as Java's seekToEnd: c is written once it was (past b).
    await until('the end looked up', () => fake.requests('ListOffsets').length > lookups);
    await p.send({ topic, messages: [{ value: 'c' }] });
    await until('c', () => seen.at(-1) === 'c');
    assert.deepEqual(seen, ['a', 'b', 'a', 'b', 'c']);
    assert.throws(
      () => consumer.seek({ topic, partition: 0, offset: '-3' }),
      (e: Error) => e.name === 'KafkaJSNonRetriableError' && /must not be a negative number/.test(e.message),
    );
  });

  it('emits GROUP_JOIN, START_BATCH_PROCESS and COMMIT_OFFSETS with KafkaJS payloads', async () => {
    const topic = fresh('events');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = await producer();
    await p.send({ topic, messages: [{ value: 'x' }] });
    const consumer = await consumerOf(topic);
    const events: string[] = [];
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      events.push('join');
      assert.deepEqual(e.payload.memberAssignment, { [topic]: [0] });
      assert.equal(e.payload.groupProtocol, 'RoundRobinAssigner');
      assert.equal(e.payload.isLeader, true);
    });
    consumer.on(consumer.events.START_BATCH_PROCESS, (e) => {
      events.push('batch');
      assert.equal(e.payload.firstOffset, '0');
    });
    consumer.on(consumer.events.COMMIT_OFFSETS, (e) => {
      if (events.includes('commit')) return;
      events.push('commit');
      assert.deepEqual(e.payload.topics, [{ topic, partitions: [{ partition: 0, offset: '1' }] }]);
    });
    await consumer.run({ eachMessage: async () => {} });
    await until('committed', () => events.includes('commit'));
    assert.deepEqual(events, ['join', 'batch', 'commit']);
  });

  it('transactions: records become visible on commit, never after abort', async () => {
    const topic = fresh('tx');
    fake.createTopic({ name: topic, partitions: 1 });
    const p = kafka.producer({ transactionalId: fresh('tx-id') });
    await p.connect();
    cleanup.push(() => p.disconnect());
    const aborted = await p.transaction();
    await aborted.send({ topic, messages: [{ value: 'aborted' }] });
    await aborted.abort();
    assert.equal(aborted.isActive(), false);
    const committed = await p.transaction();
    await assert.rejects(p.send({ topic, messages: [{ value: 'outside' }] }), KafkaJSNonRetriableError);
    await committed.send({ topic, messages: [{ value: 'committed' }] });
    await committed.sendOffsets({
      consumerGroupId: fresh('group'),
      topics: [{ topic, partitions: [{ partition: 0, offset: '1' }] }],
    });
    await committed.commit();
    const reader = await consumerOf(topic);
    const seen: string[] = [];
    await reader.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
    await until('the committed record', () => seen.length === 1);
    assert.deepEqual(seen, ['committed']);
  });

  it('admin: create, describe, offsets, group offsets and delete', async () => {
    const admin = kafka.admin();
    await admin.connect();
    cleanup.push(() => admin.disconnect());
    const topic = fresh('admin');
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] }), true);
    assert.equal(await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] }), false);
    assert.ok((await admin.listTopics()).includes(topic));
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.deepEqual(
      metadata.topics[0]?.partitions.map((pm) => pm.partitionId),
      [0, 1],
    );
    const p = await producer();
    await p.send({
      topic,
      messages: [
        { partition: 1, value: 'a' },
        { partition: 1, value: 'b' },
      ],
    });
    assert.deepEqual(
      (await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.low, o.high]),
      [
        [0, '0', '0'],
        [1, '0', '2'],
      ],
    );
    const groupId = fresh('group');
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 1, offset: '1' }] });
    assert.deepEqual(await admin.fetchOffsets({ groupId, topics: [topic] }), [
      {
        topic,
        partitions: [
          { partition: 0, offset: '-1', metadata: null },
          { partition: 1, offset: '1', metadata: null },
        ],
      },
    ]);
    await admin.resetOffsets({ groupId, topic, earliest: true });
    assert.equal(fake.committedOffset(groupId, topic, 1), 0n);
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 1, offset: '1' }] });
    assert.equal((await admin.fetchTopicOffsets(topic))[1]?.low, '1');
    await admin.deleteTopics({ topics: [topic] });
    assert.ok(!(await admin.listTopics()).includes(topic));
    await assert.rejects(
      admin.fetchTopicMetadata({ topics: [topic] }),
      (e: unknown) => e instanceof KafkaJSProtocolError && e.type === 'UNKNOWN_TOPIC_OR_PARTITION',
    );
  });
});
