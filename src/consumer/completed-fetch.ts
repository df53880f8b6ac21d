/**
 * One partition's fetched records as held until the application takes them (Java
 * `CompletedFetch`): the bytes as received, batch headers scanned and CRCs checked, records
 * decoded (and decompressed) only as {@link CompletedFetch.next} reaches them, a bounded
 * number of bytes at a time. So what the consumer holds is bounded by the prefetch bound in
 * bytes as received plus one handed-out piece, whatever the compression ratio; decompressing
 * a whole fetch at once held every decompressed batch (a 1 MiB fetch of lz4 batches that
 * compress 100× held 100 MB).
 *
 * What reaches the application: records below the fetch offset are dropped (the broker returns
 * whole batches, and a compressed batch may start before the offset asked for); control batches
 * (transaction markers) are never handed out; under `read_committed`, batches of aborted
 * transactions are dropped, undecoded, using the response's aborted-transaction list
 * (docs/implementation.html, KIP-98 "Consumer": a producer's records from an aborted
 * transaction's first offset up to its ABORT marker are skipped).
 */
import type { FetchResponseAbortedTransaction } from '../protocol/messages/fetch.js';
import { ControlRecordType, isTransactionMarker } from '../protocol/records/control-record.js';
import { lastOffset, type RecordBatch } from '../protocol/records/record-batch.js';
import {
  decodeScannedBatch,
  type ScannedBatch,
  type ScannedRecordBatches,
} from '../protocol/records/scan-record-batches.js';

/** Records of a {@link CompletedFetch} to hand out. */
export interface SelectedRecords {
  /** Batches with at least one record to hand out (records below the fetch offset removed). */
  readonly batches: RecordBatch[];
  /** Records in `batches`. */
  readonly count: number;
  /** Bytes the records of `batches` are views into (decompressed sizes for compressed batches). */
  readonly bytes: number;
  /** Offset after the last batch walked (control and aborted batches included): the position once these are processed. */
  readonly nextOffset: bigint;
  /** Leader epoch of the last batch walked (-1 when none was). */
  readonly nextEpoch: number;
}

/** What a {@link CompletedFetch} needs besides the records. */
export interface CompletedFetchOptions {
  /** The offset the fetch asked for. */
  readonly fetchOffset: bigint;
  /** The response's aborted-transaction list under `read_committed`, null under `read_uncommitted`. */
  readonly aborted: readonly FetchResponseAbortedTransaction[] | null;
  /** The partition's high watermark in the response. */
  readonly highWatermark: bigint;
  /** Bound on one batch's decompressed records (default the codecs' own). */
  readonly maxDecompressedBytes?: number;
}

/** A fetched partition's records, decoded piece by piece; see the module comment. */
export class CompletedFetch {
  /** The partition's high watermark when fetched. */
  readonly highWatermark: bigint;
  /** Bytes held as received (counted against the prefetch bound until the last piece is taken). */
  readonly bytes: number;
  /** Offset after the last whole batch (control and aborted batches included): the next fetch offset. */
  nextOffset: bigint;
  /** Leader epoch of the last whole batch (-1 when unknown). */
  nextEpoch: number;
  /** Whether a batch may hold records to hand out (headers only: aborted transactions not counted). */
  readonly mayHaveRecords: boolean;
  /** The scanned batches; each is let go once walked, so its decoded records go with the chunk that took them. */
  private readonly batches: (ScannedBatch | undefined)[];
  private cursor = 0;
  /** Aborted transactions in first-offset order, null under `read_uncommitted`. */
  private readonly aborted: readonly FetchResponseAbortedTransaction[] | null;
  private nextAborted = 0;
  /** Producers whose transaction is aborted where the walk is: from its first offset to its ABORT marker. */
  private readonly abortedProducers = new Set<bigint>();

  private readonly fetchOffset: bigint;
  private readonly maxDecompressedBytes: number | undefined;

