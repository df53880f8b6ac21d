/**
 * Decodes the `records` bytes of a fetch response partition (or of a produce request) at
 * once: {@link scanRecordBatches} (headers and CRCs, stopping at a partial last batch) then
 * {@link decodeScannedBatch} for every batch. The consumer decodes lazily from the scan
 * instead (`consumer/completed-fetch.ts`).
 */
import {
  CompressionType,
  codecFor,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  loadCodec,
} from '../compression/index.js';
import type { RecordBatch } from './record-batch.js';
import { decodeScannedBatch, type ScannedBatch, scanRecordBatches } from './scan-record-batches.js';

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
  const scan = scanRecordBatches(data, options);
  const maxBytes = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  for (const s of scan.batches) decodeScannedBatch(scan.data, s, maxBytes);
  return { batches: scan.batches.map((s) => s.batch), end: scan.end, partial: scan.partial };
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
  const scan = scanRecordBatches(data, options);
  const maxBytes = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  for (const type of scan.codecs) await loadCodec(type);
  // Large sections start on the thread pool at once (they then run in parallel); the others
  // are decompressed on this thread as they are decoded. A failure rejects the call.
  const sections = await Promise.all(
    scan.batches.map((s) => (isLarge(s) ? pooled(scan.data, s, maxBytes) : undefined)),
  );
  for (const [i, s] of scan.batches.entries()) decodeScannedBatch(scan.data, s, maxBytes, sections[i]);
  return { batches: scan.batches.map((s) => s.batch), end: scan.end, partial: scan.partial };
}

function isLarge(s: ScannedBatch): boolean {
  return (
    !s.decoded &&
    s.batch.compression !== CompressionType.none &&
    s.recordsEnd - s.recordsStart >= THREAD_POOL_DECOMPRESS_MIN_BYTES
  );
}

function pooled(data: Buffer, s: ScannedBatch, maxBytes: number): Promise<Uint8Array> {
  return codecFor(s.batch.compression).decompressAsync(data.subarray(s.recordsStart, s.recordsEnd), maxBytes);
}
