/**
 * What the parts of the fetcher share (`fetcher.ts` provides it): the per-broker fetch sources
 * (`fetch-source.ts`), offset reset (`offset-reset.ts`) and position validation
 * (`position-validation.ts`) each act on the partitions of the registry
 * (`partition-registry.ts`) and hand back to the fetcher what concerns everyone: errors to
 * report, metadata to refresh, a new round of planning.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { ConsumerMetrics } from './consumer-metrics.js';
import type { ResolvedConsumerOptions } from './options.js';
import type { PartitionRegistry } from './partition-registry.js';
import type { PartitionState } from './partition-state.js';

/** Counters for tests and diagnostics. */
export interface FetcherStats {
  fetches: number;
  fullFetches: number;
  offsetLookups: number;
  /** OffsetsForLeaderEpoch rounds (KIP-320 position validation). */
  validations: number;
  /** Log truncations detected (by validation or a Fetch `divergingEpoch`). */
  truncations: number;
  /** Positions reset after OFFSET_OUT_OF_RANGE (`offset-reset.ts`). */
  outOfRangeResets: number;
}

/** The fetcher, as its parts see it. */
export interface FetchContext {
  readonly cluster: Cluster;
  readonly options: ResolvedConsumerOptions;
  /** Aborted when the fetcher closes: requests in flight are abandoned. */
  readonly signal: AbortSignal;
  readonly stats: FetcherStats;
  /** The consumer's metrics (fetch latency). */
  readonly metrics: ConsumerMetrics;
  /** The assigned partitions. */
  readonly registry: PartitionRegistry;
  /** Reports `error` for `s` to the application once and stops fetching it until a seek. */
  fail(s: PartitionState, error: unknown): void;
  /** One coalesced background metadata refresh for `topics`; their partitions back off meanwhile. */
  refreshMetadata(topics: readonly string[]): void;
  /** Plans fetches and lookups again (coalesced, on the next turn). */
  schedule(): void;
  /** Wakes the application waiting for data or an error. */
  notify(): void;
}