  /** @param scan the partition's records, scanned; their codecs ready (`loadCodec`). */
  constructor(
    private readonly scan: ScannedRecordBatches,
    options: CompletedFetchOptions,
  ) {
    const { fetchOffset, aborted } = options;
    this.fetchOffset = fetchOffset;
    this.highWatermark = options.highWatermark;
    this.maxDecompressedBytes = options.maxDecompressedBytes;
    this.bytes = scan.data.length;
    this.batches = [...scan.batches];
    this.aborted = aborted === null ? null : [...aborted].sort((a, b) => cmp(a.firstOffset, b.firstOffset));
    let nextOffset = fetchOffset;
    let mayHaveRecords = false;
    for (const { batch, count } of scan.batches) {
      const end = lastOffset(batch);
      if (end < fetchOffset) continue;
      nextOffset = end + 1n;
      if (!batch.isControl && count > 0) mayHaveRecords = true;
    }
    this.nextOffset = nextOffset;
    this.nextEpoch = scan.batches.at(-1)?.batch.partitionLeaderEpoch ?? -1;
    this.mayHaveRecords = mayHaveRecords;
  }

  /** Whether every batch was walked. */
  get exhausted(): boolean {
    return this.cursor === this.batches.length;
  }

  /**
   * Moves the end past batches fetched after this one with nothing to hand out (control or
   * aborted batches only): the last piece's `nextOffset` becomes `offset`.
   */
  extendTo(offset: bigint, epoch: number): void {
    this.nextOffset = offset;
    this.nextEpoch = epoch;
  }

  /**
   * Decodes the next batches until their records reach `maxBytes` (at least one batch with
   * records, or to the end) and returns what of them reaches the application. The last piece
   * ends at {@link nextOffset}. Throws a `DecodeError` for malformed records.
   */
  next(maxBytes: number): SelectedRecords {
    const { batches } = this;
    const out: RecordBatch[] = [];
    let count = 0;
    let bytes = 0;
    let nextOffset = this.fetchOffset;
    let nextEpoch = -1;
    while (this.cursor < batches.length && (count === 0 || bytes < maxBytes)) {
      const scanned = batches[this.cursor]!;
      batches[this.cursor++] = undefined;
      const { batch } = scanned;
      const end = lastOffset(batch);
      if (end < this.fetchOffset) continue;
      nextOffset = end + 1n;
      nextEpoch = batch.partitionLeaderEpoch;
      if (this.skip(scanned)) continue;
      bytes += decodeScannedBatch(this.scan.data, scanned, this.maxDecompressedBytes);
      const kept = batch.baseOffset >= this.fetchOffset ? batch : dropBefore(batch, this.fetchOffset);
      if (kept.records.length === 0) continue;
      out.push(kept);
      count += kept.records.length;
    }
    if (this.exhausted) {
      nextOffset = this.nextOffset;
      nextEpoch = this.nextEpoch;
    }
    return { batches: out, count, bytes, nextOffset, nextEpoch };
  }

  /** Whether a batch is left out whole: a control batch, a batch of an aborted transaction, an empty one. */
  private skip(scanned: ScannedBatch): boolean {
    const { batch, count } = scanned;
    if (this.aborted !== null && batch.producerId >= 0n) {
      const end = lastOffset(batch);
      const pending = this.aborted;
      while (this.nextAborted < pending.length && pending[this.nextAborted]!.firstOffset <= end)
        this.abortedProducers.add(pending[this.nextAborted++]!.producerId);
      if (batch.isControl) {
        // Control batches are one small uncompressed record: decoded to read the marker's type.
        decodeScannedBatch(this.scan.data, scanned);
        if (isTransactionMarker(batch, ControlRecordType.abort))
          this.abortedProducers.delete(batch.producerId);
        return true;
      }
      if (batch.isTransactional && this.abortedProducers.has(batch.producerId)) return true;
    }
    return batch.isControl || count === 0;
  }
}

/** The batch without its records below `offset` (one comparison per record, no BigInt each). */
function dropBefore(batch: RecordBatch, offset: bigint): RecordBatch {
  const minDelta = Number(offset - batch.baseOffset);
  return { ...batch, records: batch.records.filter((r) => r.offsetDelta >= minDelta) };
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
