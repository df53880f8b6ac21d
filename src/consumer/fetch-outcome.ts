/**
 * What one partition of a Fetch response means for the consumer (Java
 * `AbstractFetcher#initializeCompletedFetch` / `handleInitializeErrors`), decided without side
 * effects: the fetch source (`fetch-source.ts`) applies the outcome to the partition's state.
 *
 * - no error: watermarks (and, with a rack, the preferred read replica: KIP-392), then either a
 *   `divergingEpoch` (Fetch v12+: the leader's log differs from ours before the fetch offset,
 *   KIP-320) or the records to decode;
 * - OFFSET_OUT_OF_RANGE: reset per `autoOffsetReset`, or an {@link OffsetOutOfRangeError} under
 *   `none`;
 * - the partition's leader moved or is not known yet (NOT_LEADER_OR_FOLLOWER,
 *   FENCED_LEADER_EPOCH, ...): try again after a metadata refresh, or after the KIP-951
 *   `currentLeader` hint; UNKNOWN_LEADER_EPOCH means the broker is behind us, so only wait;
 * - other retriable errors: try again after a backoff; the rest fail the partition.
 */
import { BrokerError } from '../protocol/broker-error.js';
import type { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type {
  FetchResponseAbortedTransaction,
  FetchResponsePartitionData,
} from '../protocol/messages/fetch.js';
import { OffsetOutOfRangeError } from './errors.js';
import type { ResolvedConsumerOptions } from './options.js';
import type { EpochEndOffset } from './position-validation.js';

/** Partition errors that mean "ask again, maybe elsewhere, after fresh metadata" (Java `AbstractFetcher#handleInitializeErrors`). */
const LEADER_ERRORS: ReadonlySet<number> = new Set([
  errorCodes.NOT_LEADER_OR_FOLLOWER.code,
  errorCodes.REPLICA_NOT_AVAILABLE.code,
  errorCodes.KAFKA_STORAGE_ERROR.code,
  errorCodes.FENCED_LEADER_EPOCH.code,
  errorCodes.OFFSET_NOT_AVAILABLE.code,
  errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
  errorCodes.UNKNOWN_TOPIC_ID.code,
  errorCodes.INCONSISTENT_TOPIC_ID.code,
  errorCodes.LEADER_NOT_AVAILABLE.code,
]);

/** What a successful partition answer says about the log, whatever else it carries. */
export interface FetchedLogState {
  readonly highWatermark: bigint;
  readonly lastStableOffset: bigint;
  readonly logStartOffset: bigint;
  /** The replica to fetch from next (KIP-392), undefined when the consumer has no rack (then it is not asked for). */
  readonly preferredReadReplica: number | undefined;
}

/** What to do with one partition of a Fetch response. */
export type FetchOutcome =
  /** Records to decode (`records` may be empty); `abortedTransactions` is null under `read_uncommitted`. */
  | {
      readonly kind: 'records';
      readonly log: FetchedLogState;
      readonly records: Uint8Array | null;
      readonly abortedTransactions: readonly FetchResponseAbortedTransaction[] | null;
    }
  /** The leader's log diverges from ours: where our last fetched epoch ends there (KIP-320). */
  | { readonly kind: 'diverging'; readonly log: FetchedLogState; readonly end: EpochEndOffset }
  /** The fetch offset is out of the log: reset per `autoOffsetReset`. */
  | { readonly kind: 'reset' }
  /** The leader moved or is unknown: fetch from the leader again after a backoff, with the hint or fresh metadata. */
  | {
      readonly kind: 'leader-moved';
      readonly hint: { readonly leaderId: number; readonly leaderEpoch: number } | undefined;
      readonly refreshMetadata: boolean;
    }
  /** A retriable error: try again after a backoff. */
  | { readonly kind: 'retry'; readonly error: KafeError }
  /** An error to report to the application; the partition stops until a seek. */
  | { readonly kind: 'fail'; readonly error: KafeError };

/** What {@link fetchOutcome} needs to know besides the answer. */
export interface FetchOutcomeContext {
  readonly topic: string;
  readonly partition: number;
  /** The offset the fetch asked for. */
  readonly fetchOffset: bigint;
  readonly options: Pick<ResolvedConsumerOptions, 'autoOffsetReset' | 'clientRack' | 'isolationLevel'>;
}

/** Decides what `pd`, one partition of a Fetch response, means; see the module comment. */
export function fetchOutcome(pd: FetchResponsePartitionData, ctx: FetchOutcomeContext): FetchOutcome {
  const code = pd.errorCode;
  const { options } = ctx;
  if (code === 0) {
    const log: FetchedLogState = {
      highWatermark: pd.highWatermark,
      lastStableOffset: pd.lastStableOffset,
      logStartOffset: pd.logStartOffset,
      preferredReadReplica: options.clientRack === '' ? undefined : pd.preferredReadReplica,
    };
    if (pd.divergingEpoch.epoch >= 0)
      return {
        kind: 'diverging',
        log,
        end: { epoch: pd.divergingEpoch.epoch, endOffset: pd.divergingEpoch.endOffset },
      };
    return {
      kind: 'records',
      log,
      records: pd.records,
      abortedTransactions:
        options.isolationLevel === 'read_committed' ? (pd.abortedTransactions ?? []) : null,
    };
  }
  if (code === errorCodes.OFFSET_OUT_OF_RANGE.code)
    return options.autoOffsetReset === 'none'
      ? { kind: 'fail', error: new OffsetOutOfRangeError(ctx.topic, ctx.partition, ctx.fetchOffset) }
      : { kind: 'reset' };
  const unknownLeaderEpoch = code === errorCodes.UNKNOWN_LEADER_EPOCH.code;
  if (LEADER_ERRORS.has(code) || unknownLeaderEpoch) {
    const { leaderId, leaderEpoch } = pd.currentLeader;
    return {
      kind: 'leader-moved',
      hint: leaderId >= 0 && leaderEpoch >= 0 ? { leaderId, leaderEpoch } : undefined,
      refreshMetadata: !unknownLeaderEpoch,
    };
  }
  const error = new BrokerError(code);
  return error.retriable ? { kind: 'retry', error } : { kind: 'fail', error };
}
