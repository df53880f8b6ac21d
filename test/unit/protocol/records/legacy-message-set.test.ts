import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompressionType, gzipCodec } from '../../../../src/protocol/compression/index.js';
import { DecodeError } from '../../../../src/protocol/errors.js';
import {
  decodeRecordBatches,
  encodeMessageSet,
  encodeRecordBatch,
  type RecordBatch,
  recordOffset,
  recordTimestamp,
  TimestampType,
} from '../../../../src/protocol/records/index.js';
import { referenceCrc32 } from '../reference-crc.js';

/** Builds one legacy entry by hand from the §5.3.3 layout. */
function message(
  offset: bigint,
  magic: 0 | 1,
  attributes: number,
  timestamp: bigint,
  key: Uint8Array | null,
  value: Uint8Array | null,
): Buffer {
  const body = Buffer.concat([
    Buffer.from([magic, attributes]),
    magic === 1 ? Buffer.from(timestamp.toString(16).padStart(16, '0'), 'hex') : Buffer.alloc(0),
    lengthPrefixed(key),
    lengthPrefixed(value),
  ]);
  const head = Buffer.alloc(16);
  head.writeBigInt64BE(offset, 0);
  head.writeInt32BE(body.length + 4, 8);
  head.writeUInt32BE(referenceCrc32(body), 12);
  return Buffer.concat([head, body]);
}

function lengthPrefixed(v: Uint8Array | null): Buffer {
  const n = Buffer.alloc(4);
  n.writeInt32BE(v === null ? -1 : v.length);
  return v === null ? n : Buffer.concat([n, v]);
}

const flat = (batches: RecordBatch[]) =>
  batches.flatMap((bt) =>
    bt.records.map(
      (r) => `${recordOffset(bt, r)}@${recordTimestamp(bt, r)}=${r.value?.toString() ?? 'null'}`,
    ),
  );

const messages = [0, 1, 2, 3].map((i) => ({
  key: i === 0 ? null : Buffer.from(`k${i}`),
  value: i === 3 ? null : Buffer.from(`v${i}`),
  timestamp: 1000 + i,
}));

