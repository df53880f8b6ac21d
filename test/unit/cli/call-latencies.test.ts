import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallLatencies } from '../../../src/cli/call-latencies.js';

describe('cli: perf produce latencies (one entry per call)', () => {
  it('gives the percentiles of the records sorted one by one (index floor(n * p))', () => {
    const calls: [number, number][] = [
      [7.5, 3],
      [1, 10],
      [30, 1],
      [2, 86],
    ];
    const latencies = new CallLatencies();
    const perRecord: number[] = [];
    for (const [latency, count] of calls) {
      latencies.add(latency, count);
      for (let i = 0; i < count; i++) perRecord.push(latency);
    }
    perRecord.sort((a, b) => a - b);
    const ps = [0, 0.05, 0.1, 0.5, 0.95, 0.96, 0.99, 0.999, 1];
    assert.deepEqual(
      latencies.percentiles(ps),
      ps.map((p) => perRecord[Math.min(perRecord.length - 1, Math.floor(perRecord.length * p))]),
    );
    assert.equal(latencies.records, 100);
    assert.equal(latencies.max, 30);
    assert.equal(latencies.sum, 7.5 * 3 + 10 + 30 + 2 * 86);
  });

  it('reports 0 for every percentile when nothing was acknowledged', () => {
    assert.deepEqual(new CallLatencies().percentiles([0.5, 0.99]), [0, 0]);
  });
});
