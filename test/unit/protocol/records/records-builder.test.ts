/**
 * The producer's record batch builder: records encoded as they are appended come out as the
 * one-shot encoder writes them (same bytes), a second build leaves the first untouched, and a
 * split re-encodes records with rebased deltas that decode to the same records.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CompressionType, loadCodec } from '../../../../src/protocol/compression/index.js';
import { EncodeError } from '../../../../src/protocol/errors.js';
import {
  decodeRecordBatches,
  encodeRecordBatch,
  type RecordInput,
  recordTimestamp,
} from '../../../../src/protocol/records/index.js';
import { RecordsBuilder } from '../../../../src/protocol/records/records-builder.js';
import type { RecordHeaderInput } from '../../../../src/protocol/records/write-records.js';

interface Input {
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers?: RecordHeaderInput[];
  timestamp: number;
}

/** Records of many shapes: null key/value, headers with UTF-8 keys, timestamps before the first. */
function inputs(n: number): Input[] {
  const out: Input[] = [];
  for (let i = 0; i < n; i++) {
    const value = i % 17 === 0 ? null : Buffer.alloc((i * 37) % 300, i & 0xff);
    const key = i % 3 === 0 ? null : Buffer.from(`key-${i}`);
    const timestamp = 1_700_000_000_000 + ((i * 7919) % 5000) - 2500;
    const r: Input = { key, value, timestamp };
    if (i % 5 === 0) r.headers = [{ key: `h-é-${i}`, value: i % 10 === 0 ? null : Buffer.from('hv') }];
    out.push(r);
  }
  return out;
}

function built(records: readonly Input[], capacity: number, compression: CompressionType): Buffer {
  const builder = new RecordsBuilder(capacity);
  for (const r of records) builder.append(r.key, r.value, r.headers, r.timestamp);
  return builder.build({ compression, producerId: 42n, producerEpoch: 3, baseSequence: 7 });
}

function decoded(bytes: Buffer) {
  const [batch] = decodeRecordBatches(bytes).batches;
  assert.ok(batch);
  return batch.records.map((r) => ({
    key: r.key,
    value: r.value,
    headers: r.headers.map((h) => ({ key: h.key, value: h.value })),
    timestamp: recordTimestamp(batch, r),
    offsetDelta: r.offsetDelta,
  }));
}

function expected(records: readonly Input[]) {
  return records.map((r, i) => ({
    key: r.key === null ? null : Buffer.from(r.key),
    value: r.value === null ? null : Buffer.from(r.value),
    headers: (r.headers ?? []).map((h) => ({
      key: h.key,
      value: h.value === null ? null : Buffer.from(h.value),
    })),
    timestamp: r.timestamp,
    offsetDelta: i,
  }));
}

describe('RecordsBuilder', () => {
  before(() => loadCodec(CompressionType.zstd));

  it('builds the bytes encodeRecordBatch writes for the same records, with every codec, from any start capacity', () => {
    // 20,000 records: offset deltas past the 1-, 2- and 3-byte varint sizes.
    const records = inputs(20_000);
    for (const compression of [
      CompressionType.none,
      CompressionType.gzip,
      CompressionType.snappy,
      CompressionType.lz4,
      CompressionType.zstd,
    ]) {
      const reference = encodeRecordBatch(records as RecordInput[], {
        compression,
        producerId: 42n,
        producerEpoch: 3,
        baseSequence: 7,
      });
      for (const capacity of [0, 1000, reference.length * 4]) {
        assert.deepEqual(
          built(records, capacity, compression),
          reference,
          `codec ${compression} capacity ${capacity}`,
        );
      }
    }
    assert.deepEqual(decoded(built(records, 0, CompressionType.none)), expected(records));
  });

  it('writes a second build into a new buffer: the first, maybe still queued on a socket, is unchanged', () => {
    const builder = new RecordsBuilder(0);
    for (const r of inputs(10)) builder.append(r.key, r.value, r.headers, r.timestamp);
    const first = builder.build({
      compression: CompressionType.none,
      producerId: 1n,
      producerEpoch: 0,
      baseSequence: 0,
    });
    const copy = Buffer.from(first);
    const second = builder.build({
      compression: CompressionType.none,
      producerId: 1n,
      producerEpoch: 1,
      baseSequence: 0,
    });
    assert.deepEqual(first, copy);
    const [a] = decodeRecordBatches(first).batches;
    const [b] = decodeRecordBatches(second).batches;
    assert.equal(a?.producerEpoch, 0);
    assert.equal(b?.producerEpoch, 1);
    assert.deepEqual(
      b?.records.map((r) => r.value),
      a?.records.map((r) => r.value),
    );
    // Separate memory (both may be slices of one pool slab of Node's): writing one leaves the other.
    second.fill(0);
    assert.deepEqual(first, copy);
  });

  it('splits into pieces within the size, in order, each decoding to its records with deltas from 0', () => {
    const records = inputs(500);
    const builder = new RecordsBuilder(0);
    for (const r of records) builder.append(r.key, r.value, r.headers, r.timestamp);
    for (const maxBytes of [1, 700, 4096, 1 << 20]) {
      const pieces = builder.split(maxBytes);
      assert.equal(
        pieces.reduce((n, p) => n + p.count, 0),
        records.length,
      );
      let at = 0;
      for (const piece of pieces) {
        assert.ok(
          piece.count === 1 || piece.sizeInBytes - 61 <= maxBytes,
          `piece of ${piece.sizeInBytes} over ${maxBytes}`,
        );
        const part = records.slice(at, at + piece.count);
        assert.equal(piece.baseTimestamp, part[0]?.timestamp);
        const bytes = piece.build({ compression: CompressionType.none });
        assert.deepEqual(decoded(bytes), expected(part));
        at += piece.count;
      }
      if (maxBytes === 1) assert.equal(pieces.length, records.length);
      if (maxBytes === 1 << 20) assert.equal(pieces.length, 1);
    }
    // The builder split is still whole.
    assert.deepEqual(decoded(builder.build({ compression: CompressionType.none })), expected(records));
  });

  it('refuses a timestamp that is negative or not a safe integer, and an empty build, with EncodeError', () => {
    const builder = new RecordsBuilder(0);
    assert.throws(() => builder.append(null, null, undefined, -1), EncodeError);
    assert.throws(() => builder.append(null, null, undefined, 2 ** 53), EncodeError);
    assert.throws(() => builder.append(null, null, undefined, 1.5), EncodeError);
    assert.equal(builder.count, 0);
    assert.throws(() => builder.build({ compression: CompressionType.none }), EncodeError);
  });
});
