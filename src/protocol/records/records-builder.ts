/**
 * A magic 2 record batch built one record at a time (Java: `MemoryRecordsBuilder`): each
 * record is encoded into a growing buffer when it is appended, after 61 bytes kept for the
 * batch header, so a producer holds bytes rather than record objects, and sending is writing
 * the header, the CRC and (if asked) compressing — no second pass over the records.
 *
 * Offset deltas are the records' positions; timestamp deltas are relative to the first
 * record's timestamp (docs/implementation.html §5.3.2). {@link split} re-encodes a range of
 * records with new deltas (KIP-126: a batch the broker refused as too large is sent again in
 * pieces).
 */
import type { CompressionType } from '../compression/codec.js';
import { codecFor } from '../compression/index.js';
import { EncodeError } from '../errors.js';
import { Reader } from '../primitives/reader.js';
import { BatchLayout } from './batch-layout.js';
import { type RecordBatchOptions, writeBatchHeader } from './encode-record-batch.js';
import {
  putRecord,
  putUnsigned,
  putVarint,
  type RecordHeaderInput,
  recordBodySize,
  varintSize,
  varlongSize,
  zigzagLong,
} from './write-records.js';

const HEADER = BatchLayout.headerSize;

/** Batch-level fields of {@link RecordsBuilder.build}: who wrote it and how it is compressed. */
export interface BuiltBatchOptions
  extends Pick<RecordBatchOptions, 'producerId' | 'producerEpoch' | 'baseSequence' | 'isTransactional'> {
  /** Codec for the records section. */
  readonly compression: CompressionType;
  /** Codec level (KIP-390); the codec's Java default when absent. */
  readonly compressionLevel?: number;
}

/**
 * Where a builder gets its buffers and gives back those it no longer needs (a producer keeps
 * them for its next batches: see the producer's `batch-buffer-pool.ts`).
 */
export interface BufferSource {
  /** A buffer of at least `minBytes` (its contents are overwritten). */
  take(minBytes: number): Buffer;
  /** A buffer nothing refers to any more. */
  give(buffer: Buffer): void;
}

/** Fresh buffers, none kept. */
const ALLOCATE: BufferSource = { take: (n) => Buffer.allocUnsafe(n), give: () => {} };

const NO_BUFFER = Buffer.alloc(0);

/** Records encoded as they are appended, ready to become one batch. */
export class RecordsBuilder {
  private buf: Buffer;
  private end: number = HEADER;
  private records = 0;
  private base = -1;
  private max = -1;
  /** Whether {@link build} wrote a header into {@link buf} (a later build must not: it may be in flight). */
  private built = false;

  /**
   * @param capacity initial buffer size in bytes (header included); it doubles as needed.
   * @param source where buffers come from and go back to (default: fresh ones, none kept).
   */
  constructor(
    capacity: number,
    private readonly source: BufferSource = ALLOCATE,
  ) {
    this.buf = source.take(Math.max(HEADER + 64, capacity));
  }

  /** Records appended. */
  get count(): number {
    return this.records;
  }

  /** Size of the batch uncompressed: the header and the records so far. */
  get sizeInBytes(): number {
    return this.end;
  }

  /** Bytes of the buffer the records are encoded into (at least {@link sizeInBytes}). */
  get capacity(): number {
    return this.buf.length;
  }

  /** Create time of the first record (the deltas' origin), -1 before any. */
  get baseTimestamp(): number {
    return this.base;
  }

  /**
   * Encodes one record at the end. `timestamp` must be a non-negative safe integer (ms);
   * header keys are written as UTF-8.
   */
  append(
    key: Uint8Array | null,
    value: Uint8Array | null,
    headers: readonly RecordHeaderInput[] | undefined,
    timestamp: number,
  ): void {
    if (!Number.isSafeInteger(timestamp) || timestamp < 0)
      throw new EncodeError(`timestamp ${timestamp} is not a non-negative safe integer`);
    const offsetDelta = this.records;
    if (offsetDelta === 0) this.base = this.max = timestamp;
    else if (timestamp > this.max) this.max = timestamp;
    const tsDelta = timestamp - this.base;
    const size = recordBodySize(tsDelta, offsetDelta, key, value, headers);
    const p = this.reserve(varintSize(size) + size);
    this.end = putRecord(this.buf, p, size, tsDelta, offsetDelta, key, value, headers);
    this.records++;
  }

