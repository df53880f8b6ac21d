/**
 * Positions for partitions without one (Java `ConsumerCoordinator#refreshCommittedOffsetsIfNeeded`
 * then `OffsetFetcher#resetPositionsIfNeeded`): an `initializing` partition starts at the
 * group's committed offset when there is one; the others (`awaiting-reset`) get one from
 * ListOffsets per `autoOffsetReset` (`earliest`: timestamp -2, `latest`: -1; or where
 * `seekToBeginning` / `seekToEnd` sent them), or a
 * {@link NoOffsetForPartitionError} under `none`.
 *
 * A committed offset that carries a leader epoch is checked against the leader before the
 * first fetch (KIP-320; Java `seekUnvalidated`). Both lookups are one offset lookup in flight
 * for the partition, so it is not planned again between them. A retriable failure backs the
 * partitions off; another fails them.
 *
 * A reset because the fetch position fell out of the log (OFFSET_OUT_OF_RANGE: retention or
 * deleteRecords removed records the consumer had not read yet, or the position was past the
 * end) is never silent: it is counted and published on `kafe:consumer:offset-reset` with both
 * offsets, which the logger turns into a `warn` line (Java logs it too: "Fetch position ... is
 * out of range ..., resetting offset").
 */
import diagnostics from 'node:diagnostics_channel';

