/**
 * One classic consumer group (JoinGroup / SyncGroup / Heartbeat / LeaveGroup), the state machine
 * of Kafka's `GroupCoordinator`: Empty -> PreparingRebalance (a join round, held until every
 * member rejoined or the rebalance timeout removed the rest) -> CompletingRebalance (waiting for
 * the leader's SyncGroup) -> Stable. Session timeouts expire members that stop heartbeating;
 * KIP-394 hands out member ids with MEMBER_ID_REQUIRED; KIP-345 static members keep their
 * place under a new member id and fence the old one.
 */
import { randomUUID } from 'node:crypto';
import { decodeSubscription } from '../protocol/consumer-protocol.js';
import { GroupErrors as E } from './group-errors.js';
import { timerDelay } from './timer-bounds.js';

/** A group's state, named as Kafka's `GroupState`. */
export type ClassicGroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

/** What a JoinGroup answer carries. */
export interface JoinAnswer {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  readonly members: { memberId: string; groupInstanceId: string | null; metadata: Uint8Array }[];
}

/** What a SyncGroup answer carries. */
export interface SyncAnswer {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Uint8Array;
}

/** One JoinGroup, as the group needs it. */
export interface JoinRequest {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly protocolType: string;
  readonly protocols: readonly { name: string; metadata: Uint8Array }[];
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  /** Whether the client understands MEMBER_ID_REQUIRED (JoinGroup v4+). */
  readonly memberIdRequired: boolean;
  /** The client id of the request header, shown by DescribeGroups. */
  readonly clientId: string;
}

/** One member as DescribeGroups shows it. */
export interface ClassicMemberView {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** Its protocol metadata for the group's protocol; empty unless the group is Stable. */
  readonly memberMetadata: Uint8Array;
  /** Its assignment; empty unless the group is Stable. */
  readonly memberAssignment: Uint8Array;
}