  /**
   * The batch, header and CRC written, the records compressed if asked. The first build writes
   * the header into the builder's own buffer and returns a view of it (no copy when
   * uncompressed); later builds (a new sequence after an epoch bump) write into a new buffer,
   * as the earlier one may still be queued on a socket.
   */
  build(options: BuiltBatchOptions): Buffer {
    if (this.records === 0) throw new EncodeError('a record batch needs at least one record');
    let out: Buffer;
    if (options.compression !== 0) {
      const compressed = codecFor(options.compression).compress(
        this.buf.subarray(HEADER, this.end),
        options.compressionLevel,
      );
      out = Buffer.allocUnsafe(HEADER + compressed.length);
      out.set(compressed, HEADER);
    } else if (this.built) {
      out = Buffer.allocUnsafe(this.end);
      this.buf.copy(out, HEADER, HEADER, this.end);
    } else {
      out = this.buf.subarray(0, this.end);
      this.built = true;
    }
    return writeBatchHeader(out, this.records, this.base, this.max, options);
  }

  /**
   * The records in pieces of at most `maxBytes` encoded bytes each (at least one record per
   * piece), in order, each piece's offset and timestamp deltas rebased on its first record.
   * Returns each piece's builder; their counts add up to this one's.
   */
  split(maxBytes: number): RecordsBuilder[] {
    const pieces: RecordsBuilder[] = [];
    let piece: RecordsBuilder | undefined;
    const r = new Reader(this.buf, HEADER, this.end);
    while (r.offset < this.end) {
      const start = r.offset;
      const length = r.readVarint();
      const bodyEnd = r.offset + length;
      const attributes = this.buf[r.offset] as number;
      r.offset++;
      const timestamp = this.base + r.readVarlongNumber();
      r.readVarint(); // offset delta: rebased below
      const rest = this.buf.subarray(r.offset, bodyEnd);
      r.offset = bodyEnd;
      const bytes = bodyEnd - start;
      if (piece === undefined || (piece.count > 0 && piece.end - HEADER + bytes > maxBytes)) {
        piece = new RecordsBuilder(Math.min(HEADER + maxBytes + 32, this.end), this.source);
        pieces.push(piece);
      }
      piece.appendEncoded(attributes, timestamp, rest);
    }
    return pieces;
  }

  /** Appends a record whose key, value and headers are already encoded (`rest`), as {@link split} needs. */
  private appendEncoded(attributes: number, timestamp: number, rest: Uint8Array): void {
    const offsetDelta = this.records;
    if (offsetDelta === 0) this.base = this.max = timestamp;
    else if (timestamp > this.max) this.max = timestamp;
    const tsDelta = timestamp - this.base;
    const size = 1 + varlongSize(tsDelta) + varintSize(offsetDelta) + rest.length;
    let p = this.reserve(varintSize(size) + size);
    const b = this.buf;
    p = putVarint(b, p, size);
    b[p++] = attributes;
    p = putUnsigned(b, p, zigzagLong(tsDelta));
    p = putVarint(b, p, offsetDelta);
    b.set(rest, p);
    this.end = p + rest.length;
    this.records++;
  }

  /**
   * Gives the buffer back to the source and leaves the builder empty. Only once nothing refers
   * to what {@link build} returned (the broker answered the request that carried it).
   */
  recycle(): void {
    if (this.buf === NO_BUFFER) return;
    this.source.give(this.buf);
    this.buf = NO_BUFFER;
    this.end = HEADER;
    this.records = 0;
  }

  /** Makes room for `n` more bytes (doubling the buffer); returns where they go. */
  private reserve(n: number): number {
    const need = this.end + n;
    if (need > this.buf.length) {
      const grown = this.source.take(Math.max(need, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.end);
      // A buffer a build returned may still be queued on a socket: only an unsent one goes back.
      if (!this.built) this.source.give(this.buf);
      this.buf = grown;
    }
    return this.end;
  }
}
