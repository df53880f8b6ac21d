/**
 * A classic-protocol group coordinator (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) for a
 * {@link FakeCluster}, one group per id, as Kafka's `GroupCoordinator` behaves in the cases the
 * client must handle: KIP-394's MEMBER_ID_REQUIRED round trip, a join round held until every
 * member rejoined, REBALANCE_IN_PROGRESS to members that must rejoin, UNKNOWN_MEMBER_ID /
 * ILLEGAL_GENERATION to stale members, static members (KIP-345) keyed by instance id. Faults:
 * {@link FakeGroupCoordinator.fault} answers any request with an error code instead (a fencing
 * one, UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION, also drops the member, as it would be); the group
 * is served by whichever broker the cluster's coordinator map names, others answer
 * NOT_COORDINATOR.
 */
import type { FakeCluster, FakeClusterRequest } from './fake-cluster.js';

interface Member {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  protocols: { name: string; metadata: Uint8Array }[];
}

interface Group {
  generation: number;
  /** 'stable', or 'joining' while a join round waits for members, 'syncing' until the leader's SyncGroup. */
  state: 'stable' | 'joining' | 'syncing';
  leader: string;
  protocol: string | null;
  readonly members: Map<string, Member>;
  /** Members that sent JoinGroup this round, with the answer to give them. */
  joined: Map<string, (body: unknown) => void>;
  /** SyncGroups waiting for the leader's assignment. */
  syncs: Map<string, (body: unknown) => void>;
  assignments: Map<string, Uint8Array>;
}

const NOT_COORDINATOR = 16;
const ILLEGAL_GENERATION = 22;
const UNKNOWN_MEMBER_ID = 25;
const REBALANCE_IN_PROGRESS = 27;
const MEMBER_ID_REQUIRED = 79;

/** Group coordinator state and handlers installed on a fake cluster. */
export class FakeGroupCoordinator {
  /** Groups by id. */
  readonly groups = new Map<string, Group>();
  /** Answer this error code instead of serving the request (undefined: serve it). */
  fault: (request: FakeClusterRequest) => number | undefined = () => undefined;
  /** Delay of each answer, ms (decided when the request arrives, as the answer is). */
  delay: (request: FakeClusterRequest) => number = () => 0;
  /** Send MEMBER_ID_REQUIRED to a first JoinGroup without member id (KIP-394, JoinGroup v4+). */
  requireMemberId = true;
  private nextId = 1;
  /** Member ids handed out with MEMBER_ID_REQUIRED, not yet back. */
  private readonly pending = new Set<string>();

  constructor(private readonly cluster: FakeCluster) {
    for (const api of ['JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup'] as const)
      cluster.handle(api, (r) => this.serve(r));
  }

  /** The group, created empty on first use. */
  group(id: string): Group {
    let g = this.groups.get(id);
    if (g === undefined) {
      g = {
        generation: 0,
        state: 'stable',
        leader: '',
        protocol: null,
        members: new Map(),
        joined: new Map(),
        syncs: new Map(),
        assignments: new Map(),
      };
      this.groups.set(id, g);
    }
    return g;
  }

  /** Starts a rebalance as a joining member would: every member must rejoin. */
  rebalance(groupId: string): void {
    const g = this.group(groupId);
    if (g.state === 'stable') {
      g.state = 'joining';
      g.joined = new Map();
    }
  }

  /** Removes a member (as the session timeout would) and rebalances the rest. */
  expire(groupId: string, memberId: string): void {
    const g = this.group(groupId);
    if (!g.members.delete(memberId)) return;
    if (g.members.size > 0) this.rebalance(groupId);
    else g.state = 'stable';
    this.maybeCompleteJoin(g);
  }

  private async serve(r: FakeClusterRequest): Promise<{ body: unknown; delayMs: number }> {
    const delayMs = this.delay(r);
    return { body: await this.answer(r), delayMs };
  }

  private async answer(r: FakeClusterRequest): Promise<unknown> {
    const fault = this.fault(r);
    const groupId: string = r.body.groupId;
    const coordinator = this.cluster.coordinators.get(`0:${groupId}`) ?? 0;
    const error = fault ?? (r.nodeId === coordinator ? undefined : NOT_COORDINATOR);
    const g = this.group(groupId);
    if (error !== undefined) {
      // A fencing answer is only true if the coordinator dropped the member: do so.
      if (error === UNKNOWN_MEMBER_ID || error === ILLEGAL_GENERATION) this.expire(groupId, r.body.memberId);
      return this.errorBody(r, error);
    }
    switch (r.api) {
      case 'JoinGroup':
        return this.join(g, r);
      case 'SyncGroup':
        return this.sync(g, r);
      case 'Heartbeat':
        return { errorCode: this.heartbeat(g, r) };
      default:
        return this.leave(g, r);
    }
  }

