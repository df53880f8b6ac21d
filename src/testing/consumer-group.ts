/**
 * One KIP-848 consumer group (ConsumerGroupHeartbeat), as Kafka's group coordinator runs it:
 * the group epoch is bumped by every change of members or subscriptions (or of the subscribed
 * topics' partitions), a server-side assignor computes the target assignment (here a uniform
 * one: each topic's partitions dealt round-robin over its subscribers in member id order), and
 * each member is reconciled towards its target — partitions it must give up are revoked first
 * and only handed to another member once the owner has acknowledged the revocation.
 */
import { randomBytes } from 'node:crypto';
import { CLIENT_HOST } from './classic-group.js';
import { GroupErrors as E } from './group-errors.js';
import { timerDelay } from './timer-bounds.js';

/** A topic as the assignor sees it. */
export interface AssignableTopic {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: number;
}

/** One ConsumerGroupHeartbeat, as the group needs it. */
export interface ConsumerHeartbeat {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly instanceId: string | null;
  readonly rebalanceTimeoutMs: number;
  /** `null`: unchanged since the last heartbeat. */
  readonly subscribedTopicNames: readonly string[] | null;
  /** The partitions the member owns, `null`: unchanged. */
  readonly ownedTopicPartitions: readonly { topicId: string; partitions: readonly number[] }[] | null;
  /** The client id of the request header, shown by ConsumerGroupDescribe. */
  readonly clientId: string;
  /** `null`: unchanged (or none). */
  readonly rackId: string | null;
}

/** A group's state, named as Kafka's `ConsumerGroup.ConsumerGroupState`. */
export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable';

/** Partitions of one topic, as ConsumerGroupDescribe shows an assignment. */
export interface DescribedTopicPartitions {
  readonly topicId: string;
  readonly topicName: string;
  readonly partitions: number[];
}

/** One member as ConsumerGroupDescribe shows it. */
export interface ConsumerMemberView {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly clientHost: string;
  readonly subscribedTopicNames: string[];
  readonly assignment: { topicPartitions: DescribedTopicPartitions[] };
  readonly targetAssignment: { topicPartitions: DescribedTopicPartitions[] };
}

/** What a ConsumerGroupHeartbeat answer carries. */
export interface ConsumerHeartbeatAnswer {
  readonly errorCode: number;
  readonly memberId: string | null;
  readonly memberEpoch: number;
  readonly heartbeatIntervalMs: number;
  /** `null`: unchanged since the last answer. */
  readonly assignment: { topicPartitions: { topicId: string; partitions: number[] }[] } | null;
}

type Assignment = Map<string, Set<number>>;

interface Member {
  readonly memberId: string;
  readonly instanceId: string | null;
  clientId: string;
  rackId: string | null;
  memberEpoch: number;
  subscribed: readonly string[];
  /** What the member was last told it owns. */
  assigned: Assignment;
  /** Partitions it was told to give up and has not yet acknowledged. */
  revoking: Assignment;
  /** The assignment last sent, to leave an unchanged one out. */
  sent: string | undefined;
  sessionTimer?: NodeJS.Timeout;
}

const LEAVE_EPOCH = -1;
const STATIC_LEAVE_EPOCH = -2;

/** One KIP-848 group of a fake cluster's coordinator. */
export class ConsumerGroup {
  groupEpoch = 0;
  /** The group epoch the target assignment was last computed at. */
  assignmentEpoch = 0;
  private readonly members = new Map<string, Member>();
  private targetSignature = '';
  private target = new Map<string, Assignment>();

  constructor(
    readonly groupId: string,
    private readonly topics: () => readonly AssignableTopic[],
    private readonly config: { sessionTimeoutMs: number; heartbeatIntervalMs: number },
    signal: AbortSignal,
  ) {
    signal.addEventListener(
      'abort',
      () => {
        for (const m of this.members.values()) clearTimeout(m.sessionTimer);
      },
      { once: true },
    );
  }

  /** Member ids of the group. */
  memberIds(): string[] {
    return [...this.members.keys()];
  }

  /** The member's epoch, or `undefined` when it is not a member. */
  memberEpoch(memberId: string): number | undefined {
    return this.members.get(memberId)?.memberEpoch;
  }

  /**
   * The group's state as Kafka derives it: Empty without members, Assigning while the target
   * assignment is older than the group epoch, Reconciling while a member has not reached its
   * target (revocations unacknowledged, partitions still owned by others), else Stable.
   */
  state(): ConsumerGroupState {
    if (this.members.size === 0) return 'Empty';
    if (this.assignmentEpoch < this.groupEpoch) return 'Assigning';
    for (const m of this.members.values()) {
      const target = this.target.get(m.memberId) ?? new Map();
      const reached =
        count(intersect(m.assigned, target)) === count(target) && count(m.assigned) === count(target);
      if (m.revoking.size > 0 || m.memberEpoch !== this.assignmentEpoch || !reached) return 'Reconciling';
    }
    return 'Stable';
  }

