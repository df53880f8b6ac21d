import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cluster } from '../../../src/cluster/cluster.js';
import { ClientClosedError, ConfigurationError, InvalidArgumentError } from '../../../src/cluster/errors.js';
import { Consumer } from '../../../src/consumer/consumer.js';
import type { ConsumerRecord } from '../../../src/consumer/consumer-record.js';
import {
  NoOffsetForPartitionError,
  OffsetOutOfRangeError,
  UnassignedPartitionError,
} from '../../../src/consumer/errors.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { appendValues, clusterOf } from '../../support/fake-kafka-client.js';
import { readRecords } from '../../support/read-records.js';
import { until } from '../../support/until.js';

const values = (records: readonly ConsumerRecord[]) => records.map((r) => r.value?.toString());
const fast = { maxWaitMs: 20, retryBackoffMs: 5 };

describe('Consumer (manual assignment) against fake brokers', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  let cluster: Cluster;
  before(async () => {
    fake = await FakeKafka.start({
      brokers: 2,
      // Racks for the preferred read replica test (KIP-392): leader 0 in a, replica 1 in b.
      racks: ['rack-a', 'rack-b'],
      topics: [{ name: 't', partitions: 2 }, 'one', 'tx', 'trunc', 'moving', 'none', 'ends'],
    });
    cluster = clusterOf(fake);
    for (let i = 0; i < 10; i++) {
      appendValues(fake, 't', 0, [`a${2 * i}`, `a${2 * i + 1}`]);
      appendValues(fake, 't', 1, [`b${2 * i}`, `b${2 * i + 1}`]);
    }
  });
  after(async () => {
    await cluster.close();
    await fake.close();
  });

  it('reads assigned partitions on two brokers in order from an offset, positions and lag follow', async () => {
    const c = new Consumer(cluster, fast);
    c.assign([
      { topic: 't', partition: 0, offset: 0n },
      { topic: 't', partition: 1, offset: 4 },
    ]);
    const got = await readRecords(c, 36);
    const p0 = got.filter((r) => r.partition === 0);
    const p1 = got.filter((r) => r.partition === 1);
    assert.deepEqual(
      values(p0),
      Array.from({ length: 20 }, (_, i) => `a${i}`),
    );
    assert.deepEqual(
      values(p1),
      Array.from({ length: 16 }, (_, i) => `b${i + 4}`),
    );
    assert.deepEqual(
      p1.map((r) => r.offset),
      Array.from({ length: 16 }, (_, i) => BigInt(i + 4)),
    );
    assert.equal(got[0]!.timestamp, 1_700_000_000_000);
    // The last record counts as processed once the iterator is left after it... it was not
    // asked past, so the position stays at it: nothing is skipped on the next read.
    const lag = c.lag().sort((a, b) => a.partition - b.partition);
    assert.equal(lag[0]!.endOffset, 20n);
    assert.ok(lag.every((l) => l.lag !== undefined && l.lag <= 1n));
    // Both brokers were fetched from, each with its own partition.
    const nodes = new Set(fake.requests('Fetch').map((r) => r.nodeId));
    assert.deepEqual([...nodes].sort(), [0, 1]);
    await c.close();
  });

  it('leaving the iterator early loses nothing: the next read starts at the first record not processed', async () => {
    const c = new Consumer(cluster, fast);
    c.assign([{ topic: 't', partition: 0, offset: 0n }]);
    assert.deepEqual(values(await readRecords(c, 3)), ['a0', 'a1', 'a2']);
    assert.equal(c.position({ topic: 't', partition: 0 }), 2n);
    assert.deepEqual(values(await readRecords(c, 2)), ['a2', 'a3']);
    await c.close();
  });

  it('uses incremental fetch sessions (KIP-227): later fetches list only changed partitions', async () => {
    // Its own client, so its requests are told apart by connection from earlier consumers' late ones.
    const firstConnection = fake.connectionCount(0);
    const own = clusterOf(fake);
    const c = new Consumer(own, fast);
    c.assign([
      { topic: 't', partition: 0, offset: 0n },
      { topic: 'one', partition: 0 },
    ]);
    await readRecords(c, 20);
    await until('4 fetches', () => c.stats.fetches >= 4);
    const mine = fake.requests('Fetch').filter((r) => r.nodeId === 0 && r.connection >= firstConnection);
    assert.equal(mine[0]!.body.sessionId, 0);
    const later = mine.slice(1).filter((r) => r.body.sessionId !== 0);
    assert.ok(later.length > 0, 'no incremental fetch');
    // A quiet partition ('one', nothing to read) is listed once, when it joins the session
    // (whichever fetch that is: its offset lookup races the first fetches), never again.
    const oneId = own.metadata.topic('one')?.topicId;
    const listingOne = later.filter((r) =>
      r.body.topics.some((t: { topic: string; topicId: string }) => t.topic === 'one' || t.topicId === oneId),
    );
    assert.ok(listingOne.length <= 1, `'one' was listed in ${listingOne.length} incremental fetches`);
    await c.close();
    await own.close();
  });

  it('starts over with a full fetch when the broker forgets the session', async () => {
    const c = new Consumer(cluster, fast);
    c.assign([{ topic: 't', partition: 1, offset: 0n }]);
    await readRecords(c, 2);
    const full = c.stats.fullFetches;
    // The brokers forget every session (as a full session cache evicts them).
    fake.forgetFetchSessions();
    appendValues(fake, 't', 1, ['b-late']);
    const got = await readRecords(c, 20);
    assert.equal(got.at(-1)?.value?.toString(), 'b-late');
    assert.ok(c.stats.fullFetches > full, 'no new full fetch after FETCH_SESSION_ID_NOT_FOUND');
    await c.close();
  });

  it('resets positions from ListOffsets per autoOffsetReset; none throws NoOffsetForPartitionError', async () => {
    const earliest = new Consumer(cluster, { ...fast, autoOffsetReset: 'earliest' });
    earliest.assign([{ topic: 't', partition: 0 }]);
    assert.equal((await readRecords(earliest, 1))[0]!.offset, 0n);
    await earliest.close();

    const latest = new Consumer(cluster, fast);
    latest.assign([{ topic: 'one', partition: 0 }]);
    await until(
      'a position at the latest offset',
      () => latest.position({ topic: 'one', partition: 0 }) !== undefined,
    );
    const at = appendValues(fake, 'one', 0, ['after-start']);
    const got = await readRecords(latest, 1);
    assert.equal(got[0]!.offset, BigInt(at));
    await latest.close();

    const none = new Consumer(cluster, { ...fast, autoOffsetReset: 'none' });
    none.assign([{ topic: 'none', partition: 0 }]);
    await assert.rejects(readRecords(none, 1), NoOffsetForPartitionError);
    await none.close();
  });

  it('seekToBeginning and seekToEnd look the offsets up, whatever the policy says', async () => {
    for (let i = 0; i < 3; i++) appendValues(fake, 'ends', 0, [`e${i}`]);
    const tp = { topic: 'ends', partition: 0 };
    // 'none' would fail a partition without a position: an explicit seek to an end does not.
    const c = new Consumer(cluster, { ...fast, autoOffsetReset: 'none' });
    c.assign([{ ...tp, offset: 2n }]);
    assert.deepEqual(values(await readRecords(c, 1)), ['e2']);
    c.seekToBeginning([tp]);
    assert.deepEqual(values(await readRecords(c, 3)), ['e0', 'e1', 'e2']);
    c.seekToEnd([tp]);
    await until('a position at the end', () => c.position(tp) === 3n);
    appendValues(fake, 'ends', 0, ['e3']);
    assert.deepEqual(values(await readRecords(c, 1)), ['e3']);
    assert.throws(() => c.seekToEnd([{ topic: 'ends', partition: 1 }]), UnassignedPartitionError);
    await c.close();
    assert.throws(() => c.seekToBeginning([tp]), ClientClosedError);
  });

  it('handles OFFSET_OUT_OF_RANGE: reset under earliest, OffsetOutOfRangeError under none', async () => {
    for (let i = 0; i < 5; i++) appendValues(fake, 'trunc', 0, [`r${i}`]);
    fake.deleteRecordsBefore('trunc', 0, 3n);
    const c = new Consumer(cluster, { ...fast, autoOffsetReset: 'earliest' });
    c.assign([{ topic: 'trunc', partition: 0, offset: 1n }]);
    assert.deepEqual(values(await readRecords(c, 2)), ['r3', 'r4']);
    await c.close();
    const strict = new Consumer(cluster, { ...fast, autoOffsetReset: 'none' });
    strict.assign([{ topic: 'trunc', partition: 0, offset: 0n }]);
    const error = await readRecords(strict, 1).catch((e) => e);
    assert.ok(error instanceof OffsetOutOfRangeError);
    assert.equal(error.offset, 0n);
    // A seek clears the error and reading goes on.
    strict.seek({ topic: 'trunc', partition: 0, offset: 4n });
    assert.deepEqual(values(await readRecords(strict, 1)), ['r4']);
    await strict.close();
  });

  it('follows a leader change: NOT_LEADER_OR_FOLLOWER, metadata refresh, no record lost or repeated', async () => {
    for (let i = 0; i < 4; i++) appendValues(fake, 'moving', 0, [`m${i}`]);
    const c = new Consumer(cluster, fast);
    c.assign([{ topic: 'moving', partition: 0, offset: 0n }]);
    const first = await readRecords(c, 2);
    fake.moveLeader('moving', 0, 1);
    for (let i = 4; i < 8; i++) appendValues(fake, 'moving', 0, [`m${i}`]);
    const rest = await readRecords(c, 7);
    assert.deepEqual(
      [...values(first), ...values(rest)].filter((v, i, a) => a.indexOf(v) === i),
      Array.from({ length: 8 }, (_, i) => `m${i}`),
    );
    assert.equal(rest[0]!.offset, 1n, 'resumed at the first record not processed');
    assert.ok(
      fake
        .requests('Fetch')
        .some(
          (r) =>
            r.nodeId === 1 &&
            r.body.topics.some(
              (t: { topic: string; topicId: string }) =>
                t.topic === 'moving' || t.topicId === fake.topic('moving')!.topicId,
            ),
        ),
      'never fetched from the new leader',
    );
    await c.close();
  });

  it('read_committed hides aborted records and control records; read_uncommitted hides only control records', async () => {
    appendValues(fake, 'tx', 0, ['t1-a', 't1-b'], { producerId: 7n, transactional: true });
    fake.endTransaction('tx', 0, 7n, 'abort');
    appendValues(fake, 'tx', 0, ['t2-a'], { producerId: 8n, transactional: true });
    fake.endTransaction('tx', 0, 8n, 'commit');
    appendValues(fake, 'tx', 0, ['plain']);
    const committed = new Consumer(cluster, { ...fast, isolationLevel: 'read_committed' });
    committed.assign([{ topic: 'tx', partition: 0, offset: 0n }]);
    assert.deepEqual(values(await readRecords(committed, 2)), ['t2-a', 'plain']);
    await committed.close();
    const all = new Consumer(cluster, fast);
    all.assign([{ topic: 'tx', partition: 0, offset: 0n }]);
    const got = await readRecords(all, 4);
    assert.deepEqual(values(got), ['t1-a', 't1-b', 't2-a', 'plain']);
    assert.deepEqual(
      got.map((r) => r.offset),
      [0n, 1n, 3n, 5n],
    );
    await all.close();
  });

  it('bounds prefetch per partition: an unread or paused partition stops being fetched, others go on', async () => {
    const c = new Consumer(cluster, { ...fast, maxPartitionBytes: 100, prefetchBytesPerPartition: 100 });
    c.assign([
      { topic: 't', partition: 0, offset: 0n },
      { topic: 't', partition: 1, offset: 0n },
    ]);
    c.pause([{ topic: 't', partition: 0 }]);
    assert.deepEqual(c.paused(), [{ topic: 't', partition: 0 }]);
    const got = await readRecords(c, 15);
    assert.ok(
      got.every((r) => r.partition === 1),
      'a paused partition was handed out',
    );
    // Without reading, the buffers fill to their bound and fetching stops.
    await new Promise((r) => setTimeout(r, 100));
    const fetches = c.stats.fetches;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(c.stats.fetches, fetches, 'kept fetching although nothing was read');
    c.resume([{ topic: 't', partition: 0 }]);
    const more = await readRecords(c, 10);
    assert.ok(more.some((r) => r.partition === 0));
    await c.close();
  });

  it('run(): a slow handler on one partition does not hold up another (partitionsConsumedConcurrently 2)', async () => {
    const c = new Consumer(cluster, fast);
    c.assign([
      { topic: 't', partition: 0, offset: 0n },
      { topic: 't', partition: 1, offset: 0n },
    ]);
    let release: () => void = () => {};
    const blocked = new Promise<void>((r) => {
      release = r;
    });
    const seen: string[] = [];
    const running = c.run({
      partitionsConsumedConcurrently: 2,
      eachMessage: async (r) => {
        seen.push(r.value!.toString());
        if (r.partition === 0) await blocked;
      },
    });
    await until(
      'partition 1 read on while partition 0 is blocked',
      () => seen.filter((v) => v.startsWith('b')).length >= 20 && seen.some((v) => v.startsWith('a')),
    );
    assert.deepEqual(
      seen.filter((v) => v.startsWith('a')),
      ['a0'],
    );
    release();
    await until(
      'partition 0 read after the release',
      () => seen.filter((v) => v.startsWith('a')).length >= 20,
    );
    await c.close();
    await running;
    // Every record of partition 1 was processed (b0..b19 plus the late one appended earlier).
    assert.equal(c.position({ topic: 't', partition: 1 }), fake.offsets('t', 1).logEndOffset);
  });

  it('run(): a throwing handler stops the run and keeps the failed record unprocessed', async () => {
    const c = new Consumer(cluster, fast);
    c.assign([{ topic: 't', partition: 0, offset: 0n }]);
    const boom = new Error('boom');
    await assert.rejects(
      c.run({
        eachMessage: (r) => {
          if (r.offset === 3n) throw boom;
        },
      }),
      (e) => e === boom,
    );
    assert.equal(c.position({ topic: 't', partition: 0 }), 3n);
    assert.deepEqual(values(await readRecords(c, 1)), ['a3']);
    await c.close();
  });

  it('bad input and closed consumers fail with typed errors', async () => {
    assert.throws(() => new Consumer(cluster, { autoOffsetReset: 'oldest' as never }), ConfigurationError);
    assert.throws(() => new Consumer(cluster, { maxWaitMs: -1 }), ConfigurationError);
    const c = new Consumer(cluster, fast);
    assert.throws(() => c.assign([{ topic: '', partition: 0 }]), InvalidArgumentError);
    assert.throws(() => c.assign([{ topic: 't', partition: -1 }]), InvalidArgumentError);
    c.assign([{ topic: 't', partition: 0 }]);
    assert.throws(() => c.seek({ topic: 't', partition: 1, offset: 0n }), UnassignedPartitionError);
    assert.throws(() => c.seek({ topic: 't', partition: 0, offset: -1n }), InvalidArgumentError);
    assert.throws(() => c.pause([{ topic: 'x', partition: 0 }]), UnassignedPartitionError);
    assert.throws(() => c.run({}), InvalidArgumentError);
    const closing = c.close();
    assert.equal(c.close(), closing, 'every close() returns the same promise');
    await closing;
    assert.throws(() => c.seek({ topic: 't', partition: 0, offset: 0n }), ClientClosedError);
    assert.throws(() => c.assign([]), ClientClosedError);
  });

  it('fetches from the preferred read replica the leader names when clientRack is set (KIP-392)', async () => {
    const c = new Consumer(cluster, { ...fast, clientRack: 'rack-b' });
    c.assign([{ topic: 't', partition: 0, offset: 0n }]);
    const got = await readRecords(c, 3);
    assert.deepEqual(values(got), ['a0', 'a1', 'a2']);
    const rackFetches = fake.requests('Fetch').filter((r) => r.body.rackId === 'rack-b');
    assert.ok(
      rackFetches.some((r) => r.nodeId === 0),
      'never asked the leader',
    );
    assert.ok(
      rackFetches.some((r) => r.nodeId === 1),
      'never fetched from the preferred replica',
    );
    await c.close();
  });
});
