/**
 * `metrics()` of `Kafka`, producers and consumers on FakeKafka, checked against known work:
 * records and bytes sent, requests counted on the `kafe:net:request` channel, the lag while a
 * handler holds a record and more arrive, commits and rebalances; and the Prometheus text.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import type { RequestMessage } from '../../../src/net/diagnostics.js';
import { prometheusText } from '../../../src/observability/prometheus.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { until } from '../../support/until.js';

describe('metrics()', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  before(async () => {
    fake = await FakeKafka.start({ topics: [{ name: 'measured', partitions: 2 }, 'lagging', 'grouped'] });
  });
  after(() => fake.close());

  it('Kafka: connections and requests, the count matching the requests on kafe:net:request', async () => {
    let published = 0;
    const count = (m: unknown) => {
      if ((m as RequestMessage).client?.clientId === 'counted') published++;
    };
    diagnostics.subscribe('kafe:net:request', count);
    const kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'counted', logger: null });
    try {
      assert.equal(kafka.metrics()['connection-count'], 0);
      await kafka.admin().listTopics();
      await kafka.admin().describeTopics(['measured']);
      const m = kafka.metrics();
      assert.equal(m['connection-count'], 1);
      assert.equal(m['connection-creation-total'], 1);
      assert.equal(m['request-total'], published);
      assert.equal(m['response-total'], published);
      assert.ok(m['request-latency-avg']! >= 0 && m['request-latency-max']! >= m['request-latency-avg']!);
      assert.ok(m['outgoing-byte-total']! > 0 && m['incoming-byte-total']! > 0);
    } finally {
      diagnostics.unsubscribe('kafe:net:request', count);
      await kafka.close();
    }
    assert.equal(kafka.metrics()['connection-count'], 0);
    assert.equal(kafka.metrics()['connection-close-total'], 1);
  });

  it('producer: N records sent, their bytes, batches, and the buffer back to full', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: null });
    const producer = kafka.producer({ bufferMemory: 1_000_000 });
    fake.clearRequests();
    try {
      assert.ok(Number.isNaN(producer.metrics()['batch-size-avg']), 'nothing measured yet');
      await producer.sendBatch(
        Array.from({ length: 50 }, (_, i) => ({ topic: 'measured', partition: i % 2, value: `v${i}` })),
      );
      await producer.send({ topic: 'measured', partition: 0, value: 'one more' });
      const m = producer.metrics();
      assert.equal(m['record-send-total'], 51);
      assert.equal(m['record-error-total'], 0);
      assert.ok(m['record-send-rate']! > 0);
      const batches = Math.round(m['record-send-total']! / m['records-per-batch-avg']!);
      assert.ok(batches >= 3, `two partitions and a second send: ${batches} batches`);
      assert.ok(Math.abs(m['batch-size-avg']! * batches - m['byte-total']!) < 1e-6 * m['byte-total']!);
      assert.ok(m['batch-size-max']! >= m['batch-size-avg']!);
      assert.equal(m['produce-request-total'], fake.requests('Produce').length);
      assert.equal(m['buffer-total-bytes'], 1_000_000);
      assert.equal(m['buffer-available-bytes'], 1_000_000);
      assert.ok(m['connection-count']! >= 1, 'with the connection metrics of its cluster');
    } finally {
      await kafka.close();
    }
  });

  it('consumer: records handed out, the lag while a handler holds a record and more arrive, commits', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: null });
    const producer = kafka.producer();
    await producer.sendBatch(Array.from({ length: 30 }, (_, i) => ({ topic: 'lagging', value: `${i}` })));
    const consumer = kafka.consumer({ groupId: 'metered', maxWaitMs: 20, autoCommit: false });
    let handled = 0;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    try {
      consumer.assign([{ topic: 'lagging', partition: 0, offset: 0n }]);
      const running = consumer.run({
        eachMessage: async () => {
          handled++;
          if (handled === 31) await held;
        },
      });
      await until('30 handled', () => handled === 30);
      await until('lag 0', () => consumer.metrics()['records-lag-max'] === 0);
      await producer.sendBatch(
        Array.from({ length: 20 }, (_, i) => ({ topic: 'lagging', value: `${30 + i}` })),
      );
      // Record 30 is in the handler, not processed: the position stays at 30 while the
      // fetched high watermark moves to 50.
      await until('lag 20', () => consumer.metrics()['records-lag-max'] === 20);
      assert.equal(consumer.metrics()['assigned-partitions'], 1);
      release();
      await until(
        'all 50 handled, lag 0',
        () => handled === 50 && consumer.metrics()['records-lag-max'] === 0,
      );
      const m = consumer.metrics();
      assert.equal(m['records-consumed-total'], 50);
      assert.ok(m['bytes-consumed-total']! > 0);
      assert.ok(m['fetch-total']! >= 2 && m['fetch-latency-avg']! >= 0);
      assert.equal(m['commit-total'], 0);
      await consumer.commit();
      assert.equal(consumer.metrics()['commit-total'], 1);
      assert.ok(consumer.metrics()['commit-latency-avg']! >= 0);
      await consumer.close();
      await running;
    } finally {
      await kafka.close();
    }
  });

  it('consumer: rebalances counted and timed', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: null });
    const consumer = kafka.consumer({ groupId: 'rebalanced', heartbeatIntervalMs: 20, maxWaitMs: 20 });
    try {
      consumer.subscribe(['grouped']);
      void consumer.run({ eachMessage: () => {} });
      await until('joined', () => consumer.metrics()['rebalance-total'] === 1);
      assert.equal(consumer.metrics()['assigned-partitions'], 1);
      fake.rebalance('rebalanced');
      await until('rejoined', () => consumer.metrics()['rebalance-total'] === 2);
      const m = consumer.metrics();
      assert.equal(m['rebalance-rate-per-hour'], 2);
      assert.equal(m['failed-rebalance-total'], 0);
      assert.equal(m['last-rebalance-seconds-ago'], 0);
      assert.ok(m['rebalance-latency-max']! >= m['rebalance-latency-avg']!);
      assert.ok(
        Math.abs(m['rebalance-latency-avg']! * 2 - m['rebalance-latency-total']!) <
          1e-6 + m['rebalance-latency-total']! * 1e-9,
      );
    } finally {
      await kafka.close();
    }
  });

  it('prometheusText: counters, gauges, labels escaped, NaN', () => {
    const text = prometheusText(
      { 'record-send-total': 51, 'batch-size-avg': Number.NaN, 'request-latency-max': 2.5 },
      { prefix: 'kafka_producer', labels: { client_id: 'bill"ing' } },
    );
    assert.equal(
      text,
      [
        '# TYPE kafka_producer_record_send_total counter',
        'kafka_producer_record_send_total{client_id="bill\\"ing"} 51',
        '# TYPE kafka_producer_batch_size_avg gauge',
        'kafka_producer_batch_size_avg{client_id="bill\\"ing"} NaN',
        '# TYPE kafka_producer_request_latency_max gauge',
        'kafka_producer_request_latency_max{client_id="bill\\"ing"} 2.5',
        '',
      ].join('\n'),
    );
  });
});
