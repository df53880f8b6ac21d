/**
 * The group coordinator of a fake cluster: classic and KIP-848 groups by id, and the offsets
 * they commit (what Kafka keeps in `__consumer_offsets`). A group id names one kind of group;
 * the first request decides which.
 */

import type { ClusterBehaviour } from './behaviour.js';
import { ClassicGroup } from './classic-group.js';
import { type AssignableTopic, ConsumerGroup } from './consumer-group.js';

/** One committed offset. */
export interface CommittedOffset {
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

const GROUP_ID_NOT_FOUND = 69;

/** Groups and committed offsets. */
export class GroupCoordinator {
  private readonly classic = new Map<string, ClassicGroup>();
  private readonly consumer = new Map<string, ConsumerGroup>();
  private readonly offsets = new Map<string, Map<string, CommittedOffset>>();
  /** Topics as the KIP-848 assignor sees them; set by the cluster. */
  topics: () => readonly AssignableTopic[] = () => [];

  constructor(
    private readonly behaviour: ClusterBehaviour,
    private readonly signal: AbortSignal,
  ) {}

  /** The classic group `groupId`, created empty on first use. */
  classicGroup(groupId: string): ClassicGroup {
    let g = this.classic.get(groupId);
    if (g === undefined) {
      g = new ClassicGroup(groupId, () => this.behaviour.requireMemberId, this.signal);
      this.classic.set(groupId, g);
    }
    return g;
  }

  /** The KIP-848 group `groupId`, created empty on first use. */
  consumerGroup(groupId: string): ConsumerGroup {
    let g = this.consumer.get(groupId);
    if (g === undefined) {
      g = new ConsumerGroup(
        groupId,
        this.topics,
        {
          sessionTimeoutMs: this.behaviour.consumerSessionTimeoutMs,
          heartbeatIntervalMs: this.behaviour.consumerHeartbeatIntervalMs,
        },
        this.signal,
      );
      this.consumer.set(groupId, g);
    }
    return g;
  }

  /** Whether a group of either kind has been used. */
  knows(groupId: string): boolean {
    return this.classic.has(groupId) || this.consumer.has(groupId) || this.offsets.has(groupId);
  }

  /**
   * Checks an OffsetCommit's member and generation (classic) or member epoch (KIP-848) against
   * the group it names: 0, or the error code to answer.
   */
  commitError(groupId: string, memberId: string, generationIdOrMemberEpoch: number): number {
    const consumer = this.consumer.get(groupId);
    if (consumer !== undefined && consumer.memberIds().length > 0)
      return consumer.commitError(memberId, generationIdOrMemberEpoch);
    const classic = this.classic.get(groupId);
    if (classic !== undefined) return classic.commitError(memberId, generationIdOrMemberEpoch);
    return generationIdOrMemberEpoch < 0 ? 0 : memberId === '' ? 0 : GROUP_ID_NOT_FOUND;
  }

  /** Stores a committed offset. */
  commit(groupId: string, topic: string, partition: number, committed: CommittedOffset): void {
    const group = this.offsets.get(groupId) ?? new Map<string, CommittedOffset>();
    group.set(`${topic}\0${partition}`, committed);
    this.offsets.set(groupId, group);
  }

  /** The committed offset of a partition, if any. */
  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(groupId)?.get(`${topic}\0${partition}`);
  }

  /** Every committed partition of a group, as `[topic, partition]`. */
  committedPartitions(groupId: string): [string, number][] {
    return [...(this.offsets.get(groupId)?.keys() ?? [])].map((k) => {
      const [topic, partition] = k.split('\0') as [string, string];
      return [topic, Number(partition)];
    });
  }

  /** Drops the committed offsets of a deleted topic. */
  forgetTopic(topic: string): void {
    for (const group of this.offsets.values())
      for (const k of [...group.keys()]) if (k.startsWith(`${topic}\0`)) group.delete(k);
  }
}
