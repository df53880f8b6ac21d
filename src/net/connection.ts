/**
 * One connection to one broker: framing, correlation, pipelining, timeouts and aborts, write
 * backpressure, version negotiation, SASL and re-authentication (docs/protocol.html, "The
 * Protocol"; Java: `NetworkClient` + `KafkaChannel` + `SaslClientAuthenticator`).
 *
 * - Many requests may be in flight; Kafka answers them in the order they were sent, so a
 *   response whose correlation id is not that of the oldest request on the wire breaks the
 *   stream and closes the connection (Java: `NetworkClient#correlate`).
 * - A request aborted by its caller's signal is settled at once; if it was already written, its
 *   entry stays in the in-flight list, marked abandoned, so its late response is recognised
 *   and dropped (decoded only when its version may carry a KIP-219 throttle time to honour).
 * - A written request that times out closes the connection (Java: `NetworkClient` disconnects
 *   on a request timeout): a broker that did not answer in time is not trusted with the next
 *   request, and no late answer can ever meet a newer request. The other requests fail with a
 *   retriable {@link ConnectionClosedError}; the broker pool reconnects on next use. A request
 *   that times out before it was written only fails itself.
 * - KIP-219: a response carrying a throttle time (at versions where the broker throttles after
 *   responding, see `throttle.ts`) holds every further request in the queue until that time has
 *   passed; their timeouts and signals still apply.
 * - `socket.write` returning false stops further writes until 'drain'; requests queue in order
 *   meanwhile, and one aborted while queued is never written. How many wait (here, behind a
 *   throttle or a re-authentication) is published on `kafe:net:queue` as it changes.
 * - Re-authentication (KIP-368) happens between requests: when due, new requests queue, the
 *   in-flight ones finish, SaslHandshake + SaslAuthenticate run, then the queue is released
 *   (`sasl/session.ts`).
 */
