/**
 * `node:diagnostics_channel` channels of the consumer: what each rebalance gave and took (the
 * truncation channel is in `position-validation.ts`), and the tracing channels of its
 * operations (group requests, commits, fetches, handler calls; see `net/tracing.ts`). Published
 * only when someone subscribes.
 */
import diagnostics from 'node:diagnostics_channel';
import type { TopicPartition } from '../cluster/topic-partition.js';
import type { ClientScope } from '../net/client-scope.js';
import { kafeTracingChannel } from '../net/tracing.js';
import type { ConsumerBatch, ConsumerRecord } from './consumer-record.js';

/** Name of the channel rebalances are published on. */
export const rebalanceChannelName = 'kafe:consumer:rebalance';

/**
 * What changed: partitions `assigned`, `revoked` (given back in a rebalance, after their
 * offsets were committed), `lost` (the member was fenced, its session expired or it left for
 * exceeding `maxPollIntervalMs`: nothing could be committed), or the member `fenced` for good
 * (FENCED_INSTANCE_ID: another process has its static id; it stops consuming).
 */
export type RebalanceEvent = 'assigned' | 'revoked' | 'lost' | 'fenced';

/** Published on {@link rebalanceChannelName}. */
export interface RebalanceMessage {
  /** The client of the consumer. */
  client: ClientScope | undefined;
  group: string;
  /** Member id at the time (empty once the coordinator dropped it). */
  memberId: string;
  /** Generation (classic) or member epoch (KIP-848). */
  generationId: number;
  event: RebalanceEvent;
  /** The partitions assigned, revoked or lost (those owned when fenced). */
  partitions: readonly TopicPartition[];
  /** Why the member was fenced (`fenced` only). */
  error: Error | undefined;
}

/** The channel, created once. */
export const rebalanceChannel = diagnostics.channel(rebalanceChannelName);

/**
 * Context of the group tracing channels (`kafe:consumer:join`, `sync`, `heartbeat`, `leave`):
 * one request to the group coordinator, retries included, with the member as it was when the
 * request left. Node sets `result` (the response) or `error`.
 */
export interface GroupTraceContext {
  client: ClientScope | undefined;
  group: string;
  memberId: string;
  /** Generation (classic) or member epoch (KIP-848). */
  generationId: number;
  result?: unknown;
  error?: unknown;
}

/** Context of `kafe:consumer:commit`: one OffsetCommit of a group's offsets, retries included. */
export interface CommitTraceContext {
  client: ClientScope | undefined;
  group: string;
  /** The offsets committed (the next offset to read of each partition). */
  offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: bigint }[];
  error?: unknown;
}

/** Context of `kafe:consumer:fetch`: one Fetch request to one broker, until its answer is applied. */
export interface FetchTraceContext {
  client: ClientScope | undefined;
  /** The broker's node id. */
  nodeId: number;
  /** Partitions in the request. */
  partitions: number;
  error?: unknown;
}

/**
 * Context of `kafe:consumer:process`: one call of a `run()` handler, from the call until its
 * promise settles: `eachMessage` (`record` set) or `eachBatch` (`batch` set). Both are the
 * consumer's own objects: read them, never keep them.
 */
export interface ProcessTraceContext {
  client: ClientScope | undefined;
  /** The group, undefined for a consumer without one. */
  group: string | undefined;
  topic: string;
  partition: number;
  record: ConsumerRecord | undefined;
  batch: ConsumerBatch | undefined;
  error?: unknown;
  /**
   * Set by a subscriber's `start` handler to run the application's handler inside it (kafe/otel
   * makes the `process` span the active OpenTelemetry context there, so spans the handler starts
   * are its children). When several subscribers set it, the last one wins.
   */
  runInContext?: <T>(handler: () => T) => T;
}

/** The consumer's tracing channels, created once (`tracing:kafe:consumer:<name>:start`, ...). */
export const consumerTracing = {
  /** JoinGroup (classic protocol). */
  join: kafeTracingChannel<GroupTraceContext>('consumer:join'),
  /** SyncGroup (classic protocol). */
  sync: kafeTracingChannel<GroupTraceContext>('consumer:sync'),
  /** Heartbeat (classic) or ConsumerGroupHeartbeat (KIP-848). */
  heartbeat: kafeTracingChannel<GroupTraceContext>('consumer:heartbeat'),
  /** LeaveGroup (classic protocol; KIP-848 leaves with a heartbeat). */
  leave: kafeTracingChannel<GroupTraceContext>('consumer:leave'),
  commit: kafeTracingChannel<CommitTraceContext>('consumer:commit'),
  fetch: kafeTracingChannel<FetchTraceContext>('consumer:fetch'),
  process: kafeTracingChannel<ProcessTraceContext>('consumer:process'),
};
