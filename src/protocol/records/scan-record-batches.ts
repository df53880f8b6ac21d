/**
 * The first pass over the `records` bytes of a fetch response partition: every entry's header
 * parsed and its CRC checked, records left undecoded (compressed sections stay compressed).
 * Decoding a batch's records is then a separate step ({@link decodeScannedBatch}), so a
 * consumer can hold a fetch as received and decompress it batch by batch as the application
 * reaches it, as Java's `CompletedFetch` does, instead of holding every decompressed batch.
 *
 * The input may mix magic 2 record batches with legacy magic 0/1 message sets and may end in a
 * **partial batch** (the broker fills the response up to the fetch size, so the last batch is
 * often cut; Java's `ByteBufferLogInputStream` stops there too). The byte at position 16 is the
 * magic for every format (legacy: offset 8, size 4, crc 4, magic), which is how entries are
 * told apart (§5.3.1, "clients must parse the magic byte before deciding how to interpret the
 * bytes"). Legacy entries are decoded during the scan: their offsets are only known from their
 * messages, and brokers only send them for data written by pre-0.11 clients.
 */
import { CompressionType, codecFor, DEFAULT_MAX_DECOMPRESSED_BYTES } from '../compression/index.js';
import { crc32c } from '../crc32c.js';
import { DecodeError } from '../errors.js';
import { BatchLayout, MAGIC_V2 } from './batch-layout.js';
import { decodeRecords } from './decode-records.js';
import { decodeLegacyEntry, LEGACY_MIN_SIZE } from './legacy-message-set.js';
import { BatchAttributes, type Record, type RecordBatch, type TimestampType } from './record-batch.js';

/** Options for {@link scanRecordBatches}. */
export interface ScanRecordBatchesOptions {
  /** Check each batch's CRC (default `true`; Java's `check.crcs`). */
  readonly verifyCrc?: boolean;
  /** Bound on a legacy entry's decompressed messages (default {@link DEFAULT_MAX_DECOMPRESSED_BYTES}). */
  readonly maxDecompressedBytes?: number;
}

/** One batch found by {@link scanRecordBatches}. */
export interface ScannedBatch {
  /** The batch: every header field set; `records` empty until {@link decodeScannedBatch} fills it. */
  readonly batch: RecordBatch;
  /** Where the records section (compressed or not) starts in the input. */
  readonly recordsStart: number;
  /** Where it ends. */
  readonly recordsEnd: number;
  /** Records the header declares. */
  readonly count: number;
  /** Whether `batch.records` is filled (legacy entries come decoded). */
  decoded: boolean;
}

/** Result of {@link scanRecordBatches}. */
export interface ScannedRecordBatches {
  /** The input, as a Buffer (the scanned batches' positions are into it). */
  readonly data: Buffer;
  /** Every whole batch, in order. */
  readonly batches: ScannedBatch[];
  /** Codec ids (not `none`) the undecoded batches need. */
  readonly codecs: ReadonlySet<number>;
  /** Byte position just after the last whole batch: where a partial batch starts, or the input length. */
  readonly end: number;
  /** Whether bytes after `end` hold the beginning of a batch that was cut off. */
  readonly partial: boolean;
}

/**
 * Parses the headers of every whole batch in `data` and checks their CRCs. Throws a
 * `DecodeError` for malformed bytes or a CRC mismatch; a batch cut off at the end is not an
 * error (see {@link ScannedRecordBatches.partial}).
 */
export function scanRecordBatches(
  data: Uint8Array,
  options: ScanRecordBatchesOptions = {},
): ScannedRecordBatches {
  const b = asBuffer(data);
  const verifyCrc = options.verifyCrc ?? true;
  const legacyOptions = {
    verifyCrc,
    maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
  };
  const batches: ScannedBatch[] = [];
  const codecs = new Set<number>();
  const legacy: RecordBatch[] = [];
  let p = 0;
  const n = b.length;
  while (p < n) {
    const e = entryEnd(b, p, n);
    if (e < 0) return { data: b, batches, codecs, end: p, partial: true };
    if (b[p + BatchLayout.magic] === MAGIC_V2) {
      const scanned = parseBatchHeader(b, p, e, verifyCrc);
      if (scanned.batch.compression !== CompressionType.none) codecs.add(scanned.batch.compression);
      batches.push(scanned);
    } else {
      // Legacy codecs are gzip, snappy and lz4 (zstd needs magic 2): synchronous everywhere.
      legacy.length = 0;
      decodeLegacyEntry(b, p, e, legacyOptions, legacy);
      for (const batch of legacy)
        batches.push({ batch, recordsStart: p, recordsEnd: e, count: batch.records.length, decoded: true });
    }
    p = e;
  }
  return { data: b, batches, codecs, end: p, partial: false };
}

/**
 * Decodes the records of `scanned` (a batch of `data`) into its `batch.records`, decompressing
 * them unless `section` gives them already decompressed; the codec must be ready
 * (`loadCodec`). Returns the bytes the decoded records are views into: the decompressed
 * section, or the records section itself when uncompressed. Throws a `DecodeError` (or its
 * subclass `CompressionError`) for malformed records or output beyond `maxBytes`.
 */
export function decodeScannedBatch(
  data: Buffer,
  scanned: ScannedBatch,
  maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
  section?: Uint8Array,
): number {
  const { batch } = scanned;
  if (scanned.decoded) return batch.sizeInBytes;
  scanned.decoded = true;
  const out = batch.records as Record[];
  if (batch.compression === CompressionType.none) {
    decodeRecords(data, scanned.recordsStart, scanned.recordsEnd, scanned.count, out);
    return scanned.recordsEnd - scanned.recordsStart;
  }
  const raw = asBuffer(
    section ??
      codecFor(batch.compression).decompress(
        data.subarray(scanned.recordsStart, scanned.recordsEnd),
        maxBytes,
      ),
  );
  decodeRecords(raw, 0, raw.length, scanned.count, out);
  return raw.length;
}

/** Parses one magic 2 batch header at `start` (its `batchLength` says it ends at `end`) and verifies its CRC. */
function parseBatchHeader(b: Buffer, start: number, end: number, verifyCrc: boolean): ScannedBatch {
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
  return { batch, recordsStart: start + L.headerSize, recordsEnd: end, count, decoded: false };
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
