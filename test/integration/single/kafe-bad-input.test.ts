/**
 * Bad input to the kafe API on a real broker: each mistake is a typed error naming the problem,
 * raised before anything is written (unknown topic or partition, negative partition, a key that
 * is not a string or bytes, a replicaId other than -1), or within the call's deadline (an
 * unreachable bootstrap host), and a closed client says it is closed.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import {
  ClientClosedError,
  DeadlineExceededError,
  InvalidArgumentError,
} from '../../../src/cluster/errors.js';
import { createKafe, type Kafe } from '../../../src/kafe.js';
import { channelNames, type RequestMessage } from '../../../src/net/diagnostics.js';
import { ConnectionError } from '../../../src/net/errors.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, createTopicsWith, uniqueTopic } from '../cluster-under-test.js';

describe('the kafe API given bad input', () => {
  const cluster = clusterUnderTest();
  const brokers = cluster.bootstrapFor('plaintext').split(',');
  const topic = uniqueTopic('kafe-bad');
  let kafe: Kafe;

  before(async () => {
    await createTopicsWith({ brokers }, [{ topic, partitions: 2, replicationFactor: 1 }]);
    kafe = createKafe({ brokers });
  });
  after(() => kafe?.close());

  const rejectsWith = async (call: Promise<unknown>, type: new (...a: never[]) => Error, pattern: RegExp) => {
    const error = await call.then(
      () => assert.fail('expected a rejection'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof type, `${String(error)} is not a ${type.name}`);
    assert.match((error as Error).message, pattern);
    return error as Error;
  };

  it('an unknown topic: UNKNOWN_TOPIC_OR_PARTITION naming it, for produce (auto-creation off), fetch, offset and offsets', async () => {
    const missing = uniqueTopic('kafe-missing');
    const strict = createKafe({ brokers, allowAutoTopicCreation: false });
    // One call at a time: started together, a call rejecting while an earlier one is still
    // awaited would have no handler yet and fail the run as an unhandled rejection.
    for (const call of [
      () => strict.produce(missing, 'x'),
      () => kafe.fetch(missing),
      () => kafe.offset([missing]),
      () => kafe.offsets(missing, 'g'),
    ]) {
      const e = await rejectsWith(call(), BrokerError, new RegExp(`"${missing}" does not exist`));
      assert.equal((e as BrokerError).code, 'UNKNOWN_TOPIC_OR_PARTITION');
    }
    await strict.close();
    // And a partition the topic does not have.
    await rejectsWith(
      kafe.produce(topic, 'x', { partition: 7 }),
      BrokerError,
      /has no partition 7 \(it has 2\)/,
    );
  });

  it('a negative or fractional partition: InvalidArgumentError naming the argument', async () => {
    await rejectsWith(
      kafe.produce(topic, 'x', { partition: -1 }),
      InvalidArgumentError,
      /partition: expected an integer >= 0, got -1/,
    );
    await rejectsWith(kafe.fetch(topic, { partition: 1.5 }), InvalidArgumentError, /partition: .* got 1\.5/);
    await rejectsWith(
      kafe.offset([{ name: topic, partitions: [{ partition: -3 }] }]),
      InvalidArgumentError,
      /partition: expected an integer >= 0, got -3/,
    );
  });

  it('a key that is not a string or bytes: InvalidArgumentError naming the key', async () => {
    await rejectsWith(
      kafe.produce(topic, [42 as unknown as string, 'v']),
      InvalidArgumentError,
      /message key: .* got 42/,
    );
    await rejectsWith(
      kafe.produce(topic, { key: { id: 1 } as unknown as string, value: 'v' }),
      InvalidArgumentError,
      /message key: .* got an object/,
    );
    await rejectsWith(
      kafe.produce(topic, 12 as unknown as string),
      InvalidArgumentError,
      /message value: .* got 12/,
    );
    // Nothing was written by the refused calls.
    const [latest] = await kafe.offset([topic]);
    assert.deepEqual(
      latest?.partitions.map((p) => p.offset),
      [0n, 0n],
    );
  });

  it('other arguments: a topic name Kafka refuses, a replicaId, an offsetCommit of the wrong arity', async () => {
    await rejectsWith(
      kafe.produce('no spaces allowed', 'x'),
      InvalidArgumentError,
      /topic: expected a Kafka topic name, got "no spaces allowed"/,
    );
    await rejectsWith(kafe.offset([topic], 1 as -1), InvalidArgumentError, /replicaId: only -1/);
    await rejectsWith(
      (kafe.offsetCommit as (...a: unknown[]) => Promise<unknown>)('g', 1, []),
      InvalidArgumentError,
      /expected 2, 4 or 5 arguments, got 3/,
    );
    await rejectsWith(
      kafe.produce(topic, 'x', { requiredAcks: 2 as 1 }),
      InvalidArgumentError,
      /requiredAcks/,
    );
  });

  it('an unreachable bootstrap host: DeadlineExceededError within the timeout, caused by a ConnectionError naming the address', async () => {
    const nowhere = createKafe({ brokers: ['127.0.0.1:1'], timeoutMs: 1500, connectTimeoutMs: 500 });
    try {
      const e = await rejectsWith(nowhere.metadata(), DeadlineExceededError, /127\.0\.0\.1:1/);
      assert.ok(e.cause instanceof ConnectionError, String(e.cause));
      await rejectsWith(nowhere.produce(topic, 'x'), DeadlineExceededError, /127\.0\.0\.1:1/);
    } finally {
      await nowhere.close();
    }
  });

  it('a closed client: ClientClosedError, also for calls made before close and still pending', async () => {
    const closing = createKafe({ brokers });
    // A fetch the broker holds for up to 5 s (minBytes not reached), closed once it is written.
    let written = false;
    const onRequest = (message: unknown) => {
      written ||= (message as RequestMessage).api === 'Fetch';
    };
    diagnostics.subscribe(channelNames.request, onRequest);
    const pending = closing.fetch(topic, { partition: 0, offset: 0, maxWaitTime: 5000, minBytes: 1_000_000 });
    // Its outcome is kept at once so that its rejection is handled when it happens.
    pending.catch(() => {});
    try {
      await until('the fetch is written', () => written, brokerWait);
    } finally {
      diagnostics.unsubscribe(channelNames.request, onRequest);
    }
    await closing.close();
    await rejectsWith(pending, ClientClosedError, /closed/);
    await rejectsWith(closing.produce(topic, 'x'), ClientClosedError, /the kafe client is closed/);
    await rejectsWith(closing.consumerMetadata('g'), ClientClosedError, /closed/);
  });
});
