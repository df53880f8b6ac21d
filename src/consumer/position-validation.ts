/**
 * Log truncation detection (KIP-320; Java `SubscriptionState`'s `AWAIT_VALIDATION` state and
 * `OffsetFetcher#validatePositionsIfNeeded`). After an unclean leader election the new leader's
 * log may end below what the consumer already read, and other records may later be written at
 * the same offsets: a consumer that kept its offset would silently skip them, or read records
 * that are not the ones it thinks. So every offset carries the leader epoch of the record before
 * it, and a position is checked against the leader's log:
 *
 * - when metadata shows a new leader epoch for the partition (or a committed offset with an
 *   epoch becomes the position): OffsetsForLeaderEpoch v3+ (replicaId -1, the consumer form)
 *   asks the leader where the epoch of our last fetched record ends; no fetch for the partition
 *   meanwhile, the other partitions go on;
 * - when a Fetch response (v12+, sent with `lastFetchedEpoch`) carries `divergingEpoch`: the
 *   broker did that lookup itself, no extra round trip.
 *
 * If the epoch ends before the fetch offset, the log diverges there. Records not handed to the
 * application yet are dropped and fetched again. If the divergence is below what was handed
 * out, the log was truncated under the consumer: with `autoOffsetReset` `earliest`/`latest` the
 * position moves back to the divergence point (Java seeks there; the records are read again,
 * never skipped), with `none` the partition fails with a {@link LogTruncationError}. An
 * undefined end offset (the leader no longer knows the epoch) resets per the policy.
 * Each detection is published on the `kafe:consumer:truncation` diagnostics channel.
 */

import diagnostics from 'node:diagnostics_channel';
import { groupByTopic, topicPartitionKey } from '../cluster/topic-partition.js';
import type { ClientScope } from '../net/client-scope.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { LogTruncationError } from './errors.js';
import type { FetchContext } from './fetch-context.js';
import type { PartitionState } from './partition-state.js';

/** First OffsetsForLeaderEpoch version a consumer can send (`replicaId` -1, KIP-320); older brokers are not validated, as in Java. */
export const MIN_OFFSET_FOR_LEADER_EPOCH_VERSION = 3;

/** Failed validation attempts of one position (errors from its leader; waiting for a leader does not count) before the error is reported. */
export const MAX_VALIDATION_ATTEMPTS = 12;

/** Where the leader's log of an epoch ends: OffsetsForLeaderEpoch's answer, or Fetch's `divergingEpoch`. */
export interface EpochEndOffset {
  /** The largest epoch at most the one asked for, -1 when the leader knows none. */
  readonly epoch: number;
  /** Its end offset (exclusive), -1 when undefined. */
  readonly endOffset: bigint;
}

/** Name of the channel truncations are published on. */
export const truncationChannelName = 'kafe:consumer:truncation';

/** Published on {@link truncationChannelName} for each truncation detected. */
export interface TruncationMessage {
  /** The client of the consumer. */
  client: ClientScope | undefined;
  topic: string;
  partition: number;
  /** The offset handed to the application up to (exclusive). */
  offset: bigint;
  /** First diverging offset from the leader; undefined when the leader no longer knows the epoch. */
  endOffset: bigint | undefined;
  /** What the consumer did: moved to `endOffset`, reset per the policy, or failed (`none`). */
  action: 'moved' | 'reset' | 'failed';
}

const truncationChannel = diagnostics.channel(truncationChannelName);

/** Validates positions of the fetcher's partitions; see the module comment. */
export class PositionValidator {
  constructor(private readonly host: FetchContext) {}

  /**
   * Whether `s` (with a position, nothing in flight) must be validated before its next fetch:
   * it awaits validation, or metadata shows a newer leader epoch (`observeLeaderEpoch`).
   */
  needsValidation(s: PartitionState): boolean {
    return s.observeLeaderEpoch(
      this.host.cluster.metadata.partition(s.topic, s.partition)?.leaderEpoch ?? -1,
    );
  }

