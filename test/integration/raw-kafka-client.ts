/**
 * TEST-ONLY: a minimal Kafka client for the interop tests, until kafe has its connection layer.
 * It is not that layer and must not become it: one `node:net` socket to one broker, one request
 * in flight at a time, no retries, no reconnects, no SASL or TLS, no metadata cache.
 *
 * What it does do is what the wire demands (docs/protocol.html, "Requests and Responses"): every
 * frame is an INT32 size followed by the message; a request starts with the RequestHeader (v1,
 * or v2 from the API's first flexible version), a response with the ResponseHeader (v0, or v1;
 * always v0 for ApiVersions, KIP-511) carrying the request's correlation id. Bodies are encoded
 * and decoded with kafe's generated codecs (or, for versions those no longer generate, with any
 * function of the same shape), and a response that is not consumed to its last byte is an error.
 * The first call on a connection is ApiVersions; later calls use `min(kafe's max, broker's max)`
 * unless a test pins a version.
 */
import { connect, type Socket } from 'node:net';
import {
  apiKeys,
  decodeApiVersionsResponse,
  decodeFetchResponse,
  decodeMetadataResponse,
  decodeProduceResponse,
  decodeResponseHeader,
  encodeApiVersionsRequest,
  encodeFetchRequest,
  encodeMetadataRequest,
  encodeProduceRequest,
  encodeRequestHeader,
  type FetchResponsePartitionData,
  type ProduceResponsePartitionProduceResponse,
  requestHeaderVersion,
  responseHeaderVersion,
} from '../../src/protocol/messages/index.js';
import { Reader } from '../../src/protocol/primitives/reader.js';
import { Writer } from '../../src/protocol/primitives/writer.js';

/** Encodes a request body at a version (the shape of the generated `encodeXRequest`). */
export type BodyEncoder<T> = (w: Writer, msg: T, version: number) => void;
/** Decodes a response body at a version (the shape of the generated `decodeXResponse`). */
export type BodyDecoder<T> = (r: Reader, version: number) => T;

/** A broker's version range for one API, from its ApiVersions response. */
export interface BrokerApiRange {
  readonly min: number;
  readonly max: number;
}

interface Pending {
  resolve(frame: Buffer): void;
  reject(error: Error): void;
}

const UNSUPPORTED_VERSION = 35;
/** Generous: a broken test should fail, not hang; no test asserts on it. */
const REQUEST_TIMEOUT_MS = 30_000;
const NULL_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** One connection to one broker (see the module comment: test-only). */
export class RawKafkaClient {
  private readonly socket: Socket;
  private readonly pending = new Map<number, Pending>();
  private readonly writer = new Writer(64 * 1024);
  private received: Buffer = Buffer.alloc(0);
  private nextCorrelationId = 1;
  private closedWith: Error | null = null;
  private readonly topicIds = new Map<string, string>();
  /** The broker's supported versions, by API key. */
  readonly brokerVersions = new Map<number, BrokerApiRange>();

