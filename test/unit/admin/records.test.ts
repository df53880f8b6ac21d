/**
 * listOffsets and deleteRecords on a fake cluster of three brokers: one request per leader
 * broker, a spec the leader's ListOffsets version cannot serve failing only its partition, a
 * partition answered NOT_LEADER_OR_FOLLOWER asked again alone, and per-partition errors.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';
import { FakeKafka } from '../../../src/testing/index.js';

describe('Admin records and offsets against a fake cluster', () => {
  let fake: FakeKafka;
  let kafka: Kafka;

  beforeEach(async () => {
    fake = await FakeKafka.start({ brokers: 3 });
    fake.createTopic({ name: 't', partitions: 3 });
    for (const [partition, node] of [0, 1, 2].entries()) fake.moveLeader('t', partition, node);
    kafka = new Kafka({ brokers: fake.bootstrap, timeoutMs: 3000, retryBackoffMs: 5, retryBackoffMaxMs: 20 });
    const producer = kafka.producer();
    await producer.sendBatch(
      Array.from({ length: 9 }, (_, i) => ({
        topic: 't',
        partition: i % 3,
        value: `v${i}`,
        timestamp: 1000 + i,
      })),
    );
    await producer.close();
    fake.clearRequests();
  });
  afterEach(async () => {
    await kafka.close();
    await fake.close();
  });

  it('asks each leader once for its partitions', async () => {
    const results = await kafka.admin().listOffsets([
      { topic: 't', partition: 0, spec: 'latest' },
      { topic: 't', partition: 1, spec: { timestamp: 1004 } },
      { topic: 't', partition: 2, spec: 'max-timestamp' },
    ]);
    assert.deepEqual(
      [...results].map((o) => [o.name, o.value?.offset, o.value?.timestamp]),
      [
        ['t/0', 3n, -1n],
        ['t/1', 1n, 1004n],
        ['t/2', 2n, 1008n],
      ],
    );
    assert.deepEqual(
      fake
        .requests('ListOffsets')
        .map((r) => r.nodeId)
        .sort(),
      [0, 1, 2],
    );
  });

  it('fails only the partition whose spec the leader’s ListOffsets version does not serve', async () => {
    const old = new Kafka({ brokers: fake.bootstrap, timeoutMs: 3000, maxVersions: { ListOffsets: 6 } });
    try {
      const results = await old.admin().listOffsets([
        { topic: 't', partition: 0, spec: 'max-timestamp' },
        { topic: 't', partition: 1, spec: 'earliest' },
      ]);
      assert.equal(results.error('t/0')?.code, 'UNSUPPORTED_VERSION');
      assert.match(
        results.error('t/0')?.message ?? '',
        /^partition t\/0: .*max-timestamp needs ListOffsets v7, the leader serves v6/,
      );
      assert.equal(results.get('t/1').offset, 0n);
    } finally {
      await old.close();
    }
  });

  it('deletes records up to an offset or the high watermark; a moved leader is asked again for its partition only', async () => {
    const moved = fake.failNext('DeleteRecords', {
      errorCode: errorCodes.NOT_LEADER_OR_FOLLOWER.code,
      topic: 't',
      partition: 1,
    });
    const results = await kafka.admin().deleteRecords([
      { topic: 't', partition: 0, beforeOffset: 2 },
      { topic: 't', partition: 1, beforeOffset: -1 },
      { topic: 't', partition: 2, beforeOffset: 99n },
      { topic: 't', partition: 7, beforeOffset: 1 },
    ]);
    assert.deepEqual(
      [...results].map((o) => [o.name, o.error?.code ?? o.value]),
      [
        ['t/0', 2n],
        ['t/1', 3n],
        ['t/2', 'OFFSET_OUT_OF_RANGE'],
        ['t/7', 'UNKNOWN_TOPIC_OR_PARTITION'],
      ],
    );
    assert.equal(moved.fired, 1);
    assert.deepEqual(fake.offsets('t', 0), { logStartOffset: 2n, logEndOffset: 3n });
    const sent = fake
      .requests('DeleteRecords')
      .map((r) =>
        r.body.topics.flatMap((t: { partitions: { partitionIndex: number }[] }) =>
          t.partitions.map((p) => p.partitionIndex),
        ),
      );
    assert.equal(sent.length, 4, 'one per leader, then partition 1 again');
    assert.deepEqual(sent.at(-1), [1]);
  });
});
