/**
 * Share consumers under fire at a size that fits the suite (the full 200,000 records run by
 * `scripts/soak-share.ts`): four members, a broker killed with SIGKILL and restarted, one member
 * killed with SIGKILL; the accepted set equals the produced set, and the duplicates are counted
 * by cause (`share-under-fire.ts`). A record counts as accepted when the broker confirmed it, or
 * when its acknowledgement was written and the connection died before the answer while the
 * brokers end with nothing left to deliver (they took it: otherwise it would come back).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { clusterUnderTest, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';
import { shareUnderFire } from '../share-under-fire.js';

describe('share consumers under fire (3 brokers, RF 3, min.insync.replicas 2)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-share-under-fire', requestTimeoutMs: 10_000 });
  after(async () => {
    for (const node of cluster.status()) if (!node.running) await cluster.restartBroker(node.id);
  });

  it('accepts every one of 20,000 records while a broker and a member are killed', async () => {
    const result = await shareUnderFire(cluster, kafka, {
      topic: uniqueTopic('share-fire'),
      records: 20_000,
      timeoutMs: 240_000,
      log: (line) => console.log(`# ${line}`),
    });
    // The whole result in every message: the failure is repeated at the end of the run's log.
    const summary = JSON.stringify(result);
    console.log(`# ${summary}`);
    assert.ok(result.childKilledAfter > 0, `the child member was killed while records flowed: ${summary}`);
    assert.deepEqual(result.memberErrors, [], summary);
    assert.deepEqual(result.missing, [], summary);
    assert.deepEqual(result.unknown, [], summary);
    assert.equal(result.leftToDeliver, false, summary);
    assert.equal(result.accepted + result.acceptedInFlight, result.produced, summary);
  });
});