  /** Whether a member subscribes to `topic` (OffsetDelete refuses its partitions). */
  isSubscribedTo(topic: string): boolean {
    return [...this.members.values()].some((m) => m.subscribed.includes(topic));
  }

  /** The members as ConsumerGroupDescribe shows them, assignments named by topic id and name. */
  describeMembers(): ConsumerMemberView[] {
    const names = new Map(this.topics().map((t) => [t.topicId, t.name]));
    const view = (a: Assignment) => ({
      topicPartitions: toWire(a).map((t) => ({ ...t, topicName: names.get(t.topicId) ?? '' })),
    });
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      instanceId: m.instanceId,
      rackId: m.rackId,
      memberEpoch: m.memberEpoch,
      clientId: m.clientId,
      clientHost: CLIENT_HOST,
      subscribedTopicNames: [...m.subscribed],
      assignment: view(m.assigned),
      targetAssignment: view(this.target.get(m.memberId) ?? new Map()),
    }));
  }

  /** Handles one heartbeat. */
  heartbeat(h: ConsumerHeartbeat): ConsumerHeartbeatAnswer {
    if (h.memberEpoch === LEAVE_EPOCH || h.memberEpoch === STATIC_LEAVE_EPOCH) {
      this.remove(h.memberId);
      return this.answer(h.memberId, h.memberEpoch, null);
    }
    let member = this.members.get(h.memberId);
    if (h.memberEpoch === 0) {
      const old =
        h.instanceId === null
          ? undefined
          : [...this.members.values()].find((m) => m.instanceId === h.instanceId);
      if (old !== undefined && old.memberId !== h.memberId) this.remove(old.memberId);
      if (member === undefined) {
        member = this.join(h);
      } else {
        // A member rejoining at epoch 0 starts over (it lost its assignment).
        member.assigned = new Map();
        member.sent = undefined;
      }
    } else if (member === undefined) {
      return this.error(E.UNKNOWN_MEMBER_ID, h);
    } else if (h.memberEpoch !== member.memberEpoch) {
      return this.error(E.FENCED_MEMBER_EPOCH, h);
    }
    if (h.subscribedTopicNames !== null && !sameNames(member.subscribed, h.subscribedTopicNames)) {
      member.subscribed = [...h.subscribedTopicNames];
      this.groupEpoch++;
    }
    member.clientId = h.clientId;
    if (h.rackId !== null) member.rackId = h.rackId;
    if (h.ownedTopicPartitions !== null) this.acknowledge(member, h.ownedTopicPartitions);
    this.touch(member);
    this.reconcile(member);
    const wire = toWire(member.assigned);
    const key = JSON.stringify(wire);
    const changed = key !== member.sent;
    member.sent = key;
    return this.answer(member.memberId, member.memberEpoch, changed ? { topicPartitions: wire } : null);
  }

  /** Checks an OffsetCommit's member and epoch (KIP-848: STALE_MEMBER_EPOCH for an old epoch). */
  commitError(memberId: string, memberEpoch: number): number {
    if (memberEpoch < 0 && memberId === '') return this.members.size === 0 ? 0 : E.UNKNOWN_MEMBER_ID;
    const member = this.members.get(memberId);
    if (member === undefined) return E.UNKNOWN_MEMBER_ID;
    if (memberEpoch > member.memberEpoch) return E.FENCED_MEMBER_EPOCH;
    if (memberEpoch < member.memberEpoch) return E.STALE_MEMBER_EPOCH;
    return 0;
  }

  /**
   * Handles a LeaveGroup for one member (Kafka 4.x lets an admin remove KIP-848 members this
   * way, `GroupMetadataManager#consumerGroupLeave`): found by instance id when given, else by
   * member id; its error code.
   */
  leave(memberId: string, instanceId: string | null): number {
    const member =
      instanceId === null
        ? this.members.get(memberId)
        : [...this.members.values()].find((m) => m.instanceId === instanceId);
    if (member === undefined) return E.UNKNOWN_MEMBER_ID;
    if (memberId !== '' && member.memberId !== memberId) return E.FENCED_INSTANCE_ID;
    this.remove(member.memberId);
    return 0;
  }

  /** Removes a member (a leave, a session timeout, a fencing answer); the group epoch moves on. */
  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (member === undefined) return;
    clearTimeout(member.sessionTimer);
    this.members.delete(memberId);
    this.groupEpoch++;
  }

  private join(h: ConsumerHeartbeat): Member {
    // Version 0 lets the coordinator choose the member id; version 1 clients send their own.
    const memberId = h.memberId === '' ? randomBytes(16).toString('base64url') : h.memberId;
    const member: Member = {
      memberId,
      instanceId: h.instanceId,
      clientId: h.clientId,
      rackId: h.rackId,
      memberEpoch: 0,
      subscribed: h.subscribedTopicNames ?? [],
      assigned: new Map(),
      revoking: new Map(),
      sent: undefined,
    };
    this.members.set(memberId, member);
    this.groupEpoch++;
    return member;
  }

  /** A member's owned list without a partition it was revoking acknowledges the revocation. */
  private acknowledge(
    member: Member,
    owned: readonly { topicId: string; partitions: readonly number[] }[],
  ): void {
    const ownedKeys = new Set(owned.flatMap((t) => t.partitions.map((p) => `${t.topicId}:${p}`)));
    for (const [topicId, parts] of member.revoking) {
      for (const p of parts) if (!ownedKeys.has(`${topicId}:${p}`)) parts.delete(p);
      if (parts.size === 0) member.revoking.delete(topicId);
    }
  }

  /**
   * Moves a member towards its target: first revoke what it must give up (its epoch stays until
   * it acknowledges), then give it what is free (not owned or being revoked by another member)
   * at the group epoch.
   */
  private reconcile(member: Member): void {
    this.computeTarget();
    const target = this.target.get(member.memberId) ?? new Map();
    const keep = intersect(member.assigned, target);
    if (count(keep) < count(member.assigned)) {
      for (const [topicId, parts] of member.assigned)
        for (const p of parts) if (!target.get(topicId)?.has(p)) add(member.revoking, topicId, p);
      member.assigned = keep;
      return;
    }
    if (member.revoking.size > 0) return;
    const taken = new Set<string>();
    for (const other of this.members.values()) {
      if (other === member) continue;
      for (const a of [other.assigned, other.revoking])
        for (const [topicId, parts] of a) for (const p of parts) taken.add(`${topicId}:${p}`);
    }
    for (const [topicId, parts] of target)
      for (const p of parts) if (!taken.has(`${topicId}:${p}`)) add(keep, topicId, p);
    member.assigned = keep;
    member.memberEpoch = this.groupEpoch;
  }

  /** The uniform assignor, rerun when members, subscriptions or partition counts change. */
  private computeTarget(): void {
    const topics = this.topics();
    const ids = [...this.members.keys()].sort();
    const signature = JSON.stringify([ids.map((id) => [id, this.members.get(id)?.subscribed]), topics]);
    if (signature === this.targetSignature) return;
    if (this.targetSignature !== '') this.groupEpoch++;
    this.targetSignature = signature;
    const target = new Map<string, Assignment>(ids.map((id) => [id, new Map()]));
    let turn = 0;
    for (const topic of [...topics].sort((a, b) => a.name.localeCompare(b.name))) {
      const subscribers = ids.filter((id) => this.members.get(id)?.subscribed.includes(topic.name));
      if (subscribers.length === 0) continue;
      for (let p = 0; p < topic.partitions; p++) {
        const id = subscribers[turn++ % subscribers.length] as string;
        add(target.get(id) as Assignment, topic.topicId, p);
      }
    }
    this.target = target;
    this.assignmentEpoch = this.groupEpoch;
  }

  private touch(member: Member): void {
    clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(
      () => this.remove(member.memberId),
      timerDelay(this.config.sessionTimeoutMs),
    );
    member.sessionTimer.unref();
  }

  private answer(
    memberId: string | null,
    memberEpoch: number,
    assignment: ConsumerHeartbeatAnswer['assignment'],
  ): ConsumerHeartbeatAnswer {
    return {
      errorCode: 0,
      memberId,
      memberEpoch,
      heartbeatIntervalMs: this.config.heartbeatIntervalMs,
      assignment,
    };
  }

  private error(errorCode: number, h: ConsumerHeartbeat): ConsumerHeartbeatAnswer {
    return { errorCode, memberId: h.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null };
  }
}

function add(a: Assignment, topicId: string, partition: number): void {
  const parts = a.get(topicId) ?? new Set<number>();
  parts.add(partition);
  a.set(topicId, parts);
}

function intersect(a: Assignment, b: Assignment): Assignment {
  const out: Assignment = new Map();
  for (const [topicId, parts] of a) for (const p of parts) if (b.get(topicId)?.has(p)) add(out, topicId, p);
  return out;
}

function count(a: Assignment): number {
  let n = 0;
  for (const parts of a.values()) n += parts.size;
  return n;
}

function toWire(a: Assignment): { topicId: string; partitions: number[] }[] {
  return [...a]
    .sort((x, y) => x[0].localeCompare(y[0]))
    .map(([topicId, parts]) => ({ topicId, partitions: [...parts].sort((x, y) => x - y) }));
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((n, i) => n === [...b].sort()[i]);
}
