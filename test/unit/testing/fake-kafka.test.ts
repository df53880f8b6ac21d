/**
 * `kafe/testing`'s FakeKafka with kafe's own clients: start and topics, produce and read back,
 * the log shared by every broker's handlers, idempotent de-duplication, and each fault firing
 * (with its handle counting) and being survived.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Cluster } from '../../../src/cluster/cluster.js';
import { Kafka } from '../../../src/kafka.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { until } from '../../support/until.js';

const fastRetry = {
  retryBackoffMs: 5,
  retryBackoffMaxMs: 20,
  reconnectBackoffMs: 5,
  reconnectBackoffMaxMs: 20,
};

describe('FakeKafka', () => {
  let fake: FakeKafka;
  let kafka: Kafka;
  before(async () => {
    fake = await FakeKafka.start({ brokers: 3, topics: [{ name: 'events', partitions: 3 }, 'single'] });
    kafka = new Kafka({ brokers: fake.bootstrap, ...fastRetry });
  });
  after(async () => {
    await kafka?.close();
    await fake.close();
  });

  it('answers Metadata from its model: brokers, leaders round-robin, topic ids', async () => {
    const cluster = new Cluster({ brokers: fake.bootstrap });
    try {
      await cluster.refreshTopics(['events', 'single']);
      const events = cluster.metadata.topic('events');
      assert.deepEqual(
        events?.partitions.map((p) => p.leaderId),
        [0, 1, 2],
      );
      assert.equal(events?.topicId, fake.topic('events')?.topicId);
      assert.equal(cluster.metadata.topic('single')?.partitions.length, 1);
      assert.deepEqual([...cluster.metadata.brokers.keys()].sort(), [0, 1, 2]);
    } finally {
      await cluster.close();
    }
  });

  it('stores what a producer sends and gives it back to a consumer, byte for byte', async () => {
    const producer = kafka.producer({ compression: 'lz4' });
    const sent = await producer.sendBatch(
      Array.from({ length: 20 }, (_, i) => ({
        topic: 'events',
        partition: i % 3,
        key: `k${i}`,
        value: `v${i}`,
      })),
    );
    await producer.close();
    assert.deepEqual(
      fake.records('events', 1).map((r) => r.value?.toString()),
      ['v1', 'v4', 'v7', 'v10', 'v13', 'v16', 'v19'],
    );
    assert.equal(sent.offsets[19], 6);
    const consumer = kafka.consumer({ groupId: 'read-back', autoOffsetReset: 'earliest' });
    consumer.subscribe(['events']);
    const values = new Set<string>();
    for await (const r of consumer.records()) {
      values.add(r.value?.toString() ?? '');
      if (values.size === 20) break;
    }
    await consumer.close();
    assert.equal(values.size, 20);
  });

  it('de-duplicates an idempotent retry after a dropped answer and gives the original offset', async () => {
    const producer = kafka.producer({ requestTimeoutMs: 300 });
    const drop = fake.dropResponses('Produce');
    const { offset } = await producer.send({ topic: 'single', value: 'once' });
    await producer.close();
    assert.equal(drop.fired, 1);
    const copies = fake.records('single', 0).filter((r) => r.value?.toString() === 'once');
    assert.deepEqual(
      copies.map((r) => r.offset),
      [offset],
    );
    assert.ok(fake.requests('Produce').length >= 2, 'the batch was sent again');
  });

  it('fails the next requests of an API with an error code, and the client retries past it', async () => {
    const producer = kafka.producer();
    const fault = fake.failNext('Produce', { errorCode: 6, topic: 'events', partition: 0, count: 2 });
    const { partition } = await producer.send({ topic: 'events', partition: 0, value: 'after-faults' });
    await producer.close();
    assert.equal(partition, 0);
    assert.equal(fault.fired, 2);
    assert.equal(fault.remaining, 0);
  });

  it('moves a leader with a new leader epoch: the old leader refuses, the client follows', async () => {
    const before = fake.topic('events')?.partitions[2]?.leaderEpoch ?? -1;
    fake.moveLeader('events', 2, 0);
    assert.equal(fake.topic('events')?.partitions[2]?.leaderEpoch, before + 1);
    const producer = kafka.producer();
    await producer.send({ topic: 'events', partition: 2, value: 'to-new-leader' });
    await producer.close();
    assert.equal(fake.records('events', 2).at(-1)?.leaderEpoch, before + 1);
  });

  it('kills a broker and restarts it on the same port', async () => {
    const port = fake.brokers[1]?.port;
    await fake.killBroker(1);
    assert.equal(fake.brokers[1]?.running, false);
    await assert.rejects(
      new Promise((resolve, reject) =>
        net
          .connect(port ?? 0, '127.0.0.1')
          .on('connect', resolve)
          .on('error', reject),
      ),
    );
    await fake.restartBroker(1);
    assert.equal(fake.brokers[1]?.port, port);
    const producer = kafka.producer();
    await producer.send({ topic: 'events', partition: 1, value: 'after-restart' });
    await producer.close();
  });

  it('lets a control hook answer in place of the fake and observe requests', async () => {
    const seen: number[] = [];
    const hook = fake.control('ListOffsets', (r) => {
      seen.push(r.apiVersion);
      return undefined;
    });
    const cluster = new Cluster({ brokers: fake.bootstrap });
    try {
      const leader = fake.topic('single')?.partitions[0]?.leader ?? 0;
      const res = await cluster.send(
        'ListOffsets',
        {
          replicaId: -1,
          topics: [{ name: 'single', partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
        },
        { to: { nodeId: leader } },
      );
      assert.equal(res.topics[0]?.partitions[0]?.offset, fake.offsets('single', 0).logEndOffset);
    } finally {
      await cluster.close();
      hook.remove();
    }
    assert.equal(seen.length, 1);
    assert.equal(hook.fired, 0, 'a hook that lets the request through does not fire');
  });

  it('survives garbage from a client: the connection closes, the broker keeps serving', async () => {
    const [host, port] = (fake.bootstrap[0] ?? '').split(':');
    for (const bytes of [
      Buffer.from([0, 0, 0, 10, 0x7f, 0x7f, 0, 0, 0, 1, 0, 0, 0, 0]), // unknown API key
      Buffer.from([0, 0, 0, 12, 0, 3, 0, 12, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]), // body cut short
      Buffer.from([0x7f, 0xff, 0xff, 0xff]), // a 2 GiB size prefix
    ]) {
      const socket = net.connect(Number(port), host);
      socket.on('error', () => {});
      socket.write(bytes);
      await new Promise((resolve) => socket.on('close', resolve));
    }
    const producer = kafka.producer();
    await producer.send({ topic: 'single', value: 'still-serving' });
    await producer.close();
  });
});

describe('FakeKafka groups', () => {
  let fake: FakeKafka;
  let kafka: Kafka;
  before(async () => {
    fake = await FakeKafka.start({
      brokers: 2,
      topics: [{ name: 'g', partitions: 4 }],
      // Short KIP-848 intervals, so that members learn of each other quickly.
      consumerHeartbeatIntervalMs: 50,
    });
    kafka = new Kafka({ brokers: fake.bootstrap, ...fastRetry });
  });
  after(async () => {
    await kafka?.close();
    await fake.close();
  });

  /** A member whose rebalance listener keeps the partitions it owns. */
  const member = (options: Parameters<Kafka['consumer']>[0]) => {
    const owned = new Set<number>();
    const c = kafka.consumer(options);
    c.subscribe(['g'], {
      onAssigned: (parts) => {
        for (const p of parts) owned.add(p.partition);
      },
      onRevoked: (parts) => {
        for (const p of parts) owned.delete(p.partition);
      },
      onLost: (parts) => {
        for (const p of parts) owned.delete(p.partition);
      },
    });
    void c.run({ eachMessage: () => {} });
    return { c, owned };
  };

  it('KIP-848: the coordinator assigns; a second member takes half, without overlap', async () => {
    const a = member({ groupId: 'kip848', groupProtocol: 'consumer' });
    await until('a owns all 4', () => a.owned.size === 4);
    const b = member({ groupId: 'kip848', groupProtocol: 'consumer' });
    await until('split 2/2', () => a.owned.size === 2 && b.owned.size === 2);
    assert.deepEqual([...a.owned, ...b.owned].sort(), [0, 1, 2, 3]);
    assert.deepEqual(fake.groupMembers('kip848').length, 2);
    await b.c.close();
    await until('a owns all 4 again', () => a.owned.size === 4);
    await a.c.close();
  });

  it('classic: a static member that stops without leaving is expired after its session timeout', async () => {
    const options = {
      groupId: 'static',
      assignors: ['range' as const],
      heartbeatIntervalMs: 20,
      sessionTimeoutMs: 300,
    };
    const a = member({ ...options, groupInstanceId: 'a' });
    const b = member({ ...options, groupInstanceId: 'b' });
    await until('split 2/2', () => a.owned.size === 2 && b.owned.size === 2);
    // A static member's close does not leave the group (KIP-345): only its session timeout frees its partitions.
    await b.c.close();
    assert.equal(fake.groupMembers('static').length, 2, 'the static member left on close');
    await until('a owns all 4 after b expired', () => a.owned.size === 4);
    assert.equal(fake.groupMembers('static').length, 1);
    await a.c.close();
  });
});
