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
});
