import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DefaultPartitioner,
  murmur2,
  murmur2Partition,
  type PartitionerInput,
  partitionerFrom,
  RoundRobinPartitioner,
  StickyPartitioner,
} from '../../../../src/producer/partitioners/index.js';
import { seeded } from '../../../support/seeded-random.js';

/**
 * Computed with `org.apache.kafka.common.utils.Utils#murmur2` / `toPositive(h) % n` of the
 * kafka-clients 4.4.0 jar (a 20-line Java program over the UTF-8 bytes of each key); the first
 * ones are also the vectors of Kafka's own `UtilsTest#testMurmur2`.
 */
const javaVectors: [string, number, number, number, number][] = [
  // key, murmur2, % 3, % 7, % 100
  ['', 275646681, 0, 2, 81],
  ['a', -1563381124, 1, 5, 24],
  ['ab', 316155434, 2, 0, 34],
  ['abc', 479470107, 0, 4, 7],
  ['21', -973932308, 0, 3, 40],
  ['foobar', -790332482, 0, 0, 66],
  ['a-little-bit-long-string', -985981536, 2, 1, 12],
  ['a-little-bit-longer-string', -1486304829, 2, 0, 19],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971, 2, 3, 77],
  ['key-0', 29210041, 1, 0, 41],
  ['key-1', 193331640, 0, 5, 40],
  ['key-42', -187086521, 0, 3, 27],
  ['käse-ü€', 906661806, 0, 1, 6],
  ['0123456789abcdef', 1438427052, 0, 6, 52],
];

const input = (
  topic: string,
  key: string | null,
  partitionCount: number,
  available?: number[],
): PartitionerInput => ({
  topic,
  key: key === null ? null : Buffer.from(key),
  value: null,
  partitionCount,
  availablePartitions: available ?? Array.from({ length: partitionCount }, (_, i) => i),
});

describe('murmur2', () => {
  it('matches Java Utils.murmur2 and the Java partition for every vector', () => {
    for (const [key, hash, p3, p7, p100] of javaVectors) {
      const bytes = Buffer.from(key, 'utf8');
      assert.equal(murmur2(bytes), hash, key);
      assert.deepEqual(
        [murmur2Partition(bytes, 3), murmur2Partition(bytes, 7), murmur2Partition(bytes, 100)],
        [p3, p7, p100],
        key,
      );
    }
  });

  it('hashes all 256 byte values (bytes above 0x7f are unsigned, as Java masks them)', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.equal(murmur2(bytes), -1948347274);
  });
});

describe('DefaultPartitioner', () => {
  it('puts keyed records where Java does, whatever partitions are available', () => {
    const p = new DefaultPartitioner(16384);
    for (const [key, , p3, p7] of javaVectors) {
      assert.equal(p.partition(input('t', key, 3, [1])), p3);
      assert.equal(p.partition(input('t', key, 7)), p7);
    }
  });

  it('sticks keyless records to one partition for batchSize bytes, then switches (KIP-794)', () => {
    const p = new DefaultPartitioner(1000, seeded(7));
    const first = p.partition(input('t', null, 6));
    for (let i = 0; i < 9; i++) {
      assert.equal(p.partition(input('t', null, 6)), first);
      p.onAppend('t', first, 100);
    }
    assert.equal(p.partition(input('t', null, 6)), first);
    p.onAppend('t', first, 100); // 1000 bytes reached
    const second = p.partition(input('t', null, 6));
    assert.notEqual(second, first);
  });

  it('spreads keyless bytes evenly over the partitions in the long run', () => {
    const p = new DefaultPartitioner(500, seeded(42));
    const bytes = new Array(4).fill(0);
    for (let i = 0; i < 40_000; i++) {
      const partition = p.partition(input('t', null, 4));
      bytes[partition] += 50;
      p.onAppend('t', partition, 50);
    }
    const mean = (40_000 * 50) / 4;
    for (const b of bytes) assert.ok(Math.abs(b - mean) / mean < 0.1, `uneven: ${bytes}`);
  });

  it('picks keyless partitions only among those with a leader', () => {
    const p = new DefaultPartitioner(10, seeded(3));
    for (let i = 0; i < 50; i++) {
      const partition = p.partition(input('t', null, 5, [1, 3]));
      assert.ok(partition === 1 || partition === 3, `got ${partition}`);
      p.onAppend('t', partition, 10);
    }
  });

  it('keeps sticky state per topic', () => {
    const p = new StickyPartitioner(100, seeded(9));
    const a = p.partition(input('a', null, 50));
    const b = p.partition(input('b', null, 50));
    p.onAppend('b', b, 100);
    assert.equal(p.partition(input('a', null, 50)), a);
  });
});

describe("partitionOf (the producer's argument form)", () => {
  it('answers as partition does, keyed and keyless', () => {
    const byInput = new DefaultPartitioner(300, seeded(11));
    const byArguments = new DefaultPartitioner(300, seeded(11));
    for (let i = 0; i < 200; i++) {
      const topic = i % 3 === 0 ? 'x' : 'y';
      const key = i % 5 === 0 ? `key-${i}` : null;
      const viaInput = byInput.partition(input(topic, key, 6));
      const viaArguments = byArguments.partitionOf(
        topic,
        key === null ? null : Buffer.from(key),
        6,
        [0, 1, 2, 3, 4, 5],
      );
      assert.equal(viaArguments, viaInput, `record ${i}`);
      byInput.onAppend(topic, viaInput, 70);
      byArguments.onAppend(topic, viaArguments, 70);
    }
  });

  it("counts each topic's bytes apart when records of two topics alternate", () => {
    const p = new StickyPartitioner(300, seeded(5));
    const a = p.partitionOf('a', null, 50, []);
    const b = p.partitionOf('b', null, 50, []);
    for (let i = 0; i < 2; i++) {
      p.onAppend('a', a, 100);
      p.onAppend('b', b, 100);
      assert.equal(p.partitionOf('a', null, 50, []), a);
      assert.equal(p.partitionOf('b', null, 50, []), b);
    }
    p.onAppend('a', a, 100); // a reached 300 bytes, b has 200
    assert.notEqual(p.partitionOf('a', null, 50, []), a);
    assert.equal(p.partitionOf('b', null, 50, []), b);
    p.onAppend('b', b, 100);
    assert.notEqual(p.partitionOf('b', null, 50, []), b);
  });
});

describe('other partitioners', () => {
  it('round-robin cycles through the available partitions, keys ignored', () => {
    const p = new RoundRobinPartitioner();
    const got = Array.from({ length: 6 }, () => p.partition(input('t', 'same-key', 3)));
    assert.deepEqual(got, [0, 1, 2, 0, 1, 2]);
    const skipping = Array.from({ length: 4 }, () => p.partition(input('u', null, 4, [0, 2])));
    assert.deepEqual(skipping, [0, 2, 0, 2]);
  });

  it('accepts a user function and a Partitioner object', () => {
    const fn = partitionerFrom((r) => r.partitionCount - 1, 100);
    assert.equal(fn.partition(input('t', 'k', 8)), 7);
    const custom = { partition: () => 2 };
    assert.equal(partitionerFrom(custom, 100), custom);
    assert.ok(partitionerFrom(undefined, 100) instanceof DefaultPartitioner);
    assert.ok(partitionerFrom('round-robin', 100) instanceof RoundRobinPartitioner);
  });
});
