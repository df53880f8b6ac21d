import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputReader } from '../../../src/cli/produce-input.js';
import {
  type ProduceCounts,
  type ProduceStreamOptions,
  produceStream,
} from '../../../src/cli/produce-stream.js';
import type { DeliveryReport } from '../../../src/producer/delivery-report.js';
import { BatchDeliveryError } from '../../../src/producer/errors.js';
import type { ProducerRecord } from '../../../src/producer/record.js';

/** A send whose deliveries the test settles, in any order. */
function heldSends() {
  const calls: { values: string[]; settle: (ok: boolean) => void }[] = [];
  const send = (records: ProducerRecord[]) =>
    new Promise<DeliveryReport>((resolve, reject) => {
      const count = records.length;
      const report = { count, partitions: new Int32Array(count), offsets: new Float64Array(count) };
      calls.push({
        values: records.map((r) => String(r.value)),
        settle: (ok) =>
          ok
            ? resolve(report)
            : reject(new BatchDeliveryError([{ index: 0, error: new Error('refused') }], report)),
      });
    });
  return { calls, send };
}

/** Lets every callback already due run (promise jobs and I/O-free immediates), no clock involved. */
async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

function options(send: ProduceStreamOptions['send'], extra: Partial<ProduceStreamOptions> = {}) {
  return {
    toRecord: (r: { value?: unknown }) => ({ ...r, topic: 't' }) as ProducerRecord,
    send,
    maxPendingBytes: 1024,
    signal: new AbortController().signal,
    ...extra,
  };
}

const newCounts = (): ProduceCounts => ({ sent: 0, acknowledged: 0, failed: 0 });

describe('kafe produce streaming', () => {
  it('reads no further while more input than the bound is unacknowledged, and goes on as acknowledgements come', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.from('aaaa\nbbbb\n');
      }
    }
    const { calls, send } = heldSends();
    const stop = new AbortController();
    const run = produceStream(
      endless(),
      new InputReader('lines', undefined, 'stdin'),
      newCounts(),
      options(send, { maxPendingBytes: 25, signal: stop.signal }),
    );
    await settled();
    // 10, 20, then 30 bytes pending: past 25 after the third chunk.
    assert.equal(pulled, 3);
    assert.equal(calls.length, 3);
    calls[0]!.settle(true);
    await settled();
    assert.equal(pulled, 4);
    stop.abort();
    for (const call of calls) call.settle(true);
    await run;
  });

  it('sends a large read in slices of 64 KiB of input, every line once and in order', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'y'.repeat(i % 200)}`);
    const input = Buffer.from(`${lines.join('\n')}\n`);
    assert.ok(input.length > 3 * 64 * 1024);
    const sent: string[][] = [];
    const send = async (records: ProducerRecord[]) => {
      sent.push(records.map((r) => String(r.value)));
      const count = records.length;
      return { count, partitions: new Int32Array(count), offsets: new Float64Array(count) };
    };
    const counts = newCounts();
    await produceStream([input], new InputReader('lines', undefined, 'stdin'), counts, {
      ...options(send),
      maxPendingBytes: 1 << 30,
    });
    assert.deepEqual(sent.flat(), lines);
    assert.ok(sent.length >= 4, `${sent.length} sends`);
    assert.deepEqual(counts, { sent: 3000, acknowledged: 3000, failed: 0 });
  });

  it('sends the records before a bad line, nothing from it on, and says how many went', async () => {
    const { calls, send } = heldSends();
    const counts = newCounts();
    const chunks = ['{"value":"a"}\n{"value":', '"b"}\nnope\n{"value":"c"}\n'].map((c) => Buffer.from(c));
    const run = produceStream(chunks, new InputReader('json', undefined, 'stdin'), counts, options(send));
    await settled();
    for (const call of calls) call.settle(true);
    await assert.rejects(run, {
      name: 'InvalidInputError',
      message: /^stdin line 3: not JSON \(.*\); 2 records before it sent, none from it on$/,
    });
    assert.deepEqual(
      calls.map((c) => c.values),
      [['a'], ['b']],
    );
    assert.deepEqual(counts, { sent: 2, acknowledged: 2, failed: 0 });
  });

  it('reports where records landed in input order, whatever order the acknowledgements come in', async () => {
    const { calls, send } = heldSends();
    const landed: number[] = [];
    const run = produceStream(
      [Buffer.from('a\n'), Buffer.from('b\nc\n')],
      new InputReader('lines', undefined, 'stdin'),
      newCounts(),
      options(send, { onLanded: (report) => landed.push(report.count) }),
    );
    await settled();
    calls[1]!.settle(true);
    await settled();
    assert.deepEqual(landed, []);
    calls[0]!.settle(true);
    await run;
    assert.deepEqual(landed, [1, 2]);
  });

  it('stops reading at a failed delivery and throws it once everything sent has settled', async () => {
    const { calls, send } = heldSends();
    const counts = newCounts();
    const landed: DeliveryReport[] = [];
    async function* input() {
      yield Buffer.from('a\n');
      yield Buffer.from('b\n');
      // Reached only if the failure did not stop the reading.
      yield Buffer.from('c\n');
    }
    const run = produceStream(
      input(),
      new InputReader('lines', undefined, 'stdin'),
      counts,
      options(send, { maxPendingBytes: 1, onLanded: (r) => landed.push(r) }),
    );
    const failed = assert.rejects(run, BatchDeliveryError);
    await settled();
    calls[0]!.settle(false);
    await failed;
    assert.equal(calls.length, 1);
    assert.equal(landed.length, 1);
    assert.deepEqual(counts, { sent: 1, acknowledged: 0, failed: 1 });
  });

  it('paces to --rate: record n goes n / rate seconds after the start', async () => {
    let now = 0;
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms;
      },
    };
    const sentAt: [number, number][] = [];
    const send = async (records: ProducerRecord[]): Promise<DeliveryReport> => {
      sentAt.push([now, records.length]);
      const count = records.length;
      return { count, partitions: new Int32Array(count), offsets: new Float64Array(count) };
    };
    await produceStream(
      [Buffer.from('1\n2\n3\n4\n5\n')],
      new InputReader('lines', undefined, 'stdin'),
      newCounts(),
      options(send, { rate: 2, clock }),
    );
    assert.deepEqual(sentAt, [
      [0, 1],
      [500, 1],
      [1000, 1],
      [1500, 1],
      [2000, 1],
    ]);
    // Behind schedule (input arrived late), the records due go together.
    now = 0;
    sentAt.length = 0;
    const late = { now: () => now, sleep: clock.sleep };
    async function* slow() {
      yield Buffer.from('1\n');
      now = 1600;
      yield Buffer.from('2\n3\n4\n5\n');
    }
    await produceStream(
      slow(),
      new InputReader('lines', undefined, 'stdin'),
      newCounts(),
      options(send, { rate: 2, clock: late }),
    );
    assert.deepEqual(sentAt, [
      [0, 1],
      [1600, 3],
      [2000, 1],
    ]);
  });
});
