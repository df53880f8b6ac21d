/**
 * Decodes the `records` bytes of a fetch response partition (or of a produce request): a
 * sequence of magic 2 record batches, possibly mixed with legacy magic 0/1 message sets, and
 * possibly ending in a **partial batch** (the broker fills the response up to the fetch size,
 * so the last batch is often cut; Java's `ByteBufferLogInputStream` stops there too).
 *
 * The byte at position 16 is the magic for every format (legacy: offset 8, size 4, crc 4,
 * magic), which is how entries are told apart (§5.3.1, "clients must parse the magic byte
 * before deciding how to interpret the bytes").
 */
import {
  CompressionType,
  codecFor,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  loadCodec,
} from '../compression/index.js';
import { crc32c } from '../crc32c.js';
import { DecodeError } from '../errors.js';
import { BatchLayout, MAGIC_V2 } from './batch-layout.js';
import { decodeRecords } from './decode-records.js';
import { decodeLegacyEntry, LEGACY_MIN_SIZE, legacyCompression } from './legacy-message-set.js';
import { BatchAttributes, type Record, type RecordBatch, type TimestampType } from './record-batch.js';

/** Options for {@link decodeRecordBatches}. */
export interface DecodeRecordBatchesOptions {
  /** Check each batch's CRC (default `true`; Java's `check.crcs`). */
  readonly verifyCrc?: boolean;
  /** Bound on each batch's decompressed records (default {@link DEFAULT_MAX_DECOMPRESSED_BYTES}). */
  readonly maxDecompressedBytes?: number;
}

/** Result of {@link decodeRecordBatches}. */
export interface DecodedRecordBatches {
  /** Every whole batch, in order. */
  readonly batches: RecordBatch[];
  /**
   * Byte position just after the last whole batch: where a partial batch starts, or the input
   * length when there is none.
   */
  readonly end: number;
  /** Whether bytes after `end` hold the beginning of a batch that was cut off. */
  readonly partial: boolean;
}

/** A batch whose header is parsed but whose records are still to be (decompressed and) decoded. */
interface PendingBatch {
  readonly batch: RecordBatch;
  readonly recordsStart: number;
  readonly recordsEnd: number;
  readonly count: number;
}

/**
 * Parses one magic 2 batch header at `start` (whose `batchLength` says it ends at `end`) and
 * verifies its CRC. The records are left for {@link decodeSection}.
 */
function parseBatchHeader(b: Buffer, start: number, end: number, verifyCrc: boolean): PendingBatch {
  const L = BatchLayout;
  if (end - start < L.headerSize)
    throw new DecodeError(`record batch of ${end - start} bytes is smaller than its header`, start);
  const crc = b.readUInt32BE(start + L.crc);
  if (verifyCrc) {
    const actual = crc32c(b, start + L.attributes, end);
    if (actual !== crc)
      throw new DecodeError(
        `record batch CRC-32C mismatch: stored ${crc}, computed ${actual}`,
        start + L.crc,
      );
  }
  const attributes = b.readInt16BE(start + L.attributes);
  const count = b.readInt32BE(start + L.recordsCount);
  if (count < 0) throw new DecodeError(`negative record count ${count}`, start + L.recordsCount);
  const batch: RecordBatch = {
    baseOffset: b.readBigInt64BE(start),
    lastOffsetDelta: b.readInt32BE(start + L.lastOffsetDelta),
    partitionLeaderEpoch: b.readInt32BE(start + L.partitionLeaderEpoch),
    magic: MAGIC_V2,
    crc,
    attributes,
    compression: (attributes & BatchAttributes.compressionMask) as CompressionType,
    timestampType: ((attributes & BatchAttributes.timestampType) >>> 3) as TimestampType,
    isTransactional: (attributes & BatchAttributes.transactional) !== 0,
    isControl: (attributes & BatchAttributes.control) !== 0,
    hasDeleteHorizon: (attributes & BatchAttributes.deleteHorizon) !== 0,
    baseTimestamp: b.readBigInt64BE(start + L.baseTimestamp),
    maxTimestamp: b.readBigInt64BE(start + L.maxTimestamp),
    producerId: b.readBigInt64BE(start + L.producerId),
    producerEpoch: b.readInt16BE(start + L.producerEpoch),
    baseSequence: b.readInt32BE(start + L.baseSequence),
    records: [],
    sizeInBytes: end - start,
  };
  return { batch, recordsStart: start + L.headerSize, recordsEnd: end, count };
}

function decodeSection(batch: RecordBatch, section: Buffer, start: number, end: number, count: number): void {
  decodeRecords(section, start, end, count, batch.records as Record[]);
}

