/**
 * Legacy message sets (magic 0 and 1, docs/implementation.html §5.3.3) against a real Kafka 3.9
 * broker, the last line that still serves the request versions that carry them (KIP-896 removed
 * them in 4.0). A 3.9 broker stores everything as magic 2 whatever it is sent, so:
 * - kafe decodes what the broker down-converts for Fetch v0-1 (magic 0) and v2-3 (magic 1),
 *   including compressed wrappers with nested messages (Java's `LazyDownConversionRecords`,
 *   `RecordsUtil.downConvert`), lz4 wrappers in magic 0 with the pre-KAFKA-3160 header
 *   checksum, and the overflow batch a down-converted response may end with;
 * - kafe-written magic 0/1 message sets sent with Produce v0-1 (magic 0) and v2 (magic 1) are
 *   accepted (the broker checks each CRC-32 and, for magic 1 lz4, the frame header checksum)
 *   and read back by the Java console consumer.
 * Codecs: none, gzip, snappy, lz4; zstd needs magic 2 (KIP-110), which the broker enforces with
 * UNSUPPORTED_COMPRESSION_TYPE.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompressionType, compressionName } from '../../../src/protocol/compression/index.js';
import { xxhash32 } from '../../../src/protocol/compression/xxhash32.js';
import { crc32 } from '../../../src/protocol/crc32.js';
import {
  apiKeys,
  decodeFetchResponse,
  decodeProduceResponse,
  encodeFetchRequest,
  encodeProduceRequest,
} from '../../../src/protocol/messages/index.js';
import {
  decodeRecordBatches,
  encodeMessageSet,
  MAGIC_V2,
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

const LEGACY_CODECS = [
  CompressionType.none,
  CompressionType.gzip,
  CompressionType.snappy,
  CompressionType.lz4,
] as const;

const ERROR = { none: 0, corruptMessage: 2, unknownServerError: -1, unsupportedCompressionType: 76 } as const;

/** The magic a 3.9 broker down-converts to for a Fetch version (Java's `FetchRequest`/`KafkaApis`). */
const fetchMagic = (version: number) => (version <= 1 ? 0 : 1);

/**
 * Which header checksum each top-level lz4 wrapper of a legacy message set carries: `correct`
 * (xxhash32 of the frame descriptor) or `broken` (of magic + descriptor, KAFKA-3160).
 */
function lz4HeaderChecksums(bytes: Buffer): ('correct' | 'broken' | 'neither')[] {
  const out: ('correct' | 'broken' | 'neither')[] = [];
  for (let p = 0; p + 12 <= bytes.length; ) {
    const end = p + 12 + bytes.readInt32BE(p + 8);
    if (end > bytes.length) break; // the partial entry or overflow batch at the end
    const magic = bytes[p + 16] as number;
    if (magic < 2 && ((bytes[p + 17] as number) & 7) === CompressionType.lz4) {
      const keyAt = p + 18 + (magic === 1 ? 8 : 0);
      const valueAt = keyAt + 4 + Math.max(0, bytes.readInt32BE(keyAt)) + 4;
      const frame = bytes.subarray(valueAt, end);
      const hc = frame[6];
      out.push(
        hc === (xxhash32(frame, 4, 6) >>> 8) % 256
          ? 'correct'
          : hc === (xxhash32(frame, 0, 6) >>> 8) % 256
            ? 'broken'
            : 'neither',
      );
    }
    p = end;
  }
  return out;
}

/** The one partition of the one topic a single-partition request gets back. */
function onlyPartition<T, P>(
  topics: readonly T[],
  isTopic: (t: T) => boolean,
  partitions: (t: T) => readonly P[],
): P {
  const [topic] = topics;
  assert.ok(topics.length === 1 && topic !== undefined && isTopic(topic), 'expected the one topic asked for');
  const [partition] = partitions(topic);
  assert.ok(partitions(topic).length === 1 && partition !== undefined, 'expected one partition');
  return partition;
}

