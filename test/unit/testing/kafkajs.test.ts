/**
 * Any client can use `kafe/testing`: KafkaJS 2.2.4 (pure JavaScript, written by others, speaking
 * older protocol versions than kafe) produces idempotently to the fake and consumes back in a
 * consumer group.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Kafka, logLevel } from 'kafkajs';
import { FakeKafka } from '../../../src/testing/index.js';

describe('KafkaJS 2.2.4 against FakeKafka', () => {
  let fake: FakeKafka;
  before(async () => {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    fake = await FakeKafka.start({ brokers: 2, topics: [{ name: 'kjs', partitions: 2 }] });
  });
  after(() => fake.close());

  it('produces to the fake and consumes every record back in a group', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'kjs', logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const sent = await producer.send({
      topic: 'kjs',
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    });
    await producer.disconnect();
    assert.deepEqual(
      sent.map((s) => s.errorCode),
      [0, 0],
    );
    const stored = [...fake.records('kjs', 0), ...fake.records('kjs', 1)]
      .map((r) => r.value?.toString())
      .sort();
    assert.deepEqual(stored, Array.from({ length: 10 }, (_, i) => `v${i}`).sort());

    // A short fetch wait: KafkaJS waits for its fetch in flight on disconnect.
    const consumer = kafka.consumer({ groupId: 'kjs-group', maxWaitTimeInMs: 50 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'kjs', fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(String(message.value));
          if (seen.length === 10) resolve();
        },
      });
    });
    await consumer.disconnect();
    assert.deepEqual(seen.sort(), stored);
    // KafkaJS speaks versions kafe does not (Produce v7, Fetch v11, JoinGroup v5): the fake served them.
    const versions = new Set(fake.requests().map((r) => `${r.api} v${r.apiVersion}`));
    for (const v of ['Produce v7', 'Fetch v11', 'JoinGroup v5', 'InitProducerId v1'])
      assert.ok(versions.has(v), v);
  });
});
