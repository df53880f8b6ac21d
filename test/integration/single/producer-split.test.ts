/**
 * On a real Kafka 4.x broker, a topic whose `max.message.bytes` (20000) is far below the
 * producer's `batchSize` (1 MiB): the broker refuses the big batches with MESSAGE_TOO_LARGE,
 * kafe splits them and sends them again (KIP-126). Every record lands once, in order; a record
 * too large alone fails with RecordTooLargeError without costing the others.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecordTooLargeError } from '../../../src/producer/errors.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { readTopicWithJava } from '../read-back.js';

describe('Producer splitting batches over max.message.bytes on a Kafka 4.x broker', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-split-it' });

  const cases = [
    { what: 'in 1 MiB batches', options: { batchSize: 1024 * 1024, lingerMs: 20 } },
    { what: 'with the default batchSize, grown up to maxBatchSize', options: { maxInFlightPerBroker: 1 } },
  ];
  for (const { what, options } of cases)
    it(`delivers a burst of 1 KB records ${what} to a topic that takes 20000-byte batches, in order, once`, async () => {
      const topic = uniqueTopic('split');
      (
        await kafka
          .admin()
          .createTopics([
            { topic, partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '20000' } },
          ])
      ).throwIfFailed();
      const producer = kafka.producer(options);
      const count = 600;
      const values = Array.from(
        { length: count },
        (_, i) => `${String(i).padStart(6, '0')}:${'x'.repeat(1017)}`,
      );
      const report = await producer.sendBatch(values.map((value) => ({ topic, value })));
      // A single record over the topic's limit: refused alone, typed.
      const tooBig = await producer.send({ topic, value: 'y'.repeat(30_000) }).catch((e: unknown) => e);
      assert.ok(tooBig instanceof RecordTooLargeError, String(tooBig));
      const last = await producer.send({ topic, value: 'last' });
      await producer.close();
      assert.deepEqual(
        [...report.offsets],
        values.map((_, i) => i),
      );
      assert.equal(last.offset, BigInt(count));
      const read = await readTopicWithJava(cluster, topic, count + 1);
      assert.equal(read.length, count + 1);
      assert.deepEqual(
        read.map((r) => r.value),
        [...values, 'last'],
      );
    });
});
