import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompressionRatioEstimator } from '../../../src/producer/compression-ratio.js';

describe('CompressionRatioEstimator', () => {
  it('starts at 1, improves gradually, deteriorates at once, per topic', () => {
    const e = new CompressionRatioEstimator();
    assert.equal(e.estimate('t'), 1);
    assert.ok(Math.abs(e.observe('t', 1000, 100) - 0.91) < 1e-9);
    for (let i = 0; i < 1000; i++) e.observe('t', 1000, 100);
    assert.ok(Math.abs(e.estimate('t') - 0.1) < 1e-6);
    assert.ok(Math.abs(e.observe('t', 1000, 120) - 0.15) < 1e-9);
    assert.equal(e.observe('t', 1000, 900), 0.9);
    assert.equal(e.observe('t', 1000, 5000), 1);
    assert.equal(e.estimate('other'), 1);
  });

  it("keeps each topic's estimate when topics alternate", () => {
    const e = new CompressionRatioEstimator();
    const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;
    e.observe('a', 1000, 100); // 0.91
    assert.equal(e.estimate('b'), 1);
    e.observe('b', 1000, 500); // 0.95
    assert.ok(close(e.estimate('a'), 0.91));
    e.observe('a', 1000, 100); // 0.91 - 0.081
    assert.ok(close(e.estimate('a'), 0.829));
    assert.ok(close(e.estimate('b'), 0.95));
    e.observe('b', 1000, 1000);
    assert.equal(e.estimate('b'), 1);
    assert.ok(close(e.estimate('a'), 0.829));
  });
});