interface Member {
  memberId: string;
  readonly groupInstanceId: string | null;
  clientId: string;
  protocols: readonly { name: string; metadata: Uint8Array }[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  assignment: Uint8Array;
  join?: (answer: JoinAnswer) => void;
  sync?: (answer: SyncAnswer) => void;
  sessionTimer?: NodeJS.Timeout;
}

const EMPTY = new Uint8Array(0);
/** Kafka shows a member's address as `InetAddress#toString` does; the fake serves loopback only. */
export const CLIENT_HOST = '/127.0.0.1';

/** One classic group of a fake cluster's coordinator. */
export class ClassicGroup {
  state: ClassicGroupState = 'Empty';
  generationId = 0;
  leader = '';
  protocolType: string | null = null;
  protocolName: string | null = null;
  private readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet back. */
  private readonly pending = new Set<string>();
  private rebalanceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly groupId: string,
    private readonly requireMemberId: () => boolean,
    signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.stopTimers(), { once: true });
  }

  /** Member ids of the group. */
  memberIds(): string[] {
    return [...this.members.keys()];
  }

  /** Whether `memberId` is a member. */
  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  /**
   * The members as DescribeGroups shows them: with their metadata and assignment only while the
   * group is Stable (Kafka's `ClassicGroupMember#describe` / `#describeNoMetadata`).
   */
  describeMembers(): ClassicMemberView[] {
    const stable = this.state === 'Stable';
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: CLIENT_HOST,
      memberMetadata: stable ? this.metadataOf(m) : EMPTY,
      memberAssignment: stable ? m.assignment : EMPTY,
    }));
  }

  /**
   * Whether a member subscribes to `topic`, read from the members' consumer-protocol metadata
   * (Kafka's `ClassicGroup#isSubscribedToTopic`, which OffsetDelete asks); a group of another
   * protocol type, or metadata that does not decode, subscribes to nothing known.
   */
  isSubscribedTo(topic: string): boolean {
    if (this.protocolType !== 'consumer') return false;
    return [...this.members.values()].some((m) => {
      try {
        return decodeSubscription(this.metadataOf(m)).topics.includes(topic);
      } catch {
        return false;
      }
    });
  }

  /** Handles a JoinGroup; the answer comes when the join round completes. */
  join(r: JoinRequest): JoinAnswer | Promise<JoinAnswer> {
    if (this.protocolType !== null && this.members.size > 0 && r.protocolType !== this.protocolType)
      return this.joinError(r.memberId, E.INCONSISTENT_GROUP_PROTOCOL);
    let member: Member;
    if (r.memberId === '') {
      const memberId = `${r.groupInstanceId ?? 'member'}-${randomUUID()}`;
      const old = this.staticMember(r.groupInstanceId);
      if (old !== undefined) {
        const immediate = this.replaceStatic(old, memberId, r);
        if (immediate !== undefined) return immediate;
        member = old;
      } else if (r.groupInstanceId === null && r.memberIdRequired && this.requireMemberId()) {
        this.pending.add(memberId);
        return this.joinError(memberId, E.MEMBER_ID_REQUIRED);
      } else member = this.addMember(memberId, r);
    } else {
      const known = this.members.get(r.memberId);
      if (known === undefined) {
        if (this.staticMember(r.groupInstanceId) !== undefined)
          return this.joinError(r.memberId, E.FENCED_INSTANCE_ID);
        if (!this.pending.delete(r.memberId)) return this.joinError(r.memberId, E.UNKNOWN_MEMBER_ID);
        member = this.addMember(r.memberId, r);
      } else {
        member = known;
        const changed = !sameProtocols(member.protocols, r.protocols);
        this.update(member, r);
        // Kafka answers a follower that rejoins unchanged with the current generation.
        const settled = this.state === 'Stable' || this.state === 'CompletingRebalance';
        if (!changed && member.memberId !== this.leader && settled) {
          this.touch(member);
          return this.joinAnswer(member);
        }
      }
    }
    this.touch(member);
    const answer = new Promise<JoinAnswer>((resolve) => {
      (member as Member).join = resolve;
    });
    this.prepareRebalance();
    this.maybeCompleteJoin();
    return answer;
  }

  /** Handles a SyncGroup; followers wait for the leader's assignment. */
  sync(
    memberId: string,
    generationId: number,
    assignments: readonly { memberId: string; assignment: Uint8Array }[],
  ): SyncAnswer | Promise<SyncAnswer> {
    const member = this.members.get(memberId);
    if (member === undefined) return this.syncError(E.UNKNOWN_MEMBER_ID);
    if (generationId !== this.generationId) return this.syncError(E.ILLEGAL_GENERATION);
    if (this.state === 'PreparingRebalance') return this.syncError(E.REBALANCE_IN_PROGRESS);
    this.touch(member);
    if (this.state === 'Stable') return this.syncAnswer(member);
    const answer = new Promise<SyncAnswer>((resolve) => {
      member.sync = resolve;
    });
    if (memberId === this.leader) {
      const given = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of this.members.values()) m.assignment = given.get(m.memberId) ?? EMPTY;
      this.state = 'Stable';
      for (const m of this.members.values()) {
        const resolve = m.sync;
        m.sync = undefined;
        resolve?.(this.syncAnswer(m));
      }
    }
    return answer;
  }

  /** Handles a Heartbeat: its error code. */
  heartbeat(memberId: string, generationId: number, groupInstanceId: string | null): number {
    const member = this.members.get(memberId);
    if (member === undefined)
      return this.staticMember(groupInstanceId) !== undefined ? E.FENCED_INSTANCE_ID : E.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return E.ILLEGAL_GENERATION;
    this.touch(member);
    if (this.state === 'PreparingRebalance') return E.REBALANCE_IN_PROGRESS;
    return 0;
  }

  /** Handles a LeaveGroup for one member: its error code. */
  leave(memberId: string, groupInstanceId: string | null): number {
    const id =
      memberId !== ''
        ? memberId
        : [...this.members.values()].find((m) => m.groupInstanceId === groupInstanceId)?.memberId;
    if (id === undefined || !this.members.has(id)) return E.UNKNOWN_MEMBER_ID;
    this.remove(id);
    return 0;
  }

  /**
   * Checks an OffsetCommit's member and generation (`GroupCoordinator#handleCommitOffsets`):
   * a commit with generation -1 and no member is a simple commit, allowed while the group is empty.
   */
  commitError(memberId: string, generationId: number): number {
    if (generationId < 0 && memberId === '') return this.members.size === 0 ? 0 : E.UNKNOWN_MEMBER_ID;
    // While the leader's assignment is awaited no commit is taken; during PreparingRebalance a
    // member of the current generation still commits (what it does when told to revoke).
    if (this.state === 'CompletingRebalance') return E.REBALANCE_IN_PROGRESS;
    if (!this.members.has(memberId)) return E.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return E.ILLEGAL_GENERATION;
    return 0;
  }

  /** Removes a member, as a session timeout or a fencing answer does, and rebalances the rest. */
  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (member === undefined) return;
    clearTimeout(member.sessionTimer);
    this.members.delete(memberId);
    member.join?.(this.joinErrorBody(memberId, E.UNKNOWN_MEMBER_ID));
    member.sync?.(this.syncError(E.UNKNOWN_MEMBER_ID));
    if (this.members.size === 0) {
      clearTimeout(this.rebalanceTimer);
      this.state = 'Empty';
      this.leader = '';
      // Kafka keeps the protocol type of an emptied group (it still lists as a consumer group).
      this.protocolName = null;
      this.generationId++;
      return;
    }
    this.prepareRebalance();
    this.maybeCompleteJoin();
  }

  /** Starts a rebalance: every member must rejoin within its rebalance timeout. */
  prepareRebalance(): void {
    if (this.state === 'PreparingRebalance') return;
    // Members waiting in SyncGroup learn that the round they synced for is over.
    for (const m of this.members.values()) {
      const resolve = m.sync;
      m.sync = undefined;
      resolve?.(this.syncError(E.REBALANCE_IN_PROGRESS));
    }
    this.state = 'PreparingRebalance';
    const timeout = Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = setTimeout(() => this.completeJoin(), timerDelay(timeout));
    this.rebalanceTimer.unref();
  }

  /**
   * KIP-345: a static member rejoining under a new member id takes its old place; the old id is
   * fenced. A follower with unchanged protocols in a stable group gets the current generation at
   * once (no rebalance: the point of static membership); otherwise the join continues.
   */
  private replaceStatic(old: Member, memberId: string, r: JoinRequest): JoinAnswer | undefined {
    this.members.delete(old.memberId);
    const wasLeader = this.leader === old.memberId;
    old.memberId = memberId;
    this.members.set(memberId, old);
    if (wasLeader) this.leader = memberId;
    const unchanged = sameProtocols(old.protocols, r.protocols);
    this.update(old, r);
    if (this.state !== 'Stable' || !unchanged || wasLeader) return undefined;
    this.touch(old);
    return this.joinAnswer(old);
  }

  private update(member: Member, r: JoinRequest): void {
    member.protocols = r.protocols;
    member.clientId = r.clientId;
    member.sessionTimeoutMs = r.sessionTimeoutMs;
    member.rebalanceTimeoutMs = r.rebalanceTimeoutMs;
  }

  private staticMember(groupInstanceId: string | null): Member | undefined {
    if (groupInstanceId === null) return undefined;
    return [...this.members.values()].find((m) => m.groupInstanceId === groupInstanceId);
  }

  private addMember(memberId: string, r: JoinRequest): Member {
    const member: Member = {
      memberId,
      groupInstanceId: r.groupInstanceId,
      clientId: r.clientId,
      protocols: r.protocols,
      sessionTimeoutMs: r.sessionTimeoutMs,
      rebalanceTimeoutMs: r.rebalanceTimeoutMs,
      assignment: EMPTY,
    };
    this.members.set(memberId, member);
    if (this.members.size === 1) this.protocolType = r.protocolType;
    return member;
  }

  /** Restarts a member's session timer (`completeAndScheduleNextHeartbeatExpiration`). */
  private touch(member: Member): void {
    clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => {
      // A member waiting for its JoinGroup or SyncGroup answer is kept alive (`shouldKeepAlive`).
      if (member.join !== undefined || member.sync !== undefined) this.touch(member);
      else this.remove(member.memberId);
    }, timerDelay(member.sessionTimeoutMs));
    member.sessionTimer.unref();
  }

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    if ([...this.members.values()].every((m) => m.join !== undefined)) this.completeJoin();
  }

  /** Ends the join round: members that did not rejoin are removed, the rest get the new generation. */
  private completeJoin(): void {
    clearTimeout(this.rebalanceTimer);
    if (this.state !== 'PreparingRebalance') return;
    for (const m of [...this.members.values()])
      if (m.join === undefined) {
        clearTimeout(m.sessionTimer);
        this.members.delete(m.memberId);
      }
    this.generationId++;
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.leader = '';
      return;
    }
    this.state = 'CompletingRebalance';
    if (!this.members.has(this.leader)) this.leader = this.members.keys().next().value as string;
    const leader = this.members.get(this.leader) as Member;
    const all = [...this.members.values()];
    this.protocolName =
      leader.protocols.find((p) => all.every((m) => m.protocols.some((q) => q.name === p.name)))?.name ??
      null;
    for (const m of all) {
      const resolve = m.join;
      m.join = undefined;
      this.touch(m);
      resolve?.(this.joinAnswer(m));
    }
  }

  private joinAnswer(member: Member): JoinAnswer {
    return {
      errorCode: 0,
      generationId: this.generationId,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      leader: this.leader,
      memberId: member.memberId,
      members:
        member.memberId === this.leader
          ? [...this.members.values()].map((m) => ({
              memberId: m.memberId,
              groupInstanceId: m.groupInstanceId,
              metadata: this.metadataOf(m),
            }))
          : [],
    };
  }

  private metadataOf(member: Member): Uint8Array {
    return member.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY;
  }

  private joinError(memberId: string, errorCode: number): JoinAnswer {
    return this.joinErrorBody(memberId, errorCode);
  }

  private joinErrorBody(memberId: string, errorCode: number): JoinAnswer {
    return {
      errorCode,
      generationId: -1,
      protocolType: null,
      protocolName: null,
      leader: '',
      memberId,
      members: [],
    };
  }

  private syncAnswer(member: Member): SyncAnswer {
    return {
      errorCode: 0,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      assignment: member.assignment,
    };
  }

  private syncError(errorCode: number): SyncAnswer {
    return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
  }

  private stopTimers(): void {
    clearTimeout(this.rebalanceTimer);
    for (const m of this.members.values()) clearTimeout(m.sessionTimer);
  }
}

function sameProtocols(
  a: readonly { name: string; metadata: Uint8Array }[],
  b: readonly { name: string; metadata: Uint8Array }[],
): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.name === b[i]?.name && Buffer.from(p.metadata).equals(b[i].metadata))
  );
}
