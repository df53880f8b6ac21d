import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkResetStrategy,
  OffsetResetError,
  type OffsetResetStrategy,
  planOffsetReset,
  type ResetFacts,
  resetLookups,
} from '../../../src/admin/offset-reset-plan.js';
import { InvalidArgumentError } from '../../../src/cluster/errors.js';
import { topicPartitionKey as key } from '../../../src/cluster/topic-partition.js';

// t/0: log 10..100, committed 50, a record at or after the timestamp at 70.
// t/1: log 0..20, nothing committed, no record that recent.
const parts = [
  { topic: 't', partition: 0 },
  { topic: 't', partition: 1 },
];
const facts: ResetFacts = {
  committed: new Map([[key('t', 0), 50n]]),
  earliest: new Map([
    [key('t', 0), 10n],
    [key('t', 1), 0n],
  ]),
  latest: new Map([
    [key('t', 0), 100n],
    [key('t', 1), 20n],
  ]),
  byTimestamp: new Map([
    [key('t', 0), 70n],
    [key('t', 1), null],
  ]),
};
const plan = (strategy: OffsetResetStrategy, p = parts) =>
  planOffsetReset(strategy, p, facts).map((o) => [o.currentOffset, o.newOffset]);

describe('offsets reset planner (kafka-consumer-groups.sh --reset-offsets)', () => {
  it('to-earliest, to-latest: the log start and end', () => {
    assert.deepEqual(plan({ kind: 'to-earliest' }), [
      [50n, 10n],
      [null, 0n],
    ]);
    assert.deepEqual(plan({ kind: 'to-latest' }), [
      [50n, 100n],
      [null, 20n],
    ]);
  });

  it('to-offset: moved into [start, end] as the tool does', () => {
    assert.deepEqual(plan({ kind: 'to-offset', offset: 15 }), [
      [50n, 15n],
      [null, 15n],
    ]);
    assert.deepEqual(plan({ kind: 'to-offset', offset: 5n }), [
      [50n, 10n],
      [null, 5n],
    ]);
    assert.deepEqual(plan({ kind: 'to-offset', offset: 500 }), [
      [50n, 100n],
      [null, 20n],
    ]);
  });

  it('shift-by: from the committed offset, clamped; refused without one', () => {
    assert.deepEqual(plan({ kind: 'shift-by', shift: -45 }, [parts[0]!]), [[50n, 10n]]);
    assert.deepEqual(plan({ kind: 'shift-by', shift: 5n }, [parts[0]!]), [[50n, 55n]]);
    assert.deepEqual(plan({ kind: 'shift-by', shift: 80 }, [parts[0]!]), [[50n, 100n]]);
    assert.throws(
      () => plan({ kind: 'shift-by', shift: 1 }),
      (e) => e instanceof OffsetResetError && e.topic === 't' && e.partition === 1,
    );
  });

  it('to-datetime and by-duration: the offset for the time, else the log end', () => {
    assert.deepEqual(plan({ kind: 'to-datetime', timestamp: new Date(0) }), [
      [50n, 70n],
      [null, 20n],
    ]);
    assert.deepEqual(plan({ kind: 'by-duration', durationMs: 60_000 }), [
      [50n, 70n],
      [null, 20n],
    ]);
    assert.equal(resetLookups({ kind: 'by-duration', durationMs: 60_000 }, 1_000_000).timestamp, 940_000);
    assert.equal(resetLookups({ kind: 'to-datetime', timestamp: new Date(1234) }, 0).timestamp, 1234);
  });

  it('to-current: the committed offset, else the log end', () => {
    assert.deepEqual(plan({ kind: 'to-current' }), [
      [50n, 50n],
      [null, 20n],
    ]);
  });

  it('looks up only what the strategy needs', () => {
    const needs = (s: OffsetResetStrategy) => {
      const l = resetLookups(s, 0);
      return [l.earliest, l.latest, l.timestamp !== undefined];
    };
    assert.deepEqual(needs({ kind: 'to-earliest' }), [true, false, false]);
    assert.deepEqual(needs({ kind: 'to-latest' }), [false, true, false]);
    assert.deepEqual(needs({ kind: 'to-current' }), [false, true, false]);
    assert.deepEqual(needs({ kind: 'to-offset', offset: 1 }), [true, true, false]);
    assert.deepEqual(needs({ kind: 'shift-by', shift: 1 }), [true, true, false]);
    assert.deepEqual(needs({ kind: 'to-datetime', timestamp: 1 }), [false, true, true]);
  });

  it('refuses what the tool refuses before any lookup', () => {
    for (const bad of [
      { kind: 'to-offset', offset: -1 },
      { kind: 'to-offset', offset: 1.5 },
      { kind: 'shift-by', shift: Number.NaN },
      { kind: 'by-duration', durationMs: -1 },
      { kind: 'to-datetime', timestamp: new Date('nonsense') },
      { kind: 'to-somewhere' },
    ])
      assert.throws(
        () => checkResetStrategy(bad as OffsetResetStrategy),
        InvalidArgumentError,
        JSON.stringify(bad),
      );
    checkResetStrategy({ kind: 'shift-by', shift: -3n });
  });
});