import { groupByTopic, topicPartitionKey } from '../cluster/topic-partition.js';
import type { ClientScope } from '../net/client-scope.js';
import { errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import type { CommittedPosition } from './committed-offsets.js';
import { NoOffsetForPartitionError } from './errors.js';
import type { FetchContext } from './fetch-context.js';
import type { OffsetResetPolicy } from './options.js';
import type { PartitionState } from './partition-state.js';

/** Name of the channel out-of-range resets are published on. */
export const offsetResetChannelName = 'kafe:consumer:offset-reset';

/** Published on {@link offsetResetChannelName} for each partition reset after OFFSET_OUT_OF_RANGE. */
export interface OffsetResetMessage {
  /** The client of the consumer. */
  client: ClientScope | undefined;
  topic: string;
  partition: number;
  /** The offset the leader said was out of range. */
  from: bigint;
  /** The position the reset moved to. */
  to: bigint;
  /** Where the reset went (`autoOffsetReset`). */
  policy: Exclude<OffsetResetPolicy, 'none'>;
}

const offsetResetChannel = diagnostics.channel(offsetResetChannelName);

/** Looks up the group's committed offsets of `partitions`, keyed by `topic\0partition`. */
export type CommittedLookup = (
  partitions: readonly { topic: string; partition: number }[],
  signal: AbortSignal,
) => Promise<Map<string, CommittedPosition>>;

/** Gives partitions without a position one; see the module comment. */
export class OffsetReset {
  /**
   * @param committed the group's committed offsets (absent without a group id: every
   *   partition goes straight to the reset policy).
   */
  constructor(
    private readonly ctx: FetchContext,
    private readonly committed: CommittedLookup | undefined,
  ) {}

  /** Looks up positions for `list` (`initializing` or `awaiting-reset`, nothing in flight). */
  async run(list: readonly PartitionState[]): Promise<void> {
    const generations = new Map(list.map((s) => [s, s.generation]));
    const current = (s: PartitionState) => this.ctx.registry.isCurrent(s, generations.get(s) ?? -1);
    for (const s of list) s.begin('offset-lookup');
    try {
      if (this.committed === undefined) {
        for (const s of list) if (s.state.kind === 'initializing') s.noCommittedOffset();
      } else if (!(await this.useCommitted(list, current))) return;
      const toReset = list.filter((s) => s.state.kind === 'awaiting-reset' && current(s));
      if (toReset.length > 0) await this.listOffsets(toReset, current);
    } finally {
      for (const s of list) s.end('offset-lookup');
      this.ctx.schedule();
    }
  }

  /**
   * Moves `initializing` partitions to their committed offsets; those without one await the
   * reset. Returns false when the lookup failed: the partitions awaiting reset then wait for the
   * next round (planned at once when this one ends).
   */
  private async useCommitted(
    list: readonly PartitionState[],
    current: (s: PartitionState) => boolean,
  ): Promise<boolean> {
    const fresh = list.filter((s) => s.state.kind === 'initializing');
    if (fresh.length === 0) return true;
    let offsets: Map<string, CommittedPosition>;
    try {
      offsets = await this.committed!(fresh, this.ctx.signal);
    } catch (error) {
      if (!this.ctx.signal.aborted) this.failOrRetry(fresh, error);
      return false;
    }
    for (const s of fresh) {
      if (!current(s)) continue;
      const committed = offsets.get(topicPartitionKey(s.topic, s.partition));
      if (committed === undefined) {
        s.noCommittedOffset();
        continue;
      }
      s.moveTo(committed.offset, committed.leaderEpoch);
      if (committed.leaderEpoch >= 0) s.awaitValidation();
    }
    return true;
  }

  /** ListOffsets for `list` per the reset policy. */
  private async listOffsets(
    partitions: PartitionState[],
    current: (s: PartitionState) => boolean,
  ): Promise<void> {
    const { cluster, options, signal } = this.ctx;
    // Where each goes: where it was sent (seekToBeginning / seekToEnd), else the policy.
    const target = (s: PartitionState) =>
      (s.state.kind === 'awaiting-reset' ? s.state.to : undefined) ?? options.autoOffsetReset;
    for (const s of partitions)
      if (target(s) === 'none') this.ctx.fail(s, new NoOffsetForPartitionError(s.topic, s.partition));
    const list = partitions.filter((s) => target(s) !== 'none');
    if (list.length === 0) return;
    // ListOffsets timestamps: -2 the earliest offset, -1 the latest.
    const timestampOf = (s: PartitionState) => (target(s) === 'earliest' ? -2n : -1n);
    try {
      const { byLeader, unavailable } = await cluster.groupByLeader(list, { signal });
      for (const s of unavailable) this.retryLater(s);
      const requests = new Map(
        [...byLeader].map(([node, parts]) => [
          node,
          {
            replicaId: -1,
            isolationLevel: options.isolationLevel === 'read_committed' ? 1 : 0,
            topics: groupByTopic(parts).map(([name, ps]) => ({
              name,
              partitions: ps.map((s) => ({
                partitionIndex: s.partition,
                currentLeaderEpoch: cluster.metadata.partition(s.topic, s.partition)?.leaderEpoch ?? -1,
                timestamp: timestampOf(s),
              })),
            })),
          },
        ]),
      );
      this.ctx.stats.offsetLookups++;
      const outcomes = await cluster.sendPerBroker('ListOffsets', requests, {
        signal,
        // v1+: one offset per partition (v0 answers lists of old-style offsets).
        version: (c) => Math.max(1, c.versionFor('ListOffsets')),
      });
      const byKey = new Map(list.map((s) => [topicPartitionKey(s.topic, s.partition), s]));
      for (const o of outcomes) {
        if (o.response === undefined) {
          for (const s of byLeader.get(o.nodeId) ?? []) this.retryLater(s);
          continue;
        }
        for (const t of o.response.topics)
          for (const p of t.partitions) {
            const s = byKey.get(topicPartitionKey(t.name, p.partitionIndex));
            if (s === undefined || !current(s)) continue;
            const error = errorForCode(p.errorCode);
            if (error === undefined) this.moved(s, target(s), p.offset, p.leaderEpoch);
            else if (error.retriable) {
              this.retryLater(s);
              if (error.invalidatesMetadata) this.ctx.refreshMetadata([s.topic]);
            } else this.ctx.fail(s, error);
          }
      }
    } catch (error) {
      if (signal.aborted) return;
      this.failOrRetry(list, error);
    }
  }

  /** Moves `s` to the offset the lookup found; reports it when the old one was out of range. */
  private moved(s: PartitionState, policy: OffsetResetPolicy, offset: bigint, leaderEpoch: number): void {
    const from = s.state.kind === 'awaiting-reset' ? s.state.outOfRange : undefined;
    s.moveTo(offset, leaderEpoch);
    if (from === undefined || policy === 'none') return;
    this.ctx.stats.outOfRangeResets++;
    if (offsetResetChannel.hasSubscribers) {
      const message: OffsetResetMessage = {
        client: this.ctx.cluster.scope,
        topic: s.topic,
        partition: s.partition,
        from,
        to: offset,
        policy,
      };
      offsetResetChannel.publish(message);
    }
  }

  /** After a failed lookup: a retriable error backs `list` off, another fails it. */
  private failOrRetry(list: readonly PartitionState[], error: unknown): void {
    for (const s of list) this.retryLater(s);
    if (!(error instanceof KafeError) || !error.retriable) for (const s of list) this.ctx.fail(s, error);
  }

  private retryLater(s: PartitionState): void {
    s.backOff(Date.now() + this.ctx.options.retryBackoffMs);
  }
}
