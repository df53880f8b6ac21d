import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timedTransactions } from '../../../bench/src/timed-transactions.js';

/** A client that logs what happens (acknowledging when the test says), and a clock the test moves. */
function harness() {
  const log: string[] = [];
  const acks: { ack: () => void; fail: (e: Error) => void }[] = [];
  let n = 0;
  let time = 0;
  const timers: (() => void)[] = [];
  const timed = timedTransactions<number>(
    {
      begin: async () => {
        log.push(`begin ${++n}`);
        return n;
      },
      send: (t, values) => {
        log.push(`send ${t} ${values.length}`);
        return new Promise<void>((ack, fail) => acks.push({ ack, fail }));
      },
      commit: async (t) => void log.push(`commit ${t}`),
      abort: async (t) => void log.push(`abort ${t}`),
    },
    50,
    { now: () => time, setTimeout: (f) => timers.push(f), clearTimeout: () => {} },
  );
  return {
    log,
    acks,
    send: (k: number) => timed.send(Array.from({ length: k }, () => Buffer.alloc(1))),
    flush: () => timed.flush(),
    advance: (ms: number) => {
      time += ms;
    },
    fireTimers: () => {
      for (const f of timers.splice(0)) f();
    },
  };
}

/** Lets queued steps run. */
const turns = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe('bench: transactions by time', () => {
  it('sends calls into the open transaction, resolves them on their acks, commits once it is due', async () => {
    const h = harness();
    const first = h.send(2);
    const second = h.send(3);
    await turns();
    assert.deepEqual(h.log, ['begin 1', 'send 1 2', 'send 1 3'], 'both sent before any ack');
    h.acks[0]!.ack();
    h.acks[1]!.ack();
    await Promise.all([first, second]);
    h.advance(50);
    const third = h.send(1);
    await turns();
    assert.deepEqual(
      h.log.slice(3),
      ['commit 1', 'begin 2', 'send 2 1'],
      'due: committed before the next call sends',
    );
    h.acks[2]!.ack();
    await third;
    h.advance(50);
    h.fireTimers(); // the first transaction's timer finds it committed; the second's commits it
    await turns();
    assert.deepEqual(h.log.slice(6), ['commit 2']);
    await h.flush();
    assert.equal(h.log.length, 7, 'nothing open: flush commits nothing');
  });

  it('aborts a transaction whose send failed, and fails that call only', async () => {
    const h = harness();
    const bad = h.send(1);
    const good = h.send(1);
    await turns();
    h.acks[0]!.fail(new Error('refused'));
    h.acks[1]!.ack();
    await assert.rejects(bad, /refused/);
    await good;
    await h.flush();
    assert.deepEqual(h.log, ['begin 1', 'send 1 1', 'send 1 1', 'abort 1']);
  });
});
