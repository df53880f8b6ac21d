/**
 * The kafe API under broker failures on the 3-broker cluster (the cluster layer's own failover
 * tests use raw requests; these use the facade's non-idempotent `produce`, which never re-sends
 * a request whose outcome is unknown):
 * - the leader of a partition killed while a loop of `produce` calls runs: every call succeeds
 *   or fails with a typed error (a `KafeError`, or the seed's per-partition error name), and
 *   once the new leader is elected the calls succeed again on the same client;
 * - the killed broker restarted: the same client connects to it again;
 * - every broker stopped: pending calls fail with a typed error within their deadline, with no
 *   unhandled rejection, and the client works again once the brokers are back.
 * Runs after `harness.test.ts` (alphabetical order) and leaves all three brokers running.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import { createKafe, type Kafe } from '../../../src/kafe.js';
import { type ConnectMessage, channelNames } from '../../../src/net/diagnostics.js';
import { KafeError } from '../../../src/protocol/errors.js';
import { clusterUnderTest, createTopicsWith, eventually, uniqueTopic } from '../cluster-under-test.js';

describe('the kafe API when brokers fail (3 brokers)', () => {
  const cluster = clusterUnderTest();
  const brokers = cluster.bootstrapFor('plaintext').split(',');
  const topic = uniqueTopic('kafe-faults');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const connects: ConnectMessage[] = [];
  const onConnect = (m: unknown) => connects.push(m as ConnectMessage);
  let kafe: Kafe;
  let victim = -1;

  /** Starts every stopped node at once (one alone has no KRaft quorum to join). */
  const restartStopped = () =>
    Promise.all(cluster.status().flatMap((n) => (n.running ? [] : [cluster.restartBroker(n.id)])));

  /** One produce call's outcome: 'ok', the seed's error name, or the typed error's code. */
  const attempt = async (value: string): Promise<string> => {
    try {
      const r = await kafe.produce(topic, value, { timeout: 5000 });
      return r.partitions[0]?.errorCode === 'none' ? 'ok' : (r.partitions[0]?.errorCode ?? 'no-partition');
    } catch (error) {
      assert.ok(error instanceof KafeError, `a typed error, got ${String(error)}`);
      return error.code;
    }
  };

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    diagnostics.subscribe(channelNames.connect, onConnect);
    await createTopicsWith({ brokers }, [{ topic, partitions: 1, replicationFactor: 3 }]);
    kafe = createKafe({ brokers, clientId: 'kafe-faults', requestTimeoutMs: 5000, timeoutMs: 20_000 });
  });
  after(async () => {
    diagnostics.unsubscribe(channelNames.connect, onConnect);
    process.off('unhandledRejection', onUnhandled);
    await kafe?.close();
    await restartStopped();
  });

  it('keeps producing through a leader kill: each call succeeds or fails typed, then succeeds again', async (t) => {
    assert.equal(await attempt('before'), 'ok');
    const { topics } = await kafe.metadata([topic]);
    victim = topics[0]?.partitions[0]?.leader ?? -1;
    assert.ok(victim > 0, `leader of ${topic}/0: ${victim}`);

    let killed = false;
    const outcomes: string[] = [];
    const loop = (async () => {
      // Until 5 calls in a row succeed after the kill (the new leader took over), at most 200 calls.
      let okAfterKill = 0;
      for (let i = 0; i < 200 && okAfterKill < 5; i++) {
        const outcome = await attempt(`during-${i}`);
        outcomes.push(outcome);
        if (killed) okAfterKill = outcome === 'ok' ? okAfterKill + 1 : 0;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    await cluster.killBroker(victim);
    killed = true;
    await loop;
    t.diagnostic(`produce calls during the failover: ${outcomes.join(' ')}`);
    assert.deepEqual(outcomes.slice(-5), ['ok', 'ok', 'ok', 'ok', 'ok'], outcomes.join(' '));
    const after = await kafe.metadata([topic]);
    assert.notEqual(after.topics[0]?.partitions[0]?.leader, victim, 'a new leader');
  });

  it('connects again to the killed broker once it is restarted', async () => {
    const victimBroker = (await kafe.metadata()).brokers.find((b) => b.id === victim);
    assert.equal(victimBroker, undefined, 'the killed broker is out of the metadata');
    const seen = connects.length;
    await cluster.restartBroker(victim);
    const back = await eventually('the restarted broker is in the metadata', 60_000, async () =>
      (await kafe.metadata()).brokers.find((b) => b.id === victim),
    );
    // A call that needs that broker: the same client opens a new connection to it.
    await kafe.cluster.connection(victim);
    assert.ok(
      connects.slice(seen).some((c) => c.broker.endsWith(`:${back.port}`)),
      `a new connection to ${back.host}:${back.port}`,
    );
    assert.equal(await attempt('after-restart'), 'ok');
  });

  it('fails pending calls with typed errors when every broker stops, then works again', async () => {
    const ids = cluster.info.nodes.map((n) => n.id);
    const settle = <T>(p: Promise<T>) =>
      p.then(
        () => 'ok' as const,
        (e: unknown) => e,
      );
    const pending = [
      settle(kafe.produce(topic, 'while-down', { timeout: 4000 })),
      settle(kafe.fetch(topic, { partition: 0, offset: 1_000_000, maxWaitTime: 3000 })),
      settle(kafe.offsets(topic, 'kafe-faults-group')),
    ];
    await Promise.all(ids.map((id) => cluster.killBroker(id)));
    const late = [
      settle(kafe.produce(topic, 'after-down', { timeout: 3000 })),
      settle(kafe.metadata([topic])),
    ];
    const results = await Promise.all([...pending, ...late]);
    for (const r of results) {
      if (r === 'ok') continue; // answered before the brokers died
      assert.ok(r instanceof KafeError, `typed error, got ${String(r)}`);
    }
    for (const r of results.slice(pending.length))
      assert.ok(r instanceof KafeError, `a call made while every broker is down fails: ${String(r)}`);

    await restartStopped();
    const result = await eventually('produce after the restart', 90_000, async () => {
      const outcome = await attempt('back');
      return outcome === 'ok' ? outcome : undefined;
    });
    assert.equal(result, 'ok');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(unhandled, []);
  });
});
