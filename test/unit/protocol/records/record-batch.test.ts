import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { CompressionType, codecFor, loadCodec } from '../../../../src/protocol/compression/index.js';
import { DecodeError, EncodeError } from '../../../../src/protocol/errors.js';
import { THREAD_POOL_DECOMPRESS_MIN_BYTES } from '../../../../src/protocol/records/decode-record-batch.js';
import {
  BatchLayout,
  decodeRecordBatches,
  decodeRecordBatchesAsync,
  encodeRecordBatch,
  encodeRecordBatchAsync,
  lastOffset,
  type RecordInput,
  recordOffset,
  recordTimestamp,
  TimestampType,
} from '../../../../src/protocol/records/index.js';
import { referenceCrc32c } from '../reference-crc.js';

const b = (s: string) => Buffer.from(s);
const CODECS = [
  CompressionType.none,
  CompressionType.gzip,
  CompressionType.snappy,
  CompressionType.lz4,
  CompressionType.zstd,
];

describe('record batch (magic 2)', () => {
  before(() => loadCodec(CompressionType.zstd));

  it('encodes the bytes of docs/implementation.html §5.3.1 for a hand-built batch', () => {
    const batch = encodeRecordBatch([{ key: b('k'), value: b('v'), timestamp: 1_700_000_000_000 }]);
    const expected = Buffer.from(
      [
        '0000000000000000', // baseOffset 0
        '0000003a', // batchLength 58 = 70 - 12
        'ffffffff', // partitionLeaderEpoch -1
        '02', // magic
        '00000000', // crc (checked separately)
        '0000', // attributes: no compression, create time
        '00000000', // lastOffsetDelta 0
        '0000018bcfe56800', // baseTimestamp 1700000000000
        '0000018bcfe56800', // maxTimestamp
        'ffffffffffffffff', // producerId -1
        'ffff', // producerEpoch -1
        'ffffffff', // baseSequence -1
        '00000001', // 1 record
        '10', // record length varint 8
        '00', // attributes
        '00', // timestampDelta 0
        '00', // offsetDelta 0
        '02', // key length 1
        '6b', // "k"
        '02', // value length 1
        '76', // "v"
        '00', // no headers
      ].join(''),
      'hex',
    );
    assert.equal(batch.length, 70);
    assert.deepEqual(batch.subarray(0, 17), expected.subarray(0, 17));
    assert.deepEqual(batch.subarray(21), expected.subarray(21));
    assert.equal(
      batch.readUInt32BE(BatchLayout.crc),
      referenceCrc32c(batch.subarray(BatchLayout.attributes)),
    );
  });

  it('decodes that batch back with views into the input', () => {
    const bytes = encodeRecordBatch([{ key: b('k'), value: b('v'), timestamp: 1_700_000_000_000 }], {
      baseOffset: 41n,
    });
    const { batches, end, partial } = decodeRecordBatches(bytes);
    assert.equal(end, bytes.length);
    assert.equal(partial, false);
    const [batch] = batches;
    assert.ok(batch);
    assert.equal(batch.baseOffset, 41n);
    assert.equal(batch.magic, 2);
    assert.equal(batch.sizeInBytes, 70);
    const [record] = batch.records;
    assert.ok(record);
    assert.equal(record.key?.buffer, bytes.buffer, 'key is a view, not a copy');
    assert.equal(record.value?.toString(), 'v');
    assert.equal(recordOffset(batch, record), 41n);
    assert.equal(recordTimestamp(batch, record), 1_700_000_000_000);
  });

  const records: RecordInput[] = [
    { key: b('key-0'), value: b('value-0'), timestamp: 1_700_000_000_500 },
    { key: null, value: b('no key'), timestamp: 1_700_000_000_400 }, // earlier than base: negative delta
    { key: b('tombstone'), value: null, timestamp: 1_700_000_009_999 },
    {
      value: b('x'.repeat(5000)),
      headers: [
        { key: 'h1', value: b('v1') },
        { key: 'ünï', value: null },
        { key: '', value: b('') },
      ],
    },
    { key: b(''), value: b('') },
  ];

  for (const compression of CODECS) {
    it(`round-trips records, headers and producer fields with compression ${compression} (sync and async)`, async () => {
      const options = {
        compression,
        baseOffset: 1234567890123n,
        partitionLeaderEpoch: 7,
        producerId: 987654321n,
        producerEpoch: 3,
        baseSequence: 42,
        isTransactional: true,
      };
      for (const bytes of [
        encodeRecordBatch(records, options),
        await encodeRecordBatchAsync(records, options),
      ]) {
        for (const decoded of [decodeRecordBatches(bytes), await decodeRecordBatchesAsync(bytes)]) {
          const [batch] = decoded.batches;
          assert.ok(batch);
          assert.equal(batch.compression, compression);
          assert.equal(batch.isTransactional, true);
          assert.equal(batch.isControl, false);
          assert.equal(batch.producerId, 987654321n);
          assert.equal(batch.producerEpoch, 3);
          assert.equal(batch.baseSequence, 42);
          assert.equal(batch.partitionLeaderEpoch, 7);
          assert.equal(batch.lastOffsetDelta, 4);
          assert.equal(lastOffset(batch), 1234567890127n);
          assert.equal(batch.baseTimestamp, 1_700_000_000_500n);
          assert.equal(batch.maxTimestamp, 1_700_000_009_999n);
          assert.equal(batch.records.length, records.length);
          batch.records.forEach((r, i) => {
            const input = records[i] as RecordInput;
            assert.equal(r.offsetDelta, i);
            assert.equal(recordTimestamp(batch, r), input.timestamp ?? 1_700_000_000_500);
            assert.deepEqual(r.key === null ? null : Buffer.from(r.key), input.key ?? null);
            assert.deepEqual(r.value === null ? null : Buffer.from(r.value), input.value);
            assert.deepEqual(
              r.headers.map((h) => [h.key, h.value === null ? null : h.value.toString()]),
              (input.headers ?? []).map((h) => [h.key, h.value === null ? null : h.value.toString()]),
            );
          });
        }
      }
    });
  }

  it('reports the log-append time as every record’s timestamp (Java DefaultRecordBatch)', () => {
    const bytes = encodeRecordBatch([{ value: b('a'), timestamp: 10 }], {
      timestampType: TimestampType.logAppendTime,
    });
    const [batch] = decodeRecordBatches(bytes).batches;
    assert.ok(batch);
    assert.equal(batch.timestampType, TimestampType.logAppendTime);
    bytes.writeBigInt64BE(99n, BatchLayout.maxTimestamp); // what the broker does; CRC now stale
    const [patched] = decodeRecordBatches(bytes, { verifyCrc: false }).batches;
    assert.ok(patched?.records[0]);
    assert.equal(recordTimestamp(patched, patched.records[0]), 99);
  });

  it('stops before a partial last batch at every cut position', () => {
    const batches = [0, 1, 2].map((i) =>
      encodeRecordBatch([{ value: b(`batch ${i}`), timestamp: i }], { baseOffset: BigInt(i) }),
    );
    const all = Buffer.concat(batches);
    const secondEnd = (batches[0]?.length ?? 0) + (batches[1]?.length ?? 0);
    for (let cut = secondEnd; cut <= all.length; cut++) {
      const decoded = decodeRecordBatches(all.subarray(0, cut));
      const complete = cut === all.length;
      assert.equal(decoded.batches.length, complete ? 3 : 2, `cut ${cut}`);
      assert.equal(decoded.end, complete ? all.length : secondEnd);
      assert.equal(decoded.partial, !complete && cut > secondEnd);
    }
    const none = decodeRecordBatches(all.subarray(0, 20));
    assert.deepEqual([none.batches.length, none.end, none.partial], [0, 0, true]);
  });

  it('decodes a mix of codecs asynchronously in order, as the synchronous decoder does', async () => {
    const parts = CODECS.map((compression, i) =>
      encodeRecordBatch([{ value: b(`v${i}`), timestamp: i }], { compression, baseOffset: BigInt(i) }),
    );
    const bytes = Buffer.concat([...parts, parts[1]?.subarray(0, 40) ?? Buffer.alloc(0)]);
    const sync = decodeRecordBatches(bytes);
    const async = await decodeRecordBatchesAsync(bytes);
    const values = (d: typeof sync) =>
      d.batches.map((bt) => `${bt.baseOffset}:${bt.records[0]?.value?.toString()}`);
    assert.deepEqual(values(async), ['0:v0', '1:v1', '2:v2', '3:v3', '4:v4']);
    assert.deepEqual(values(async), values(sync));
    assert.deepEqual([async.end, async.partial], [sync.end, true]);
    const corrupt = Buffer.from(bytes);
    corrupt.writeUInt8(0xff, (parts[0]?.length ?? 0) + 75); // deflate data of the gzip batch
    await assert.rejects(decodeRecordBatchesAsync(corrupt, { verifyCrc: false }), DecodeError);
  });

  it('decompresses small sections on the calling thread and large ones on the thread pool', async (t) => {
    const gzip = codecFor(CompressionType.gzip);
    const onPool = t.mock.method(gzip, 'decompressAsync');
    const here = t.mock.method(gzip, 'decompress');
    // Random bytes do not compress, so the large batch's section passes the threshold.
    const big = randomBytes(THREAD_POOL_DECOMPRESS_MIN_BYTES + 1000);
    const bytes = Buffer.concat([
      encodeRecordBatch([{ value: b('small'), timestamp: 1 }], { compression: CompressionType.gzip }),
      encodeRecordBatch([{ value: big, timestamp: 2 }], {
        compression: CompressionType.gzip,
        baseOffset: 1n,
      }),
    ]);
    const decoded = await decodeRecordBatchesAsync(bytes, { maxDecompressedBytes: 2 * big.length });
    assert.deepEqual(
      decoded.batches.map((bt) => bt.records[0]?.value?.length),
      [5, big.length],
    );
    assert.ok(Buffer.from(decoded.batches[1]?.records[0]?.value ?? []).equals(big));
    assert.deepEqual([here.mock.callCount(), onPool.mock.callCount()], [1, 1]);
    assert.ok((here.mock.calls[0]?.arguments[0].length ?? Infinity) < THREAD_POOL_DECOMPRESS_MIN_BYTES);
  });

  it('verifies the CRC-32C unless told not to', () => {
    const bytes = encodeRecordBatch([{ value: b('payload'), timestamp: 1 }]);
    const last = bytes.length - 2;
    bytes.writeUInt8(bytes.readUInt8(last) ^ 0x01, last);
    assert.throws(
      () => decodeRecordBatches(bytes),
      (e: unknown) => e instanceof DecodeError && /CRC-32C/.test(e.message),
    );
    assert.equal(
      decodeRecordBatches(bytes, { verifyCrc: false }).batches[0]?.records[0]?.value?.toString(),
      'payloae',
    );
  });

  it('rejects malformed batches with DecodeError', () => {
    const bytes = encodeRecordBatch([{ value: b('v'), timestamp: 1 }]);
    const badCount = Buffer.from(bytes);
    badCount.writeInt32BE(1000, BatchLayout.recordsCount);
    assert.throws(() => decodeRecordBatches(badCount, { verifyCrc: false }), DecodeError);
    const badMagic = Buffer.from(bytes);
    badMagic[BatchLayout.magic] = 3;
    assert.throws(() => decodeRecordBatches(badMagic), /magic/);
    const tiny = Buffer.from(bytes);
    tiny.writeInt32BE(10, BatchLayout.batchLength);
    assert.throws(() => decodeRecordBatches(tiny), DecodeError);
    const badCodec = Buffer.from(bytes);
    badCodec.writeInt16BE(6, BatchLayout.attributes);
    assert.throws(() => decodeRecordBatches(badCodec, { verifyCrc: false }), DecodeError);
  });

  it('applies the decompression bound to each batch', () => {
    const bytes = encodeRecordBatch([{ value: Buffer.alloc(200_000), timestamp: 1 }], {
      compression: CompressionType.lz4,
    });
    assert.ok(bytes.length < 2000);
    assert.throws(() => decodeRecordBatches(bytes, { maxDecompressedBytes: 100_000 }), DecodeError);
    assert.equal(decodeRecordBatches(bytes, { maxDecompressedBytes: 300_000 }).batches.length, 1);
  });

  it('refuses what it cannot encode', () => {
    assert.throws(() => encodeRecordBatch([]), EncodeError);
    assert.throws(
      () => encodeRecordBatch([{ value: null }], { compression: 6 as CompressionType }),
      EncodeError,
    );
    assert.throws(() => encodeRecordBatch([{ value: null, timestamp: 1.5 }]), EncodeError);
    assert.throws(() => encodeRecordBatch([{ value: null }], { producerEpoch: 40000 }), EncodeError);
    assert.throws(
      () => encodeRecordBatch([{ value: null }], { compressionLevel: 99, compression: CompressionType.gzip }),
      EncodeError,
    );
  });
});
