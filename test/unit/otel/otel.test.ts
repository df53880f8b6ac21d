/**
 * `kafe/otel` with the real OpenTelemetry SDK and in-memory exporters, on FakeKafka: a record
 * produced and consumed gives a `send` span and a `process` span in one trace (the consumer
 * span the child of the producer's, through the `traceparent` header), with the messaging
 * semantic conventions' names and attributes; the standard metrics count what was sent and
 * consumed and time it; the lag gauge reports a consumer's lag; failures set `error.type`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Kafka } from '../../../src/kafka.js';
import { instrumentKafe, type KafeInstrumentation } from '../../../src/otel/index.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { until } from '../../support/until.js';

/** A reader the test collects from on demand. */
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** The data points of `name`, as [attributes, value] (sum or histogram count). */
function points(resource: ResourceMetrics, name: string): [Record<string, unknown>, number][] {
  const out: [Record<string, unknown>, number][] = [];
  for (const scope of resource.scopeMetrics)
    for (const metric of scope.metrics)
      if (metric.descriptor.name === name)
        for (const p of metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[])
          out.push([
            p.attributes,
            typeof p.value === 'number' ? p.value : (p.value as { count: number }).count,
          ]);
  return out;
}

describe('kafe/otel', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  let otel: KafeInstrumentation;

  before(async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    // What an application's OpenTelemetry SDK for Node registers: the active context follows
    // async calls (without it, context.with() is a no-op).
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    otel = instrumentKafe({ tracerProvider, meterProvider });
    fake = await FakeKafka.start({ topics: ['otel-topic', 'otel-lag', 'otel-in', 'otel-out'] });
  });
  after(async () => {
    otel.disable();
    propagation.disable();
    context.disable();
    await fake.close();
  });

  const named = (name: string): ReadableSpan[] => spans.getFinishedSpans().filter((s) => s.name === name);

  it('send and process spans in one trace, linked through the traceparent header', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'otel-client', logger: null });
    try {
      const { offset } = await kafka.producer().send({ topic: 'otel-topic', key: 'k1', value: 'traced' });
      const [send] = named('send otel-topic');
      assert.ok(send, 'a send span');
      assert.equal(send.kind, 3 /* PRODUCER */);
      assert.deepEqual(
        {
          system: send.attributes['messaging.system'],
          operation: send.attributes['messaging.operation.name'],
          type: send.attributes['messaging.operation.type'],
          destination: send.attributes['messaging.destination.name'],
          partition: send.attributes['messaging.destination.partition.id'],
          offset: send.attributes['messaging.kafka.offset'],
          key: send.attributes['messaging.kafka.message.key'],
          client: send.attributes['messaging.client.id'],
        },
        {
          system: 'kafka',
          operation: 'send',
          type: 'send',
          destination: 'otel-topic',
          partition: '0',
          offset: Number(offset),
          key: 'k1',
          client: 'otel-client',
        },
      );
      const stored = fake.records('otel-topic', 0).find((r) => r.offset === offset)!;
      const traceparent = stored.headers.find((h) => h.key === 'traceparent')?.value?.toString();
      // W3C trace context, as Java's instrumentation writes it: version-traceid-spanid-flags.
      assert.equal(traceparent, `00-${send.spanContext().traceId}-${send.spanContext().spanId}-01`);

      const consumer = kafka.consumer({ groupId: 'otel-group', autoOffsetReset: 'earliest', maxWaitMs: 20 });
      consumer.subscribe(['otel-topic']);
      let handled = 0;
      void consumer.run({
        eachMessage: () => {
          handled++;
        },
      });
      await until('handled', () => handled === 1);
      await until('process span ended', () => named('process otel-topic').length === 1);
      const [process] = named('process otel-topic');
      assert.equal(process!.kind, 4 /* CONSUMER */);
      assert.equal(process!.spanContext().traceId, send.spanContext().traceId, 'one trace');
      assert.equal(process!.parentSpanContext?.spanId, send.spanContext().spanId, 'child of the send span');
      assert.deepEqual(
        process!.links.map((l) => l.context.spanId),
        [send.spanContext().spanId],
      );
      assert.equal(process!.attributes['messaging.consumer.group.name'], 'otel-group');
      assert.equal(process!.attributes['messaging.operation.type'], 'process');
      assert.equal(process!.attributes['messaging.kafka.offset'], Number(offset));
      assert.ok(named('poll').length >= 1, 'poll (receive) spans for the fetches');
      assert.equal(named('poll')[0]!.attributes['messaging.operation.type'], 'receive');
      await consumer.commit();
      await until('a commit span', () => named('commit').length >= 1);
      assert.equal(named('commit').at(-1)!.attributes['messaging.operation.type'], 'settle');

      const { resourceMetrics } = await reader.collect();
      const sent = points(resourceMetrics, 'messaging.client.sent.messages');
      assert.deepEqual(sent, [
        [
          {
            'messaging.system': 'kafka',
            'messaging.operation.name': 'send',
            'messaging.operation.type': 'send',
            'messaging.destination.name': 'otel-topic',
          },
          1,
        ],
      ]);
      const consumed = points(resourceMetrics, 'messaging.client.consumed.messages');
      assert.equal(
        consumed.reduce((n, [, v]) => n + v, 0),
        1,
      );
      assert.equal(points(resourceMetrics, 'messaging.process.duration')[0]?.[1], 1);
      const durations = points(resourceMetrics, 'messaging.client.operation.duration');
      assert.ok(durations.some(([a, n]) => a['messaging.operation.name'] === 'send' && n === 1));
      assert.ok(durations.some(([a]) => a['messaging.operation.name'] === 'poll'));
    } finally {
      await kafka.close();
    }
  });

  it('a failed send: span status error, error.type the kafe code', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: null });
    try {
      await assert.rejects(
        kafka
          .producer({ deliveryTimeoutMs: 200, requestTimeoutMs: 100, lingerMs: 0 })
          .send({ topic: 'otel-topic', partition: 7, value: 'x' }),
      );
      const failed = spans.getFinishedSpans().filter((s) => s.status.code === 2 /* ERROR */);
      assert.equal(failed.length, 1);
      assert.equal(typeof failed[0]!.attributes['error.type'], 'string');
    } finally {
      await kafka.close();
    }
  });

  it('observeLag reports messaging.kafka.consumer.lag per partition', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, logger: null });
    try {
      await kafka
        .producer()
        .sendBatch(Array.from({ length: 5 }, (_, i) => ({ topic: 'otel-lag', value: `${i}` })));
      const consumer = kafka.consumer({ maxWaitMs: 20 });
      consumer.assign([{ topic: 'otel-lag', partition: 0, offset: 2n }]);
      otel.observeLag(consumer, 'none');
      const batches = consumer.batches()[Symbol.asyncIterator]();
      await batches.next(); // fetched: the watermark is known, nothing processed yet
      const { resourceMetrics } = await reader.collect();
      assert.deepEqual(points(resourceMetrics, 'messaging.kafka.consumer.lag'), [
        [
          {
            'messaging.system': 'kafka',
            'messaging.destination.name': 'otel-lag',
            'messaging.destination.partition.id': '0',
            'messaging.consumer.group.name': 'none',
          },
          3,
        ],
      ]);
    } finally {
      await kafka.close();
    }
  });

  it('runs the handler with its process span active: what the handler starts or sends is the span’s child', async () => {
    const kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'otel-context', logger: null });
    try {
      const producer = kafka.producer();
      await producer.send({ topic: 'otel-in', value: 'in' });
      const consumer = kafka.consumer({
        groupId: 'otel-context',
        autoOffsetReset: 'earliest',
        maxWaitMs: 20,
      });
      consumer.subscribe(['otel-in']);
      let handled = 0;
      void consumer.run({
        eachMessage: async () => {
          tracerProvider.getTracer('app').startSpan('app work').end();
          await producer.send({ topic: 'otel-out', value: 'out' });
          handled++;
        },
      });
      await until('handled', () => handled === 1);
      await until('process span ended', () => named('process otel-in').length === 1);
      const [process] = named('process otel-in');
      const [work] = named('app work');
      const [forwarded] = named('send otel-out');
      assert.equal(work?.parentSpanContext?.spanId, process!.spanContext().spanId);
      assert.equal(forwarded?.parentSpanContext?.spanId, process!.spanContext().spanId);
      assert.equal(forwarded?.spanContext().traceId, named('send otel-in')[0]?.spanContext().traceId);
      await consumer.close();
    } finally {
      await kafka.close();
    }
  });
});
