import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseTimestamp } from '../../../src/cli/option-values.js';
import { colourFor, renderTable, toJson } from '../../../src/cli/output.js';

describe('kafe output', () => {
  it('aligns table columns, with - for a missing cell and no trailing spaces', () => {
    assert.deepEqual(
      renderTable(
        ['TOPIC', 'PARTITIONS'],
        [
          ['orders', 6],
          ['a', null],
        ],
      ),
      ['TOPIC   PARTITIONS', 'orders  6', 'a       -'],
    );
  });

  it('colours a terminal only, and follows NO_COLOR and FORCE_COLOR', () => {
    assert.equal(colourFor({ isTTY: true }, {}), true);
    assert.equal(colourFor({ isTTY: false }, {}), false);
    assert.equal(colourFor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(colourFor({ isTTY: false }, { FORCE_COLOR: '1' }), true);
    assert.equal(colourFor({ isTTY: true }, { TERM: 'dumb' }), false);
  });

  it('writes bigints as numbers when exact, else as strings', () => {
    assert.equal(toJson({ a: 5n, b: 2n ** 63n - 1n }), '{"a":5,"b":"9223372036854775807"}');
  });

  it('reads durations and times', () => {
    assert.equal(parseDuration('--x', '15m'), 900_000);
    assert.equal(parseDuration('--x', '250'), 250);
    assert.equal(parseDuration('--x', '1.5s'), 1500);
    assert.throws(() => parseDuration('--x', '5 minutes'), /--x expects a duration/);
    assert.equal(parseTimestamp('--x', '2026-12-04T10:00:00Z'), Date.UTC(2026, 11, 4, 10));
    assert.equal(parseTimestamp('--x', '2026-12-04T10:00:00'), Date.UTC(2026, 11, 4, 10));
    assert.equal(parseTimestamp('--x', '1700000000000'), 1_700_000_000_000);
    assert.throws(
      () => parseTimestamp('--x', 'yesterday'),
      /--x expects milliseconds since the epoch or a date/,
    );
  });
});
