/**
 * A micro-measure of what `kafe/otel` costs per record: one `eachMessage` call traced on
 * `kafe:consumer:process` (span from the record's `traceparent`, link, metrics) and one
 * `send()` traced on `kafe:producer:send` (span, `traceparent` injected into a copy of the
 * record), each without the client around them, with the real SDK (spans batched and dropped
 * by a processor that keeps nothing). A few seconds of CPU; not a benchmark of kafe.
 *
 *   npx tsx scripts/otel-cost.ts [iterations]
 */
import { performance } from 'node:perf_hooks';
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { consumerTracing, type ProcessTraceContext } from '../src/consumer/diagnostics.js';
import { instrumentKafe } from '../src/otel/index.js';
import { producerTracing, type SendTraceContext } from '../src/producer/diagnostics.js';

const iterations = Number(process.argv[2] ?? 100_000);
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
const otel = instrumentKafe({
  tracerProvider: new BasicTracerProvider({ spanProcessors: [new NoopSpanProcessor()] }),
  meterProvider: new MeterProvider(),
});
const traceparent = Buffer.from('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
const record = {
  topic: 't',
  partition: 0,
  offset: 1n,
  timestamp: 0,
  key: null,
  value: Buffer.from('v'),
  headers: [{ key: 'traceparent', value: traceparent }],
};
const done = Promise.resolve();

async function measure(label: string, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 5_000; i++) await call();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await call();
  console.log(
    `${label.padEnd(48)} ${(((performance.now() - start) * 1e3) / iterations).toFixed(2).padStart(8)} µs/record`,
  );
}

await measure('process span (eachMessage), OpenTelemetry on', () =>
  consumerTracing.process.tracePromise(() => done, {
    client: undefined,
    group: 'g',
    topic: 't',
    partition: 0,
    record,
    batch: undefined,
  } satisfies ProcessTraceContext),
);
await measure('send span + traceparent header, OpenTelemetry on', () => {
  const context: SendTraceContext = {
    client: undefined,
    records: [{ topic: 't', value: 'v' }],
    batch: false,
  };
  return producerTracing.send.tracePromise(() => done, context);
});
otel.disable();
