/**
 * Windowed statistics as the Java client computes its metrics (`SampledStat`, `Rate`, `Avg`,
 * `Max`, with `metrics.sample.window.ms` 30000 and `metrics.num.samples` 2): values fall in
 * 30-second samples, the two newest are kept, and a reading covers them. A rate divides by the
 * time the kept samples span, at least one full window (Java's `Rate#windowSize`), so a rate
 * read in the first seconds is not inflated. Recording is a few additions; reading looks at
 * two samples: cheap to read every second.
 */

const WINDOW_MS = 30_000;
const SAMPLES = 2;

interface Sample {
  start: number;
  count: number;
  sum: number;
  max: number;
}

/** Count, sum, max and rate of recorded values over the last ~60 s, plus totals since creation. */
export class SampledStat {
  /** Values recorded since creation. */
  totalCount = 0;
  /** Sum of the values recorded since creation. */
  total = 0;
  private readonly samples: Sample[] = [];
  private readonly created: number;

  constructor(now = Date.now()) {
    this.created = now;
  }

  /** Records one value (a latency, a size; 1 for an event). */
  record(value: number, now = Date.now()): void {
    this.totalCount++;
    this.total += value;
    const sample = this.current(now);
    sample.count++;
    sample.sum += value;
    if (value > sample.max) sample.max = value;
  }

  /** Mean of the values in the window; NaN when there are none (Java's `Avg`). */
  avg(now = Date.now()): number {
    let count = 0;
    let sum = 0;
    for (const s of this.live(now)) {
      count += s.count;
      sum += s.sum;
    }
    return count === 0 ? Number.NaN : sum / count;
  }

  /** Largest value in the window; NaN when there are none (Java's `Max`). */
  max(now = Date.now()): number {
    let max = Number.NaN;
    for (const s of this.live(now)) if (s.count > 0 && !(s.max <= max)) max = s.max;
    return max;
  }

  /** Sum of the values per second over the window (Java's `Rate`); for events, events per second. */
  rate(now = Date.now()): number {
    return this.perSecond(now, (s) => s.sum);
  }

  /** Values per second over the window (Java's `Rate` of a `WindowedCount`). */
  countRate(now = Date.now()): number {
    return this.perSecond(now, (s) => s.count);
  }

  private perSecond(now: number, of: (s: Sample) => number): number {
    let amount = 0;
    let oldest = now;
    for (const s of this.live(now)) {
      amount += of(s);
      oldest = Math.min(oldest, s.start);
    }
    const elapsed = Math.max(now - Math.max(oldest, this.created), WINDOW_MS * (SAMPLES - 1));
    return (amount * 1000) / elapsed;
  }

  private current(now: number): Sample {
    const last = this.samples.at(-1);
    if (last !== undefined && now - last.start < WINDOW_MS) return last;
    const sample: Sample = { start: now, count: 0, sum: 0, max: Number.NEGATIVE_INFINITY };
    this.samples.push(sample);
    if (this.samples.length > SAMPLES) this.samples.shift();
    return sample;
  }

  private live(now: number): Sample[] {
    return this.samples.filter((s) => now - s.start < WINDOW_MS * SAMPLES);
  }
}
