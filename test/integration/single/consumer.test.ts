/**
 * The consumer on a real Kafka 4.x broker, manual assignment: everything the kafe producer and
 * the Java console producer wrote is read back once and in order per partition (compressed
 * batches included), incremental fetch sessions are used, offset reset and out-of-range
 * positions behave per `autoOffsetReset`, lag reaches zero; a commit is answered while a fetch
 * is parked on the same broker.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import { ClientClosedError } from '../../../src/cluster/errors.js';
import type { ConsumerRecord } from '../../../src/consumer/consumer-record.js';
import { OffsetOutOfRangeError, UnassignedPartitionError } from '../../../src/consumer/errors.js';
import { readRecords } from '../../support/read-records.js';
import { until } from '../../support/until.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { produceWithJava } from '../console-records.js';

describe('Consumer on a Kafka 4.x broker (manual assignment)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-consumer-it' });

  it('reads back what kafe (gzip, zstd, none) and Java produced, once and in order per partition', async () => {
    const topic = uniqueTopic('consume');
    (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 1 }])).throwIfFailed();
    const expected: string[][] = [[], [], []];
    for (const compression of ['gzip', 'zstd', 'none'] as const) {
      const producer = kafka.producer({ compression, lingerMs: 2 });
      const records = Array.from({ length: 3000 }, (_, i) => ({
        topic,
        partition: i % 3,
        value: `${compression}-${i}`,
      }));
      await producer.sendBatch(records);
      await producer.close();
      for (const r of records) expected[r.partition]!.push(r.value);
    }
    await produceWithJava(
      cluster,
      topic,
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `java-${i}`, headers: [] })),
      'lz4',
    );
    const consumer = kafka.consumer({ autoOffsetReset: 'earliest', maxPartitionBytes: 64 * 1024 });
    consumer.assign([0, 1, 2].map((partition) => ({ topic, partition })));
    const got = await readRecords(consumer, 9030);
    for (const p of [0, 1, 2]) {
      const mine = got.filter((r) => r.partition === p);
      const offsets = mine.map((r) => r.offset);
      assert.deepEqual(
        offsets,
        Array.from({ length: offsets.length }, (_, i) => BigInt(i)),
        `partition ${p}`,
      );
      assert.deepEqual(
        mine.map((r) => r.value!.toString()).filter((v) => !v.startsWith('java-')),
        expected[p],
      );
    }
    assert.equal(got.filter((r) => r.value!.toString().startsWith('java-')).length, 30);
    assert.ok(consumer.stats.fetches > consumer.stats.fullFetches, 'no incremental fetch session was used');
    // Leaving the loop left the last record unprocessed (a `break` and a throw look the same to
    // an iterator): it comes again, and only it; once the next one is asked for, lag is zero.
    const done = new AbortController();
    const again: ConsumerRecord[] = [];
    setTimeout(() => done.abort(), 1000);
    for await (const r of consumer.records({ signal: done.signal })) again.push(r);
    assert.deepEqual(
      again.map((r) => r.offset),
      [got.at(-1)!.offset],
    );
    const lag = consumer.lag();
    assert.deepEqual(
      lag.map((l) => l.lag),
      [0n, 0n, 0n],
    );
    await consumer.close();
  });

  it('latest starts at the end; an out-of-range position resets or throws per autoOffsetReset', async () => {
    const topic = uniqueTopic('reset');
    (await kafka.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
    const producer = kafka.producer();
    await producer.sendBatch([
      { topic, value: 'old-0' },
      { topic, value: 'old-1' },
    ]);
    const latest = kafka.consumer();
    latest.assign([{ topic, partition: 0 }]);
    const deadline = Date.now() + 10_000;
    while (latest.position({ topic, partition: 0 }) === undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(latest.position({ topic, partition: 0 }), 2n);
    await producer.send({ topic, value: 'new' });
    assert.deepEqual(
      (await readRecords(latest, 1)).map((r) => r.value!.toString()),
      ['new'],
    );
    assert.throws(() => latest.seek({ topic, partition: 1, offset: 0n }), UnassignedPartitionError);
    await latest.close();

    const strict = kafka.consumer({ autoOffsetReset: 'none' });
    strict.assign([{ topic, partition: 0, offset: 100n }]);
    await assert.rejects(readRecords(strict, 1), OffsetOutOfRangeError);
    await strict.close();

    const earliest = kafka.consumer({ autoOffsetReset: 'earliest' });
    earliest.assign([{ topic, partition: 0, offset: 100n }]);
    assert.equal((await readRecords(earliest, 1))[0]!.value!.toString(), 'old-0');
    await earliest.close();

    // Java's seekToBeginning / seekToEnd, whatever autoOffsetReset says (none here).
    const seeking = kafka.consumer({ autoOffsetReset: 'none' });
    const tp = { topic, partition: 0 };
    seeking.assign([{ ...tp, offset: 2n }]);
    assert.equal((await readRecords(seeking, 1))[0]!.value!.toString(), 'new');
    seeking.seekToBeginning([tp]);
    assert.deepEqual(
      (await readRecords(seeking, 3)).map((r) => r.value!.toString()),
      ['old-0', 'old-1', 'new'],
    );
    seeking.seekToEnd([tp]);
    await until('the end looked up', () => seeking.position(tp) === 3n);
    await producer.send({ topic, value: 'newer' });
    assert.deepEqual(
      (await readRecords(seeking, 1)).map((r) => r.value!.toString()),
      ['newer'],
    );
    await seeking.close();
    await producer.close();
  });

  it('run({ eachBatch }) hands out batches and stops on close', async () => {
    const topic = uniqueTopic('run');
    (await kafka.admin().createTopics([{ topic, partitions: 2, replicationFactor: 1 }])).throwIfFailed();
    const producer = kafka.producer();
    await producer.sendBatch(
      Array.from({ length: 1000 }, (_, i) => ({ topic, partition: i % 2, value: `${i}` })),
    );
    await producer.close();
    const consumer = kafka.consumer({ autoOffsetReset: 'earliest' });
    consumer.assign([
      { topic, partition: 0 },
      { topic, partition: 1 },
    ]);
    let count = 0;
    let reached: () => void = () => {};
    const all = new Promise<void>((r) => {
      reached = r;
    });
    const running = consumer.run({
      partitionsConsumedConcurrently: 2,
      eachBatch: (batch) => {
        count += batch.count;
        if (count === 1000) reached();
      },
    });
    await all;
    await consumer.close();
    await running;
    assert.equal(count, 1000);
    assert.deepEqual(
      consumer.lag().map((l) => l.lag),
      [0n, 0n],
    );
  });

  it('commits to a group (no membership): a later consumer of the group and the Java tool see the offsets', async () => {
    const topic = uniqueTopic('commit');
    const groupId = uniqueTopic('group');
    (await kafka.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
    const producer = kafka.producer();
    await producer.sendBatch(Array.from({ length: 10 }, (_, i) => ({ topic, value: `c${i}` })));
    await producer.close();
    const first = kafka.consumer({ groupId, autoOffsetReset: 'earliest' });
    first.assign([{ topic, partition: 0 }]);
    await readRecords(first, 5); // processed: 0..3
    await first.close(); // auto-commit on close
    // Without auto-commit: its close would commit its own position (4) over the explicit 7, as Java's does.
    const second = kafka.consumer({ groupId, autoOffsetReset: 'earliest', autoCommit: false });
    second.assign([{ topic, partition: 0 }]);
    assert.equal((await readRecords(second, 1))[0]!.offset, 4n);
    await second.commit([{ topic, partition: 0, offset: 7n }]);
    await second.close();
    await assert.rejects(second.commit(), ClientClosedError);
    const described = await runKafkaTool(cluster, 'consumer-groups', [
      '--bootstrap-server',
      cluster.bootstrapFor('plaintext'),
      '--describe',
      '--group',
      groupId,
    ]);
    const line = described.stdout.split('\n').find((l) => l.includes(topic));
    assert.ok(line !== undefined, described.stdout);
    assert.match(line, /\s7\s/);
  });

  it('a commit does not wait behind a fetch parked on the broker: the group coordinator has a connection of its own', async () => {
    const topic = uniqueTopic('parked');
    (await kafka.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
    // The topic stays empty: every fetch is parked by the broker for maxWaitMs (20 s).
    const fetches = new Set<object>();
    let fetchesEnded = 0;
    const settled = (ctx: object) => {
      if ((ctx as { api?: string }).api !== 'Fetch') return;
      fetches.delete(ctx);
      fetchesEnded++;
    };
    const handlers = {
      start: (ctx: object) => {
        if ((ctx as { api?: string }).api === 'Fetch') fetches.add(ctx);
      },
      end: () => {},
      asyncStart: () => {},
      asyncEnd: settled,
      error: settled,
    };
    const requests = diagnostics.tracingChannel('kafe:request');
    requests.subscribe(handlers);
    const consumer = kafka.consumer({ groupId: uniqueTopic('parked-group'), maxWaitMs: 20_000 });
    try {
      consumer.assign([{ topic, partition: 0 }]);
      await until('a fetch in flight', () => fetches.size === 1);
      const endedBefore = fetchesEnded;
      // Before: the broker answers a connection's requests in order, so this commit waited for
      // the parked fetch (20 s) and the next fetch waited for the commit.
      await consumer.commit([{ topic, partition: 0, offset: 0n }]);
      assert.equal(fetchesEnded, endedBefore, 'the commit was answered only after the parked fetch');
      assert.equal(fetches.size, 1);
    } finally {
      requests.unsubscribe(handlers);
      await consumer.close();
    }
  });
});
