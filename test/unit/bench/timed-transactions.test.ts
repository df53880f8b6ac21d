import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timedTransactions } from '../../../bench/src/timed-transactions.js';

/** A client that records what happens, and a clock the test moves. */
function harness(options: { failSend?: boolean } = {}) {
  const log: string[] = [];
  let n = 0;
  let time = 0;
  const timers: (() => void)[] = [];
  const clock = {
    now: () => time,
    setTimeout: (f: () => void) => timers.push(f),
    clearTimeout: () => {},
  };
  const send = timedTransactions<number>(
    {
      begin: async () => {
        log.push(`begin ${++n}`);
        return n;
      },
      send: async (t, values) => {
        if (options.failSend === true) throw new Error('refused');
        log.push(`send ${t} ${values.length}`);
      },
      commit: async (t) => void log.push(`commit ${t}`),
      abort: async (t) => void log.push(`abort ${t}`),
    },
    50,
    clock,
  );
  const values = (k: number) => Array.from({ length: k }, () => Buffer.alloc(1));
  return {
    log,
    send,
    values,
    advance: (ms: number) => {
      time += ms;
    },
    fireTimers: () => {
      for (const f of timers.splice(0)) f();
    },
  };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  return done;
};

describe('bench: transactions by time', () => {
  it('fills one transaction with the calls of its duration and commits at the first call after it', async () => {
    const h = harness();
    const first = h.send(h.values(2));
    const second = h.send(h.values(3));
    assert.equal(await settled(first), false, 'a call resolves only once its transaction committed');
    h.advance(50);
    const third = h.send(h.values(1));
    await Promise.all([first, second, third]);
    assert.deepEqual(h.log, ['begin 1', 'send 1 2', 'send 1 3', 'send 1 1', 'commit 1']);
    const fourth = h.send(h.values(4));
    h.fireTimers(); // the first transaction's timer: already committed, nothing more
    assert.equal(await settled(fourth), false);
    h.advance(50);
    h.fireTimers(); // the second's: no call came, the timer commits it
    await fourth;
    assert.deepEqual(h.log.slice(5), ['begin 2', 'send 2 4', 'commit 2']);
  });

  it('aborts a transaction whose send failed and rejects the calls in it', async () => {
    const h = harness({ failSend: true });
    await assert.rejects(h.send(h.values(1)), /refused/);
    assert.deepEqual(h.log, ['begin 1', 'abort 1']);
  });
});
