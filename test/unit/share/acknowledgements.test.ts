import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AcknowledgeType,
  acknowledgementBatches,
  PendingAcknowledgements,
} from '../../../src/share/acknowledgements.js';

const { gap, accept, release, reject, renew } = AcknowledgeType;

describe('acknowledgementBatches', () => {
  it('coalesces consecutive offsets of one type into one batch with one type', () => {
    const acks = new Map([
      [12n, accept],
      [10n, accept],
      [11n, accept],
    ]);
    assert.deepEqual(acknowledgementBatches(acks), [
      { firstOffset: 10n, lastOffset: 12n, acknowledgeTypes: [accept] },
    ]);
  });

  it('splits where offsets jump or the type changes', () => {
    const acks = new Map([
      [0n, accept],
      [1n, reject],
      [2n, reject],
      [3n, gap],
      [7n, release],
      [8n, accept],
    ]);
    assert.deepEqual(acknowledgementBatches(acks), [
      { firstOffset: 0n, lastOffset: 0n, acknowledgeTypes: [accept] },
      { firstOffset: 1n, lastOffset: 2n, acknowledgeTypes: [reject] },
      { firstOffset: 3n, lastOffset: 3n, acknowledgeTypes: [gap] },
      { firstOffset: 7n, lastOffset: 7n, acknowledgeTypes: [release] },
      { firstOffset: 8n, lastOffset: 8n, acknowledgeTypes: [accept] },
    ]);
  });
});

describe('PendingAcknowledgements', () => {
  it('keeps offsets per partition, the last type of an offset wins, take() empties it', () => {
    const p = new PendingAcknowledgements();
    p.add('t', 0, 5n, renew);
    assert.equal(p.hasRenewals, true);
    p.add('t', 0, 5n, accept);
    assert.equal(p.hasRenewals, false);
    p.add('t', 1, 6n, reject);
    assert.equal(p.size, 2);
    const taken = p.take();
    assert.deepEqual(
      taken.map((x) => [x.topic, x.partition, [...x.offsets]]),
      [
        ['t', 0, [[5n, accept]]],
        ['t', 1, [[6n, reject]]],
      ],
    );
    assert.equal(p.size, 0);
    assert.deepEqual(p.partitions(), []);
  });
});
