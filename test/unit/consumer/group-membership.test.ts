import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import type { TopicPartition } from '../../../src/cluster/topic-partition.js';
import { rangeAssignor } from '../../../src/consumer/assignors/range.js';
import { decodeStickyUserData, stickyAssignor } from '../../../src/consumer/assignors/sticky.js';
import { Consumer } from '../../../src/consumer/consumer.js';
import { GroupMembership, type MembershipOptions } from '../../../src/consumer/group-membership.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { decodeSubscription } from '../../../src/protocol/consumer-protocol.js';
import type { ApiName } from '../../../src/protocol/messages/index.js';
import { FakeKafka, type FaultHandle } from '../../../src/testing/index.js';
import { appendValues, clusterOf } from '../../support/fake-kafka-client.js';
import { until } from '../../support/until.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = (parts: readonly TopicPartition[]) => parts.map((p) => `${p.topic}/${p.partition}`).sort();
const ALL = ['t/0', 't/1', 't/2', 't/3'];
const HEARTBEAT_MS = 20;

/** Answers `code` to the next `times` requests of `api` of `groupId` (a fencing code also drops the member). */
function failing(fake: FakeKafka, groupId: string, api: ApiName, code: number, times = 1): FaultHandle {
  return fake.failNext(api, { errorCode: code, count: times, when: (r) => r.body.groupId === groupId });
}