import type net from 'node:net';
import type tls from 'node:tls';
import { inspect } from 'node:util';
import { DecodeError, KafeError } from '../protocol/errors.js';
import {
  type ApiName,
  apiKeys,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../protocol/messages/index.js';
import { encodeRequestHeader } from '../protocol/messages/request-header.js';
import { decodeResponseHeader } from '../protocol/messages/response-header.js';
import { Reader } from '../protocol/primitives/reader.js';
import { Writer } from '../protocol/primitives/writer.js';
import { type ApiCodecs, apiCodecsByName, type RequestOf, type ResponseOf } from './api-codecs.js';
import type { NegotiatedVersions } from './api-versions.js';
import type { ClientScope } from './client-scope.js';
import { channels, type QueueMessage, type RequestTraceContext, tracingChannels } from './diagnostics.js';
import {
  ConnectionClosedError,
  ConnectionError,
  FrameTooLargeError,
  RequestAbortedError,
  RequestTimeoutError,
  UnsupportedVersionError,
} from './errors.js';
import { FrameDecoder, type FrameSizeViolation } from './frame-decoder.js';
import { FrameReader } from './frame-reader.js';
import { withHiddenSecrets } from './hidden-secrets.js';
import { Lifecycle } from './lifecycle.js';
import { type ClientSoftware, negotiateVersions } from './negotiate-versions.js';
import { openSocket, socketError } from './open-socket.js';
import type { InternalSend } from './request-channel.js';
import { type SaslOptions, saslMechanismFor } from './sasl/options.js';
import { SaslSession } from './sasl/session.js';
import { clientThrottleMs, clientThrottles } from './throttle.js';
import { isTraced } from './tracing.js';

/** Options of {@link Connection.connect}. */
export interface ConnectionOptions {
  host: string;
  port: number;
  /** `client.id` sent in every request header. Default `kafe`. */
  clientId?: string | null;
  /** `true` for TLS with Node's defaults, or Node `tls` options (`ca`, `cert`, `key`, `pfx`, `servername`, ...). */
  tls?: boolean | tls.ConnectionOptions;
  /** SASL mechanism and credentials; absent for no authentication. */
  sasl?: SaslOptions;
  /** Limit for opening the socket (TCP + TLS). Default 10000 ms. */
  connectTimeoutMs?: number;
  /** Default per-request timeout, also for the connect-time requests. Default 30000 ms (Java `request.timeout.ms`). */
  requestTimeoutMs?: number;
  /** Largest response frame accepted, in bytes. Default 128 MiB; larger prefixes close the connection. */
  maxResponseSize?: number;
  /** Highest version to use per API, whatever both sides support (debugging, tests against old brokers). */
  maxVersions?: Partial<Record<ApiName, number>>;
  /** Client name and version announced in ApiVersions v3+ (KIP-511). */
  clientSoftware?: ClientSoftware;
  /**
   * Aborts the connect (socket, version negotiation, SASL) with a {@link RequestAbortedError};
   * it does not affect the connection once `connect` has resolved.
   */
  signal?: AbortSignal;
  /** The client the connection belongs to, named by its diagnostics messages (and so its log lines). */
  scope?: ClientScope;
}

/** Options of one request. */
export interface SendOptions {
  /** Milliseconds until the request fails with {@link RequestTimeoutError}; 0 for none. Defaults to the connection's. */
  timeoutMs?: number;
  /** Aborting fails the request with {@link RequestAbortedError}. */
  signal?: AbortSignal;
  /** Version to use instead of the negotiated one; must be supported by both sides. */
  version?: number;
}

const DEFAULT_MAX_RESPONSE_SIZE = 128 * 1024 * 1024;
/**
 * Byte fields of at least this size (a Produce request's encoded record batches) are written
 * from where they are, in one vectored write with the rest of the request, not copied into
 * the request's buffer first: on 100-byte records the copy, into fresh megabyte buffers, cost
 * about a tenth of the producer's CPU. Smaller fields are cheaper copied than as a piece more.
 */
const REFERENCE_FROM = 8 * 1024;
/** Client name and version announced in ApiVersions (KIP-511) unless the options say otherwise. */
export const DEFAULT_CLIENT_SOFTWARE: ClientSoftware = { name: 'kafe', version: '0.1.0' };

interface Pending {
  readonly correlationId: number;
  readonly api: ApiCodecs;
  readonly version: number;
  /** The request as written: one buffer, or pieces referring to large byte fields (see {@link REFERENCE_FROM}). */
  readonly frame: Buffer | readonly Buffer[];
  /** Its size in bytes, prefix included. */
  readonly size: number;
  readonly expectResponse: boolean;
  readonly decode: ((reader: Reader) => unknown) | undefined;
  /** When it was written (the client's metrics clock), 0 before. */
  writtenAt: number;
  /** Settled (resolved, rejected, timed out or aborted): a late response is dropped. */
  done: boolean;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** A connection to one broker. Create it with {@link Connection.connect}. */
export class Connection {
  /** `host:port` of the broker. */
  readonly broker: string;
  /** Resolves when the connection has closed: with `undefined` after `close()`, else with the error that ended it. */
  readonly closed: Promise<Error | undefined>;

  private socket: net.Socket | undefined;
  private readonly writer = new Writer(64 * 1024, { referenceFrom: REFERENCE_FROM });
  /** Frames of a TLS socket, from the chunks Node reads (`'data'`). */
  private readonly decoder: FrameDecoder | undefined;
  /** Frames of a plaintext socket, read into buffers of its own (`onread`). */
  private readonly reader: FrameReader | undefined;
  private readonly clientId: string | null;
  private readonly requestTimeoutMs: number;
  /** SASL authentication and re-authentication; undefined without SASL. */
  private readonly sasl: SaslSession | undefined;
  private versions: NegotiatedVersions | undefined;
  private nextCorrelationId = 0;
  /** Written requests awaiting a response, in wire order (Map keeps insertion order). */
  private readonly inFlight = new Map<number, Pending>();
  /** Requests not yet written (backpressure or re-authentication). */
  private outbox: Pending[] = [];
  /** The outbox length last published on `kafe:net:queue`. */
  private queuedReported = 0;
  /** Written requests that expect no response, until their write completes. */
  private readonly unanswered = new Set<Pending>();
  private writable = true;
  /** Set while a KIP-219 throttle runs: the outbox is not written until it fires. */
  private throttleTimer: NodeJS.Timeout | undefined;
  /** When the running throttle ends (`Date.now()` based). */
  private throttledUntil = 0;
  /** Opening until negotiated and authenticated; closed by `close()`, destroyed by a failure. */
  private readonly lifecycle: Lifecycle;
  /** Set once ready (negotiated, authenticated): a close before that is a failed connect. */
  private established = false;

  /** The options, with `sasl` and `tls` as copies that print their secrets as `[hidden]`. */
  private readonly options: ConnectionOptions;

  private constructor(options: ConnectionOptions) {
    this.options = withHiddenSecrets(options);
    this.broker = `${options.host}:${options.port}`;
    this.clientId = options.clientId === undefined ? 'kafe' : options.clientId;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    const maxFrame = options.maxResponseSize ?? DEFAULT_MAX_RESPONSE_SIZE;
    // TLS sockets have no `onread`: their bytes come as Node's chunks.
    if (options.tls !== undefined && options.tls !== false) this.decoder = new FrameDecoder(maxFrame);
    else this.reader = new FrameReader(maxFrame, this.onFrame, (v) => this.onViolation(v));
    this.lifecycle = new Lifecycle({
      component: 'connection',
      name: this.broker,
      scope: options.scope,
      opening: true,
      closedError: () => new ConnectionClosedError(this.broker),
    });
    this.closed = this.lifecycle.ended;
    this.sasl =
      options.sasl === undefined
        ? undefined
        : new SaslSession({
            broker: this.broker,
            scope: options.scope,
            mechanism: saslMechanismFor(options.sasl),
            send: this.internalSend,
            versions: () => this.negotiated,
            inFlightCount: () => this.inFlight.size,
            isClosing: () => this.lifecycle.isClosed,
            release: () => this.flush(),
            fail: (error) => this.fail(error),
          });
  }

  /**
   * What `util.inspect` (console.log, loggers) shows: a summary, never the socket or buffers,
   * which hold TLS keys and SASL credentials in Node's own objects and in written requests.
   */
  [inspect.custom](): string {
    return `Connection { broker: '${this.broker}', tls: ${!!this.options.tls}, sasl: ${
      this.sasl === undefined ? 'none' : `'${this.sasl.mechanismName}'`
    }, inFlight: ${this.inFlight.size}, closed: ${this.isClosed} }`;
  }

  /** What `JSON.stringify` gives: the same summary as an object. */
  toJSON(): object {
    return { broker: this.broker, tls: !!this.options.tls, sasl: this.sasl?.mechanismName ?? null };
  }

  /**
   * Opens a connection: socket (TLS when configured), ApiVersions negotiation, SASL. Resolves
   * when requests can be sent; rejects with a {@link ConnectionError} or {@link AuthenticationError}.
   */
  static async connect(options: ConnectionOptions): Promise<Connection> {
    const connection = new Connection(options);
    await connection.open();
    return connection;
  }

  private async open(): Promise<void> {
    let socket: net.Socket;
    try {
      socket = await openSocket({
        host: this.options.host,
        port: this.options.port,
        tls: this.options.tls,
        connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
        signal: this.options.signal,
        onread:
          this.reader === undefined
            ? undefined
            : { buffer: this.reader.nextBuffer, callback: this.reader.received },
      });
    } catch (error) {
      // Ended like any failed connection (state `destroyed`, `kafe:net:close` with the reason),
      // so a refused connect is seen where a lost one is.
      this.fail(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    this.socket = socket;
    if (this.decoder !== undefined) socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.writable = true;
      this.flush();
    });
    socket.on('error', (error) => this.fail(socketError(this.broker, error, 'connection failed')));
    socket.on('close', () =>
      this.fail(new ConnectionClosedError(this.broker, 'the broker closed the connection')),
    );
    const signal = this.options.signal;
    const onAbort = () => this.fail(new RequestAbortedError(this.broker, 'connect', signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const pins = this.options.maxVersions ?? {};
      this.versions = await negotiateVersions(this.internalSend, this.broker, this.clientSoftware, pins);
      await this.sasl?.authenticate(false);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    this.lifecycle.opened();
    this.established = true;
    this.options.scope?.network.connectionCreated();
    if (channels.connect.hasSubscribers) {
      channels.connect.publish({
        client: this.options.scope,
        broker: this.broker,
        tls: !!this.options.tls,
        saslMechanism: this.sasl?.mechanismName,
      });
    }
  }

  /** The version `api` requests use on this connection; throws {@link UnsupportedVersionError} naming the API when none. */
  versionFor(api: ApiName | number): number {
    const key = typeof api === 'number' ? api : apiKeys[api].key;
    return this.negotiated.versionFor(key, this.broker);
  }

  /** The client name and version this connection sends in ApiVersions (KIP-511). */
  get clientSoftware(): ClientSoftware {
    return this.options.clientSoftware ?? DEFAULT_CLIENT_SOFTWARE;
  }

  /** The negotiated versions (the broker's ranges and the chosen version per API). */
  get negotiated(): NegotiatedVersions {
    if (this.versions === undefined)
      throw new ConnectionError(this.broker, 'versions are not negotiated yet');
    return this.versions;
  }

  /** Requests written and awaiting their response (including abandoned ones whose response is still due). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Session lifetime granted at the last (re-)authentication (KIP-368), 0 when none. */
  get sessionLifetimeMs(): number {
    return this.sasl?.sessionLifetimeMs ?? 0;
  }

  /** How many times the connection re-authenticated. */
  get reauthentications(): number {
    return this.sasl?.reauthentications ?? 0;
  }

  /** Whether the connection is closed or closing. */
  get isClosed(): boolean {
    return this.lifecycle.isClosed;
  }

  /**
   * Sends one request and resolves with the decoded response body. Broker error codes are
   * data in the response (see `protocol/broker-error.ts`); the promise rejects only for
   * transport problems: timeout, abort, close, undecodable bytes, unsupported version.
   */
  send<N extends ApiName>(api: N, request: RequestOf<N>, options: SendOptions = {}): Promise<ResponseOf<N>> {
    return this.traceDispatch(api, request, options, true) as Promise<ResponseOf<N>>;
  }

  /**
   * Sends a request the broker does not answer (Produce with `acks=0`); resolves once it has
   * been written to the socket. A timeout or abort applies until then.
   */
  sendWithoutResponse<N extends ApiName>(
    api: N,
    request: RequestOf<N>,
    options: SendOptions = {},
  ): Promise<void> {
    return this.traceDispatch(api, request, options, false) as Promise<void>;
  }

  /**
   * Closes the connection: every pending request fails with {@link ConnectionClosedError},
   * queued ones are never written. Resolves when the socket has closed; every call returns the
   * same promise (after a failure, the promise of that failure's teardown).
   */
  close(): Promise<void> {
    return this.lifecycle.close(() => this.teardown(undefined));
  }

  /** Requests of the connect-time exchanges: explicit version, ahead of the outbox. */
  private readonly internalSend: InternalSend = (api, version, body, decode) => {
    const codecs = apiCodecsByName(api);
    if (codecs === undefined) return Promise.reject(new UnsupportedVersionError(api, `unknown API ${api}`));
    return this.enqueue(
      codecs,
      version,
      body,
      { timeoutMs: this.requestTimeoutMs },
      true,
      decode,
      true,
    ) as Promise<never>;
  };

  /** {@link dispatch}, on the `kafe:request` tracing channel when someone subscribes. */
  private traceDispatch(
    api: string,
    body: unknown,
    options: SendOptions,
    expectResponse: boolean,
  ): Promise<unknown> {
    const tracing = tracingChannels.request;
    if (!isTraced(tracing)) return this.dispatch(api, body, options, expectResponse, undefined);
    const context: RequestTraceContext = {
      client: this.options.scope,
      broker: this.broker,
      api,
      version: -1,
      correlationId: -1,
      size: -1,
      expectResponse,
    };
    return tracing.tracePromise(() => this.dispatch(api, body, options, expectResponse, context), context);
  }

  private dispatch(
    apiName: string,
    body: unknown,
    options: SendOptions,
    expectResponse: boolean,
    trace: RequestTraceContext | undefined,
  ): Promise<unknown> {
    if (this.lifecycle.isClosed) return Promise.reject(this.lifecycle.closedError());
    const codecs = apiCodecsByName(apiName);
    if (codecs === undefined) {
      return Promise.reject(
        new UnsupportedVersionError(apiName, `${this.broker}: kafe does not implement ${apiName}`),
      );
    }
    const versions = this.negotiated;
    let version: number;
    if (options.version !== undefined) {
      if (!versions.supports(codecs.info.key, options.version)) {
        return Promise.reject(versions.unsupported(codecs.info.key, this.broker, options.version));
      }
      version = options.version;
    } else {
      const v = versions.tryVersionFor(codecs.info.key);
      if (v === undefined) return Promise.reject(versions.unsupported(codecs.info.key, this.broker));
      version = v;
    }
    return this.enqueue(codecs, version, body, options, expectResponse, undefined, false, trace);
  }

  private enqueue(
    api: ApiCodecs,
    version: number,
    body: unknown,
    options: SendOptions,
    expectResponse: boolean,
    decode: ((reader: Reader) => unknown) | undefined,
    bypassGate: boolean,
    trace?: RequestTraceContext,
  ): Promise<unknown> {
    const signal = options.signal;
    if (signal?.aborted)
      return Promise.reject(new RequestAbortedError(this.broker, api.info.name, signal.reason));
    let frame: Buffer | readonly Buffer[];
    let size: number;
    const correlationId = this.nextCorrelationId;
    try {
      frame = this.encode(api, version, correlationId, body);
      size = this.writer.lastLength;
    } catch (error) {
      return Promise.reject(error);
    }
    this.nextCorrelationId = (correlationId + 1) & 0x7fff_ffff;
    if (trace !== undefined) {
      trace.version = version;
      trace.correlationId = correlationId;
      trace.size = size;
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        correlationId,
        api,
        version,
        frame,
        size,
        expectResponse,
        decode,
        writtenAt: 0,
        done: false,
        resolve,
        reject,
        timer: undefined,
        signal,
        onAbort: undefined,
      };
      const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        pending.timer = setTimeout(() => this.timeOut(pending, timeoutMs), timeoutMs);
      }
      if (signal !== undefined) {
        pending.onAbort = () =>
          this.settle(pending, new RequestAbortedError(this.broker, api.info.name, signal.reason));
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      if (bypassGate) {
        this.write(pending);
      } else {
        this.outbox.push(pending);
        this.flush();
      }
    });
  }

  /** Size prefix, request header and body, in one buffer from the connection's writer. */
  private encode(
    api: ApiCodecs,
    version: number,
    correlationId: number,
    body: unknown,
  ): Buffer | readonly Buffer[] {
    const w = this.writer;
    try {
      w.writeInt32(0);
      encodeRequestHeader(
        w,
        { requestApiKey: api.info.key, requestApiVersion: version, correlationId, clientId: this.clientId },
        requestHeaderVersion(api.info.key, version),
      );
      api.request.encode(w, body, version);
      w.setInt32At(0, w.offset - 4);
    } catch (error) {
      w.rewind(0);
      throw error;
    }
    return w.finishPieces();
  }

  /** Writes queued requests while the socket accepts data, no re-authentication is due and no throttle runs. */
  private flush(): void {
    this.writeOutbox();
    this.reportQueue();
  }

  private writeOutbox(): void {
    if (
      this.outbox.length === 0 ||
      !this.writable ||
      this.sasl?.gated ||
      this.throttleTimer !== undefined ||
      this.lifecycle.isClosed
    )
      return;
    let i = 0;
    while (i < this.outbox.length && this.writable) {
      const pending = this.outbox[i++]!;
      if (!pending.done) this.write(pending);
    }
    this.outbox = i === this.outbox.length ? [] : this.outbox.slice(i);
  }

  /** Publishes the outbox's length on `kafe:net:queue` when it changed (nothing while none waits). */
  private reportQueue(): void {
    const queued = this.outbox.length;
    if (queued === this.queuedReported) return;
    this.queuedReported = queued;
    if (channels.queue.hasSubscribers)
      channels.queue.publish({
        client: this.options.scope,
        broker: this.broker,
        queued,
      } satisfies QueueMessage);
  }

  private write(pending: Pending): void {
    const socket = this.socket;
    if (socket === undefined || this.lifecycle.isClosed) {
      this.settle(pending, new ConnectionClosedError(this.broker));
      return;
    }
    const metrics = this.options.scope?.network;
    if (metrics !== undefined) pending.writtenAt = metrics.requestSent(pending.size);
    if (pending.expectResponse) {
      this.inFlight.set(pending.correlationId, pending);
      this.writable = writeFrame(socket, pending.frame);
    } else {
      this.unanswered.add(pending);
      this.writable = writeFrame(socket, pending.frame, (error) => {
        this.unanswered.delete(pending);
        this.settle(
          pending,
          error ? new ConnectionError(this.broker, 'write failed', { cause: error }) : undefined,
        );
      });
    }
    if (channels.request.hasSubscribers) {
      channels.request.publish({
        client: this.options.scope,
        broker: this.broker,
        api: pending.api.info.name,
        apiKey: pending.api.info.key,
        version: pending.version,
        correlationId: pending.correlationId,
        size: pending.size,
        expectResponse: pending.expectResponse,
      });
    }
  }

  /**
   * A request's timeout fired. Written and still awaiting its response, it closes the
   * connection (see the file comment); queued, it only fails itself.
   */
  private timeOut(pending: Pending, timeoutMs: number): void {
    const error = new RequestTimeoutError(this.broker, pending.api.info.name, timeoutMs);
    const written = this.inFlight.get(pending.correlationId) === pending;
    this.settle(pending, error);
    if (!written) return;
    this.fail(
      new ConnectionClosedError(
        this.broker,
        `connection closed: a ${pending.api.info.name} request got no response within ${timeoutMs} ms`,
        { cause: error },
      ),
    );
  }

  /** KIP-219: holds the outbox for `ms` from now (a later end wins over an earlier one). */
  private throttle(pending: Pending, ms: number): void {
    const until = Date.now() + ms;
    if (until <= this.throttledUntil && this.throttleTimer !== undefined) return;
    this.throttledUntil = until;
    if (this.throttleTimer !== undefined) clearTimeout(this.throttleTimer);
    this.throttleTimer = setTimeout(() => {
      this.throttleTimer = undefined;
      this.flush();
    }, ms);
    if (channels.throttle.hasSubscribers) {
      channels.throttle.publish({
        client: this.options.scope,
        broker: this.broker,
        api: pending.api.info.name,
        apiKey: pending.api.info.key,
        version: pending.version,
        throttleTimeMs: ms,
      });
    }
  }

  /** Settles a request once: with its response (`error` undefined) or an error. */
  private settle(pending: Pending, error: Error | undefined, value?: unknown, size = 0): void {
    if (pending.done) return;
    pending.done = true;
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    if (pending.onAbort !== undefined) pending.signal?.removeEventListener('abort', pending.onAbort);
    if (error === undefined) pending.resolve(value);
    else pending.reject(error);
    if (error === undefined && pending.writtenAt > 0 && pending.expectResponse)
      this.options.scope?.network.responseReceived(pending.writtenAt, size);
    if (channels.response.hasSubscribers) {
      channels.response.publish({
        client: this.options.scope,
        broker: this.broker,
        api: pending.api.info.name,
        apiKey: pending.api.info.key,
        version: pending.version,
        correlationId: pending.correlationId,
        size,
        error,
      });
    }
  }

  private onData(chunk: Buffer): void {
    if (this.lifecycle.isClosed || this.decoder === undefined) return;
    const violation = this.decoder.push(chunk, this.onFrame);
    if (violation !== undefined) this.onViolation(violation);
  }

  /** A size prefix out of bounds: the stream cannot be resynced, the connection ends. */
  private onViolation(violation: FrameSizeViolation): void {
    if (!this.lifecycle.isClosed) {
      const limit = this.options.maxResponseSize ?? DEFAULT_MAX_RESPONSE_SIZE;
      this.fail(
        violation.size > limit
          ? new FrameTooLargeError(this.broker, violation.size, limit)
          : new ConnectionError(this.broker, `invalid response frame size ${violation.size}`, {
              retriable: false,
            }),
      );
    }
  }

  private readonly onFrame = (frame: Buffer): void => {
    if (this.lifecycle.isClosed) return;
    const correlationId = frame.readInt32BE(0);
    const oldest = this.inFlight.keys().next();
    if (oldest.done || oldest.value !== correlationId) {
      const expected = oldest.done ? 'none is in flight' : `expected ${oldest.value}`;
      this.fail(
        new ConnectionError(
          this.broker,
          `response correlation id ${correlationId} out of order (${expected})`,
          {
            retriable: false,
          },
        ),
      );
      return;
    }
    const pending = this.inFlight.get(correlationId)!;
    this.inFlight.delete(correlationId);
    // An abandoned request's response is decoded only for a throttle time the broker enforces anyway.
    if (!pending.done || clientThrottles(pending.api.info.name, pending.version)) {
      const reader = new Reader(frame);
      let result: unknown;
      let error: Error | undefined;
      try {
        decodeResponseHeader(reader, responseHeaderVersion(pending.api.info.key, pending.version));
        result = pending.decode
          ? pending.decode(reader)
          : pending.api.response.decode(reader, pending.version);
      } catch (e) {
        error =
          e instanceof KafeError
            ? e
            : new DecodeError(`undecodable ${pending.api.info.name} response`, reader.offset, { cause: e });
      }
      this.settle(pending, error, result, frame.length); // a no-op for an abandoned request
      const throttleMs =
        error === undefined ? clientThrottleMs(pending.api.info.name, pending.version, result) : 0;
      if (throttleMs > 0 && !this.lifecycle.isClosed) this.throttle(pending, throttleMs);
    }
    if (this.inFlight.size === 0) this.sasl?.idle();
  };

  /** Ends the connection on `error` (a no-op once it is ending): every pending request fails with it. */
  private fail(error: Error): void {
    void this.lifecycle.destroy(error, () => this.teardown(error));
  }

  /**
   * Fails every pending request, then ends the socket: gracefully after a requested close
   * (`error` undefined), at once after a failure. Resolves when the socket has closed.
   *
   * A graceful end waits for the broker to close its side, which it does only once it reads
   * the FIN, and a broker reads nothing more on a connection until it has answered the request
   * it is working on: a Fetch held in purgatory for `maxWaitMs` (a consumer at the end of the
   * log) kept every close waiting that long. So when requests are still unanswered, the socket
   * is destroyed as soon as what kafe wrote has gone to the kernel: those answers are abandoned
   * anyway, as the Java client's `Selector.close` abandons them.
   */
  private teardown(error: Error | undefined): Promise<void> {
    this.sasl?.stop();
    if (this.throttleTimer !== undefined) clearTimeout(this.throttleTimer);
    const reason =
      error === undefined
        ? new ConnectionClosedError(this.broker, 'connection closed by the client', { retriable: false })
        : error instanceof KafeError
          ? error
          : new ConnectionError(this.broker, error.message, { cause: error });
    const pending = [...this.inFlight.values(), ...this.outbox, ...this.unanswered];
    const awaitingBroker = this.inFlight.size > 0;
    this.inFlight.clear();
    this.outbox = [];
    this.reportQueue();
    this.unanswered.clear();
    for (const p of pending) this.settle(p, reason);
    const socket = this.socket;
    return new Promise((resolve) => {
      const done = () => {
        if (this.established) this.options.scope?.network.connectionClosed();
        if (channels.close.hasSubscribers)
          channels.close.publish({
            client: this.options.scope,
            broker: this.broker,
            established: this.established,
            error,
          });
        resolve();
      };
      if (socket === undefined || socket.destroyed) {
        done();
        return;
      }
      socket.once('close', done);
      if (error === undefined) {
        socket.end(() => {
          if (awaitingBroker) socket.destroy();
        });
        // A peer that never acknowledges the FIN must not hold close() forever.
        setTimeout(() => socket.destroy(), 1000).unref();
      } else {
        socket.destroy();
      }
    });
  }
}

/**
 * Writes a request: one buffer, or its pieces corked into one vectored write (`writev`).
 * `callback` runs once the last piece is written. Returns what the last `write` returned: false
 * when the socket's buffer is full (wait for 'drain').
 */
function writeFrame(
  socket: net.Socket,
  frame: Buffer | readonly Buffer[],
  callback?: (error?: Error | null) => void,
): boolean {
  if (Buffer.isBuffer(frame)) return socket.write(frame, callback);
  socket.cork();
  let writable = true;
  const last = frame.length - 1;
  for (let i = 0; i <= last; i++) writable = socket.write(frame[i]!, i === last ? callback : undefined);
  socket.uncork();
  return writable;
}
