/**
 * FakeKafka's group administration APIs (ListGroups, DescribeGroups, ConsumerGroupDescribe,
 * DeleteGroups, OffsetDelete) answer about groups of real kafe consumers as Kafka 4.x answers:
 * states and types, members with decodable assignments, per-group errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import type { Consumer } from '../../../src/consumer/consumer.js';
import { Kafka } from '../../../src/kafka.js';
import { decodeAssignment, decodeSubscription } from '../../../src/protocol/consumer-protocol.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { clusterOf } from '../../support/fake-kafka-client.js';
import { until } from '../../support/until.js';

describe('FakeKafka group administration', () => {
  let fake: FakeKafka;
  let kafka: Kafka;
  let cluster: Cluster;
  const consumers: Consumer[] = [];

  before(async () => {
    fake = await FakeKafka.start({
      brokers: 2,
      topics: [
        { name: 'g', partitions: 4 },
        { name: 'other', partitions: 2 },
      ],
      consumerHeartbeatIntervalMs: 50,
    });
    kafka = new Kafka({ brokers: fake.bootstrap, clientId: 'fake-admin', retryBackoffMs: 5 });
    cluster = clusterOf(fake);
    const owned = new Map<string, number>();
    for (const [groupId, groupProtocol] of [
      ['classic-g', 'classic'],
      ['kip848-g', 'consumer'],
    ] as const) {
      const c = kafka.consumer({ groupId, groupProtocol, assignors: ['range'] });
      c.subscribe(['g'], {
        onAssigned: (parts) => {
          owned.set(groupId, parts.length);
        },
      });
      void c.run({ eachMessage: () => {} });
      consumers.push(c);
    }
    await until('both groups own g', () => owned.get('classic-g') === 4 && owned.get('kip848-g') === 4);
    await until(
      'the KIP-848 group is stable',
      async () => (await describe848('kip848-g')).groupState === 'Stable',
    );
    fake.commitOffset('offsets-only', 'g', 0, 5n);
    fake.commitOffset('offsets-only', 'other', 1, 7n);
  });
  after(async () => {
    for (const c of consumers) await c.close();
    await kafka.close();
    await cluster.close();
    await fake.close();
  });

  const describe848 = async (groupId: string) => {
    const r = await cluster.send(
      'ConsumerGroupDescribe',
      { groupIds: [groupId], includeAuthorizedOperations: false },
      { to: { group: groupId || 'x' } },
    );
    return r.groups[0]!;
  };
  const describeClassic = async (groupId: string, version?: number) => {
    const r = await cluster.send(
      'DescribeGroups',
      { groups: [groupId] },
      { to: { group: groupId || 'x' }, ...(version === undefined ? {} : { version }) },
    );
    return r.groups[0]!;
  };
  const listAll = async (filters: { statesFilter?: string[]; typesFilter?: string[] } = {}) => {
    const requests = new Map(fake.brokers.map((b) => [b.nodeId, filters]));
    const outcomes = await cluster.sendPerBroker('ListGroups', requests);
    return outcomes
      .flatMap((o) => o.response?.groups ?? [])
      .map((g) => [g.groupId, g.groupType, g.groupState, g.protocolType])
      .sort();
  };

  it('ListGroups: every broker lists the groups it coordinates, with state and type, filtered', async () => {
    assert.deepEqual(await listAll(), [
      ['classic-g', 'classic', 'Stable', 'consumer'],
      ['kip848-g', 'consumer', 'Stable', 'consumer'],
      ['offsets-only', 'classic', 'Empty', ''],
    ]);
    assert.deepEqual(
      (await listAll({ statesFilter: ['STABLE'] })).map((g) => g[0]),
      ['classic-g', 'kip848-g'],
    );
    assert.deepEqual(
      (await listAll({ typesFilter: ['Consumer'] })).map((g) => g[0]),
      ['kip848-g'],
    );
  });

  it('DescribeGroups: a Stable classic group with its members, subscriptions and assignments', async () => {
    const g = await describeClassic('classic-g');
    assert.deepEqual(
      [g.errorCode, g.groupState, g.protocolType, g.protocolData],
      [0, 'Stable', 'consumer', 'range'],
    );
    assert.equal(g.members.length, 1);
    const m = g.members[0]!;
    assert.equal(m.clientId, 'fake-admin');
    assert.equal(m.clientHost, '/127.0.0.1');
    assert.deepEqual(decodeSubscription(m.memberMetadata).topics, ['g']);
    assert.deepEqual(decodeAssignment(m.memberAssignment).partitions, [
      { topic: 'g', partitions: [0, 1, 2, 3] },
    ]);
  });

  it('DescribeGroups: unknown and KIP-848 groups are Dead, with GROUP_ID_NOT_FOUND from v6', async () => {
    const unknown = await describeClassic('nobody');
    assert.deepEqual([unknown.errorCode, unknown.groupState], [errorCodes.GROUP_ID_NOT_FOUND.code, 'Dead']);
    const kip848 = await describeClassic('kip848-g');
    assert.equal(kip848.errorCode, errorCodes.GROUP_ID_NOT_FOUND.code);
    assert.match(kip848.errorMessage ?? '', /not a classic group/);
    const v5 = await describeClassic('kip848-g', 5);
    assert.deepEqual([v5.errorCode, v5.groupState], [0, 'Dead']);
    const empty = await describeClassic('offsets-only');
    assert.deepEqual([empty.errorCode, empty.groupState, empty.members.length], [0, 'Empty', 0]);
  });

  it('ConsumerGroupDescribe: KIP-848 members with subscriptions and assignments by topic name', async () => {
    const g = await describe848('kip848-g');
    assert.deepEqual([g.errorCode, g.groupState], [0, 'Stable']);
    assert.ok(g.groupEpoch > 0 && g.assignmentEpoch === g.groupEpoch);
    const m = g.members[0]!;
    assert.deepEqual(m.subscribedTopicNames, ['g']);
    assert.equal(m.memberEpoch, g.groupEpoch);
    assert.deepEqual(
      m.assignment.topicPartitions.map((t) => [t.topicName, t.topicId, t.partitions]),
      [['g', fake.topic('g')?.topicId, [0, 1, 2, 3]]],
    );
    assert.deepEqual(m.targetAssignment.topicPartitions, m.assignment.topicPartitions);
    assert.equal((await describe848('classic-g')).errorCode, errorCodes.GROUP_ID_NOT_FOUND.code);
    assert.equal((await describe848('')).errorCode, errorCodes.INVALID_GROUP_ID.code);
  });

  it('OffsetDelete: refuses topics a member subscribes to, deletes the others', async () => {
    const subscribed = await cluster.send(
      'OffsetDelete',
      { groupId: 'classic-g', topics: [{ name: 'g', partitions: [{ partitionIndex: 0 }] }] },
      { to: { group: 'classic-g' } },
    );
    assert.equal(subscribed.topics[0]?.partitions[0]?.errorCode, errorCodes.GROUP_SUBSCRIBED_TO_TOPIC.code);
    const deleted = await cluster.send(
      'OffsetDelete',
      { groupId: 'offsets-only', topics: [{ name: 'other', partitions: [{ partitionIndex: 1 }] }] },
      { to: { group: 'offsets-only' } },
    );
    assert.deepEqual([deleted.errorCode, deleted.topics[0]?.partitions[0]?.errorCode], [0, 0]);
    assert.equal(fake.committedOffset('offsets-only', 'other', 1), undefined);
    assert.equal(fake.committedOffset('offsets-only', 'g', 0), 5n);
    const unknown = await cluster.send(
      'OffsetDelete',
      { groupId: 'nobody', topics: [] },
      { to: { group: 'nobody' } },
    );
    assert.equal(unknown.errorCode, errorCodes.GROUP_ID_NOT_FOUND.code);
  });

  it('DeleteGroups: per group, NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND or deleted', async () => {
    fake.commitOffset('to-delete', 'g', 0, 1n);
    const answers = new Map<string, number>();
    for (const groupId of ['classic-g', 'kip848-g', 'nobody', '', 'to-delete']) {
      const r = await cluster.send(
        'DeleteGroups',
        { groupsNames: [groupId] },
        { to: { group: groupId || 'x' } },
      );
      answers.set(groupId, r.results[0]!.errorCode);
    }
    assert.deepEqual(Object.fromEntries(answers), {
      'classic-g': errorCodes.NON_EMPTY_GROUP.code,
      'kip848-g': errorCodes.NON_EMPTY_GROUP.code,
      nobody: errorCodes.GROUP_ID_NOT_FOUND.code,
      '': errorCodes.GROUP_ID_NOT_FOUND.code,
      'to-delete': 0,
    });
    assert.equal(fake.committedOffset('to-delete', 'g', 0), undefined);
    assert.ok(!(await listAll()).some((g) => g[0] === 'to-delete'));
  });
});
