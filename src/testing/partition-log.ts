/**
 * The log of one partition, the one model every handler of the fake reads and writes: batches
 * stored as received (bytes, with the offsets the log gave them), log start and end offsets,
 * the leader epoch each batch was written in (what Kafka's `LeaderEpochFileCache` derives), the
 * idempotent producers' sequences, and the fetches waiting for data.
 */
import {
  ControlRecordType,
  encodeTransactionMarker,
  isTransactionMarker,
} from '../protocol/records/control-record.js';
import { decodeRecordBatches } from '../protocol/records/decode-record-batch.js';
import { ProducerSequences, type SequenceCheck } from './producer-sequences.js';
import { type IncomingBatch, placeBatch, type StoredBatch, splitBatches } from './stored-batch.js';

/** The result of appending a Produce partition's batches. */
export type AppendResult =
  | { readonly errorCode: 0; readonly baseOffset: number }
  | { readonly errorCode: number; readonly baseOffset: -1 };

/** One partition's log. */
export class PartitionLog {
  /** Batches in offset order. */
  batches: StoredBatch[] = [];
  /** The first offset still in the log (raised by retention / DeleteRecords). */
  logStartOffset = 0;
  /** The next offset to be written: the log end offset, here also the high watermark. */
  logEndOffset = 0;
  /** Aborted transactions, for read_committed fetches. */
  readonly aborted: { producerId: bigint; firstOffset: bigint }[] = [];
  /** Open transactions: producer id -> offset of its first batch in the transaction. */
  private readonly open = new Map<bigint, number>();
  /** Per producer, the coordinator epoch of the last marker written for it. */
  private readonly coordinatorEpochs = new Map<bigint, number>();
  readonly producers: ProducerSequences;
  private readonly waiters = new Set<() => void>();

  constructor(unknownProducerIdError: () => boolean) {
    this.producers = new ProducerSequences(unknownProducerIdError);
  }

  /**
   * Appends a Produce partition's batches in leader epoch `leaderEpoch`: every batch is checked
   * against its producer's sequences first, so the append is all or nothing; a retried batch
   * (same producer, epoch and sequences as one of its last five) is not written again and is
   * answered with its first offset.
   */
  append(batches: readonly IncomingBatch[], leaderEpoch: number): AppendResult {
    const checks: SequenceCheck[] = batches.map((b) => this.producers.check(b));
    const failed = checks.find((c) => c.kind === 'error');
    if (failed !== undefined && failed.kind === 'error')
      return { errorCode: failed.errorCode, baseOffset: -1 };
    const first = checks[0];
    if (first !== undefined && first.kind === 'duplicate')
      return { errorCode: 0, baseOffset: first.baseOffset };
    const baseOffset = this.logEndOffset;
    for (const batch of batches) {
      const stored = placeBatch(batch, this.logEndOffset, leaderEpoch);
      this.producers.record(batch, stored.baseOffset);
      this.track(stored);
      this.batches.push(stored);
      this.logEndOffset += stored.span;
    }
    this.wake();
    return { errorCode: 0, baseOffset };
  }

  /**
   * Writes a transaction marker (Kafka's WriteTxnMarkers at the leader) ending `producerId`'s
   * open transaction, if any, in leader epoch `leaderEpoch`.
   */
  appendMarker(
    marker: { producerId: bigint; producerEpoch: number; commit: boolean; coordinatorEpoch: number },
    leaderEpoch: number,
  ): void {
    const bytes = encodeTransactionMarker({
      type: marker.commit ? ControlRecordType.commit : ControlRecordType.abort,
      producerId: marker.producerId,
      producerEpoch: marker.producerEpoch,
      coordinatorEpoch: marker.coordinatorEpoch,
      partitionLeaderEpoch: leaderEpoch,
    });
    this.append(splitBatches(bytes) ?? [], leaderEpoch);
    this.coordinatorEpochs.set(marker.producerId, marker.coordinatorEpoch);
  }

  /** Where `producerId`'s open transaction begins, if one is open. */
  transactionStart(producerId: bigint): number | undefined {
    return this.open.get(producerId);
  }

  /** The coordinator epoch of the last marker written for `producerId`, -1 when none was. */
  coordinatorEpochOf(producerId: bigint): number {
    return this.coordinatorEpochs.get(producerId) ?? -1;
  }

  /**
   * The last stable offset: the first offset of the oldest open transaction, or the log end
   * (KIP-98; read_committed consumers read no further).
   */
  get lastStableOffset(): number {
    return Math.min(this.logEndOffset, ...this.open.values());
  }