  private constructor(
    socket: Socket,
    private readonly clientId: string,
  ) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (error: Error) => {
      this.closedWith = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  /** Connects to `host:port` and asks the broker for its API versions. */
  static async connect(address: string, clientId = 'kafe-interop-test'): Promise<RawKafkaClient> {
    const at = address.lastIndexOf(':');
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const client = new RawKafkaClient(socket, clientId);
    await client.negotiate();
    return client;
  }

  /** Closes the socket. */
  close(): void {
    this.socket.destroy();
  }

  /**
   * The version to use for an API: `pinned` if given (checked against both sides' ranges), else
   * the highest both kafe's generated codecs and the broker support.
   */
  version(api: keyof typeof apiKeys, pinned?: number): number {
    const ours = apiKeys[api];
    const theirs = this.brokerVersions.get(ours.key);
    if (theirs === undefined) throw new Error(`broker does not support ${api}`);
    if (pinned !== undefined) {
      if (pinned < theirs.min || pinned > theirs.max)
        throw new Error(`${api} v${pinned} is outside the broker's ${theirs.min}-${theirs.max}`);
      return pinned;
    }
    const v = Math.min(ours.maxVersion, theirs.max);
    if (v < Math.max(ours.minVersion, theirs.min)) throw new Error(`no common ${api} version`);
    return v;
  }

  /** Sends one request and decodes its response; the decoder must consume every byte. */
  async call<Req, Res>(
    apiKey: number,
    version: number,
    encode: BodyEncoder<Req>,
    msg: Req,
    decode: BodyDecoder<Res>,
  ): Promise<Res> {
    const frame = await this.roundTrip(apiKey, version, encode, msg);
    const r = new Reader(frame);
    decodeResponseHeader(r, responseHeaderVersion(apiKey, version));
    const body = decode(r, version);
    if (r.remaining !== 0)
      throw new Error(`API ${apiKey} v${version}: ${r.remaining} bytes left after the response body`);
    return body;
  }

  /**
   * Produces `records` (one encoded batch or message set) to one partition, acks=all.
   * From Produce v13 the topic is named by id (KIP-516), looked up with Metadata.
   */
  async produce(
    topic: string,
    partition: number,
    records: Uint8Array,
    pinnedVersion?: number,
  ): Promise<ProduceResponsePartitionProduceResponse> {
    const version = this.version('Produce', pinnedVersion);
    const name = version >= 13 ? { topicId: await this.topicId(topic) } : { name: topic };
    const response = await this.call(
      apiKeys.Produce.key,
      version,
      encodeProduceRequest,
      {
        acks: -1,
        timeoutMs: 15_000,
        topicData: [{ ...name, partitionData: [{ index: partition, records }] }],
      },
      decodeProduceResponse,
    );
    const result = response.responses[0]?.partitionResponses[0];
    if (result === undefined) throw new Error('produce response without a partition');
    return result;
  }

  /**
   * Fetches one partition from `offset` (read_uncommitted; `maxBytes` for the partition and the
   * response, default 8 MiB); topic ids from Fetch v13.
   */
  async fetch(
    topic: string,
    partition: number,
    offset: bigint,
    options: { version?: number; maxBytes?: number } = {},
  ): Promise<FetchResponsePartitionData> {
    const version = this.version('Fetch', options.version);
    const maxBytes = options.maxBytes ?? 8 << 20;
    const name = version >= 13 ? { topicId: await this.topicId(topic) } : { topic };
    const response = await this.call(
      apiKeys.Fetch.key,
      version,
      encodeFetchRequest,
      {
        maxWaitMs: 500,
        minBytes: 1,
        maxBytes,
        topics: [{ ...name, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: maxBytes }] }],
      },
      decodeFetchResponse,
    );
    if (response.errorCode !== 0) throw new Error(`fetch failed with error ${response.errorCode}`);
    const result = response.responses[0]?.partitions[0];
    if (result === undefined) throw new Error('fetch response without a partition');
    return result;
  }

  /** The topic's id (KIP-516), from a Metadata request. */
  async topicId(topic: string): Promise<string> {
    const known = this.topicIds.get(topic);
    if (known !== undefined) return known;
    const version = this.version('Metadata');
    if (version < 10) throw new Error('topic ids need Metadata v10+');
    const response = await this.call(
      apiKeys.Metadata.key,
      version,
      encodeMetadataRequest,
      { topics: [{ name: topic }], allowAutoTopicCreation: false },
      decodeMetadataResponse,
    );
    const found = response.topics.find((t) => t.name === topic);
    if (found === undefined || found.errorCode !== 0 || found.topicId === NULL_UUID)
      throw new Error(`no topic id for ${topic} (error ${found?.errorCode})`);
    this.topicIds.set(topic, found.topicId);
    return found.topicId;
  }

  /**
   * ApiVersions at kafe's highest version. A broker that does not know that version answers
   * UNSUPPORTED_VERSION in a v0 body listing its own range (KIP-511); then ask again at its max.
   */
  private async negotiate(): Promise<void> {
    const key = apiKeys.ApiVersions.key;
    let version: number = apiKeys.ApiVersions.maxVersion;
    for (let attempt = 0; attempt < 2; attempt++) {
      // The software name and version exist from v3 (KIP-511).
      const body =
        version >= 3 ? { clientSoftwareName: 'kafe-interop-test', clientSoftwareVersion: '0.0.0' } : {};
      const frame = await this.roundTrip(key, version, encodeApiVersionsRequest, body);
      const r = new Reader(frame);
      decodeResponseHeader(r, 0);
      const errorCode = r.buf.readInt16BE(r.offset);
      const response = decodeApiVersionsResponse(r, errorCode === UNSUPPORTED_VERSION ? 0 : version);
      for (const api of response.apiKeys)
        this.brokerVersions.set(api.apiKey, { min: api.minVersion, max: api.maxVersion });
      if (errorCode === 0) return;
      const theirs = this.brokerVersions.get(key);
      if (errorCode !== UNSUPPORTED_VERSION || theirs === undefined)
        throw new Error(`ApiVersions failed with error ${errorCode}`);
      version = Math.min(version, theirs.max);
    }
    throw new Error('ApiVersions negotiation did not converge');
  }

  private roundTrip<Req>(
    apiKey: number,
    version: number,
    encode: BodyEncoder<Req>,
    msg: Req,
  ): Promise<Buffer> {
    if (this.closedWith !== null) return Promise.reject(this.closedWith);
    const correlationId = this.nextCorrelationId++;
    const w = this.writer;
    w.writeInt32(0); // size, patched below
    encodeRequestHeader(
      w,
      { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: this.clientId },
      requestHeaderVersion(apiKey, version),
    );
    encode(w, msg, version);
    const frame = w.finish();
    frame.writeInt32BE(frame.length - 4, 0);
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new Error(`API ${apiKey} v${version}: no response within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      timer.unref();
      this.pending.set(correlationId, {
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.write(frame);
    });
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    while (this.received.length >= 4) {
      const size = this.received.readInt32BE(0);
      if (this.received.length < 4 + size) return;
      const frame = this.received.subarray(4, 4 + size);
      this.received = this.received.subarray(4 + size);
      const correlationId = frame.readInt32BE(0);
      const waiting = this.pending.get(correlationId);
      this.pending.delete(correlationId);
      if (waiting === undefined) {
        this.socket.destroy(new Error(`response with unknown correlation id ${correlationId}`));
        return;
      }
      waiting.resolve(frame);
    }
  }
}
