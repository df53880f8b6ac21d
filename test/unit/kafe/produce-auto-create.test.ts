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
import { FakeKafka } from '../../../src/testing/index.js';

describe('kafe produce to a missing topic (fake brokers)', () => {
  let fake: FakeKafka;
  let kafe: Kafe;
  const start = async (creates: boolean, options: Partial<KafeOptions> = {}) => {
    fake = await FakeKafka.start({ autoCreateTopics: creates, defaultPartitions: 3 });
    kafe = createKafe({ brokers: fake.bootstrap, retryBackoffMs: 5, reconnectBackoffMs: 5, ...options });
  };
  afterEach(async () => {
    await kafe.close();
    await fake.close();
  });
  const askedToCreate = () =>
    fake
      .requests('Metadata')
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
    assert.equal(fake.topic('fresh')?.partitions.length, 3);
  });

  it('with allowAutoTopicCreation false, asks nothing and fails with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    await start(true, { allowAutoTopicCreation: false });
    const error = await kafe.produce('fresh', 'v').catch((e: unknown) => e);
    assert.ok(error instanceof BrokerError, String(error));
    assert.equal(error.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.match(error.message, /"fresh" does not exist$/);
    assert.deepEqual(askedToCreate(), []);
    assert.equal(fake.topic('fresh') !== undefined, false);
    assert.equal(fake.requests('Produce').length, 0);
  });

  it('when the brokers do not create it, fails with UNKNOWN_TOPIC_OR_PARTITION at the call deadline, saying why', async () => {
    await start(false);
    const error = await kafe.produce('fresh', 'v', { timeout: 300 }).catch((e: unknown) => e);
    assert.ok(error instanceof BrokerError, String(error));
    assert.equal(error.code, 'UNKNOWN_TOPIC_OR_PARTITION');
    assert.match(error.message, /did not create it \(is their auto.create.topics.enable off\?\)/);
    assert.ok(askedToCreate().length >= 1);
    assert.equal(fake.requests('Produce').length, 0);
  });
});
