/**
 * Adaptive sticky partitioning (KIP-794): the weighted choice (Java `BuiltInPartitioner`'s
 * cumulative frequency table), the sticky partitioner's switches under load, and the per-leader
 * load the producer measures from its queues.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopicInfo } from '../../../../src/cluster/metadata-cache.js';
import { LeaderLoad } from '../../../../src/producer/leader-load.js';
import { PartitionQueue } from '../../../../src/producer/partition-queue.js';
import { adaptiveChoice } from '../../../../src/producer/partitioners/adaptive-choice.js';
import { StickyPartitioner } from '../../../../src/producer/partitioners/index.js';
import { ProducerBatch } from '../../../../src/producer/producer-batch.js';
import { seeded } from '../../../support/seeded-random.js';

describe('adaptiveChoice', () => {
  it('maps draws through the cumulative table of maxLoad + 1 - load', () => {
    // Loads 0 3 1 -> weights 4 1 3 -> running sums 4 5 8: draws 0-3 -> p10, 4 -> p11, 5-7 -> p12.
    const picks = Array.from({ length: 8 }, (_, k) => adaptiveChoice([10, 11, 12], [0, 3, 1], (k + 0.5) / 8));
    assert.deepEqual(picks, [10, 10, 10, 10, 11, 12, 12, 12]);
  });

  it('says nothing when every leader is equally loaded (the caller picks uniformly)', () => {
    assert.equal(adaptiveChoice([0, 1, 2], [2, 2, 2], 0.3), undefined);
    assert.equal(adaptiveChoice([0, 1], [0, 0], 0.9), undefined);
  });

  it('never picks an unavailable leader while another is available', () => {
    for (let k = 0; k < 20; k++) assert.equal(adaptiveChoice([0, 1, 2], [-1, 0, -1], k / 20), 1);
    const seen = new Set<number | undefined>();
    for (let k = 0; k < 40; k++) seen.add(adaptiveChoice([0, 1, 2], [5, -1, 5], k / 40));
    assert.deepEqual([...seen].sort(), [0, 2]);
    assert.equal(adaptiveChoice([0, 1], [-1, -1], 0.5), undefined);
  });
});

describe('StickyPartitioner with a load source', () => {
  const input = { topic: 't', key: null, value: null, partitionCount: 4, availablePartitions: [0, 1, 2, 3] };

  function switches(loads: number[], n: number): number[] {
    const counts = [0, 0, 0, 0];
    const p = new StickyPartitioner(100, seeded(7), {
      leaderLoad: (_t, partition) => loads[partition] as number,
    });
    for (let i = 0; i < n; i++) {
      const partition = p.partition(input);
      counts[partition] = (counts[partition] ?? 0) + 1;
      p.onAppend('t', partition, 100); // a full batch: switch
    }
    return counts;
  }

  it('gives the partition of a loaded leader fewer switches, in proportion to maxLoad + 1 - load', () => {
    // Loads 0 4 0 0 -> weights 5 1 5 5: partition 1 expected 1/16 of the switches, the others 5/16.
    const counts = switches([0, 4, 0, 0], 16_000);
    assert.ok(counts[1]! > 600 && counts[1]! < 1400, `partition 1: ${counts[1]}`);
    for (const i of [0, 2, 3])
      assert.ok(counts[i]! > 4400 && counts[i]! < 5600, `partition ${i}: ${counts[i]}`);
  });

  it('is uniform when the leaders are equally loaded', () => {
    const counts = switches([3, 3, 3, 3], 8000);
    for (const c of counts) assert.ok(c > 1600 && c < 2400, String(counts));
  });
});

describe('LeaderLoad', () => {
  const topic = (leaders: number[]): TopicInfo => ({
    name: 't',
    topicId: '00000000-0000-0000-0000-000000000000',
    isInternal: false,
    partitions: leaders.map((leaderId, partition) => ({
      topic: 't',
      partition,
      leaderId,
      leaderEpoch: 0,
      replicas: [leaderId],
      isr: [leaderId],
      offlineReplicas: [],
      errorCode: 0,
    })),
  });

  function queue(partition: number, batchBytes: number[], createdAt: number): PartitionQueue {
    const q = new PartitionQueue('t', partition);
    for (const bytes of batchBytes) {
      // One record whose batch comes to about `bytes` (header and record overhead ~70).
      const b = new ProducerBatch('t', partition, createdAt);
      b.append(
        { key: null, value: Buffer.alloc(bytes - 70), timestamp: 0 },
        bytes,
        { delivered() {}, failed() {} },
        0,
      );
      q.batches.push(b);
    }
    return q;
  }

  it('sums the queued bytes of the partitions a broker leads, in whole batches', () => {
    const now = Date.now();
    // Partitions 0 and 2 led by broker 0, 1 by broker 1, 3 by broker 2 (nothing queued).
    const queues = [queue(0, [1000, 1000], now), queue(2, [500], now), queue(1, [100], now)];
    const load = new LeaderLoad(
      () => queues,
      { cachedTopic: () => topic([0, 1, 0, 2]) },
      {
        batchSize: 1000,
        lingerMs: 5,
        partitionerAvailabilityTimeoutMs: 0,
      },
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((p) => load.leaderLoad('t', p)),
      [3, 1, 3, 0],
    );
  });

  it('marks a leader unavailable when a batch has waited ready past partitionerAvailabilityTimeoutMs', () => {
    const now = Date.now();
    const queues = [queue(0, [100], now - 10_000), queue(1, [100], now)];
    const load = new LeaderLoad(
      () => queues,
      { cachedTopic: () => topic([0, 1]) },
      {
        batchSize: 1000,
        lingerMs: 5,
        partitionerAvailabilityTimeoutMs: 1000,
      },
    );
    assert.deepEqual(
      [0, 1].map((p) => load.leaderLoad('t', p)),
      [-1, 1],
    );
  });
});
