import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { channelNames, type LifecycleMessage } from '../../../src/net/diagnostics.js';
import { ConnectionClosedError } from '../../../src/net/errors.js';
import { Lifecycle } from '../../../src/net/lifecycle.js';

const make = (opening = false) =>
  new Lifecycle({
    component: 'test',
    name: 'one',
    closedError: () => new ConnectionClosedError('b:1'),
    opening,
  });

describe('Lifecycle', () => {
  it('runs the teardown once and gives every close the same promise', async () => {
    const life = make();
    let teardowns = 0;
    let release!: () => void;
    const first = life.close(
      () =>
        new Promise<void>((resolve) => {
          teardowns++;
          release = resolve;
        }),
    );
    assert.equal(life.state, 'closing');
    const again = life.close(() => {
      teardowns++;
    });
    assert.equal(again, first);
    release();
    await first;
    assert.equal(life.state, 'closed');
    assert.equal(teardowns, 1);
    assert.equal(await life.ended, undefined);
  });

  it('gives a close called from within the teardown the same promise', async () => {
    const life = make();
    let inner: Promise<void> | undefined;
    const outer = life.close(() => {
      inner = life.close(() => assert.fail('a second teardown ran'));
    });
    assert.equal(inner, outer);
    await outer;
  });

  it("throws the owner's error for calls once the end has begun, not before", () => {
    const life = make();
    life.check();
    void life.close(() => {});
    assert.throws(() => life.check(), ConnectionClosedError);
  });

  it('destroy ends on the error; a later close waits for that teardown and runs none of its own', async () => {
    const life = make();
    const error = new Error('socket reset');
    let release!: () => void;
    const destroyed = life.destroy(
      error,
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    assert.equal(life.state, 'destroyed');
    const closed = life.close(() => assert.fail('the close teardown ran after destroy'));
    assert.equal(closed, destroyed);
    release();
    await closed;
    assert.equal(await life.ended, error);
    assert.equal(life.state, 'destroyed');
  });

  it('ignores destroy once closing: the first ending wins', async () => {
    const life = make();
    const closed = life.close(() => {});
    const destroyed = life.destroy(new Error('late'), () => assert.fail('the destroy teardown ran'));
    assert.equal(destroyed, closed);
    await closed;
    assert.equal(life.state, 'closed');
    assert.equal(await life.ended, undefined);
  });

  it('rejects close with a failed teardown and still ends closed', async () => {
    const life = make();
    await assert.rejects(
      life.close(() => {
        throw new Error('teardown broke');
      }),
      /teardown broke/,
    );
    assert.equal(life.state, 'closed');
  });

  it('aborts its signal when the end begins, with the closed error or the destroying error', async () => {
    const closing = make();
    const signal = closing.signal;
    assert.equal(signal.aborted, false);
    void closing.close(() => {});
    assert.ok(signal.reason instanceof ConnectionClosedError);
    const destroyed = make();
    const error = new Error('gone');
    await destroyed.destroy(error, () => {});
    assert.equal(destroyed.signal.reason, error);
  });

  it('publishes every state it enters on kafe:lifecycle', async () => {
    const seen: string[] = [];
    const onMessage = (m: unknown) => {
      const message = m as LifecycleMessage;
      if (message.component === 'test')
        seen.push(`${message.name}:${message.state}${message.error ? `:${message.error.message}` : ''}`);
    };
    diagnostics.subscribe(channelNames.lifecycle, onMessage);
    try {
      const connection = make(true);
      connection.opened();
      await connection.close(() => {});
      await make().destroy(new Error('boom'), () => {});
    } finally {
      diagnostics.unsubscribe(channelNames.lifecycle, onMessage);
    }
    assert.deepEqual(seen, [
      'one:opening',
      'one:open',
      'one:closing',
      'one:closed',
      'one:open',
      'one:destroyed:boom',
    ]);
  });
});
