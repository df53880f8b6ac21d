/**
 * Buffers of batches the broker acknowledged, kept for the producer's next batches (Java:
 * `BufferPool`, which recycles `batch.size` buffers the same way). A busy producer fills and
 * sends a batch every few milliseconds; without reuse each one is a new off-heap allocation
 * (and the growth of a batch from its first record to `maxBatchSize` several), which V8 counts
 * as external memory and answers with full collections: on `kafe perf produce` (1,000,000
 * records of 100 B) six mark-compacts, ~45 ms of a 0.5 s run.
 *
 * Bounded: at most `maxBytes` are kept (what does not fit is left to the garbage collector),
 * and buffers under 4 KiB are not kept (Node hands those out of its own shared pool).
 */
import type { BufferSource } from '../protocol/records/records-builder.js';

/** Smallest buffer worth keeping. */
const MIN_KEPT = 4096;

/** Free batch buffers, best fit first. */
export class BatchBufferPool implements BufferSource {
  private readonly free: Buffer[] = [];
  private kept = 0;

  /** @param maxBytes most bytes kept at once. */
  constructor(private readonly maxBytes: number) {}

  /** Bytes kept now. */
  get keptBytes(): number {
    return this.kept;
  }

  /**
   * The smallest kept buffer of at least `minBytes` and at most twice that (a batch is charged
   * its buffer's size: a much larger one would hold back records for nothing), else a new one
   * of `minBytes`.
   */
  take(minBytes: number): Buffer {
    const free = this.free;
    let best = -1;
    for (let i = 0; i < free.length; i++) {
      const length = (free[i] as Buffer).length;
      if (
        length >= minBytes &&
        length <= 2 * minBytes &&
        (best < 0 || length < (free[best] as Buffer).length)
      )
        best = i;
    }
    if (best < 0) return Buffer.allocUnsafe(minBytes);
    const buffer = free[best] as Buffer;
    free[best] = free[free.length - 1] as Buffer;
    free.pop();
    this.kept -= buffer.length;
    return buffer;
  }

  /** Keeps `buffer` for a later {@link take} if it is worth it and fits the bound. */
  give(buffer: Buffer): void {
    if (buffer.length < MIN_KEPT || this.kept + buffer.length > this.maxBytes) return;
    this.free.push(buffer);
    this.kept += buffer.length;
  }
}
