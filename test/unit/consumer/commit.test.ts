import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { ClientClosedError, ConfigurationError } from '../../../src/cluster/errors.js';
import { Consumer } from '../../../src/consumer/consumer.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { appendValues, clusterOf } from '../../support/fake-kafka-client.js';
import { readRecords } from '../../support/read-records.js';

const fast = { maxWaitMs: 20, retryBackoffMs: 5, autoOffsetReset: 'earliest' as const };

describe('Consumer commits (groupId, manual assignment) against fake brokers', { timeout: 30_000 }, () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  before(async () => {
    fake = await FakeKafka.start({ topics: [{ name: 'c', partitions: 2 }] });
    cluster = clusterOf(fake);
    for (let i = 0; i < 10; i++) appendValues(fake, 'c', 0, [`v${i}`]);
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  it('commit() stores processed positions; a new consumer of the group starts there', async () => {
    const c = new Consumer(cluster, { ...fast, groupId: 'g1', autoCommit: false });
    c.assign([{ topic: 'c', partition: 0 }]);
    const got = await readRecords(c, 4);
    assert.equal(got[0]!.offset, 0n);
    // The 4th record was not asked past: processed are 0..2.
    await c.commit();
    assert.equal(fake.committedOffset('g1', 'c', 0), 3n);
    const commits = fake.requests('OffsetCommit').length;
    await c.commit();
    assert.equal(fake.requests('OffsetCommit').length, commits, 'an unchanged position was committed again');
    await c.close();
    assert.equal(fake.committedOffset('g1', 'c', 0), 3n, 'autoCommit false committed on close');

    const next = new Consumer(cluster, { ...fast, groupId: 'g1' });
    next.assign([{ topic: 'c', partition: 0 }]);
    assert.equal((await readRecords(next, 1))[0]!.offset, 3n);
    await next.close();
  });

  it('auto-commit commits on close and before a partition is given up by assign()', async () => {
    const c = new Consumer(cluster, { ...fast, groupId: 'g2', autoCommitIntervalMs: 60_000 });
    c.assign([
      { topic: 'c', partition: 0 },
      { topic: 'c', partition: 1 },
    ]);
    await readRecords(c, 6);
    c.assign([{ topic: 'c', partition: 1 }]);
    await c.commit(); // queued after the background commit of partition 0
    assert.equal(fake.committedOffset('g2', 'c', 0), 5n);
    c.assign([{ topic: 'c', partition: 0 }]);
    await readRecords(c, 3);
    await c.close();
    assert.equal(fake.committedOffset('g2', 'c', 0), 7n);
  });

  it('explicit offsets, a missing group id, an invalid group id and a closed consumer', async () => {
    const c = new Consumer(cluster, { ...fast, groupId: 'g3', autoCommit: false });
    await c.commit([{ topic: 'c', partition: 1, offset: 42 }]);
    assert.equal(fake.committedOffset('g3', 'c', 1), 42n);
    await c.close();
    await assert.rejects(c.commit(), ClientClosedError);
    const noGroup = new Consumer(cluster, fast);
    await assert.rejects(noGroup.commit(), ConfigurationError);
    await noGroup.close();
    assert.throws(() => new Consumer(cluster, { groupId: '' }), ConfigurationError);
  });
});
