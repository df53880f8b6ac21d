/**
 * Consumer options, their defaults and their schema (checked when the consumer is made, see
 * `cluster/option-schema.ts`). Names are the Java consumer's
 * configuration keys in camelCase (`fetch.max.wait.ms` -> `maxWaitMs`, ...); defaults are
 * Java's except where noted.
 */
import {
  boolean,
  type CrossOptionRule,
  checkOptions,
  either,
  integer,
  listOf,
  type OptionRule,
  type OptionSchema,
  oneOf,
  string,
} from '../cluster/option-schema.js';
import type { Assignor } from './assignors/assignor.js';
import type { FramingAssignor } from './assignors/framing-assignor.js';

/** Where a partition without a valid position starts (Java `auto.offset.reset`). */
export type OffsetResetPolicy = 'earliest' | 'latest' | 'none';

/** Client-side assignors of the classic protocol, by Java protocol name. */
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

const ASSIGNOR_NAMES: readonly AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];

/** An assignor object: a protocol name and an `assign` function (see {@link Assignor}). */
const assignorObject: OptionRule = {
  expected: 'an assignor { name, assign }',
  accepts: (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Assignor).name === 'string' &&
    (v as Assignor).name.length > 0 &&
    typeof (v as Assignor).assign === 'function',
};

/** Which records a fetch returns (Java `isolation.level`, KIP-98). */
export type IsolationLevel = 'read_uncommitted' | 'read_committed';

/** Options of a consumer. Every field is optional. */
export interface ConsumerOptions {
  /**
   * Consumer group whose committed offsets are the starting positions and where `commit()`
   * stores positions (Java `group.id`). Without it, nothing is committed.
   */
  groupId?: string;
  /** Commit processed positions every `autoCommitIntervalMs` and on close (Java `enable.auto.commit`). Default true with a `groupId`. */
  autoCommit?: boolean;
  /** Auto-commit interval, ms (Java `auto.commit.interval.ms`). Default 5000. */
  autoCommitIntervalMs?: number;
  /** Static membership id (KIP-345, Java `group.instance.id`): no LeaveGroup on close, no rebalance on a quick restart. */
  groupInstanceId?: string;
  /** The member is removed when no heartbeat arrives for this long, ms (Java `session.timeout.ms`). Default 45000. */
  sessionTimeoutMs?: number;
  /** Heartbeat period, ms (Java `heartbeat.interval.ms`). Default 3000. */
  heartbeatIntervalMs?: number;
  /**
   * Processing deadline, ms (Java `max.poll.interval.ms`, also the rebalance timeout): when the
   * application holds a batch or record this long, the member leaves the group and rejoins
   * once it goes on. Default 300000.
   */
  maxPollIntervalMs?: number;
  /**
   * Group protocol (Java `group.protocol`): `classic` (default; JoinGroup/SyncGroup, client-side
   * assignors) or `consumer` (KIP-848, Kafka 4.0+: ConsumerGroupHeartbeat, server-side assignor).
   */
  groupProtocol?: 'classic' | 'consumer';
  /** Server-side assignor under `groupProtocol: 'consumer'` (`uniform`, `range`); the broker's default when absent. */
  serverAssignor?: string;
  /**
   * Assignors offered in JoinGroup, by Java protocol name, preferred first. Default
   * `['cooperative-sticky', 'range']`: incremental rebalances (KIP-429), and a group with Java
   * consumers on their default (`range` first) still agrees on `range`. `sticky` is Java's
   * eager `StickyAssignor`: balanced and sticky, but every partition is revoked at each rebalance.
   * An {@link Assignor} object offers an assignor of your own under its protocol name (eager,
   * as Java's custom `ConsumerPartitionAssignor`s are unless they say otherwise): how another
   * client's assignor (KafkaJS's `RoundRobinAssigner`) joins a group with that client's members.
   * A {@link FramingAssignor} frames its own JoinGroup metadata and SyncGroup assignments and
   * may assign asynchronously (KafkaJS's custom assigners run as one).
   */
  assignors?: readonly (AssignorName | Assignor | FramingAssignor)[];
  /**
   * Where to start when a partition has no position or its position is out of range:
   * `earliest`, `latest` (default, as Java), or `none` (the iterator throws
   * `NoOffsetForPartitionError` / `OffsetOutOfRangeError`).
   */
  autoOffsetReset?: OffsetResetPolicy;
  /** `read_uncommitted` (default) or `read_committed`: aborted records dropped, reads stop at the last stable offset. */
  isolationLevel?: IsolationLevel;
  /** How long the broker may hold a fetch waiting for `minBytes`, ms (Java `fetch.max.wait.ms`). Default 500. */
  maxWaitMs?: number;
  /** Bytes a fetch waits for (Java `fetch.min.bytes`). Default 1. */
  minBytes?: number;
  /** Bytes one fetch response may carry (Java `fetch.max.bytes`). Default 50 MiB. */
  maxBytes?: number;
  /** Bytes per partition in one fetch response (Java `max.partition.fetch.bytes`). Default 1 MiB. */
  maxPartitionBytes?: number;
  /**
   * Prefetch bound per partition, bytes: a partition is fetched again only while less than this
   * is buffered and not yet handed to the application. This is the backpressure: an application
   * that stops reading stops the fetching. Default: `maxPartitionBytes`.
   */
  prefetchBytesPerPartition?: number;
  /**
   * Rack of this consumer (Java `client.rack`): fetch from a replica in the same rack (KIP-392),
   * and, sent in the group subscription, get partitions with a replica in it from the `range`,
   * `sticky` and `cooperative-sticky` assignors (KIP-881).
   */
  clientRack?: string;
  /** Backoff after a failed fetch or offset lookup, ms (Java `retry.backoff.ms`). Default 100. */
  retryBackoffMs?: number;
  /** Verify each batch's CRC (Java `check.crcs`). Default true. */
  checkCrcs?: boolean;
}

