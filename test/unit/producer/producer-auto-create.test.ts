/**
 * Topic auto-creation (`allowAutoTopicCreation`): on by default, a missing topic is asked for
 * with Metadata's allowAutoTopicCreation and its records are delivered once the broker created
 * it; off, or refused by the broker, its records fail with UnknownTopicError.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { UnknownTopicError } from '../../../src/producer/errors.js';
import { Producer } from '../../../src/producer/producer.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { clusterOf, logged } from '../../support/fake-kafka-client.js';

describe('Producer and topic auto-creation', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  before(async () => {
    fake = await FakeKafka.start({ topics: ['known'] });
    cluster = clusterOf(fake);
  });
  beforeEach(() => {
    fake.behaviour.autoCreateTopics = false;
    fake.clearRequests();
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });
  /** Topics a Metadata request asked the brokers to create. */
  const autoCreateAsked = () =>
    fake
      .requests('Metadata')
      .filter((r) => r.body.allowAutoTopicCreation === true)
      .flatMap((r) => r.body.topics.map((t: { name: string }) => t.name));

  const quick = { metadataMaxWaitMs: 300, retryBackoffMs: 20 };

  it('asks for a missing topic to be created by default and delivers to it', async () => {
    Object.assign(fake.behaviour, { autoCreateTopics: true, defaultPartitions: 3 });
    const p = new Producer(cluster, quick);
    const m = await p.send({ topic: 'created-on-demand', value: 'v' });
    await p.close();
    assert.deepEqual(autoCreateAsked(), ['created-on-demand']);
    assert.ok(m.partition >= 0 && m.partition < 3);
    assert.equal(logged(fake, 'created-on-demand', m.partition).length, 1);
  });

  it('never asks for a topic that exists to be created', async () => {
    const p = new Producer(cluster, quick);
    await p.send({ topic: 'known', value: 'v' });
    await p.close();
    assert.deepEqual(autoCreateAsked(), []);
  });

  it('fails with UnknownTopicError when the broker does not create it', async () => {
    const p = new Producer(cluster, quick);
    const error = await p.send({ topic: 'never-created', value: 'x' }).catch((e: unknown) => e);
    await p.close();
    assert.ok(error instanceof UnknownTopicError, String(error));
    assert.match(error.message, /auto\.create\.topics\.enable/);
    assert.ok(autoCreateAsked().includes('never-created'));
  });

  it('with allowAutoTopicCreation off, never asks and fails with UnknownTopicError', async () => {
    Object.assign(fake.behaviour, { autoCreateTopics: true, defaultPartitions: 1 });
    const p = new Producer(cluster, { ...quick, allowAutoTopicCreation: false });
    const error = await p.send({ topic: 'not-asked', value: 'x' }).catch((e: unknown) => e);
    await p.close();
    assert.ok(error instanceof UnknownTopicError, String(error));
    assert.equal(error.topic, 'not-asked');
    assert.match(error.message, /allowAutoTopicCreation is off/);
    assert.deepEqual(autoCreateAsked(), []);
  });
});
