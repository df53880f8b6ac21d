/**
 * TEST-ONLY codecs for Produce v0-2 and Fetch v0-3, the request versions that make a Kafka 3.9
 * broker take and return legacy message sets (magic 0 and 1). kafe generates its messages from
 * the Kafka 4.4.0 specs, which dropped these versions (KIP-896), so they are written out here
 * from the October 2024 specs in /work/shared/kafka-protocol/messages (ProduceRequest.json,
 * ProduceResponse.json, FetchRequest.json, FetchResponse.json). None of these versions is
 * flexible: headers v1/v0, INT16 strings, INT32 array and bytes lengths.
 *
 * Which format each version carries (Java's `ProduceRequest`/`FetchRequest`, docs/protocol.html):
 * Produce v0-1 and Fetch v0-1 magic 0, Produce v2 and Fetch v2-3 magic 1; the broker converts.
 */
import type { Reader } from '../../src/protocol/primitives/reader.js';
import type { Writer } from '../../src/protocol/primitives/writer.js';

/** A Produce v0-2 request for one partition. */
export interface LegacyProduceRequest {
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topic: string;
  readonly partition: number;
  readonly records: Uint8Array;
}

/** The one partition of a Produce v0-2 response. */
export interface LegacyProduceResponse {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly baseOffset: bigint;
  /** v2+: the append time for LogAppendTime topics, else -1. */
  readonly logAppendTimeMs: bigint;
}

/** A Fetch v0-3 request for one partition. */
export interface LegacyFetchRequest {
  readonly topic: string;
  readonly partition: number;
  readonly fetchOffset: bigint;
  readonly maxBytes: number;
}

/** The one partition of a Fetch v0-3 response. */
export interface LegacyFetchResponse {
  readonly topic: string;
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: bigint;
  readonly records: Uint8Array | null;
}

function checkVersion(api: string, version: number, max: number): void {
  if (version < 0 || version > max) throw new Error(`${api} v${version}: only v0-${max} here`);
}

/** ProduceRequest v0-2: acks, timeout, [topic, [partition, records]]. */
export function encodeLegacyProduceRequest(w: Writer, m: LegacyProduceRequest, version: number): void {
  checkVersion('Produce', version, 2);
  w.writeInt16(m.acks);
  w.writeInt32(m.timeoutMs);
  w.writeArrayLength(1);
  w.writeString(m.topic);
  w.writeArrayLength(1);
  w.writeInt32(m.partition);
  w.writeNullableBytes(m.records);
}

/** ProduceResponse v0-2; expects exactly one topic with one partition. */
export function decodeLegacyProduceResponse(r: Reader, version: number): LegacyProduceResponse {
  checkVersion('Produce', version, 2);
  if (r.readArrayLength() !== 1) throw r.error('expected one topic');
  const topic = r.readString();
  if (r.readArrayLength() !== 1) throw r.error('expected one partition');
  const partition = r.readInt32();
  const errorCode = r.readInt16();
  const baseOffset = r.readInt64();
  const logAppendTimeMs = version >= 2 ? r.readInt64() : -1n;
  if (version >= 1) r.readInt32(); // throttle time
  return { topic, partition, errorCode, baseOffset, logAppendTimeMs };
}

/** FetchRequest v0-3 from a consumer (replica id -1), max wait 500 ms, min bytes 1. */
export function encodeLegacyFetchRequest(w: Writer, m: LegacyFetchRequest, version: number): void {
  checkVersion('Fetch', version, 3);
  w.writeInt32(-1);
  w.writeInt32(500);
  w.writeInt32(1);
  if (version >= 3) w.writeInt32(m.maxBytes);
  w.writeArrayLength(1);
  w.writeString(m.topic);
  w.writeArrayLength(1);
  w.writeInt32(m.partition);
  w.writeInt64(m.fetchOffset);
  w.writeInt32(m.maxBytes);
}

/** FetchResponse v0-3; expects exactly one topic with one partition. */
export function decodeLegacyFetchResponse(r: Reader, version: number): LegacyFetchResponse {
  checkVersion('Fetch', version, 3);
  if (version >= 1) r.readInt32(); // throttle time
  if (r.readArrayLength() !== 1) throw r.error('expected one topic');
  const topic = r.readString();
  if (r.readArrayLength() !== 1) throw r.error('expected one partition');
  const partition = r.readInt32();
  const errorCode = r.readInt16();
  const highWatermark = r.readInt64();
  const records = r.readNullableBytes();
  return { topic, partition, errorCode, highWatermark, records };
}
