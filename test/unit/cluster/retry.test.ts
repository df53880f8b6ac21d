import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeadlineExceededError, OperationAbortedError } from '../../../src/cluster/errors.js';
import { backoffDelay, retry } from '../../../src/cluster/retry.js';
import { ConnectionError } from '../../../src/net/errors.js';
import { BrokerError } from '../../../src/protocol/broker-error.js';
import { errorCodes } from '../../../src/protocol/messages/error-codes.js';

const fast = { initialBackoffMs: 1, maxBackoffMs: 4 };

describe('retry policy', () => {
  it('backs off exponentially up to the maximum, with at most 20% jitter either way', () => {
    const opts = { initialBackoffMs: 100, maxBackoffMs: 1000 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, opts, () => 0.5)),
      [100, 200, 400, 800, 1000, 1000],
    );
    assert.equal(
      backoffDelay(1, opts, () => 0),
      80,
    );
    assert.equal(
      backoffDelay(5, opts, () => 1),
      1200,
    );
  });

  it('retries errors the generated table marks retriable and stops on the first that is not', async () => {
    const errors = [
      new BrokerError(errorCodes.NOT_LEADER_OR_FOLLOWER.code),
      new ConnectionError('b:1', 'refused'),
      new BrokerError(errorCodes.TOPIC_AUTHORIZATION_FAILED.code),
    ];
    let calls = 0;
    await assert.rejects(
      retry(
        async () => {
          throw errors[calls++];
        },
        { operation: 'X', timeoutMs: 5000, ...fast },
      ),
      (e: unknown) => e === errors[2],
    );
    assert.equal(calls, 3);
  });

  it('returns the first success and tells onRetry about each failure', async () => {
    const seen: string[] = [];
    let calls = 0;
    const value = await retry(
      async (a) => {
        calls++;
        if (a.attempt < 3) throw new BrokerError(errorCodes.LEADER_NOT_AVAILABLE.code);
        return 'ok';
      },
      { operation: 'X', timeoutMs: 5000, ...fast, onRetry: (e) => void seen.push((e as BrokerError).code) },
    );
    assert.equal(value, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(seen, ['LEADER_NOT_AVAILABLE', 'LEADER_NOT_AVAILABLE']);
  });

  it('gives up at the deadline with DeadlineExceededError carrying the last error', async () => {
    let calls = 0;
    const last = new BrokerError(errorCodes.NOT_ENOUGH_REPLICAS.code);
    await assert.rejects(
      retry(
        async () => {
          calls++;
          throw last;
        },
        { operation: 'Produce', timeoutMs: 60, initialBackoffMs: 5, maxBackoffMs: 10 },
      ),
      (e: unknown) =>
        e instanceof DeadlineExceededError &&
        e.cause === last &&
        e.attempts === calls &&
        /Produce/.test(e.message),
    );
    assert.ok(calls >= 2, `${calls} attempts`);
  });

  it('ends an attempt that hangs at the deadline through the attempt signal', async () => {
    await assert.rejects(
      retry(
        (a) =>
          new Promise((_, reject) => a.signal?.addEventListener('abort', () => reject(new Error('hung up')))),
        { operation: 'Fetch', timeoutMs: 30 },
      ),
      (e: unknown) => e instanceof DeadlineExceededError && (e.cause as Error).message === 'hung up',
    );
  });

  it('stops on abort, during an attempt or a backoff, with OperationAbortedError', async () => {
    const controller = new AbortController();
    const pending = retry(
      async () => {
        throw new BrokerError(errorCodes.REQUEST_TIMED_OUT.code);
      },
      { operation: 'Metadata', timeoutMs: 60_000, initialBackoffMs: 10_000, signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('user')), 10);
    await assert.rejects(
      pending,
      (e: unknown) => e instanceof OperationAbortedError && e.code === 'REQUEST_ABORTED',
    );
    const already = AbortSignal.abort('gone');
    let called = false;
    await assert.rejects(
      retry(
        async () => {
          called = true;
        },
        { operation: 'X', timeoutMs: 1000, signal: already },
      ),
      OperationAbortedError,
    );
    assert.equal(called, false);
  });
});