  /** Sends OffsetsForLeaderEpoch for `list` to their leaders and applies the answers. */
  async validate(list: PartitionState[]): Promise<void> {
    const { cluster, signal } = this.host;
    const generations = new Map(list.map((s) => [s, s.generation]));
    const current = (s: PartitionState) => this.host.registry.isCurrent(s, generations.get(s) ?? -1);
    for (const s of list) s.begin('validation');
    this.host.stats.validations++;
    try {
      const { byLeader, unavailable } = await cluster.groupByLeader(list, { signal });
      for (const s of unavailable) this.awaitLeader(s);
      const requests = new Map(
        [...byLeader].map(([node, parts]) => [
          node,
          {
            replicaId: -1,
            topics: groupByTopic(parts).map(([topic, ps]) => ({
              topic,
              partitions: ps.map((s) => ({
                partition: s.partition,
                currentLeaderEpoch: cluster.metadata.partition(s.topic, s.partition)?.leaderEpoch ?? -1,
                leaderEpoch: s.fetchEpoch,
              })),
            })),
          },
        ]),
      );
      const outcomes = await cluster.sendPerBroker('OffsetForLeaderEpoch', requests, {
        signal,
        version: (c) => {
          const v = c.versionFor('OffsetForLeaderEpoch');
          if (v < MIN_OFFSET_FOR_LEADER_EPOCH_VERSION)
            throw new UnsupportedVersionError(
              'OffsetForLeaderEpoch',
              `OffsetForLeaderEpoch v${v}: too old to validate`,
            );
          return v;
        },
      });
      const byKey = new Map(list.map((s) => [topicPartitionKey(s.topic, s.partition), s]));
      for (const o of outcomes) {
        const parts = byLeader.get(o.nodeId) ?? [];
        if (o.response === undefined) {
          // A broker too old for consumer validation: fetch on unvalidated, as Java does. Else
          // the request failed (the leader went away, ...): wait for a leader, as for an error code.
          for (const s of parts)
            if (!current(s)) continue;
            else if (o.error instanceof UnsupportedVersionError) s.skipValidation();
            else this.awaitLeader(s);
          continue;
        }
        const answered = new Set<PartitionState>();
        for (const t of o.response.topics)
          for (const p of t.partitions) {
            const s = byKey.get(topicPartitionKey(t.topic, p.partition));
            if (s === undefined || !current(s)) continue;
            answered.add(s);
            const error = errorForCode(p.errorCode, `${s.topic}/${s.partition}`);
            if (error === undefined) this.complete(s, { epoch: p.leaderEpoch, endOffset: p.endOffset });
            else if (error.invalidatesMetadata) this.awaitLeader(s);
            else if (error.retriable) this.retry(s, error);
            else this.host.fail(s, error);
          }
        for (const s of parts) if (!answered.has(s) && current(s)) this.retry(s, undefined);
      }
    } catch (error) {
      if (signal.aborted) return;
      for (const s of list) if (current(s)) this.retry(s, error);
    } finally {
      for (const s of list) s.end('validation');
      this.host.schedule();
    }
  }

  /**
   * Applies where the leader's log of our last fetched epoch ends (Java
   * `SubscriptionState#maybeCompleteValidation`), from OffsetsForLeaderEpoch or a Fetch
   * response's `divergingEpoch`.
   */
  complete(s: PartitionState, end: EpochEndOffset): void {
    s.validated();
    const fetchOffset = s.fetchOffset;
    if (fetchOffset === undefined) return;
    const taken = s.takenOffset ?? s.position ?? fetchOffset;
    if (end.endOffset < 0n || end.epoch < 0) {
      this.truncated(s, taken, undefined);
      return;
    }
    // The next fetch names the epoch the leader knows, so a `divergingEpoch` is not answered again.
    s.lowerFetchEpoch(end.epoch);
    if (end.endOffset >= fetchOffset) return;
    if (end.endOffset >= taken) {
      // Only records the application has not seen diverge: fetch them again.
      s.refetchFrom(taken, Math.min(s.takenEpoch, end.epoch));
      return;
    }
    this.truncated(s, taken, end);
  }

  /** The log was truncated below `taken`: move back to the divergence, reset, or fail per the policy. */
  private truncated(s: PartitionState, taken: bigint, end: EpochEndOffset | undefined): void {
    this.host.stats.truncations++;
    const none = this.host.options.autoOffsetReset === 'none';
    const action = none ? 'failed' : end === undefined ? 'reset' : 'moved';
    if (truncationChannel.hasSubscribers) {
      const message: TruncationMessage = {
        client: this.host.cluster.scope,
        topic: s.topic,
        partition: s.partition,
        offset: taken,
        endOffset: end?.endOffset,
        action,
      };
      truncationChannel.publish(message);
    }
    if (none)
      this.host.fail(s, new LogTruncationError(s.topic, s.partition, taken, end?.endOffset, s.takenEpoch));
    else if (end === undefined) s.invalidate();
    else s.moveTo(end.endOffset, end.epoch);
  }

  /**
   * No leader, or it moved (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ...): tried again after
   * a metadata refresh, for as long as it takes, as fetching itself waits for a leader (an
   * unclean election can take a broker restart).
   */
  private awaitLeader(s: PartitionState): void {
    s.backOff(Date.now() + this.host.options.retryBackoffMs);
    this.host.refreshMetadata([s.topic]);
  }

  /** Tries again after a backoff that grows with the attempts; the last attempt's error is reported. */
  private retry(s: PartitionState, error: unknown): void {
    const attempts = s.validationFailed();
    if (attempts >= MAX_VALIDATION_ATTEMPTS || (error instanceof KafeError && !error.retriable)) {
      this.host.fail(
        s,
        error instanceof KafeError
          ? error
          : new KafeError(
              'POSITION_VALIDATION_FAILED',
              `${s.topic}/${s.partition}: its position could not be validated against the leader (KIP-320)`,
              { cause: error },
            ),
      );
      return;
    }
    const factor = Math.min(2 ** (attempts - 1), 10);
    s.backOff(Date.now() + this.host.options.retryBackoffMs * factor);
  }
}
