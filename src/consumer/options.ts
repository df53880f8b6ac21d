/**
 * Consumer options, their defaults and their validation. Names are the Java consumer's
 * configuration keys in camelCase (`fetch.max.wait.ms` -> `maxWaitMs`, ...); defaults are
 * Java's except where noted.
 */
import { ConfigurationError } from '../cluster/errors.js';

/** Where a partition without a valid position starts (Java `auto.offset.reset`). */
export type OffsetResetPolicy = 'earliest' | 'latest' | 'none';

/** Client-side assignors of the classic protocol, by Java protocol name. */
export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

const ASSIGNOR_NAMES: readonly AssignorName[] = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'];

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
   */
  assignors?: readonly AssignorName[];
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
  readonly assignors: readonly AssignorName[];
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

/** Applies defaults and validates; a bad value is a {@link ConfigurationError} naming the option. */
export function resolveConsumerOptions(options: ConsumerOptions = {}): ResolvedConsumerOptions {
  const reset = options.autoOffsetReset ?? 'latest';
  if (reset !== 'earliest' && reset !== 'latest' && reset !== 'none')
    throw new ConfigurationError(`autoOffsetReset: expected earliest, latest or none, got ${String(reset)}`);
  const isolation = options.isolationLevel ?? 'read_uncommitted';
  if (isolation !== 'read_uncommitted' && isolation !== 'read_committed')
    throw new ConfigurationError(
      `isolationLevel: expected read_uncommitted or read_committed, got ${String(isolation)}`,
    );
  const maxPartitionBytes = int('maxPartitionBytes', options.maxPartitionBytes, 1_048_576, 1);
  if (options.clientRack !== undefined && typeof options.clientRack !== 'string')
    throw new ConfigurationError('clientRack: expected a string');
  const groupId = options.groupId;
  // Java refuses an empty group id for commits (InvalidGroupIdException); refuse it up front.
  if (
    groupId !== undefined &&
    (typeof groupId !== 'string' || groupId.length === 0 || groupId.length > 32767)
  )
    throw new ConfigurationError(`groupId: expected a non-empty string, got ${JSON.stringify(groupId)}`);
  return {
    groupId,
    autoCommit: groupId !== undefined && (options.autoCommit ?? true),
    autoCommitIntervalMs: int('autoCommitIntervalMs', options.autoCommitIntervalMs, 5000, 1),
    groupInstanceId: nonEmpty('groupInstanceId', options.groupInstanceId),
    sessionTimeoutMs: int('sessionTimeoutMs', options.sessionTimeoutMs, 45_000, 1),
    heartbeatIntervalMs: int('heartbeatIntervalMs', options.heartbeatIntervalMs, 3000, 1),
    maxPollIntervalMs: int('maxPollIntervalMs', options.maxPollIntervalMs, 300_000, 1),
    assignors: assignorNames(options.assignors),
    groupProtocol: protocolName(options.groupProtocol),
    serverAssignor: nonEmpty('serverAssignor', options.serverAssignor),
    autoOffsetReset: reset,
    isolationLevel: isolation,
    maxWaitMs: int('maxWaitMs', options.maxWaitMs, 500, 0),
    minBytes: int('minBytes', options.minBytes, 1, 0),
    maxBytes: int('maxBytes', options.maxBytes, 52_428_800, 1),
    maxPartitionBytes,
    prefetchBytesPerPartition: int(
      'prefetchBytesPerPartition',
      options.prefetchBytesPerPartition,
      maxPartitionBytes,
      1,
    ),
    clientRack: options.clientRack ?? '',
    retryBackoffMs: int('retryBackoffMs', options.retryBackoffMs, 100, 0),
    checkCrcs: options.checkCrcs ?? true,
  };
}

function int(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > 0x7fffffff)
    throw new ConfigurationError(
      `${name}: expected an integer from ${min} to 2147483647, got ${String(value)}`,
    );
  return value;
}

function nonEmpty(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length === 0)
    throw new ConfigurationError(`${name}: expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function assignorNames(names: readonly string[] | undefined): readonly AssignorName[] {
  if (names === undefined) return ['cooperative-sticky', 'range'];
  if (!Array.isArray(names) || names.length === 0)
    throw new ConfigurationError(`assignors: expected a non-empty list of ${ASSIGNOR_NAMES.join(', ')}`);
  for (const n of names)
    if (!(ASSIGNOR_NAMES as readonly string[]).includes(n))
      throw new ConfigurationError(
        `assignors: unknown assignor ${JSON.stringify(n)} (known: ${ASSIGNOR_NAMES.join(', ')})`,
      );
  return names as readonly AssignorName[];
}

function protocolName(name: string | undefined): 'classic' | 'consumer' {
  if (name === undefined) return 'classic';
  if (name !== 'classic' && name !== 'consumer')
    throw new ConfigurationError(`groupProtocol: expected classic or consumer, got ${JSON.stringify(name)}`);
  return name;
}
