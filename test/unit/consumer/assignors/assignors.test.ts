import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupMember } from '../../../../src/consumer/assignors/assignor.js';
import {
  cooperativeStickyAssignor,
  cooperativeUserData,
} from '../../../../src/consumer/assignors/cooperative-sticky.js';
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

describe('cooperative-sticky (KIP-429)', () => {
  const owning = (memberId: string, owned: number[], generationId: number): GroupMember => ({
    memberId,
    groupInstanceId: null,
    subscription: {
      topics: ['t'],
      userData: null,
      ownedPartitions: owned.length === 0 ? [] : [{ topic: 't', partitions: owned }],
      generationId,
      rackId: null,
    },
  });
  const four = new Map([['t', 4]]);

  it('a joining member gets nothing still owned this round; the owner keeps its share and loses only the rest', () => {
    const first = cooperativeStickyAssignor.assign([owning('A', [0, 1, 2, 3], 1), owning('B', [], -1)], four);
    assert.deepEqual(flat(first, 'A').length, 2);
    assert.deepEqual(flat(first, 'B'), [], 'a partition went straight from one owner to another');
    // Follow-up round: A now owns its 2; B gets the 2 released.
    const kept = flat(first, 'A').map((p) => Number(p.slice(2)));
    const second = cooperativeStickyAssignor.assign([owning('A', kept, 2), owning('B', [], -1)], four);
    assert.deepEqual(flat(second, 'A'), flat(first, 'A'), 'A lost a partition it kept');
    assert.deepEqual([...flat(second, 'A'), ...flat(second, 'B')].sort(), ['tp0', 'tp1', 'tp2', 'tp3']);
  });

  it('a claim of a higher generation wins; the generation is read from user data when the field is absent', () => {
    const stale = owning('A', [0, 1], 1);
    const fresh = owning('B', [1], 3);
    const a = cooperativeStickyAssignor.assign([stale, fresh], new Map([['t', 2]]));
    assert.deepEqual(flat(a, 'B'), ['tp1']);
    assert.equal(cooperativeUserData(7).readInt32BE(0), 7);
  });
});
