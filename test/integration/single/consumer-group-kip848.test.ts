/**
 * The new consumer group protocol (KIP-848) on Kafka 4.x: a member joins and gets every
 * partition; a second member joins and the first gives up only the partitions that move
 * (incremental), records going on without being processed twice; the second leaves and the
 * first gets its partitions back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Consumer } from '../../../src/consumer/consumer.js';
import { brokerWait, until } from '../../support/until.js';
import { kafkaUnderTest } from '../cluster-under-test.js';
import { freshTopicAndGroup, ownership } from '../group-checks.js';

describe('KIP-848 consumer group on Kafka 4.x', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-kip848-it' });

  it('join, incremental reassignment when a member joins and leaves, every record once', async () => {
    const { topic, groupId } = await freshTopicAndGroup(kafka, 'kip848', 4);
    const producer = kafka.producer();
    const seen = new Map<string, number>();
    const { owned, revoked, listener } = ownership();
    const start = (name: string): Consumer => {
      const c = kafka.consumer({ groupId, groupProtocol: 'consumer', autoOffsetReset: 'earliest' });
      c.subscribe([topic], listener(name));
      void c.run({
        eachMessage: (r) => {
          const v = r.value!.toString();
          seen.set(v, (seen.get(v) ?? 0) + 1);
        },
      });
      return c;
    };
    const a = start('a');
    await until('a owns all 4 partitions', () => owned.get('a')!.size === 4, brokerWait);
    await producer.sendBatch(
      Array.from({ length: 200 }, (_, i) => ({ topic, partition: i % 4, value: `${i}` })),
    );
    await until('200 processed', () => seen.size === 200, brokerWait);
    const b = start('b');
    await until('split 2/2', () => owned.get('a')!.size === 2 && owned.get('b')!.size === 2, brokerWait);
    assert.equal(revoked.get('a')!.length, 2, 'a gave up more than the partitions that moved');
    assert.deepEqual(
      [...owned.get('a')!, ...owned.get('b')!].sort(),
      [0, 1, 2, 3].map((p) => `${topic}/${p}`),
    );
    await producer.sendBatch(
      Array.from({ length: 200 }, (_, i) => ({ topic, partition: i % 4, value: `${200 + i}` })),
    );
    await until('400 processed', () => seen.size === 400, brokerWait);
    await b.close();
    await until('a owns all 4 again', () => owned.get('a')!.size === 4, brokerWait);
    await producer.sendBatch(
      Array.from({ length: 200 }, (_, i) => ({ topic, partition: i % 4, value: `${400 + i}` })),
    );
    await until('600 processed', () => seen.size === 600, brokerWait);
    assert.deepEqual(
      [...seen.values()].filter((n) => n !== 1),
      [],
      'a record was processed twice',
    );
    assert.ok(a.groupMember.generationId > 0, 'member epoch');
    await a.close();
    await producer.close();
  });
});
