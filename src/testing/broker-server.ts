/**
 * The socket side of one fake broker: a loopback `node:net` server that splits each
 * connection's bytes into frames, decodes every request with kafe's generated codecs, asks the
 * cluster what to do with it and writes the answers strictly in arrival order, as a Kafka
 * broker does on one connection. Bytes it cannot make sense of (a bad size prefix, an unknown
 * API key, a body that does not decode) close that connection; they never reach the cluster.
 */
import net from 'node:net';
import { apiCodecsByKey } from '../net/api-codecs.js';
import { FrameDecoder } from '../net/frame-decoder.js';
import { type ApiName, requestHeaderVersion, responseHeaderVersion } from '../protocol/messages/index.js';
import { decodeRequestHeader } from '../protocol/messages/request-header.js';
import { encodeResponseHeader } from '../protocol/messages/response-header.js';
import { Reader } from '../protocol/primitives/reader.js';
import { Writer } from '../protocol/primitives/writer.js';
import type { FakeReply, FakeRequest } from './request.js';
import { timerDelay } from './timer-bounds.js';

/** Largest request frame accepted (Kafka's `socket.request.max.bytes` is 100 MiB). */
const MAX_REQUEST_SIZE = 100 * 1024 * 1024;
/** A request header holds at least API key, version and correlation id. */
const MIN_REQUEST_SIZE = 8;

/** Decides the reply to one request. */
export type Dispatch = (request: FakeRequest) => Promise<FakeReply>;

/** One listening fake broker. */
export class BrokerServer {
  private readonly sockets = new Set<net.Socket>();
  /** Connections whose client ended its side while reading was paused. */
  private readonly endedByClient = new Set<net.Socket>();
  private paused = false;
  private accepted = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly nodeId: number,
    private readonly dispatch: Dispatch,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1 at `port` (0: any free port). */
  static async listen(nodeId: number, port: number, dispatch: Dispatch): Promise<BrokerServer> {
    // Half-open allowed: a client's FIN is answered by the fake's own end, after a pause as a
    // broker busy with a request would (see pauseReading).
    const server = net.createServer({ noDelay: true, allowHalfOpen: true });
    const broker = new BrokerServer(server, nodeId, dispatch);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return broker;
  }

  /** The port it listens on. */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** How many connections it accepted. */
  get connections(): number {
    return this.accepted;
  }

  /**
   * Stops reading from every connection, as a Kafka broker reads nothing more on a connection
   * while it works on a request: the clients' writes back up, and a client closing its side is
   * not answered (the fake ends its side only after {@link resumeReading}).
   */
  pauseReading(): void {
    this.paused = true;
    for (const s of this.sockets) s.pause();
  }

  /** Reads again after {@link pauseReading}; connections the clients ended meanwhile are ended. */
  resumeReading(): void {
    this.paused = false;
    for (const s of this.sockets) s.resume();
    for (const s of this.endedByClient) s.end();
    this.endedByClient.clear();
  }

  /** Closes every connection of this broker (it keeps listening). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  /** Closes every connection and stops listening. */
  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const connection = this.accepted++;
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.endedByClient.delete(socket);
    });
    socket.on('end', () => (this.paused ? this.endedByClient.add(socket) : socket.end()));
    socket.on('error', () => socket.destroy());
    const decoder = new FrameDecoder(MAX_REQUEST_SIZE, MIN_REQUEST_SIZE);
    let chain = Promise.resolve();
    // Per API: requests received whose answer is not yet written (pipelining, in-flight limits).
    const outstanding = new Map<number, number>();
    socket.on('data', (chunk: Buffer) => {
      const violation = decoder.push(chunk, (frame) => {
        if (socket.destroyed) return;
        const request = this.parse(frame, connection, outstanding);
        if (request === undefined) {
          socket.destroy();
          return;
        }
        outstanding.set(request.apiKey, request.outstanding + 1);
        // Decided now (a control hook sees requests in arrival order), written in order.
        const reply = this.dispatch(request).catch((): FakeReply => ({ close: true }));
        chain = chain.then(async () => {
          await write(socket, request, await reply);
          outstanding.set(request.apiKey, (outstanding.get(request.apiKey) ?? 1) - 1);
        });
      });
      if (violation !== undefined) socket.destroy();
    });
  }

  private parse(
    frame: Buffer,
    connection: number,
    outstanding: ReadonlyMap<number, number>,
  ): FakeRequest | undefined {
    try {
      const apiKey = frame.readInt16BE(0);
      const apiVersion = frame.readInt16BE(2);
      const codecs = apiCodecsByKey(apiKey);
      if (codecs === undefined) return undefined;
      const reader = new Reader(frame);
      const header = decodeRequestHeader(reader, requestHeaderVersion(apiKey, apiVersion));
      const body =
        apiVersion >= codecs.info.minVersion && apiVersion <= codecs.info.maxVersion
          ? codecs.request.decode(reader, apiVersion)
          : undefined;
      return {
        api: codecs.info.name as ApiName,
        apiKey,
        apiVersion,
        correlationId: header.correlationId,
        clientId: header.clientId,
        body,
        nodeId: this.nodeId,
        connection,
        outstanding: outstanding.get(apiKey) ?? 0,
      };
    } catch {
      return undefined;
    }
  }
}

async function write(socket: net.Socket, request: FakeRequest, reply: FakeReply): Promise<void> {
  if ('noResponse' in reply) return;
  if ('close' in reply) {
    socket.destroy();
    return;
  }
  const delayMs = 'delayMs' in reply ? (reply.delayMs ?? 0) : 0;
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, timerDelay(delayMs)).unref());
  if (socket.destroyed) return;
  if ('raw' in reply) {
    socket.write(reply.raw);
    return;
  }
  let frame: Buffer;
  try {
    const version = 'version' in reply && reply.version !== undefined ? reply.version : request.apiVersion;
    frame = encodeResponse(request.apiKey, version, request.correlationId, reply.body);
  } catch {
    // An answer the codec refuses (a handler's or a control hook's mistake) closes the connection.
    socket.destroy();
    return;
  }
  if ('closeAfterBytes' in reply) {
    socket.end(frame.subarray(0, reply.closeAfterBytes));
    return;
  }
  socket.write(frame);
}

/** A size-prefixed response frame: header (v0/v1 per the API table) and body at `version`. */
export function encodeResponse(
  apiKey: number,
  version: number,
  correlationId: number,
  body: unknown,
): Buffer {
  const codecs = apiCodecsByKey(apiKey);
  if (codecs === undefined) throw new RangeError(`no codec for API key ${apiKey}`);
  const w = new Writer();
  w.writeInt32(0);
  encodeResponseHeader(w, { correlationId }, responseHeaderVersion(apiKey, version));
  codecs.response.encode(w, body, version);
  w.setInt32At(0, w.offset - 4);
  return Buffer.from(w.finish());
}
