/**
 * What the consumer holds of compressed fetches, on a real broker: values that compress about
 * 100× used to be decompressed a whole fetch at once, so a 64 KiB prefetch bound held megabytes
 * of decompressed records. Now a chunk handed out decodes at most `prefetchBytesPerPartition`
 * plus one batch, and `metrics()` reports it (`chunk-decoded-bytes-max`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConsumerBatch } from '../../../src/consumer/consumer-record.js';
import { kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

const PREFETCH = 64 * 1024;
const SENDS = 30;
const PER_SEND = 100;
const VALUE = Buffer.alloc(1000, 'a');

/** Bytes of a batch's keys and values (what its decompressed records hold at least). */
function valueBytes(batch: ConsumerBatch['batches'][number]): number {
  let n = 0;
  for (const r of batch.records) n += (r.value?.length ?? 0) + (r.key?.length ?? 0);
  return n;
}

describe('Consumer memory with compressible values on a Kafka 4.x broker', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-consumer-memory-it' });

  for (const compression of ['lz4', 'zstd'] as const) {
    it(`${compression}: a chunk decodes at most the prefetch bound plus one batch`, async () => {
      const topic = uniqueTopic(`memory-${compression}`);
      (await kafka.admin().createTopics([{ topic, partitions: 1, replicationFactor: 1 }])).throwIfFailed();
      const producer = kafka.producer({ compression, lingerMs: 0 });
      // One send at a time: SENDS batches of about PER_SEND KB each, a few KB compressed.
      for (let i = 0; i < SENDS; i++)
        await producer.sendBatch(Array.from({ length: PER_SEND }, () => ({ topic, value: VALUE })));
      await producer.close();
      const consumer = kafka.consumer({
        autoOffsetReset: 'earliest',
        prefetchBytesPerPartition: PREFETCH,
      });
      consumer.assign([{ topic, partition: 0 }]);
      let read = 0;
      let chunks = 0;
      let largestBatch = 0;
      let largestChunk = 0;
      for await (const chunk of consumer.batches()) {
        const sizes = chunk.batches.map(valueBytes);
        const allButLast = sizes.slice(0, -1).reduce((a, b) => a + b, 0);
        assert.ok(allButLast < PREFETCH, `a chunk decoded ${allButLast} bytes before its last batch`);
        largestBatch = Math.max(largestBatch, ...sizes);
        largestChunk = Math.max(largestChunk, allButLast + sizes.at(-1)!);
        chunks++;
        read += chunk.count;
        if (read === SENDS * PER_SEND) break;
      }
      assert.ok(chunks > 1, 'every record came in one chunk: nothing was bounded');
      const m = consumer.metrics();
      const reported = m['chunk-decoded-bytes-max']!;
      assert.ok(
        reported >= largestChunk && reported < PREFETCH + 2 * largestBatch,
        `chunk-decoded-bytes-max ${reported}, largest chunk's values ${largestChunk}`,
      );
      assert.ok(m['prefetch-buffered-bytes']! < PREFETCH + 1024 * 1024, `${m['prefetch-buffered-bytes']}`);
      await consumer.close();
    });
  }
});