/** {@link ConsumerOptions} with every default applied. */
export interface ResolvedConsumerOptions {
  readonly groupId: string | undefined;
  readonly autoCommit: boolean;
  readonly autoCommitIntervalMs: number;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly assignors: readonly (AssignorName | Assignor | FramingAssignor)[];
  readonly groupProtocol: 'classic' | 'consumer';
  readonly serverAssignor: string | null;
  readonly autoOffsetReset: OffsetResetPolicy;
  readonly isolationLevel: IsolationLevel;
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly maxPartitionBytes: number;
  readonly prefetchBytesPerPartition: number;
  readonly clientRack: string;
  readonly retryBackoffMs: number;
  readonly checkCrcs: boolean;
}

/** The schema of {@link ConsumerOptions}. */
export const consumerOptionSchema: OptionSchema<ConsumerOptions> = {
  // Kafka's group ids are STRING fields: at most 32767 bytes.
  groupId: { ...string(), accepts: (v) => typeof v === 'string' && v.length > 0 && v.length <= 32767 },
  autoCommit: boolean,
  autoCommitIntervalMs: integer(1),
  groupInstanceId: string(),
  sessionTimeoutMs: integer(1),
  heartbeatIntervalMs: integer(1),
  maxPollIntervalMs: integer(1),
  groupProtocol: oneOf(['classic', 'consumer']),
  serverAssignor: string(),
  assignors: listOf(either(oneOf(ASSIGNOR_NAMES), assignorObject)),
  autoOffsetReset: oneOf(['earliest', 'latest', 'none']),
  isolationLevel: oneOf(['read_uncommitted', 'read_committed']),
  maxWaitMs: integer(0),
  minBytes: integer(0),
  maxBytes: integer(1),
  maxPartitionBytes: integer(1),
  prefetchBytesPerPartition: integer(1),
  clientRack: string({ empty: true }),
  retryBackoffMs: integer(0),
  checkCrcs: boolean,
};

/** Rules between consumer options, as Java's `ConsumerConfig` and group coordinator check them. */
const consumerCrossRules: readonly CrossOptionRule<ConsumerOptions>[] = [
  {
    // Java: "enable.auto.commit cannot be set to true when default group id (null) is used".
    option: 'autoCommit',
    problem: (o) => (o.autoCommit === true && o.groupId === undefined ? 'needs a groupId' : undefined),
  },
  {
    option: 'groupInstanceId',
    problem: (o) =>
      o.groupInstanceId !== undefined && o.groupId === undefined ? 'needs a groupId' : undefined,
  },
  {
    // Java's docs for heartbeat.interval.ms: "must be set lower than session.timeout.ms".
    option: 'heartbeatIntervalMs',
    problem: (o) =>
      o.heartbeatIntervalMs !== undefined && o.heartbeatIntervalMs >= (o.sessionTimeoutMs ?? 45_000)
        ? `expected less than sessionTimeoutMs (${o.sessionTimeoutMs ?? 45_000}), got ${o.heartbeatIntervalMs}`
        : undefined,
  },
  {
    option: 'sessionTimeoutMs',
    problem: (o) =>
      o.heartbeatIntervalMs === undefined && o.sessionTimeoutMs !== undefined && o.sessionTimeoutMs <= 3000
        ? `expected more than heartbeatIntervalMs (default 3000), got ${o.sessionTimeoutMs}`
        : undefined,
  },
  {
    // Java: group.remote.assignor is a setting of the consumer protocol only (KIP-848).
    option: 'serverAssignor',
    problem: (o) =>
      o.serverAssignor !== undefined && o.groupProtocol !== 'consumer'
        ? "applies to groupProtocol 'consumer' only"
        : undefined,
  },
];

/** Applies defaults after checking (a {@link ConfigurationError} names the bad option). */
export function resolveConsumerOptions(options: ConsumerOptions = {}): ResolvedConsumerOptions {
  checkOptions(options, consumerOptionSchema, consumerCrossRules);
  const groupId = options.groupId;
  const maxPartitionBytes = options.maxPartitionBytes ?? 1_048_576;
  return {
    groupId,
    autoCommit: groupId !== undefined && (options.autoCommit ?? true),
    autoCommitIntervalMs: options.autoCommitIntervalMs ?? 5000,
    groupInstanceId: options.groupInstanceId ?? null,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 45_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3000,
    maxPollIntervalMs: options.maxPollIntervalMs ?? 300_000,
    assignors: options.assignors ?? ['cooperative-sticky', 'range'],
    groupProtocol: options.groupProtocol ?? 'classic',
    serverAssignor: options.serverAssignor ?? null,
    autoOffsetReset: options.autoOffsetReset ?? 'latest',
    isolationLevel: options.isolationLevel ?? 'read_uncommitted',
    maxWaitMs: options.maxWaitMs ?? 500,
    minBytes: options.minBytes ?? 1,
    maxBytes: options.maxBytes ?? 52_428_800,
    maxPartitionBytes,
    prefetchBytesPerPartition: options.prefetchBytesPerPartition ?? maxPartitionBytes,
    clientRack: options.clientRack ?? '',
    retryBackoffMs: options.retryBackoffMs ?? 100,
    checkCrcs: options.checkCrcs ?? true,
  };
}
