/**
 * `metrics()` on a real Kafka 4.x broker, against known work: N records sent (their count,
 * batches and bytes), the lag of a consumer whose handler holds a record while N more arrive,
 * then everything consumed and committed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brokerWait, until } from '../../support/until.js';
import { kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

const N = 200;

describe('metrics() on a Kafka 4.x broker', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-metrics-it' });

  it('N records sent and consumed, the lag while a handler holds one', async () => {
    const topic = uniqueTopic('metrics');
    await kafka.admin().createTopics([{ topic, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.sendBatch(Array.from({ length: N }, (_, i) => ({ topic, value: `record-${i}` })));
    const sent = producer.metrics();
    assert.equal(sent['record-send-total'], N);
    assert.equal(sent['record-error-total'], 0);
    assert.ok(sent['byte-total']! > N * 'record-0'.length, `${sent['byte-total']} bytes`);
    assert.ok(sent['produce-request-total']! >= 1 && sent['request-latency-max']! > 0);
    assert.equal(sent['buffer-available-bytes'], sent['buffer-total-bytes']);

    const consumer = kafka.consumer({
      groupId: `${topic}-group`,
      autoOffsetReset: 'earliest',
      maxWaitMs: 100,
    });
    let handled = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    consumer.subscribe([topic]);
    const running = consumer.run({
      eachMessage: async () => {
        handled++;
        if (handled === N + 1) await held;
      },
    });
    try {
      await until('N handled', () => handled === N, brokerWait);
      await producer.sendBatch(Array.from({ length: N }, (_, i) => ({ topic, value: `late-${i}` })));
      await until('lag N', () => consumer.metrics()['records-lag-max'] === N, brokerWait);
      release();
      await until(
        'lag 0',
        () => handled === 2 * N && consumer.metrics()['records-lag-max'] === 0,
        brokerWait,
      );
      await consumer.commit();
      const m = consumer.metrics();
      assert.equal(m['records-consumed-total'], 2 * N);
      assert.equal(m['rebalance-total'], 1);
      assert.equal(m['assigned-partitions'], 1);
      assert.ok(m['commit-total']! >= 1 && m['fetch-total']! >= 2);
      assert.ok(m['connection-count']! >= 1);
      assert.equal(producer.metrics()['record-send-total'], 2 * N);
    } finally {
      await consumer.close();
      await running;
      await producer.close();
    }
  });
});
