import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupMember, PartitionRacks } from '../../../../src/consumer/assignors/assignor.js';
import { useRackAware } from '../../../../src/consumer/assignors/assignor.js';
import { cooperativeStickyAssignor } from '../../../../src/consumer/assignors/cooperative-sticky.js';
import { rangeAssignor } from '../../../../src/consumer/assignors/range.js';
import { stickyAssignor } from '../../../../src/consumer/assignors/sticky.js';

const member = (memberId: string, rackId: string | null, topics = ['t']): GroupMember => ({
  memberId,
  groupInstanceId: null,
  subscription: { topics, userData: null, ownedPartitions: [], generationId: -1, rackId },
});
const flat = (m: Map<string, { topic: string; partitions: readonly number[] }[]>, id: string) =>
  (m.get(id) ?? []).flatMap((t) => t.partitions.map((p) => `${t.topic}p${p}`)).sort();
/** Partition p has replicas in racks r(p%3) and r((p+1)%3): replication factor 2 of 3 racks. */
const twoOfThree = (count: number): (readonly string[])[] =>
  Array.from({ length: count }, (_, p) => [`r${p % 3}`, `r${(p + 1) % 3}`]);
const threeRacks = [member('c0', 'r0'), member('c1', 'r1'), member('c2', 'r2')];

describe('rack-aware assignment (KIP-881)', () => {
  it('useRackAware: only when members have racks, they meet replica racks, and partitions differ in racks', () => {
    const differ = [new Set(['r0']), new Set(['r1'])];
    assert.equal(useRackAware(new Set(['r0']), differ), true);
    assert.equal(useRackAware(new Set(), differ), false, 'no member rack');
    assert.equal(useRackAware(new Set(['r9']), differ), false, 'no replica in a member rack');
    assert.equal(
      useRackAware(new Set(['r0']), [new Set(['r0', 'r1']), new Set(['r0', 'r1'])]),
      false,
      'all alike',
    );
  });

  it('range: 6 partitions on 2 of 3 racks, one member per rack: each takes its quota from its rack (Java: 0,2 / 1,3 / 4,5)', () => {
    const racks: PartitionRacks = new Map([['t', twoOfThree(6)]]);
    const a = rangeAssignor.assign(threeRacks, new Map([['t', 6]]), racks);
    assert.deepEqual(flat(a, 'c0'), ['tp0', 'tp2']);
    assert.deepEqual(flat(a, 'c1'), ['tp1', 'tp3']);
    assert.deepEqual(flat(a, 'c2'), ['tp4', 'tp5']);
    // The same group without rack information: the plain contiguous ranges.
    const plain = rangeAssignor.assign(threeRacks, new Map([['t', 6]]));
    assert.deepEqual(flat(plain, 'c0'), ['tp0', 'tp1']);
  });

  it('range: co-partitioned topics keep partition i of each on one member, chosen by rack', () => {
    const members = threeRacks.map((m) => member(m.memberId, m.subscription.rackId, ['a', 'b']));
    // Partition p has its single replica in rack r(2-p).
    const reversed = Array.from({ length: 3 }, (_, p) => [`r${2 - p}`]);
    const a = rangeAssignor.assign(
      members,
      new Map([
        ['a', 3],
        ['b', 3],
      ]),
      new Map([
        ['a', reversed],
        ['b', reversed],
      ]),
    );
    assert.deepEqual(flat(a, 'c0'), ['ap2', 'bp2']);
    assert.deepEqual(flat(a, 'c1'), ['ap1', 'bp1']);
    assert.deepEqual(flat(a, 'c2'), ['ap0', 'bp0']);
  });

  it('range: balance before locality — every partition in one rack still splits evenly', () => {
    const oneRack = Array.from({ length: 4 }, () => ['r0']);
    const a = rangeAssignor.assign(
      [member('c0', 'r0'), member('c1', 'r1')],
      new Map([['t', 4]]),
      new Map([['t', oneRack]]),
    );
    assert.equal(flat(a, 'c0').length, 2);
    assert.equal(flat(a, 'c1').length, 2);
  });

  for (const assignor of [stickyAssignor, cooperativeStickyAssignor])
    it(`${assignor.name}: fresh members take partitions with a replica in their rack; no rack info: still balanced`, () => {
      const racks: PartitionRacks = new Map([['t', twoOfThree(6)]]);
      const a = assignor.assign(threeRacks, new Map([['t', 6]]), racks);
      for (const m of threeRacks) {
        const mine = flat(a, m.memberId).map((p) => Number(p.slice(2)));
        assert.equal(mine.length, 2, `${m.memberId} not balanced`);
        for (const p of mine)
          assert.ok(
            twoOfThree(6)[p]!.includes(m.subscription.rackId!),
            `${m.memberId} got p${p} from another rack`,
          );
      }
      const noRacks = assignor.assign(threeRacks, new Map([['t', 6]]));
      assert.deepEqual(
        threeRacks.map((m) => flat(noRacks, m.memberId).length),
        [2, 2, 2],
      );
    });

  it('sticky: an owned partition in the right rack is kept; one in another rack moves to a member of its rack', () => {
    const racks: PartitionRacks = new Map([['t', [['r1'], ['r0']]]]);
    const prev = (id: string, rack: string, owned: number[]): GroupMember => ({
      ...member(id, rack),
      subscription: {
        ...member(id, rack).subscription,
        // c0 (r0) owned both partitions; c1 (r1) is new.
        userData:
          owned.length === 0
            ? null
            : stickyAssignor.subscriptionUserData!({
                partitions: [{ topic: 't', partitions: owned }],
                generation: 1,
              }),
      },
    });
    const a = stickyAssignor.assign(
      [prev('c0', 'r0', [0, 1]), prev('c1', 'r1', [])],
      new Map([['t', 2]]),
      racks,
    );
    assert.deepEqual(flat(a, 'c0'), ['tp1'], 'without racks c0 would keep tp0, its first');
    assert.deepEqual(flat(a, 'c1'), ['tp0']);
  });
});
