/**
 * Log lines of a group rebalance on a real Kafka 4.x broker: two kafe members
 * (cooperative-sticky, the default) each log what they were assigned and what they gave up,
 * with group, member id and generation matching what the members report, one line per change
 * and none per record.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Kafka } from '../../../src/kafka.js';
import { CapturedLog } from '../../support/captured-log.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, kafkaUnderTest } from '../cluster-under-test.js';
import { freshTopicAndGroup } from '../group-checks.js';

describe('log lines of a rebalance on a Kafka 4.x broker', () => {
  const brokers = clusterUnderTest().bootstrapFor('plaintext').split(',');
  const admin = kafkaUnderTest({ clientId: 'kafe-logging-admin' });

  it('assigned, revoked and assigned again, with group, member and generation', async () => {
    const { topic, groupId } = await freshTopicAndGroup(admin, 'logged', 2);
    const producer = admin.producer();
    await producer.sendBatch(
      Array.from({ length: 100 }, (_, i) => ({ topic, partition: i % 2, value: `${i}` })),
    );
    await producer.close();
    const logs = { a: new CapturedLog(), b: new CapturedLog() };
    const clients = {
      a: new Kafka({ brokers, clientId: 'member-a', logger: logs.a }),
      b: new Kafka({ brokers, clientId: 'member-b', logger: logs.b }),
    };
    let processed = 0;
    const start = (name: 'a' | 'b') => {
      const c = clients[name].consumer({
        groupId,
        autoOffsetReset: 'earliest',
        heartbeatIntervalMs: 500,
        sessionTimeoutMs: 10_000,
      });
      c.subscribe([topic]);
      void c.run({
        eachMessage: () => {
          processed++;
        },
      });
      return c;
    };
    try {
      const a = start('a');
      await until(
        'a assigned both partitions',
        () => logs.a.find('partitions assigned').length === 1,
        brokerWait,
      );
      await until('the records processed', () => processed >= 100, brokerWait);
      const first = logs.a.find('partitions assigned')[0]!;
      assert.deepEqual(first.fields.partitions, { [topic]: [0, 1] });
      assert.equal(first.fields.clientId, 'member-a');
      assert.equal(first.fields.group, groupId);
      const b = start('b');
      await until(
        'b assigned a partition',
        () => logs.b.find('partitions assigned').length === 1,
        brokerWait,
      );
      await until('a gave one up', () => logs.a.find('partitions revoked').length === 1, brokerWait);
      const revoked = logs.a.find('partitions revoked')[0]!;
      const given = revoked.fields.partitions as Record<string, number[]>;
      assert.equal(given[topic]?.length, 1, logs.a.text());
      assert.equal(revoked.fields.memberId, a.groupMember.memberId);
      const toB = logs.b.find('partitions assigned')[0]!;
      assert.deepEqual(toB.fields.partitions, given, 'b got what a gave');
      assert.equal(toB.fields.memberId, b.groupMember.memberId);
      assert.equal(toB.fields.generation, b.groupMember.generationId);
      for (const log of [logs.a, logs.b]) {
        assert.ok(log.lines.length < 40, `one line per event, none per record:\n${log.text()}`);
        assert.equal(log.lines.filter((l) => l.level === 'error').length, 0, log.text());
      }
    } finally {
      await Promise.all([clients.a.close(), clients.b.close()]);
    }
    assert.equal(logs.a.find('consumer closed').length, 1, logs.a.text());
  });
});
