/**
 * The consumer-group operations of `Admin` against FakeKafka (three brokers, groups of real kafe
 * consumers): routing to each group's coordinator, batching, per-group outcomes and retries of
 * only the groups whose coordinator moved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Admin } from '../../../src/admin/admin.js';
import type { Consumer } from '../../../src/consumer/consumer.js';
import { Kafka } from '../../../src/kafka.js';
import { KafeError } from '../../../src/protocol/errors.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { appendValues } from '../../support/fake-kafka-client.js';
import { until } from '../../support/until.js';

const codeOf = (e: unknown) => (e instanceof KafeError ? e.code : String(e));

describe('Admin consumer groups against a fake cluster', () => {
  let fake: FakeKafka;
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];

  before(async () => {
    fake = await FakeKafka.start({
      brokers: 3,
      topics: [
        { name: 'g', partitions: 4 },
        { name: 'h', partitions: 2 },
      ],
      consumerHeartbeatIntervalMs: 50,
    });
    kafka = new Kafka({
      brokers: fake.bootstrap,
      clientId: 'admin-groups',
      timeoutMs: 5000,
      retryBackoffMs: 5,
      retryBackoffMaxMs: 20,
    });
    admin = kafka.admin();
    for (let p = 0; p < 4; p++) appendValues(fake, 'g', p, ['a', 'b', 'c', 'd', 'e']);
    const owned = new Map<string, number>();
    for (const [groupId, groupProtocol] of [
      ['classic', 'classic'],
      ['kip848', 'consumer'],
    ] as const) {
      const c = kafka.consumer({ groupId, groupProtocol, assignors: ['range'], autoOffsetReset: 'earliest' });
      c.subscribe(['g'], {
        onAssigned: (parts) => {
          owned.set(groupId, parts.length);
        },
      });
      void c.run({ eachMessage: () => {} });
      consumers.push(c);
    }
    await until('both groups own g', () => owned.get('classic') === 4 && owned.get('kip848') === 4);
    fake.commitOffset('idle', 'g', 0, 2n);
    fake.commitOffset('idle', 'h', 1, 1n);
  });
  after(async () => {
    for (const c of consumers) await c.close();
    await kafka.close();
    await fake.close();
  });

  it('lists every group of every broker, filtered by type and state', async () => {
    const all = await admin.listGroups();
    assert.deepEqual(
      all.map((g) => [g.groupId, g.type, g.state, g.protocolType]),
      [
        ['classic', 'classic', 'Stable', 'consumer'],
        ['idle', 'classic', 'Empty', ''],
        ['kip848', 'consumer', 'Stable', 'consumer'],
      ],
    );
    assert.equal(fake.requests('ListGroups').length, 3, 'one ListGroups per broker');
    assert.deepEqual(
      (await admin.listGroups({ types: ['consumer'] })).map((g) => g.groupId),
      ['kip848'],
    );
    assert.deepEqual(
      (await admin.listGroups({ states: ['Empty'] })).map((g) => g.groupId),
      ['idle'],
    );
  });

  it('describes each group by its type, one request per coordinator, errors per group', async () => {
    fake.clearRequests();
    const outcomes = await admin.describeConsumerGroups(['classic', 'kip848', 'idle', 'nobody', '']);
    const [classic, kip848, idle, nobody, empty] = outcomes;
    assert.equal(classic?.value?.type, 'classic');
    assert.equal(classic?.value?.partitionAssignor, 'range');
    assert.deepEqual(
      classic?.value?.members[0]?.assignment.map((p) => p.partition),
      [0, 1, 2, 3],
    );
    assert.deepEqual(classic?.value?.members[0]?.subscribedTopics, ['g']);
    assert.equal(classic?.value?.coordinator, fake.coordinatorOf('classic'));
    assert.equal(kip848?.value?.type, 'consumer');
    assert.deepEqual(
      kip848?.value?.members[0]?.targetAssignment?.map((p) => p.partition),
      [0, 1, 2, 3],
    );
    assert.deepEqual([idle?.value?.state, idle?.value?.isSimpleConsumerGroup], ['Empty', true]);
    assert.equal(kip848?.value?.coordinator, fake.coordinatorOf('kip848'));
    assert.equal(codeOf(nobody?.error), 'GROUP_ID_NOT_FOUND');
    assert.equal(codeOf(empty?.error), 'INVALID_ARGUMENT');
    const coordinators = new Set(['classic', 'kip848', 'idle', 'nobody'].map((g) => fake.coordinatorOf(g)));
    assert.equal(fake.requests('FindCoordinator').length, 1, 'one batched lookup, then the cache');
    assert.equal(fake.requests('ConsumerGroupDescribe').length, coordinators.size);
    const asClassic = fake.requests('DescribeGroups').flatMap((r) => r.body.groups as string[]);
    assert.deepEqual(asClassic.sort(), ['classic', 'idle', 'nobody']);
  });

  it('asks again only about the group whose coordinator moved', async () => {
    fake.clearRequests();
    const hook = fake.control(
      'DescribeGroups',
      async (_request, serve) => {
        const body = (await serve()) as { groups: { groupId: string; errorCode: number }[] };
        for (const g of body.groups) if (g.groupId === 'idle') g.errorCode = errorCodes.NOT_COORDINATOR.code;
        return { body };
      },
      { count: 1 },
    );
    const outcomes = await admin.describeConsumerGroups(['classic', 'idle']);
    assert.equal(hook.fired, 1);
    assert.deepEqual(
      [...outcomes].map((o) => o.value?.state),
      ['Stable', 'Empty'],
    );
    const asked = fake.requests('DescribeGroups').map((r) => r.body.groups as string[]);
    assert.deepEqual(asked.at(-1), ['idle']);
    assert.equal(asked.flat().filter((g) => g === 'classic').length, 1);
  });

  it('lists 200 groups offsets with one OffsetFetch per coordinator', async () => {
    const groups = Array.from({ length: 200 }, (_, i) => `many-${i}`);
    for (const [i, g] of groups.entries()) fake.commitOffset(g, 'h', i % 2, BigInt(i));
    fake.clearRequests();
    const outcomes = await admin.listConsumerGroupOffsets(groups);
    assert.deepEqual(
      [...outcomes].map((o) => o.value?.map((c) => [c.topic, c.partition, c.offset])),
      groups.map((_, i) => [['h', i % 2, BigInt(i)]]),
    );
    assert.equal(fake.requests('FindCoordinator').length, 1);
    const coordinators = new Set(groups.map((g) => fake.coordinatorOf(g)));
    assert.equal(fake.requests('OffsetFetch').length, coordinators.size);
  });

  it('alters and deletes offsets of an idle group, per partition', async () => {
    const altered = await admin.alterConsumerGroupOffsets('idle', [
      { topic: 'g', partition: 0, offset: 4n, metadata: 'admin' },
      { topic: 'nosuch', partition: 0, offset: 1 },
    ]);
    assert.deepEqual(
      [...altered].map((r) => [r.key.topic, r.key.partition, r.error?.code]),
      [
        ['g', 0, undefined],
        ['nosuch', 0, 'UNKNOWN_TOPIC_OR_PARTITION'],
      ],
    );
    const [listed] = await admin.listConsumerGroupOffsets([
      {
        groupId: 'idle',
        partitions: [
          { topic: 'g', partition: 0 },
          { topic: 'g', partition: 3 },
        ],
      },
    ]);
    assert.deepEqual(
      listed?.value?.map((c) => [c.partition, c.offset, c.metadata]),
      [
        [0, 4n, 'admin'],
        [3, null, ''],
      ],
    );
    const deleted = await admin.deleteConsumerGroupOffsets('idle', [{ topic: 'h', partition: 1 }]);
    assert.deepEqual(
      [...deleted].map((r) => r.error),
      [undefined],
    );
    assert.equal(fake.committedOffset('idle', 'h', 1), undefined);
    const subscribed = await admin.deleteConsumerGroupOffsets('classic', [{ topic: 'g', partition: 0 }]);
    assert.equal(subscribed.error('g/0')?.code, 'GROUP_SUBSCRIBED_TO_TOPIC');
    // The group's error is each partition's.
    const unknown = await admin.deleteConsumerGroupOffsets('nobody', [{ topic: 'g', partition: 0 }]);
    assert.equal(unknown.error('g/0')?.code, 'GROUP_ID_NOT_FOUND');
    const busy = await admin.alterConsumerGroupOffsets('classic', [{ topic: 'g', partition: 0, offset: 0 }]);
    assert.equal(busy.error('g/0')?.code, 'UNKNOWN_MEMBER_ID');
  });

  it('computes the lag per partition and per group', async () => {
    await until('the classic group committed', () => fake.committedOffset('classic', 'g', 3) === 5n);
    const [classic, idle] = await admin.consumerGroupLag(['classic', 'idle']);
    assert.deepEqual(
      classic?.value?.partitions.map((p) => [p.partition, p.committedOffset, p.endOffset, p.lag]),
      [
        [0, 5n, 5n, 0n],
        [1, 5n, 5n, 0n],
        [2, 5n, 5n, 0n],
        [3, 5n, 5n, 0n],
      ],
    );
    assert.ok(classic?.value?.partitions.every((p) => p.memberId !== null && p.clientId === 'admin-groups'));
    assert.deepEqual(
      idle?.value?.partitions.map((p) => [p.topic, p.partition, p.lag]),
      [['g', 0, 1n]],
    );
    assert.equal(idle?.value?.totalLag, 1n);
  });

  it('resets offsets: a dry run by default, refused while the group has members', async () => {
    const plan = await admin.resetConsumerGroupOffsets('idle', {
      strategy: { kind: 'to-earliest' },
      topics: ['g'],
    });
    assert.equal(plan.executed, false);
    assert.deepEqual(
      plan.partitions.map((p) => [p.partition, p.currentOffset, p.newOffset]),
      [
        [0, 4n, 0n],
        [1, null, 0n],
        [2, null, 0n],
        [3, null, 0n],
      ],
    );
    assert.equal(fake.committedOffset('idle', 'g', 0), 4n, 'a dry run changes nothing');
    const done = await admin.resetConsumerGroupOffsets('idle', {
      strategy: { kind: 'shift-by', shift: -3 },
      topics: [{ topic: 'g', partition: 0 }],
      execute: true,
    });
    assert.deepEqual(
      done.partitions.map((p) => p.newOffset),
      [1n],
    );
    assert.equal(fake.committedOffset('idle', 'g', 0), 1n);
    await assert.rejects(
      admin.resetConsumerGroupOffsets('classic', { strategy: { kind: 'to-latest' } }),
      (e) => codeOf(e) === 'NON_EMPTY_GROUP' && /current state is Stable/.test((e as Error).message),
    );
  });

  it('removes members by instance id, or all of them, and deletes emptied groups', async () => {
    const removed = await admin.removeMembersFromConsumerGroup('kip848');
    assert.equal(removed.size, 1);
    assert.ok(removed.ok);
    const unknown = await admin.removeMembersFromConsumerGroup('classic', {
      members: [{ groupInstanceId: 'nobody' }],
    });
    assert.equal(unknown.error('nobody')?.code, 'UNKNOWN_MEMBER_ID');
    const [busy, idle, nobody] = await admin.deleteConsumerGroups(['classic', 'idle', 'nobody']);
    assert.equal(codeOf(busy?.error), 'NON_EMPTY_GROUP');
    assert.equal(idle?.error, undefined);
    assert.equal(codeOf(nobody?.error), 'GROUP_ID_NOT_FOUND');
    assert.ok(!(await admin.listGroups()).some((g) => g.groupId === 'idle'));
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await assert.rejects(
      admin.describeConsumerGroups(['classic'], { signal: controller.signal }),
      (e) => codeOf(e) === 'REQUEST_ABORTED',
    );
  });
});

describe('Admin consumer groups against a broker without KIP-848', () => {
  it('describes every group with DescribeGroups when ConsumerGroupDescribe is not served', async () => {
    const fake = await FakeKafka.start({
      brokers: 1,
      topics: ['t'],
      apiVersions: { ConsumerGroupDescribe: null, ConsumerGroupHeartbeat: null },
    });
    const kafka = new Kafka({ brokers: fake.bootstrap, timeoutMs: 3000, retryBackoffMs: 5 });
    try {
      fake.commitOffset('old', 't', 0, 1n);
      const described = await kafka.admin().describeConsumerGroups(['old', 'nobody']);
      assert.deepEqual(
        [described.get('old').state, described.get('old').coordinator, described.error('nobody')?.code],
        ['Empty', 0, 'GROUP_ID_NOT_FOUND'],
      );
      assert.equal(fake.requests('ConsumerGroupDescribe').length, 0);
    } finally {
      await kafka.close();
      await fake.close();
    }
  });
});
