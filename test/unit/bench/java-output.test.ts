import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJavaConsumer } from '../../../bench/clients/java-consumer.js';
import { parseJavaProducer } from '../../../bench/clients/java-producer.js';
import { percentiles } from '../../../bench/src/task.js';

// Output of Kafka 4.4's perf tools as the bench reads it (the format moved between releases before).
const producerOut = [
  'Warmup first 5000 records. Steady state results will print after the complete test summary.',
  '50000 records sent, 33222.591362 records/sec (3.17 MB/sec), 205.84 ms avg latency, 677.00 ms max latency, 211 ms 50th, 288 ms 95th, 301 ms 99th, 304 ms 99.9th.',
  '45000 steady state records sent, 61643.835616 records/sec (5.88 MB/sec), 218.99 ms avg latency, 309.00 ms max latency, 219 ms 50th, 288 ms 95th, 301 ms 99th, 305 ms 99.9th.',
].join('\n');

const consumerOut = [
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
  '2026-11-25 15:22:01:226, 2026-11-25 15:22:02:000, 19.0735, 24.6428, 200000, 258397.9328, 350, 500, 38.1470, 400000.0000',
].join('\n');

describe('bench: Java perf tool output', () => {
  it('reads the steady-state line of ProducerPerformance and charges CPU above the baseline', () => {
    const m = parseJavaProducer({ exitCode: 0, stdout: producerOut, stderr: '', cpuUs: 3_000_000 }, 750_000);
    assert.equal(m.records, 45000);
    assert.equal(m.msgPerSec, 61643.835616);
    assert.equal(m.cpuUsPerRecord, 50);
    assert.deepEqual(m.latencyMs, { p50: 219, p99: 301, p999: 305 });
    assert.ok(Math.abs(m.mbPerSec - 6.1656) < 0.001, 'MiB/s converted to MB/s');
  });

  it('refuses a producer run without a summary', () => {
    assert.throws(
      () => parseJavaProducer({ exitCode: 1, stdout: '', stderr: 'boom', cpuUs: 0 }, 0),
      /ProducerPerformance failed: boom/,
    );
  });

  it('reads ConsumerPerformance fetch figures (join excluded)', () => {
    const m = parseJavaConsumer(
      { exitCode: 0, stdout: consumerOut, stderr: '', cpuUs: 2_000_000 },
      1_000_000,
    );
    assert.equal(m.records, 200000);
    assert.equal(m.seconds, 0.5);
    assert.equal(m.msgPerSec, 400000);
    assert.equal(m.cpuUsPerRecord, 5);
  });
});

describe('bench: percentiles', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Float64Array.from({ length: 1000 }, (_, i) => 1000 - i);
    assert.deepEqual(percentiles(samples), { p50: 500, p99: 990, p999: 999 });
  });
});
