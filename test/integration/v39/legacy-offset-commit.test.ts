/**
 * OffsetCommit v0 and v1 and OffsetFetch v0, as the generated codecs encode them from the Kafka
 * 3.9.2 specs (4.0 removed them, KIP-896), against a real 3.9 broker: the exact versions the
 * seed API's `offsetCommit(group, topics)` (v0) and `offsetCommit(group, generationId, memberId,
 * topics)` (v1) send. The broker parses them strictly (a misplaced byte, such as v1's
 * per-partition commitTimestamp missing, fails the whole request). v1 commits are stored and
 * read back by OffsetFetch v1 and v7. v0 of both APIs targeted ZooKeeper: a KRaft 3.9 broker
 * parses them and answers UNSUPPORTED_VERSION for every partition, which the tests pin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiKeys,
  decodeOffsetCommitResponse,
  decodeOffsetFetchResponse,
  encodeOffsetCommitRequest,
  encodeOffsetFetchRequest,
  type OffsetCommitRequestInput,
} from '../../../src/protocol/messages/index.js';
import { clusterUnderTest, createTopic, eventually, uniqueTopic } from '../cluster-under-test.js';
import { RawKafkaClient } from '../raw-kafka-client.js';

/** Errors a commit meets while the group coordinator is still being set up. */
const COORDINATOR_NOT_READY = new Set([14, 15, 16]);

describe('OffsetCommit v0-1 and OffsetFetch v0 (from the 3.9.2 specs) against Kafka 3.9', () => {
  const cluster = clusterUnderTest();
  let client: RawKafkaClient;
  const topic = uniqueTopic('legacy-commit');

  before(async () => {
    client = await RawKafkaClient.connect(cluster.bootstrapFor('plaintext'));
    await createTopic(cluster, topic, 2, 1);
  });
  after(() => client?.close());

  const commit = (version: number, request: OffsetCommitRequestInput) =>
    eventually(`OffsetCommit v${version}`, 30_000, async () => {
      const response = await client.call(
        apiKeys.OffsetCommit.key,
        version,
        encodeOffsetCommitRequest,
        request,
        decodeOffsetCommitResponse,
      );
      const codes = response.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
      if (codes.some((c) => COORDINATOR_NOT_READY.has(c))) return undefined;
      return response;
    });

  const fetchOffsets = async (version: number, group: string) => {
    const response = await client.call(
      apiKeys.OffsetFetch.key,
      version,
      encodeOffsetFetchRequest,
      { groupId: group, topics: [{ name: topic, partitionIndexes: [0, 1] }] },
      decodeOffsetFetchResponse,
    );
    assert.equal(response.topics.length, 1);
    return response.topics[0]?.partitions
      .map((p) => [p.partitionIndex, p.committedOffset, p.errorCode])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
  };

  it('is a 3.9 broker that serves OffsetCommit v0-1 and OffsetFetch v0, which kafe has as legacy versions', () => {
    assert.equal(client.brokerVersions.get(apiKeys.OffsetCommit.key)?.min, 0);
    assert.equal(client.brokerVersions.get(apiKeys.OffsetFetch.key)?.min, 0);
    assert.deepEqual(apiKeys.OffsetCommit.legacyVersions, [0, 1]);
    assert.deepEqual(apiKeys.OffsetFetch.legacyVersions, [0, 0]);
  });

  it('sends OffsetCommit v0 (group, topics), which a KRaft 3.9 broker parses and answers per partition with UNSUPPORTED_VERSION', async () => {
    // v0 commits went to ZooKeeper; a KRaft broker has no such store: it logs "Unsupported when
    // using a Raft-based metadata quorum: Version 0 offset commit requests" (with the request it
    // parsed: group, offsets 7 and 11, metadata 'v0' and null) and refuses each partition with
    // UNSUPPORTED_VERSION (35) in a well-formed v0 response.
    const group = uniqueTopic('legacy-group-v0');
    const response = await commit(0, {
      groupId: group,
      topics: [
        {
          name: topic,
          partitions: [
            { partitionIndex: 0, committedOffset: 7n, committedMetadata: 'v0' },
            { partitionIndex: 1, committedOffset: 11n, committedMetadata: null },
          ],
        },
      ],
    });
    assert.deepEqual(
      response.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])]),
      [
        [
          topic,
          [
            [0, 35],
            [1, 35],
          ],
        ],
      ],
    );
    assert.deepEqual(await fetchOffsets(1, group), [
      [0, -1n, 0],
      [1, -1n, 0],
    ]);
  });

  it('commits with OffsetCommit v1 (generation -1, no member, per-partition commitTimestamp)', async () => {
    const group = uniqueTopic('legacy-group-v1');
    const response = await commit(1, {
      groupId: group,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      topics: [
        {
          name: topic,
          partitions: [
            {
              partitionIndex: 0,
              committedOffset: 3n,
              commitTimestamp: BigInt(Date.now()),
              committedMetadata: 'v1',
            },
            { partitionIndex: 1, committedOffset: 4n, commitTimestamp: -1n, committedMetadata: null },
          ],
        },
      ],
    });
    assert.deepEqual(
      response.topics.flatMap((t) => t.partitions.map((p) => p.errorCode)),
      [0, 0],
    );
    for (const version of [1, 7]) {
      const expected = [
        [0, 3n, 0],
        [1, 4n, 0],
      ];
      assert.deepEqual(await fetchOffsets(version, group), expected, `OffsetFetch v${version}`);
    }
    // OffsetFetch v0 read ZooKeeper too: a KRaft broker answers UNSUPPORTED_VERSION per partition.
    const v0 = [
      [0, -1n, 35],
      [1, -1n, 35],
    ];
    assert.deepEqual(await fetchOffsets(0, group), v0, 'OffsetFetch v0');
  });
});
