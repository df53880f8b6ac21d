/**
 * `SampledStat` computes as Java's `SampledStat` / `Rate` do (two 30-second samples): avg and
 * max over the kept samples, NaN with none, a rate over at least one window, old samples
 * dropped, totals kept forever.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SampledStat } from '../../../src/net/sampled-stat.js';

describe('SampledStat', () => {
  it('avg, max and totals; NaN before any value', () => {
    const s = new SampledStat(0);
    assert.ok(Number.isNaN(s.avg(0)) && Number.isNaN(s.max(0)));
    s.record(10, 1000);
    s.record(30, 2000);
    assert.equal(s.avg(2000), 20);
    assert.equal(s.max(2000), 30);
    assert.equal(s.total, 40);
    assert.equal(s.totalCount, 2);
  });

  it('a rate divides by at least one 30 s window, then by the time since the oldest sample began', () => {
    const s = new SampledStat(0);
    s.record(300, 1000);
    assert.equal(s.rate(1000), 10, '300 over the minimum 30 s');
    assert.ok(Math.abs(s.countRate(1000) - 1 / 30) < 1e-12);
    s.record(300, 40_000);
    assert.equal(s.rate(40_000), (600 * 1000) / 39_000, 'from the oldest sample start (1 s) to now');
  });

  it('forgets samples older than two windows, keeps the totals', () => {
    const s = new SampledStat(0);
    s.record(100, 0);
    s.record(1, 35_000);
    assert.equal(s.max(35_000), 100);
    s.record(2, 70_000);
    assert.equal(s.max(70_000), 2, 'the first sample fell out');
    assert.ok(Number.isNaN(s.avg(200_000)));
    assert.equal(s.total, 103);
  });
});
