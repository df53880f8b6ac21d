import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { until } from '../../support/until.js';

describe('until', () => {
  it('resolves once the condition holds', async () => {
    let checks = 0;
    await until('the third check', () => ++checks === 3);
    assert.equal(checks, 3);
  });

  it('fails naming what it waited for when the bound passes', async () => {
    await assert.rejects(
      until('never', () => false, { timeoutMs: 20 }),
      /^Error: never: not reached within 20 ms$/,
    );
  });

  it('stops at once with the reason of an aborted signal', async () => {
    const controller = new AbortController();
    const reason = new Error('test over');
    const waiting = until('never', () => false, { timeoutMs: 60_000, signal: controller.signal });
    controller.abort(reason);
    await assert.rejects(waiting, (error) => error === reason);
    await assert.rejects(
      until('never', () => false, { signal: AbortSignal.abort(reason) }),
      (e) => e === reason,
    );
  });
});
