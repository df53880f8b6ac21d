/**
 * OpenTelemetry for kafe, following OpenTelemetry's messaging semantic conventions for Kafka
 * (`messaging.*` attributes and metrics), built only on kafe's tracing channels: nothing in the
 * clients knows OpenTelemetry.
 *
 * - `kafe:producer:send` -> a `send <topic>` span (kind PRODUCER) per `send()` / `sendBatch()`
 *   call, its context written into every record's headers (`traceparent`, through the global
 *   propagator: W3C trace context, as Java's instrumentation writes it);
 * - `kafe:consumer:process` -> a `process <topic>` span (kind CONSUMER) per handler call, child
 *   of the context the record carries (so producer and consumer spans are one trace) and linked
 *   to it; a batch's span links every record's context;
 * - `kafe:consumer:fetch` -> a `poll` span (kind CLIENT, operation type `receive`) per Fetch;
 * - `kafe:consumer:commit` -> a `commit` span (kind CLIENT, operation type `settle`);
 * - metrics: `messaging.client.operation.duration` (send, poll, commit),
 *   `messaging.process.duration`, `messaging.client.sent.messages`,
 *   `messaging.client.consumed.messages`, and `messaging.kafka.consumer.lag` for consumers given
 *   to {@link KafeInstrumentation.observeLag}.
 */
