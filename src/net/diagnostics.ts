/**
 * `node:diagnostics_channel` channels of the connection layer, for tracing (OpenTelemetry and
 * friends subscribe by name). Nothing is published unless someone subscribes, so they cost one
 * `hasSubscribers` check when unused. Messages carry names, versions, ids and sizes: never a
 * request body, a credential or a SASL payload.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientScope } from './client-scope.js';
import { kafeTracingChannel } from './tracing.js';

/** Channel names, all under `kafe:`. */
export const channelNames = {
  /** A connection is ready (TCP/TLS up, versions negotiated, authenticated). */
  connect: 'kafe:net:connect',
  /** A connection closed; `error` says why when it was not a plain `close()`. */
  close: 'kafe:net:close',
  /** A request was written (or queued for writing). */
  request: 'kafe:net:request',
  /** A request completed: with a response, or with `error`. */
  response: 'kafe:net:response',
  /** A SASL authentication or re-authentication finished. */
  authenticate: 'kafe:net:authenticate',
  /** A response asked the client to hold back (KIP-219): nothing is sent to the broker meanwhile. */
  throttle: 'kafe:net:throttle',
  /**
   * The number of requests waiting on a connection to be written changed: they wait while the
   * socket's buffer is full, a KIP-219 throttle runs or a re-authentication is due. Published
   * when one starts waiting and as they leave (0 once none waits), not for requests written at once.
   */
  queue: 'kafe:net:queue',
  /**
   * Any long-lived object of the client (connection, broker pool, cluster, producer, consumer,
   * ...) changed state: opened, began closing, closed, or was destroyed by an error
   * (`lifecycle.ts`, the one place that publishes it, whatever the layer).
   */
  lifecycle: 'kafe:lifecycle',
} as const;

/** Published on {@link channelNames.connect}. */
export interface ConnectMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  broker: string;
  tls: boolean;
  saslMechanism: string | undefined;
}

/** Published on {@link channelNames.close}. */
export interface CloseMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  broker: string;
  /** Whether it had been ready (false: the connect itself failed, `error` says why). */
  established: boolean;
  error: Error | undefined;
}

/** Published on {@link channelNames.request}. */
export interface RequestMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  broker: string;
  api: string;
  apiKey: number;
  version: number;
  correlationId: number;
  /** Frame size in bytes, including the size prefix. */
  size: number;
  expectResponse: boolean;
}

/** Published on {@link channelNames.response}. */
export interface ResponseMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  broker: string;
  api: string;
  apiKey: number;
  version: number;
  correlationId: number;
  /** Response size in bytes without the size prefix (0 when failed before a response). */
  size: number;
  error: Error | undefined;
}

/** Published on {@link channelNames.authenticate}. */
export interface AuthenticateMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  broker: string;
  mechanism: string;
  reauthentication: boolean;
  /** Session lifetime the broker granted (KIP-368), 0 when it sets none. */
  sessionLifetimeMs: number;
  error: Error | undefined;
}

/** Published on {@link channelNames.throttle}. */
export interface ThrottleMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  broker: string;
  /** The API whose response carried the throttle time. */
  api: string;
  apiKey: number;
  version: number;
  /** How long the connection sends nothing, from the moment the response arrived. */
  throttleTimeMs: number;
}

/** Published on {@link channelNames.queue}. */
export interface QueueMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  broker: string;
  /** Requests accepted and not written yet. */
  queued: number;
}

/** Where an object is in its life (see `lifecycle.ts`). */
export type LifecycleState = 'opening' | 'open' | 'closing' | 'closed' | 'destroyed';

/** Published on {@link channelNames.lifecycle}. */
export interface LifecycleMessage {
  /** The client it belongs to (its `clientId`); undefined for a connection made outside a client. */
  client: ClientScope | undefined;
  /** What changed state: `connection`, `broker pool`, `cluster`, `producer`, ... */
  component: string;
  /** Which one, when there are several (a connection's `host:port`). */
  name: string | undefined;
  /** The state entered. */
  state: LifecycleState;
  /** Why it was destroyed (state `destroyed` only). */
  error: Error | undefined;
}

/** The channels, created once. */
export const channels = {
  connect: diagnostics.channel(channelNames.connect),
  close: diagnostics.channel(channelNames.close),
  request: diagnostics.channel(channelNames.request),
  response: diagnostics.channel(channelNames.response),
  authenticate: diagnostics.channel(channelNames.authenticate),
  throttle: diagnostics.channel(channelNames.throttle),
  queue: diagnostics.channel(channelNames.queue),
  lifecycle: diagnostics.channel(channelNames.lifecycle),
};

/**
 * Context of the `kafe:request` tracing channel (`tracing:kafe:request:start|end|asyncStart|asyncEnd|error`):
 * one request to one broker, from `Connection#send` until its response is decoded (or the
 * request is written, for a request without response) or it fails. `version`,
 * `correlationId` and `size` are set once the request is encoded (-1 until then, and for one
 * refused before); Node sets `result` (the decoded response) or `error`.
 */
export interface RequestTraceContext {
  client: ClientScope | undefined;
  broker: string;
  api: string;
  version: number;
  correlationId: number;
  /** Frame size in bytes, including the size prefix. */
  size: number;
  expectResponse: boolean;
  result?: unknown;
  error?: unknown;
}

/** Tracing channels of the connection layer, created once. */
export const tracingChannels = {
  /** Every request to a broker (the connect-time ApiVersions and SASL exchanges excepted). */
  request: kafeTracingChannel<RequestTraceContext>('request'),
};