describe('GroupMembership (classic protocol) against a fake coordinator', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  let group: string;
  let n = 0;
  const live: { close(): Promise<void> }[] = [];

  before(async () => {
    // Racks for the KIP-881 test; members without a rack id do not care.
    fake = await FakeKafka.start({ brokers: 2, racks: ['r0', 'r1'], topics: [{ name: 't', partitions: 4 }] });
    cluster = clusterOf(fake);
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });
  beforeEach(() => {
    group = `g${n++}`;
    // Node 0 coordinates every group, so that a test can move it.
    fake.moveCoordinator(group, 0);
    fake.clearFaults();
  });
  afterEach(async () => {
    await Promise.all(live.splice(0).map((m) => m.close()));
  });

  const member = (options: Partial<MembershipOptions> = {}) => {
    const m = new GroupMembership(
      cluster,
      {
        groupId: group,
        groupInstanceId: null,
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: HEARTBEAT_MS,
        maxPollIntervalMs: 60_000,
        assignors: [rangeAssignor],
        rackId: null,
        ...options,
      },
      { topics: () => ['t'], idleForMs: () => 0 },
    );
    live.push(m);
    return m;
  };
  const requestsOf = (api: 'JoinGroup' | 'Heartbeat' | 'SyncGroup' | 'FindCoordinator') =>
    fake.requests(api).filter((r) => api === 'FindCoordinator' || r.body.groupId === group);
  const failNext = (api: ApiName, code: number, times = 1) => failing(fake, group, api, code, times);

  it('KIP-394: a first JoinGroup answered MEMBER_ID_REQUIRED is sent again with the member id given', async () => {
    const m = member();
    const parts = await m.nextAssignment(AbortSignal.timeout(10_000));
    assert.deepEqual(names(parts), ALL);
    const joins = requestsOf('JoinGroup');
    assert.equal(joins.length, 2);
    assert.equal(joins[0]!.body.memberId, '');
    assert.notEqual(joins[1]!.body.memberId, '');
    assert.equal(m.memberId, joins[1]!.body.memberId);
    assert.equal(m.generationId, 1);
  });

  it('REBALANCE_IN_PROGRESS on a heartbeat: a rebalance is needed, heartbeats go on, the rejoin keeps the member id', async () => {
    const m = member();
    await m.nextAssignment(AbortSignal.timeout(10_000));
    const id = m.memberId;
    fake.rebalance(group);
    await m.waitForChange();
    assert.equal(m.changeNeeded, 'rebalance');
    // Java 2.3+: the session is kept alive while the consumer revokes and commits.
    const beats = requestsOf('Heartbeat').length;
    await until('heartbeats after REBALANCE_IN_PROGRESS', () => requestsOf('Heartbeat').length >= beats + 2);
    const parts = await m.nextAssignment(AbortSignal.timeout(10_000));
    assert.deepEqual(names(parts), ALL);
    assert.equal(m.memberId, id);
    assert.equal(m.generationId, 2);
    assert.equal(m.changeNeeded, undefined);
  });

  it('a heartbeat answered REBALANCE_IN_PROGRESS after the rejoin began does not ask for another rejoin', async () => {
    const m = member();
    await m.nextAssignment(AbortSignal.timeout(10_000));
    // Heartbeats answered late: one is still in flight when the rejoin starts (and the
    // JoinGroup queues behind it on the connection), its answer about the old generation.
    const late = fake.delayResponses('Heartbeat', 30, { count: Number.POSITIVE_INFINITY });
    fake.rebalance(group);
    await m.waitForChange();
    const beats = requestsOf('Heartbeat').length;
    await until('a heartbeat in flight', () => requestsOf('Heartbeat').length > beats);
    await m.nextAssignment(AbortSignal.timeout(10_000));
    late.remove();
    assert.equal(m.changeNeeded, undefined, 'a stale answer asked for a rejoin');
  });

  for (const [name, code] of [
    ['UNKNOWN_MEMBER_ID', 25],
    ['ILLEGAL_GENERATION', 22],
  ] as const)
    it(`${name} on a heartbeat: the partitions are lost, heartbeats stop, the member rejoins`, async () => {
      const m = member();
      await m.nextAssignment(AbortSignal.timeout(10_000));
      failNext('Heartbeat', code);
      await m.waitForChange();
      assert.equal(m.changeNeeded, 'lost');
      const beats = requestsOf('Heartbeat').length;
      await sleep(HEARTBEAT_MS * 5);
      assert.equal(requestsOf('Heartbeat').length, beats, 'a fenced member went on heartbeating');
      const parts = await m.nextAssignment(AbortSignal.timeout(10_000));
      assert.deepEqual(names(parts), ALL);
      assert.equal(m.changeNeeded, undefined);
      assert.ok(m.generationId >= 2);
    });

  it('UNKNOWN_MEMBER_ID from SyncGroup: joins again from scratch', async () => {
    failNext('SyncGroup', 25);
    const m = member();
    const parts = await m.nextAssignment(AbortSignal.timeout(10_000));
    assert.deepEqual(names(parts), ALL);
    const joins = requestsOf('JoinGroup');
    assert.equal(
      joins.at(-2)!.body.memberId,
      '',
      'the rejoin kept a member id the coordinator does not know',
    );
  });

  it('FENCED_INSTANCE_ID (KIP-345) is fatal and typed: no further JoinGroup', async () => {
    const m = member({ groupInstanceId: 'static-1' });
    await m.nextAssignment(AbortSignal.timeout(10_000));
    failNext('Heartbeat', 82);
    await m.waitForChange();
    assert.equal(m.changeNeeded, 'lost');
    failNext('JoinGroup', 82, Number.POSITIVE_INFINITY);
    const fenced = (e: unknown) =>
      e instanceof BrokerError && e.code === 'FENCED_INSTANCE_ID' && !e.retriable;
    await assert.rejects(m.nextAssignment(AbortSignal.timeout(10_000)), fenced);
    const joins = requestsOf('JoinGroup').length;
    await assert.rejects(m.nextAssignment(AbortSignal.timeout(10_000)), fenced);
    assert.equal(requestsOf('JoinGroup').length, joins, 'a fenced static member joined again');
  });

  it('NOT_COORDINATOR: the coordinator is looked up again and heartbeats go to the new one', async () => {
    const m = member();
    await m.nextAssignment(AbortSignal.timeout(10_000));
    const finds = requestsOf('FindCoordinator').length;
    fake.moveCoordinator(group, 1);
    await until('a heartbeat served by node 1', () => requestsOf('Heartbeat').some((r) => r.nodeId === 1));
    assert.ok(requestsOf('FindCoordinator').length > finds);
    assert.equal(m.changeNeeded, undefined, 'a moved coordinator is no reason to rebalance');
    fake.moveCoordinator(group, 0);
  });

  it('COORDINATOR_NOT_AVAILABLE on JoinGroup: the coordinator is looked up again and the join goes through', async () => {
    failNext('JoinGroup', 15, 2);
    const finds = requestsOf('FindCoordinator').length;
    const m = member();
    const parts = await m.nextAssignment(AbortSignal.timeout(10_000));
    assert.deepEqual(names(parts), ALL);
    assert.ok(requestsOf('FindCoordinator').length >= finds + 2);
  });

  it('sticky: after its first assignment, a member sends it in Java StickyAssignor user data', async () => {
    const m = member({ assignors: [stickyAssignor] });
    await m.nextAssignment(AbortSignal.timeout(10_000));
    assert.equal(
      decodeSubscription(requestsOf('JoinGroup').at(-1)!.body.protocols[0].metadata).userData,
      null,
    );
    fake.rebalance(group);
    await m.waitForChange();
    await m.nextAssignment(AbortSignal.timeout(10_000));
    const sent = decodeSubscription(requestsOf('JoinGroup').at(-1)!.body.protocols[0].metadata);
    assert.deepEqual(decodeStickyUserData(sent.userData), {
      partitions: [{ topic: 't', partitions: [0, 1, 2, 3] }],
      generation: 1,
    });
    assert.deepEqual(sent.ownedPartitions, [], 'eager: nothing is owned while joining');
  });

  it('KIP-881: members send their rack; the leader gives each the partitions with a replica in its rack', async () => {
    // Brokers in racks r0 and r1; partition p of 'racked' has its one replica on broker p % 2.
    const topic = fake.createTopic({ name: 'racked', partitions: 4 });
    topic.partitions.forEach((p, i) => {
      p.leader = i % 2;
      p.replicas = [i % 2];
      p.isr = [i % 2];
    });
    // One client per member, as each consumer has: a held JoinGroup must not hold up the other's.
    const clients = [clusterOf(fake), clusterOf(fake)];
    const racked = (rackId: string, client: Cluster) =>
      new GroupMembership(
        client,
        {
          groupId: group,
          groupInstanceId: null,
          sessionTimeoutMs: 10_000,
          heartbeatIntervalMs: HEARTBEAT_MS,
          maxPollIntervalMs: 60_000,
          assignors: [rangeAssignor],
          rackId,
        },
        { topics: () => ['racked'], idleForMs: () => 0 },
      );
    const a = racked('r0', clients[0]!);
    const b = racked('r1', clients[1]!);
    await a.nextAssignment(AbortSignal.timeout(10_000));
    const bJoined = b.nextAssignment(AbortSignal.timeout(10_000));
    await a.waitForChange();
    const [fromA, fromB] = await Promise.all([a.nextAssignment(AbortSignal.timeout(10_000)), bJoined]);
    assert.deepEqual(names(fromA), ['racked/0', 'racked/2']);
    assert.deepEqual(names(fromB), ['racked/1', 'racked/3']);
    const sent = requestsOf('JoinGroup').map((r) => decodeSubscription(r.body.protocols[0].metadata).rackId);
    assert.ok(sent.includes('r0') && sent.includes('r1'), `racks sent: ${sent}`);
    await Promise.all([a.close(), b.close()]);
    await Promise.all(clients.map((c) => c.close()));
  });
});

