import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { CompressionType, compressionName, loadCodec } from '../../../../src/protocol/compression/index.js';
import {
  decodeRecordBatches,
  encodeRecordBatch,
  type RecordBatch,
  recordOffset,
  recordTimestamp,
} from '../../../../src/protocol/records/index.js';
import { ORACLE_V2_OPTIONS, oracleRecords } from './java/oracle-records.js';

/**
 * Batches written by Apache Kafka's Java classes (java/RecordBatchOracle.java, kafka-clients
 * 3.9.2: every codec, magic 0/1/2, transaction markers) and what Java itself decodes from them.
 * Refresh with java/regenerate.sh, which also checks Java decodes kafe's batches identically.
 */
const dir = new URL('./java/', import.meta.url);
const fixtures = readFileSync(new URL('java-batches.tsv', dir), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t') as [string, string]);
const javaDecoded = new Map(
  readFileSync(new URL('java-decoded.txt', dir), 'utf8')
    .trim()
    .split('\n')
    .map((line) => [line.split(' ')[0], line] as const),
);

/** The same text RecordBatchOracle.java prints for what it decodes. */
function describeBatches(name: string, batches: RecordBatch[]): string {
  let s = name;
  for (const bt of batches) {
    s += ` | batch magic=${bt.magic} codec=${compressionName(bt.compression)} pid=${bt.producerId} txn=${bt.isTransactional}`;
    for (const r of bt.records) {
      const key = r.key;
      const value = r.value;
      const ts = bt.magic === 0 ? -1 : recordTimestamp(bt, r);
      s += ` [${recordOffset(bt, r)}@${ts} ${key === null ? 'null' : key.toString('hex')}=${value === null ? -1 : value.toString().length}`;
      for (const h of r.headers) s += ` ${h.key}:${h.value === null ? 'null' : h.value.toString()}`;
      s += ']';
    }
  }
  return s;
}

describe('agreement with batches written by the Java client', () => {
  before(() => loadCodec(CompressionType.zstd));

  it('has fixtures for every codec and format', () => {
    assert.equal(fixtures.length, 15);
  });

  for (const [name, base64] of fixtures) {
    it(`decodes ${name} as Java does`, () => {
      const { batches, partial } = decodeRecordBatches(Buffer.from(base64, 'base64'));
      assert.equal(partial, false);
      assert.equal(describeBatches(name, batches), javaDecoded.get(name));
    });
  }

  it('writes uncompressed, lz4 and snappy batches byte for byte as Java does', () => {
    const options = ORACLE_V2_OPTIONS;
    for (const compression of [CompressionType.none, CompressionType.lz4, CompressionType.snappy]) {
      const java = fixtures.find(([n]) => n === `v2-${compressionName(compression)}`)?.[1];
      assert.equal(
        encodeRecordBatch(oracleRecords(true), { ...options, compression }).toString('base64'),
        java,
        compressionName(compression),
      );
    }
  });
});
