/**
 * The producer on a real Kafka 4.x broker: keyed records land where the Java producer puts the
 * same keys, concurrent sends keep per-partition order exactly once, bad input gives typed
 * errors without losing what was accepted, every codec round-trips.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientClosedError } from '../../../src/cluster/errors.js';
import { InvalidRecordError, RecordTooLargeError, UnknownTopicError } from '../../../src/producer/errors.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { produceWithJava } from '../console-records.js';
import { readTopicWithJava } from '../read-back.js';

describe('Producer on a Kafka 4.x broker', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-producer-it' });

  it('puts keyed records on the partition the Java console producer chooses for the same keys', async () => {
    const topic = uniqueTopic('keys');
    (await kafka.admin().createTopics([{ topic, partitions: 7, replicationFactor: 1 }])).throwIfFailed();
    const keys = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `user-${i}` : `k€y-${i * 7919}`));
    await produceWithJava(
      cluster,
      topic,
      keys.map((key) => ({ key, value: `java:${key}`, headers: [] })),
      'none',
    );
    const producer = kafka.producer();
    await producer.sendBatch(keys.map((key) => ({ topic, key, value: `kafe:${key}` })));
    await producer.close();
    const records = await readTopicWithJava(cluster, topic, keys.length * 2);
    const where = (client: string) =>
      new Map(records.filter((r) => r.value?.startsWith(client)).map((r) => [r.key, r.partition]));
    const java = where('java:');
    const kafe = where('kafe:');
    assert.equal(java.size, keys.length);
    for (const key of keys) assert.equal(kafe.get(key), java.get(key), `key ${key}`);
    assert.ok(new Set(java.values()).size > 3, 'keys spread over partitions');
  });

  it('keeps per-partition order and exactly-once for many concurrent senders', async () => {
    const topic = uniqueTopic('concurrent');
    (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 1 }])).throwIfFailed();
    const producer = kafka.producer({ lingerMs: 2 });
    const tasks = 20;
    const perTask = 100;
    const results = await Promise.all(
      Array.from({ length: tasks }, async (_, t) => {
        const mine = [];
        for (let i = 0; i < perTask; i++) {
          mine.push(producer.send({ topic, key: `task-${t}`, value: `${t}:${i}` }));
          if (i % 7 === 0) await new Promise((r) => setImmediate(r));
        }
        return Promise.all(mine);
      }),
    );
    await producer.close();
    for (const mine of results) {
      for (let i = 1; i < mine.length; i++) {
        assert.equal(mine[i]!.partition, mine[0]!.partition);
        assert.ok(mine[i]!.offset > mine[i - 1]!.offset, 'offsets increase in send order');
      }
    }
    const read = await readTopicWithJava(cluster, topic, tasks * perTask);
    assert.equal(read.length, tasks * perTask);
    assert.equal(new Set(read.map((r) => r.value)).size, tasks * perTask, 'no duplicates');
    for (let t = 0; t < tasks; t++) {
      const seq = read.filter((r) => r.key === `task-${t}`).sort((a, b) => a.offset - b.offset);
      assert.deepEqual(
        seq.map((r) => r.value),
        Array.from({ length: perTask }, (_, i) => `${t}:${i}`),
      );
    }
  });

  it('gives typed errors for bad input and keeps every record accepted around them', async () => {
    const topic = uniqueTopic('bad');
    (await kafka.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
    const producer = kafka.producer({
      metadataMaxWaitMs: 2000,
      maxRequestSize: 4 * 1024 * 1024,
      batchSize: 16384,
      allowAutoTopicCreation: false,
    });
    const good = [producer.send({ topic, value: 'g0' })];
    const wrongType = producer.send({ topic, value: 12345 as never });
    good.push(producer.send({ topic, value: 'g1' }));
    // Over the client's limit: refused before it is accepted.
    const overClient = producer.send({ topic, value: Buffer.alloc(5 * 1024 * 1024) });
    // Under the client's limit but over the broker's message.max.bytes (1 MiB): the broker refuses
    // its batch, in which it is alone (a batch of several would be split and sent again).
    const overBroker = producer.send({ topic, value: Buffer.alloc(1_200_000) });
    const unknown = producer.send({ topic: uniqueTopic('missing'), value: 'x' });
    good.push(producer.send({ topic, value: 'g2' }));
    await assert.rejects(wrongType, InvalidRecordError);
    await assert.rejects(overClient, RecordTooLargeError);
    await assert.rejects(
      overBroker,
      (e: unknown) =>
        e instanceof RecordTooLargeError &&
        e.cause instanceof BrokerError &&
        e.cause.code === 'MESSAGE_TOO_LARGE',
    );
    await assert.rejects(unknown, UnknownTopicError);
    const delivered = await Promise.all(good);
    await producer.close();
    await assert.rejects(producer.send({ topic, value: 'late' }), ClientClosedError);
    const read = await readTopicWithJava(cluster, topic, 3);
    assert.deepEqual(
      read.map((r) => r.value),
      ['g0', 'g1', 'g2'],
    );
    assert.deepEqual(
      delivered.map((m) => Number(m.offset)),
      read.map((r) => r.offset),
    );
  });

  for (const compression of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`sends ${compression}-compressed batches the Java consumer reads`, async () => {
      const topic = uniqueTopic(compression);
      (await kafka.admin().createTopics([{ topic, partitions: 2, replicationFactor: 1 }])).throwIfFailed();
      const producer = kafka.producer({ compression });
      const values = Array.from({ length: 500 }, (_, i) => `${compression}-${i}-${'x'.repeat(i % 50)}`);
      const report = await producer.sendBatch(
        values.map((value, i) => ({ topic, value, key: `k${i % 10}` })),
      );
      assert.equal(report.count, 500);
      await producer.close();
      const read = await readTopicWithJava(cluster, topic, 500);
      assert.deepEqual(read.map((r) => r.value).sort(), [...values].sort());
    });
  }

  it('acks=0 and acks=1 deliver too', async () => {
    const topic = uniqueTopic('acks');
    (await kafka.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
    const zero = kafka.producer({ acks: 0 });
    const m0 = await zero.send({ topic, value: 'a0' });
    assert.equal(m0.offset, -1n);
    await zero.close();
    const one = kafka.producer({ acks: 1 });
    const m1 = await one.send({ topic, value: 'a1' });
    assert.equal(m1.offset, 1n);
    await one.close();
    const read = await readTopicWithJava(cluster, topic, 2);
    assert.deepEqual(
      read.map((r) => r.value),
      ['a0', 'a1'],
    );
  });
});
