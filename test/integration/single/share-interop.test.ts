/**
 * Interop: Java's `KafkaShareConsumer` (Kafka's `kafka-console-share-consumer.sh`) and kafe's
 * share consumer in one share group split one partition's records between them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runKafkaTool } from '../../../harness/java-tools.js';
import type { ShareRecord } from '../../../src/share/share-record.js';
import { brokerWait, until } from '../../support/until.js';
import { clusterUnderTest, kafkaUnderTest } from '../cluster-under-test.js';
import { shareFixture } from '../share-checks.js';

describe('kafe and Java share consumers in one share group', () => {
  const kafka = kafkaUnderTest({ clientId: 'kafe-share-interop' });

  it('split the records of one partition: each gets some, together all', async () => {
    const cluster = clusterUnderTest();
    const held = 10;
    const { topic, groupId, values } = await shareFixture(kafka, 'share-interop', 60);
    // kafe acquires exactly `held` records (record_limit) and holds them while Java reads: the
    // broker must hand the rest to the Java member, whatever the two processes' speeds.
    const kafeValues: string[] = [];
    let entered = false;
    let letGo!: () => void;
    const javaDone = new Promise<void>((resolve) => (letGo = resolve));
    const c = kafka.shareConsumer({ groupId, maxPollRecords: held, shareAcquireMode: 'record_limit' });
    c.subscribe([topic]);
    const run = c.run({
      eachRecord: async (r: ShareRecord) => {
        entered = true;
        await javaDone;
        kafeValues.push(r.value!.toString());
      },
    });
    await until('kafe acquired its records', () => entered, brokerWait);
    const java = await runKafkaTool(
      cluster,
      'console-share-consumer',
      [
        '--bootstrap-server',
        cluster.bootstrapFor('plaintext'),
        '--topic',
        topic,
        '--group',
        groupId,
        '--max-messages',
        String(values.length - held),
        '--timeout-ms',
        '30000',
      ],
      { timeoutMs: 90_000 },
    );
    const javaValues = java.stdout.split('\n').filter((l) => l.startsWith('v'));
    letGo();
    await until(
      'every record processed by one member or the other',
      () => new Set([...kafeValues, ...javaValues]).size === values.length,
      brokerWait,
    );
    await c.close();
    await run;
    assert.ok(javaValues.length > 0, `Java read nothing:\n${java.stderr}`);
    assert.ok(kafeValues.length >= held, `kafe processed ${kafeValues.length}`);
    assert.deepEqual([...new Set([...kafeValues, ...javaValues])].sort(), [...values].sort());
  });
});