describe('Consumer group events against a fake coordinator', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  before(async () => {
    fake = await FakeKafka.start({ topics: [{ name: 't', partitions: 4 }] });
    for (let p = 0; p < 4; p++) appendValues(fake, 't', p, [`${p}-a`, `${p}-b`]);
  });
  after(() => fake.close());

  const consumer = (groupId: string, extra: { groupInstanceId?: string } = {}) =>
    new Consumer(
      clusterOf(fake),
      {
        groupId,
        ...extra,
        assignors: ['range'],
        autoOffsetReset: 'earliest',
        heartbeatIntervalMs: HEARTBEAT_MS,
        maxWaitMs: 20,
        retryBackoffMs: 5,
      },
      { ownsCluster: true },
    );

  it('onJoined gives the whole assignment after every rebalance, an empty one too', async () => {
    // Five members of a group reading a topic of four partitions: one of them gets nothing.
    const members = [0, 1, 2, 3, 4].map(() => consumer('joined-group'));
    const joins: string[][][] = members.map(() => []);
    members.forEach((c, i) => {
      c.subscribe(['t'], { onJoined: (assignment) => void joins[i]!.push(names(assignment)) });
      void c.run({ eachMessage: () => undefined }).catch(() => undefined);
    });
    await until('every member took the same generation', () => {
      const last = members.map((c) => c.groupMember.generationId);
      return joins.every((j) => j.length > 0) && last.every((g) => g === last[0]);
    });
    await until('one partition or none each, every partition once', () => {
      const latest = joins.map((j) => j.at(-1) ?? []);
      return latest.flat().sort().join() === ALL.join() && latest.filter((a) => a.length === 0).length === 1;
    });
    await Promise.all(members.map((c) => c.close()));
  });

  it('a fenced member (UNKNOWN_MEMBER_ID) reports its partitions lost, not revoked, and gets them again', async () => {
    const c = consumer('lost-group');
    const events: string[] = [];
    c.subscribe(['t'], {
      onAssigned: (p) => void events.push(`assigned ${names(p)}`),
      onRevoked: (p) => void events.push(`revoked ${names(p)}`),
      onLost: (p) => void events.push(`lost ${names(p)}`),
    });
    void c.run({ eachMessage: () => undefined });
    await until('assigned', () => events.length === 1);
    failing(fake, 'lost-group', 'Heartbeat', 25);
    await until('lost and assigned again', () => events.length === 3);
    assert.deepEqual(events, [`assigned ${ALL}`, `lost ${ALL}`, `assigned ${ALL}`]);
    await c.close();
  });

  it('a static member fenced for good (FENCED_INSTANCE_ID) loses its partitions, fails the run and stops joining', async () => {
    const c = consumer('fenced-group', { groupInstanceId: 'static-fenced' });
    const events: string[] = [];
    c.subscribe(['t'], {
      onAssigned: (p) => void events.push(`assigned ${names(p)}`),
      onLost: (p) => void events.push(`lost ${names(p)}`),
    });
    const run = c.run({ eachMessage: () => undefined });
    await until('assigned', () => events.length === 1);
    for (const api of ['Heartbeat', 'JoinGroup'] as const)
      failing(fake, 'fenced-group', api, 82, Number.POSITIVE_INFINITY);
    await assert.rejects(run, (e: unknown) => e instanceof BrokerError && e.code === 'FENCED_INSTANCE_ID');
    await until('lost', () => events.length === 2);
    assert.deepEqual(events, [`assigned ${ALL}`, `lost ${ALL}`]);
    const joins = () => fake.requests('JoinGroup').filter((r) => r.body.groupId === 'fenced-group').length;
    const seen = joins();
    await sleep(HEARTBEAT_MS * 10);
    assert.equal(joins(), seen, 'the fenced member kept joining');
    // Every later iterator or run fails the same way: nothing more will come.
    await assert.rejects(
      c.run({ eachMessage: () => undefined }),
      (e: unknown) => e instanceof BrokerError && e.code === 'FENCED_INSTANCE_ID',
    );
    fake.clearFaults();
    await c.close();
  });

  it('heartbeats go on while a handler is blocked far longer than the heartbeat interval', async () => {
    const c = consumer('blocked-group');
    let release!: () => void;
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    let started = false;
    c.subscribe(['t']);
    void c.run({
      eachMessage: async () => {
        started = true;
        await blocked;
      },
    });
    await until('a handler runs', () => started);
    const beats = () => fake.requests('Heartbeat').filter((r) => r.body.groupId === 'blocked-group').length;
    const before = beats();
    await until('10 heartbeats while the handler is blocked', () => beats() >= before + 10);
    assert.equal(c.groupMember.generationId, 1, 'the member rejoined while blocked');
    release();
    await c.close();
  });
});