describe('legacy message sets (magic 0 and 1)', () => {
  it('decodes hand-built magic 0 and magic 1 messages', () => {
    const bytes = Buffer.concat([
      message(7n, 0, 0, 0n, null, Buffer.from('zero')),
      message(8n, 1, 0, 1234n, Buffer.from('k'), Buffer.from('one')),
    ]);
    const { batches, partial } = decodeRecordBatches(bytes);
    assert.equal(partial, false);
    assert.deepEqual(flat(batches), ['7@-1=zero', '8@1234=one']);
    assert.deepEqual(
      batches.map((bt) => bt.magic),
      [0, 1],
    );
    assert.equal(batches[1]?.records[0]?.key?.toString(), 'k');
  });

  it('encodes exactly what the layout says (round trip with the hand-built encoder)', () => {
    const ours = encodeMessageSet([{ key: Buffer.from('k'), value: Buffer.from('one'), timestamp: 1234 }], {
      magic: 1,
      baseOffset: 8n,
    });
    assert.deepEqual(ours, message(8n, 1, 0, 1234n, Buffer.from('k'), Buffer.from('one')));
  });

  for (const magic of [0, 1] as const) {
    for (const compression of [
      CompressionType.none,
      CompressionType.gzip,
      CompressionType.snappy,
      CompressionType.lz4,
    ]) {
      it(`round-trips magic ${magic} with compression ${compression}`, () => {
        const bytes = encodeMessageSet(messages, { magic, compression, baseOffset: 100n });
        const { batches } = decodeRecordBatches(bytes);
        const ts = (i: number) => (magic === 1 ? 1000 + i : -1);
        assert.deepEqual(flat(batches), [
          `100@${ts(0)}=v0`,
          `101@${ts(1)}=v1`,
          `102@${ts(2)}=v2`,
          `103@${ts(3)}=null`,
        ]);
        assert.equal(batches.length, compression === CompressionType.none ? 4 : 1);
      });
    }
  }

  it('resolves magic 1 relative inner offsets against the wrapper (gaps left by compaction)', () => {
    const inner = Buffer.concat(
      [0n, 2n, 5n].map((o) => message(o, 1, 0, 50n + o, null, Buffer.from(`at${o}`))),
    );
    const wrapper = message(105n, 1, CompressionType.gzip, 60n, null, gzipCodec.compress(inner));
    const { batches } = decodeRecordBatches(wrapper);
    assert.deepEqual(flat(batches), ['100@50=at0', '102@52=at2', '105@55=at5']);
    assert.equal(batches[0]?.lastOffsetDelta, 5);
  });

  it('keeps magic 0 inner offsets absolute', () => {
    const inner = Buffer.concat([10n, 11n].map((o) => message(o, 0, 0, 0n, null, Buffer.from(`at${o}`))));
    const wrapper = message(11n, 0, CompressionType.gzip, 0n, null, gzipCodec.compress(inner));
    assert.deepEqual(flat(decodeRecordBatches(wrapper).batches), ['10@-1=at10', '11@-1=at11']);
  });

  it('uses the wrapper timestamp for log-append-time wrappers', () => {
    const bytes = encodeMessageSet(messages, {
      magic: 1,
      compression: CompressionType.gzip,
      timestampType: TimestampType.logAppendTime,
    });
    const [batch] = decodeRecordBatches(bytes).batches;
    assert.ok(batch);
    assert.equal(batch.timestampType, TimestampType.logAppendTime);
    assert.deepEqual(
      batch.records.map((r) => recordTimestamp(batch, r)),
      [1003, 1003, 1003, 1003],
    );
  });

  it('rejects nested compression, magic mismatch, empty wrappers and bad CRCs', () => {
    const nested = message(
      0n,
      1,
      CompressionType.gzip,
      0n,
      null,
      gzipCodec.compress(message(0n, 1, CompressionType.gzip, 0n, null, Buffer.from('x'))),
    );
    assert.throws(() => decodeRecordBatches(nested), /nested/);
    const mismatch = message(
      0n,
      1,
      CompressionType.gzip,
      0n,
      null,
      gzipCodec.compress(message(0n, 0, 0, 0n, null, Buffer.from('x'))),
    );
    assert.throws(() => decodeRecordBatches(mismatch), /magic/);
    const empty = message(0n, 1, CompressionType.gzip, 0n, null, gzipCodec.compress(Buffer.alloc(0)));
    assert.throws(() => decodeRecordBatches(empty), DecodeError);
    const corrupt = message(0n, 0, 0, 0n, null, Buffer.from('abc'));
    corrupt.writeUInt8(0x62, corrupt.length - 1);
    assert.throws(() => decodeRecordBatches(corrupt), /CRC-32/);
    assert.equal(decodeRecordBatches(corrupt, { verifyCrc: false }).batches.length, 1);
  });

  it('decodes legacy entries and magic 2 batches mixed in one fetch, and stops at a partial one', () => {
    const legacy = encodeMessageSet(messages.slice(0, 2), {
      magic: 1,
      compression: CompressionType.snappy,
      baseOffset: 0n,
    });
    const v2 = encodeRecordBatch([{ value: Buffer.from('new'), timestamp: 2000 }], { baseOffset: 2n });
    const cutLegacy = encodeMessageSet(messages.slice(0, 1), { magic: 0, baseOffset: 3n });
    const bytes = Buffer.concat([legacy, v2, cutLegacy.subarray(0, cutLegacy.length - 1)]);
    const decoded = decodeRecordBatches(bytes);
    assert.deepEqual(flat(decoded.batches), ['0@1000=v0', '1@1001=v1', '2@2000=new']);
    assert.equal(decoded.end, legacy.length + v2.length);
    assert.equal(decoded.partial, true);
  });
});