/** Where the next entry ends, or -1 if it is cut off; throws for a size no entry can have. */
function entryEnd(b: Buffer, p: number, end: number): number {
  if (end - p < BatchLayout.logOverhead) return -1;
  const size = b.readInt32BE(p + BatchLayout.batchLength);
  if (end - p < BatchLayout.logOverhead + 5) return -1;
  const magic = b[p + BatchLayout.magic] as number;
  const minSize = magic === MAGIC_V2 ? BatchLayout.headerSize - BatchLayout.logOverhead : LEGACY_MIN_SIZE;
  if (magic > MAGIC_V2) throw new DecodeError(`unknown record format magic ${magic}`, p + BatchLayout.magic);
  if (size < minSize)
    throw new DecodeError(
      `entry size ${size} is smaller than the minimum ${minSize}`,
      p + BatchLayout.batchLength,
    );
  const last = p + BatchLayout.logOverhead + size;
  return last > end ? -1 : last;
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Walks the entries of `data`: magic 2 headers go to `onBatch`, legacy entries are decoded by
 * `onLegacy`. Returns where the walk stopped and whether it stopped at a partial entry.
 */
function walk(
  data: Buffer,
  onBatch: (start: number, end: number) => void,
  onLegacy: (start: number, end: number) => void,
): { end: number; partial: boolean } {
  let p = 0;
  const n = data.length;
  while (p < n) {
    const e = entryEnd(data, p, n);
    if (e < 0) return { end: p, partial: true };
    if (data[p + BatchLayout.magic] === MAGIC_V2) onBatch(p, e);
    else onLegacy(p, e);
    p = e;
  }
  return { end: p, partial: false };
}

/**
 * Decodes every whole batch in `data` synchronously. Compressed batches are decompressed with
 * the synchronous codecs (zstd on the WASM fallback needs `loadCodec(4)` first; use
 * {@link decodeRecordBatchesAsync} otherwise). Throws a `DecodeError` (or its subclass
 * `CompressionError`) for malformed bytes or a CRC mismatch; a batch cut off at the end is not
 * an error (see {@link DecodedRecordBatches.partial}).
 */
export function decodeRecordBatches(
  data: Uint8Array,
  options: DecodeRecordBatchesOptions = {},
): DecodedRecordBatches {
  const b = asBuffer(data);
  const verifyCrc = options.verifyCrc ?? true;
  const maxBytes = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const batches: RecordBatch[] = [];
  const { end, partial } = walk(
    b,
    (start, stop) => {
      const pending = parseBatchHeader(b, start, stop, verifyCrc);
      const { batch } = pending;
      if (batch.compression === CompressionType.none) {
        decodeSection(batch, b, pending.recordsStart, pending.recordsEnd, pending.count);
      } else {
        const raw = asBuffer(
          codecFor(batch.compression).decompress(
            b.subarray(pending.recordsStart, pending.recordsEnd),
            maxBytes,
          ),
        );
        decodeSection(batch, raw, 0, raw.length, pending.count);
      }
      batches.push(batch);
    },
    (start, stop) =>
      decodeLegacyEntry(b, start, stop, { verifyCrc, maxDecompressedBytes: maxBytes }, batches),
  );
  return { batches, end, partial };
}

/**
 * Compressed sections at least this large are decompressed on libuv's thread pool by
 * {@link decodeRecordBatchesAsync}; smaller ones on the calling thread. A thread-pool round trip
 * costs more than decompressing a typical batch (measured on Node 26, 2 busy cores: a fetch of
 * 1,024 zstd records of 1 KB took 4.0 ms decoded synchronously against 5.5-7.6 ms through the
 * pool in 16-record batches, 1.8-2.4 against 3.3-5.9 ms in 256-record batches; gzip 5 against
 * 5-8 ms), so the pool is kept for sections large enough that blocking the event loop for them
 * would delay timers such as heartbeats: 1 MiB of zstd decompresses in a few milliseconds.
 */
export const THREAD_POOL_DECOMPRESS_MIN_BYTES = 1024 * 1024;

/**
 * {@link decodeRecordBatches} for any codec without loading it first: the zstd WASM fallback
 * is loaded on first need, and compressed sections of {@link THREAD_POOL_DECOMPRESS_MIN_BYTES}
 * or more are decompressed on libuv's thread pool (gzip, native zstd) instead of blocking the
 * event loop. Everything else decodes exactly as in the synchronous version.
 */
export async function decodeRecordBatchesAsync(
  data: Uint8Array,
  options: DecodeRecordBatchesOptions = {},
): Promise<DecodedRecordBatches> {
  const b = asBuffer(data);
  const verifyCrc = options.verifyCrc ?? true;
  const maxBytes = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  // First pass: headers and CRCs, and which codecs the batches and legacy entries need.
  const entries: (PendingBatch | [number, number])[] = [];
  const codecs = new Set<number>();
  const { end, partial } = walk(
    b,
    (start, stop) => {
      const pending = parseBatchHeader(b, start, stop, verifyCrc);
      codecs.add(pending.batch.compression);
      entries.push(pending);
    },
    (start, stop) => {
      codecs.add(legacyCompression(b, start));
      entries.push([start, stop]);
    },
  );
  for (const type of codecs) await loadCodec(type);
  // Large sections start on the thread pool at once (they then run in parallel); small ones
  // are decompressed here. Each output is bounded by maxBytes; a failure rejects the call.
  const sections = await Promise.all(
    entries.map((entry) => {
      if (Array.isArray(entry) || entry.batch.compression === CompressionType.none) return undefined;
      const codec = codecFor(entry.batch.compression);
      const section = b.subarray(entry.recordsStart, entry.recordsEnd);
      return section.length >= THREAD_POOL_DECOMPRESS_MIN_BYTES
        ? codec.decompressAsync(section, maxBytes)
        : codec.decompress(section, maxBytes);
    }),
  );
  const batches: RecordBatch[] = [];
  entries.forEach((entry, i) => {
    if (Array.isArray(entry)) {
      decodeLegacyEntry(b, entry[0], entry[1], { verifyCrc, maxDecompressedBytes: maxBytes }, batches);
      return;
    }
    const { batch } = entry;
    const section = sections[i];
    if (section === undefined) {
      decodeSection(batch, b, entry.recordsStart, entry.recordsEnd, entry.count);
    } else {
      const raw = asBuffer(section);
      decodeSection(batch, raw, 0, raw.length, entry.count);
    }
    batches.push(batch);
  });
  return { batches, end, partial };
}