  /**
   * Batches from the one holding `offset` on, at least one, then up to `maxBytes` in total, none
   * starting at or after `end`.
   */
  read(offset: number, maxBytes: number, end = this.logEndOffset): Buffer {
    const chosen: Buffer[] = [];
    let size = 0;
    for (const b of this.batches) {
      if (b.baseOffset + b.span <= offset) continue;
      if (b.baseOffset >= end) break;
      if (chosen.length > 0 && size + b.bytes.length > maxBytes) break;
      chosen.push(b.bytes);
      size += b.bytes.length;
    }
    return Buffer.concat(chosen);
  }

  /** Deletes whole batches below `offset` and raises the log start offset to it (retention, DeleteRecords). */
  deleteBefore(offset: number): void {
    this.batches = this.batches.filter((b) => b.baseOffset + b.span > offset);
    this.logStartOffset = Math.max(this.logStartOffset, Math.min(offset, this.logEndOffset));
  }

  /**
   * Drops the batches from `offset` on, as a leader elected uncleanly loses what the old one had
   * beyond its own log end. A batch spanning `offset` goes too: the log ends at a batch boundary.
   */
  truncateFrom(offset: number): void {
    this.batches = this.batches.filter((b) => b.baseOffset + b.span <= offset);
    this.logEndOffset = this.batches.at(-1) === undefined ? this.logStartOffset : lastEnd(this.batches);
    this.logStartOffset = Math.min(this.logStartOffset, this.logEndOffset);
    // Kafka rebuilds producer state from the remaining log; forgetting it is what a client can observe.
    this.producers.clear();
  }

  /**
   * Where leader epoch `requested` ends (`LeaderEpochFileCache#endOffsetFor`): the current epoch
   * at the log end; an older one at the start offset of the next epoch written, answered with the
   * largest epoch at most `requested`; an unknown or future one as (-1, -1).
   */
  endOffsetFor(requested: number, current: number): { leaderEpoch: number; endOffset: bigint } {
    if (requested === current) return { leaderEpoch: current, endOffset: BigInt(this.logEndOffset) };
    if (requested < 0 || requested > current) return { leaderEpoch: -1, endOffset: -1n };
    const starts = new Map<number, number>();
    for (const b of this.batches) if (!starts.has(b.leaderEpoch)) starts.set(b.leaderEpoch, b.baseOffset);
    if (!starts.has(current)) starts.set(current, this.logEndOffset);
    const sorted = [...starts].sort((a, b) => a[0] - b[0]);
    const higher = sorted.find(([e]) => e > requested);
    const floor = sorted.filter(([e]) => e <= requested).at(-1);
    if (higher === undefined) return { leaderEpoch: -1, endOffset: -1n };
    return { leaderEpoch: floor?.[0] ?? requested, endOffset: BigInt(higher[1]) };
  }

  /**
   * Keeps transactions' state: a transactional batch opens its producer's transaction, a
   * control batch (commit or abort marker) ends it; an abort is listed
   * for read_committed fetches from the transaction's first offset.
   */
  private track(batch: StoredBatch): void {
    if (!batch.transactional || batch.producerId < 0n) return;
    if (!batch.control) {
      if (!this.open.has(batch.producerId)) this.open.set(batch.producerId, batch.baseOffset);
      return;
    }
    const first = this.open.get(batch.producerId);
    this.open.delete(batch.producerId);
    if (first !== undefined && isAbort(batch.bytes))
      this.aborted.push({ producerId: batch.producerId, firstOffset: BigInt(first) });
  }

  /** The leader epoch of the batch holding `offset`, or `fallback` when no batch does. */
  epochAt(offset: number, fallback: number): number {
    return (
      this.batches.find((b) => b.baseOffset <= offset && offset < b.baseOffset + b.span)?.leaderEpoch ??
      fallback
    );
  }

  /** Resolves at the next append (or when `signal` aborts). */
  nextAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes every waiting fetch (after an append, or when the log changed under it). */
  wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Whether a control batch is an abort marker (`ControlRecordType`: 0 abort, 1 commit). */
function isAbort(bytes: Buffer): boolean {
  const batch = decodeRecordBatches(bytes).batches[0];
  return batch !== undefined && isTransactionMarker(batch, ControlRecordType.abort);
}

function lastEnd(batches: readonly StoredBatch[]): number {
  const last = batches.at(-1) as StoredBatch;
  return last.baseOffset + last.span;
}