import diagnostics from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import {
  type Attributes,
  context,
  type Link,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { Consumer } from '../consumer/consumer.js';
import type { CommitTraceContext, FetchTraceContext, ProcessTraceContext } from '../consumer/diagnostics.js';
import type { ClientScope } from '../net/client-scope.js';
import type { RecordMetadata } from '../producer/delivery-report.js';
import type { SendTraceContext } from '../producer/diagnostics.js';
import { traceContextOf, withTraceHeaders } from './record-headers.js';

/** Options of {@link instrumentKafe}. */
export interface KafeInstrumentationOptions {
  /** Where spans go. Default: the global tracer provider. */
  readonly tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global meter provider. */
  readonly meterProvider?: MeterProvider;
}

/** The instrumentation, until {@link disable}d. */
export interface KafeInstrumentation {
  /** Reports `consumer`'s lag per partition as `messaging.kafka.consumer.lag` (until it is closed). */
  observeLag(consumer: Consumer, group?: string): void;
  /** Stops: no span or metric is made any more. */
  disable(): void;
}

const SCOPE = 'kafe';

/** One started operation: its span and when it started (for the duration metrics). */
interface Started {
  readonly span: Span;
  readonly startedAt: number;
  readonly attributes: Attributes;
}

type Handlers = {
  start: (message: object) => void;
  end: (message: object) => void;
  asyncStart: (message: object) => void;
  asyncEnd: (message: object) => void;
  error: (message: object) => void;
};

/**
 * Starts OpenTelemetry spans and metrics for every kafe client of the process (see the module
 * comment). The record headers carry the trace context in the global propagator's format: set
 * up the W3C one (the SDK's default) for Java interoperability.
 */
export function instrumentKafe(options: KafeInstrumentationOptions = {}): KafeInstrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  // The conventions' instruments, with their units and descriptions.
  const seconds = (name: string, description: string) =>
    meter.createHistogram(name, { unit: 's', description });
  const messages = (name: string, description: string) =>
    meter.createCounter(name, { unit: '{message}', description });
  const operationDuration = seconds(
    'messaging.client.operation.duration',
    'Duration of messaging operation initiated by a producer or consumer client.',
  );
  const processDuration = seconds('messaging.process.duration', 'Duration of processing operation.');
  const sentMessages = messages(
    'messaging.client.sent.messages',
    'Number of messages producer attempted to send to the broker.',
  );
  const consumedMessages = messages(
    'messaging.client.consumed.messages',
    'Number of messages that were delivered to the application.',
  );
  const lagged = new Set<{ consumer: WeakRef<Consumer>; group: string | undefined }>();
  const lag = meter.createObservableGauge('messaging.kafka.consumer.lag', {
    unit: '{message}',
    description: 'Records between the consumer position and the end of the partition, per partition.',
  });
  lag.addCallback((result) => {
    for (const entry of lagged) {
      const consumer = entry.consumer.deref();
      if (consumer === undefined) {
        lagged.delete(entry);
        continue;
      }
      let rows: ReturnType<Consumer['lag']>;
      try {
        rows = consumer.lag();
      } catch {
        lagged.delete(entry); // closed
        continue;
      }
      for (const p of rows)
        if (p.lag !== undefined)
          result.observe(Number(p.lag), {
            'messaging.system': 'kafka',
            'messaging.destination.name': p.topic,
            'messaging.destination.partition.id': String(p.partition),
            ...(entry.group === undefined ? {} : { 'messaging.consumer.group.name': entry.group }),
          });
    }
  });

  const started = new WeakMap<object, Started>();
  const begin = (
    message: object,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links?: Link[],
    parent = context.active(),
  ) => {
    const span = tracer.startSpan(
      name,
      { kind, attributes, ...(links === undefined ? {} : { links }) },
      parent,
    );
    const entry = { span, startedAt: performance.now(), attributes };
    started.set(message, entry);
    return entry;
  };
  const finish = (message: object, failed: boolean, histogram: typeof operationDuration) => {
    const entry = started.get(message);
    if (entry === undefined) return undefined;
    started.delete(message);
    const error = (message as { error?: unknown }).error;
    const errorType = failed ? errorTypeOf(error) : undefined;
    if (errorType !== undefined) {
      entry.span.setAttribute('error.type', errorType);
      if (error instanceof Error) entry.span.recordException(error);
      entry.span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : undefined,
      });
    }
    histogram.record((performance.now() - entry.startedAt) / 1000, {
      ...metricAttributes(entry.attributes),
      ...(errorType === undefined ? {} : { 'error.type': errorType }),
    });
    return entry;
  };

  /** Handlers of an operation whose span and duration end when it settles. */
  const spanned = <C extends object>(start: (m: C) => void, histogram = operationDuration): Handlers =>
    handlers<C>({
      start,
      asyncEnd: (m) => finish(m, false, histogram)?.span.end(),
      error: (m) => finish(m, true, histogram)?.span.end(),
    });

  const subscriptions: [string, Handlers][] = [
    [
      'kafe:producer:send',
      handlers({
        start(m: SendTraceContext) {
          const topics = new Set(m.records.map((r) => r.topic));
          const topic = topics.size === 1 ? [...topics][0] : undefined;
          const first = m.records[0];
          const attributes: Attributes = {
            ...common(m.client, 'send', 'send'),
            ...(topic === undefined ? {} : { 'messaging.destination.name': topic }),
            ...(m.batch ? { 'messaging.batch.message_count': m.records.length } : {}),
            ...(!m.batch && first?.partition !== undefined
              ? { 'messaging.destination.partition.id': String(first.partition) }
              : {}),
            ...(!m.batch && typeof first?.key === 'string'
              ? { 'messaging.kafka.message.key': first.key }
              : {}),
          };
          const { span } = begin(
            m,
            topic === undefined ? 'send' : `send ${topic}`,
            SpanKind.PRODUCER,
            attributes,
          );
          const spanContext = trace.setSpan(context.active(), span);
          m.records = m.records.map((r) => withTraceHeaders(r, spanContext));
        },
        asyncEnd(m: SendTraceContext) {
          const entry = finish(m, false, operationDuration);
          if (entry === undefined) return;
          if (!m.batch && m.result !== undefined) {
            const r = m.result as RecordMetadata;
            entry.span.setAttribute('messaging.destination.partition.id', String(r.partition));
            if (r.offset >= 0) entry.span.setAttribute('messaging.kafka.offset', Number(r.offset));
          }
          sentMessages.add(m.records.length, metricAttributes(entry.attributes));
          entry.span.end();
        },
        error(m: SendTraceContext) {
          const entry = finish(m, true, operationDuration);
          if (entry === undefined) return;
          sentMessages.add(m.records.length, {
            ...metricAttributes(entry.attributes),
            'error.type': errorTypeOf(m.error) ?? '_OTHER',
          });
          entry.span.end();
        },
      }),
    ],
    [
      'kafe:consumer:process',
      spanned((m: ProcessTraceContext) => {
        const count = m.record === undefined ? (m.batch?.count ?? 0) : 1;
        const attributes: Attributes = {
          ...common(m.client, 'process', 'process'),
          'messaging.destination.name': m.topic,
          'messaging.destination.partition.id': String(m.partition),
          ...(m.group === undefined ? {} : { 'messaging.consumer.group.name': m.group }),
          ...(m.record === undefined ? { 'messaging.batch.message_count': count } : {}),
          ...(m.record === undefined ? {} : { 'messaging.kafka.offset': Number(m.record.offset) }),
        };
        const active = context.active();
        let parent = active;
        let span: ReturnType<typeof begin>['span'];
        if (m.record !== undefined) {
          // One record: its producer's context is the parent (one trace) and a link.
          parent = traceContextOf(m.record.headers, active);
          const producer = trace.getSpanContext(parent);
          const links = producer === undefined ? undefined : [{ context: producer }];
          ({ span } = begin(m, `process ${m.topic}`, SpanKind.CONSUMER, attributes, links, parent));
        } else {
          ({ span } = begin(
            m,
            `process ${m.topic}`,
            SpanKind.CONSUMER,
            attributes,
            batchLinks(m, active),
            active,
          ));
        }
        // The handler runs with the process span active: what it starts or sends is its child.
        const handlerContext = trace.setSpan(parent, span);
        m.runInContext = (handler) => context.with(handlerContext, handler);
        consumedMessages.add(count, metricAttributes(attributes));
      }, processDuration),
    ],
    [
      'kafe:consumer:fetch',
      spanned((m: FetchTraceContext) => {
        begin(m, 'poll', SpanKind.CLIENT, common(m.client, 'poll', 'receive'));
      }),
    ],
    [
      'kafe:consumer:commit',
      spanned((m: CommitTraceContext) => {
        begin(m, 'commit', SpanKind.CLIENT, {
          ...common(m.client, 'commit', 'settle'),
          'messaging.consumer.group.name': m.group,
          'messaging.batch.message_count': m.offsets.length,
        });
      }),
    ],
  ];
  for (const [name, h] of subscriptions) diagnostics.tracingChannel(name).subscribe(h);
  return {
    observeLag(consumer, group) {
      lagged.add({ consumer: new WeakRef(consumer), group });
    },
    disable() {
      for (const [name, h] of subscriptions) diagnostics.tracingChannel(name).unsubscribe(h);
      lagged.clear();
    },
  };
}

