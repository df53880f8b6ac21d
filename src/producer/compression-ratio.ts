/**
 * The estimated compression ratio of a topic's batches (Java: `CompressionRatioEstimator`), so
 * that `batchSize` bounds the bytes sent rather than the bytes before compression: a batch is
 * full when its records' size times the estimate reaches `batchSize`. The estimate starts at 1
 * (no gain assumed), falls slowly as batches compress well and rises fast when one compresses
 * worse than estimated — underestimating risks requests above `maxRequestSize`, overestimating
 * only costs batch size.
 */

/**
 * Java moves the estimate down by a fixed 0.005 per batch, but Java also counts the bytes its
 * compressor has already emitted while a batch fills, so its estimate only covers the tail.
 * kafe compresses a batch once, when it is sent, so the estimate decides the whole batch: it
 * moves 10% of the way to a better observation (a few dozen batches to converge) and up at
 * once, by Java's 0.05 at least, on a worse one.
 */
const IMPROVING_FRACTION = 0.1;
const DETERIORATE_STEP = 0.05;

/** Per-topic compression ratio estimates. */
export class CompressionRatioEstimator {
  private readonly ratios = new Map<string, number>();
  /** The topic asked about last and its estimate (asked once per record appended). */
  private lastTopic: string | undefined;
  private lastRatio = 1;

  /** The estimate for `topic` (encoded bytes per byte of records), 1 before any batch was seen. */
  estimate(topic: string): number {
    if (topic === this.lastTopic) return this.lastRatio;
    const ratio = this.ratios.get(topic) ?? 1;
    this.lastTopic = topic;
    this.lastRatio = ratio;
    return ratio;
  }

  /** Learns from one encoded batch: `encoded` bytes for `uncompressed` estimated bytes. */
  observe(topic: string, uncompressed: number, encoded: number): number {
    const observed = encoded / Math.max(1, uncompressed);
    const current = this.estimate(topic);
    let next = current;
    if (observed > current) next = Math.max(current + DETERIORATE_STEP, observed);
    else if (observed < current) next = current - (current - observed) * IMPROVING_FRACTION;
    next = Math.min(1, next);
    this.ratios.set(topic, next);
    if (topic === this.lastTopic) this.lastRatio = next;
    return next;
  }
}
