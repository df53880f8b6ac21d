/**
 * The instrumentation events every KafkaJS client has: connect, disconnect, and the network
 * ones (REQUEST and REQUEST_TIMEOUT from kafe's `kafe:request` tracing channel,
 * REQUEST_QUEUE_SIZE from `kafe:net:queue`, filtered to the client's own scope and subscribed
 * only once someone listens).
 */
import diagnostics from 'node:diagnostics_channel';

import type { ClientScope } from '../net/client-scope.js';
import {
  channelNames,
  type QueueMessage,
  type RequestTraceContext,
  tracingChannels,
} from '../net/diagnostics.js';
import { KafeError } from '../protocol/errors.js';
import { apiKeys } from '../protocol/messages/index.js';
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

/**
 * The REQUEST, REQUEST_TIMEOUT and REQUEST_QUEUE_SIZE events of one client. KafkaJS's request
 * queue holds requests beyond `maxInFlightRequests` or behind a client-side throttle; kafe
 * pipelines without an in-flight limit, and its nearest queue is a connection's requests not
 * written yet (socket buffer full, KIP-219 throttle, re-authentication): REQUEST_QUEUE_SIZE gives
 * that queue's length each time it changes, `queueSize: 0` once it has emptied.
 */
export class RequestEvents {
  private scope: ClientScope | undefined;
  private unsubscribe: (() => void) | undefined;
  private unsubscribeQueue: (() => void) | undefined;
  private readonly wanted = new Set<string>();
  private readonly started = new WeakMap<object, number>();

  constructor(
    private readonly emitter: InstrumentationEmitter,
    private readonly names: NetworkEventNames,
  ) {}

  /** Requests of the clients of `scope` are reported from now on. */
  follow(scope: ClientScope): void {
    this.scope = scope;
    for (const type of this.wanted) this.need(type);
  }

  /** Subscribes the request channel if `type` is a request event (once). */
  need(type: string): void {
    if (type === this.names.REQUEST_QUEUE_SIZE) {
      this.needQueue();
      return;
    }
    if (type !== this.names.REQUEST && type !== this.names.REQUEST_TIMEOUT) return;
    this.wanted.add(type);
    if (this.scope === undefined || this.unsubscribe !== undefined) return;
    const mine = (c: RequestTraceContext) => c.client !== undefined && c.client === this.scope;
    const payload = (c: RequestTraceContext) => {
      const createdAt = this.started.get(c) ?? Date.now();
      return {
        apiKey: (apiKeys as Record<string, { key: number }>)[c.api]?.key ?? -1,
        apiName: c.api,
        apiVersion: c.version,
        broker: c.broker,
        clientId: c.client?.clientId ?? '',
        correlationId: c.correlationId,
        createdAt,
        sentAt: createdAt,
        pendingDuration: 0,
      };
    };
    const subscriber = {
      start: (c: RequestTraceContext) => {
        if (mine(c)) this.started.set(c, Date.now());
      },
      end: () => {},
      asyncStart: () => {},
      asyncEnd: (c: RequestTraceContext) => {
        if (!mine(c)) return;
        const p = payload(c);
        this.emitter.emit(this.names.REQUEST, { ...p, size: c.size, duration: Date.now() - p.createdAt });
      },
      error: (c: RequestTraceContext) => {
        if (mine(c) && c.error instanceof KafeError && c.error.code === 'REQUEST_TIMEOUT')
          this.emitter.emit(this.names.REQUEST_TIMEOUT, payload(c));
      },
    };
    tracingChannels.request.subscribe(subscriber);
    this.unsubscribe = () => tracingChannels.request.unsubscribe(subscriber);
  }

  /** Subscribes the connections' queue channel (once). */
  private needQueue(): void {
    this.wanted.add(this.names.REQUEST_QUEUE_SIZE);
    if (this.scope === undefined || this.unsubscribeQueue !== undefined) return;
    const listener = (message: unknown) => {
      const m = message as QueueMessage;
      if (m.client === undefined || m.client !== this.scope) return;
      this.emitter.emit(this.names.REQUEST_QUEUE_SIZE, {
        broker: m.broker,
        clientId: m.client.clientId ?? '',
        queueSize: m.queued,
      });
    };
    diagnostics.subscribe(channelNames.queue, listener);
    this.unsubscribeQueue = () => diagnostics.unsubscribe(channelNames.queue, listener);
  }

  /** Stops listening (until the next {@link follow}). */
  close(): void {
    this.scope = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.unsubscribeQueue?.();
    this.unsubscribeQueue = undefined;
  }
}
