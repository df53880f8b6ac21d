/**
 * `net/Connection` against a real Kafka 4.x broker: ApiVersions negotiation, a Metadata
 * request, 100 pipelined requests matched to their responses, a pinned version.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Connection } from '../../../src/net/connection.js';
import { apiKeys } from '../../../src/protocol/messages/index.js';
import { firstBroker } from '../broker-address.js';
import { clusterUnderTest, createTopic, uniqueTopic } from '../cluster-under-test.js';

describe('Connection on Kafka 4.x', () => {
  const cluster = clusterUnderTest();
  let connection: Connection;
  before(async () => {
    connection = await Connection.connect({ ...firstBroker(cluster), clientId: 'kafe-it' });
  });
  after(() => connection.close());

  it('negotiates the newest versions both sides support', () => {
    const apiVersions = connection.negotiated.broker.get(apiKeys.ApiVersions.key);
    assert.ok(apiVersions !== undefined && apiVersions.max >= 4);
    for (const name of ['Metadata', 'Produce', 'Fetch', 'ApiVersions'] as const) {
      const theirs = connection.negotiated.broker.get(apiKeys[name].key)!;
      assert.equal(connection.versionFor(name), Math.min(theirs.max, apiKeys[name].maxVersion), name);
    }
  });

  it('sends a Metadata request and decodes the brokers and a topic', async () => {
    const topic = uniqueTopic('conn');
    await createTopic(cluster, topic, 3, 1);
    const response = await connection.send('Metadata', {
      topics: [{ name: topic, topicId: undefined }],
      allowAutoTopicCreation: false,
    });
    assert.equal(response.brokers.length, cluster.info.nodes.length);
    assert.ok(response.clusterId);
    const [t] = response.topics;
    assert.equal(t?.name, topic);
    assert.equal(t?.errorCode, 0);
    assert.equal(t?.partitions.length, 3);
  });

  it('pipelines 100 requests and matches every response to its request', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `kafe-missing-${i}-${Date.now().toString(36)}`);
    const responses = await Promise.all(
      names.map((name) =>
        connection.send('Metadata', {
          topics: [{ name, topicId: undefined }],
          allowAutoTopicCreation: false,
        }),
      ),
    );
    assert.deepEqual(
      responses.map((r) => r.topics[0]?.name),
      names,
    );
    // UNKNOWN_TOPIC_OR_PARTITION (3): the broker answered each for its own topic.
    assert.ok(responses.every((r) => r.topics[0]?.errorCode === 3));
    assert.equal(connection.inFlightCount, 0);
  });

  it('honours a pinned maximum version', async () => {
    const pinned = await Connection.connect({ ...firstBroker(cluster), maxVersions: { Metadata: 4 } });
    try {
      assert.equal(pinned.versionFor('Metadata'), 4);
      const response = await pinned.send('Metadata', { topics: null });
      assert.equal(response.brokers.length, cluster.info.nodes.length);
    } finally {
      await pinned.close();
    }
  });
});
