/**
 * Share groups of the fake (KIP-932), as Kafka's `GroupCoordinatorService` (share members),
 * `SharePartition` (acquired records, locks, delivery counts) and `ShareSessionCache` keep them:
 * every member is assigned every partition of the topics it subscribes to (share groups may share
 * partitions), each record is acquired by one member at a time under a lock, and a record
 * released or whose lock ran out is available again until `shareDeliveryCountLimit` deliveries,
 * then archived. Share sessions are per broker and member, with Kafka's epoch rules.
 */
import type { ClusterBehaviour } from './behaviour.js';

/** Kafka error codes of share groups. */
export const ShareErrors = {
  INVALID_REQUEST: 42,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_RECORD_STATE: 121,
  SHARE_SESSION_NOT_FOUND: 122,
  INVALID_SHARE_SESSION_EPOCH: 123,
} as const;

/** One member of a share group. */
interface ShareMember {
  readonly memberId: string;
  topics: string[];
  /** Assignment last sent, as `topic:partition` keys joined, to send only changes. */
  sent: string | undefined;
}

/** One share group. */
interface ShareGroup {
  epoch: number;
  readonly members: Map<string, ShareMember>;
}

/** One record's state in a share partition. */
interface InFlight {
  state: 'available' | 'acquired' | 'done';
  deliveryCount: number;
  memberId: string;
  timer: NodeJS.Timeout | undefined;
}

/** A range of acquired offsets as ShareFetch answers them. */
export interface AcquiredRange {
  firstOffset: bigint;
  lastOffset: bigint;
  deliveryCount: number;
}

/** A share partition: one group's view of one partition. */
class SharePartition {
  /** First offset never acquired. */
  private cursor = 0;
  private readonly records = new Map<number, InFlight>();

  constructor(private readonly behaviour: ClusterBehaviour) {}

  /** Acquires up to `max` available records of `[logStart, logEnd)` for `memberId`. */
  acquire(memberId: string, logStart: number, logEnd: number, max: number): AcquiredRange[] {
    const got: { offset: number; deliveryCount: number }[] = [];
    const take = (offset: number, r: InFlight) => {
      r.state = 'acquired';
      r.deliveryCount++;
      r.memberId = memberId;
      r.timer = setTimeout(() => this.release(offset, true), this.behaviour.shareRecordLockMs);
      r.timer.unref();
      got.push({ offset, deliveryCount: r.deliveryCount });
    };
    for (const [offset, r] of [...this.records].sort((a, b) => a[0] - b[0])) {
      if (got.length >= max) break;
      if (r.state === 'available' && offset >= logStart) take(offset, r);
    }
    this.cursor = Math.max(this.cursor, logStart);
    while (got.length < max && this.cursor < logEnd) {
      const r: InFlight = { state: 'available', deliveryCount: 0, memberId, timer: undefined };
      this.records.set(this.cursor, r);
      take(this.cursor++, r);
    }
    got.sort((a, b) => a.offset - b.offset);
    const ranges: AcquiredRange[] = [];
    for (const g of got) {
      const last = ranges.at(-1);
      if (
        last !== undefined &&
        Number(last.lastOffset) + 1 === g.offset &&
        last.deliveryCount === g.deliveryCount
      )
        last.lastOffset = BigInt(g.offset);
      else
        ranges.push({
          firstOffset: BigInt(g.offset),
          lastOffset: BigInt(g.offset),
          deliveryCount: g.deliveryCount,
        });
    }
    return ranges;
  }

  /** Applies one acknowledge type (0 gap, 1 accept, 2 release, 3 reject, 4 renew); false when `memberId` does not hold it. */
  acknowledge(memberId: string, offset: number, type: number): boolean {
    const r = this.records.get(offset);
    if (r === undefined || r.state !== 'acquired' || r.memberId !== memberId) return false;
    if (type === 4) {
      clearTimeout(r.timer);
      r.timer = setTimeout(() => this.release(offset, true), this.behaviour.shareRecordLockMs);
      r.timer.unref();
      return true;
    }
    if (type === 2) this.release(offset, false);
    else this.finish(r);
    return true;
  }

  /** Releases everything `memberId` holds (its share session closed). */
  releaseAll(memberId: string): void {
    for (const [offset, r] of this.records)
      if (r.state === 'acquired' && r.memberId === memberId) this.release(offset, false);
  }

  /** Records not done from the start (for tests). */
  get pending(): number {
    let n = 0;
    for (const r of this.records.values()) if (r.state !== 'done') n++;
    return n;
  }

  private release(offset: number, _expired: boolean): void {
    const r = this.records.get(offset);
    if (r === undefined || r.state !== 'acquired') return;
    clearTimeout(r.timer);
    r.timer = undefined;
    if (r.deliveryCount >= this.behaviour.shareDeliveryCountLimit) this.finish(r);
    else r.state = 'available';
  }

  private finish(r: InFlight): void {
    clearTimeout(r.timer);
    r.timer = undefined;
    r.state = 'done';
  }
}

