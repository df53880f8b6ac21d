import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupMember } from '../../../../src/consumer/assignors/assignor.js';
import { cooperativeStickyAssignor } from '../../../../src/consumer/assignors/cooperative-sticky.js';
import {
  decodeStickyUserData,
  encodeStickyUserData,
  stickyAssignor,
} from '../../../../src/consumer/assignors/sticky.js';
import { resolveConsumerOptions } from '../../../../src/consumer/options.js';

const flat = (m: Map<string, { topic: string; partitions: readonly number[] }[]>, id: string) =>
  (m.get(id) ?? []).flatMap((t) => t.partitions.map((p) => `${t.topic}p${p}`)).sort();

/** An eager member: nothing in ownedPartitions, its previous assignment in Java's sticky user data. */
const eager = (memberId: string, previous: number[] | null, generation = 1): GroupMember => ({
  memberId,
  groupInstanceId: null,
  subscription: {
    topics: ['t'],
    userData:
      previous === null ? null : encodeStickyUserData([{ topic: 't', partitions: previous }], generation),
    ownedPartitions: [],
    generationId: -1,
    rackId: null,
  },
});

describe('sticky user data (Java StickyAssignorUserData)', () => {
  it('v1 is previous_assignment [topic STRING, partitions [INT32]] then generation INT32, no version prefix', () => {
    const bytes = encodeStickyUserData([{ topic: 't', partitions: [0, 2] }], 5);
    assert.equal(
      bytes.toString('hex'),
      ['00000001', '0001', '74', '00000002', '00000000', '00000002', '00000005'].join(''),
    );
    assert.deepEqual(decodeStickyUserData(bytes), {
      partitions: [{ topic: 't', partitions: [0, 2] }],
      generation: 5,
    });
  });

  it('v0 (no generation) reads as generation -1; garbage and null as no previous assignment', () => {
    const v1 = encodeStickyUserData([{ topic: 'topic', partitions: [3] }], 9);
    assert.deepEqual(decodeStickyUserData(v1.subarray(0, v1.length - 4)), {
      partitions: [{ topic: 'topic', partitions: [3] }],
      generation: -1,
    });
    assert.deepEqual(decodeStickyUserData(Buffer.from([0x7f, 0xff, 0xff, 0xff, 1])), {
      partitions: [],
      generation: -1,
    });
    assert.deepEqual(decodeStickyUserData(null), { partitions: [], generation: -1 });
  });

  it('the assignors say what user data a member sends: sticky nothing before its first assignment', () => {
    assert.equal(stickyAssignor.subscriptionUserData?.(null), null);
    const last = { partitions: [{ topic: 't', partitions: [1] }], generation: 4 };
    assert.deepEqual(decodeStickyUserData(stickyAssignor.subscriptionUserData!(last)), last);
    assert.equal(Buffer.from(cooperativeStickyAssignor.subscriptionUserData!(last)!).readInt32BE(0), 4);
  });
});

describe('sticky (eager) assignor', () => {
  const four = new Map([['t', 4]]);

  it('is selectable by its Java protocol name', () => {
    assert.deepEqual(resolveConsumerOptions({ assignors: ['sticky', 'range'] }).assignors, [
      'sticky',
      'range',
    ]);
    assert.equal(stickyAssignor.name, 'sticky');
  });

  it('a fresh group is balanced; a joining member takes partitions straight from the owner (eager), the owner keeps the rest', () => {
    const first = stickyAssignor.assign([eager('A', null), eager('B', null)], four);
    assert.deepEqual([...flat(first, 'A'), ...flat(first, 'B')].sort(), ['tp0', 'tp1', 'tp2', 'tp3']);
    assert.equal(flat(first, 'A').length, 2);
    const aHad = flat(first, 'A').map((p) => Number(p.slice(2)));
    const bHad = flat(first, 'B').map((p) => Number(p.slice(2)));
    const second = stickyAssignor.assign([eager('A', aHad), eager('B', bHad), eager('C', null)], four);
    const sizes = ['A', 'B', 'C'].map((m) => flat(second, m).length).sort();
    assert.deepEqual(sizes, [1, 1, 2], 'not balanced');
    assert.equal(flat(second, 'C').length, 1, 'eager: the newcomer gets its share in this very round');
    for (const [m, had] of [
      ['A', aHad],
      ['B', bHad],
    ] as const)
      assert.ok(
        flat(second, m).every((p) => had.includes(Number(p.slice(2)))),
        `${m} was given a partition another member owned while it lost one of its own`,
      );
    assert.deepEqual(['A', 'B', 'C'].flatMap((m) => flat(second, m)).sort(), ['tp0', 'tp1', 'tp2', 'tp3']);
  });

  it('when two members claim a partition, the higher generation wins; a member that left frees its partitions', () => {
    const a = stickyAssignor.assign([eager('A', [0, 1], 1), eager('B', [1, 2], 3)], new Map([['t', 3]]));
    assert.ok(flat(a, 'B').includes('tp1'));
    const gone = stickyAssignor.assign([eager('A', [0], 2)], new Map([['t', 3]]));
    assert.deepEqual(flat(gone, 'A'), ['tp0', 'tp1', 'tp2']);
  });
});

describe('sticky core balance (shared with cooperative-sticky)', () => {
  it('owners holding 2 + 2 of 4 partitions and a newcomer: only one owner keeps the extra partition', () => {
    const four = new Map([['t', 4]]);
    const eagerResult = stickyAssignor.assign(
      [eager('A', [0, 1]), eager('B', [2, 3]), eager('C', null)],
      four,
    );
    assert.deepEqual(flat(eagerResult, 'A'), ['tp0', 'tp1']);
    assert.equal(flat(eagerResult, 'B').length, 1);
    assert.equal(flat(eagerResult, 'C').length, 1);
    // Cooperative: the same target, but the partition B gives up is withheld for one round.
    const owning = (memberId: string, owned: number[]): GroupMember => ({
      memberId,
      groupInstanceId: null,
      subscription: {
        topics: ['t'],
        userData: null,
        ownedPartitions: owned.length === 0 ? [] : [{ topic: 't', partitions: owned }],
        generationId: 1,
        rackId: null,
      },
    });
    const coop = cooperativeStickyAssignor.assign(
      [owning('A', [0, 1]), owning('B', [2, 3]), owning('C', [])],
      four,
    );
    assert.deepEqual(flat(coop, 'A'), ['tp0', 'tp1']);
    assert.equal(flat(coop, 'B').length, 1);
    assert.deepEqual(flat(coop, 'C'), []);
  });
});
