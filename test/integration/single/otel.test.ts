/**
 * `kafe/otel` on a real Kafka 4.x broker, with the OpenTelemetry SDK and an in-memory exporter:
 * a record sent by kafe and consumed by kafe is one trace (a `send` span, a `process` span its
 * child); the `traceparent` header kafe writes is what Java's console consumer prints, in the
 * W3C format Java's OpenTelemetry instrumentation writes; and a record the Java console producer
 * sent with such a header makes kafe's `process` span a child of the span it names.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { instrumentKafe, type KafeInstrumentation } from '../../../src/otel/index.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('kafe/otel on a Kafka 4.x broker', () => {
  const cluster = clusterUnderTest();
  const bootstrap = cluster.bootstrapFor('plaintext');
  const kafka = kafkaUnderTest({ clientId: 'kafe-otel-it' });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  let otel: KafeInstrumentation;
  before(() => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    otel = instrumentKafe({ tracerProvider });
  });
  after(() => {
    otel.disable();
    propagation.disable();
  });

  it('kafe to kafe is one trace; Java reads the traceparent kafe wrote; kafe continues one Java wrote', async () => {
    const topic = uniqueTopic('otel');
    await kafka.admin().createTopics([{ topic, partitions: 1 }]);
    await kafka.producer().send({ topic, value: 'from-kafe' });
    const send = spans.getFinishedSpans().find((s) => s.name === `send ${topic}`)!;
    assert.ok(send, 'a send span');
    const written = `00-${send.spanContext().traceId}-${send.spanContext().spanId}-01`;

    // Java's console consumer prints the headers kafe wrote.
    const printed = await runKafkaTool(
      cluster,
      'console-consumer',
      [
        ...['--bootstrap-server', bootstrap, '--topic', topic, '--from-beginning'],
        ...['--max-messages', '1', '--timeout-ms', '20000', '--formatter-property', 'print.headers=true'],
      ],
      { timeoutMs: 90_000 },
    );
    assert.match(
      printed.stdout,
      new RegExp(`traceparent:${written}\\s+from-kafe`),
      printed.stdout + printed.stderr,
    );

    // A record Java's console producer sends with a traceparent header, as Java's instrumentation would.
    const javaTrace = randomBytes(16).toString('hex');
    const javaSpan = randomBytes(8).toString('hex');
    const produced = await runKafkaTool(
      cluster,
      'console-producer',
      [
        ...['--bootstrap-server', bootstrap, '--topic', topic],
        ...['--reader-property', 'parse.headers=true'],
      ],
      { input: `traceparent:00-${javaTrace}-${javaSpan}-01\tfrom-java\n`, timeoutMs: 90_000 },
    );
    assert.equal(produced.exitCode, 0, produced.stderr);

    const consumer = kafka.consumer({ groupId: `${topic}-group`, autoOffsetReset: 'earliest' });
    consumer.subscribe([topic]);
    const values: string[] = [];
    void consumer.run({
      eachMessage: (r) => {
        values.push(r.value!.toString());
      },
    });
    try {
      await until('both records handled', () => values.length === 2, brokerWait);
      await until(
        'two process spans',
        () => spans.getFinishedSpans().filter((s) => s.name === `process ${topic}`).length === 2,
        brokerWait,
      );
    } finally {
      await consumer.close();
    }
    const [fromKafe, fromJava] = spans.getFinishedSpans().filter((s) => s.name === `process ${topic}`);
    assert.equal(fromKafe!.spanContext().traceId, send.spanContext().traceId);
    assert.equal(fromKafe!.parentSpanContext?.spanId, send.spanContext().spanId);
    assert.equal(fromJava!.spanContext().traceId, javaTrace);
    assert.equal(fromJava!.parentSpanContext?.spanId, javaSpan);
    assert.equal(fromJava!.attributes['messaging.system'], 'kafka');
  });
});
