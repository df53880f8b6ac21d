/**
 * `kafe/otel`: OpenTelemetry spans and metrics for kafe's clients, following OpenTelemetry's
 * messaging semantic conventions for Kafka, with W3C trace context carried in record headers
 * (interoperable with the Java client's instrumentation). Needs the optional peer dependency
 * `@opentelemetry/api`; kafe itself does not load it.
 *
 * @example
 * ```ts
 * import { instrumentKafe } from 'kafe/otel';
 * const otel = instrumentKafe(); // the global tracer and meter providers
 * ```
 */
export {
  instrumentKafe,
  type KafeInstrumentation,
  type KafeInstrumentationOptions,
} from './instrumentation.js';
export { traceContextOf, withTraceHeaders } from './record-headers.js';
