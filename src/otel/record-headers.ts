/**
 * W3C trace context (`traceparent`, `tracestate`) in record headers, through OpenTelemetry's
 * global propagator, as the Java client's OpenTelemetry instrumentation carries it: on send the
 * producer span's context is written into each record's headers (UTF-8 values), on receive it
 * is read back, so a consumer span joins the producer's trace whichever client wrote the record.
 */
import { type Context, propagation, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { ProducerHeader, ProducerRecord, RecordData } from '../producer/record.js';
import type { RecordHeader } from '../protocol/records/record-batch.js';

const setter: TextMapSetter<ProducerHeader[]> = {
  set(carrier, key, value) {
    const i = carrier.findIndex((h) => h.key === key);
    if (i >= 0) carrier.splice(i, 1);
    carrier.push({ key, value });
  },
};

const getter: TextMapGetter<readonly RecordHeader[]> = {
  keys: (carrier) => carrier.map((h) => h.key),
  get(carrier, key) {
    // The last header of a key wins (Java's `Headers#lastHeader`, what its instrumentation reads).
    for (let i = carrier.length - 1; i >= 0; i--) {
      const h = carrier[i];
      if (h?.key === key) return h.value === null ? undefined : h.value.toString('utf8');
    }
    return undefined;
  },
};

/** A copy of `record` whose headers also carry `context` (the record passed in is left alone). */
export function withTraceHeaders(record: ProducerRecord, context: Context): ProducerRecord {
  const headers = headerList(record.headers);
  propagation.inject(context, headers, setter);
  return { ...record, headers };
}

/** The trace context a record's headers carry, on top of `base` (unchanged when they carry none). */
export function traceContextOf(headers: readonly RecordHeader[], base: Context): Context {
  return propagation.extract(base, headers, getter);
}

function headerList(h: ProducerRecord['headers']): ProducerHeader[] {
  if (h === undefined || h === null) return [];
  if (Array.isArray(h)) return [...(h as readonly ProducerHeader[])];
  return Object.entries(h as Readonly<Record<string, RecordData | null>>).map(([key, value]) => ({
    key,
    value,
  }));
}
