/**
 * Record batches (magic 2) and every codec against a real Kafka 4.x broker and Apache Kafka's
 * own Java client (docs/implementation.html §5.3; Java's `DefaultRecordBatch`,
 * `MemoryRecordsBuilder` and the `compression` package):
 * - batches the Java console producer writes with each codec decode in kafe, record for record;
 * - batches kafe writes with each codec are accepted by the broker, kept as written, and read
 *   back field for field (offset, timestamp, headers, key, value) by the Java console consumer.
 * Produce and Fetch go through the test-only raw client at the highest versions both sides know.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompressionType, compressionName } from '../../../src/protocol/compression/index.js';
import {
  decodeRecordBatches,
  encodeRecordBatchAsync,
  MAGIC_V2,
  type RecordInput,
  TimestampType,
} from '../../../src/protocol/records/index.js';
import { clusterUnderTest, createTopic, uniqueTopic } from '../cluster-under-test.js';
import { consumeWithJava, produceWithJava, type TextRecord } from '../console-records.js';
import { RawKafkaClient } from '../raw-kafka-client.js';
import {
  createLogAppendTimeTopic,
  decodedAsText,
  fetchAndDecode,
  sampleRecords,
  textOnly,
  utf8,
  waitUntilServed,
} from '../record-interop-fixtures.js';

const CODECS = [
  CompressionType.none,
  CompressionType.gzip,
  CompressionType.snappy,
  CompressionType.lz4,
  CompressionType.zstd,
] as const;

function asInput(records: readonly TextRecord[], timestampOf: (i: number) => number): RecordInput[] {
  return records.map((r, i) => ({
    key: utf8(r.key),
    value: utf8(r.value),
    headers: r.headers.map(([key, value]) => ({ key, value: utf8(value) })),
    timestamp: timestampOf(i),
  }));
}

describe('magic 2 record batches and codecs against Kafka 4.x', () => {
  const cluster = clusterUnderTest();
  let client: RawKafkaClient;

  before(async () => {
    client = await RawKafkaClient.connect(cluster.bootstrapFor('plaintext'));
  });
  after(() => client?.close());

  const fetchFrom = (topic: string) => async (offset: bigint) => {
    const partition = await client.fetch(topic, 0, offset);
    assert.equal(partition.errorCode, 0, `fetch ${topic} at ${offset}`);
    return partition.records;
  };

  it('talks to the broker with the newest Produce and Fetch versions (topic ids)', () => {
    assert.match(cluster.info.version, /^4\./);
    // Both sides at 4.4: the negotiated versions are kafe's newest, which name topics by id.
    assert.ok(client.version('Produce') >= 13, `Produce v${client.version('Produce')}`);
    assert.ok(client.version('Fetch') >= 13, `Fetch v${client.version('Fetch')}`);
  });

  for (const codec of CODECS) {
    const name = compressionName(codec);

    it(`decodes what the Java producer wrote with ${name}`, async () => {
      const topic = uniqueTopic(`java-${name}`);
      await createTopic(cluster, topic, 1, 1);
      const written = sampleRecords(40, { withHeaders: true, withNulls: true, big: true });
      const startedAt = Date.now();
      await produceWithJava(cluster, topic, written, name);
      const endedAt = Date.now();

      await waitUntilServed(client, topic);
      const batches = await fetchAndDecode(fetchFrom(topic), written.length);
      // The 150 kB record does not fit the producer's 16 KiB batch.size: at least 3 batches.
      assert.ok(batches.length >= 3, `${batches.length} batches`);
      for (const batch of batches) {
        assert.equal(batch.magic, MAGIC_V2);
        assert.equal(batch.compression, codec);
        assert.equal(batch.timestampType, TimestampType.createTime);
        assert.equal(batch.isControl, false);
        // The 4.x producer is idempotent by default: one producer id, sequences = offsets here.
        assert.ok(batch.producerId >= 0n);
        assert.equal(batch.producerId, batches[0]?.producerId);
        assert.equal(batch.baseSequence, Number(batch.baseOffset));
      }
      const read = decodedAsText(batches);
      assert.deepEqual(
        read.map((r) => r.offset),
        written.map((_, i) => BigInt(i)),
      );
      assert.deepEqual(textOnly(read), textOnly(written));
      for (const r of read) {
        assert.ok(r.timestamp >= startedAt && r.timestamp <= endedAt, `timestamp ${r.timestamp}`);
      }
    });

    it(`writes ${name} batches that the broker keeps and the Java consumer reads back`, async () => {
      const topic = uniqueTopic(`kafe-${name}`);
      await createTopic(cluster, topic, 1, 1);
      await waitUntilServed(client, topic);
      const first = sampleRecords(25, { withHeaders: true, withNulls: true, big: true });
      const second = sampleRecords(10, { withHeaders: false, withNulls: false, big: false });
      const all = [...first, ...second];
      // Distinct, known create times, an hour back so that nothing can mistake them for "now".
      const base = Date.now() - 3_600_000;
      const timestampOf = (i: number) => base + i * 7;

      const p1 = await client.produce(
        topic,
        0,
        await encodeRecordBatchAsync(asInput(first, timestampOf), { compression: codec }),
      );
      assert.equal(p1.errorCode, 0, p1.errorMessage ?? undefined);
      assert.equal(p1.baseOffset, 0n);
      const p2 = await client.produce(
        topic,
        0,
        await encodeRecordBatchAsync(
          asInput(second, (i) => timestampOf(first.length + i)),
          { compression: codec },
        ),
      );
      assert.equal(p2.errorCode, 0, p2.errorMessage ?? undefined);
      assert.equal(p2.baseOffset, BigInt(first.length));

      const consumed = await consumeWithJava(cluster, topic, all.length);
      assert.deepEqual(
        consumed.map((r) => r.offset),
        all.map((_, i) => BigInt(i)),
      );
      assert.deepEqual(
        consumed.map((r) => r.timestamp),
        all.map((_, i) => ({ type: 'CreateTime', ms: timestampOf(i) })),
      );
      assert.deepEqual(textOnly(consumed), textOnly(all));

      // The topic's compression.type is `producer`: the broker stores the batches as sent.
      const stored = await fetchAndDecode(fetchFrom(topic), all.length);
      assert.deepEqual(
        stored.map((b) => [b.compression, b.records.length]),
        [
          [codec, first.length],
          [codec, second.length],
        ],
      );
      assert.deepEqual(textOnly(decodedAsText(stored)), textOnly(all));
    });
  }

  it('stops at the partial batch the broker cuts at the fetch size, and resumes after it', async () => {
    const topic = uniqueTopic('kafe-partial');
    await createTopic(cluster, topic, 1, 1);
    await waitUntilServed(client, topic);
    const sets = [0, 1, 2, 3, 4].map((b) =>
      sampleRecords(6, { withHeaders: true, withNulls: false, big: false }).map((r) => ({
        ...r,
        value: `batch ${b} ${r.value} ${'x'.repeat(60)}`,
      })),
    );
    for (const [b, set] of sets.entries()) {
      const batch = await encodeRecordBatchAsync(
        asInput(set, (i) => 1_700_000_000_000 + b * 10 + i),
        { compression: b % 2 === 0 ? CompressionType.none : CompressionType.snappy },
      );
      const produced = await client.produce(topic, 0, batch);
      assert.equal(produced.errorCode, 0, produced.errorMessage ?? undefined);
    }
    // Each batch is a few hundred bytes: 1000 bytes hold two whole batches and a cut third
    // (the broker slices the log at the byte limit, KIP-74).
    const records: TextRecord[] = [];
    let sawPartial = false;
    for (let offset = 0n, fetches = 0; records.length < 30; fetches++) {
      assert.ok(fetches < 20, 'too many fetches');
      const partition = await client.fetch(topic, 0, offset, { maxBytes: 1000 });
      assert.equal(partition.errorCode, 0);
      const bytes = partition.records ?? new Uint8Array(0);
      const decoded = decodeRecordBatches(bytes);
      assert.equal(decoded.partial, decoded.end < bytes.length);
      sawPartial ||= decoded.partial;
      const last = decoded.batches.at(-1);
      assert.ok(last !== undefined, `no whole batch at offset ${offset}`);
      records.push(...decodedAsText(decoded.batches));
      offset = last.baseOffset + BigInt(last.lastOffsetDelta) + 1n;
    }
    assert.ok(sawPartial, 'a fetch ended in a partial batch');
    assert.deepEqual(textOnly(records), textOnly(sets.flat()));
  });

  it("gives LogAppendTime batches the broker's append time, as the Java consumer does", async () => {
    const topic = uniqueTopic('kafe-log-append');
    await createLogAppendTimeTopic(cluster, topic);
    await waitUntilServed(client, topic);
    const written = sampleRecords(12, { withHeaders: true, withNulls: true, big: false });
    const createTime = Date.now() - 3_600_000;
    const produced = await client.produce(
      topic,
      0,
      await encodeRecordBatchAsync(
        asInput(written, (i) => createTime + i),
        { compression: CompressionType.gzip },
      ),
    );
    assert.equal(produced.errorCode, 0, produced.errorMessage ?? undefined);
    const appendTime = Number(produced.logAppendTimeMs);
    assert.ok(appendTime > createTime + written.length, `append time ${appendTime}`);

    // The broker sets the timestamp-type bit and maxTimestamp, leaving the record deltas:
    // every record's timestamp is then the batch's maxTimestamp (Java's DefaultRecordBatch).
    const stored = await fetchAndDecode(fetchFrom(topic), written.length);
    for (const batch of stored) {
      assert.equal(batch.timestampType, TimestampType.logAppendTime);
      assert.equal(batch.maxTimestamp, BigInt(appendTime));
    }
    const read = decodedAsText(stored);
    assert.deepEqual(
      read.map((r) => r.timestamp),
      written.map(() => appendTime),
    );
    const consumed = await consumeWithJava(cluster, topic, written.length);
    assert.deepEqual(
      consumed.map((r) => r.timestamp),
      written.map(() => ({ type: 'LogAppendTime', ms: appendTime })),
    );
    assert.deepEqual(textOnly(consumed), textOnly(read));
  });
});
