/**
 * Log truncation detection (KIP-320) against fake brokers: a leader change has the position
 * checked with OffsetsForLeaderEpoch, a Fetch `divergingEpoch` is acted on directly, and a log
 * truncated below what the application read moves the position back (or fails under `none`).
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { Consumer } from '../../../src/consumer/consumer.js';
import type { ConsumerRecord } from '../../../src/consumer/consumer-record.js';
import { LogTruncationError } from '../../../src/consumer/errors.js';
import {
  MAX_VALIDATION_ATTEMPTS,
  type TruncationMessage,
  truncationChannelName,
} from '../../../src/consumer/position-validation.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { appendValues, clusterOf } from '../../support/fake-kafka-client.js';

const fast = { maxWaitMs: 20, retryBackoffMs: 2 };

/** The next `n` records of `it`. */
async function next(it: AsyncIterator<ConsumerRecord>, n: number): Promise<ConsumerRecord[]> {
  const out: ConsumerRecord[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done === true) throw new Error('iterator ended');
    out.push(r.value);
  }
  return out;
}

const seen = (records: readonly ConsumerRecord[]) => records.map((r) => `${r.offset}:${r.value?.toString()}`);

describe('log truncation detection (KIP-320)', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  const consumers: Consumer[] = [];
  const messages: Omit<TruncationMessage, 'client'>[] = [];
  // Compared without the client scope (the cluster's, checked by the log subscriber's tests).
  const onTruncation = (m: unknown) => {
    const { client: _client, ...rest } = m as TruncationMessage;
    messages.push(rest);
  };

  before(async () => {
    fake = await FakeKafka.start({
      brokers: 2,
      topics: [
        'moved',
        'none',
        'kept',
        'unseen',
        'commits',
        'diverging',
        { name: 'two', partitions: 2 },
        'committed',
      ],
    });
    cluster = clusterOf(fake);
    diagnostics.subscribe(truncationChannelName, onTruncation);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.close()));
    fake.behaviour.divergingEpochs = true;
    fake.clearFaults();
    messages.length = 0;
  });
  after(async () => {
    diagnostics.unsubscribe(truncationChannelName, onTruncation);
    await cluster.close();
    await fake.close();
  });

  function consumer(options: ConstructorParameters<typeof Consumer>[1] = {}): Consumer {
    const c = new Consumer(cluster, { ...fast, ...options });
    consumers.push(c);
    return c;
  }

  /** Re-elects the partition's leader in place: a new leader epoch, the same broker. */
  function bumpLeaderEpoch(topic: string, partition = 0): void {
    fake.moveLeader(topic, partition, fake.topic(topic)?.partitions[partition]?.leader);
  }

  /** Six records in three batches of epoch 0 at offsets 0-5. */
  function sixRecords(topic: string, partition = 0): void {
    for (let i = 0; i < 3; i++) appendValues(fake, topic, partition, [`r${2 * i}`, `r${2 * i + 1}`]);
  }

  /** An unclean election: broker 1 leads in a new epoch, its log ends at offset 2, and it takes new writes. */
  function uncleanElection(topic: string, partition = 0): void {
    fake.moveLeader(topic, partition, 1);
    fake.truncate(topic, partition, 2n);
    appendValues(fake, topic, partition, ['x2', 'x3']);
  }

  it('a log truncated below what was read after a leader change: the position moves back to the divergence, nothing skipped', async () => {
    sixRecords('moved');
    fake.behaviour.divergingEpochs = false;
    const c = consumer({ autoOffsetReset: 'earliest' });
    c.assign([{ topic: 'moved', partition: 0, offset: 0n }]);
    const it = c.records()[Symbol.asyncIterator]();
    assert.deepEqual(seen(await next(it, 6)), ['0:r0', '1:r1', '2:r2', '3:r3', '4:r4', '5:r5']);
    uncleanElection('moved');
    // Offsets 2 and 3 now hold other records: they are read, not skipped by waiting at offset 6.
    assert.deepEqual(seen(await next(it, 2)), ['2:x2', '3:x3']);
    const asked = fake
      .requests('OffsetForLeaderEpoch')
      .flatMap((r) => r.body.topics.flatMap((t: { partitions: unknown[] }) => t.partitions));
    assert.deepEqual(asked.at(-1), { partition: 0, currentLeaderEpoch: 1, leaderEpoch: 0 });
    assert.equal(c.stats.truncations, 1);
    assert.deepEqual(messages, [
      { topic: 'moved', partition: 0, offset: 6n, endOffset: 2n, action: 'moved' },
    ]);
    await it.return?.();
  });

  it('autoOffsetReset none: the partition fails with a LogTruncationError naming the offsets and epoch', async () => {
    sixRecords('none');
    fake.behaviour.divergingEpochs = false;
    const c = consumer({ autoOffsetReset: 'none' });
    c.assign([{ topic: 'none', partition: 0, offset: 0n }]);
    const it = c.records()[Symbol.asyncIterator]();
    await next(it, 6);
    uncleanElection('none');
    const error = await it.next().then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof LogTruncationError, String(error));
    assert.equal(error.code, 'LOG_TRUNCATION');
    assert.equal(error.topic, 'none');
    assert.equal(error.offset, 6n);
    assert.equal(error.endOffset, 2n);
    assert.equal(error.leaderEpoch, 0);
    assert.equal(error.retriable, false);
    assert.deepEqual(
      messages.map((m) => m.action),
      ['failed'],
    );
    // A seek to the divergence goes on from there.
    c.seek({ topic: 'none', partition: 0, offset: 2n });
    const again = c.records()[Symbol.asyncIterator]();
    assert.deepEqual(seen(await next(again, 2)), ['2:x2', '3:x3']);
    await again.return?.();
  });

  it('a leader change without truncation: validated, nothing moved, nothing read twice', async () => {
    sixRecords('kept');
    fake.behaviour.divergingEpochs = false;
    const c = consumer();
    c.assign([{ topic: 'kept', partition: 0, offset: 0n }]);
    const it = c.records()[Symbol.asyncIterator]();
    await next(it, 6);
    fake.moveLeader('kept', 0, 1);
    appendValues(fake, 'kept', 0, ['r6', 'r7']);
    const before = fake.requests('OffsetForLeaderEpoch').length;
    assert.deepEqual(seen(await next(it, 2)), ['6:r6', '7:r7']);
    assert.ok(fake.requests('OffsetForLeaderEpoch').length > before, 'the new leader was asked');
    assert.ok(c.stats.validations >= 1);
    assert.equal(c.stats.truncations, 0);
    assert.deepEqual(messages, []);
    await it.return?.();
  });

  it('divergingEpoch in a Fetch response (v12+): acted on without an OffsetsForLeaderEpoch round trip', async () => {
    sixRecords('diverging');
    // The consumer starts under epoch 1, so no leader change is seen: only the fetch's
    // lastFetchedEpoch (0) lets the leader tell that its log now differs from offset 4 on.
    bumpLeaderEpoch('diverging');
    const c = consumer({ autoOffsetReset: 'earliest' });
    c.assign([{ topic: 'diverging', partition: 0, offset: 0n }]);
    const it = c.records()[Symbol.asyncIterator]();
    await next(it, 6);
    const asked = fake.requests('OffsetForLeaderEpoch').length;
    fake.truncate('diverging', 0, 4n);
    appendValues(fake, 'diverging', 0, ['y4']);
    assert.deepEqual(seen(await next(it, 1)), ['4:y4']);
    assert.equal(fake.requests('OffsetForLeaderEpoch').length, asked);
    assert.equal(c.stats.truncations, 1);
    assert.deepEqual(messages, [
      { topic: 'diverging', partition: 0, offset: 6n, endOffset: 4n, action: 'moved' },
    ]);
    const sent = fake
      .requests('Fetch')
      .filter((r) => r.apiVersion >= 12)
      .flatMap((r) =>
        r.body.topics.flatMap((t: { partitions: { lastFetchedEpoch: number }[] }) => t.partitions),
      );
    assert.ok(
      sent.some((p) => p.lastFetchedEpoch === 0),
      'fetches name the last fetched epoch',
    );
    await it.return?.();
  });

  it('divergence only in records fetched but not handed out yet: they are fetched again, no truncation reported', async () => {
    bumpLeaderEpoch('unseen');
    appendValues(fake, 'unseen', 0, ['r0', 'r1']);
    const c = consumer({ autoOffsetReset: 'earliest' });
    c.assign([{ topic: 'unseen', partition: 0, offset: 0n }]);
    const it = c.records()[Symbol.asyncIterator]();
    assert.deepEqual(seen(await next(it, 1)), ['0:r0']);
    // The application holds offsets 0-1 while 2-5 are prefetched behind them.
    appendValues(fake, 'unseen', 0, ['r2', 'r3']);
    appendValues(fake, 'unseen', 0, ['r4', 'r5']);
    const giveUp = Date.now() + 10_000;
    while (c.lag()[0]?.endOffset !== 6n) {
      assert.ok(Date.now() < giveUp, 'offsets 2-5 were not prefetched');
      await new Promise((r) => setTimeout(r, 5));
    }
    // A new leader epoch whose log differs from offset 4 on.
    fake.truncate('unseen', 0, 4n);
    bumpLeaderEpoch('unseen');
    appendValues(fake, 'unseen', 0, ['z4']);
    appendValues(fake, 'unseen', 0, ['z5']);
    // The next fetch is fenced (epoch 2 is newer), metadata shows it: the position is validated.
    while (c.stats.validations === 0) {
      assert.ok(Date.now() < giveUp, 'no validation');
      await new Promise((r) => setTimeout(r, 5));
    }
    const rest = await next(it, 5);
    // Offsets 4-5 were read from the leader's new log, nothing twice, nothing skipped.
    assert.deepEqual(seen(rest), ['1:r1', '2:r2', '3:r3', '4:z4', '5:z5']);
    assert.equal(c.stats.truncations, 0);
    assert.deepEqual(messages, []);
    await it.return?.();
  });

  it('a committed offset with a leader epoch is validated before the first fetch (OffsetFetch committedLeaderEpoch)', async () => {
    sixRecords('committed');
    uncleanElection('committed');
    // Committed at offset 6 under epoch 0, before the election truncated the log to offset 2.
    fake.commitOffset('g-committed', 'committed', 0, 6n, 0);
    const c = consumer({ groupId: 'g-committed', autoCommit: false, autoOffsetReset: 'earliest' });
    c.assign([{ topic: 'committed', partition: 0 }]);
    const it = c.records()[Symbol.asyncIterator]();
    // Not offset 0 (what OFFSET_OUT_OF_RANGE + earliest would give): the divergence point.
    assert.deepEqual(seen(await next(it, 2)), ['2:x2', '3:x3']);
    const asked = fake
      .requests('OffsetForLeaderEpoch')
      .flatMap((r) => r.body.topics.map((t: { topic: string }) => t.topic));
    assert.ok(asked.includes('committed'));
    assert.deepEqual(messages, [
      { topic: 'committed', partition: 0, offset: 6n, endOffset: 2n, action: 'moved' },
    ]);
    await it.return?.();
  });

  it('commits carry the leader epoch of the last record processed (OffsetCommit committedLeaderEpoch)', async () => {
    bumpLeaderEpoch('commits');
    bumpLeaderEpoch('commits');
    appendValues(fake, 'commits', 0, ['c0', 'c1']);
    const c = consumer({ groupId: 'g-commits', autoCommit: false });
    c.assign([{ topic: 'commits', partition: 0, offset: 0n }]);
    const it = c.records()[Symbol.asyncIterator]();
    await next(it, 2);
    await it.return?.();
    await c.commit();
    assert.equal(fake.committedOffset('g-commits', 'commits', 0), 1n);
    assert.equal(fake.committed('g-commits', 'commits', 0)?.leaderEpoch, 2);
  });

  it('a partition being validated is not fetched; the other keeps flowing; retries are bounded', async () => {
    for (const p of [0, 1]) sixRecords('two', p);
    fake.behaviour.divergingEpochs = false;
    const c = consumer();
    c.assign([
      { topic: 'two', partition: 0, offset: 0n },
      { topic: 'two', partition: 1, offset: 0n },
    ]);
    const it = c.records()[Symbol.asyncIterator]();
    await next(it, 12);
    // Partition 0's new leader never answers the validation; partition 1 gets new records.
    fake.failNext('OffsetForLeaderEpoch', {
      errorCode: 75,
      topic: 'two',
      partition: 0,
      count: Number.POSITIVE_INFINITY,
    });
    fake.moveLeader('two', 0, 0);
    appendValues(fake, 'two', 0, ['p0-never']);
    appendValues(fake, 'two', 1, ['p1-a', 'p1-b']);
    const more = await next(it, 2);
    assert.deepEqual(
      more.map((r) => `${r.partition}:${r.value?.toString()}`),
      ['1:p1-a', '1:p1-b'],
    );
    // UNKNOWN_LEADER_EPOCH is retriable, but not forever: the last error reaches the application.
    const error = await it.next().then(
      (r) => assert.fail(`no error: ${JSON.stringify(r.value?.value?.toString())}`),
      (e: unknown) => e as { code?: string },
    );
    assert.equal(error.code, 'UNKNOWN_LEADER_EPOCH');
    assert.ok(
      fake.requests('OffsetForLeaderEpoch').filter((r) => r.nodeId === 0).length >= MAX_VALIDATION_ATTEMPTS,
    );
    // 'p0-never' was not handed out before the error: partition 0 was not fetched while validating.
    await it.return?.();
  });
});
