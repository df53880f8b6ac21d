/**
 * Legacy message sets, magic 0 and 1 (docs/implementation.html §5.3.3; Java's
 * `AbstractLegacyRecordBatch` and `LegacyRecord`): still served by brokers up to 3.9 for data
 * written in the old format. Each entry is `offset int64, size int32, crc int32, magic int8,
 * attributes int8, [timestamp int64 if magic 1], key bytes, value bytes`; the CRC is CRC-32
 * (IEEE) over magic..value.
 *
 * A compressed entry is a wrapper whose value is a compressed message set of inner messages.
 * In magic 1 the inner offsets are relative and the wrapper carries the absolute offset of the
 * last inner message; in magic 0 the inner offsets are absolute. Each decoded entry becomes one
 * {@link RecordBatch} so consumers handle a single shape.
 */
import { CompressionType, codecFor } from '../compression/index.js';
import { crc32 } from '../crc32.js';
import { DecodeError } from '../errors.js';
import {
  BatchAttributes,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  type Record,
  type RecordBatch,
  type TimestampType,
} from './record-batch.js';
import { NO_HEADERS, RecordView } from './record-view.js';

/** Smallest legacy message (magic 0): crc, magic, attributes, key length, value length. */
export const LEGACY_MIN_SIZE = 14;
/** Offset + size prefix of every entry. */
const LOG_OVERHEAD = 12;

/** Options for {@link decodeLegacyEntry}. */
export interface LegacyDecodeOptions {
  /** Verify each message's CRC-32. */
  readonly verifyCrc: boolean;
  /** Bound on a wrapper's decompressed inner message set. */
  readonly maxDecompressedBytes: number;
}

interface LegacyMessage {
  offset: bigint;
  crc: number;
  magic: number;
  attributes: number;
  timestamp: bigint;
  /** The buffer the key and value are in, their starts and lengths (-1 for null). */
  src: Buffer;
  keyStart: number;
  keyLength: number;
  valueStart: number;
  valueLength: number;
}

/** The codec id of the legacy entry at `start` (attribute bits 0-2). */
export function legacyCompression(b: Buffer, start: number): number {
  return (b[start + 17] as number) & BatchAttributes.compressionMask;
}

/** Reads a BYTES length at `p`: returns the length (-1 for null); the bytes start at `p + 4`. */
function nullableLength(b: Buffer, p: number, end: number): number {
  if (p + 4 > end) throw new DecodeError('truncated legacy message', p);
  const n = b.readInt32BE(p);
  if (n < -1 || p + 4 + n > end) throw new DecodeError(`invalid legacy key/value length ${n}`, p);
  return n;
}

function recordOf(m: LegacyMessage, timestampDelta: number, offsetDelta: number): Record {
  return new RecordView(
    0,
    timestampDelta,
    offsetDelta,
    m.src,
    m.keyStart,
    m.keyLength,
    m.valueStart,
    m.valueLength,
    NO_HEADERS,
  );
}

/** Parses the message of the entry `b[start, end)` (end given by its size field). */
function parseMessage(b: Buffer, start: number, end: number, verifyCrc: boolean): LegacyMessage {
  const offset = b.readBigInt64BE(start);
  const crc = b.readUInt32BE(start + 12);
  if (verifyCrc) {
    const actual = crc32(b, start + 16, end);
    if (actual !== crc)
      throw new DecodeError(`legacy message CRC-32 mismatch: stored ${crc}, computed ${actual}`, start + 12);
  }
  const magic = b[start + 16] as number;
  if (magic > 1) throw new DecodeError(`legacy message with magic ${magic}`, start + 16);
  const attributes = b[start + 17] as number;
  let p = start + 18;
  let timestamp = -1n;
  if (magic === 1) {
    if (p + 8 > end) throw new DecodeError('truncated legacy message', p);
    timestamp = b.readBigInt64BE(p);
    p += 8;
  }
  const keyLength = nullableLength(b, p, end);
  const keyStart = p + 4;
  const valueAt = keyStart + Math.max(0, keyLength);
  const valueLength = nullableLength(b, valueAt, end);
  const valueStart = valueAt + 4;
  const afterValue = valueStart + Math.max(0, valueLength);
  if (afterValue !== end)
    throw new DecodeError(`${end - afterValue} unexpected bytes after a legacy message`, afterValue);
  return { offset, crc, magic, attributes, timestamp, src: b, keyStart, keyLength, valueStart, valueLength };
}

function toSafeDelta(v: bigint, what: string, at: number): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new DecodeError(`legacy ${what} delta ${v} is out of range`, at);
  return n;
}

