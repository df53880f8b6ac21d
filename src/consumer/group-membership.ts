/**
 * Membership of a consumer group under the classic protocol (Java `AbstractCoordinator` +
 * `ConsumerCoordinator`; eager rebalancing, or incremental with a cooperative assignor, KIP-429):
 * JoinGroup (KIP-394 member id round trip), the leader's assignment with the chosen assignor,
 * SyncGroup, Heartbeat, LeaveGroup.
 *
 * Heartbeats run on their own timer (Java's heartbeat thread): they never wait for the
 * application, so a handler that takes longer than the session timeout does not get the
 * member evicted. What bounds processing is `maxPollIntervalMs` (also sent as the rebalance
 * timeout, as Java does): when the consumer reports no progress for that long, the member
 * leaves the group so its partitions go to others.
 *
 * Static membership (KIP-345): with `groupInstanceId`, the member keeps its identity across
 * restarts; it does not send LeaveGroup on close, so a restart within the session timeout
 * causes no rebalance.
 */
import { type CallTrace, type Cluster, callTrace } from '../cluster/cluster.js';
import { ClientClosedError } from '../cluster/errors.js';
import { raceAbort } from '../cluster/retry.js';
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import { Lifecycle } from '../net/lifecycle.js';
import type { KafeTracingChannel } from '../net/tracing.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import {
  CONSUMER_PROTOCOL_TYPE,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  type TopicPartitions,
} from '../protocol/consumer-protocol.js';
import type { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { Assignor, GroupMember, LastAssignment, PartitionRacks } from './assignors/assignor.js';
import { type FramingAssignor, isFramingAssignor } from './assignors/framing-assignor.js';
import { consumerTracing, type GroupTraceContext } from './diagnostics.js';
import type { ChangeReason, Membership } from './membership.js';

/** Settings of a membership. */
export interface MembershipOptions {
  readonly groupId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly assignors: readonly (Assignor | FramingAssignor)[];
  readonly rackId: string | null;
}

/** What the membership asks of the consumer. */
export interface MembershipHost {
  /** Topics subscribed to. */
  topics(): readonly string[];
  /** Milliseconds since the application last made progress (0 while idle and waiting for records). */
  idleForMs(): number;
}

type RejoinReason = ChangeReason;

const c = errorCodes;
/** The member's identity is gone: partitions are lost, not revoked (no commit possible). */
const FENCED: ReadonlySet<number> = new Set([
  c.UNKNOWN_MEMBER_ID.code,
  c.ILLEGAL_GENERATION.code,
  c.FENCED_INSTANCE_ID.code,
]);

/** Only the coordinator errors are left to `Cluster.send`'s retries; the rest is handled here. */
const coordinatorError = (code: number): KafeError | undefined => {
  const e = errorForCode(code);
  return e?.retriable ? e : undefined;
};

/** One consumer's membership in a classic group. */
export class GroupMembership implements Membership {
  memberId = '';
  generationId = -1;
  protocolName: string | null = null;
  /** Heartbeats and LeaveGroup requests sent (for tests). */
  heartbeats = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped when heartbeats stop: a beat of an older chain does nothing more. */
  private heartbeatChain = 0;
  private rejoin: RejoinReason | undefined;
  private wake: (() => void) | undefined;
  private readonly lifecycle = new Lifecycle({
    component: 'group membership',
    name: undefined,
    closedError: () => new ClientClosedError('group membership'),
  });
  /** Partitions the consumer owns (sent in the subscription for cooperative assignors). */
  private ownedNow: readonly TopicPartition[] = [];
  /** Generation in which `ownedNow` was assigned. */
  private ownedGeneration = -1;
  /** The last assignment received, for assignors whose user data carries it (Java `StickyAssignor`). */
  private lastAssignment: LastAssignment | null = null;
  /** The chosen protocol is cooperative (KIP-429): owned partitions are kept across rebalances. */
  private cooperative = false;
  /** The last assignment took partitions away: rejoin once the consumer has revoked them. */
  private rejoinAfterRevoke = false;
  /**
   * As the leader: the partition count of each topic it assigned (Java
   * `ConsumerCoordinator#assignmentSnapshot`). When a metadata refresh shows another count
   * (partitions added), the leader rejoins so that the new partitions get owners.
   */
  private assignedCounts: ReadonlyMap<string, number> | undefined;
  /**
   * FENCED_INSTANCE_ID (KIP-345): another process runs with this static id. Fatal, as Java's
   * `FencedInstanceIdException`: every later join fails with it instead of fencing the other.
   */
  private fenced: KafeError | undefined;

  /** {@link Membership.fatal}: FENCED_INSTANCE_ID once seen. */
  get fatal(): KafeError | undefined {
    return this.fenced;
  }

  constructor(
    private readonly cluster: Cluster,
    private readonly options: MembershipOptions,
    private readonly host: MembershipHost,
  ) {}

  /** Set when the group rebalances or the member was fenced; cleared by {@link join}. */
  get changeNeeded(): RejoinReason | undefined {
    return this.rejoin;
  }

  /** {@link join}, with the assignment flattened. */
  async nextAssignment(signal: AbortSignal): Promise<TopicPartition[]> {
    const parts = await this.join(signal);
    return parts.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
  }

  /** Eager protocols keep nothing across a rebalance; cooperative ones keep everything until the new assignment says otherwise. */
  keep(owned: readonly TopicPartition[]): TopicPartition[] {
    return this.cooperative ? [...owned] : [];
  }

  /** Records what the consumer owns; after a cooperative revocation, asks for the follow-up rebalance. */
  owned(partitions: readonly TopicPartition[]): void {
    this.ownedNow = [...partitions];
    if (this.rejoinAfterRevoke) {
      this.rejoinAfterRevoke = false;
      this.needRejoin('rebalance');
    }
  }

  /** Resolves when a rejoin is needed (or the membership stops). */
  waitForChange(): Promise<void> {
    if (this.rejoin !== undefined || this.lifecycle.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** Joins (or rejoins) the group and returns this member's assignment; heartbeats start. */
  async join(signal: AbortSignal): Promise<TopicPartitions[]> {
    this.stopHeartbeats();
    if (this.fenced !== undefined) throw this.fenced;
    for (;;) {
      this.rejoin = undefined;
      const protocols = await this.protocols();
      const join = await this.cluster.send(
        'JoinGroup',
        (version) => ({
          groupId: this.options.groupId,
          sessionTimeoutMs: this.options.sessionTimeoutMs,
          ...(version >= 1 ? { rebalanceTimeoutMs: this.options.maxPollIntervalMs } : {}),
          memberId: this.memberId,
          ...(version >= 5 ? { groupInstanceId: this.options.groupInstanceId } : {}),
          protocolType: CONSUMER_PROTOCOL_TYPE,
          protocols,
        }),
        {
          to: { group: this.options.groupId },
          signal,
          // The broker holds JoinGroup until every member joined: up to the rebalance timeout.
          timeoutMs: this.options.maxPollIntervalMs + 30_000,
          errorOf: (r) => coordinatorError(r.errorCode),
          trace: this.trace(consumerTracing.join),
        },
      );
      if (join.errorCode === c.MEMBER_ID_REQUIRED.code) {
        // KIP-394: the broker hands out the member id, to be sent back in a second JoinGroup.
        this.memberId = join.memberId;
        continue;
      }
      if (join.errorCode === c.UNKNOWN_MEMBER_ID.code || join.errorCode === c.ILLEGAL_GENERATION.code) {
        this.memberId = '';
        continue;
      }
      if (join.errorCode === c.REBALANCE_IN_PROGRESS.code) continue;
      if (join.errorCode === c.FENCED_INSTANCE_ID.code) throw this.fence();
      if (join.errorCode !== 0) throw errorForCode(join.errorCode, `JoinGroup ${this.options.groupId}`)!;
      this.memberId = join.memberId;
      this.generationId = join.generationId;
      this.protocolName = join.protocolName;
      this.assignedCounts = undefined;
      const assignments =
        join.leader === join.memberId && !join.skipAssignment
          ? await this.assign(join.protocolName, join.members, signal)
          : [];
      const sync = await this.cluster.send(
        'SyncGroup',
        (version) => ({
          groupId: this.options.groupId,
          generationId: this.generationId,
          memberId: this.memberId,
          ...(version >= 3 ? { groupInstanceId: this.options.groupInstanceId } : {}),
          ...(version >= 5 ? { protocolType: CONSUMER_PROTOCOL_TYPE, protocolName: join.protocolName } : {}),
          assignments,
        }),
        {
          to: { group: this.options.groupId },
          signal,
          errorOf: (r) => coordinatorError(r.errorCode),
          trace: this.trace(consumerTracing.sync),
        },
      );
      if (sync.errorCode === c.REBALANCE_IN_PROGRESS.code) continue;
      if (FENCED.has(sync.errorCode)) {
        if (sync.errorCode === c.FENCED_INSTANCE_ID.code) throw this.fence();
        this.memberId = '';
        continue;
      }
      if (sync.errorCode !== 0) throw errorForCode(sync.errorCode, `SyncGroup ${this.options.groupId}`)!;
      this.startHeartbeats();
      const assigned = decodeAssignment(sync.assignment).partitions;
      this.cooperative = join.protocolName === 'cooperative-sticky';
      this.ownedGeneration = this.generationId;
      this.lastAssignment = { partitions: assigned, generation: this.generationId };
      if (this.cooperative) {
        const next = new Set(assigned.flatMap((t) => t.partitions.map((p) => topicPartitionKey(t.topic, p))));
        // KIP-429: what was taken away is revoked by the consumer, then everyone rejoins so
        // the partitions can go to their new owners.
        this.rejoinAfterRevoke = this.ownedNow.some(
          (p) => !next.has(topicPartitionKey(p.topic, p.partition)),
        );
      }
      return assigned;
    }
  }

  /**
   * Stops heartbeats and, unless static, leaves the group (Java `maybeLeaveGroup`). Every call
   * returns the same promise.
   */
  close(): Promise<void> {
    return this.lifecycle.close(async () => {
      this.stopHeartbeats();
      this.wake?.();
      if (this.memberId === '' || this.options.groupInstanceId !== null) return;
      await this.sendLeave().catch(() => {
        // The session timeout removes the member anyway.
      });
    });
  }

  private async sendLeave(): Promise<void> {
    const memberId = this.memberId;
    this.memberId = '';
    this.generationId = -1;
    await this.cluster.send(
      'LeaveGroup',
      (version) =>
        version >= 3
          ? { groupId: this.options.groupId, members: [{ memberId, groupInstanceId: null }] }
          : { groupId: this.options.groupId, memberId },
      { to: { group: this.options.groupId }, timeoutMs: 5000, trace: this.trace(consumerTracing.leave) },
    );
  }

  /** The protocols this member offers in JoinGroup: each assignor's, with its subscription. */
  private protocols(): Promise<{ name: string; metadata: Uint8Array }[]> {
    const topics = this.host.topics();
    return Promise.all(
      this.options.assignors.map(async (a) => ({
        name: a.name,
        metadata: isFramingAssignor(a)
          ? await a.metadata(topics)
          : encodeSubscription({
              topics,
              userData: a.subscriptionUserData?.(this.lastAssignment) ?? null,
              ownedPartitions: groupOwned(this.ownedNow),
              generationId: this.ownedGeneration,
              rackId: this.options.rackId,
            }),
      })),
    );
  }

  /** The leader's part: decode subscriptions, size topics, run the assignor. */
  private async assign(
    protocol: string | null,
    members: readonly { memberId: string; groupInstanceId: string | null; metadata: Uint8Array }[],
    signal: AbortSignal,
  ) {
    const assignor = this.options.assignors.find((a) => a.name === protocol);
    if (assignor === undefined)
      throw new BrokerError(c.INCONSISTENT_GROUP_PROTOCOL.code, `no assignor named ${protocol}`);
    if (isFramingAssignor(assignor)) return this.assignFramed(assignor, members, signal);
    const group: GroupMember[] = members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      subscription: decodeSubscription(m.metadata),
    }));
    const topics = [...new Set(group.flatMap((m) => m.subscription.topics))];
    await this.cluster.refreshTopics(topics, signal);
    const counts = new Map<string, number>();
    // KIP-881: the racks of every replica (offline ones too, as Java), for rack-aware assignors.
    const racks = new Map<string, string[][]>();
    const brokers = this.cluster.metadata.brokers;
    for (const t of topics) {
      const info = this.cluster.metadata.topic(t);
      if (info === undefined) continue;
      counts.set(t, info.partitions.length);
      racks.set(
        t,
        info.partitions.map((p) => p.replicas.flatMap((id) => brokers.get(id)?.rack ?? [])),
      );
    }
    this.assignedCounts = counts;
    const result = assignor.assign(group, counts, racks satisfies PartitionRacks);
    return group.map((m) => ({
      memberId: m.memberId,
      assignment: encodeAssignment(result.get(m.memberId) ?? []),
    }));
  }

  /**
   * The leader's part with an assignor that frames its own bytes: the metadata of the leader's
   * topics refreshed (the topics it sizes), then its assignments as they are, an empty one for
   * a member it left out. It may take its time: it stops waiting when the membership closes.
   */
  private async assignFramed(
    assignor: FramingAssignor,
    members: readonly { memberId: string; groupInstanceId: string | null; metadata: Uint8Array }[],
    signal: AbortSignal,
  ) {
    const topics = this.host.topics();
    await this.cluster.refreshTopics(topics, signal);
    const assigned = await raceAbort(
      assignor.assign(members, topics, signal),
      signal,
      `assign ${assignor.name}`,
    );
    return members.map((m) => ({
      memberId: m.memberId,
      assignment: assigned.get(m.memberId) ?? encodeAssignment([]),
    }));
  }

  private startHeartbeats(): void {
    this.stopHeartbeats();
    // Heartbeats go on after a REBALANCE_IN_PROGRESS answer, while the revoke callback and the
    // commit run (Java 2.3+): the session stays alive until this member rejoins.
    // A heartbeat in flight when the chain stops (a rejoin began) answers for an old
    // generation: its answer must neither ask for another rejoin nor start a second timer.
    const chain = this.heartbeatChain;
    const beating = () =>
      chain === this.heartbeatChain &&
      !this.lifecycle.isClosed &&
      (this.rejoin === undefined || this.rejoin === 'rebalance');
    const beat = async () => {
      if (!beating()) return;
      // The processing deadline (Java max.poll.interval.ms): a stuck application gives its
      // partitions up instead of holding them forever; it rejoins when it makes progress.
      if (this.host.idleForMs() > this.options.maxPollIntervalMs) {
        await this.sendLeave().catch(() => undefined);
        this.needRejoin('stale');
        return;
      }
      if (this.partitionCountChanged()) {
        this.assignedCounts = undefined;
        this.needRejoin('rebalance');
      }
      try {
        this.heartbeats++;
        const r = await this.cluster.send(
          'Heartbeat',
          (version) => ({
            groupId: this.options.groupId,
            generationId: this.generationId,
            memberId: this.memberId,
            ...(version >= 3 ? { groupInstanceId: this.options.groupInstanceId } : {}),
          }),
          {
            to: { group: this.options.groupId },
            timeoutMs: this.options.heartbeatIntervalMs * 2,
            errorOf: (res) => coordinatorError(res.errorCode),
            trace: this.trace(consumerTracing.heartbeat),
          },
        );
        if (chain !== this.heartbeatChain) return;
        if (r.errorCode === c.REBALANCE_IN_PROGRESS.code) this.needRejoin('rebalance');
        else if (FENCED.has(r.errorCode)) {
          if (r.errorCode === c.FENCED_INSTANCE_ID.code) this.fence();
          else this.memberId = '';
          this.needRejoin('lost');
        }
      } catch {
        // Coordinator unreachable past the deadline: keep trying; the session timeout decides.
      }
      if (beating()) this.timer = setTimeout(beat, this.options.heartbeatIntervalMs);
    };
    this.timer = setTimeout(beat, this.options.heartbeatIntervalMs);
  }

  /** Whether the metadata now gives an assigned topic another partition count than at the assignment. */
  private partitionCountChanged(): boolean {
    for (const [topic, count] of this.assignedCounts ?? []) {
      const now = this.cluster.metadata.topic(topic)?.partitions.length;
      if (now !== undefined && now !== count) return true;
    }
    return false;
  }

  private fence(): KafeError {
    this.fenced ??= errorForCode(
      c.FENCED_INSTANCE_ID.code,
      `group ${this.options.groupId}: ${this.options.groupInstanceId} is fenced`,
    )!;
    return this.fenced;
  }

  /** A group request on `channel`, with the member as it is when the request leaves. */
  private trace(channel: KafeTracingChannel<GroupTraceContext>): CallTrace {
    return callTrace(channel, () => ({
      client: this.cluster.scope,
      group: this.options.groupId,
      memberId: this.memberId,
      generationId: this.generationId,
    }));
  }

  private stopHeartbeats(): void {
    this.heartbeatChain++;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private needRejoin(reason: RejoinReason): void {
    // A fenced or stale member has lost its partitions, whatever was seen before.
    if (this.rejoin === undefined || reason !== 'rebalance') this.rejoin = reason;
    if (reason !== 'rebalance') this.stopHeartbeats();
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

function groupOwned(owned: readonly TopicPartition[]): { topic: string; partitions: number[] }[] {
  const m = new Map<string, number[]>();
  for (const p of owned) {
    const l = m.get(p.topic);
    if (l === undefined) m.set(p.topic, [p.partition]);
    else l.push(p.partition);
  }
  return [...m].map(([topic, partitions]) => ({ topic, partitions }));
}
