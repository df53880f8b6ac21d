/**
 * Records and offsets through the admin client on a real broker: listOffsets for every spec
 * (earliest, latest, by timestamp, max-timestamp, earliest-local, latest-tiered, read_committed)
 * agreeing with `kafka-get-offsets`, and deleteRecords agreeing with `kafka-delete-records` both
 * ways; bad input failing its own partition.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OffsetSpec } from '../../src/admin/records.js';
import { deleteRecordsWithTool, offsetsWithTool } from './admin-tools.js';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from './cluster-under-test.js';

/** Registers the suite under `label`. */
export function adminRecordChecks(label: string): void {
  describe(`admin records and offsets on ${label}`, () => {
    const cluster = clusterUnderTest();
    const kafka = kafkaUnderTest({ clientId: 'kafe-admin-records', timeoutMs: 30_000 });
    const admin = () => kafka.admin();
    const base = Date.now() - 60_000;

    /** A topic of 2 partitions; partition 0 holds 10 records, timestamps base + 0, 10, ..., the largest at offset 7. */
    const filledTopic = async () => {
      const topic = uniqueTopic('records');
      (await admin().createTopics([{ topic, partitions: 2 }])).throwIfFailed();
      const stamps = [0, 10, 20, 30, 40, 50, 60, 500, 70, 80];
      const producer = kafka.producer();
      await producer.sendBatch(
        stamps.map((s, i) => ({ topic, partition: 0, value: `v${i}`, timestamp: base + s })),
      );
      await producer.close();
      return topic;
    };

    it('lists offsets for every spec, as kafka-get-offsets does', async () => {
      const topic = await filledTopic();
      // One spec per partition and call (Java: a map of partition to spec); both partitions at once.
      const lookup = async (spec: OffsetSpec) => {
        const results = await admin().listOffsets([
          { topic, partition: 0, spec },
          { topic, partition: 1, spec },
        ]);
        return [results.get(`${topic}/0`), results.get({ topic, partition: 1, spec })];
      };
      const specs: OffsetSpec[] = [
        'earliest',
        'latest',
        'max-timestamp',
        { timestamp: base + 25 },
        { timestamp: base + 10_000 },
        'earliest-local',
      ];
      const found = await Promise.all(specs.map(lookup));
      assert.deepEqual(
        found.map(([p0, p1]) => [p0?.offset, p1?.offset]),
        [
          [0n, 0n],
          [10n, 0n],
          [7n, null],
          [3n, null],
          [null, null],
          [0n, 0n],
        ],
      );
      assert.equal(found[2]?.[0]?.timestamp, BigInt(base + 500));
      const tool = await Promise.all([-2, -1, -3].map((t) => offsetsWithTool(cluster, topic, t)));
      assert.deepEqual(
        tool.map((m) => m.get(0)),
        [0, 10, 7],
      );
      const query = (spec: OffsetSpec) => ({ topic, partition: 0, spec });
      const committed = await admin().listOffsets([query('latest')], { isolationLevel: 'read_committed' });
      assert.equal(
        committed.get(`${topic}/0`).offset,
        10n,
        'no transactions: the last stable offset is the end',
      );
      const tiered = await admin().listOffsets([query('latest-tiered')]);
      assert.equal(tiered.get(`${topic}/0`).offset, null, 'no tiered storage: nothing tiered');
    });

    it('deleteRecords moves the log start; kafka-delete-records and kafe see each other’s deletions', async () => {
      const topic = await filledTopic();
      const deleted = await admin().deleteRecords([{ topic, partition: 0, beforeOffset: 4 }]);
      assert.equal(deleted.get(`${topic}/0`), 4n);
      assert.equal((await offsetsWithTool(cluster, topic, -2)).get(0), 4);
      await deleteRecordsWithTool(cluster, topic, 0, 6);
      const earliest = await admin().listOffsets([{ topic, partition: 0, spec: 'earliest' }]);
      assert.equal(earliest.get(`${topic}/0`).offset, 6n);
      const all = await admin().deleteRecords([{ topic, partition: 0, beforeOffset: -1 }]);
      assert.equal(all.get(`${topic}/0`), 10n, '-1: up to the high watermark');
    });

    it('bad input fails its own partition with a typed error naming it; the others are served', async () => {
      const topic = await filledTopic();
      const missing = uniqueTopic('missing');
      const results = await admin().deleteRecords([
        { topic, partition: 0, beforeOffset: 2 },
        { topic, partition: 1, beforeOffset: 50 },
        { topic, partition: 9, beforeOffset: 1 },
        { topic: missing, partition: 0, beforeOffset: 1 },
        { topic, partition: -1, beforeOffset: 1 },
        { topic: '', partition: 0, beforeOffset: 1 },
      ]);
      assert.deepEqual(
        [...results].map((o) => [o.name, o.error?.code ?? String(o.value)]),
        [
          [`${topic}/0`, '2'],
          [`${topic}/1`, 'OFFSET_OUT_OF_RANGE'],
          [`${topic}/9`, 'UNKNOWN_TOPIC_OR_PARTITION'],
          [`${missing}/0`, 'UNKNOWN_TOPIC_OR_PARTITION'],
          [`${topic}/-1`, 'INVALID_ARGUMENT'],
          ['/0', 'INVALID_ARGUMENT'],
        ],
      );
      assert.match(results.error(`${missing}/0`)?.message ?? '', new RegExp(`^partition ${missing}/0: `));
      const negative = await admin().deleteRecords([{ topic, partition: 0, beforeOffset: -7 }]);
      assert.match(negative.error(`${topic}/0`)?.message ?? '', /beforeOffset -7 is not an offset/);
      const specs = await admin().listOffsets([
        { topic, partition: 0, spec: { timestamp: -5 } },
        { topic, partition: 1, spec: 'newest' as OffsetSpec },
      ]);
      assert.deepEqual(
        specs.errors.map((e) => e.code),
        ['INVALID_ARGUMENT', 'INVALID_ARGUMENT'],
      );
    });
  });
}
