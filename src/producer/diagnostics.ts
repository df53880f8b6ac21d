/**
 * `node:diagnostics_channel` channels of the producer: the moment it can no longer work (fenced
 * by a newer instance, InitProducerId refused, a codec failed to load), and the `send` tracing
 * channel (see `net/tracing.ts`). Published only when someone subscribes.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientScope } from '../net/client-scope.js';
import { kafeTracingChannel } from '../net/tracing.js';
import type { DeliveryReport, RecordMetadata } from './delivery-report.js';
import type { ProducerRecord } from './record.js';

/** Name of the channel fatal producer errors are published on. */
export const producerFatalChannelName = 'kafe:producer:fatal';

/** Published on {@link producerFatalChannelName}. */
export interface ProducerFatalMessage {
  /** The client of the producer. */
  client: ClientScope | undefined;
  /** Why: every pending and later send fails with it. */
  error: Error;
}

/** The channel, created once. */
export const producerFatalChannel = diagnostics.channel(producerFatalChannelName);

/**
 * Context of the `kafe:producer:send` tracing channel: one `send(record)` (`batch` false, one
 * record) or `sendBatch(records)` call, from the call until its promise settles (acknowledged,
 * or failed). A `start` subscriber may replace `records` (say, with copies carrying trace
 * headers): the records sent are those in `records` once `start` has run. Node sets `result`
 * (the `RecordMetadata` or `DeliveryReport`) or `error`.
 */
export interface SendTraceContext {
  client: ClientScope | undefined;
  records: ProducerRecord[];
  batch: boolean;
  result?: RecordMetadata | DeliveryReport;
  error?: unknown;
}

/** The producer's tracing channels, created once. */
export const producerTracing = {
  send: kafeTracingChannel<SendTraceContext>('producer:send'),
};
