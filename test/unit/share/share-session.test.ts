import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionEpoch, ShareSession } from '../../../src/share/share-session.js';

const tp = (partition: number) => ({ topic: 't', partition });

describe('ShareSession (KIP-932 share sessions)', () => {
  it('opens with epoch 0 listing every partition, then lists only what changed', () => {
    const s = new ShareSession();
    assert.deepEqual(s.nextFetch([tp(0), tp(1)]), { epoch: 0, added: [tp(0), tp(1)], forgotten: [] });
    s.answered();
    assert.deepEqual(s.nextFetch([tp(0), tp(1)]), { epoch: 1, added: [], forgotten: [] });
    s.answered();
    assert.deepEqual(s.nextFetch([tp(1), tp(2)]), { epoch: 2, added: [tp(2)], forgotten: [tp(0)] });
    assert.equal(s.has(tp(2)), true);
    assert.equal(s.has(tp(0)), false);
  });

  it('starts over with epoch 0 and every partition after a reset', () => {
    const s = new ShareSession();
    s.nextFetch([tp(0)]);
    s.answered();
    s.reset();
    assert.equal(s.epoch, SessionEpoch.open);
    assert.deepEqual(s.nextFetch([tp(0)]), { epoch: 0, added: [tp(0)], forgotten: [] });
  });

  it('wraps from the largest int32 epoch to 1, never to 0 (which would open a new session)', () => {
    const s = new ShareSession();
    for (let i = 0; i < 3; i++) s.answered();
    assert.equal(s.epoch, 3);
    (s as unknown as { epochNow: number }).epochNow = 2 ** 31 - 1;
    s.answered();
    assert.equal(s.epoch, 1);
  });
});
