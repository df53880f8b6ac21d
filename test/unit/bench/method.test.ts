import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { javaConsumerArgs } from '../../../bench/clients/java-consumer.js';
import { scalingCases, txnCases } from '../../../bench/src/cases.js';
import { oneAtATime } from '../../../bench/src/one-at-a-time.js';
import { payloadCount, payloadFile, payloads } from '../../../bench/src/payload.js';
import { recordsFor, roundOrder, settled } from '../../../bench/src/rounds.js';
import { medianOf, spreadOf } from '../../../bench/src/spread.js';
import { type ChildTask, topicNames } from '../../../bench/src/task.js';
import { lz4CompressFrame } from '../../../src/protocol/compression/lz4.js';

describe('bench: payloads', () => {
  it('gives every process the same values for a seed, each of the asked size', () => {
    for (const kind of ['text', 'random'] as const) {
      const a = payloads(kind, 1024);
      assert.deepEqual(a, payloads(kind, 1024));
      assert.equal(a.length, payloadCount(1024));
      assert.ok(a.every((v) => v.length === 1024));
      assert.notDeepEqual(a[0], a[1]);
    }
  });

  it('keeps values one UTF-8 byte per byte and free of the delimiter, as Java reads its payload file', () => {
    for (const kind of ['text', 'random'] as const) {
      const file = payloadFile(payloads(kind, 100));
      assert.ok(file.every((b) => b < 0x80));
      // Java splits the file at "\n": as many values come back, each 100 bytes.
      const back = file.toString('utf8').split('\n');
      assert.equal(back.length, payloadCount(100));
      assert.ok(back.every((v) => Buffer.byteLength(v, 'utf8') === 100));
    }
  });

  it('makes text compressible and random bytes not (lz4)', () => {
    const ratio = (kind: 'text' | 'random') => {
      const all = Buffer.concat(payloads(kind, 1024).slice(0, 16));
      return lz4CompressFrame(all).length / all.length;
    };
    assert.ok(ratio('text') < 0.6, `text compresses to ${ratio('text')}`);
    assert.ok(ratio('random') > 0.95, `random compresses to ${ratio('random')}`);
  });

  it('holds fewer large values (16 MiB in all, at least 16)', () => {
    assert.equal(payloadCount(100), 1000);
    assert.equal(payloadCount(100 * 1024), 163);
    assert.equal(payloadCount(1024 * 1024), 16);
  });
});

describe('bench: rounds', () => {
  it('turns the client order by one place every round and every case', () => {
    const clients = ['a', 'b', 'c'];
    assert.deepEqual(roundOrder(clients, 0, 0), ['a', 'b', 'c']);
    assert.deepEqual(roundOrder(clients, 0, 1), ['b', 'c', 'a']);
    assert.deepEqual(roundOrder(clients, 1, 1), ['c', 'a', 'b']);
    // Over as many rounds as clients, each client takes each place once.
    const firsts = [0, 1, 2].map((r) => roundOrder(clients, 5, r)[0]);
    assert.deepEqual([...firsts].sort(), clients);
  });

  it('sizes a run to last the wanted seconds at the measured rate, in whole calls, within bounds', () => {
    const bounds = { batch: 500, min: 1000, max: 1_000_000 };
    assert.equal(recordsFor(100_000, 6, bounds), 600_000);
    assert.equal(recordsFor(100_001, 6, bounds), 600_500);
    assert.equal(recordsFor(1e9, 6, bounds), 1_000_000);
    assert.equal(recordsFor(10, 6, bounds), 1000);
    assert.equal(recordsFor(Number.NaN, 6, bounds), 1000);
  });

  it('calls a warm-up settled when its last three throughputs lie within 10 %', () => {
    assert.equal(settled([100, 200]), false);
    assert.equal(settled([50, 80, 100, 120, 150]), false);
    assert.equal(settled([50, 80, 100, 105, 109]), true);
  });
});

describe('bench: spread', () => {
  it('reports the median with min–max and flags a spread above 10 %', () => {
    assert.deepEqual(spreadOf([100, 104, 96]), {
      median: 100,
      min: 96,
      max: 104,
      relative: 0.08,
      flagged: false,
    });
    const wide = spreadOf([100, 130, 90]);
    assert.equal(wide.median, 100);
    assert.equal(wide.flagged, true);
    assert.equal(spreadOf([42]).relative, 0);
  });

  it('takes each field of several runs on its own', () => {
    const run = (msgPerSec: number, cpu: number, rss: number) => ({
      records: 1,
      seconds: 1,
      msgPerSec,
      mbPerSec: 1,
      cpuUsPerRecord: cpu,
      peakRssMB: rss,
    });
    const m = medianOf([run(1, 30, 200), run(3, 10, 100), run(2, 20, 300)]);
    assert.equal(m.msgPerSec, 2);
    assert.equal(m.cpuUsPerRecord, 20);
    assert.equal(m.peakRssMB, 200);
  });
});

describe('bench: scaling and transactional cases', () => {
  it('names each scaling case by what it scales', () => {
    const ids = scalingCases('producer').map((c) => c.id);
    assert.deepEqual(ids, [
      '1KB acks=1 none random 10 topics×100p',
      '100KB acks=1 none random',
      '1MB acks=1 none random',
      '100B acks=1 none random 10 producers',
    ]);
    const spread = scalingCases('consumer')[0]!;
    assert.equal(spread.topics * spread.partitions, 1000);
    assert.equal(scalingCases('consumer').length, 3);
  });

  it('runs transactions at acks=all on three brokers', () => {
    assert.ok(txnCases(false).every((c) => c.acks === 'all' && c.brokers === 3 && c.role === 'producer'));
  });

  it('spreads a task over its topics, and Java reads them all by pattern', () => {
    assert.deepEqual(topicNames({ topic: 't', topics: 1 }), ['t']);
    const names = topicNames({ topic: 'bench-1-2', topics: 10 });
    assert.equal(names.length, 10);
    assert.equal(names[9], 'bench-1-2-9');
    const c = scalingCases('consumer')[0]!;
    const task = { brokers: ['b:9092'], topic: 'bench-1-2', topics: c.topics, tuned: false } as ChildTask;
    const args = javaConsumerArgs(task);
    const pattern = new RegExp(args[args.indexOf('--include') + 1]!);
    assert.ok(names.every((n) => pattern.test(n)));
    assert.equal(pattern.test('bench-1-22-0'), false);
  });
});

describe('bench: one transaction at a time', () => {
  it('runs concurrent calls one after the other, and a failed call does not stop the next', async () => {
    const events: string[] = [];
    let release: (() => void) | undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const run = oneAtATime(async (name: string) => {
      events.push(`start ${name}`);
      if (name === 'a') await gate;
      events.push(`end ${name}`);
      if (name === 'b') throw new Error('b failed');
    });
    const a = run('a');
    const b = run('b');
    const c = run('c');
    await Promise.resolve();
    assert.deepEqual(events, ['start a']);
    release!();
    await a;
    await assert.rejects(b, /b failed/);
    await c;
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
