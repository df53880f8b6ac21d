import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidArgumentError } from '../../../src/cluster/errors.js';
import { checkPartition, checkReplicaId, checkTopic, toRecord } from '../../../src/kafe/arguments.js';

const refused = (f: () => unknown, pattern: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof InvalidArgumentError && pattern.test(e.message));

describe('kafe argument checks', () => {
  it('takes a value, a [key, value] pair or { key, value } as a message', () => {
    const text = (r: ReturnType<typeof toRecord>) => [
      r.key && Buffer.from(r.key).toString(),
      r.value && Buffer.from(r.value).toString(),
    ];
    assert.deepEqual(text(toRecord('v', 1)), [null, 'v']);
    assert.deepEqual(text(toRecord(['k', 'v'], 1)), ['k', 'v']);
    assert.deepEqual(text(toRecord({ key: Buffer.from('k'), value: null }, 1)), ['k', null]);
    assert.equal(toRecord(new Uint8Array([1, 2]), 9).value?.length, 2);
    assert.equal(toRecord('v', 9).timestamp, 9);
  });

  it('refuses a key or value that is neither a string nor bytes, naming which', () => {
    refused(() => toRecord([1 as unknown as string, 'v'], 1), /message key: .*got 1$/);
    refused(() => toRecord({ key: true as unknown as string, value: 'v' }, 1), /message key: .*got true/);
    refused(() => toRecord(5 as unknown as string, 1), /message value: .*got 5/);
    refused(() => toRecord(['a', 'b', 'c'] as unknown as [string, string], 1), /2 elements, got 3/);
  });

  it('refuses negative, fractional and oversized partitions, bad topic names and replica ids other than -1', () => {
    assert.equal(checkPartition(0), 0);
    for (const p of [-1, 0.5, 2 ** 31, '1', Number.NaN])
      refused(() => checkPartition(p), /partition: expected an integer >= 0/);
    assert.equal(checkTopic('a.b_c-1'), 'a.b_c-1');
    for (const t of ['', 'a b', '..', 'x'.repeat(250), 7])
      refused(() => checkTopic(t), /topic: expected a Kafka topic name/);
    assert.equal(checkReplicaId(-1), -1);
    for (const r of [0, 1, -2, '-1']) refused(() => checkReplicaId(r), /replicaId: only -1/);
  });
});
