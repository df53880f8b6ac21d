/**
 * A TCP proxy in front of a single Kafka broker that loses the first N responses of one API: the
 * broker has served the request, the client never hears back. It is how the conformance suite
 * plays a lost Produce response on a real broker (the fake can do it itself). Metadata answers
 * are rewritten to name the proxy as the broker, so the client stays behind it.
 */
import net from 'node:net';
import { apiCodecsByKey } from '../../src/net/api-codecs.js';
import { FrameDecoder } from '../../src/net/frame-decoder.js';
import { type ApiName, apiKeys, responseHeaderVersion } from '../../src/protocol/messages/index.js';
import type { MetadataResponse } from '../../src/protocol/messages/metadata.js';
import { decodeResponseHeader } from '../../src/protocol/messages/response-header.js';
import { Reader } from '../../src/protocol/primitives/reader.js';
import { encodeResponse } from '../../src/testing/broker-server.js';

const MAX_FRAME = 100 * 1024 * 1024;

/** A proxy that drops responses. */
export class DroppingProxy {
  /** Responses dropped so far. */
  dropped = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly target: { host: string; port: number },
    private readonly api: ApiName,
    private remaining: number,
  ) {
    server.on('connection', (client) => this.pipe(client));
  }

  /** Starts a proxy to `target` that drops the first `count` responses of `api`. */
  static async start(target: string, api: ApiName, count: number): Promise<DroppingProxy> {
    const [host = '', port = ''] = target.split(':');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new DroppingProxy(server, { host, port: Number(port) }, api, count);
  }

  /** The proxy's address, as a bootstrap list. */
  get bootstrap(): string[] {
    return [`127.0.0.1:${(this.server.address() as net.AddressInfo).port}`];
  }

  /** Closes every connection and the listener. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    const asked = new Map<number, { apiKey: number; apiVersion: number }>();
    const fromClient = new FrameDecoder(MAX_FRAME, 8);
    client.on('data', (chunk: Buffer) => {
      fromClient.push(chunk, (frame) => {
        asked.set(frame.readInt32BE(4), { apiKey: frame.readInt16BE(0), apiVersion: frame.readInt16BE(2) });
        upstream.write(withSize(frame));
      });
    });
    const fromBroker = new FrameDecoder(MAX_FRAME, 4);
    upstream.on('data', (chunk: Buffer) => {
      fromBroker.push(chunk, (frame) => {
        const correlationId = frame.readInt32BE(0);
        const request = asked.get(correlationId);
        asked.delete(correlationId);
        if (request?.apiKey === apiKeys[this.api].key && this.remaining > 0) {
          this.remaining--;
          this.dropped++;
          return;
        }
        if (request?.apiKey === apiKeys.Metadata.key) {
          client.write(this.rewriteMetadata(frame, correlationId, request.apiVersion));
          return;
        }
        client.write(withSize(frame));
      });
    });
  }

  /** Names the proxy as every broker of a Metadata answer. */
  private rewriteMetadata(frame: Buffer, correlationId: number, version: number): Buffer {
    const reader = new Reader(frame);
    decodeResponseHeader(reader, responseHeaderVersion(apiKeys.Metadata.key, version));
    const codecs = apiCodecsByKey(apiKeys.Metadata.key);
    const body = codecs?.response.decode(reader, version) as MetadataResponse;
    const port = (this.server.address() as net.AddressInfo).port;
    body.brokers = body.brokers.map((b) => ({ ...b, host: '127.0.0.1', port }));
    return encodeResponse(apiKeys.Metadata.key, version, correlationId, body);
  }
}

function withSize(frame: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(frame.length);
  return Buffer.concat([size, frame]);
}
