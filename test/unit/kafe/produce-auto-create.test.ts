/**
 * The seed API's `produce` and topic auto-creation, on fake brokers that create a topic asked for
 * with Metadata's `allowAutoTopicCreation` flag when `creates` is on (a broker with
 * `auto.create.topics.enable`): by default a missing topic is asked for and written to; with the
 * client's `allowAutoTopicCreation: false` nothing is asked and the call fails with
 * UNKNOWN_TOPIC_OR_PARTITION, as it does when the brokers refuse.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createKafe, type Kafe, type KafeOptions } from '../../../src/kafe.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { FakeCluster } from '../../fake-broker/fake-cluster.js';

describe('kafe produce to a missing topic (fake brokers)', () => {
  let fake: FakeCluster;
  let kafe: Kafe;
  const start = async (creates: boolean, options: Partial<KafeOptions> = {}) => {
    fake = await FakeCluster.start(1);
    fake.handle('Metadata', (r) => {
      if (creates && r.body.allowAutoTopicCreation === true)
        for (const t of r.body.topics ?? []) if (!fake.topics.has(t.name)) fake.addTopic(t.name, 3);
      return { body: fake.metadataBody(r) };
    });
    fake.handle('Produce', (r) => ({
      body: {
        responses: r.body.topicData.map((t: { name: string; partitionData: { index: number }[] }) => ({
          name: t.name,
          partitionResponses: t.partitionData.map((p) => ({ index: p.index, errorCode: 0, baseOffset: 0n })),
        })),
      },
    }));
    kafe = createKafe({ brokers: fake.bootstrap, retryBackoffMs: 5, reconnectBackoffMs: 5, ...options });
  };
  afterEach(async () => {
    await kafe.close();
    await fake.stop();
  });
  const askedToCreate = () =>
    fake
      .requestsOf('Metadata')
      .filter((r) => r.body.allowAutoTopicCreation === true)
      .map((r) => r.body.topics.map((t: { name: string }) => t.name));

  it('asks the brokers to create it by default, then writes to it', async () => {
    await start(true);
    const result = await kafe.produce('fresh', 'v');
    assert.deepEqual(result, {
      name: 'fresh',
      partitions: [{ partition: 0, errorCode: 'none', offset: 0n, timestamp: -1n }],
    });
    assert.deepEqual(askedToCreate(), [['fresh']]);
    assert.equal(fake.topics.get('fresh')?.partitions.length, 3);
  });

  it('with allowAutoTopicCreation false, asks nothing and fails with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    await start(true, { allowAutoTopicCreation: false });
    const error = await kafe.produce('fresh', 'v').catch((e: unknown) => e);
    assert.ok(error instanceof BrokerError, String(error));
    assert.equal(error.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.match(error.message, /"fresh" does not exist$/);
    assert.deepEqual(askedToCreate(), []);
    assert.equal(fake.topics.has('fresh'), false);
    assert.equal(fake.requestsOf('Produce').length, 0);
  });

  it('when the brokers do not create it, fails with UNKNOWN_TOPIC_OR_PARTITION at the call deadline, saying why', async () => {
    await start(false);
    const error = await kafe.produce('fresh', 'v', { timeout: 300 }).catch((e: unknown) => e);
    assert.ok(error instanceof BrokerError, String(error));
    assert.equal(error.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.match(error.message, /did not create it \(is their auto.create.topics.enable off\?\)/);
    assert.ok(askedToCreate().length >= 1);
    assert.equal(fake.requestsOf('Produce').length, 0);
  });
});