describe('legacy message sets (magic 0 and 1) against Kafka 3.9', () => {
  const cluster = clusterUnderTest();
  let client: RawKafkaClient;

  before(async () => {
    client = await RawKafkaClient.connect(cluster.bootstrapFor('plaintext'));
  });
  after(() => client?.close());

  // Produce v0-2 and Fetch v0-3 are the generated codecs' legacy versions (from the Kafka 3.9.2
  // specs: 4.0 removed them, KIP-896): the versions that make a 3.9 broker take and return
  // magic 0 and 1 message sets. Both ask for partition 0 of one topic.
  const legacyFetch = async (topic: string, version: number, offset: bigint) => {
    assert.ok(version <= (apiKeys.Fetch.legacyVersions?.[1] ?? -1), `Fetch v${version} is a legacy version`);
    const request = {
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 8 << 20,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes: 8 << 20 }] }],
    };
    const response = await client.call(1, version, encodeFetchRequest, request, decodeFetchResponse);
    return onlyPartition(
      response.responses,
      (t) => t.topic === topic,
      (t) => t.partitions,
    );
  };
  const legacyProduce = async (topic: string, version: number, records: Uint8Array) => {
    assert.ok(
      version <= (apiKeys.Produce.legacyVersions?.[1] ?? -1),
      `Produce v${version} is a legacy version`,
    );
    const request = {
      acks: -1,
      timeoutMs: 15_000,
      topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
    };
    const response = await client.call(0, version, encodeProduceRequest, request, decodeProduceResponse);
    return onlyPartition(
      response.responses,
      (t) => t.name === topic,
      (t) => t.partitionResponses,
    );
  };
  const modernFetch = (topic: string) => async (offset: bigint) => {
    const partition = await client.fetch(topic, 0, offset);
    assert.equal(partition.errorCode, ERROR.none);
    return partition.records;
  };

  it('is a 3.9 broker that still serves Produce v0-2 and Fetch v0-3', () => {
    assert.match(cluster.info.version, /^3\.9\./);
    assert.equal(client.brokerVersions.get(0)?.min, 0);
    assert.equal(client.brokerVersions.get(1)?.min, 0);
  });

  for (const codec of LEGACY_CODECS) {
    const name = compressionName(codec);

    it(`decodes ${name} data the broker down-converts to magic 0 and 1 (Fetch v0-v3)`, async () => {
      const topic = uniqueTopic(`down-${name}`);
      await createTopic(cluster, topic, 1, 1);
      const written = sampleRecords(30, { withHeaders: true, withNulls: true, big: true });
      await produceWithJava(cluster, topic, written, name);
      await waitUntilServed(client, topic);
      // What the broker stores (magic 2), the reference for timestamps.
      const stored = decodedAsText(await fetchAndDecode(modernFetch(topic), written.length));
      assert.ok(stored.every((r) => r.batch.magic === MAGIC_V2 && r.batch.compression === codec));
      assert.deepEqual(textOnly(stored), textOnly(written));

      for (const version of [0, 1, 2, 3]) {
        const magic = fetchMagic(version);
        const responses: Buffer[] = [];
        const batches = await fetchAndDecode(async (offset) => {
          const partition = await legacyFetch(topic, version, offset);
          assert.equal(partition.errorCode, ERROR.none, `Fetch v${version} at ${offset}`);
          if (partition.records !== null) responses.push(Buffer.from(partition.records));
          return partition.records;
        }, written.length);
        const what = `${name}, Fetch v${version}`;
        for (const batch of batches) {
          assert.equal(batch.magic, magic, what);
          assert.equal(batch.compression, codec, what);
        }
        // Compressed: wrappers around several nested messages; uncompressed: one message each.
        if (codec === CompressionType.none)
          assert.ok(
            batches.every((b) => b.records.length === 1),
            what,
          );
        else
          assert.ok(
            batches.some((b) => b.records.length > 1),
            what,
          );

        const read = decodedAsText(batches);
        assert.deepEqual(
          read.map((r) => r.offset),
          written.map((_, i) => BigInt(i)),
          what,
        );
        // Magic 0 and 1 cannot carry headers: down-conversion drops them.
        assert.deepEqual(textOnly(read), textOnly(written.map((r) => ({ ...r, headers: [] }))), what);
        assert.deepEqual(
          read.map((r) => r.timestamp),
          stored.map((r) => (magic === 0 ? -1 : r.timestamp)),
          what,
        );

        // Whatever follows the last whole entry (a message cut at the fetch size, or the
        // overflow batch `LazyDownConversionRecordsSend` pads with) is reported as partial.
        for (const bytes of responses) {
          const decoded = decodeRecordBatches(bytes);
          assert.equal(decoded.partial, decoded.end < bytes.length, what);
        }
        if (codec === CompressionType.lz4) {
          const checksums = responses.flatMap(lz4HeaderChecksums);
          assert.ok(checksums.length > 0, what);
          // Java still writes magic 0 lz4 frames the pre-0.10 way (`useBrokenFlagDescriptorChecksum`).
          assert.ok(
            checksums.every((c) => c === (magic === 0 ? 'broken' : 'correct')),
            `${what}: ${checksums}`,
          );
        }
      }
    });
  }

  for (const codec of [CompressionType.none, CompressionType.gzip]) {
    const name = compressionName(codec);

    it(`reads LogAppendTime ${name} data down-converted to magic 1 with the broker's append times`, async () => {
      const topic = uniqueTopic(`down-append-${name}`);
      await createLogAppendTimeTopic(cluster, topic);
      const written = sampleRecords(8, { withHeaders: false, withNulls: true, big: false });
      await produceWithJava(cluster, topic, written, name);
      await waitUntilServed(client, topic);
      const stored = decodedAsText(await fetchAndDecode(modernFetch(topic), written.length));
      assert.ok(stored.every((r) => r.batch.timestampType === TimestampType.logAppendTime));

      // Magic 1 marks each message (or the wrapper, whose timestamp then applies to every
      // nested message, KIP-32) as log-append time; magic 0 has no timestamps at all.
      for (const version of [1, 2]) {
        const batches = await fetchAndDecode(async (offset) => {
          const partition = await legacyFetch(topic, version, offset);
          assert.equal(partition.errorCode, ERROR.none);
          return partition.records;
        }, written.length);
        const read = decodedAsText(batches);
        assert.deepEqual(textOnly(read), textOnly(written));
        assert.deepEqual(
          read.map((r) => [r.batch.timestampType, r.timestamp]),
          stored.map((r) =>
            version === 1 ? [TimestampType.createTime, -1] : [TimestampType.logAppendTime, r.timestamp],
          ),
          `Fetch v${version}`,
        );
      }
    });
  }

  it('refuses zstd data to Fetch v0-v3 (UNSUPPORTED_COMPRESSION_TYPE) and serves it as magic 2', async () => {
    const topic = uniqueTopic('down-zstd');
    await createTopic(cluster, topic, 1, 1);
    const written = sampleRecords(10, { withHeaders: true, withNulls: true, big: false });
    await produceWithJava(cluster, topic, written, 'zstd');
    await waitUntilServed(client, topic);
    const stored = await fetchAndDecode(modernFetch(topic), written.length);
    assert.ok(stored.every((b) => b.magic === MAGIC_V2 && b.compression === CompressionType.zstd));
    assert.deepEqual(textOnly(decodedAsText(stored)), textOnly(written));
    for (const version of [0, 1, 2, 3]) {
      const partition = await legacyFetch(topic, version, 0n);
      assert.equal(partition.errorCode, ERROR.unsupportedCompressionType, `Fetch v${version}`);
    }
  });

  for (const codec of LEGACY_CODECS) {
    const name = compressionName(codec);

    it(`writes ${name} magic 0 and 1 message sets that 3.9 accepts and the Java consumer reads back`, async () => {
      const topic = uniqueTopic(`legacy-${name}`);
      await createTopic(cluster, topic, 1, 1);
      await waitUntilServed(client, topic);
      const base = Date.now() - 3_600_000;
      // One message set per Produce version; the magic 0 one holds a 150 kB value (several lz4
      // blocks under the pre-KAFKA-3160 header checksum when compressed with lz4).
      const sets = [
        {
          version: 0,
          magic: 0 as const,
          records: sampleRecords(9, { withHeaders: false, withNulls: true, big: true }),
        },
        {
          version: 1,
          magic: 0 as const,
          records: sampleRecords(6, { withHeaders: false, withNulls: false, big: false }),
        },
        {
          version: 2,
          magic: 1 as const,
          records: sampleRecords(7, { withHeaders: false, withNulls: true, big: false }),
        },
      ].map((s) => ({
        ...s,
        records: s.records.map((r) => ({ ...r, value: r.value && `p${s.version} ${r.value}` })),
      }));
      const expected: { record: TextRecord; timestamp: number }[] = [];
      for (const set of sets) {
        const timestamps = set.records.map((_, i) => (set.magic === 1 ? base + expected.length + i : -1));
        const messages = set.records.map((r, i) => ({
          key: utf8(r.key),
          value: utf8(r.value),
          timestamp: timestamps[i] as number,
        }));
        const response = await legacyProduce(
          topic,
          set.version,
          encodeMessageSet(messages, { magic: set.magic, compression: codec }),
        );
        assert.equal(response.errorCode, ERROR.none, `Produce v${set.version}`);
        assert.equal(response.baseOffset, BigInt(expected.length), `Produce v${set.version}`);
        set.records.forEach((record, i) => {
          expected.push({ record, timestamp: timestamps[i] as number });
        });
      }

      const consumed = await consumeWithJava(cluster, topic, expected.length);
      assert.deepEqual(
        consumed.map((r) => r.offset),
        expected.map((_, i) => BigInt(i)),
      );
      assert.deepEqual(textOnly(consumed), textOnly(expected.map((e) => e.record)));
      // Magic 1 create times survive the up-conversion to magic 2; magic 0 has none (-1).
      assert.deepEqual(
        consumed.map((r) => r.timestamp),
        expected.map((e) => ({ type: 'CreateTime', ms: e.timestamp })),
      );

      // Stored as magic 2 with the codec kept (topic compression.type=producer).
      const stored = await fetchAndDecode(modernFetch(topic), expected.length);
      assert.ok(stored.every((b) => b.magic === MAGIC_V2 && b.compression === codec));
      assert.deepEqual(textOnly(decodedAsText(stored)), textOnly(expected.map((e) => e.record)));
    });
  }

  it('checks what it is sent: a wrong legacy CRC-32 or a magic 1 lz4 frame with the broken header checksum is refused', async () => {
    const topic = uniqueTopic('legacy-refused');
    await createTopic(cluster, topic, 1, 1);
    await waitUntilServed(client, topic);
    const messages = [0, 1, 2].map((i) => ({
      key: utf8(`k${i}`),
      value: utf8(`value ${i}`),
      timestamp: 1_700_000_000_000 + i,
    }));

    const badCrc = Buffer.from(encodeMessageSet(messages, { magic: 1 }));
    badCrc[badCrc.length - 1] = (badCrc[badCrc.length - 1] as number) ^ 1;
    assert.equal((await legacyProduce(topic, 2, badCrc)).errorCode, ERROR.corruptMessage);

    // The same lz4 wrapper kafe writes for magic 1, with the header checksum computed the
    // KAFKA-3160 way and the wrapper's CRC-32 recomputed: the broker cannot read the frame.
    const wrapper = Buffer.from(encodeMessageSet(messages, { magic: 1, compression: CompressionType.lz4 }));
    assert.deepEqual(lz4HeaderChecksums(wrapper), ['correct']);
    const frameAt = 12 + 4 + 1 + 1 + 8 + 4 + 4; // offset, size, crc, magic, attributes, timestamp, null key, value length
    wrapper[frameAt + 6] = (xxhash32(wrapper, frameAt, frameAt + 6) >>> 8) % 256;
    wrapper.writeUInt32BE(crc32(wrapper, 16, wrapper.length), 12);
    assert.deepEqual(lz4HeaderChecksums(wrapper), ['broken']);
    assert.equal((await legacyProduce(topic, 2, wrapper)).errorCode, ERROR.unknownServerError);

    // Magic 0 lz4 is read without checking the header checksum, so both forms are accepted;
    // kafe writes the broken one there, as Java does.
    const magic0 = Buffer.from(encodeMessageSet(messages, { magic: 0, compression: CompressionType.lz4 }));
    assert.deepEqual(lz4HeaderChecksums(magic0), ['broken']);
    assert.equal((await legacyProduce(topic, 0, magic0)).errorCode, ERROR.none);
  });
});
