/**
 * An in-process fake Kafka broker on a loopback `node:net` server, for unit tests of `net/`
 * and the layers above. It decodes every request with kafe's own codecs, answers ApiVersions
 * with kafe's full table by default, and lets a test script the answer to any API: a body, a
 * delay, raw bytes (garbage, a giant size prefix), no answer, or a close mid-response.
 * Like Kafka, it answers the requests of one connection strictly in order.
 */
import net from 'node:net';
import { type ApiCodecs, apiCodecsByKey } from '../../src/net/api-codecs.js';
import { FrameDecoder } from '../../src/net/frame-decoder.js';
import {
  type ApiName,
  apiKeys,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../../src/protocol/messages/index.js';
import { decodeRequestHeader } from '../../src/protocol/messages/request-header.js';
import { encodeResponseHeader } from '../../src/protocol/messages/response-header.js';
import { Reader } from '../../src/protocol/primitives/reader.js';
import { Writer } from '../../src/protocol/primitives/writer.js';

/** One request as the fake broker received it. */
export interface FakeRequest {
  api: ApiName;
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** The decoded body; typed loosely because a test reads fields of whichever API it scripts. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of any API's body
  body: any;
  /** Which accepted connection it came on (0, 1, ...). */
  connection: number;
  /** Requests of this connection received before this one whose answer was not yet written. */
  outstanding: number;
}

/** What the broker does with one request. */
export type Reply =
  /** Answer with `body`, encoded at the request's version (or `version`), after `delayMs`. */
  | { body: unknown; version?: number; delayMs?: number }
  /** Write these bytes verbatim (may be anything: garbage, a hostile size prefix). */
  | { raw: Buffer; delayMs?: number }
  /** Write the first `bytes` bytes of the encoded answer, then close the connection. */
  | { body: unknown; closeAfterBytes: number }
  /** Never answer (acks=0 produce, or a hung broker). */
  | { noResponse: true }
  /** Close the connection instead of answering. */
  | { close: true };

/** Scripts the answers to one API. */
export type Handler = (request: FakeRequest) => Reply | Promise<Reply>;

/** Options of {@link FakeBroker.start}. */
export interface FakeBrokerOptions {
  /** Highest ApiVersions version this broker accepts; higher ones get UNSUPPORTED_VERSION (KIP-511). Default: kafe's. */
  maxApiVersionsVersion?: number;
  /** Version ranges to advertise instead of kafe's own, by API name; `null` removes the API. */
  advertise?: Partial<Record<ApiName, { min: number; max: number } | null>>;
  /** Port to listen on (to restart a stopped broker at its old address). Default: any free port. */
  port?: number;
}

/** A fake broker listening on 127.0.0.1 at a free port. */
export class FakeBroker {
  /** Every request received, in order. */
  readonly requests: FakeRequest[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly sockets = new Set<net.Socket>();
  private connectionCount = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly options: FakeBrokerOptions,
  ) {
    this.handlers.set('ApiVersions', (r) => this.apiVersions(r));
  }

  /** Starts a fake broker. */
  static async start(options: FakeBrokerOptions = {}): Promise<FakeBroker> {
    const server = net.createServer();
    const broker = new FakeBroker(server, options);
    server.on('connection', (socket) => broker.accept(socket));
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    return broker;
  }

  /** The port it listens on. */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** How many connections were accepted so far. */
  get connections(): number {
    return this.connectionCount;
  }

  /** Sets how `api` is answered (replacing the default or an earlier handler). */
  handle(api: ApiName, handler: Handler): this {
    this.handlers.set(api, handler);
    return this;
  }

  /** Requests of one API, in order. */
  requestsOf(api: ApiName): FakeRequest[] {
    return this.requests.filter((r) => r.api === api);
  }

  /** Stops reading from every connection (the client's writes back up: backpressure tests). */
  pauseReading(): void {
    for (const s of this.sockets) s.pause();
  }

  /** Reads again after {@link pauseReading}. */
  resumeReading(): void {
    for (const s of this.sockets) s.resume();
  }

  /** Closes every connection and the server. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private apiVersions(request: FakeRequest): Reply {
    const max = this.options.maxApiVersionsVersion ?? apiKeys.ApiVersions.maxVersion;
    const list = Object.values(apiKeys).flatMap((a) => {
      const override = this.options.advertise?.[a.name as ApiName];
      if (override === null) return [];
      const range = override ?? {
        min: a.minVersion,
        max: a.key === apiKeys.ApiVersions.key ? max : a.maxVersion,
      };
      return [{ apiKey: a.key, minVersion: range.min, maxVersion: range.max }];
    });
    if (request.apiVersion > max) {
      // KIP-511: the broker answers a version it does not know with a v0 body naming its range.
      const own = list.filter((a) => a.apiKey === apiKeys.ApiVersions.key);
      return { body: { errorCode: 35, apiKeys: own }, version: 0 };
    }
    return { body: { errorCode: 0, apiKeys: list } };
  }

  private accept(socket: net.Socket): void {
    const connection = this.connectionCount++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const decoder = new FrameDecoder(64 * 1024 * 1024, 8);
    // Answers go out strictly in arrival order, as a Kafka broker's do.
    let chain = Promise.resolve();
    let outstanding = 0;
    socket.on('data', (chunk: Buffer) => {
      decoder.push(chunk, (frame) => {
        const request = this.parse(frame, connection, outstanding);
        this.requests.push(request);
        outstanding++;
        const handler = this.handlers.get(request.api);
        const reply = Promise.resolve(handler ? handler(request) : { close: true as const });
        chain = chain.then(async () => {
          await this.answer(socket, request, await reply);
          outstanding--;
        });
      });
    });
  }

  private parse(frame: Buffer, connection: number, outstanding: number): FakeRequest {
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const codecs = apiCodecsByKey(apiKey) as ApiCodecs;
    const reader = new Reader(frame);
    const header = decodeRequestHeader(reader, requestHeaderVersion(apiKey, apiVersion));
    const body = codecs.request.decode(reader, apiVersion);
    return {
      api: codecs.info.name as ApiName,
      apiKey,
      apiVersion,
      correlationId: header.correlationId,
      clientId: header.clientId,
      body,
      connection,
      outstanding,
    };
  }

  private async answer(socket: net.Socket, request: FakeRequest, reply: Reply): Promise<void> {
    if ('noResponse' in reply) return;
    if ('close' in reply) {
      socket.destroy();
      return;
    }
    if ('delayMs' in reply && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (socket.destroyed) return;
    if ('raw' in reply) {
      socket.write(reply.raw);
      return;
    }
    const version = 'version' in reply && reply.version !== undefined ? reply.version : request.apiVersion;
    const frame = encodeResponse(request.apiKey, version, request.correlationId, reply.body);
    if ('closeAfterBytes' in reply) {
      socket.end(frame.subarray(0, reply.closeAfterBytes));
      return;
    }
    socket.write(frame);
  }
}

/** A size-prefixed response frame: header (v0/v1 per the API table) and body. */
export function encodeResponse(
  apiKey: number,
  version: number,
  correlationId: number,
  body: unknown,
): Buffer {
  const codecs = apiCodecsByKey(apiKey) as ApiCodecs;
  const w = new Writer();
  w.writeInt32(0);
  encodeResponseHeader(w, { correlationId }, responseHeaderVersion(apiKey, version));
  codecs.response.encode(w, body, version);
  w.setInt32At(0, w.offset - 4);
  return Buffer.from(w.finish());
}
