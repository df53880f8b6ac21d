/**
 * Encodes legacy message sets (magic 0 and 1, docs/implementation.html §5.3.3), as Java's
 * `MemoryRecordsBuilder` does for old message formats: for tests, and for interop with brokers
 * that still store old-format topics. A compressed set is one wrapper message whose value is
 * the compressed inner set; in magic 1 the inner offsets are relative (0..n-1) and the wrapper
 * carries the absolute offset of the last one, in magic 0 all offsets are absolute.
 */
import { CompressionType, codecFor } from '../compression/index.js';
import { lz4CompressFrame } from '../compression/lz4.js';
import { crc32 } from '../crc32.js';
import { EncodeError } from '../errors.js';
import { BatchAttributes, NO_TIMESTAMP, TimestampType } from './record-batch.js';

/** A message to write. */
export interface LegacyMessageInput {
  /** Message key, or `null`. */
  readonly key?: Uint8Array | null;
  /** Message value, or `null`. */
  readonly value: Uint8Array | null;
  /** Timestamp (magic 1 only); -1 when absent. */
  readonly timestamp?: number;
}

/** Options for {@link encodeMessageSet}. */
export interface LegacyMessageSetOptions {
  /** 0 or 1. */
  readonly magic: 0 | 1;
  /** Offset of the first message (default 0). */
  readonly baseOffset?: bigint;
  /** gzip, snappy or lz4 (zstd needs magic 2). */
  readonly compression?: CompressionType;
  /** Magic 1 only: mark the wrapper as log-append time. */
  readonly timestampType?: TimestampType;
}

function writeMessage(
  offset: bigint,
  magic: 0 | 1,
  attributes: number,
  timestamp: number,
  key: Uint8Array | null,
  value: Uint8Array | null,
): Buffer {
  const size = 4 + 1 + 1 + (magic === 1 ? 8 : 0) + 4 + (key?.length ?? 0) + 4 + (value?.length ?? 0);
  const b = Buffer.allocUnsafe(12 + size);
  b.writeBigInt64BE(offset, 0);
  b.writeInt32BE(size, 8);
  b[16] = magic;
  b[17] = attributes;
  let p = 18;
  if (magic === 1) {
    b.writeBigInt64BE(BigInt(timestamp), p);
    p += 8;
  }
  for (const field of [key, value]) {
    if (field === null) {
      b.writeInt32BE(-1, p);
      p += 4;
    } else {
      b.writeInt32BE(field.length, p);
      b.set(field, p + 4);
      p += 4 + field.length;
    }
  }
  b.writeUInt32BE(crc32(b, 16, b.length), 12);
  return b;
}

/** Encodes `messages` as a legacy message set (one wrapper message when compressed). */
export function encodeMessageSet(
  messages: readonly LegacyMessageInput[],
  options: LegacyMessageSetOptions,
): Buffer {
  const { magic } = options;
  const baseOffset = options.baseOffset ?? 0n;
  const compression = options.compression ?? CompressionType.none;
  if (compression === CompressionType.zstd) throw new EncodeError('zstd requires magic 2 (KIP-110)');
  if (messages.length === 0) throw new EncodeError('a message set needs at least one message');
  const ts = (m: LegacyMessageInput) => m.timestamp ?? NO_TIMESTAMP;
  if (compression === CompressionType.none) {
    return Buffer.concat(
      messages.map((m, i) => writeMessage(baseOffset + BigInt(i), magic, 0, ts(m), m.key ?? null, m.value)),
    );
  }
  const inner = Buffer.concat(
    messages.map((m, i) =>
      writeMessage(magic === 1 ? BigInt(i) : baseOffset + BigInt(i), magic, 0, ts(m), m.key ?? null, m.value),
    ),
  );
  // Kafka wrote magic 0 lz4 frames with the header checksum over magic + descriptor (KAFKA-3160).
  const compressed =
    compression === CompressionType.lz4 && magic === 0
      ? lz4CompressFrame(inner, undefined, { brokenHeaderChecksum: true })
      : codecFor(compression).compress(inner);
  let attributes = compression;
  if (magic === 1 && options.timestampType === TimestampType.logAppendTime)
    attributes |= BatchAttributes.timestampType;
  const maxTimestamp = messages.reduce((max, m) => Math.max(max, ts(m)), NO_TIMESTAMP);
  return writeMessage(
    baseOffset + BigInt(messages.length - 1),
    magic,
    attributes,
    maxTimestamp,
    null,
    compressed,
  );
}
