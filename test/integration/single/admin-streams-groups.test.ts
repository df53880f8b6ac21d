/**
 * Streams groups (KIP-1071) on Kafka 4.x: a member joins with a raw StreamsGroupHeartbeat (kafe
 * has no Streams runtime) carrying a topology of one subtopology; describeStreamsGroups shows the
 * group, its topology and the member as the coordinator holds them; listGroups types it
 * `streams`, and describeConsumerGroups does not take it for a consumer group. Its offsets are
 * listed, altered and deleted (refused while it has a member), and the group deleted, as
 * `kafka-streams-groups.sh --list` then sees.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { errorForCode } from '../../../src/protocol/broker-error.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

/** The streams groups `kafka-streams-groups.sh --list` prints. */
async function streamsGroupsWithTool(): Promise<string[]> {
  const cluster = clusterUnderTest();
  const result = await runKafkaTool(cluster, 'streams-groups', [
    '--bootstrap-server',
    cluster.bootstrapFor('plaintext'),
    '--list',
  ]);
  assert.equal(result.exitCode, 0, result.stderr);
  return result.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

describe('streams groups on Kafka 4.x', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-streams-admin' });
  const admin = kafka.admin();

  /** A member of streams group `groupId` reading `topic`, driven by raw StreamsGroupHeartbeats (epoch 0 joins, -1 leaves). */
  const streamsMember = (groupId: string, memberId: string, topic: string) => (memberEpoch: number) =>
    kafka.cluster.send(
      'StreamsGroupHeartbeat',
      {
        groupId,
        memberId,
        memberEpoch,
        endpointInformationEpoch: -1,
        instanceId: null,
        rackId: null,
        rebalanceTimeoutMs: 30_000,
        topology:
          memberEpoch === 0
            ? {
                epoch: 1,
                subtopologies: [
                  {
                    subtopologyId: '0',
                    sourceTopics: [topic],
                    sourceTopicRegex: [],
                    stateChangelogTopics: [],
                    repartitionSinkTopics: [],
                    repartitionSourceTopics: [],
                    copartitionGroups: [],
                  },
                ],
              }
            : null,
        activeTasks: memberEpoch === 0 ? [] : null,
        standbyTasks: memberEpoch === 0 ? [] : null,
        warmupTasks: memberEpoch === 0 ? [] : null,
        processId: memberEpoch === 0 ? 'process-1' : null,
        // No endpoint: Kafka 4.4 fails the heartbeat (UNKNOWN_SERVER_ERROR, a NoSuchElementException
        // in EndpointToPartitionsManager) when a member with one joins before the coordinator
        // has the new source topic's metadata.
        userEndpoint: null,
        clientTags: memberEpoch === 0 ? [{ key: 'zone', value: 'a' }] : null,
        taskOffsets: null,
        taskEndOffsets: null,
        shutdownApplication: false,
      },
      { to: { group: groupId }, errorOf: (r) => errorForCode(r.errorCode, r.errorMessage) },
    );

  it('describes a streams group with its topology and members', async () => {
    const topic = uniqueTopic('streams-in');
    const groupId = uniqueTopic('streams');
    const memberId = `member-${uniqueTopic('m')}`;
    (await admin.createTopics([{ topic, partitions: 2, replicationFactor: 1 }])).throwIfFailed();
    const heartbeat = streamsMember(groupId, memberId, topic);
    await heartbeat(0);
    try {
      const [outcome] = await admin.describeStreamsGroups([groupId]);
      const d = outcome?.value;
      assert.ok(d !== undefined, String(outcome?.error));
      assert.equal(d.topologyEpoch, 1);
      assert.deepEqual(
        d.subtopologies?.map((s) => [s.subtopologyId, s.sourceTopics]),
        [['0', [topic]]],
      );
      assert.deepEqual(
        d.members.map((m) => [
          m.memberId,
          m.processId,
          m.clientId,
          m.userEndpoint,
          m.clientTags,
          m.isClassic,
        ]),
        [[memberId, 'process-1', 'kafe-streams-admin', null, { zone: 'a' }, false]],
      );
      assert.ok(d.groupEpoch >= 1);
      const listed = await admin.listGroups({ types: ['streams'] });
      assert.ok(listed.some((g) => g.groupId === groupId && g.type === 'streams'));
      const [asConsumer] = await admin.describeConsumerGroups([groupId]);
      assert.equal(asConsumer?.error?.code, 'GROUP_ID_NOT_FOUND');
      const [unknown] = await admin.describeStreamsGroups([uniqueTopic('nobody')]);
      assert.equal(unknown?.error?.code, 'GROUP_ID_NOT_FOUND');
    } finally {
      await heartbeat(-1);
    }
  });

  it('lists, alters and deletes a streams group’s offsets and deletes the group, as kafka-streams-groups sees', async () => {
    const topic = uniqueTopic('streams-offsets');
    const groupId = uniqueTopic('streams-offsets-group');
    (await admin.createTopics([{ topic, partitions: 2, replicationFactor: 1 }])).throwIfFailed();
    const heartbeat = streamsMember(groupId, `member-${uniqueTopic('m')}`, topic);
    await heartbeat(0);
    try {
      const [whileMember] = await admin.alterStreamsGroupOffsets(groupId, [
        { topic, partition: 0, offset: 3n },
      ]);
      assert.equal(whileMember?.error?.code, 'UNKNOWN_MEMBER_ID');
      const [deleteWhileMember] = await admin.deleteStreamsGroups([groupId]);
      assert.equal(deleteWhileMember?.error?.code, 'NON_EMPTY_GROUP');
    } finally {
      await heartbeat(-1);
    }
    (
      await admin.alterStreamsGroupOffsets(groupId, [
        { topic, partition: 0, offset: 3n },
        { topic, partition: 1, offset: 0n },
      ])
    ).throwIfFailed();
    const committed = async () =>
      (await admin.listStreamsGroupOffsets([groupId]))
        .get(groupId)
        .map((o) => [o.topic, o.partition, o.offset]);
    assert.deepEqual(await committed(), [
      [topic, 0, 3n],
      [topic, 1, 0n],
    ]);
    (await admin.deleteStreamsGroupOffsets(groupId, [{ topic, partition: 1 }])).throwIfFailed();
    assert.deepEqual(await committed(), [[topic, 0, 3n]]);

    assert.ok((await streamsGroupsWithTool()).includes(groupId));
    (await admin.deleteStreamsGroups([groupId])).throwIfFailed();
    assert.ok(!(await streamsGroupsWithTool()).includes(groupId));
    const [gone] = await admin.describeStreamsGroups([groupId]);
    assert.equal(gone?.error?.code, 'GROUP_ID_NOT_FOUND');
  });
});