function batchOf(
  wrapper: LegacyMessage,
  records: Record[],
  baseOffset: bigint,
  baseTimestamp: bigint,
  maxTimestamp: bigint,
  size: number,
): RecordBatch {
  const last = records[records.length - 1];
  return {
    baseOffset,
    lastOffsetDelta: last === undefined ? 0 : last.offsetDelta,
    partitionLeaderEpoch: -1,
    magic: wrapper.magic,
    crc: wrapper.crc,
    attributes: wrapper.attributes,
    compression: (wrapper.attributes & BatchAttributes.compressionMask) as CompressionType,
    timestampType: (wrapper.magic === 1
      ? (wrapper.attributes & BatchAttributes.timestampType) >>> 3
      : 0) as TimestampType,
    isTransactional: false,
    isControl: false,
    hasDeleteHorizon: false,
    baseTimestamp,
    maxTimestamp,
    producerId: NO_PRODUCER_ID,
    producerEpoch: NO_PRODUCER_EPOCH,
    baseSequence: NO_SEQUENCE,
    records,
    sizeInBytes: size,
  };
}

/**
 * Decodes the legacy entry `b[start, end)` and appends the resulting batch to `out`.
 * Inner messages of a wrapper must be uncompressed and share its magic (as Java requires).
 */
export function decodeLegacyEntry(
  b: Buffer,
  start: number,
  end: number,
  options: LegacyDecodeOptions,
  out: RecordBatch[],
): void {
  const wrapper = parseMessage(b, start, end, options.verifyCrc);
  const compression = wrapper.attributes & BatchAttributes.compressionMask;
  if (compression === CompressionType.none) {
    out.push(
      batchOf(
        wrapper,
        [recordOf(wrapper, 0, 0)],
        wrapper.offset,
        wrapper.timestamp,
        wrapper.timestamp,
        end - start,
      ),
    );
    return;
  }
  if (wrapper.valueLength < 0) throw new DecodeError('compressed legacy wrapper without a value', start);
  const value = b.subarray(wrapper.valueStart, wrapper.valueStart + wrapper.valueLength);
  const decompressed = codecFor(compression).decompress(value, options.maxDecompressedBytes);
  const inner = Buffer.isBuffer(decompressed)
    ? decompressed
    : Buffer.from(decompressed.buffer, decompressed.byteOffset, decompressed.length);
  const messages: LegacyMessage[] = [];
  let p = 0;
  while (p < inner.length) {
    if (inner.length - p < LOG_OVERHEAD + LEGACY_MIN_SIZE)
      throw new DecodeError('truncated inner legacy message', p);
    const size = inner.readInt32BE(p + 8);
    if (size < LEGACY_MIN_SIZE || p + LOG_OVERHEAD + size > inner.length)
      throw new DecodeError(`invalid inner legacy message size ${size}`, p + 8);
    const m = parseMessage(inner, p, p + LOG_OVERHEAD + size, options.verifyCrc);
    if (m.magic !== wrapper.magic)
      throw new DecodeError('inner legacy message magic differs from its wrapper', p + 16);
    if ((m.attributes & BatchAttributes.compressionMask) !== 0)
      throw new DecodeError('nested compressed legacy message', p + 17);
    messages.push(m);
    p += LOG_OVERHEAD + size;
  }
  const first = messages[0];
  const lastInner = messages[messages.length - 1];
  if (first === undefined || lastInner === undefined)
    throw new DecodeError('compressed legacy wrapper with no inner messages', start);
  // Magic 1: wrapper offset = absolute offset of the last inner message (KIP-31).
  const shift = wrapper.magic === 1 ? wrapper.offset - lastInner.offset : 0n;
  const logAppend = wrapper.magic === 1 && (wrapper.attributes & BatchAttributes.timestampType) !== 0;
  const baseOffset = first.offset + shift;
  const baseTimestamp = logAppend ? wrapper.timestamp : first.timestamp;
  let maxTimestamp = baseTimestamp;
  const records: Record[] = [];
  for (const m of messages) {
    const ts = logAppend ? wrapper.timestamp : m.timestamp;
    if (ts > maxTimestamp) maxTimestamp = ts;
    records.push(
      recordOf(
        m,
        toSafeDelta(ts - baseTimestamp, 'timestamp', start),
        toSafeDelta(m.offset + shift - baseOffset, 'offset', start),
      ),
    );
  }
  out.push(batchOf(wrapper, records, baseOffset, baseTimestamp, maxTimestamp, end - start));
}
