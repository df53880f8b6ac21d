import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { isUsableClusterId, kafkaClusterId } from '../../../harness/cluster-id.js';

/** A byte source that hands out `first` (once per entry) and then random bytes. */
function crafted(...first: Buffer[]): (size: number) => Buffer {
  return (size) => first.shift() ?? randomBytes(size);
}

describe('kafkaClusterId', () => {
  it('draws again when the id would start with "-" (read as an option by kafka-storage format)', () => {
    // 0xf8 = 0b111110_00: the first base64url digit is 62, which is "-".
    const dash = Buffer.alloc(16, 0x11);
    dash[0] = 0xf8;
    assert.ok(dash.toString('base64url').startsWith('-'));
    const next = Buffer.alloc(16, 0x22);
    assert.equal(kafkaClusterId(crafted(dash, next)), next.toString('base64url'));
  });

  it('draws again on the ids Kafka reserves (Uuid.ZERO_UUID, Uuid.METADATA_TOPIC_ID)', () => {
    const metadataTopic = Buffer.alloc(16);
    metadataTopic[15] = 1;
    const next = Buffer.alloc(16, 0x33);
    assert.equal(kafkaClusterId(crafted(Buffer.alloc(16), metadataTopic, next)), next.toString('base64url'));
  });

  it('makes 22-character URL-safe ids that are all usable, over enough draws to meet a "-" many times', () => {
    // 4096 draws: the old generator (no redraw) gave a leading "-" with probability 1 - (63/64)^4096.
    const ids = Array.from({ length: 4096 }, () => kafkaClusterId());
    for (const id of ids) {
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      assert.ok(isUsableClusterId(id), id);
    }
    assert.equal(new Set(ids).size, ids.length);
  });
});
