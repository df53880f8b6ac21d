/**
 * When the drain lets a batch that is not full go (issue 11, "latency without a linger tax"):
 * with `lingerMs` unset, at once if its leader has no Produce request in flight and the
 * producer holds no more than a batch's worth, else after 5 ms; with `lingerMs` set, after `lingerMs` whatever the leader does (Java's rule). The clock
 * is the `now` each drain is given: no timers, no broker.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TopicInfo } from '../../../src/cluster/metadata-cache.js';
import type { Accumulator } from '../../../src/producer/accumulator.js';
import { CompressionRatioEstimator } from '../../../src/producer/compression-ratio.js';
import { Drain } from '../../../src/producer/drain.js';
import { type ProducerOptions, resolveProducerOptions } from '../../../src/producer/options.js';
import { PartitionQueue } from '../../../src/producer/partition-queue.js';
import { ProducerBatch } from '../../../src/producer/producer-batch.js';
import { normalizeRecord, recordSizeUpperBound } from '../../../src/producer/record.js';

const created = 1_000_000;

/**
 * A drain over one partition (leader 1) holding one one-record batch created at `created`;
 * `buffered` is what the whole producer holds (default: that record).
 */
function oneBatch(options: ProducerOptions, inFlightToLeader: () => number, buffered?: number) {
  const q = new PartitionQueue('t', 0);
  const batch = new ProducerBatch('t', 0, created);
  const record = normalizeRecord({ topic: 't', value: 'v' }, 0);
  batch.append(record, recordSizeUpperBound(record), { delivered() {}, failed() {} }, 0);
  q.batches.push(batch);
  const topic = { partitions: [{ leaderId: 1 }] } as unknown as TopicInfo;
  const accumulator = {
    queues: [q],
    compressionRatios: new CompressionRatioEstimator(),
    recordBytes: buffered ?? batch.recordBytes,
  };
  return new Drain(
    resolveProducerOptions({ acks: 1, ...options }),
    { cachedTopic: () => topic },
    accumulator as unknown as Accumulator,
    undefined,
    { inFlightTo: inFlightToLeader, expire: () => {} },
  );
}

describe('the drain and linger', () => {
  it('lingerMs unset: a batch goes at once while its leader has nothing in flight', () => {
    const result = oneBatch({}, () => 0).drain(created, false);
    assert.deepEqual(
      result.drains.map((d) => [d.nodeId, d.batches.length]),
      [[1, 1]],
    );
  });

  it('lingerMs unset: while a request to its leader is in flight, a batch waits 5 ms for more', () => {
    let inFlight = 1;
    const drain = oneBatch({}, () => inFlight);
    const waiting = drain.drain(created, false);
    assert.equal(waiting.drains.length, 0);
    assert.equal(waiting.nextWake, created + 5);
    // The answer came back before the 5 ms: the leader is idle, the batch goes.
    inFlight = 0;
    assert.equal(drain.drain(created + 1, false).drains.length, 1);
  });

  it('lingerMs unset: under load (more than a batch waiting in the producer) a batch waits 5 ms to fill', () => {
    const drain = oneBatch({}, () => 0, 16_385);
    const waiting = drain.drain(created, false);
    assert.equal(waiting.drains.length, 0);
    assert.equal(waiting.nextWake, created + 5);
  });

  it('lingerMs set: a batch waits lingerMs even when its leader is idle, as in Java', () => {
    const drain = oneBatch({ lingerMs: 20 }, () => 0);
    const waiting = drain.drain(created + 19, false);
    assert.equal(waiting.drains.length, 0);
    assert.equal(waiting.nextWake, created + 20);
    assert.equal(drain.drain(created + 20, false).drains.length, 1);
  });

  it('a flush sends at once whatever the linger', () => {
    assert.equal(oneBatch({ lingerMs: 1000 }, () => 3).drain(created, true).drains.length, 1);
  });
});
