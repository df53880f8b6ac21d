/**
 * The share consumer against `kafe/testing`'s share groups: where acknowledgements travel
 * (piggybacked on ShareFetch, ShareAcknowledge for commit(), epoch -1 on close), session epochs
 * and their recovery, release and reject, handler errors, and the state machine of membership.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ShareAcknowledgeRequest } from '../../../src/protocol/messages/share-acknowledge.js';
import type { ShareFetchRequest } from '../../../src/protocol/messages/share-fetch.js';
import type { ShareConsumerOptions } from '../../../src/share/options.js';
import { ShareConsumer } from '../../../src/share/share-consumer.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { appendValues, clusterOf } from '../../support/fake-kafka-client.js';
import { until } from '../../support/until.js';

const fast = { maxWaitMs: 20, retryBackoffMs: 5 };

describe('ShareConsumer against fake share groups', { timeout: 30_000 }, () => {
  let fake: FakeKafka;
  before(async () => {
    fake = await FakeKafka.start({ shareHeartbeatIntervalMs: 50, maxFetchWaitMs: 50 });
  });
  after(() => fake.close());

  let topics = 0;
  function topicWith(values: readonly string[], partitions = 1): string {
    const topic = `s${++topics}`;
    fake.createTopic({ name: topic, partitions });
    for (const v of values) appendValues(fake, topic, 0, [v]);
    return topic;
  }
  function consumer(options: Partial<ShareConsumerOptions> & { groupId: string }): ShareConsumer {
    const c = new ShareConsumer(clusterOf(fake), { ...fast, ...options });
    after(() => c.close());
    return c;
  }
  const fetchesOf = (groupId: string) =>
    fake
      .requests('ShareFetch')
      .map((r) => r.body as ShareFetchRequest)
      .filter((b) => b.groupId === groupId);
  const acksOf = (groupId: string) =>
    fake
      .requests('ShareAcknowledge')
      .map((r) => r.body as ShareAcknowledgeRequest)
      .filter((b) => b.groupId === groupId);

  it('implicit mode piggybacks acceptances (and the release of the record left early) on the next ShareFetch; epochs run 0, 1, 2, ...', async () => {
    const topic = topicWith(['a', 'b', 'c']);
    const c = consumer({ groupId: 'g-piggy' });
    c.subscribe([topic]);
    const seen: string[] = [];
    for await (const r of c.records()) {
      seen.push(r.value!.toString());
      if (seen.length === 3) break;
    }
    await until('the acceptances went with a fetch', () =>
      fetchesOf('g-piggy').some((f) =>
        f.topics.some((t) => t.partitions.some((p) => p.acknowledgementBatches.length > 0)),
      ),
    );
    const epochs = fetchesOf('g-piggy').map((f) => f.shareSessionEpoch);
    assert.deepEqual(
      epochs,
      epochs.map((_, i) => i),
    );
    // a and b were processed; the loop left while holding c, which is released, not accepted.
    const carried = fetchesOf('g-piggy').find((f) =>
      f.topics.some((t) => t.partitions.some((p) => p.acknowledgementBatches.length > 0)),
    )!;
    assert.deepEqual(
      carried.topics[0]!.partitions[0]!.acknowledgementBatches.map((b) => [
        b.firstOffset,
        b.lastOffset,
        b.acknowledgeTypes,
      ]),
      [
        [0n, 1n, [1]],
        [2n, 2n, [2]],
      ],
    );
    assert.equal(acksOf('g-piggy').length, 0, 'no ShareAcknowledge while fetching carries them');
    assert.deepEqual(seen, ['a', 'b', 'c']);
  });

  it('commit() sends ShareAcknowledge at once and reports each partition; close() closes the session with epoch -1', async () => {
    const topic = topicWith(['a', 'b']);
    const c = consumer({ groupId: 'g-commit', shareAcknowledgementMode: 'explicit' });
    c.subscribe([topic]);
    const it = c.records();
    const first = (await it.next()).value!;
    first.accept();
    const outcomes = await c.commit();
    assert.deepEqual(
      outcomes.map((o) => [o.topic, o.partition, o.offsets, o.error]),
      [[topic, 0, [0n], undefined]],
    );
    assert.ok(acksOf('g-commit').length >= 1);
    await c.close();
    const last = acksOf('g-commit').at(-1)!;
    assert.equal(last.shareSessionEpoch, -1);
    // `b` was buffered or never fetched: the session close released it, so another member gets it.
    const other = consumer({ groupId: 'g-commit' });
    other.subscribe([topic]);
    for await (const r of other.records()) {
      assert.equal(r.value!.toString(), 'b');
      break;
    }
  });

  it('release hands a record out again with delivery count 2; reject ends it; a throwing handler releases', async () => {
    const topic = topicWith(['keep', 'bad', 'boom']);
    const c = consumer({ groupId: 'g-ack' });
    c.subscribe([topic]);
    const deliveries: string[] = [];
    let thrown = false;
    const stop = new AbortController();
    const run = c.run({
      signal: stop.signal,
      eachRecord: (r) => {
        const v = r.value!.toString();
        deliveries.push(`${v}@${r.deliveryCount}`);
        if (v === 'keep' && r.deliveryCount === 1) r.release();
        else if (v === 'bad') r.reject();
        else if (v === 'boom' && !thrown) {
          thrown = true;
          throw new Error('boom');
        }
        if (deliveries.length === 5) stop.abort();
      },
    });
    await run;
    assert.deepEqual(deliveries.sort(), ['bad@1', 'boom@1', 'boom@2', 'keep@1', 'keep@2']);
  });

  it('a lost share session (the broker restarted) is opened again with epoch 0 and nothing is lost', async () => {
    const topic = topicWith(['a', 'b', 'c', 'd']);
    const c = consumer({ groupId: 'g-session', maxPollRecords: 1, shareAcquireMode: 'record_limit' });
    c.subscribe([topic]);
    const seen = new Set<string>();
    let failed = false;
    for await (const r of c.records()) {
      seen.add(r.value!.toString());
      if (!failed) {
        failed = true;
        fake.failNext('ShareFetch', { errorCode: 122 }); // SHARE_SESSION_NOT_FOUND
      }
      if (seen.size === 4) break;
    }
    const epochs = fetchesOf('g-session').map((f) => f.shareSessionEpoch);
    assert.ok(epochs.lastIndexOf(0) > 0, `a new session was opened: ${epochs.join(',')}`);
  });

  it('membership goes joining -> stable and, on close, leaving -> left', async () => {
    const topic = topicWith(['x']);
    const c = consumer({ groupId: 'g-states' });
    assert.equal(c.membershipState, 'unjoined');
    c.subscribe([topic]);
    await until('stable', () => c.membershipState === 'stable');
    assert.deepEqual(c.assignment(), [{ topic, partition: 0 }]);
    await c.close();
    assert.equal(c.membershipState, 'left');
  });
});
