/**
 * `Cluster#refreshTopics` with `allowAutoTopicCreation`: a Metadata request of its own for just
 * those topics carries the flag; every other refresh (coalesced, tracked topics) never does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Cluster } from '../../../src/cluster/cluster.js';
import { FakeKafka } from '../../../src/testing/index.js';

describe('Cluster metadata and topic auto-creation', () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  before(async () => {
    // A broker with auto.create.topics.enable: a topic asked for with the flag comes into being.
    fake = await FakeKafka.start({ topics: ['t'], autoCreateTopics: true, defaultPartitions: 2 });
    cluster = new Cluster({ brokers: fake.bootstrap });
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  it('sends allowAutoTopicCreation only when asked, for the asked topics only', async () => {
    await cluster.refreshTopics(['t', 'missing']);
    assert.equal(cluster.cachedTopic('missing'), undefined);
    const plain = fake.requests('Metadata');
    assert.ok(plain.length > 0 && plain.every((r) => r.body.allowAutoTopicCreation === false));

    await cluster.refreshTopics(['missing'], undefined, { allowAutoTopicCreation: true });
    const asked = fake.requests('Metadata').filter((r) => r.body.allowAutoTopicCreation === true);
    assert.deepEqual(
      asked.map((r) => r.body.topics.map((t: { name: string }) => t.name)),
      [['missing']],
    );
    assert.equal(cluster.cachedTopic('missing')?.partitions.length, 2);
  });
});
