/**
 * A real log truncation under a consumer (KIP-320): a partition with replicas on brokers A and B
 * and `min.insync.replicas` 1. B stops; records written to A alone are read by the consumer; A
 * stops and B comes back, and `Admin#electLeaders('UNCLEAN')` makes it leader (the topic does
 * not allow unclean elections; Kafka 4.x's controller may get there first by its own unclean
 * recovery, KIP-966), so those records are gone and others are written at their offsets.
 * The consumer must notice (OffsetsForLeaderEpoch after the new leader epoch) and read the new
 * records from the divergence point: neither waiting at its old offset (skipping them) nor
 * failing. Leaves all three brokers running.
 */
import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { after, before, describe, it } from 'node:test';
import type { ConsumerRecord } from '../../../src/consumer/consumer-record.js';
import { type TruncationMessage, truncationChannelName } from '../../../src/consumer/position-validation.js';
import { clusterUnderTest, eventually, kafkaUnderTest, uniqueTopic } from '../cluster-under-test.js';

describe('log truncation after an unclean leader election (3 brokers)', () => {
  const cluster = clusterUnderTest();
  const topic = uniqueTopic('truncation');
  const messages: TruncationMessage[] = [];
  const onTruncation = (m: unknown) => messages.push(m as TruncationMessage);

  const kafka = kafkaUnderTest({ clientId: 'kafe-truncation', requestTimeoutMs: 5000 });
  before(async () => {
    diagnostics.subscribe(truncationChannelName, onTruncation);
  });
  after(async () => {
    diagnostics.unsubscribe(truncationChannelName, onTruncation);
    for (const node of cluster.status()) if (!node.running) await cluster.restartBroker(node.id);
  });

  it('the consumer reads the new leader’s records from the divergence point', {
    timeout: 90_000,
  }, async (t) => {
    (
      await kafka.admin().createTopics([
        {
          topic,
          assignments: { 0: [2, 3] },
          configs: { 'min.insync.replicas': '1', 'unclean.leader.election.enable': 'false' },
        },
      ])
    ).throwIfFailed();
    const leaderNow = async () => {
      await kafka.cluster.refreshTopics([topic]);
      return kafka.cluster.metadata.partition(topic, 0);
    };
    const a = await eventually('a leader', 60_000, async () => {
      const leader = (await leaderNow())?.leaderId ?? -1;
      return leader > 0 ? leader : undefined;
    });
    const b = a === 2 ? 3 : 2;
    const producer = kafka.producer({ acks: 1, idempotent: false, lingerMs: 0, deliveryTimeoutMs: 60_000 });
    const write = async (values: string[]) => {
      for (const v of values) await producer.send({ topic, partition: 0, value: v });
    };
    const consumer = kafka.consumer({ autoOffsetReset: 'earliest', maxWaitMs: 200, retryBackoffMs: 100 });
    consumer.assign([{ topic, partition: 0, offset: 0n }]);
    const records = consumer.records()[Symbol.asyncIterator]();
    const read = async (n: number) => {
      const out: string[] = [];
      while (out.length < n) {
        const r = await records.next();
        assert.equal(r.done, false);
        const rec = r.value as ConsumerRecord;
        out.push(`${rec.offset}:${rec.value?.toString()}`);
      }
      return out;
    };
    try {
      await write(['c0', 'c1', 'c2', 'c3', 'c4']);
      assert.deepEqual(await read(5), ['0:c0', '1:c1', '2:c2', '3:c3', '4:c4']);

      // B leaves (controlled shutdown takes it out of the ISR at once); A alone takes 3 more.
      let started = Date.now();
      await cluster.stopBroker(b);
      await write(['lost5', 'lost6', 'lost7']);
      assert.deepEqual(await read(3), ['5:lost5', '6:lost6', '7:lost7']);
      t.diagnostic(`B (${b}) stopped, 3 records on A (${a}) alone: ${Date.now() - started} ms`);

      // A leaves, B comes back: its log ends at offset 5; it is elected without being in the ISR.
      started = Date.now();
      await cluster.stopBroker(a);
      await cluster.restartBroker(b);
      // Until B is registered again its election fails (per partition); then it succeeds. Kafka
      // 4.x's controller may also recover the partition on its own once every ISR and ELR
      // replica is gone (KIP-966 unclean recovery): kafe's call then answers ELECTION_NOT_NEEDED.
      // Either way B leads with a log that ends at offset 5, which is what this test is about.
      const elections: string[] = [];
      await eventually('an unclean election of B', 60_000, async () => {
        const elected = await kafka.admin().electLeaders('UNCLEAN', [{ topic, partition: 0 }]);
        elections.push(elected.error({ topic, partition: 0 })?.code ?? 'elected');
        return (await leaderNow())?.leaderId === b || undefined;
      });
      t.diagnostic(`A stopped, B back and leader (${elections.join(' ')}): ${Date.now() - started} ms`);
      await write(['new5', 'new6', 'new7', 'new8']);

      // Not '8:new8' (waiting at the old offset would skip new5-new7), not an error.
      assert.deepEqual(await read(4), ['5:new5', '6:new6', '7:new7', '8:new8']);
      assert.equal(consumer.stats.truncations, 1);
      assert.deepEqual(
        messages.map((m) => [m.topic, m.offset, m.endOffset, m.action]),
        [[topic, 8n, 5n, 'moved']],
      );
    } finally {
      await records.return?.();
      await consumer.close();
      await producer.close();
    }
  });
});
