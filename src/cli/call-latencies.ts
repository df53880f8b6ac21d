/**
 * The latency record of `kafe perf produce`: one entry per `sendBatch` call, percentiles over
 * records as Kafka's `ProducerPerformance` reports them.
 */

/**
 * Per-record latency percentiles, kept as one entry per `sendBatch` call (every record of a call
 * has the call's latency): the value at record index `floor(n * p)` of the records sorted by
 * latency (Java `ProducerPerformance.percentiles`), without a sample per record; sorting a
 * million samples cost about 5 % of a 1,000,000-record run.
 */
export class CallLatencies {
  private latencies: number[] = [];
  private counts: number[] = [];
  /** Records recorded so far. */
  records = 0;
  /** Sum of the records' latencies (ms). */
  sum = 0;
  /** Largest latency (ms), 0 when empty. */
  max = 0;

  /** Records that `count` records took `latencyMs`. */
  add(latencyMs: number, count: number): void {
    this.latencies.push(latencyMs);
    this.counts.push(count);
    this.records += count;
    this.sum += latencyMs * count;
    if (latencyMs > this.max) this.max = latencyMs;
  }

  /** The latencies at record percentiles `ps` (each in [0, 1]); 0 for each when empty. */
  percentiles(ps: readonly number[]): number[] {
    const order = this.latencies.map((_, i) => i).sort((a, b) => this.latencies[a]! - this.latencies[b]!);
    return ps.map((p) => {
      if (this.records === 0) return 0;
      const rank = Math.min(this.records - 1, Math.floor(this.records * p));
      let seen = 0;
      for (const i of order) {
        seen += this.counts[i]!;
        if (rank < seen) return this.latencies[i]!;
      }
      return this.max;
    });
  }
}
