/** The instrumentation events every KafkaJS client has: connect, disconnect, and the network ones. */
import {
  InstrumentationEmitter,
  type InstrumentationEvent,
  type RemoveInstrumentationEventListener,
  type ValueOf,
} from './instrumentation.js';
import type { Logger } from './logger.js';

/** A client connected. */
export type ConnectEvent = InstrumentationEvent<null>;
/** A client disconnected. */
export type DisconnectEvent = InstrumentationEvent<null>;
/** A request got its response. */
export type RequestEvent = InstrumentationEvent<{
  apiKey: number;
  apiName: string;
  apiVersion: number;
  broker: string;
  clientId: string;
  correlationId: number;
  createdAt: number;
  duration: number;
  pendingDuration: number;
  sentAt: number;
  size: number;
}>;
/** A request timed out. */
export type RequestTimeoutEvent = InstrumentationEvent<Omit<RequestEvent['payload'], 'duration' | 'size'>>;
/** Requests queued on a connection. */
export type RequestQueueSizeEvent = InstrumentationEvent<{
  broker: string;
  clientId: string;
  queueSize: number;
}>;

/** An emitter for a client's `events`. */
export function networkEvents(
  events: Readonly<Record<string, string>>,
  logger: () => Logger,
): InstrumentationEmitter {
  return new InstrumentationEmitter(events, logger);
}

/** The event names every client has. */
export interface NetworkEventNames {
  CONNECT: string;
  DISCONNECT: string;
  REQUEST: string;
  REQUEST_TIMEOUT: string;
  REQUEST_QUEUE_SIZE: string;
}

/**
 * A client's `on()`: KafkaJS's overloads for the events every client has, then any event name
 * of `E` with a generic event.
 */
export interface ClientOn<E extends NetworkEventNames> {
  (
    eventName: E['CONNECT'],
    listener: (event: ConnectEvent) => void,
  ): RemoveInstrumentationEventListener<typeof eventName>;
  (
    eventName: E['DISCONNECT'],
    listener: (event: DisconnectEvent) => void,
  ): RemoveInstrumentationEventListener<typeof eventName>;
  (
    eventName: E['REQUEST'],
    listener: (event: RequestEvent) => void,
  ): RemoveInstrumentationEventListener<typeof eventName>;
  (
    eventName: E['REQUEST_QUEUE_SIZE'],
    listener: (event: RequestQueueSizeEvent) => void,
  ): RemoveInstrumentationEventListener<typeof eventName>;
  (
    eventName: E['REQUEST_TIMEOUT'],
    listener: (event: RequestTimeoutEvent) => void,
  ): RemoveInstrumentationEventListener<typeof eventName>;
  (
    eventName: ValueOf<E>,
    // biome-ignore lint/suspicious/noExplicitAny: KafkaJS's type: a listener of any event's payload.
    listener: (event: InstrumentationEvent<any>) => void,
  ): RemoveInstrumentationEventListener<typeof eventName>;
}

/** `on()` of a client whose events `emitter` emits (and `onListen` hears of, to subscribe what they need). */
export function clientOn<F>(emitter: InstrumentationEmitter, onListen?: (type: string) => void): F {
  return ((eventName: string, listener: (event: InstrumentationEvent<never>) => void) => {
    const remove = emitter.on(eventName, listener);
    onListen?.(eventName);
    return remove;
  }) as F;
}
