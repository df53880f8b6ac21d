import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byteFormat, printBatch } from '../../../src/cli/byte-format.js';
import { compileFormat, parseFormat } from '../../../src/cli/record-format.js';
import { type ConsumerBatch, consumerRecords } from '../../../src/consumer/consumer-record.js';
import { decodeRecordBatches } from '../../../src/protocol/records/decode-record-batch.js';
import { encodeRecordBatch } from '../../../src/protocol/records/encode-record-batch.js';

/** One partition's batch of two record batches, decoded as a fetch would hand it out. */
function batch(): ConsumerBatch {
  const first = encodeRecordBatch(
    [
      { key: Buffer.from('k1'), value: Buffer.from('one') },
      { key: null, value: Buffer.from([0xff, 0x0a]) },
    ],
    { baseOffset: 10n },
  );
  const second = encodeRecordBatch([{ key: Buffer.from('k3'), value: null }], { baseOffset: 12n });
  const { batches } = decodeRecordBatches(Buffer.concat([first, second]));
  return { topic: 't', partition: 0, batches, count: 3, nextOffset: 13n, highWatermark: 13n };
}

describe('kafe consume: printing as bytes', () => {
  it('takes formats of literals, %k and %s decoded as text, and leaves the others to the string path', () => {
    assert.notEqual(byteFormat(parseFormat('%k=%s\\n'), 'text', 'text'), undefined);
    assert.equal(byteFormat(parseFormat('%o %s\\n'), 'text', 'text'), undefined);
    assert.equal(byteFormat(parseFormat('%s\\n'), 'text', 'hex'), undefined);
    assert.equal(byteFormat(parseFormat('%k %s\\n'), 'base64', 'text'), undefined);
  });

  it('prints what the string path prints for UTF-8, and other bytes as they are', () => {
    const format = '%k=%s|\\n';
    const bytes = printBatch(batch(), byteFormat(parseFormat(format), 'text', 'text')!, Infinity);
    assert.equal(bytes.printed, 3);
    assert.equal(bytes.stoppedAt, undefined);
    assert.deepEqual(
      bytes.bytes,
      Buffer.concat([Buffer.from('k1=one|\n='), Buffer.from([0xff, 0x0a]), Buffer.from('|\nk3=|\n')]),
    );
    const print = compileFormat(format, 'text', 'text');
    const text = [...consumerRecords(batch())].map(print).join('');
    // Read as UTF-8 (invalid bytes as U+FFFD, as the string path decodes them), the two agree.
    assert.equal(bytes.bytes.toString('utf8'), text);
  });

  it('stops at the limit and says the offset after the last record printed', () => {
    const bytes = printBatch(batch(), byteFormat(parseFormat('%s\\n'), 'text', 'text')!, 1);
    assert.deepEqual(bytes, { bytes: Buffer.from('one\n'), printed: 1, stoppedAt: 11n });
    const across = printBatch(batch(), byteFormat(parseFormat('%k;'), 'text', 'text')!, 3);
    assert.deepEqual(across, { bytes: Buffer.from('k1;;k3;'), printed: 3, stoppedAt: 13n });
  });
});
