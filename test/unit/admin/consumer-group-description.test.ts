import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeClassicGroup,
  describeKip848Group,
  groupState,
  NotConsumerGroupError,
} from '../../../src/admin/consumer-group-description.js';
import { encodeAssignment, encodeSubscription } from '../../../src/protocol/consumer-protocol.js';
import { DecodeError } from '../../../src/protocol/errors.js';

const member = (memberAssignment: Uint8Array, memberMetadata: Uint8Array) => ({
  memberId: 'm1',
  groupInstanceId: 'static-1',
  clientId: 'c1',
  clientHost: '/10.0.0.1',
  memberMetadata,
  memberAssignment,
});
const classic = (protocolType: string, members: ReturnType<typeof member>[]) => ({
  errorCode: 0,
  errorMessage: null,
  groupId: 'g',
  groupState: 'Stable',
  protocolType,
  protocolData: 'range',
  members,
  authorizedOperations: 0,
});

describe('consumer group descriptions', () => {
  it('decodes a classic member: assignment, subscription, rack, assignor user data', () => {
    const assignment = encodeAssignment([{ topic: 't', partitions: [0, 2] }], Buffer.from([9]));
    const subscription = encodeSubscription({
      topics: ['t', 'u'],
      userData: null,
      ownedPartitions: [],
      generationId: -1,
      rackId: 'rack-a',
    });
    const d = describeClassicGroup(classic('consumer', [member(assignment, subscription)]), 2);
    assert.deepEqual(
      [d.type, d.state, d.partitionAssignor, d.coordinator, d.isSimpleConsumerGroup],
      ['classic', 'Stable', 'range', 2, false],
    );
    const m = d.members[0]!;
    assert.deepEqual(m.assignment, [
      { topic: 't', partition: 0 },
      { topic: 't', partition: 2 },
    ]);
    assert.deepEqual(
      [m.subscribedTopics, m.rackId, m.groupInstanceId, m.host],
      [['t', 'u'], 'rack-a', 'static-1', '/10.0.0.1'],
    );
    assert.deepEqual([...(m.assignmentUserData ?? [])], [9]);
  });

  it('a rebalancing classic group sends empty member bytes: nothing assigned, nothing known', () => {
    const d = describeClassicGroup(classic('consumer', [member(new Uint8Array(0), new Uint8Array(0))]), 0);
    assert.deepEqual([d.members[0]?.assignment, d.members[0]?.subscribedTopics], [[], []]);
    assert.equal(describeClassicGroup(classic('', []), 0).isSimpleConsumerGroup, true);
  });

  it('refuses another protocol type and names the member whose bytes do not decode', () => {
    assert.throws(() => describeClassicGroup(classic('connect', []), 0), NotConsumerGroupError);
    assert.throws(
      () =>
        describeClassicGroup(classic('consumer', [member(Buffer.from([0, 0, 0x7f]), new Uint8Array(0))]), 0),
      (e) => e instanceof DecodeError && /group g, member m1: assignment/.test(e.message),
    );
  });

  it('reads a KIP-848 group: epochs, member epoch, current and target assignment by topic name', () => {
    const tp = (partitions: number[]) => ({
      topicPartitions: [{ topicId: 'id', topicName: 't', partitions }],
    });
    const d = describeKip848Group(
      {
        errorCode: 0,
        errorMessage: null,
        groupId: 'k',
        groupState: 'Reconciling',
        groupEpoch: 5,
        assignmentEpoch: 5,
        assignorName: 'uniform',
        authorizedOperations: 0,
        members: [
          {
            memberId: 'm',
            instanceId: null,
            rackId: null,
            memberEpoch: 4,
            clientId: 'c',
            clientHost: '/1.2.3.4',
            subscribedTopicNames: ['t'],
            subscribedTopicRegex: null,
            assignment: tp([0]),
            targetAssignment: tp([0, 1]),
            memberType: 0,
          },
        ],
      },
      1,
    );
    assert.deepEqual(
      [d.type, d.state, d.groupEpoch, d.targetAssignmentEpoch, d.partitionAssignor],
      ['consumer', 'Reconciling', 5, 5, 'uniform'],
    );
    const m = d.members[0]!;
    assert.deepEqual([m.memberEpoch, m.upgraded, m.subscribedTopics], [4, false, ['t']]);
    assert.deepEqual(m.targetAssignment, [
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ]);
  });

  it('reads state names case-insensitively; an unknown one is Unknown', () => {
    assert.deepEqual(['stable', 'PREPARINGREBALANCE', 'Dead', 'Rebooting'].map(groupState), [
      'Stable',
      'PreparingRebalance',
      'Dead',
      'Unknown',
    ]);
  });
});
