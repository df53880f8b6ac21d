/**
 * Exactly-once under fire (issue 12) at a size that fits the suite; `scripts/soak-exactly-once.ts`
 * runs it with 1,000,000 records. A pipeline of two processes copies 20,000 records
 * transactionally while the transaction coordinator's broker and a partition leader are killed
 * (-9) and restarted and one pipeline process is killed twice and started again: a read_committed
 * reader finds every record exactly once, and the group's offsets are at the end of the input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterUnderTest, kafkaUnderTest } from '../cluster-under-test.js';
import { exactlyOnceUnderFire } from '../exactly-once-under-fire.js';

describe('exactly-once pipeline under fire (3 brokers, RF 3, min.insync.replicas 2)', () => {
  const cluster = clusterUnderTest();
  const kafka = kafkaUnderTest({ clientId: 'kafe-eos-under-fire', requestTimeoutMs: 10_000 });

  it('20,000 records, each exactly once in the read_committed output, through broker and process kills', {
    timeout: 400_000,
  }, async () => {
    const result = await exactlyOnceUnderFire(cluster, kafka, {
      records: 20_000,
      // ~40 s for the two members at this pace: longer than the faults take.
      pacedPerSecond: 250,
      log: (line) => console.log(`# ${line}`),
    });
    console.log(`# ${JSON.stringify(result)}`);
    assert.deepEqual(result.problems, []);
    assert.equal(result.faults.length, 4, 'coordinator kill, leader kill, two process kills');
    assert.ok(
      result.committedAfterFaults < result.records,
      'the pipeline was still working when the faults ended',
    );
    assert.equal(result.missing, 0, 'no input record missing from the output');
    assert.equal(result.duplicates, 0, 'no input record twice in the output');
    assert.equal(result.foreign, 0);
    assert.equal(result.offsetsNotAtEnd, 0, "the group's offsets are at the end of the input");
  });
});
