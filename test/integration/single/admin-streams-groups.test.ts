/**
 * Streams groups (KIP-1071) on Kafka 4.x: a member joins with a raw StreamsGroupHeartbeat (kafe
 * has no Streams runtime) carrying a topology of one subtopology; describeStreamsGroups shows the
 * group, its topology and the member as the coordinator holds them; listGroups types it
 * `streams`, and describeConsumerGroups does not take it for a consumer group.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorForCode } from '../../../src/protocol/broker-error.js';
import { kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('streams groups on Kafka 4.x', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-streams-admin' });
  const admin = kafka.admin();

  it('describes a streams group with its topology and members', async () => {
    const topic = uniqueTopic('streams-in');
    const groupId = uniqueTopic('streams');
    const memberId = `member-${uniqueTopic('m')}`;
    (await admin.createTopics([{ topic, partitions: 2, replicationFactor: 1 }])).throwIfFailed();
    const heartbeat = (memberEpoch: number) =>
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
});