  private errorBody(r: FakeClusterRequest, errorCode: number): unknown {
    switch (r.api) {
      case 'JoinGroup':
        return {
          errorCode,
          generationId: -1,
          protocolName: null,
          leader: '',
          memberId: r.body.memberId,
          members: [],
        };
      case 'SyncGroup':
        return { errorCode, assignment: Buffer.alloc(0) };
      case 'LeaveGroup':
        return { errorCode, members: [] };
      default:
        return { errorCode };
    }
  }

  private join(g: Group, r: FakeClusterRequest): unknown | Promise<unknown> {
    let memberId: string = r.body.memberId;
    const instanceId: string | null = r.body.groupInstanceId ?? null;
    if (memberId === '') {
      memberId = `${instanceId ?? 'member'}-${this.nextId++}`;
      if (this.requireMemberId && r.apiVersion >= 4 && instanceId === null) {
        this.pending.add(memberId);
        return this.errorBody({ ...r, body: { ...r.body, memberId } }, MEMBER_ID_REQUIRED);
      }
      // KIP-345: a static member rejoining under a new member id replaces the old one.
      for (const m of g.members.values())
        if (instanceId !== null && m.groupInstanceId === instanceId) g.members.delete(m.memberId);
    } else if (!g.members.has(memberId) && !this.pending.delete(memberId))
      return this.errorBody(r, UNKNOWN_MEMBER_ID);
    g.members.set(memberId, { memberId, groupInstanceId: instanceId, protocols: r.body.protocols });
    this.rebalance(r.body.groupId);
    const answer = new Promise<unknown>((resolve) => g.joined.set(memberId, resolve));
    this.maybeCompleteJoin(g);
    return answer;
  }

  /** Completes the join round once every member has rejoined. */
  private maybeCompleteJoin(g: Group): void {
    if (g.state !== 'joining' || g.joined.size === 0) return;
    if ([...g.members.keys()].some((id) => !g.joined.has(id))) return;
    g.generation++;
    g.state = 'syncing';
    g.assignments = new Map();
    if (!g.members.has(g.leader)) g.leader = g.members.keys().next().value!;
    const leader = g.members.get(g.leader)!;
    g.protocol =
      leader.protocols.find((p) =>
        [...g.members.values()].every((m) => m.protocols.some((q) => q.name === p.name)),
      )?.name ?? null;
    for (const [memberId, resolve] of g.joined)
      resolve({
        errorCode: 0,
        generationId: g.generation,
        protocolType: 'consumer',
        protocolName: g.protocol,
        leader: g.leader,
        memberId,
        members:
          memberId === g.leader
            ? [...g.members.values()].map((m) => ({
                memberId: m.memberId,
                groupInstanceId: m.groupInstanceId,
                metadata: m.protocols.find((p) => p.name === g.protocol)!.metadata,
              }))
            : [],
      });
    g.joined = new Map();
  }

  private sync(g: Group, r: FakeClusterRequest): unknown | Promise<unknown> {
    const memberId: string = r.body.memberId;
    if (!g.members.has(memberId)) return this.errorBody(r, UNKNOWN_MEMBER_ID);
    if (g.state === 'joining') return this.errorBody(r, REBALANCE_IN_PROGRESS);
    if (r.body.generationId !== g.generation) return this.errorBody(r, ILLEGAL_GENERATION);
    const answer = new Promise<unknown>((resolve) => g.syncs.set(memberId, resolve));
    if (memberId === g.leader) {
      for (const a of r.body.assignments as { memberId: string; assignment: Uint8Array }[])
        g.assignments.set(a.memberId, a.assignment);
      g.state = 'stable';
    }
    if (g.state === 'stable')
      for (const [id, resolve] of g.syncs)
        resolve({
          errorCode: 0,
          protocolType: 'consumer',
          protocolName: g.protocol,
          assignment: g.assignments.get(id) ?? Buffer.alloc(0),
        });
    if (g.state === 'stable') g.syncs = new Map();
    return answer;
  }

  private heartbeat(g: Group, r: FakeClusterRequest): number {
    if (!g.members.has(r.body.memberId)) return UNKNOWN_MEMBER_ID;
    if (g.state !== 'stable') return REBALANCE_IN_PROGRESS;
    if (r.body.generationId !== g.generation) return ILLEGAL_GENERATION;
    return 0;
  }

  private leave(g: Group, r: FakeClusterRequest): unknown {
    const ids: string[] =
      r.apiVersion >= 3
        ? (r.body.members as { memberId: string }[]).map((m) => m.memberId)
        : [r.body.memberId];
    for (const id of ids) {
      g.members.delete(id);
      g.joined.delete(id);
    }
    if (g.members.size > 0) this.rebalance(r.body.groupId);
    this.maybeCompleteJoin(g);
    return {
      errorCode: 0,
      members: ids.map((memberId) => ({ memberId, groupInstanceId: null, errorCode: 0 })),
    };
  }
}
