/**
 * `node:diagnostics_channel` channel of the producer: the moment it can no longer work (fenced
 * by a newer instance, InitProducerId refused, a codec failed to load). Published only when
 * someone subscribes; never per record.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientScope } from '../net/client-scope.js';

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