/** A share session: per broker and member, its epoch and partitions. */
export interface ShareSession {
  epoch: number;
  readonly partitions: Map<string, { topic: string; partition: number }>;
}

/** The outcome of resolving a request's session epoch. */
export type SessionResolution = { session: ShareSession } | { errorCode: number };

/** Every share group of the cluster. */
export class ShareGroups {
  private readonly groups = new Map<string, ShareGroup>();
  private readonly partitions = new Map<string, SharePartition>();
  private readonly sessions = new Map<string, ShareSession>();

  constructor(private readonly behaviour: ClusterBehaviour) {}

  /**
   * One ShareGroupHeartbeat: joins (epoch 0), leaves (-1) or beats. Answers the member epoch
   * and, when it changed, the assignment: every partition of its subscribed topics.
   */
  heartbeat(
    groupId: string,
    memberId: string,
    memberEpoch: number,
    topics: string[] | null,
    partitionsOf: (topic: string) => { topicId: string; count: number } | undefined,
  ): {
    errorCode: number;
    memberEpoch: number;
    assignment: { topicPartitions: { topicId: string; partitions: number[] }[] } | null;
  } {
    let group = this.groups.get(groupId);
    if (group === undefined) {
      group = { epoch: 0, members: new Map() };
      this.groups.set(groupId, group);
    }
    if (memberEpoch === -1) {
      if (group.members.delete(memberId)) group.epoch++;
      return { errorCode: 0, memberEpoch: -1, assignment: null };
    }
    let member = group.members.get(memberId);
    if (member === undefined) {
      if (memberEpoch !== 0)
        return { errorCode: ShareErrors.UNKNOWN_MEMBER_ID, memberEpoch: -1, assignment: null };
      member = { memberId, topics: [], sent: undefined };
      group.members.set(memberId, member);
      group.epoch++;
    }
    if (topics !== null && topics.join() !== member.topics.join()) {
      member.topics = [...topics];
      group.epoch++;
    }
    const assigned = member.topics.flatMap((t) => {
      const p = partitionsOf(t);
      return p === undefined
        ? []
        : [{ topicId: p.topicId, partitions: Array.from({ length: p.count }, (_, i) => i) }];
    });
    const key = JSON.stringify(assigned);
    const changed = key !== member.sent || memberEpoch === 0;
    member.sent = key;
    return {
      errorCode: 0,
      memberEpoch: group.epoch,
      assignment: changed ? { topicPartitions: assigned } : null,
    };
  }

  /** Whether `memberId` is in `groupId`. */
  isMember(groupId: string, memberId: string): boolean {
    return this.groups.get(groupId)?.members.has(memberId) ?? false;
  }

  /** Member ids of `groupId` (for tests). */
  members(groupId: string): string[] {
    return [...(this.groups.get(groupId)?.members.keys() ?? [])];
  }

  /** The share partition of `groupId` on `topic`/`partition`. */
  partition(groupId: string, topic: string, partition: number): SharePartition {
    const key = `${groupId}\u0000${topic}\u0000${partition}`;
    let p = this.partitions.get(key);
    if (p === undefined) {
      p = new SharePartition(this.behaviour);
      this.partitions.set(key, p);
    }
    return p;
  }

  /**
   * The session a request at `epoch` uses on broker `nodeId` (ShareFetch opens one with epoch 0;
   * ShareAcknowledge may not), or the error to answer. Epoch -1 closes it afterwards
   * ({@link closeSession}).
   */
  session(
    nodeId: number,
    groupId: string,
    memberId: string,
    epoch: number,
    mayOpen: boolean,
  ): SessionResolution {
    const key = `${nodeId}\u0000${groupId}\u0000${memberId}`;
    if (epoch === 0) {
      if (!mayOpen) return { errorCode: ShareErrors.INVALID_SHARE_SESSION_EPOCH };
      const session: ShareSession = { epoch: 1, partitions: new Map() };
      this.sessions.set(key, session);
      return { session };
    }
    const session = this.sessions.get(key);
    if (session === undefined) return { errorCode: ShareErrors.SHARE_SESSION_NOT_FOUND };
    if (epoch === -1) return { session };
    if (epoch !== session.epoch) return { errorCode: ShareErrors.INVALID_SHARE_SESSION_EPOCH };
    session.epoch = session.epoch >= 2 ** 31 - 1 ? 1 : session.epoch + 1;
    return { session };
  }

  /** Closes a session: the member's records on its partitions are released (KIP-932). */
  closeSession(nodeId: number, groupId: string, memberId: string): void {
    const key = `${nodeId}\u0000${groupId}\u0000${memberId}`;
    const session = this.sessions.get(key);
    this.sessions.delete(key);
    for (const p of session?.partitions.values() ?? [])
      this.partition(groupId, p.topic, p.partition).releaseAll(memberId);
  }

  /** Forgets every session of broker `nodeId` (it restarted), releasing what they held. */
  forgetSessions(nodeId: number): void {
    for (const key of [...this.sessions.keys()]) {
      const [node, groupId, memberId] = key.split('\u0000');
      if (Number(node) === nodeId) this.closeSession(nodeId, groupId!, memberId!);
    }
  }
}
