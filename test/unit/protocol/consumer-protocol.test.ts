import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../src/protocol/consumer-protocol.js';
import { DecodeError } from '../../../src/protocol/errors.js';

describe('consumer embedded protocol (Java ConsumerProtocol)', () => {
  it('writes a v0 subscription byte for byte as Java: int16 version, topics, null user data', () => {
    const bytes = encodeSubscription(
      { topics: ['ab'], userData: null, ownedPartitions: [], generationId: -1, rackId: null },
      0,
    );
    assert.deepEqual(
      [...bytes],
      [0, 0, /* topics */ 0, 0, 0, 1, 0, 2, 0x61, 0x62, /* user data null */ 0xff, 0xff, 0xff, 0xff],
    );
  });

  it('round-trips a v3 subscription with owned partitions, generation and rack', () => {
    const s = {
      topics: ['a', 'b'],
      userData: Buffer.from([1, 2]),
      ownedPartitions: [{ topic: 'a', partitions: [0, 2] }],
      generationId: 7,
      rackId: 'r1',
    };
    const back = decodeSubscription(encodeSubscription(s));
    assert.deepEqual(back.topics, s.topics);
    assert.deepEqual([...back.userData!], [1, 2]);
    assert.deepEqual(
      back.ownedPartitions.map((t) => [t.topic, t.partitions]),
      [['a', [0, 2]]],
    );
    assert.equal(back.generationId, 7);
    assert.equal(back.rackId, 'r1');
  });

  it('reads a newer version as the highest it knows (fields are appended), and refuses garbage', () => {
    const v3 = encodeSubscription({
      topics: ['t'],
      userData: null,
      ownedPartitions: [],
      generationId: 1,
      rackId: null,
    });
    const v9 = Buffer.concat([Buffer.from([0, 9]), v3.subarray(2), Buffer.from([1, 2, 3])]);
    assert.deepEqual(decodeSubscription(v9).topics, ['t']);
    assert.throws(() => decodeSubscription(Buffer.from([0])), DecodeError);
    assert.throws(() => decodeSubscription(Buffer.from([0, 0, 0x7f, 0xff, 0xff, 0xff])), DecodeError);
  });

  it("reads version 0's layout under a higher version number (KafkaJS's MemberMetadata), and still refuses a cut one", () => {
    const v0 = encodeSubscription(
      { topics: ['t'], userData: Buffer.from('u'), ownedPartitions: [], generationId: -1, rackId: null },
      0,
    );
    const claimsV1 = Buffer.concat([Buffer.from([0, 1]), v0.subarray(2)]);
    const read = decodeSubscription(claimsV1);
    assert.deepEqual(read.topics, ['t']);
    assert.equal(Buffer.from(read.userData ?? []).toString(), 'u');
    assert.deepEqual(read.ownedPartitions, []);
    assert.throws(() => decodeSubscription(claimsV1.subarray(0, claimsV1.length - 1)), DecodeError);
  });

  it('round-trips assignments; empty bytes mean nothing assigned', () => {
    const back = decodeAssignment(encodeAssignment([{ topic: 't', partitions: [1, 3] }]));
    assert.deepEqual(
      back.partitions.map((t) => [t.topic, t.partitions]),
      [['t', [1, 3]]],
    );
    assert.deepEqual(decodeAssignment(Buffer.alloc(0)).partitions, []);
  });
});
