/**
 * `Cluster#refreshTopics` with `allowAutoTopicCreation`: a Metadata request of its own for just
 * those topics carries the flag; every other refresh (coalesced, tracked topics) never does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Cluster } from '../../../src/cluster/cluster.js';
import { FakeCluster } from '../../fake-broker/fake-cluster.js';

describe('Cluster metadata and topic auto-creation', () => {
  let fake: FakeCluster;
  let cluster: Cluster;
  before(async () => {
    fake = await FakeCluster.start(1);
    fake.addTopic('t', 1);
    // A broker with auto.create.topics.enable: a topic asked for with the flag comes into being.
    fake.handle('Metadata', (r) => {
      if (r.body.allowAutoTopicCreation === true)
        for (const t of r.body.topics ?? []) if (!fake.topics.has(t.name)) fake.addTopic(t.name, 2);
      return { body: fake.metadataBody(r) };
    });
    cluster = new Cluster({ brokers: fake.bootstrap });
  });
  after(async () => {
    await cluster.close();
    await fake.stop();
  });

  it('sends allowAutoTopicCreation only when asked, for the asked topics only', async () => {
    await cluster.refreshTopics(['t', 'missing']);
    assert.equal(cluster.cachedTopic('missing'), undefined);
    const plain = fake.requestsOf('Metadata');
    assert.ok(plain.length > 0 && plain.every((r) => r.body.allowAutoTopicCreation === false));

    await cluster.refreshTopics(['missing'], undefined, { allowAutoTopicCreation: true });
    const asked = fake.requestsOf('Metadata').filter((r) => r.body.allowAutoTopicCreation === true);
    assert.deepEqual(
      asked.map((r) => r.body.topics.map((t: { name: string }) => t.name)),
      [['missing']],
    );
    assert.equal(cluster.cachedTopic('missing')?.partitions.length, 2);
  });
});
