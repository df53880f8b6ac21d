/**
 * `run({ eachMessage })` lets go of a partition after the record in hand, not at the end of its
 * chunk (up to `maxPartitionBytes` of records), when the consumer closes or the partition is
 * given up in a rebalance: a slow handler must not hold a rebalance for thousands of records.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Consumer } from '../../../src/consumer/consumer.js';
import { FakeKafka } from '../../../src/testing/index.js';
import { appendValues, clusterOf } from '../../support/fake-kafka-client.js';
import { until } from '../../support/until.js';

const RECORDS = 200;
/** A handler taking 5 ms a record: one chunk of the partition takes a second. */
const slowly = (seen: string[]) => async (r: { value: Buffer | null }) => {
  seen.push(r.value!.toString());
  await new Promise((res) => setTimeout(res, 5));
};

describe('run(): a partition is let go after the record in hand', { timeout: 60_000 }, () => {
  let fake: FakeKafka;
  before(async () => {
    fake = await FakeKafka.start({ topics: ['manual', 'group'] });
    // One batch each: a single fetch hands the whole partition out as one chunk.
    for (const topic of ['manual', 'group'])
      appendValues(
        fake,
        topic,
        0,
        Array.from({ length: RECORDS }, (_, i) => `${i}`),
      );
  });
  after(() => fake.close());

  it('close() finishes the record in hand, not the chunk; the position is the next record', async () => {
    const c = new Consumer(clusterOf(fake), { maxWaitMs: 20, retryBackoffMs: 5 }, { ownsCluster: true });
    c.assign([{ topic: 'manual', partition: 0, offset: 0n }]);
    const seen: string[] = [];
    const running = c.run({ eachMessage: slowly(seen) });
    let atClose = 0;
    try {
      await until('a few records processed', () => seen.length >= 3);
      atClose = seen.length;
    } finally {
      await c.close();
    }
    await running;
    assert.ok(seen.length <= atClose + 1, `${seen.length - atClose} records handled after close()`);
    assert.equal(c.position({ topic: 'manual', partition: 0 }), BigInt(seen.length));
  });

  it('a rebalance takes the partition after the record in hand; the next owner goes on from the commit', async () => {
    const c = new Consumer(
      clusterOf(fake),
      {
        groupId: 'let-go',
        assignors: ['range'],
        autoOffsetReset: 'earliest',
        heartbeatIntervalMs: 20,
        maxWaitMs: 20,
        retryBackoffMs: 5,
      },
      { ownsCluster: true },
    );
    const seen: string[] = [];
    let revokedAfter = -1;
    c.subscribe(['group'], {
      onRevoked: () => {
        revokedAfter = seen.length;
      },
    });
    void c.run({ eachMessage: slowly(seen) });
    try {
      await until('a few records processed', () => seen.length >= 3);
      const atRebalance = seen.length;
      fake.rebalance('let-go');
      await until('revoked', () => revokedAfter >= 0);
      // The heartbeat that learns of the rebalance comes within 20 ms: a handful of records, not
      // the rest of the 200-record chunk.
      assert.ok(revokedAfter < atRebalance + 50, `revoked after ${revokedAfter - atRebalance} more records`);
      await until('every record processed', () => new Set(seen).size === RECORDS);
      assert.equal(seen.length, RECORDS, 'a record processed twice: the revoke committed the wrong offset');
    } finally {
      await c.close();
    }
  });
});
