import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FetchSession, type WantedPartition } from '../../../src/consumer/fetch-session.js';

const p = (partition: number, fetchOffset: bigint, topic = 't'): WantedPartition => ({
  topic,
  topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
  partition,
  fetchOffset,
  currentLeaderEpoch: 0,
  maxBytes: 1000,
});
const listed = (r: ReturnType<FetchSession['build']>) =>
  r.topics.flatMap((t) => t.partitions.map((x) => `${t.topic}/${x.partition}@${x.fetchOffset}`));

describe('FetchSession (KIP-227)', () => {
  it('starts full at epoch 0, then sends only changed partitions with increasing epochs', () => {
    const s = new FetchSession();
    const first = s.build([p(0, 0n), p(1, 0n)], 12);
    assert.equal(first.full, true);
    assert.equal(first.sessionId, 0);
    assert.equal(first.sessionEpoch, 0);
    assert.deepEqual(listed(first), ['t/0@0', 't/1@0']);
    s.handleResponse(0, 42);
    const second = s.build([p(0, 5n), p(1, 0n)], 12);
    assert.equal(second.full, false);
    assert.equal(second.sessionId, 42);
    assert.equal(second.sessionEpoch, 1);
    assert.deepEqual(listed(second), ['t/0@5']);
    assert.deepEqual(second.forgottenTopicsData, []);
    s.handleResponse(0, 42);
    const third = s.build([p(0, 5n)], 12);
    assert.equal(third.sessionEpoch, 2);
    assert.deepEqual(listed(third), []);
    assert.deepEqual(third.forgottenTopicsData, [
      { topic: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [1] },
    ]);
  });

  it('falls back to a full fetch after a session error or when the broker grants no session', () => {
    const s = new FetchSession();
    s.build([p(0, 0n)], 12);
    s.handleResponse(0, 7);
    s.build([p(0, 1n)], 12);
    s.handleResponse(71, 0); // INVALID_FETCH_SESSION_EPOCH
    const again = s.build([p(0, 1n)], 12);
    assert.equal(again.full, true);
    assert.equal(again.sessionId, 0);
    assert.equal(again.sessionEpoch, 0);
    s.handleResponse(0, 0); // no session granted
    assert.equal(s.build([p(0, 1n)], 12).full, true);
  });

  it('starts a new session when the version crosses topic ids (v13)', () => {
    const s = new FetchSession();
    s.build([p(0, 0n)], 12);
    s.handleResponse(0, 9);
    assert.equal(s.build([p(0, 0n)], 13).full, true);
  });
});
