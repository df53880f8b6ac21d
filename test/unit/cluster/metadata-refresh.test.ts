import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetadataRefresher } from '../../../src/cluster/metadata-refresh.js';

describe('MetadataRefresher', () => {
  it('coalesces concurrent refreshes: joins the one in flight, queues the rest into one', async () => {
    const calls: (readonly string[] | null)[] = [];
    const releases: (() => void)[] = [];
    const refresher = new MetadataRefresher((topics) => {
      calls.push(topics);
      return new Promise((resolve) => releases.push(resolve));
    });
    const first = refresher.refresh(['a', 'b']);
    const joined = refresher.refresh(['a']);
    const queued1 = refresher.refresh(['c']);
    const queued2 = refresher.refresh(['d']);
    assert.equal(calls.length, 1);
    releases[0]!();
    await Promise.all([first, joined]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    releases[1]!();
    await Promise.all([queued1, queued2]);
    assert.equal(refresher.requests, 2);
    const all = refresher.refresh(null);
    const covered = refresher.refresh(['x']);
    releases[2]!();
    await Promise.all([all, covered]);
    assert.deepEqual(calls[2], null);
    assert.equal(refresher.requests, 3);
  });

  it('a failed refresh rejects its callers and does not block the next one', async () => {
    let n = 0;
    const refresher = new MetadataRefresher(async () => {
      if (n++ === 0) throw new Error('down');
    });
    await assert.rejects(refresher.refresh(['a']), /down/);
    await refresher.refresh(['a']);
    assert.equal(refresher.requests, 2);
  });
});
