/**
 * The group coordinator of a fake cluster: classic and KIP-848 groups by id, and the offsets
 * they commit (what Kafka keeps in `__consumer_offsets`). A group id names one kind of group;
 * the first request decides which. A group that only has committed offsets (an admin's or a
 * manually assigned consumer's commit) is an Empty classic group, as Kafka makes it.
 */

import type { ClusterBehaviour } from './behaviour.js';
import { ClassicGroup } from './classic-group.js';
import { type AssignableTopic, ConsumerGroup } from './consumer-group.js';
import { GroupErrors as E } from './group-errors.js';

/** The kind of a group, as ListGroups v5 names it (KIP-1043). */
export type GroupType = 'classic' | 'consumer';

/** One group as ListGroups shows it. */
export interface ListedGroup {
  readonly groupId: string;
  readonly type: GroupType;
  readonly state: string;
  readonly protocolType: string;
}

/** One committed offset. */
export interface CommittedOffset {
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

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

  /**
   * The kind of `groupId`, or `undefined` when no such group exists: a KIP-848 group once a
   * member joined it; a classic group once a member joined it or an offset was committed.
   */
  kind(groupId: string): GroupType | undefined {
    const consumer = this.consumer.get(groupId);
    if (consumer !== undefined && (consumer.groupEpoch > 0 || consumer.memberIds().length > 0))
      return 'consumer';
    const classic = this.classic.get(groupId);
    if (classic !== undefined && (classic.generationId > 0 || classic.memberIds().length > 0))
      return 'classic';
    return this.offsets.has(groupId) ? 'classic' : undefined;
  }

  /** Every existing group. */
  list(): ListedGroup[] {
    const ids = new Set([...this.classic.keys(), ...this.consumer.keys(), ...this.offsets.keys()]);
    return [...ids].flatMap((groupId): ListedGroup[] => {
      const type = this.kind(groupId);
      if (type === 'consumer')
        return [{ groupId, type, state: this.consumerGroup(groupId).state(), protocolType: 'consumer' }];
      if (type === undefined) return [];
      const g = this.classic.get(groupId);
      return [{ groupId, type, state: g?.state ?? 'Empty', protocolType: g?.protocolType ?? '' }];
    });
  }

  /**
   * Deletes a group and its offsets (Kafka's `GroupCoordinator#deleteGroups`): GROUP_ID_NOT_FOUND
   * for no such group, NON_EMPTY_GROUP while it has members, else 0.
   */
  deleteGroup(groupId: string): number {
    const type = this.kind(groupId);
    if (type === undefined) return E.GROUP_ID_NOT_FOUND;
    const members =
      type === 'consumer'
        ? this.consumerGroup(groupId).memberIds()
        : (this.classic.get(groupId)?.memberIds() ?? []);
    if (members.length > 0) return E.NON_EMPTY_GROUP;
    this.classic.delete(groupId);
    this.consumer.delete(groupId);
    this.offsets.delete(groupId);
    return 0;
  }

  /**
   * Whether OffsetDelete may touch `groupId` (`ClassicGroup#validateOffsetDelete`): 0,
   * GROUP_ID_NOT_FOUND, or NON_EMPTY_GROUP for a classic group with members that does not use the
   * consumer protocol (nothing tells which topics it reads).
   */
  offsetDeleteError(groupId: string): number {
    const type = this.kind(groupId);
    if (type === undefined) return E.GROUP_ID_NOT_FOUND;
    const classic = this.classic.get(groupId);
    if (type === 'classic' && classic !== undefined && classic.memberIds().length > 0)
      return classic.protocolType === 'consumer' ? 0 : E.NON_EMPTY_GROUP;
    return 0;
  }

  /**
   * Deletes one committed offset for OffsetDelete: GROUP_SUBSCRIBED_TO_TOPIC while a member
   * subscribes to the topic, else 0 whether or not an offset was committed (as Kafka answers).
   */
  deleteOffset(groupId: string, topic: string, partition: number): number {
    const subscribed =
      this.kind(groupId) === 'consumer'
        ? this.consumerGroup(groupId).isSubscribedTo(topic)
        : (this.classic.get(groupId)?.isSubscribedTo(topic) ?? false);
    if (subscribed) return E.GROUP_SUBSCRIBED_TO_TOPIC;
    this.offsets.get(groupId)?.delete(`${topic}\0${partition}`);
    return 0;
  }

  /** The classic group `groupId` if it exists (never creates one). */
  existingClassicGroup(groupId: string): ClassicGroup | undefined {
    return this.kind(groupId) === 'classic' ? this.classic.get(groupId) : undefined;
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
    return generationIdOrMemberEpoch < 0 ? 0 : memberId === '' ? 0 : E.GROUP_ID_NOT_FOUND;
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
