import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupMember } from '../../../../src/consumer/assignors/assignor.js';
import { rangeAssignor } from '../../../../src/consumer/assignors/range.js';
import { roundRobinAssignor } from '../../../../src/consumer/assignors/round-robin.js';

const member = (memberId: string, topics: string[], groupInstanceId: string | null = null): GroupMember => ({
  memberId,
  groupInstanceId,
  subscription: { topics, userData: null, ownedPartitions: [], generationId: -1, rackId: null },
});
const flat = (m: Map<string, { topic: string; partitions: readonly number[] }[]>, id: string) =>
  (m.get(id) ?? []).flatMap((t) => t.partitions.map((p) => `${t.topic}p${p}`)).sort();
const counts = new Map([
  ['t0', 3],
  ['t1', 3],
]);

describe('assignors (Java RangeAssignor / RoundRobinAssignor examples)', () => {
  it('range: C0 gets t0p0 t0p1 t1p0 t1p1, C1 gets t0p2 t1p2', () => {
    const a = rangeAssignor.assign([member('C1', ['t0', 't1']), member('C0', ['t0', 't1'])], counts);
    assert.deepEqual(flat(a, 'C0'), ['t0p0', 't0p1', 't1p0', 't1p1']);
    assert.deepEqual(flat(a, 'C1'), ['t0p2', 't1p2']);
  });

  it('roundrobin: C0 gets t0p0 t0p2 t1p1, C1 gets t0p1 t1p0 t1p2', () => {
    const a = roundRobinAssignor.assign([member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])], counts);
    assert.deepEqual(flat(a, 'C0'), ['t0p0', 't0p2', 't1p1']);
    assert.deepEqual(flat(a, 'C1'), ['t0p1', 't1p0', 't1p2']);
  });

  it('only subscribers of a topic get its partitions; static members are ordered by instance id', () => {
    const members = [member('m-a', ['t0'], 'z'), member('m-b', ['t0', 't1'], 'a')];
    for (const assignor of [rangeAssignor, roundRobinAssignor]) {
      const a = assignor.assign(members, counts);
      assert.ok(
        flat(a, 'm-a').every((p) => p.startsWith('t0')),
        assignor.name,
      );
      assert.deepEqual(
        [...flat(a, 'm-a'), ...flat(a, 'm-b')].sort(),
        ['t0p0', 't0p1', 't0p2', 't1p0', 't1p1', 't1p2'],
        `${assignor.name}: every partition exactly once`,
      );
    }
    // Range: instance id 'a' (m-b) comes first, so it takes the extra t0 partition.
    assert.deepEqual(
      flat(rangeAssignor.assign(members, counts), 'm-b').filter((p) => p.startsWith('t0')),
      ['t0p0', 't0p1'],
    );
  });
});