/** The attributes every kafe span and metric has. */
function common(client: ClientScope | undefined, operation: string, type: string): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.name': operation,
    'messaging.operation.type': type,
    ...(client?.clientId ? { 'messaging.client.id': client.clientId } : {}),
  };
}

/** The span attributes a metric may carry (the conventions keep offsets, keys and counts off metrics). */
function metricAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const k of [
    'messaging.system',
    'messaging.operation.name',
    'messaging.operation.type',
    'messaging.destination.name',
    'messaging.destination.partition.id',
    'messaging.consumer.group.name',
  ])
    if (attributes[k] !== undefined) out[k] = attributes[k];
  return out;
}

/** Links to the producer contexts a batch's records carry. */
function batchLinks(m: ProcessTraceContext, base: ReturnType<typeof context.active>): Link[] {
  const links: Link[] = [];
  for (const b of m.batch?.batches ?? [])
    for (const r of b.records ?? []) {
      const carried = trace.getSpanContext(traceContextOf(r.headers, base));
      if (carried !== undefined) links.push({ context: carried });
    }
  return links;
}

/** `error.type`: a kafe error's code, else the error's class name (the conventions' advice). */
function errorTypeOf(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (error !== null && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string')
    return (error as { code: string }).code;
  return error instanceof Error ? error.constructor.name : '_OTHER';
}

/** A full subscriber object from the phases handled (the others do nothing). */
function handlers<C>(phases: { start?(m: C): void; asyncEnd?(m: C): void; error?(m: C): void }): Handlers {
  const none = () => {};
  return {
    start: (m) => phases.start?.(m as C),
    end: none,
    asyncStart: none,
    asyncEnd: (m) => phases.asyncEnd?.(m as C),
    error: (m) => phases.error?.(m as C),
  };
}
